"""Every model parameter, declared once: default, unit, plausible range, meaning, source.

Validation, dashboard sliders, sweep ranges, scenario checks and the parameter table in
docs/model.md are all generated from ``PARAMETERS``. Model time unit: one hour.

A value may be a float (one host) or a numpy array of shape ``(n_hosts,)`` (a cohort);
the physiology broadcasts over either.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import numpy as np

from .core.errors import UserInputError, close_names

# Kinds of evidence behind a parameter (shown in the docs and the dashboard's rule panel).
EVIDENCE_KINDS = ("human", "animal", "in_vitro", "hypothesis", "convention", "calibrated")

GUILDS = ("lactobacillus", "bifidobacterium", "butyrate_producers", "bacteroides", "pathobionts")


@dataclass(frozen=True)
class ParamSpec:
    """One parameter's declaration."""

    name: str
    default: float
    unit: str
    low: float
    high: float
    description: str
    source: str
    evidence: str = "human"
    group: str = "host"
    integer: bool = False
    set_by: str = ""  # the intervention type that sets this parameter while it acts (its field of the same name)

    def check(self, value: object, where: str | None = None) -> float:
        """Return ``value`` as a float (or int) within range, or raise a one-line error."""
        if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
            raise UserInputError(
                f"{self.name} must be a number in [{self.low:g}, {self.high:g}] {self.unit}, "
                f"got {type(value).__name__} {value!r}",
                where=where,
            )
        v = float(value)
        if not math.isfinite(v) or v < self.low or v > self.high:
            raise UserInputError(
                f"{self.name}={value!r} is out of range; allowed [{self.low:g}, {self.high:g}] {self.unit}",
                where=where,
            )
        if self.integer:
            if v != int(v):
                raise UserInputError(f"{self.name} must be a whole number, got {value!r}", where=where)
            return int(v)
        return v


_SPECS: list[ParamSpec] = []


def _p(name, default, unit, low, high, description, source, evidence="human", group="host", integer=False, set_by=""):
    _SPECS.append(
        ParamSpec(name, default, unit, low, high, description, source, evidence, group, integer, set_by)
    )


# --------------------------------------------------------------------------- gut structure
G = "gut structure"
_p("grid_length_cells", 40, "cells", 10, 200, "lumen grid cells along the colon, proximal to distal", "model resolution", "convention", G, True)
_p("grid_width_cells", 10, "cells", 4, 60, "lumen grid cells from the mucosa (y=0) to the lumen centre", "model resolution", "convention", G, True)
_p("colonies_target", 5000, "colonies", 200, 200000, "colony super-individuals representing the healthy community; sets CFU per colony", "model resolution", "convention", G, True)
_p("colon_bacteria_cfu", 3.8e13, "CFU", 1e13, 1e14, "bacteria in the colon of a reference adult", "Sender, Fuchs & Milo 2016 PLoS Biol: 3.8e13", "human", G)
_p("colon_content_volume_l", 0.4, "L", 0.2, 1.0, "volume of colonic content", "Sender 2016: ~0.4 L", "human", G)
_p("body_mass_kg", 70.0, "kg", 0.015, 150.0, "body mass: with colon_content_ml_per_kg, the colon a swallowed dose is diluted in. The gut is simulated at the reference adult's size (colon_content_volume_l, colon_bacteria_cfu) and in concentrations; a product's CFU and contaminants reach it times (70 kg x 5.7 mL/kg) / (this mass x this host's content per kg), so a fixed dose is that much denser at a small animal's mucosa", "reference adult 70 kg (ICRP 89); laboratory mouse ~25 g (rodent profile: adult C57BL/6 and Swiss mice 8-16 weeks, 22-30 g, Jackson Laboratory body weight charts)", "human", G)
_p("colon_content_ml_per_kg", 5.7, "mL/kg", 1.0, 60.0, "caecal and colonic content per kg of body mass", "adult: colon_content_volume_l 0.4 L (Sender 2016) / 70 kg; mouse (rodent profile) ~20 mL/kg: McConnell 2008 J Pharm Pharmacol 60:63 (fed mouse: 0.98 mL of water in the whole gastrointestinal tract, more per kg than in man), of which about half in the caecum and colon (assumed): ~0.5 mL in 25 g", "human", G)
_p("caecum_length_fraction", 0.25, "fraction", 0.02, 0.5, "agent gut: share of the colon's length (and content), from the ileocaecal valve, that is the caecum and ascending colon, a stirred compartment: meals, doses and contaminant LPS are spread over it; each hour its mucosal row is evened out along it and its luminal rows together (one mucosal and one luminal place, as a segment of the well-mixed gut), its microbes draw on those pools, and its free colonies leave it at the share its fluid leaves, flow / its length per hour (one residence for content and microbes: this share x transit_h, 9 h at 36 h); past it content moves as a plug, each column's lumen stirred across the width (lumen.stir_fields). 0.25 is the well-mixed gut's first segment at its default 4 segments", "Cummings & Macfarlane 1991 J Appl Bacteriol 70:443 (the proximal colon works as a continuous culture where most carbohydrate is fermented); Metcalf 1987 Gastroenterology 92:40 (right-colon transit ~11 h of ~35 h, 0.32); Pritchard 2014 Neurogastroenterol Motil 26:124 (MRI: ascending colon ~200 mL of ~560 mL, 0.36); 0.25 is the low end, chosen equal to the well-mixed gut's first segment", "human", G)
_p("transit_h", 36.0, "h", 12.0, 120.0, "whole-gut transit time of a non-adherent marker (median adult)", "Degen & Phillips 1996; whole-gut transit 36 +/- 5 h, normal 12-120 h", "human", G)
_p("field_diffusion_per_h", 0.15, "1/h", 0.0, 0.24, "fraction exchanged with each neighbour cell per hour (dissolved fields; stable below 0.25)", "order of magnitude for small solutes mixed by haustral contractions", "hypothesis", G)
_p("microbe_mixing_cells_per_h", 1.0, "cells/h", 0.0, 5.0, "standard deviation of a colony's random displacement per hour", "haustral mixing; order of magnitude", "hypothesis", G)
_p("mucosal_sites_per_column", 12, "colonies", 1, 100, "room for adhered resident bacteria per column of mucosa, in colonies of the unit size (colon_bacteria_cfu / colonies_target CFU each): the mucosa's area holds bacteria, not colonies, so a colony adheres if at least half of it fits beside the CFU already there, and adhered colonies grown beyond the room are shed into the lumen (both guts)", "model resolution", "convention", G, True)
_p("mixed_gut_segments", 9, "segments", 1, 20, "well-mixed gut only: colon segments in series: the first is the agent gut's stirred caecum (caecum_length_fraction), the others share the rest of the colon equally (tanks-in-series approximation of the grid's plug flow past the caecum; 1 = one well-mixed colon)", "model resolution, calibrated to the agent-based gut (target: gutbrain compare-guts --quick, cells that agree of 462): caecum + 3 tanks 355, + 7 tanks 386, + 8 tanks 390, + 9 tanks 394 (but calibration target C2, the paired healthy probiotic effect, then leaves its range: g -0.355 against -0.35 to -0.05), + 18 tanks 374; 9 is the most that kept C2. Those counts were made while each tank passed on 1 - exp(-dt/residence) an hour and so kept content dt/(1 - exp(-dt/residence)), longer than its residence (colon transit 40.7 h at 36 h, 17.1 h at 12 h); with each tank keeping its residence (lumen.tank_outflow_share) the count hardly matters: 441 / 440 / 441 of 462 at 9 / 13 / 17 segments (branch meanfield). With hourly steps, N tanks past the caecum of T hours give a residence variance N(1-p)/p^2, p = N/T (T^2/N for continuous-time tanks: Levenspiel 1999, Chemical Reaction Engineering, 3rd ed., ch. 14), against the grid's colonies' T^3 (mixing SD)^2 / (plug length)^2 (the dispersion model's 2/Pe, ch. 13): 1.1 vs 0.8 h^2 at T = 9 h (rodent), 64 vs 22 h^2 at T = 27 h (16 segments would give 19)", "calibrated", G, True)
_p("ileal_inoculum_fraction_per_h", 0.006, "1/h", 0.0, 0.05, "fraction of the resident community re-seeded from the ileum/crypt reservoir each hour", "crypt and ileal reservoirs (Pedron 2012); order of magnitude; calibrated to C7 within the range (Shannon back to >= 90% of baseline within 8 weeks of a 7-day course in most people: Palleja 2018; Dethlefsen & Relman 2011), low enough that diet still shapes the community (0.01 masked the fibre effect on butyrate producers; 0.004 left most people below 90% at 8 weeks)", "calibrated", G)

# --------------------------------------------------------------------------- diet
G = "diet"
# the daily intakes a `diet` intervention sets while it lasts (its fields are these declarations)
_p("fibre_g_per_day", 20.0, "g/day", 0.0, 80.0, "fermentable fibre reaching the colon", "typical Western intake 15-20 g/day (Stephen 2017)", "human", G, set_by="diet")
_p("fat_g_per_day", 80.0, "g/day", 10.0, 250.0, "dietary fat; raises chylomicron-carried LPS uptake", "Erridge 2007; typical intake 70-90 g/day", "human", G, set_by="diet")
_p("sugar_g_per_day", 2.0, "g/day", 0.0, 60.0, "simple sugars escaping small-intestinal absorption", "fructose/sugar-alcohol malabsorption; order of magnitude", "hypothesis", G, set_by="diet")
_p("mucin_g_per_day", 3.0, "g/day", 0.0, 10.0, "mucin glycans secreted by the mucosa and available for fermentation", "Cummings & Macfarlane 1991: endogenous mucin 2-5 g/day reaches colonic fermentation", "human", G)
_p("tryptophan_mg_per_day", 900.0, "mg/day", 200.0, 2500.0, "dietary tryptophan", "Richard 2009: 900-1000 mg/day typical", "human", G)

