"""The agent-based gut of one host: lumen fields, colonies as array rows, epithelial barrier.

``AgentGut.step`` advances one hour in this order (the microbes' order, shared with MixedGut: ``engine``, step 2):
  1. inflow: carbohydrate from the ileum, probiotic doses, donor colonies, antibiotic (spread over the caecum)
  2. metabolism: uptake, growth, death and products, per guild per cell (shared kinetics); the caecum's cells share their place's biomass (one mucosal and one luminal place: ``lumen.pool_caecum``)
  3. colonies: grow/shrink, divide, die, move with the flow (free colonies in the caecum stirred, leaving it with the share of its
     fluid that the flow shifts out this step), adhere/detach, free residents stirred across the rows, in the caecum and past it (``haustra.stir_free_across``), administered
     strains ride the outer mucus (held in place on a permissive mucosa), wash out, pass resistance genes (a colony's resistant share: its susceptible
     and resistant parts grow and die apart, as MixedGut's two sub-populations), re-seed from the crypt reservoir
  4. fields: diffusion, absorption, mucosal oxygen, flow toward the exit, stirring of the caecum
  5. barrier: damage and repair per site; LPS and live-bacteria translocation
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

import numpy as np

from ..params import GUILDS
from . import compiled
from .barrier import Mucosa, barrier_hour, spread_strains, strain_spread_kernel
from .colonies import (
    FOUNDER_UNITS,
    N_TAXA,
    RESISTANT_KILL_MULT,
    ROW_HEADROOM,
    TAXA_PER_GUILD,
    ColonyTable,
    adhere_and_detach,
    caecum_rows,
    convey_outer_mucus,
    divide,
    drop_lost_taxa,
    lift_or_drop,
    move,
    one_taxon_shares,
    reflect_table,
    shannon,
    stir_caecum,
    taxon_cfu,
)
from .community import (
    HEALTHY_COMPOSITION,
    TAXON_WEIGHTS,
    draw_carriers,
    draw_strain_permissive,
    immigrant_rate,
    initial_taxon_cfu,
    refuge_day,
)
from .epithelium import Epithelium
from .haustra import stir_free_across
from .kinetics import (
    FIELDS,
    G_IDX,
    F,
    GuildTraits,
    KineticsWork,
    absorb,
    absorption_factors,
    apply_metabolism,
    bile_death_per_h,
    metabolise,
)
from .lumen import Lumen, pool_caecum
from .signals import GutReadout
from .strain_streams import STRAIN_STREAMS, row_draws


@dataclass
class Dose:
    """Live colonies arriving from outside this hour (probiotic product, FMT, contamination)."""
    guild: int
    cfu: float
    probiotic: bool
    resistant: bool = False
    taxon: int | None = None  # None: the guild's first taxon for probiotics / reservoir draw
    donor: bool = False  # a donor's stool (FMT): the guild's full set of taxa (TAXON_WEIGHTS), as MixedGut's donor doses


@dataclass
class GutExposure:
    """What acts on the gut this hour, assembled from the diet and active interventions."""

    carbs_g_per_day: dict[str, float]
    antibiotic_mic: float = 0.0
    antibiotic_kill: np.ndarray | None = None  # per-guild susceptibility override (spectrum)
    fat_g_per_day: float | None = None  # dietary fat: bile acids against bile-sensitive guilds (kinetics.bile_death_per_h)
    doses: list[Dose] = field(default_factory=list)
    lps_added_ug: float = 0.0  # endotoxin carried in by a contaminated product
    barrier_sealed: bool = False


class AgentGut:
    """One host's gut: lumen fields on a grid (``Lumen``) and colonies as array rows."""

    def __init__(self, p, rngs, composition=HEALTHY_COMPOSITION):
        self.params = p
        # the same values as plain attributes: a ParamSet lookup costs a Python call, and a
        # step reads ~60 of them (docs/performance.md)
        p = self.p = SimpleNamespace(**dict(p))
        self.rngs = rngs
        self.lumen = Lumen(p)
        self.length, self.width = self.lumen.length, self.lumen.width
        self.traits = GuildTraits.from_params(self.params)
        self.unit_cfu = float(p.colon_bacteria_cfu) / float(p.colonies_target)
        self.min_cfu = 0.02 * self.unit_cfu
        self.reference_cfu_per_cell = float(p.colon_bacteria_cfu) / self.lumen.n_cells
        self.colonies = ColonyTable(capacity=int(ROW_HEADROOM * int(p.colonies_target)))
        self.epithelium = Epithelium(self.length)
        self.reservoir = initial_taxon_cfu(1.0, composition)  # crypt/ileal seed bank, shares
        self.reservoir_full = self.reservoir.copy()  # its usual size (an antibiotic depletes it: community.refuge_day)
        self.carrier = draw_carriers(rngs["gut.carriers"], p.resistance_carrier_taxa_per_guild, len(GUILDS))  # taxa with the gene
        self.strain_permissive = draw_strain_permissive(rngs["gut.strain_niche"], p.probiotic_permissive_share)  # holds the strain?
        self._spectrum = np.ones(len(GUILDS))  # the last antibiotic's per-guild susceptibility multipliers
        self.washed_out_cfu = 0.0
        self.washed_out_probiotic_cfu = 0.0
        # per-step constants and buffers (see docs/performance.md)
        self._kinetics = KineticsWork(self.lumen.n_cells)
        self._absorption = absorption_factors(p, 1.0)
        self._reflect, self._strain_spread = reflect_table(self.width), strain_spread_kernel(self.length, p.strain_contact_spread_fraction)
        # (resident, administered strain): resident mucosal colonies hold their site for days (shed
        # with the renewing epithelium and mucus) and shed their daughters into the lumen;
        # administered strains are transient colonisers and let go sooner
        self._detach_per_h = (float(p.resident_mucosal_turnover_per_h), float(p.probiotic_detach_per_h))
        self._immune_kill_per_h = p.mucosal_immune_kill_per_h * p.immune_clearance
        self._transfers = 0
        self.transferred_colonies = 0.0  # CFU that received a resistance gene, cumulative, in unit colonies
        self._seed_colonies(composition)
        self._seed_fields()

    # ------------------------------------------------------------------ initialisation
    def _seed_colonies(self, composition) -> None:
        rng = self.rngs["gut.init"]
        taxon_cfu = initial_taxon_cfu(float(self.p.colon_bacteria_cfu), composition)
        counts = np.maximum(np.rint(taxon_cfu / self.unit_cfu).astype(int), 1)
        taxa = np.repeat(np.arange(N_TAXA), counts)
        n = taxa.size
        guild = taxa // TAXA_PER_GUILD
        y = rng.integers(0, self.width, n).astype(np.int32)
        # as many colonies of each guild as before; each carries its guild's taxa (TAXON_WEIGHTS), its label the taxon it was drawn as
        self.colonies.add(
            x=rng.uniform(0, self.length, n), y=y, guild=guild, taxon=taxa,
            cfu=self.unit_cfu * rng.uniform(0.7, 1.3, n), adhered=np.zeros(n, bool),
            probiotic=np.zeros(n, bool), growth_mult=np.ones(n),
            resistant_share=float(self.p.resident_resistance_fraction),  # every colony, as MixedGut's res[resistant]
            shares=TAXON_WEIGHTS / TAXON_WEIGHTS.sum(),
        )

    def _seed_fields(self) -> None:
        conc = self.lumen.conc
        conc[F["fibre"]] = 5.0
        conc[F["butyrate"]] = 10.0
        conc[F["lactate"]] = 1.0
        conc[F["lps"]] = 1.0

    # ------------------------------------------------------------------ one hour
    def step(self, t_h: float, e: GutExposure, host_tnf: float, host_cortisol_excess: float, dt_h: float = 1.0) -> GutReadout:
        p, c, lumen = self.p, self.colonies, self.lumen
        L, H, G = self.length, self.width, len(GUILDS)

        # 1. inflow
        self.inflow(t_h, e, dt_h)

        # 2. metabolism per guild per cell
        cell, key, biomass = compiled.cells_and_biomass(c.x, c.y, c.guild, c.cfu, c.growth_mult, c.resistant_share,
                                                        float(p.resistance_fitness_cost), L, H, G)
        pool_caecum(biomass, L, H, lumen.caecum_cells)
        # the drug left in the lumen after the last dose keeps its spectrum (inflow keeps the last one)
        traits = _with_kill(self.traits, self._spectrum) if (self._spectrum != 1.0).any() else self.traits
        flat = lumen.flat()
        m = metabolise(flat, biomass, lumen.cell_volume_l, traits, p, dt_h, self.reference_cfu_per_cell, work=self._kinetics)
        apply_metabolism(flat, m)
        if e.fat_g_per_day is not None:
            m.death_per_h += bile_death_per_h(e.fat_g_per_day, p)[:, None]

        # 3. colonies: grow or shrink in their cell (a colony's resistant part grows slower by the gene's cost
        # and feels RESISTANT_KILL_MULT of the antibiotic killing);
        # mucosal immunity (secretory IgA, antimicrobial peptides) culls pathobionts touching the
        # epithelium; secreted, it does not weaken when tight junctions open (see mucosal_immune_kill_per_h)
        death = m.death_per_h.ravel()
        abx = m.antibiotic_death_per_h
        rate, rate_resistant = compiled.colony_rates(
            key, m.growth_per_h.ravel(), death, death if abx is None else abx.ravel(), abx is not None, c.growth_mult, c.guild,
            c.y, G_IDX["pathobionts"], self._immune_kill_per_h, float(dt_h), float(1.0 - p.resistance_fitness_cost),
            1.0 - RESISTANT_KILL_MULT)
        np.exp(rate, out=rate)
        np.exp(rate_resistant, out=rate_resistant)
        compiled.grow_parts(c.cfu, c.resistant_share, rate, rate_resistant)
        self._resistance_transfer(cell, dt_h)
        lift_or_drop(c, self.min_cfu, row_draws(self.rngs, "gut.survive"))
        divide(c, self.unit_cfu, H, row_draws(self.rngs, "gut.divide"))
        stirred = caecum_rows(c.x, c.adhered, lumen.caecum_cells)
        move(c, lumen.flow_cells_per_h * dt_h, p.microbe_mixing_cells_per_h * np.sqrt(dt_h), H, row_draws(self.rngs, "gut.move"),
             self._reflect)
        stir_caecum(c.x, stirred, lumen.caecum_cells, lumen.flow_cells_per_h * dt_h, row_draws(self.rngs, "gut.caecum"), c.taxon,
                    lumen.next_shifts(dt_h), c.probiotic)
        adhere_and_detach(c, self.traits.adhesion_per_h, self._detach_per_h, p.mucosal_sites_per_column * self.unit_cfu, L, dt_h,
                          row_draws(self.rngs, "gut.adhere"), self.min_cfu)
        stir_free_across(c, lumen.caecum_cells, L, H, self.rngs)
        convey_outer_mucus(c, 0.0 if self.strain_permissive else lumen.flow_cells_per_h * p.outer_mucus_flow_fraction * dt_h)
        self._wash_out(L)
        self._reseed(dt_h)

        # 4. fields
        lumen.diffuse(p.field_diffusion_per_h * dt_h)
        absorb(flat, p, dt_h, self._absorption if dt_h == 1.0 else None)
        lumen.set_mucosal_oxygen(p)
        lumen.flow(dt_h)
        lumen.stir_caecum()

        # 5. barrier and translocation
        return self._barrier(e, biomass, host_tnf, host_cortisol_excess, m.gaba_umol.sum() / dt_h, dt_h)

    # ------------------------------------------------------------------ phases
    def inflow(self, t_h: float, e: GutExposure, dt_h: float) -> None:
        """1. Carbohydrate from the ileum, mucin, antibiotic, endotoxin and live doses arriving this hour."""
        p, lumen = self.p, self.lumen
        lumen.feed(int(t_h) % 24, e.carbs_g_per_day)
        lumen.secrete_mucin(p, dt_h)
        if e.antibiotic_mic > 0:
            lumen.conc[F["antibiotic"]] = np.maximum(lumen.conc[F["antibiotic"]], e.antibiotic_mic)
            self._spectrum = np.ones(len(GUILDS)) if e.antibiotic_kill is None else np.asarray(e.antibiotic_kill, float)
        if e.lps_added_ug > 0:
            lumen.add_to_caecum("lps", e.lps_added_ug / 1000.0)  # ug -> ug/mL x L
        for dose in e.doses:
            self._add_dose(dose)

    def _add_dose(self, d: Dose) -> None:
        if d.cfu <= 0:  # an empty capsule (dose 0 CFU/day, allowed) brings no colonies
            return
        rng = self.rngs[STRAIN_STREAMS["gut.dose"] if d.probiotic else "gut.dose"]  # strains placed from their own stream
        size = min(0.1 * self.unit_cfu, d.cfu) if d.probiotic else self.unit_cfu
        k = max(int(np.ceil(d.cfu / size)), 1)
        if d.cfu / k < self.min_cfu:
            return
        taxon = d.taxon if d.taxon is not None else d.guild * TAXA_PER_GUILD
        shares = None  # a strain or a named taxon: all of it
        if d.taxon is None and not d.probiotic:  # live bacteria of the guild: its taxa as in the host's seed bank
            w = self.reservoir[d.guild * TAXA_PER_GUILD:(d.guild + 1) * TAXA_PER_GUILD]
            taxon = d.guild * TAXA_PER_GUILD + rng.choice(TAXA_PER_GUILD, size=k, p=w / w.sum()) if w.sum() > 0 else taxon
            shares = TAXON_WEIGHTS / TAXON_WEIGHTS.sum() if d.donor else (w / w.sum() if w.sum() > 0 else None)
            shares = None if d.resistant else shares  # resistant bacteria from outside: one strain carrying the gene
        gm = self.p.probiotic_growth_factor if d.probiotic else 1.0
        self.colonies.add(
            x=rng.uniform(0, self.lumen.caecum_cells, k), y=rng.integers(0, self.width, k), guild=d.guild, taxon=taxon,
            cfu=d.cfu / k, adhered=False, probiotic=d.probiotic, resistant_share=1.0 if d.resistant else 0.0, growth_mult=gm,
            shares=shares,
        )

    def _resistance_transfer(self, cell: np.ndarray, dt_h: float) -> None:
        """Conjugation: each colony's susceptible part gains the gene at resistance_transfer_per_contact_h per
        unit colony of resistant CFU among the other colonies of its cell (the mean of the old rule, where a
        whole colony took the gene with probability 1 - (1 - q)^resistant colonies there). ``_transfers``:
        the whole unit colonies of CFU that have received it by now, less those counted before."""
        c = self.colonies
        q = self.p.resistance_transfer_per_contact_h
        self._transfers = 0
        if q <= 0:
            return
        exposure, carriers = compiled.resistance_contacts(cell, c.cfu, c.resistant_share, c.growth_mult, self.lumen.n_cells)
        if carriers > 0:
            moved = compiled.receive_resistance(exposure, c.resistant_share, c.cfu, self.transfer_per_cfu(dt_h))
            self.count_transfers(moved)

    def transfer_per_cfu(self, dt_h: float) -> float:
        """Share of a colony's susceptible CFU receiving the gene per CFU of resistant neighbours this step."""
        return float(self.p.resistance_transfer_per_contact_h) * float(dt_h) / self.unit_cfu

    def count_transfers(self, moved_cfu: float) -> None:
        """Add ``moved_cfu`` to the cumulative transfers; ``_transfers``: whole unit colonies newly reached."""
        before = self.transferred_colonies
        self.transferred_colonies = before + moved_cfu / self.unit_cfu
        self._transfers = int(np.floor(self.transferred_colonies)) - int(np.floor(before))

    def _wash_out(self, length: int) -> None:
        """Colonies carried past the last column leave with the faeces."""
        gone, gone_probiotic = self.colonies.wash_out(length)
        if gone.size:
            self.washed_out_cfu += float(gone.sum())
            self.washed_out_probiotic_cfu += float(gone_probiotic.sum())

    def _reseed(self, dt_h: float) -> None:
        """Crypt/ileal reservoir seeds new colonies at the mucosa (recovery after antibiotics)."""
        seeds = self.reseed_draws(dt_h)
        if seeds is not None:
            self.colonies.add_seeded(seeds[0], seeds[1], FOUNDER_UNITS * self.unit_cfu, seeds[2])

    def reseed_draws(self, dt_h: float) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """Where the reservoir's new colonies land this hour, their taxa and their taxon shares (None:
        none arrive), then the immigrants from outside of the taxa lost from the seed bank
        (``community.immigrant_rate``; their own stream, drawn only while some taxon is lost). A seed
        colony (~4e9 CFU) from the seed bank carries its guild's taxa as the seed bank holds them (the
        well-mixed gut adds the same expected CFU to each taxon); an immigrant is all of its taxon."""
        seeds = self._seed_bank_draws(dt_h)
        if seeds is not None:
            seeds = (*seeds, self._seed_bank_mix()[seeds[1] // TAXA_PER_GUILD].T)
        if not (self.reservoir == 0.0).any():
            return seeds
        rng = self.rngs["gut.immigration"]
        k = rng.poisson(immigrant_rate(self.reservoir, self.p, dt_h))
        if not k.any():
            return seeds
        taxa = np.repeat(np.arange(N_TAXA), k)
        x = rng.uniform(0, self.lumen.caecum_cells, taxa.size)  # with what is eaten: into the caecum
        if seeds is None:
            return x, taxa, one_taxon_shares(taxa)
        return np.concatenate([seeds[0], x]), np.concatenate([seeds[1], taxa]), np.concatenate([seeds[2], one_taxon_shares(taxa)], axis=1)

    def _seed_bank_mix(self) -> np.ndarray:
        """(guilds, taxa of a guild): each guild's taxa as shares of its seed bank."""
        r = self.reservoir.reshape(len(GUILDS), TAXA_PER_GUILD)
        tot = r.sum(axis=1, keepdims=True)
        return np.divide(r, tot, out=np.zeros_like(r), where=tot > 0)

    def _seed_bank_draws(self, dt_h: float) -> tuple[np.ndarray, np.ndarray] | None:
        rng = self.rngs["gut.reseed"]
        total = self.reservoir.sum()
        if total <= 0:
            return None
        # a depleted seed bank (after antibiotics) sends fewer seeds
        lam = self.p.ileal_inoculum_fraction_per_h * dt_h * self.p.colonies_target * min(total / self.reservoir_full.sum(), 1.0)
        k = rng.poisson(lam)
        if k == 0:
            return None
        # weighted draw of k taxa: the same uniforms and the same result as
        # rng.choice(N_TAXA, k, p=reservoir / total), without its argument checks (~30 us a step)
        cdf = (self.reservoir / total).cumsum()
        cdf /= cdf[-1]
        taxa = cdf.searchsorted(rng.random(k), side="right")
        return rng.uniform(0, self.length, k), taxa

    def update_reservoir(self) -> None:
        """Once a day: the seed bank is hit by an antibiotic in the lumen, loses taxa gone from the gut and re-stocks."""
        kill = np.repeat(self.traits.antibiotic_kill * self._spectrum, TAXA_PER_GUILD)
        c, by_taxon = self.colonies, self.taxon_cfu()
        by_taxon = self.taxon_cfu() if drop_lost_taxa(c, np.flatnonzero(~c.probiotic), by_taxon, self.min_cfu).size else by_taxon
        self.reservoir = refuge_day(self.reservoir, self.reservoir_full, by_taxon > 0,
                                    float(self.lumen.conc[F["antibiotic"]].mean()), kill, self.p)

    def _barrier(self, e: GutExposure, biomass, tnf, cort_excess, gaba_umol_per_h, dt_h) -> GutReadout:
        """5. The barrier's hour (``barrier.barrier_hour``) on this gut's columns."""
        conc, c = self.lumen.conc, self.colonies
        near = biomass.reshape(len(GUILDS), self.length, self.width)  # rows 0-1 of each column: contact with the mucosa
        mucosa = Mucosa(
            lps_ug_per_ml=conc[F["lps"], :, 0], butyrate_mm=conc[F["butyrate"], :, 0],
            fibre_mm=conc[F["fibre"], :, 0], fibre_next_mm=conc[F["fibre"], :, 1],
            near_pathobiont_cfu=near[G_IDX["pathobionts"], :, 0] + near[G_IDX["pathobionts"], :, 1],
            near_bacteroides_cfu=near[G_IDX["bacteroides"], :, 0] + near[G_IDX["bacteroides"], :, 1],
            probiotic_occupancy=self.strain_occupancy(),
        )
        h = barrier_hour(self.epithelium, mucosa, float(tnf), float(cort_excess), e.barrier_sealed, self.p, self.unit_cfu,
                         self.width, dt_h, lambda fail, failing, dt: self.translocation(dt))
        return GutReadout(
            lps_flux_pg_per_h=float(h.lps_flux_pg_per_h),
            mucosal_butyrate_mm=float(h.mucosal_butyrate_mm),
            gaba_umol_per_h=float(gaba_umol_per_h),
            probiotic_cfu=float(c.cfu[c.probiotic].sum()) if c.probiotic.any() else 0.0,
            translocated_bacteria=int(h.translocated_bacteria),
            translocated_probiotic_bacteria=int(h.translocated_probiotic_bacteria),
            resistance_transfer_events=self._transfers,
            strain_vagal_contact=float(np.asarray(h.strain_vagal_contact)),
        )

    def strain_occupancy(self) -> np.ndarray:
        """Share of each column's adhesion places held by adhered administered strains (0-1), spread (``strain_spread_kernel``)."""
        c, L = self.colonies, self.length
        bound = c.probiotic & c.adhered
        held = np.bincount(np.minimum(c.x[bound].astype(np.intp), L - 1), weights=c.cfu[bound], minlength=L)
        return spread_strains(held, self._strain_spread) / (float(self.p.mucosal_sites_per_column) * self.unit_cfu)

    def translocation(self, dt_h: float) -> tuple[int, int]:
        """Live bacteria crossing failed sites (integrity below 0.5), the immune system clearing most: (events, of which the strains).
        The strains' draws come from their own stream, so the residents' are the same with and without them (MixedGut._crossings)."""
        p, c, L = self.p, self.colonies, self.length
        col, pro = np.minimum(c.x.astype(np.intp), L - 1), c.probiotic
        expected = p.bacterial_translocation_per_cfu * c.cfu * self.epithelium.failure()[col] * (c.y <= 1) * dt_h * (1.0 - p.immune_clearance)
        res, strains = self.rngs["gut.translocation"].poisson(expected[~pro]), self.rngs["gut.strain_crossing"].poisson(expected[pro])
        return int(res.sum() + strains.sum()), int(strains.sum())

    # ------------------------------------------------------------------ readouts
    def guild_cfu(self) -> np.ndarray:
        c = self.colonies
        return np.bincount(c.guild, weights=c.cfu, minlength=len(GUILDS))

    def taxon_cfu(self) -> np.ndarray:
        c = self.colonies
        return taxon_cfu(c, np.flatnonzero(~c.probiotic), self.carrier)

    def shannon(self) -> float:
        return shannon(self.taxon_cfu())

    def field_mean(self, name: str) -> float:
        return float(self.lumen.conc[FIELDS.index(name)].mean())


def _with_kill(traits: GuildTraits, kill: np.ndarray) -> GuildTraits:
    return GuildTraits(traits.growth_max_per_h, traits.death_per_h, traits.antibiotic_kill * kill, traits.lps_ug_per_1e12cfu_h, traits.adhesion_per_h)
