"""The agent-based gut of one host: lumen fields, colonies as array rows, epithelial barrier.

``AgentGut.step`` advances one hour in this order:
  1. inflow: carbohydrate from the ileum, probiotic doses, donor colonies, antibiotic
  2. metabolism: uptake, growth, death and products, per guild per cell (shared kinetics)
  3. colonies: grow/shrink, divide, die, move with the flow, adhere/detach, wash out,
     pass resistance genes, re-seed from the crypt reservoir
  4. fields: diffusion, absorption, mucosal oxygen, flow toward the exit
  5. barrier: damage and repair per site; LPS and live-bacteria translocation
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..params import GUILDS
from .colonies import (
    N_TAXA,
    TAXA_PER_GUILD,
    ColonyTable,
    adhere_and_detach,
    cell_index,
    divide,
    move,
    shannon,
)
from .epithelium import BarrierInputs, Epithelium
from .kinetics import FIELDS, G_IDX, F, GuildTraits, absorb, apply_metabolism, metabolise
from .lumen import Lumen

# Healthy adult composition by biomass across the five modelled guilds (starting point; the
# kinetics set the steady state). Arumugam 2011; Qin 2010: Bacteroidetes ~30-50%, Firmicutes
# butyrate producers ~20-40%, Bifidobacterium 2-10%, Proteobacteria 1-5%, Lactobacillus <1-2%.
HEALTHY_COMPOSITION = np.array([0.02, 0.07, 0.33, 0.53, 0.05])
# Within a guild, taxa have uneven abundance (a few dominant, several rare).
_TAXON_WEIGHTS = np.array([0.30, 0.22, 0.15, 0.11, 0.08, 0.06, 0.05, 0.03])


@dataclass
class Dose:
    """Live colonies arriving from outside this hour (probiotic product, FMT, contamination)."""

    guild: int
    cfu: float
    probiotic: bool
    resistant: bool = False
    taxon: int | None = None  # None: the guild's first taxon for probiotics / reservoir draw


@dataclass
class GutExposure:
    """What acts on the gut this hour, assembled from the diet and active interventions."""

    carbs_g_per_day: dict[str, float]
    antibiotic_mic: float = 0.0
    antibiotic_kill: np.ndarray | None = None  # per-guild susceptibility override (spectrum)
    doses: list[Dose] = field(default_factory=list)
    lps_added_ug: float = 0.0  # endotoxin carried in by a contaminated product
    barrier_sealed: bool = False


@dataclass
class GutReadout:
    """Per-hour outputs of one gut (scalars)."""

    lps_flux_pg_per_h: float
    mucosal_butyrate_mm: float
    gaba_umol_per_h: float
    probiotic_cfu: float
    bacteremia_events: int
    bacteremia_probiotic_events: int
    resistance_transfers: int


def initial_taxon_cfu(total_cfu: float, composition=HEALTHY_COMPOSITION) -> np.ndarray:
    per_guild = total_cfu * np.asarray(composition) / np.sum(composition)
    return (per_guild[:, None] * _TAXON_WEIGHTS[None, :]).ravel()


class AgentGut:
    """One host's gut. Holds a Mesa grid (via Lumen) and colonies as array rows."""

    def __init__(self, p, rngs, mesa_random, composition=HEALTHY_COMPOSITION):
        self.p = p
        self.rngs = rngs
        self.lumen = Lumen(p, mesa_random)
        self.length, self.width = self.lumen.length, self.lumen.width
        self.traits = GuildTraits.from_params(p)
        self.unit_cfu = float(p.colon_bacteria_cfu) / float(p.colonies_target)
        self.min_cfu = 0.02 * self.unit_cfu
        self.reference_cfu_per_cell = float(p.colon_bacteria_cfu) / self.lumen.n_cells
        self.colonies = ColonyTable(capacity=int(p.colonies_target) * 2)
        self.epithelium = Epithelium(self.length)
        self.reservoir = initial_taxon_cfu(1.0, composition)  # crypt/ileal seed bank, shares
        self.washed_out_cfu = 0.0
        self.washed_out_probiotic_cfu = 0.0
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
        self.colonies.add(
            x=rng.uniform(0, self.length, n), y=y, guild=guild, taxon=taxa,
            cfu=self.unit_cfu * rng.uniform(0.7, 1.3, n), adhered=np.zeros(n, bool),
            probiotic=np.zeros(n, bool), resistant=rng.random(n) < 0.02, growth_mult=np.ones(n),
        )
        c = self.colonies
        c.growth_mult[c.resistant] = 1.0 - self.p.resistance_fitness_cost

    def _seed_fields(self) -> None:
        conc = self.lumen.conc
        conc[F["fibre"]] = 5.0
        conc[F["butyrate"]] = 10.0
        conc[F["lactate"]] = 1.0
        conc[F["lps"]] = 1.0

    # ------------------------------------------------------------------ one hour
    def step(self, t_h: float, e: GutExposure, host_tnf: float, host_cortisol_excess: float, dt_h: float = 1.0) -> GutReadout:
        p, c, lumen = self.p, self.colonies, self.lumen
        L, H, C, G = self.length, self.width, lumen.n_cells, len(GUILDS)

        # 1. inflow
        lumen.feed(int(t_h) % 24, e.carbs_g_per_day)
        lumen.secrete_mucin(p, dt_h)
        if e.antibiotic_mic > 0:
            lumen.conc[F["antibiotic"]] = np.maximum(lumen.conc[F["antibiotic"]], e.antibiotic_mic)
        if e.lps_added_ug > 0:
            lumen.add_to_first_column("lps", e.lps_added_ug / (lumen.column_volume_l * 1000.0))
        for dose in e.doses:
            self._add_dose(dose)

        # 2. metabolism per guild per cell
        cell = cell_index(c.x, c.y, L, H)
        key = c.guild * C + cell
        biomass = np.bincount(key, weights=c.cfu * c.growth_mult, minlength=G * C).reshape(G, C)
        traits = self.traits if e.antibiotic_kill is None else _with_kill(self.traits, e.antibiotic_kill)
        flat = lumen.flat()
        m = metabolise(flat, biomass, lumen.cell_volume_l, traits, p, dt_h, self.reference_cfu_per_cell)
        apply_metabolism(flat, m)

        # 3. colonies
        kill_mult = np.where(c.resistant, 0.1, 1.0)
        rate = m.growth_per_h.ravel()[key] * c.growth_mult - m.death_per_h.ravel()[key] * kill_mult
        # mucosal immunity (IgA, antimicrobial peptides) culls pathobionts touching the epithelium
        at_mucosa = (c.guild == G_IDX["pathobionts"]) & (c.y <= 1)
        rate -= at_mucosa * p.mucosal_immune_kill_per_h * p.immune_clearance * self.epithelium.integrity[np.minimum(c.x.astype(np.int32), L - 1)]
        c.cfu[:] = c.cfu * np.exp(rate * dt_h)
        self._resistance_transfer(cell)
        alive = c.cfu >= self.min_cfu
        c.keep(alive)
        divide(c, self.unit_cfu, H, self.rngs["gut.divide"])
        move(c, lumen.flow_cells_per_h * dt_h, p.microbe_mixing_cells_per_h * np.sqrt(dt_h), H, self.rngs["gut.move"])
        detach = np.where(c.probiotic, p.probiotic_detach_per_h, 0.005)
        adhere_and_detach(c, self.traits.adhesion_per_h, detach, int(p.mucosal_sites_per_column), L, dt_h, self.rngs["gut.adhere"])
        out = c.x >= L
        if out.any():
            self.washed_out_cfu += float(c.cfu[out].sum())
            self.washed_out_probiotic_cfu += float(c.cfu[out & c.probiotic].sum())
            c.keep(~out)
        self._reseed(dt_h)

        # 4. fields
        lumen.diffuse(p.field_diffusion_per_h * dt_h)
        absorb(flat, p, dt_h)
        lumen.set_mucosal_oxygen(p)
        lumen.flow(dt_h)

        # 5. barrier and translocation
        return self._barrier(e, biomass, host_tnf, host_cortisol_excess, m.gaba_umol.sum() / dt_h, dt_h)

    # ------------------------------------------------------------------ phases
    def _add_dose(self, d: Dose) -> None:
        rng = self.rngs["gut.dose"]
        size = min(0.1 * self.unit_cfu, d.cfu) if d.probiotic else self.unit_cfu
        k = max(int(np.ceil(d.cfu / size)), 1)
        if d.cfu / k < self.min_cfu:
            return
        taxon = d.taxon if d.taxon is not None else d.guild * TAXA_PER_GUILD
        if d.taxon is None and not d.probiotic:
            w = self.reservoir[d.guild * TAXA_PER_GUILD:(d.guild + 1) * TAXA_PER_GUILD]
            taxon = d.guild * TAXA_PER_GUILD + rng.choice(TAXA_PER_GUILD, size=k, p=w / w.sum()) if w.sum() > 0 else taxon
        gm = (self.p.probiotic_growth_factor if d.probiotic else 1.0) * ((1 - self.p.resistance_fitness_cost) if d.resistant else 1.0)
        self.colonies.add(
            x=rng.uniform(0, 1.0, k), y=rng.integers(0, self.width, k).astype(np.int32), guild=d.guild, taxon=taxon,
            cfu=d.cfu / k, adhered=False, probiotic=d.probiotic, resistant=d.resistant, growth_mult=gm,
        )

    def _resistance_transfer(self, cell: np.ndarray) -> None:
        c, p = self.colonies, self.p
        self._transfers = 0
        if p.resistance_transfer_per_contact_h <= 0 or not c.resistant.any():
            return
        res_per_cell = np.bincount(cell[c.resistant], minlength=self.lumen.n_cells)
        exposure = res_per_cell[cell] * ~c.resistant
        prob = 1.0 - (1.0 - p.resistance_transfer_per_contact_h) ** exposure
        got = self.rngs["gut.resistance"].random(c.n) < prob
        if got.any():
            c.resistant[got] = True
            c.growth_mult[got] *= 1.0 - p.resistance_fitness_cost
            self._transfers = int(got.sum())

    def _reseed(self, dt_h: float) -> None:
        """Crypt/ileal reservoir seeds new colonies at the mucosa (recovery after antibiotics)."""
        rng = self.rngs["gut.reseed"]
        lam = self.p.ileal_inoculum_fraction_per_h * dt_h * self.p.colonies_target
        k = rng.poisson(lam)
        if k == 0 or self.reservoir.sum() <= 0:
            return
        taxa = rng.choice(N_TAXA, size=k, p=self.reservoir / self.reservoir.sum())
        guild = taxa // TAXA_PER_GUILD
        self.colonies.add(
            x=rng.uniform(0, self.length, k), y=np.zeros(k, np.int32), guild=guild, taxon=taxa,
            cfu=0.5 * self.unit_cfu, adhered=False, probiotic=False, resistant=False, growth_mult=1.0,
        )

    def update_reservoir(self) -> None:
        """Once a day: the seed bank follows which taxa are still present (lost taxa fade out)."""
        present = self.taxon_cfu() > 0
        self.reservoir = self.reservoir * np.where(present, 1.0, 0.85)

    def _barrier(self, e: GutExposure, biomass, tnf, cort_excess, gaba_umol_per_h, dt_h) -> GutReadout:
        p, lumen, H = self.p, self.lumen, self.width
        conc = lumen.conc
        near = biomass.reshape(len(GUILDS), self.length, H)[:, :, :2].sum(axis=2)  # rows 0-1 per column
        ref = self.unit_cfu * H * 0.5
        probiotic_cfu = float(self.colonies.cfu[self.colonies.probiotic].sum())
        signal = probiotic_cfu / (p.probiotic_signal_ec50_cfu + probiotic_cfu)
        inputs = BarrierInputs(
            lps_ug_per_ml=conc[F["lps"], :, 0],
            butyrate_mm=conc[F["butyrate"], :, 0],
            pathobiont_contact=near[G_IDX["pathobionts"]] / ref,
            bacteroides_contact=near[G_IDX["bacteroides"]] / (ref * 5),
            fibre_mm=conc[F["fibre"], :, 0:2].mean(axis=1),
            tnf_pg_per_ml=float(tnf),
            cortisol_excess=float(cort_excess),
            probiotic_signal=signal,
            sealed=e.barrier_sealed,
        )
        self.epithelium.step(inputs, p, dt_h)
        lm = self.epithelium.lm_ratio(p)
        if e.barrier_sealed:
            lm = np.full_like(lm, p.lm_ratio_sealed)
        lps_flux = float(p.lps_translocation_pg_per_h * np.mean(lm * conc[F["lps"], :, 0]))
        # live bacteria crossing failed sites; the immune system clears most
        events = probiotic_events = 0
        fail = self.epithelium.failure()
        if fail.any() and not e.barrier_sealed:
            c = self.colonies
            near_rows = c.y <= 1
            col = np.minimum(c.x.astype(np.int32), self.length - 1)
            expected = p.bacterial_translocation_per_cfu * c.cfu * fail[col] * near_rows * dt_h * (1.0 - p.immune_clearance)
            hits = self.rngs["gut.translocation"].poisson(expected)
            events = int(hits.sum())
            probiotic_events = int(hits[c.probiotic].sum())
        return GutReadout(
            lps_flux_pg_per_h=lps_flux,
            mucosal_butyrate_mm=float(conc[F["butyrate"], :, 0].mean()),
            gaba_umol_per_h=float(gaba_umol_per_h),
            probiotic_cfu=probiotic_cfu,
            bacteremia_events=events,
            bacteremia_probiotic_events=probiotic_events,
            resistance_transfers=getattr(self, "_transfers", 0),
        )

    # ------------------------------------------------------------------ readouts
    def guild_cfu(self) -> np.ndarray:
        c = self.colonies
        return np.bincount(c.guild, weights=c.cfu, minlength=len(GUILDS))

    def taxon_cfu(self) -> np.ndarray:
        c = self.colonies
        return np.bincount(c.taxon[~c.probiotic], weights=c.cfu[~c.probiotic], minlength=N_TAXA)

    def shannon(self) -> float:
        return shannon(self.taxon_cfu())

    def field_mean(self, name: str) -> float:
        return float(self.lumen.conc[FIELDS.index(name)].mean())


def _with_kill(traits: GuildTraits, kill: np.ndarray) -> GuildTraits:
    return GuildTraits(traits.growth_max_per_h, traits.death_per_h, traits.antibiotic_kill * kill,
                       traits.lps_ug_per_1e12cfu_h, traits.adhesion_per_h)