# --------------------------------------------------------------------------- microbial kinetics
G = "microbial kinetics"
_p("yield_cfu_per_mmol_hexose", 2.0e11, "CFU/mmol", 2e10, 2e12, "bacteria grown per mmol hexose fermented", "derived: 20 g/day fibre sustains ~4e13 CFU at 36 h transit (Sender 2016)", "calibrated", G)
_p("monod_k_carbohydrate_mm", 2.0, "mM", 0.1, 20.0, "half-saturation constant for carbohydrate uptake", "Kettle 2015 MicroPop guild parameters, order of magnitude", "in_vitro", G)
_p("monod_k_lactate_mm", 3.0, "mM", 0.1, 20.0, "half-saturation constant for lactate cross-feeding", "Duncan 2004; Kettle 2015", "in_vitro", G)
_p("acid_inhibition_lactate_mm", 8.0, "mM", 1.0, 50.0, "luminal lactate at which acid-sensitive pathobionts grow at half rate", "Cherrington 1991; organic-acid inhibition of Enterobacteriaceae", "in_vitro", G)
_p("phage_lysis_per_h", 0.03, "1/h", 0.0, 0.5, "phage lysis of a guild at the average community density in its cell; rises with the guild's own density ('kill the winner')", "Thingstad 2000; Rodriguez-Valera 2009; Shkoporov 2019 (gut phageome)", "hypothesis", G)
_p("bacteroides_acid_half_mm", 100.0, "mM", 5.0, 100.0, "luminal lactate+butyrate (a proxy for fermentation acidity, pH ~5.5) at which Bacteroides grow at half rate", "Walker 2005 AEM; Duncan 2009 (pH 5.5 favours butyrate producers over Bacteroides)", "in_vitro", G)
_p("oxygen_half_um", 5.0, "uM", 0.5, 50.0, "oxygen at which strict anaerobes grow at half rate / facultatives get half their respiratory boost", "Rivera-Chavez 2016; Litvak 2018", "animal", G)
_p("pathobiont_oxygen_boost", 1.0, "x", 0.0, 5.0, "extra growth of pathobionts when oxygen is available (respiration)", "Byndloss 2017 Science; Litvak 2018", "animal", G)
_p("lactate_to_butyrate_mol_per_mol", 0.5, "mol/mol", 0.1, 1.0, "butyrate made per lactate cross-fed", "Duncan 2004 Br J Nutr", "in_vitro", G)
_p("fibre_to_butyrate_mol_per_mol", 0.6, "mol/mol", 0.1, 1.5, "butyrate made per hexose by butyrate producers", "Louis & Flint 2017", "in_vitro", G)
_p("lactate_per_hexose_mol_per_mol", 1.5, "mol/mol", 0.5, 2.0, "lactate made per hexose by lactobacilli and bifidobacteria", "homofermentative 2; bifid shunt ~1 (Pokusaeva 2011)", "in_vitro", G)
_p("scfa_absorption_per_h", 0.2, "1/h", 0.05, 1.0, "first-order absorption of butyrate and lactate by the colonic mucosa", "95% of SCFA absorbed (Cummings 1987)", "human", G)
_p("luminal_lps_clearance_per_h", 0.05, "1/h", 0.0, 0.5, "degradation of luminal LPS (besides transit)", "order of magnitude", "hypothesis", G)
_p("epithelial_oxygen_um", 6.0, "uM", 1.0, 100.0, "oxygen at the mucosal surface when colonocytes burn no butyrate", "Rivera-Chavez 2016; Kelly 2015", "animal", G)
_p("antibiotic_half_life_h", 8.0, "h", 1.0, 48.0, "decay of luminal antibiotic activity", "typical oral antibiotics", "human", G)
_p("gaba_per_lab_cfu", 1.0e-13, "umol/CFU/h", 0.0, 1e-11, "GABA released by lactobacilli/bifidobacteria per CFU (GABA-producing strains)", "Barrett 2012; Strandwitz 2019", "in_vitro", G)

_GUILD_TRAITS = {
    # guild: growth max 1/h, adhesion prob/h, death 1/h, antibiotic susceptibility, LPS ug/1e12 CFU/h
    "lactobacillus": (0.45, 0.30, 0.010, 1.0, 0.0),
    "bifidobacterium": (0.40, 0.30, 0.010, 1.0, 0.0),
    "butyrate_producers": (0.30, 0.25, 0.010, 1.2, 0.0),
    "bacteroides": (0.30, 0.30, 0.008, 0.6, 2.0),
    "pathobionts": (0.45, 0.35, 0.012, 0.7, 20.0),
}
for _g, (_mu, _adh, _death, _abx, _lps) in _GUILD_TRAITS.items():
    _p(f"{_g}_growth_max_per_h", _mu, "1/h", 0.05, 1.5, f"maximum specific growth rate of {_g}", "Kettle 2015 MicroPop; in vitro doubling times 1-4 h", "in_vitro", G)
    _p(f"{_g}_adhesion_per_h", _adh, "1/h", 0.0, 1.0, f"probability per hour that a {_g} colony touching the mucus adheres", "mucus-binding adhesins (Van Tassell 2011); order of magnitude", "hypothesis", G)
    _p(f"{_g}_death_per_h", _death, "1/h", 0.0, 0.2, f"background death/lysis rate of {_g}", "order of magnitude", "hypothesis", G)
    _p(f"{_g}_antibiotic_kill", _abx, "x", 0.0, 3.0, f"relative susceptibility of {_g} to a broad-spectrum antibiotic", "Dethlefsen & Relman 2011; Palleja 2018", "human", G)
    _p(f"{_g}_lps_ug_per_1e12cfu_h", _lps, "ug/(1e12 CFU h)", 0.0, 200.0, f"LPS shed by {_g} (Gram-positives shed none; Bacteroides LPS is ~100x less potent)", "d'Hennezel 2017; Vatanen 2016", "in_vitro", G)

_p("bile_reference_fat_g_per_day", 100.0, "g/day", 10.0, 250.0, "dietary fat above which extra bile acids reach the colon and inhibit bile-sensitive guilds (fat / reference - 1); at or below it, none", "bile acid output rises with dietary fat (David 2014: faecal deoxycholic acid up on the animal-based diet); the threshold is an assumption set at the upper end of usual intakes (70-100 g/day) so that ordinary intakes, MDD hosts' 80 g/day included (low mood no longer adds fat: diet_mood_feedback), leave the community nearly as it was (at 80 g/day, MDD hosts' pathobionts ran away in the agent gut: 4.1% at seed 4, tests/test_mdd_gut.py)", "hypothesis", G)
_p("bile_kill_per_h", 0.09, "1/h", 0.0, 0.2, "extra death of a fully bile-sensitive guild per unit of relative fat excess (fat / bile_reference_fat_g_per_day - 1); Gram-positive fibre fermenters are sensitive, Bacteroides and Enterobacteriaceae bile-tolerant (kinetics.BILE_SENSITIVE)", "direction: David 2014 (human, animal-based diet: bile-tolerant Alistipes, Bilophila, Bacteroides up; Roseburia, E. rectale, R. bromii down within days); Begley 2005 (Gram-negative enterics resist bile); value calibrated to C15 (130 g/day fat, 10 g fibre; seed 2026, 40 people): 0.09 gives butyrate producers x0.42, pathobionts x1.69, day-mean plasma LPS +45% (Pendyala 2012: +71%), 57.5% of people up 30% or more. Refitted from 0.07 when acute stress came to open junctions reversibly instead of damaging them (branch mast): the barrier carries less damage, so at 0.07 the rise fell from +38% to +27% (+29% with the later merges); 0.08 gives +38%. At 0.07 it had given +56% (x0.48, x1.62, 58% up 30%; branch meanfield). Was 0.04 (+33%) while the well-mixed gut held content 13% longer than its transit; with each tank keeping its residence 0.04 gives +25% (48% up 30% or more: the median sits where the people split), 0.05 +33%, 0.06 +45%", "calibrated", G)
_p("resident_mucosal_turnover_per_h", 0.005, "1/h", 0.0, 0.1, "rate at which resident colonies adhered to the mucosa are shed with the renewing epithelium and mucus, freeing their sites for whoever re-adheres (without it, a guild that took the sites while the others were killed would hold them for good)", "human colonic epithelium is renewed every 3-5 days (van der Flier & Clevers 2009, Annu Rev Physiol; 0.008-0.014/h if colony tenure were epithelial tenure, an assumption); value calibrated to C7 and C16 (0.005/h: mean tenure ~8 days; 0.01/h brought Shannon back too early for C7, 0 kept butyrate producers displaced and HAM-D raised after a course)", "calibrated", G)
_p("refuge_antibiotic_exposure", 0.2, "fraction", 0.0, 1.0, "killing felt by the crypt/ileal seed bank relative to the lumen during an antibiotic course (the refuge is reached by far less drug than the lumen, but not spared)", "direction: the seed bank is depleted too, which is why recovery takes weeks (Dethlefsen & Relman 2011; Palleja 2018: near-baseline composition after ~1.5 months); value calibrated to C7 on the agent gut whose colonies carry their guild's taxa and whose resistant colonies are single strains (seed 2026, 4 people: fall by day 4 0.81, 0.26 / 0.55 of baseline 3 / 7 days after the last dose, 8 weeks 0.969 / 0.859 / 0.997 / 0.946; 0.05 left no one below 0.985 at 8 weeks, 0.1 one at 0.968). Was 0.05 while colonies were single taxa and within-guild drift lost taxa (then 0.2 lost butyrate producers in half the people). With each colony carrying its resistant CFU as a share of all its taxa C7 was not met at any value (0.2 / 0.5 / 1.0: fall by day 4 0.197 / 0.188 / 0.207, 8 weeks >= 0.97 in all 4); kept at 0.2, with which C7 passes since the resistant part is the carrier taxa (resistance_carrier_taxa_per_guild 2): fall 0.679, 0.412 / 0.579 of baseline 3 / 7 days after, 8 weeks 0.986 / 0.971 / 0.978 / 0.956", "calibrated", G)
_p("refuge_refill_per_day", 0.08, "1/day", 0.0, 1.0, "re-stocking of a depleted crypt/ileal seed bank toward its usual size (recolonisation from the resident community and from what is eaten)", "Palleja 2018 (most species back after ~1.5 months, some lost at 6 months) and Dethlefsen & Relman 2011 (recovery over weeks, incomplete); time constant ~12 days calibrated to C7 (>= 90% of baseline Shannon by 8 weeks in most people, below 90% 3-7 days after the course, incomplete in some; seed 2026, 4 people: 0.768 / 0.826 of baseline 3 / 7 days after, 8 weeks 0.921-1.002) and C16 (bloom 9.3x, HAM-D -0.08 points at 4 weeks). Was 0.12 (~8 days) until the agent gut's lumen was stirred across each column, with which 0.12 gave 0.916 of baseline 7 days after and no one below 0.97 at 8 weeks", "calibrated", G)
_p("refuge_fade_per_day", 0.85, "x/day", 0.0, 1.0, "fraction of a taxon's crypt/ileal seed bank left after a day once the taxon is gone from the gut (nothing re-stocks it, and its cells die or wash out; refuge_refill_per_day re-stocks only the taxa still present)", "direction: a seed bank not fed by a resident population shrinks (Palleja 2018 Nat Microbiol; Dethlefsen & Relman 2011 PNAS: taxa lost after a course return slowly or not at all); value an assumption (half-life ln 2 / -ln 0.85 = 4.3 days), kept since it was written as a literal in community.refuge_day", "hypothesis", G)
_p("refuge_loss_fraction", 0.02, "fraction", 0.0, 0.5, "a taxon gone from the gut whose crypt/ileal seed bank falls below this fraction of its usual size is lost from the seed bank too: it sends no more seeds and comes back only by environmental immigration (environmental_immigration_per_day); a taxon still in the gut keeps its seed bank however small", "direction: species lost for months after a short broad course (Palleja 2018 Nat Microbiol: 9 common species, present in all 12 subjects before, undetectable in most 180 days after a 4-day cocktail; Dethlefsen & Relman 2011 PNAS: return often incomplete); value calibrated to C7 (incomplete in some; seed 2026, agent gut): 4 people 8-week Shannon 0.962-1.018 of baseline, 3/7 days after the course 0.844/0.844; 10 people 0.911-1.018, 10/10 >= 90%, 0.849/0.888 (0.05: 0.911 7 days after, fails; without the rule, 0: 0.98-1.004, no one incomplete)", "calibrated", G)
_p("environmental_immigration_per_day", 0.01, "colonies/day", 0.0, 1.0, "seed colonies (half a unit colony each) of a taxon lost from both the gut and its seed bank (refuge_loss_fraction) that arrive from outside the body (food, other people) per day, into the caecum (both guts: Poisson counts from each person's own stream)", "order of magnitude from Palleja 2018 Nat Microbiol (9 lost species still undetectable in most of 12 subjects at 180 days: successful returns slower than ln 2 / 180 days = 0.004/day; with roughly a third to a half of arrivals taking hold, at most ~0.01 arrivals a day)", "hypothesis", G)
_p("mucosal_immune_kill_per_h", 0.15, "1/h", 0.0, 1.0, "killing of pathobionts near the mucosa by secreted IgA and antimicrobial peptides at full immune competence (secreted into the mucus, so not reduced when tight junctions open; scaled by immune_clearance)", "Palm 2014 Cell (IgA targets colitogenic Proteobacteria); Vaishnava 2011 (RegIII-gamma, induced by bacterial contact via MyD88); Bruno & Kaetzel 2005 (TNF raises the IgA transporter pIgR)", "animal", G)
_p("probiotic_detach_per_h", 0.005, "1/h", 0.0, 1.0, "detachment of administered probiotic strains from the outer mucus layer (transient colonisation in adults)", "calibrated to C8 with outer_mucus_flow_fraction, within the plausible range: median half-time 1.14 and 1.08 days, detectable a week after stopping in 4/48 and 3/48 people (two seed sets; Ahrne 1995: 3/17; Alander 1999)", "calibrated", G)
_p("outer_mucus_flow_fraction", 0.10, "fraction", 0.0, 1.0, "speed of the loose outer mucus layer toward the exit, as a fraction of the luminal flow; administered strains bound to it travel with it", "Johansson 2008 PNAS (colon: firm inner layer, loose outer layer moved on with the faecal stream); speed not measured: calibrated to C8 within the range", "calibrated", G)
_p("probiotic_growth_factor", 0.1, "x", 0.0, 1.0, "administered strain's growth relative to its indigenous guild (adapted to dairy and the small intestine, not the colon); low enough that it never settles for good", "Zmora 2018 (colonisation resistance to probiotics); Ahrne 1995 (strains gone within 1-2 weeks of stopping)", "human", G)
_p("resistance_transfer_per_contact_h", 1e-4, "1/h", 0.0, 0.01, "share of a colony's susceptible CFU that receives the gene per hour per unit colony (colon_bacteria_cfu / colonies_target CFU) of resistant bacteria in the other colonies of its cell: the mean of a colony taking the gene with this probability per resistant colony met", "conjugation rates in vivo, order of magnitude (Lerner 2017)", "hypothesis", G)
_p("resident_resistance_fraction", 0.02, "fraction", 0.0, 0.5, "share of each resident colony's CFU (agent gut) and of each guild (well-mixed gut) carrying a transferable resistance gene at the start", "resistance genes are common in the healthy gut resistome (Hu 2013); order of magnitude", "hypothesis", G)
_p("resistance_carrier_taxa_per_guild", 2, "taxa", 1, 8, "taxa of each guild (of 8) whose strains carry the resistance gene in a person, drawn once per person from the \"gut.carriers\" stream (the same in both guts): a colony's or a guild's resistant part is those taxa (community.resistant_mix), so a course lets them take over their guild", "direction: in people without recent antibiotics resistance to a given drug sits in a minority of the faecal flora, >= 10% of organisms in 62.5% of samples and >= 50% in about a third (Levy 1988 AAC, aerobic Gram-negatives), ampicillin resistance in 60% of aerobic isolates (Shanahan 1994); value (a quarter of the taxa) calibrated to C7 (seed 2026, 4 people, agent gut): 2 gives a fall by day 4 of 0.679, 0.412 / 0.579 of baseline 3 / 7 days after, 8 weeks 0.956-0.986; 3 / 4 give falls 0.537 / 0.441 but everyone >= 0.978 at 8 weeks (no incomplete recovery: C7 fails)", "calibrated", G)
_p("resistance_fitness_cost", 0.05, "fraction", 0.0, 0.3, "growth cost of carrying a resistance gene", "Andersson & Hughes 2010", "in_vitro", G)

