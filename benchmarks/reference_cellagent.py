"""Reference for the benchmarks: the gut's microbe rules written the straightforward Mesa way.

One ``mesa.discrete_space.CellAgent`` per colony, living on an ``OrthogonalVonNeumannGrid``
of the lumen's shape (its own: the model's lumen is plain arrays since issue #13) over the same
fields as ``gutbrain_sim.gut.agent_gut.AgentGut`` (it reuses ``Lumen``, the shared kinetics and
the ``Epithelium``), and applying the round-3 rules in the same order, one agent at a time:
eat local substrate (shared kinetics per cell), grow/shrink, swap resistance genes with
colonies in the same cell, die below the minimum size, divide at twice the unit size,
move with the flow and mixing, adhere to and detach from the mucus, wash out, and be
re-seeded from the crypt reservoir. Later refinements of AgentGut (the lumen stirred across
each column past the caecum, adhesion room in CFU, the seed bank's immigration) are not copied:
they add little work per colony, and the yardstick measures the cost of one Python agent per
colony, not the newest rules. Randomness comes from the model's ``random`` (Python's
generator), so runs are reproducible but do not match AgentGut draw for draw.

It is kept only as the yardstick of ``bench_microbes.py``; the model never imports it.
"""

from __future__ import annotations

import math
from collections import Counter

import mesa
import numpy as np
from mesa.discrete_space import CellAgent, OrthogonalVonNeumannGrid

from gutbrain_sim.core.streams import Streams
from gutbrain_sim.gut.agent_gut import AgentGut, GutExposure
from gutbrain_sim.gut.colonies import N_TAXA, TAXA_PER_GUILD
from gutbrain_sim.gut.epithelium import BarrierInputs, Epithelium
from gutbrain_sim.gut.kinetics import G_IDX, F, GuildTraits, absorb, apply_metabolism, metabolise
from gutbrain_sim.gut.lumen import Lumen
from gutbrain_sim.params import GUILDS

PATHOBIONTS = G_IDX["pathobionts"]
BACTEROIDES = G_IDX["bacteroides"]


class Colony(CellAgent):
    """One colony (super-individual) as a Mesa agent."""

    def __init__(self, model: ReferenceGut, x: float, y: int, guild: int, taxon: int, cfu: float,
                 probiotic: bool = False, resistant: bool = False, growth_mult: float = 1.0, adhered: bool = False):
        super().__init__(model)
        self.x, self.y = float(x), int(y)
        self.guild, self.taxon = int(guild), int(taxon)
        self.cfu = float(cfu)
        self.probiotic, self.resistant, self.adhered = bool(probiotic), bool(resistant), bool(adhered)
        self.growth_mult = float(growth_mult)
        self.cell = model.grid[(self.column, self.y)]

    @property
    def column(self) -> int:
        return min(int(self.x), self.model.length - 1)

    def cell_id(self) -> int:
        return self.column * self.model.width + self.y

    def grow(self) -> None:
        m = self.model
        k = self.cell_id()
        rate = m.growth[self.guild, k] * self.growth_mult - m.death[self.guild, k] * (0.1 if self.resistant else 1.0)
        if self.guild == PATHOBIONTS and self.y <= 1:
            rate -= m.immune_kill_per_h * m.epithelium.integrity[self.column]
        self.cfu *= math.exp(rate * m.dt_h)

    def pick_up_resistance(self) -> None:
        m = self.model
        if self.resistant:
            return
        contacts = m.resistant_in_cell[self.cell_id()]
        if contacts and m.random.random() < 1.0 - (1.0 - m.p.resistance_transfer_per_contact_h) ** contacts:
            self.resistant = True
            self.growth_mult *= 1.0 - m.p.resistance_fitness_cost
            m.transfers += 1

    def die_if_small(self) -> None:
        if self.cfu < self.model.min_cfu:
            self.remove()

    def divide(self) -> None:
        m = self.model
        while self.cfu >= 2.0 * m.unit_cfu:
            self.cfu *= 0.5
            y = 1 if self.adhered else min(max(self.y + m.random.randint(-1, 1), 0), m.width - 1)
            daughter = Colony(m, self.x, y, self.guild, self.taxon, self.cfu, self.probiotic, self.resistant, self.growth_mult)
            daughter.divide()

    def move(self) -> None:
        if self.adhered:
            return
        m = self.model
        self.x = max(self.x + m.flow_cells + m.mixing_sd * m.random.gauss(0.0, 1.0), 0.0)
        y = abs(self.y + round(m.mixing_sd * m.random.gauss(0.0, 1.0)))
        if y > m.width - 1:
            y = 2 * (m.width - 1) - y
        self.y = min(max(y, 0), m.width - 1)
        if self.x < m.length:
            self.cell = m.grid[(self.column, self.y)]

    def detach(self) -> None:
        m = self.model
        rate = m.p.probiotic_detach_per_h if self.probiotic else 0.005
        if self.adhered and m.random.random() < rate * m.dt_h:
            self.adhered = False

    def try_adhere(self) -> None:
        m = self.model
        if self.adhered or self.y != 0 or self.x >= m.length:
            return
        if m.random.random() < m.traits.adhesion_per_h[self.guild] * m.dt_h and m.occupied[self.column] < m.sites:
            self.adhered = True
            m.occupied[self.column] += 1

    def wash_out(self) -> None:
        m = self.model
        if self.x >= m.length:
            m.washed_out_cfu += self.cfu
            self.remove()