# --------------------------------------------------------------------------- barrier
G = "barrier"
_p("barrier_repair_per_h", 0.03, "1/h", 0.001, 0.2, "tight-junction repair rate at full butyrate support", "epithelial turnover 3-5 days (Barker 2014)", "human", G)
_p("butyrate_repair_half_mm", 5.0, "mM", 0.5, 30.0, "mucosal butyrate giving half of the butyrate repair support", "Peng 2009 J Nutr (Caco-2 TEER)", "in_vitro", G)
_p("barrier_damage_lps_per_h", 0.0015, "1/h per ug/mL", 0.0, 0.05, "tight-junction damage by luminal LPS at the mucosa", "Guo 2013 (TLR4-dependent TJ opening)", "in_vitro", G)
_p("barrier_damage_pathobiont_per_h", 0.004, "1/h", 0.0, 0.1, "damage by pathobiont contact at reference density", "Chassaing 2014; adherent-invasive E. coli", "animal", G)
_p("barrier_damage_tnf_per_h", 0.002, "1/h per 10 pg/mL", 0.0, 0.05, "damage by plasma TNF", "Ma 2004 (TNF opens TJ via MLCK)", "in_vitro", G)
_p("barrier_damage_cortisol_per_h", 0.012, "1/h", 0.0, 0.05, "damage by cortisol above its healthy daily mean (per 100% excess)", "Vanuytsel 2014 Gut (public-speaking stress and CRH raised small-intestinal L/M in healthy volunteers); chronic link only (the acute path of Vanuytsel 2014 is the CRH/mast-cell drive, mast_cell_barrier_gain); calibrated to C1-C2 within the range (the MDD profile's leakier barrier: HPA hyperactivity, cortisol +20-40%, raises L/M by about half)", "calibrated", G)
_p("probiotic_tj_repair_gain", 8.0, "x own repair rate", 0.0, 20.0, "extra tight-junction repair at a mucosal site where administered strains hold their adhesion places at saturating contact: gain x contact x own x injury / (own + injury), own = the site's own repair rate, injury = the share of the damage beyond the everyday wear of a healthy barrier (gut.epithelium.everyday_wear) (TLR2 -> ZO-1/occludin back to junctions that injury is opening: the strains mend in proportion to the injury under way, bounded by the epithelium's own repair machinery, so a leaky, inflamed gut gains and a barrier at the healthy L/M does not)", "Karczewski 2010 Am J Physiol (human duodenum: L. plantarum WCFS1 raised ZO-1 and occludin at tight junctions within 6 h; TLR2-dependent; direction and timing, no rate); Cario 2004 Gastroenterology (TLR2 signalling preserves ZO-1-associated barrier integrity against injury, in vitro); its strength calibrated to C1_probiotic_mdd (8, when it acted on all damage: paired MDD estimate, 40 people, seed 7, HAM-D -0.88, g -0.14; replicate trials seed 2029, 8 x 150 per arm, median g -0.17), not re-tuned when its action was restricted to injury beyond everyday wear (issue #14, C2): paired 30 people, seed 7, MDD HAM-D -1.46 -> -1.07 (g -0.20 -> -0.15, with fat no longer raised by low mood), healthy -0.73 -> -0.37 (g -0.34 -> -0.13, with the healthy trait spread of population norms)", "calibrated", G)
_p("probiotic_tj_half_occupancy", 2.5e-3, "fraction of adhesion places", 1e-6, 0.1, "share of a site's mucosal adhesion places held by administered strains at which their tight-junction action is half-maximal (the local dose-response: contact saturates, CFU swallowed do not)", "no human measure; calibrated to C1_probiotic_mdd: set first (5e-5) where the well-mixed gut made the strains compete with the residents for the adhesion sites, so its strains held ~3-8e-5 of the places in MDD at 1e10 CFU/day (contact 0.4-0.6 of its maximum, ~0.1 at 1e9); since the strains bind the outer mucus without taking a site, as in the agent gut (issue #13), they hold ~50 times more (MDD, 8 people, seed 7, day 14: 2-4e-3 at 1e10, 2-4e-4 at 1e9), and the value was scaled with them so that contact keeps those levels (0.4-0.6 at 1e10, ~0.1 at 1e9) and the dose-response its shape; at 5e-5 every site saturated (contact 0.98 at 1e10 in the well-mixed gut, where the agent gut, whose strain colonies hold 8e-3 of a column each but reach 40% of the columns, had 0.38)", "calibrated", G)
_p("mucus_erosion_per_h", 0.01, "1/h", 0.0, 0.1, "mucus foraging by bacteroides when fibre is scarce", "Desai 2016 Cell (fibre-deprived microbiota erodes mucus)", "animal", G)
_p("mucus_renewal_per_h", 0.03, "1/h", 0.001, 0.2, "mucus secretion by goblet cells", "Johansson 2008: inner mucus renewed in ~1 h in mice; slower net", "animal", G)
_p("lm_ratio_sealed", 0.012, "ratio", 0.005, 0.03, "lactulose/mannitol ratio of a fully sealed barrier", "healthy L/M ~0.03 (Vanuytsel 2014)", "human", G)
_p("lm_ratio_per_integrity_loss", 0.15, "ratio", 0.05, 0.5, "rise of L/M ratio per unit lost tight-junction integrity", "L/M 0.1-0.2 in active IBD", "human", G)
_p("healthy_lm_ratio", 0.03, "ratio", 0.01, 0.06, "lactulose/mannitol ratio of the healthy reference person: the reference the dashboard's causal chain compares a person's leak with (healthy = 1x), and the everyday wear of a healthy barrier that administered strains do not mend (gut.epithelium.everyday_wear: their junction repair acts on damage beyond it)", "Vanuytsel 2014 Gut: small-intestinal L/M 0.030 at rest in healthy volunteers", "human", G)

# --------------------------------------------------------------------------- blood and immunity
G = "blood and immunity"
_p("lps_translocation_pg_per_h", 1.7e5, "pg/h per (ug/mL x leak)", 1e2, 1e6, "LPS flux into blood per unit luminal LPS per unit barrier leak", "calibrated to C6: healthy fasting plasma endotoxin median ~8 pg/mL (Erridge 2007: 8.2 pg/mL, IQR 3.4-13.5)", "calibrated", G)
_p("healthy_plasma_lps_pg_per_ml", 8.0, "pg/mL", 3.0, 14.0, "fasting plasma endotoxin of the healthy reference person: the value lps_translocation_pg_per_h is calibrated to, every person's starting plasma LPS (the warm-up then settles it), the reference the dashboard's causal chain compares a person's plasma LPS with (healthy = 1x), and the gut endotoxin already contained in the basal TNF and IL-6 (tnf_basal_pg_per_ml, il6_basal_pg_per_ml: TLR4 is driven by gut-derived LPS beyond it, immune.advance_immunity)", "Erridge 2007 Am J Clin Nutr: 8.2 pg/mL (IQR 3.4-13.5) in healthy men; calibration target C6 (5-12 pg/mL)", "human", G)
_p("plasma_volume_ml", 3000.0, "mL", 1500.0, 4000.0, "plasma volume (adult); the rodent profile keeps it: the blood, like the gut, is simulated per reference adult body (body_mass_kg; hosts.toml [rodent])", "standard physiology", "human", G)
_p("plasma_lps_half_life_h", 2.0, "h", 0.2, 8.0, "plasma LPS clearance (liver Kupffer cells)", "Erridge 2007 (back to baseline within hours)", "human", G)
_p("fat_lps_uptake_per_g", 0.009, "1/g", 0.0, 0.1, "extra chylomicron LPS uptake per g fat in a meal, over ~4 h", "Ghoshal 2009; Erridge 2007 (+50% after a high-fat meal); calibrated to C6 within the range", "calibrated", G)
_p("iv_lps_half_life_h", 1.0, "h", 0.1, 4.0, "effective half-life of the activity of free endotoxin given intravenously (hepatic uptake, binding to lipoproteins and LBP)", "cleared within hours of a bolus (van Deventer 1990); calibrated to C13 within the range: TNF peaks 1-2 h after the bolus and is back near baseline by 6 h (Suffredini 1999; Dillingh 2014)", "calibrated", G)
_p("free_lps_potency", 6.0, "x bound LPS", 1.0, 100.0, "TLR4 activity of a pg of free (intravenous) endotoxin relative to a pg of gut-derived, mostly lipoprotein-bound endotoxin", "plasma lipoproteins neutralise most LPS activity (Levine 1993 PNAS; Read 1993); calibrated to C13 within the range: 0.8 ng/kg gives about 5-fold TNF and 10-fold IL-6 (UCLA endotoxin trials, Moieni 2015), with the monocyte switch giving the rest (was 12 before the switch)", "calibrated", G)
_p("tnf_basal_pg_per_ml", 1.5, "pg/mL", 0.2, 10.0, "plasma TNF of a healthy person, whose blood carries the healthy reference's gut endotoxin (healthy_plasma_lps_pg_per_ml): gut-derived LPS adds TNF only beyond that reference, an IV bolus on top of it", "healthy range 1-3 pg/mL (the healthy profile: median 1.6 pg/mL; 2.2 when the healthy gut's endotoxin was added on top of this healthy value)", "human", G)
_p("tnf_max_pg_per_ml", 900.0, "pg/mL", 50.0, 3000.0, "scale of the graded TLR4 response: TNF at saturating bound-LPS equivalents (gut-derived LPS, and the graded part of an IV bolus); with tnf_lps_ec50_pg_per_ml it sets the slope of the gut path (0.075 pg/mL TNF per pg/mL LPS)", "not a measured maximum: set with tnf_lps_ec50_pg_per_ml to the gut link (C6; see there). The measured human maximum is the monocyte switch's (tnf_switch_max_pg_per_ml: 5,665 +/- 1,910 pg/mL at 4 ng/kg, Eur J Intern Med 2000); the source cited before, 'Suffredini 1999: 500-1000 pg/mL at 2-4 ng/kg', could not be verified and is 6x below that figure", "calibrated", G)
_p("tnf_switch_max_pg_per_ml", 7000.0, "pg/mL", 3000.0, 15000.0, "TNF when free LPS has switched on every blood monocyte (the all-or-none response of the monocyte switch at its full)", "Eur J Intern Med 2000 (PMID 10745152): 4 ng/kg gave a TNF peak of 5,665 +/- 1,910 pg/mL at 2 h in 6 healthy men; set a little above it, as the switch is near full at 4 ng/kg (reproduced: gutbrain calibrate --sources, endotoxin_4ng_tnf_size)", "human", G)
_p("monocyte_switch_lps_pg_per_ml", 42.0, "pg/mL", 10.0, 500.0, "free (intravenous) plasma LPS at which half the blood monocytes are switched on", "calibrated to the dose-response of human endotoxaemia: 0.8 ng/kg a few-fold TNF (C13; Moieni 2015), IL-6 ~1,000 pg/mL 2 h after 2 ng/kg (Copeland 2005, PMC540200), TNF peak 5,665 pg/mL after 4 ng/kg (Eur J Intern Med 2000, PMID 10745152)", "calibrated", G)
_p("monocyte_switch_hill", 6.0, "dimensionless", 1.0, 8.0, "steepness (Hill exponent) of the fraction of monocytes switched on against free LPS", "single cells activate NF-kB all-or-none, fewer cells responding at lower doses (Tay 2010 Nature, PMID 20581820, TNF-stimulated cells; Kellogg 2015 eLife: the stimulus sets the fraction of cells that activate); the exponent calibrated to the same three experiments as monocyte_switch_lps_pg_per_ml (human TNF rises ~600-fold from 0.8 to 4 ng/kg; the exponent on the plasma level is higher than on the dose, as the free LPS is cleared during the response)", "calibrated", G)
_p("monocyte_switch_half_life_h", 0.75, "h", 0.5, 4.0, "how long a monocyte switched on by LPS goes on making TNF after the LPS has been cleared (half-life of the switched-on fraction)", "calibrated to the time course: TNF peaks 1-2 h and IL-6 2-3 h after the bolus, both back to baseline by 4-6 h (Copeland 2005; Dillingh 2014)", "calibrated", G)
_p("tnf_lps_ec50_pg_per_ml", 12000.0, "pg/mL", 100.0, 20000.0, "plasma LPS (bound-LPS equivalents) at half-maximal graded TNF (without the monocyte switch)", "calibrated so that gut-derived endotoxin adds little to basal TNF (healthy TNF 1-3 pg/mL) and, with il6_per_tnf, ~0.17 pg/mL IL-6 per pg/mL plasma LPS above the healthy reference; with free_lps_potency it gives the graded part of the response to 0.8 ng/kg IV (C13). The steep rise to 2-4 ng/kg is the monocyte switch's (monocyte_switch_lps_pg_per_ml; before it the model gave IL-6 35 pg/mL at 2 ng/kg and TNF 54 pg/mL at 4 ng/kg)", "calibrated", G)
_p("tnf_half_life_h", 0.25, "h", 0.1, 3.0, "TNF plasma half-life", "Oliver 1993: 14-18 min (reproduced: gutbrain calibrate --sources, tnf_half_life)", "human", G)
_p("il6_basal_pg_per_ml", 1.2, "pg/mL", 0.2, 10.0, "plasma IL-6 of a healthy person at the healthy reference's gut endotoxin (healthy_plasma_lps_pg_per_ml) and everyday stress: what gut LPS beyond that reference (through TNF) and stress above everyday add comes on top", "healthy 1-2 pg/mL; Dowlati 2010 (the healthy profile: median 1.5-1.6 pg/mL; it was 2.8-3.0 when the healthy gut's endotoxin, about 1.6 pg/mL, was added on top of this healthy value)", "human", G)
_p("il6_per_bmi_unit_pg_per_ml", 0.06, "pg/mL per kg/m2", 0.0, 0.3, "rise of basal IL-6 per BMI unit above 25 (adipose tissue releases about a third of circulating IL-6); used for trial participants' drawn BMI", "Mohamed-Ali 1997 (adipose IL-6 release); Khaodhiar 2004 (IL-6 rises with BMI)", "human", G)
_p("il6_per_tnf", 2.2, "pg/pg", 0.0, 5.0, "IL-6 induced per pg/mL TNF above basal (stands for the whole TLR4 -> TNF/IL-1 -> IL-6 cascade)", "low-dose endotoxemia raises IL-6 about twice as many-fold as TNF (Moieni 2015: ~10x vs ~5x); calibrated to C13 within the range", "calibrated", G)
_p("il6_stress_pg_per_ml", 0.6, "pg/mL", 0.0, 10.0, "IL-6 added at full stress (sympathetic/adipose)", "Steptoe 2007 meta-analysis: acute psychosocial stress raises IL-6 by about +0.5 pg/mL 1-2 h later (reproduced: gutbrain calibrate --sources, stress_il6; was 1.5, which gave +1.5)", "human", G)
_p("il6_stress_full_units", 3.0, "stress units", 0.5, 10.0, "perceived stress above the everyday level at which the stress-driven IL-6 (il6_stress_pg_per_ml) is full; it rises linearly up to there", "no measurement gives this value: assumed (Steptoe 2007 gives the response to a single acute stressor, not its dose-response)", "hypothesis", G)
_p("il6_half_life_h", 1.0, "h", 0.3, 8.0, "IL-6 effective half-life in plasma (clearance plus the decline of its production)", "calibrated to the C13 time course within the range: after 0.8 ng/kg IL-6 peaks 2-3 h after the bolus and falls within hours (Eisenberger 2010; Dillingh 2014)", "calibrated", G)
_p("crp_per_il6_mg_per_l", 0.7, "(mg/L)/(pg/mL)", 0.1, 3.0, "steady-state CRP per pg/mL IL-6", "healthy CRP ~1 mg/L with IL-6 ~1.5 pg/mL", "human", G)
_p("crp_synthesis_half_life_h", 10.0, "h", 2.0, 30.0, "lag of hepatic CRP synthesis behind IL-6 (acute-phase gene induction)", "calibrated to C13 within the range: CRP peaks about 24 h after an endotoxin bolus (Neuroimmunomodulation 2023), later than the cytokines; with the 19-h plasma half-life a lag of ~10 h puts the peak near 20 h", "calibrated", G)
_p("crp_acute_phase_gain", 4.0, "x", 0.0, 20.0, "extra hepatic CRP synthesis per pg/mL of IL-6 in the acute range (above the sickness threshold), where IL-1 and IL-6 act together on the liver", "acute-phase synergy of IL-1 and IL-6 on CRP (Ganapathi 1991, in vitro); calibrated to C13 within the range (CRP clearly raised a day after 0.8 ng/kg)", "calibrated", G)
_p("crp_half_life_h", 19.0, "h", 10.0, 30.0, "CRP plasma half-life", "Pepys & Hirschfield 2003: 19 h", "human", G)
_p("crp_synthesis_capacity_mg_per_l", 400.0, "mg/L", 100.0, 500.0, "hepatic capacity for CRP: synthesis saturates toward this level (drive / (1 + drive / capacity))", "sepsis-level CRP of a few hundred mg/L (Pepys & Hirschfield 2003); order of magnitude", "human", G)
_p("sickness_il6_threshold_pg_per_ml", 6.0, "pg/mL", 2.0, 50.0, "plasma IL-6 above which acute sickness mood appears (above the low-grade range of MDD, 1-5 pg/mL)", "Reichenberg 2001; Eisenberger 2010 (mood falls with the cytokine rise of an endotoxin challenge); Dowlati 2010 (chronic IL-6 in MDD a few pg/mL)", "hypothesis", G)
_p("sickness_mood_per_il6", 0.3, "HAM-D per pg/mL", 0.0, 2.0, "acute depressed mood per pg/mL IL-6 above the sickness threshold", "Reichenberg 2001; Engler 2017 (mood worsens while IL-6 is raised); magnitude an order of magnitude (the studies use mood scales, not HAM-D)", "hypothesis", G)
_p("sickness_mood_half_life_h", 2.0, "h", 0.5, 12.0, "how fast sickness mood follows the cytokines", "Eisenberger 2010: depressed mood tracks the hourly cytokine curve and is gone within hours; Neuroimmunomodulation 2023: symptoms in the acute phase only", "human", G)
_p("sickness_anxiety_per_hamd", 0.7, "HAM-A per HAM-D", 0.0, 2.0, "acute anxiety per point of sickness mood", "Reichenberg 2001 (anxiety rose together with depressed mood after endotoxin)", "hypothesis", G)
_p("il10_per_tnf", 0.15, "pg/pg", 0.0, 1.0, "IL-10 induced per pg/mL TNF above basal (resolution)", "van der Poll 1997", "human", G)
_p("il10_half_life_h", 3.0, "h", 0.5, 12.0, "IL-10 effective half-life", "order of magnitude", "human", G)
_p("il10_half_suppression_pg_per_ml", 20.0, "pg/mL", 1.0, 200.0, "plasma IL-10 at which it halves TNF production (the brake is 1 / (1 + IL-10 / this))", "IL-10 inhibits monocyte TNF production (de Waal Malefyt 1991, in vitro: direction); no measurement gives this value: assumed", "hypothesis", G)
_p("cortisol_cytokine_suppression", 0.5, "fraction", 0.0, 0.9, "fraction of cytokine production suppressed at double the healthy cortisol mean", "glucocorticoid anti-inflammatory action", "human", G)
_p("vagal_anti_inflammatory", 0.25, "fraction", 0.0, 0.8, "fraction of TNF production suppressed at normal vagal tone (cholinergic reflex); lost after vagotomy", "Borovikova 2000 Nature; Tracey 2002", "animal", G)
_p("vagal_anti_inflammatory_max_tone", 2.0, "x healthy vagal tone", 1.0, 5.0, "vagal tone above which the cholinergic anti-inflammatory reflex brakes TNF no further", "no measurement gives this value: assumed (a saturating reflex; Tracey 2002 for the reflex itself)", "hypothesis", G)
_p("immune_clearance", 0.999, "fraction", 0.0, 1.0, "immune competence: fraction of translocated live bacteria killed before they reach the blood; also scales blood clearance (blood_clearance_per_h)", "healthy hosts clear translocated bacteria (Salminen 2002: ~0.3 bacteraemias per 1e5 per year)", "human", G)
_p("bacterial_translocation_per_cfu", 1e-12, "1/(CFU h)", 0.0, 1e-9, "chance per hour that a mucosa-adjacent bacterium crosses a fully failed barrier site", "order of magnitude (Berg 1999)", "hypothesis", G)
# bacteria in the blood and clinical bacteraemia episodes (physiology/bacteraemia.py)
_p("blood_clearance_per_h", 2.0, "1/h", 0.5, 10.0, "clearance of viable bacteria from the blood by liver Kupffer cells, splenic macrophages and neutrophils at full immune competence (times immune_clearance)", "Tomas 2007 Oral Dis: blood cultures positive in 96% 30 s after dental extraction, 64% at 15 min, 20% at 1 h (half-life of order 20 min); Rogers 1960 (bacteria vanish swiftly from the circulation, trapped in liver and spleen)", "human", G)
_p("blood_growth_per_h", 1.4, "1/h", 0.1, 3.0, "division rate in the blood of a bacterium that resisted serum killing; a lineage from one bacterium takes hold with probability max(0, 1 - blood_clearance_per_h x immune_clearance / this), so only hosts with immune_clearance below 0.7 can carry an established bacteraemia", "doubling of about 30 min, order of Enterobacteriaceae in rich media; no measurement in human blood: assumed", "hypothesis", G)
_p("blood_seed_fraction_gut", 6e-4, "fraction", 0.0, 0.01, "share of the person's own gut bacteria reaching the blood that resist complement and can found a lineage (serum-resistant, e.g. encapsulated Enterobacteriaceae)", "calibrated to ICU-acquired bloodstream infection 5-19 per 1,000 patient-days (Prowle 2011 Crit Care, citing three cohorts): the immunocompromised arm without a probiotic gives about 7 (100 people, 8 weeks, seed 1: 7.0, 39 episodes in 32 people). Refitted from 3e-4 (7.3, then 6.2) when acute stress came to open junctions reversibly instead of damaging them (branch mast): their own gut bacteria reaching the blood fell from 432,000 to 196,000 and the rate at 3e-4 to 3.2 (2.9 with the later merges); 5e-4 gives 5.5, 7e-4 8.6", "calibrated", G)
_p("blood_seed_fraction_probiotic", 0.054, "fraction", 0.0, 1.0, "share of administered-strain bacteria reaching the blood that resist complement and can found a lineage", "calibrated to Lactobacillus bacteraemia in 1.1% of ICU patients given L. rhamnosus GG, clonal with the capsule (Yelin 2019 Nat Med; one dose, no dose-response): 1.1 expected episodes per 100 immunocompromised people over 8 weeks at 1e10 CFU/day (well-mixed gut, 100 people, after a week's warm-up: the sum over people of the strain's expected crossings x take-hold probability is 20.4 per unit of this fraction at seed 1, 19.7 at seed 2). Set to 0.1 (1.8 expected) while the well-mixed gut's strains competed with residents for mucosal sites; refitted when they bind the outer mucus as in the agent gut (issue #13), which left their crossings at this dose nearly as they were (60 vs 53 expected per 100 people over 8 weeks). It is ~180x blood_seed_fraction_gut, not because a lactobacillus resists serum better than an encapsulated Enterobacteriaceae (it does not), but because it absorbs the uncertain number of strain bacteria the model lets cross: read it as crossings x survival fitted together, not as a measured survival", "calibrated", G)
_p("blood_volume_ml", 5000.0, "mL", 1.5, 7000.0, "whole-blood volume (adult)", "standard physiology (about 70 mL/kg)", "human", G)
_p("blood_culture_detection_cfu_per_ml", 0.1, "CFU/mL", 0.01, 1.0, "viable bacteria per mL of blood at which blood cultures turn positive", "a 20 mL set detects about 3 CFU; adult bacteraemia often has fewer than 1 CFU/mL (Yagupsky & Nolte 1990 Clin Microbiol Rev)", "human", G)
_p("bacteraemia_confirm_h", 6.0, "h", 1.0, 48.0, "hours cultures must stay positive before an episode is counted (a second positive set; excludes transient blips)", "clinical practice: two or more culture sets per suspected episode; the hours are assumed", "hypothesis", G)
_p("bacteraemia_resolution_h", 72.0, "h", 24.0, 168.0, "hours of negative cultures after which an episode is resolved; only then can the same person start a new episode", "clinical practice: follow-up cultures 2-4 days after the first positive document clearance; assumed", "hypothesis", G)
_p("bacteraemia_treatment_kill_per_h", 2.0, "1/h", 0.5, 10.0, "antibiotic killing of blood bacteria from an episode's onset (a positive culture is treated) until it resolves", "order of magnitude (bactericidal antibiotics clear cultures within days); assumed", "hypothesis", G)