class ReferenceGut(mesa.Model):
    """The same gut as AgentGut, with one CellAgent per colony."""

    def __init__(self, p, seed: int = 1, start_from: AgentGut | None = None):
        super().__init__(seed=seed)
        self.p = p
        self.lumen = Lumen(p)
        self.length, self.width = self.lumen.length, self.lumen.width
        self.grid = OrthogonalVonNeumannGrid((self.length, self.width), torus=False, random=self.random)
        self.traits = GuildTraits.from_params(p)
        self.unit_cfu = float(p.colon_bacteria_cfu) / float(p.colonies_target)
        self.min_cfu = 0.02 * self.unit_cfu
        self.reference_cfu_per_cell = float(p.colon_bacteria_cfu) / self.lumen.n_cells
        self.epithelium = Epithelium(self.length)
        self.immune_kill_per_h = p.mucosal_immune_kill_per_h * p.immune_clearance
        self.sites = int(p.mucosal_sites_per_column)
        self.mixing_sd = float(p.microbe_mixing_cells_per_h)
        self.washed_out_cfu = 0.0
        self.transfers = 0
        self.dt_h = 1.0
        src = start_from or AgentGut(p, Streams(seed))
        self.reservoir = src.reservoir.copy()
        self.lumen.conc[:] = src.lumen.conc
        c = src.colonies
        for i in range(c.n):
            Colony(self, c.x[i], c.y[i], c.guild[i], c.taxon[i], c.cfu[i], c.probiotic[i], c.resistant[i],
                   c.growth_mult[i], c.adhered[i])

    @property
    def n_colonies(self) -> int:
        return len(self.agents)

    def guild_cfu(self) -> np.ndarray:
        out = np.zeros(len(GUILDS))
        for a in self.agents:
            out[a.guild] += a.cfu
        return out

    def step(self, t_h: int = 0, e: GutExposure | None = None, tnf: float = 2.0, cortisol_excess: float = 0.0) -> None:
        p, lumen, dt_h = self.p, self.lumen, self.dt_h
        e = e or GutExposure(carbs_g_per_day={"fibre": float(p.fibre_g_per_day), "sugar": float(p.sugar_g_per_day)})
        # 1. inflow
        lumen.feed(int(t_h) % 24, e.carbs_g_per_day)
        lumen.secrete_mucin(p, dt_h)
        # 2. metabolism: each colony adds its biomass to its cell; shared kinetics per cell
        biomass = np.zeros((len(GUILDS), lumen.n_cells))
        for a in self.agents:
            biomass[a.guild, a.cell_id()] += a.cfu * a.growth_mult
        flat = lumen.flat()
        m = metabolise(flat, biomass, lumen.cell_volume_l, self.traits, p, dt_h, self.reference_cfu_per_cell)
        apply_metabolism(flat, m)
        self.growth, self.death = m.growth_per_h, m.death_per_h
        # 3. colonies, rule by rule, agent by agent
        self.transfers = 0
        self.agents.shuffle_do("grow")
        self.resistant_in_cell = Counter(a.cell_id() for a in self.agents if a.resistant)
        self.agents.shuffle_do("pick_up_resistance")
        self.agents.do("die_if_small")
        self.agents.do("divide")
        self.flow_cells = lumen.flow_cells_per_h * dt_h
        self.agents.shuffle_do("move")
        self.agents.do("detach")
        self.occupied = Counter(a.column for a in self.agents if a.adhered)
        self.agents.shuffle_do("try_adhere")
        self.agents.do("wash_out")
        self._reseed()
        # 4. fields
        lumen.diffuse(p.field_diffusion_per_h * dt_h)
        absorb(flat, p, dt_h)
        lumen.set_mucosal_oxygen(p)
        lumen.flow(dt_h)
        # 5. barrier and translocation
        self._barrier(biomass, tnf, cortisol_excess)

    def _reseed(self) -> None:
        k = int(np.random.default_rng(self.random.getrandbits(32)).poisson(
            self.p.ileal_inoculum_fraction_per_h * self.dt_h * self.p.colonies_target))
        weights = list(self.reservoir)
        for taxon in self.random.choices(range(N_TAXA), weights=weights, k=k):
            Colony(self, self.random.uniform(0, self.length), 0, taxon // TAXA_PER_GUILD, taxon, 0.5 * self.unit_cfu)

    def _barrier(self, biomass, tnf, cortisol_excess) -> None:
        p, conc, H = self.p, self.lumen.conc, self.width
        near = biomass.reshape(len(GUILDS), self.length, H)[:, :, :2].sum(axis=2)
        ref = self.unit_cfu * H * 0.5
        held = np.zeros(self.length)  # adhesion places held by administered strains, per column
        for a in self.agents:
            if a.probiotic and a.adhered:
                held[min(int(a.x), self.length - 1)] += a.cfu
        occupancy = held / (float(p.mucosal_sites_per_column) * self.unit_cfu)
        self.epithelium.step(BarrierInputs(
            lps_ug_per_ml=conc[F["lps"], :, 0], butyrate_mm=conc[F["butyrate"], :, 0],
            pathobiont_contact=near[PATHOBIONTS] / ref, bacteroides_contact=near[BACTEROIDES] / (ref * 5),
            fibre_mm=conc[F["fibre"], :, 0:2].mean(axis=1), tnf_pg_per_ml=tnf, cortisol_excess=cortisol_excess,
            probiotic_occupancy=occupancy), p, self.dt_h)
        fail = self.epithelium.failure()
        self.bacteremia_events = 0
        if fail.any():
            rate = p.bacterial_translocation_per_cfu * self.dt_h * (1.0 - p.immune_clearance)
            for a in self.agents:
                if a.y <= 1 and fail[a.column] > 0:
                    self.bacteremia_events += int(np.random.default_rng(self.random.getrandbits(32)).poisson(rate * a.cfu * fail[a.column]))