# --------------------------------------------------------------------------- HPA axis
G = "HPA axis"
_p("cortisol_mean_nmol_per_l", 220.0, "nmol/L", 100.0, 500.0, "24-h mean plasma cortisol of a healthy unstressed adult", "Pruessner 1997; standard diurnal profile", "human", G)
_p("cortisol_circadian_amplitude", 0.75, "fraction", 0.2, 0.95, "relative amplitude of the daily cortisol drive", "morning/evening ratio 3-10 (Debono 2009)", "human", G)
_p("cortisol_peak_hour", 7.5, "h of day", 5.0, 10.0, "clock hour of the cortisol peak", "Pruessner 1997", "human", G)
_p("crh_cortisol_lag_h", 1.5, "h", 0.5, 3.0, "how far the daily CRH drive leads the cortisol peak (the CRH -> ACTH -> cortisol lag)", "ACTH leads cortisol by tens of minutes (standard physiology); the 1.5 h lead of the drive is no measurement gives this value: assumed, with the half-lives above it puts the cortisol peak near cortisol_peak_hour", "hypothesis", G)
_p("cortisol_half_life_h", 1.2, "h", 0.5, 3.0, "cortisol plasma half-life", "66-90 min", "human", G)
_p("acth_half_life_h", 0.3, "h", 0.1, 1.0, "ACTH half-life (~10-20 min)", "standard physiology", "human", G)
_p("crh_half_life_h", 0.5, "h", 0.1, 2.0, "CRH effective half-life", "standard physiology", "human", G)
_p("crh_drive_capacity", 20.0, "x healthy mean", 2.0, 40.0, "hypothalamic CRH drive saturates toward 1 + this (capped), however strong stress, cytokines and lost feedback push it", "no measurement gives this value: assumed (organ capacity keeps the axis bounded)", "hypothesis", G)
_p("adrenal_capacity", 10.0, "x healthy mean", 2.0, 11.0, "adrenal cortisol output saturates toward 1 + this times the healthy daily mean (~2400 nmol/L at the default), as in severe illness", "order of magnitude: plasma cortisol of 1000-3000 nmol/L in critical illness (Cooper & Stewart 2003); the upper limit gives 12 x 220 = 2640 nmol/L at the default mean", "human", G)
_p("gr_feedback_strength", 1.0, "x", 0.0, 3.0, "glucocorticoid-receptor negative feedback gain", "Gupta 2007 HPA model", "human", G)
_p("gr_resistance_at_full_load", 0.5, "fraction", 0.0, 0.9, "fraction of GR feedback lost at full allostatic load (chronic stress)", "Pariante & Lightman 2008", "human", G)
_p("allostatic_stress_onset", 0.5, "stress units", 0.0, 3.0, "perceived stress above which allostatic load builds; load reaches its full value one stress unit above this", "McEwen 1998 (allostatic load: the concept); the threshold is no measurement gives this value: assumed", "hypothesis", G)
_p("stress_cortisol_gain", 0.8, "x", 0.0, 3.0, "CRH drive added per unit perceived stress", "Dickerson & Kemeny 2004 (acute stress ~+50-100% cortisol)", "human", G)
_p("cytokine_hpa_gain", 0.08, "per pg/mL IL-6", 0.0, 0.5, "CRH drive added per pg/mL IL-6 above basal", "Besedovsky 1986; Dunn 2000 (animal); calibrated to C13 within the range (source experiment endotoxin_cortisol: the cortisol rise of human endotoxemia (Grigoleit 2011: cortisol up within 2-4 h of 0.4-0.8 ng/kg)", "calibrated", G)
_p("vagal_hpa_damping", 0.6, "fraction per unit tone", 0.0, 1.0, "fraction of the stress-driven CRH drive removed per unit vagal tone above normal (probiotics and GOS lowered cortisol)", "Bravo 2011 (vagus-dependent); Messaoudi 2011 (24-h urinary free cortisol lower than on placebo, P < 0.05; not simulated: calibrate --sources, messaoudi_cortisol); Schmidt 2015; calibrated to C1-C2 within the range (acts only where there is stress drive)", "calibrated", G)
_p("stress_baseline", 0.1, "stress units", 0.0, 3.0, "everyday perceived stress (0 none, 1 a hard week, 2 severe chronic stress)", "convention; scaled to Dickerson & Kemeny 2004 responses", "convention", G)
_p("mast_cell_barrier_gain", 0.3, "share of junctions per unit CRH rise", 0.0, 2.0, "share of the gut's tight junctions mast-cell mediators (tryptase -> PAR2, TNF; MLCK) hold open per unit acute rise of stress-driven CRH (a reversible opening, not damage)", "Vanuytsel 2014 Gut (public speech raised small-intestinal L/M from 0.030 to 0.059 in healthy volunteers, via CRH and mast cells); calibrated to that experiment (gutbrain calibrate --sources, vanuytsel_public_speech)", "calibrated", G)
_p("junction_closing_half_life_h", 3.0, "h", 1.0, 8.0, "half-life of the closing of junctions mast-cell mediators opened, once the mediators are gone", "hypothesis, order of magnitude: MLCK-dependent opening reverses as myosin light chain is dephosphorylated (Clayburgh 2005 JCI, mouse: MLC phosphorylation rose abruptly after T-cell activation); Vanuytsel 2014: the rise within the 2-h test; rat ileum after 2-h immobilisation stress reassessed after 22 h of recovery (Mazzon 2002); closes within a day", "hypothesis", G)
_p("mast_cell_half_life_h", 0.5, "h", 0.1, 4.0, "how fast mucosal mast-cell activation follows a CRH rise and subsides", "Vanuytsel 2014 (effect within the 2-h test); Wallon 2008 (CRH acts on human colonic mucosa via mast cells within an hour)", "human", G)
_p("mast_cell_adaptation_half_life_h", 4.0, "h", 0.5, 48.0, "half-life of the mucosa's adaptation to a steady stress-driven CRH level (mast-cell mediator stores deplete)", "order of magnitude: mast-cell granule stores refill over hours to days; a steady stress load acts through the cortisol excess instead", "hypothesis", G)
_p("mood_stress_feedback", 0.04, "stress per HAM-D point", 0.0, 0.2, "perceived stress added per HAM-D point above 7 (low mood raises stress); saturating, halved from linear 25 points above 7, so the loop stays bounded", "Hammen 2005 stress generation", "human", G)
_p("mood_stress_half_hamd", 25.0, "HAM-D points", 5.0, 100.0, "HAM-D points above hamd_normal_max at which mood-generated stress is half of linear (saturation keeps the mood -> stress -> mood loop bounded)", "no measurement gives this value: assumed", "hypothesis", G)

# --------------------------------------------------------------------------- tryptophan, BDNF, GABA, vagus
G = "tryptophan, BDNF, GABA, vagus"
_p("trp_plasma_um", 55.0, "uM", 30.0, 90.0, "healthy plasma tryptophan", "Badawy 2017", "human", G)
_p("kyn_trp_healthy_umol_per_mmol", 30.0, "umol/mmol", 15.0, 60.0, "healthy kynurenine/tryptophan ratio", "Schrocksnadel 2006", "human", G)
_p("ido_per_il6", 0.12, "per pg/mL", 0.0, 1.0, "relative rise of IDO activity per pg/mL IL-6 above basal (cytokine induction)", "Capuron 2002; Schwarcz 2012", "human", G)
_p("tdo_per_cortisol", 0.3, "per 100% excess", 0.0, 1.0, "relative rise of hepatic TDO per 100% cortisol excess", "Badawy 2017", "human", G)
_p("ido_induction_capacity", 9.0, "x baseline", 1.0, 20.0, "cytokine-induced IDO activity saturates toward 1 + this times baseline", "Schrocksnadel 2006 (IDO activity up to ~10-fold in inflammation; the range allows twice that)", "human", G)
_p("ido_share_of_kynurenine_flux", 0.5, "fraction", 0.0, 0.5, "share of the kynurenine pathway's flux through IDO (the rest through hepatic TDO) in health", "Badawy 2017: ~90% of kynurenine-pathway flux in health is hepatic (TDO), so IDO carries at most half (upper limit); the default, an equal split, is an assumption that gives IDO more weight than that ~10%", "hypothesis", G)
_p("kynurenine_path_fraction", 0.5, "fraction", 0.05, 0.95, "fraction of plasma tryptophan turnover that goes down the kynurenine path in health (the rest: protein, serotonin)", "no measurement gives this value: assumed (Badawy 2017: ~95% of tryptophan not used for protein takes the kynurenine path, the upper limit; protein synthesis takes a large share of turnover)", "hypothesis", G)
_p("trp_turnover_h", 12.0, "h", 2.0, 48.0, "time constant of plasma tryptophan pool", "Badawy 2017", "human", G)
_p("bdnf_time_constant_days", 10.0, "days", 2.0, 40.0, "time constant of BDNF change", "Duman 2006; weeks-long antidepressant onset", "human", G)
_p("bdnf_cortisol_loss", 0.25, "per 100% excess", 0.0, 1.0, "BDNF index lost per 100% cortisol excess (24 h mean)", "Smith 1995; Duman 2006", "animal", G)
_p("bdnf_inflammation_loss", 0.04, "per pg/mL IL-6", 0.0, 0.3, "BDNF index lost per pg/mL IL-6 above basal", "Calabrese 2014", "animal", G)
_p("bdnf_index_floor", 0.2, "x healthy", 0.0, 1.0, "lowest BDNF index however high cortisol and inflammation", "no measurement gives this value: assumed (a bound)", "hypothesis", G)
_p("bdnf_index_ceiling", 2.5, "x healthy", 1.0, 3.0, "highest BDNF index however strong the SSRI", "no measurement gives this value: assumed (a bound)", "hypothesis", G)
_p("vagal_butyrate_gain", 0.3, "x", 0.0, 1.0, "vagal afferent tone gained per unit butyrate above/below healthy (relative)", "Goswami 2018; Lal 2001", "animal", G)
_p("vagal_inflammation_loss", 0.02, "per pg/mL IL-6", 0.0, 0.2, "vagal tone lost per pg/mL IL-6 above basal", "hypothesis", "hypothesis", G)
_p("gaba_vagal_gain", 0.5, "x", 0.0, 2.0, "central GABA signal gained per unit vagal tone above 1", "Bravo 2011 (GABA receptor expression; vagus-dependent)", "animal", G)
_p("healthy_mucosal_butyrate_mm", 15.0, "mM", 1.0, 40.0, "butyrate at the mucosa of the healthy reference gut (reference for vagal and barrier signals)", "calibrated to the model's own healthy reference (no targets.toml entry): median of healthy hosts (well-mixed gut, 200 hosts: 16 mM; agent-based gut, 3 seeds: 12-16 mM); colonic butyrate 10-20 mM (Cummings 1987)", "calibrated", G)
_p("healthy_gut_gaba_umol_per_h", 0.11, "umol/h", 0.005, 1000.0, "GABA production of the healthy reference gut", "calibrated to the model's own healthy reference (no targets.toml entry): median of healthy hosts (well-mixed gut, 200 hosts: 0.15 umol/h; agent-based gut, 3 seeds: 0.04-0.12 umol/h)", "calibrated", G)
_p("gut_gaba_gain", 0.15, "x", 0.0, 1.0, "central GABA signal gained per doubling of gut GABA production", "Strandwitz 2019 (hypothesis in humans)", "hypothesis", G)
_p("gut_gaba_max_doublings", 2.0, "doublings", 0.5, 10.0, "gut GABA production counts toward the central GABA signal up to this many doublings (or halvings) from the healthy reference", "no measurement gives this value: assumed (a bound on a hypothetical link)", "hypothesis", G)
# strain contact -> vagal afferents (gut.barrier: the share of each site's adhesion places the strains hold; brain.advance_brain)
_p("strain_vagal_gain", 1.0, "x healthy vagal tone", 0.0, 2.0, "vagal afferent tone added where administered lactobacilli hold mucosal adhesion places at saturating contact (strain-epithelium contact excites afferent endings within minutes; nothing after vagotomy or the strain_vagus knock-out)", "Perez-Burgos 2013 Am J Physiol GI 304:G211 (ex vivo mouse jejunum: luminal L. rhamnosus JB-1 raised constitutive single- and multi-unit mesenteric afferent firing within minutes, L. salivarius did not; subdiaphragmatic vagotomy abolished it); Bravo 2011 PNAS (JB-1 1e9 CFU/day, 28 days: less anxiety-like behaviour, none after vagotomy; reproduced: gutbrain calibrate --sources, bravo_vagotomy). Direction, onset and vagal dependence from these; the size of the rise was not read from their figures: a doubling of afferent tone at saturating contact is assumed", "animal", G)
_p("strain_vagal_half_occupancy", 2e-2, "fraction of adhesion places", 1e-5, 0.1, "share of a site's mucosal adhesion places held by administered strains at which their vagal afferent excitation is half-maximal (per site, then averaged over the mucosa)", "no measure in vivo: assumed above the strains' share of the places in an adult colon after 2 weeks at 1e10 CFU/day (~1.5e-3 in the agent gut, seed 3: contact 0.07, vagal tone +0.07) and near a mouse's at 1e9 CFU/day (~5e-2: contact 0.7, +0.7), whose colon holds ~1/800 of the content (body_mass_kg, colon_content_ml_per_kg), so the same kind of product excites afferents little in people and strongly in a mouse", "hypothesis", G)

# --------------------------------------------------------------------------- mood
G = "mood"
_p("depression_trait_hamd", 2.5, "HAM-D points", 0.0, 40.0, "depression set point from non-modelled causes (genes, life events)", "healthy adults score 0-7", "human", G)
_p("anxiety_trait_hama", 3.0, "HAM-A points", 0.0, 40.0, "anxiety set point from non-modelled causes", "healthy adults score 0-7", "human", G)
_p("hamd_normal_max", 7.0, "HAM-D points", 0.0, 20.0, "HAM-D score up to which a person counts as not depressed; low mood worsens diet, generates stress and carries anxiety only above it", "HAM-D 0-7: no depression / remission (Zimmerman 2013)", "convention", G)
_p("hamd_saturation_knee", 30.0, "HAM-D points", 20.0, 50.0, "depression score above which further severity approaches the scale's top (52) smoothly instead of linearly", "no measurement gives this value: assumed: very severe depression starts near 23-24 (Zimmerman 2013) and scores near the ceiling are rare", "hypothesis", G)
_p("hama_saturation_knee", 32.0, "HAM-A points", 20.0, 54.0, "anxiety score above which further severity approaches the scale's top (56) smoothly", "no measurement gives this value: assumed (scores above 30 are rare, Matza 2010)", "hypothesis", G)
_p("mood_time_constant_days", 12.0, "days", 3.0, 60.0, "time constant of depression and anxiety scores", "antidepressant/placebo change unfolds over weeks (Posternak 2005)", "human", G)
_p("mood_noise_hamd", 2.0, "HAM-D points", 0.0, 5.0, "day-to-day fluctuation (SD of the stationary noise, 3-day memory) of depression", "test-retest variability of HAM-D (about 2-3 points)", "human", G)
_p("anxiety_noise_hama", 2.2, "HAM-A points", 0.0, 6.0, "day-to-day fluctuation (SD of the stationary noise, 3-day memory) of anxiety", "test-retest variability of HAM-A, similar to HAM-D's (Maier 1988)", "human", G)
_p("mood_noise_memory_days", 3.0, "days", 0.5, 30.0, "memory (correlation time) of the day-to-day fluctuation of depression and anxiety", "no measurement gives this value: assumed (day-to-day mood fluctuations persist over a few days)", "hypothesis", G)
_p("anxiety_depression_noise_correlation", 0.6, "correlation", 0.0, 0.95, "correlation of the day-to-day fluctuations of anxiety and depression", "HAM-D and HAM-A correlate about 0.6-0.8 across patients (Maier 1988); C14 asks for correlated but not identical fluctuations (< 0.9)", "hypothesis", G)
_p("episode_remaining_days", 50.0, "days", 5.0, 3650.0, "how long the current depressive episode still runs before recovery begins, at everyday stress (median; log-normal across people in the profiles)", "Whiteford 2013 meta-analysis of untreated MDD: about 23% remit within 3 months, 32% within 6 and 53% within 12; Posternak & Miller 2001 (wait-list: 20% respond in 4-8 weeks); calibrated to C12 within that range", "calibrated", G)
_p("episode_onset_sigma", 0.2, "SD of log", 0.0, 1.0, "person-to-person spread of the current episode's size: each person's episode_onset_hamd is the profile's episode_hamd times a mean-one log-normal with this SD of log (0 = the same size for everyone; trait and physiology still differ)", "baseline HAM-D-17 of the people MDD trials enrol: 21.9-23.5 +- 3.1-3.8 in the large SSRI trials of Hieronymus 2016 Transl Psychiatry (Table 1; 25-27 +- 5-6 in a few small early ones); end-of-trial pooled SD about 6.8 (Munkholm 2019 BMJ Open: SMD 0.29 for 1.97 HAM-D points; Jakobsen 2017 BMC Psychiatry: SSRI -1.94 points). Was 0.35 (undeclared): enrolled baseline 25.3 +- 5.7, 17% screened above 30, end-of-trial SD 7.65 (placebo, no dropout; experiments/hamd_spread.py). Calibrated to C14 (baseline SD 3-7, near the 3-4 of real trials) and to C1/C5/C11 (pooled end-of-trial SD 6.8, Munkholm 2019) within the range. 0.1 until the healthy gut's endotoxin stopped being counted twice in IL-6 (branch il6): inflammation then no longer spread the baseline, C14 screened-in SD 3.46 -> 2.97 (500 drawn, seed 2026); 0.2 gives 3.37 (quick size: 3.32 / 3.17 at seeds 2026 / 2027) and leaves the paired MDD end-of-trial SD at 6.43 (6.46 at 0.1; 60 people, seed 7)", "calibrated", G)
_p("episode_recovery_days", 7.0, "days", 3.0, 120.0, "time constant of an episode's recovery once it begins", "recovery from an episode unfolds over weeks (Posternak 2006); hypothesis for the shape", "hypothesis", G)
_p("episode_stress_slowing", 2.0, "per stress unit", 0.0, 10.0, "how much perceived stress above the everyday level slows the episode's course (1 + slowing x excess stress days per day of course)", "stress maintains and prolongs depressive episodes (Hammen 2005); calibrated to C4 and C12 within the range: the only way expectancy (stress relief) changes the course", "calibrated", G)
_p("il6_mood_threshold_pg_per_ml", 2.8, "pg/mL", 0.0, 10.0, "plasma IL-6 above which inflammation weighs on mood (the association is carried by the low-grade-inflamed subgroup)", "Osimo 2019 (27% of MDD have CRP > 3 mg/L, 58% > 1 mg/L; the mdd profile: 27% above this IL-6, the healthy profile 3%, 400 people each, seed 11); Pearson 2003 (CRP 1-3 mg/L = average, > 3 = high); Raison & Miller 2011", "human", G)
_p("weight_inflammation_hamd", 2.0, "HAM-D per pg/mL IL-6", 0.0, 5.0, "depression added per pg/mL IL-6 above the mood threshold", "Dowlati 2010 (IL-6 +1.8 pg/mL in MDD); Reichenberg 2001; calibrated to C1-C2 within the range", "calibrated", G)
_p("inflammation_mood_half_pg_per_ml", 15.0, "pg/mL", 1.0, 100.0, "IL-6 above the mood threshold at which its effect on mood is half of linear (bounded in the acute range, where sickness mood takes over)", "no measurement gives this value: assumed", "hypothesis", G)
_p("weight_cortisol_hamd", 4.0, "HAM-D per 100% excess", 0.0, 15.0, "depression added per 100% excess of the 24-h cortisol mean", "Stetler & Miller 2011", "human", G)
_p("weight_serotonin_hamd", 10.0, "HAM-D per unit deficit", 0.0, 30.0, "depression added per unit loss of the serotonin index (tryptophan depletion)", "Ruhe 2007 (tryptophan depletion relapse)", "human", G)
_p("weight_bdnf_hamd", 10.0, "HAM-D per unit deficit", 0.0, 30.0, "depression added per unit loss of the BDNF index", "Molendijk 2014", "human", G)
_p("weight_gaba_hamd", 4.0, "HAM-D per unit deficit", 0.0, 20.0, "depression added per unit loss of the central GABA signal", "Romeo 2018 (GABA deficits in MDD)", "human", G)
_p("weight_inflammation_hama", 0.4, "HAM-A per pg/mL IL-6", 0.0, 5.0, "anxiety added per pg/mL IL-6 above basal", "weaker link than for depression (Renna 2018)", "human", G)
_p("weight_cortisol_hama", 2.5, "HAM-A per 100% excess", 0.0, 20.0, "anxiety added per 100% cortisol excess", "HPA hyperactivity in anxiety is inconsistent across studies (Faravelli 2012); calibrated to C1 within the range (its detail: anxiety g smaller than depression's) so that, as in human trials, anxiety responds less than depression", "calibrated", G)
_p("weight_gaba_hama", 4.0, "HAM-A per unit deficit", 0.0, 30.0, "anxiety relieved per unit central GABA signal above 1 (or added below)", "benzodiazepine/GABA-A mechanism", "human", G)
_p("vagal_anxiolysis_gain", 0.15, "x", 0.0, 10.0, "how strongly vagal/GABA signalling from the gut reaches anxiety circuits (behavioural anxiety tests in the rodent profile, HAM-A in people)", "Bravo 2011 (mice, vagus-dependent); not replicated in humans (Kelly 2017: L. rhamnosus JB-1 had no effect on anxiety or stress in healthy men). The rodent profile's 3.0 (was 6.0) is calibrated to a clear anxiety drop in the mouse at Bravo's 1e9 CFU/day: >= 2 HAM-A-equivalent points by days 10-14 on the agent gut (tests/test_hosts_profiles.py, animals_vs_humans) and >= 0.5 in the last week of 28 days on the well-mixed gut (source check bravo_vagotomy; the well-mixed gut's strains hold ~1/15 of the agent gut's share of a mouse's mucosal places): no measurement converts plus-maze or open-field scores into HAM-A points; the strains' far denser contact in a mouse's small colon carries the rest of the species difference", "animal", G)
_p("anxiety_from_depression", 0.15, "HAM-A per HAM-D", 0.0, 1.0, "comorbid anxiety carried per HAM-D point above 7", "anxious depression is common (Fava 2008); calibrated to C1 (anxiety g smaller than depression's) and C14 (HAM-A 13-22 in MDD) within the range, so that, as in human trials, anxiety follows depression only partly and responds less to probiotics", "calibrated", G)
_p("placebo_response_hamd", 10.0, "HAM-D points", 0.0, 20.0, "a person's responsiveness to expectancy, in units where 10 is the typical trial participant: scales expectancy's relief of perceived stress (placebo_stress_relief), which lowers the HPA drive and lets the episode run its course faster; no direct subtraction from the score", "Furukawa 2016 (placebo arms: 35-40% responders over 6-8 weeks); Rief 2009; spread across people (profiles' variation); calibrated to C4 within the range", "calibrated", G)
_p("placebo_stress_relief", 0.5, "fraction", 0.0, 0.9, "fraction of perceived stress above the everyday level relieved at full expectancy in a typical participant (hope, care and contact in a trial): the placebo response's way into the body", "Guevarra 2020 (non-deceptive placebo reduced emotional distress); Rief 2009 (placebo responses in depression include relief of distress); calibrated to C4 within the range", "calibrated", G)
_p("placebo_relief_max", 0.95, "fraction", 0.5, 1.0, "most of the perceived stress above the everyday level that expectancy can relieve, however responsive the person and however strong the expectancy (a cap on placebo_stress_relief x responsiveness x expectancy): some stress always remains", "no measurement gives this value: a bound (placebo responses in depression are partial, Rief 2009; a responsive person at full expectancy would otherwise lose all excess stress)", "convention", G)
_p("expectancy_rise_days", 7.0, "days", 1.0, 60.0, "time constant of the expectancy (placebo) effect's build-up once a treatment is taken", "no measurement gives this value: assumed (placebo responses build over the first weeks of a trial, Rief 2009); C4 was calibrated with this value", "hypothesis", G)
_p("expectancy_fade_days", 21.0, "days", 1.0, 180.0, "time constant of the expectancy effect's fading once the belief goes", "no measurement gives this value: assumed", "hypothesis", G)
_p("ssri_serotonin_gain", 0.17, "x", 0.0, 1.0, "rise of serotonin signalling at full SSRI effect", "no measurement gives a rise of serotonin signalling: calibrated to C5_ssri (0.12 -> 0.17 with ssri_bdnf_gain in the final calibration pass, commit 200adb2, so that the SSRI's mean end-of-trial HAM-D difference lands in C5's 1.5-2.5 points; Cipriani 2018: SMD 0.3 vs placebo, Munkholm 2019: 1.97 points, is that target, not a measure of this gain)", "calibrated", G)
_p("ssri_bdnf_gain", 0.08, "x", 0.0, 1.0, "BDNF index gained at full SSRI effect", "direction from Molendijk 2014 (serum BDNF rises with antidepressant treatment; no brain BDNF index); its size calibrated to C5_ssri (0.06 -> 0.08 with ssri_serotonin_gain in the final calibration pass, commit 200adb2)", "calibrated", G)
_p("ssri_onset_days", 2.0, "days", 1.0, 42.0, "time constant of the SSRI's pharmacological onset (the mood response adds the mood time constant)", "Taylor 2006 meta-analysis (SSRI vs placebo separate by week 1; most of the drug-placebo difference is reached by week 2-3); reproduced in gutbrain calibrate --sources (ssri_onset: a quarter of the week-6 difference at week 1; the 12-day mood time constant limits how early any treatment shows)", "human", G)
_p("psychotherapy_hamd", 4.0, "HAM-D points", 0.0, 12.0, "trait depression reduction at full psychotherapy effect", "Cuijpers 2013 (g~0.7 vs waitlist)", "human", G)
_p("psychotherapy_onset_days", 28.0, "days", 7.0, 180.0, "time constant of psychotherapy's effect building up over the sessions", "no measurement gives this value: assumed (courses of 8-16 weekly sessions, Cuijpers 2013)", "hypothesis", G)
_p("diet_mood_feedback", 0.015, "fraction per HAM-D point", 0.0, 0.05, "fraction of fibre intake lost (and sugar gained) per HAM-D point above 7; fat intake does not change with mood", "no source gives this direction or size: Jacka 2011 (3,040 adolescents, prospective) found diet quality predicting mental health and its results did not support the reverse (mood -> diet); Oh 2020 (NHANES, K-NHANES): fat intake not associated with depression, so fat no longer rises with low mood (it did: MDD hosts ate ~103 g/day at HAM-D 22 for 80 planned); appetite changes either way in depression (DSM-5). Kept as an assumption", "hypothesis", G)
_p("diet_mood_min_fraction", 0.3, "fraction", 0.1, 1.0, "lowest fraction of planned fibre eaten however low the mood", "no measurement gives this value: assumed (a bound)", "hypothesis", G)
_p("allostatic_lock_in_hamd", 6.0, "HAM-D points", 0.0, 20.0, "depression added at full allostatic load (weeks of high stress lock in low mood)", "McEwen 1998; Hammen 2005", "hypothesis", G)
_p("allostatic_time_constant_days", 45.0, "days", 7.0, 365.0, "time constant of allostatic load", "McEwen 1998", "hypothesis", G)


# --------------------------------------------------------------------------- virtual meta-analysis (C1b)
# How small trials are run and published, not physiology: read only by trials/meta_analysis.py.
G = "meta-analysis bias"
_p("meta_high_risk_share", 0.33, "fraction of trials", 0.0, 1.0, "share of small probiotic trials at high risk of bias (outcome raters not blind or biased, participants who can tell their arm; their rated effect moves by meta_rater_bias_smd)", "Hofmeister 2021 CMAJ Open: 3 of the 9 probiotic trials in depressed participants judged high risk of bias (9 studies g 0.78, 6 excluding them g 0.39)", "human", G)
_p("meta_rater_bias_smd", -0.60, "SD of the end-of-trial score", -1.2, 0.0, "shift of the treatment arm's rated score in a trial at high risk of bias (outcome raters not blind or biased, participants who can tell their arm), in units of the control arm's SD (negative = looks better)", "calibrated to C1b within the published range: Hrobjartsson 2013 CMAJ, non-blinded vs blinded assessors of subjective scales, -0.23 (-0.40 to -0.06; 16 trials, I2 46%) for raters alone; Page 2016 PLoS One (meta-epidemiology), subjective outcomes with participants not blinded -0.37 (-0.77 to 0.04); their sum, -0.60, taken (additivity assumed); Hofmeister 2021 CMAJ Open Table 2: the 3 high-risk probiotic trials in depressed people raise the pooled g from 0.39 (6 trials) to 0.78 (9), about 1.1 SD each. On the C1b check's literatures -0.45 was the least that passed (first 4 literatures)", "calibrated", G)
_p("meta_publish_nonsignificant", 0.39, "probability", 0.0, 1.0, "chance that a trial without a significant benefit (p >= 0.05 or g >= 0) is published", "Turner 2008 NEJM (74 FDA-registered antidepressant trials, HAM-D/MADRS outcomes, FDA verdict vs the literature): 14 of 36 negative or questionable trials published (22 not published, 11 of the 14 written up as positive) = 0.39; across fields Hopewell 2009 Cochrane MR000006 gives a median 41% (11-85%)", "human", G)
_p("meta_publish_significant", 0.97, "probability", 0.0, 1.0, "chance that a trial with a significant benefit (p < 0.05, g < 0) is published", "Turner 2008 NEJM (74 FDA-registered antidepressant trials): 37 of 38 positive trials published = 0.97; across fields Hopewell 2009 Cochrane MR000006: odds ratio 3.90 (2.68-5.68), risk ratio 1.78 at 41% for negative trials (0.73). Turner, because it is the depression-trial cohort with the same outcome (HAM-D) and a complete denominator (FDA files)", "human", G)

_p("meta_outcome_switching_share", 0.40, "fraction of trials", 0.0, 1.0, "share of small trials that report the most favourable of their own recorded depression outcomes (HAM-D end score or change from baseline, at any recorded week from meta_switch_earliest_fraction of the trial to its end) instead of the prespecified end-of-trial score", "Chan 2004 JAMA (102 trials, protocols vs publications): 62% had at least one primary outcome changed, introduced or omitted, and significant efficacy outcomes were fully reported more often (pooled OR 2.4, 1.4-4.0); Dwan 2008 PLoS One and its 2013 update: 40-62% of trials across cohorts. 0.40, the low end, because not every change picks the most favourable outcome", "human", G)
_p("meta_switch_earliest_fraction", 0.5, "fraction of the trial's duration", 0.0, 1.0, "earliest recorded week (as a fraction of the trial's length, rounded up) whose HAM-D a switching trial may report as its primary outcome", "assumption: small trials rate HAM-D at every visit and a mid-trial or later time point can be reported as the primary one; Chan 2004 JAMA counted a changed primary outcome or time point as a major discrepancy", "hypothesis", G)

PARAMETERS: dict[str, ParamSpec] = {s.name: s for s in _SPECS}


def set_by(intervention_type: str) -> tuple[str, ...]:
    """Names of the parameters an intervention of this type sets while it acts (declaration order)."""
    return tuple(name for name, spec in PARAMETERS.items() if spec.set_by == intervention_type)


def defaults() -> dict[str, float]:
    """Every parameter at its default."""
    return {name: spec.default for name, spec in PARAMETERS.items()}


def check_overrides(overrides: Mapping[str, object], where: str | None = None) -> dict[str, float]:
    """Validate names and ranges of ``overrides``; return them as numbers."""
    out: dict[str, float] = {}
    for key, value in overrides.items():
        spec = PARAMETERS.get(key)
        if spec is None:
            raise UserInputError(
                f"unknown parameter {key!r}; {close_names(key, list(PARAMETERS))}", where=where
            )
        out[key] = spec.check(value, where=where)
    return out


class ParamSet(Mapping):
    """Resolved parameters: defaults plus validated overrides, read as attributes.

    Values are floats, or arrays of shape (n_hosts,) when hosts differ.
    """

    def __init__(self, values: Mapping[str, object] | None = None, *, where: str | None = None):
        merged = defaults()
        merged.update(check_overrides(values or {}, where=where))
        object.__setattr__(self, "_values", merged)

    @classmethod
    def trusted(cls, values: dict[str, object]) -> ParamSet:
        """Build from values already validated (e.g. per-host arrays drawn from a profile)."""
        obj = cls.__new__(cls)
        object.__setattr__(obj, "_values", dict(values))
        return obj

    def __getattr__(self, name: str):
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name, value):
        raise AttributeError("ParamSet is read-only; pass overrides when creating it")

    def __getitem__(self, key):
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def replace(self, **changes) -> ParamSet:
        merged = dict(self._values)
        merged.update(changes)
        return ParamSet.trusted(merged)

    def as_plain(self) -> dict[str, float | list[float]]:
        """JSON-friendly copy."""
        return {
            k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in self._values.items()
        }


def guild_vector(p: Mapping, suffix: str) -> np.ndarray:
    """Per-guild values of ``<guild>_<suffix>`` as an array in GUILDS order (scalar params only)."""
    return np.array([float(p[f"{g}_{suffix}"]) for g in GUILDS])
