"""A fast well-mixed gut for many hosts at once: taxon biomass per host on the shared rate laws.

The agent-based gut (``agent_gut.AgentGut``) follows thousands of colonies on a grid for one
host. Virtual trials need hundreds of hosts for weeks, so this representation keeps only
what the host physiology reads, for every host in one set of numpy arrays:

* the colon as ``mixed_gut_segments`` well-mixed segments in series: the first is the agent
  gut's stirred caecum (``caecum_length_fraction`` of the colon), the others share the rest
  equally (a tanks-in-series approximation of the grid's plug flow past the caecum); meals,
  doses and donor stool enter the first segment and each hourly step a segment passes on 1 / its
  residence (its share x ``transit_h``) of its content, so content stays its residence, as on the grid.
* two places per segment: the **mucosal layer** (the grid's row touching the epithelium,
  1/width of the volume, where colonies adhere, oxygen leaks in and mucin is secreted) and
  the **lumen** (the other rows); they exchange dissolved fields at the grid's
  neighbour-exchange rate ``field_diffusion_per_h``.
* resident biomass by guild, ``res[susceptible/resistant, free/adhered, guild, segment, host]``,
  and the administered probiotic strains, ``pro[...]`` in the same layout. Taxa within a
  guild share every rate, so only inflows (reseeding from the seed bank, donor stool) and
  extinction change their shares: ``share[taxon, host]`` holds them (for Shannon diversity). Free
  resident biomass sits 1/width in the mucosal layer (free strains are kept by row: ``mixed_places``); adhered
  residents fill the mucosal sites (``mucosal_sites_per_column`` colonies per column) and shed daughters into
  the lumen; administered strains bind the outer mucus without taking a site.
* one epithelial site per segment and host, arrays [host, segment]; the barrier's hour is ``barrier.barrier_hour``,
  as in the agent gut.

Every rate is the agent gut's: ``kinetics.metabolise / apply_metabolism / absorb / epithelial_oxygen /
mucin_supply_mm_per_h`` and ``Epithelium``; so is the hour's order (``engine``, step 2). Not represented: positions
within a segment, resistance-gene transfer between colonies (always 0 here) and colony-level drift apart from
Poisson reseeding. ``tests/test_mixed_gut.py`` states how closely it matches the agent-based gut.
"""

from __future__ import annotations

import numpy as np

from .barrier import Mucosa, barrier_hour
from .colonies import FOUNDER_UNITS, TAXA_PER_GUILD
from .community import (
    HEALTHY_COMPOSITION,
    TAXON_WEIGHTS,
    immigrant_rate,
    initial_taxon_cfu,
    refuge_day,
)
from .epithelium import Epithelium
from .kinetics import (
    CARBS,
    FIELDS,
    G_IDX,
    HEXOSE_MMOL_PER_G,
    F,
    GuildTraits,
    KineticsWork,
    absorb,
    apply_metabolism,
    bile_death_per_h,
    epithelial_oxygen,
    metabolise,
    mucin_supply_mm_per_h,
)
from .lumen import colonic_inflow_fraction, tank_outflow_share
from .mixed_places import segment_weights, strains_adhere, walk_matrices
from .mixed_readouts import (
    ADHERED,
    FREE,
    LUMEN,
    MUCOSA,
    N_G,
    TAXON_GUILD,
    MixedReadouts,
    person_sum,
)
from .signals import GutReadout, HostToGut

N_F = len(FIELDS)
RESISTANT_ANTIBIOTIC_KILL = 0.1  # as in AgentGut: a resistance gene cuts antibiotic killing 10-fold
RESEED_EVERY_H = 6  # seed-bank colonies are drawn every 6 h (6 h of Poisson arrivals at once; saves time)


def _guild_kill(e, n: int) -> np.ndarray:
    """Per-guild antibiotic susceptibility multipliers of an exposure as (G, n) (ones when unset)."""
    kill = getattr(e, "antibiotic_kill", None)
    if kill is None:
        return np.ones((N_G, n))
    kill = np.asarray(kill, float)
    return np.broadcast_to(kill[:, None] if kill.ndim == 1 else kill, (N_G, n))


class MixedGut(MixedReadouts):
    """The guts of ``n`` hosts as well-mixed segments; ``step`` advances all of them by one hour.

    Args:
        p: parameters (floats, or arrays of shape (n,) for the host-level ones that differ).
        n: number of hosts.
        rng: random source for reseeding and bacteraemia (``streams.PeopleRNG``: each person's draws from their own stream).
        composition: starting guild shares, (guilds,) or (guilds, n).
        immigration: random source for the immigrants of taxa lost from the seed bank (default: ``rng``;
            ``make_gut`` gives each person's "gut.immigration" stream, as ``AgentGut``'s).
        strain_crossing: random source for administered strains crossing a failing barrier (default: ``rng``;
            ``make_gut`` gives each person's "gut.strain_crossing" stream, as ``AgentGut``'s).
        carrier: (taxa, n) bool, the taxa carrying the resistance gene (``community.draw_carriers``; default: all).
    """

    def __init__(self, p, n: int, rng, composition=None, immigration=None, carrier=None, permissive=None, strain_crossing=None):
        self.n, self.carrier = int(n), carrier
        # people whose mucosa holds administered strains in place (community.draw_strain_permissive; default none)
        self.conveyed = np.ones(self.n) if permissive is None else np.where(np.asarray(permissive, bool), 0.0, 1.0)
        self.rng = rng
        self.immigration = rng if immigration is None else immigration
        self.strain_crossing = rng if strain_crossing is None else strain_crossing
        self.S = int(p.mixed_gut_segments)
        self.length, self.width = int(p.grid_length_cells), int(p.grid_width_cells)
        self.w = segment_weights(p, self.S, self.length)
        self.volume_l = float(p.colon_content_volume_l)
        self.unit_cfu = float(p.colon_bacteria_cfu) / float(p.colonies_target)
        self.min_cfu = 0.02 * self.unit_cfu
        self.columns_per_segment = self.length / self.S * self.w
        self.capacity_cfu = float(p.mucosal_sites_per_column) * self.columns_per_segment * self.unit_cfu
        self.traits = GuildTraits.from_params(p)
        # metabolise reports antibiotic killing at unit susceptibility; each host's spectrum and
        # each colony's resistance scale it here (spectra differ between hosts of a cohort)
        self.traits_unit_antibiotic = GuildTraits(self.traits.growth_max_per_h, self.traits.death_per_h, np.ones(N_G),
                                                  self.traits.lps_ug_per_1e12cfu_h, self.traits.adhesion_per_h)
        self._set_params(p)
        comp = np.asarray(HEALTHY_COMPOSITION if composition is None else composition, float)
        comp = np.broadcast_to(comp[:, None] if comp.ndim == 1 else comp, (N_G, self.n))
        comp = comp / person_sum(comp, 0)[None, :]
        per_segment = np.repeat(float(p.colon_bacteria_cfu) * comp[:, None, :] / self.S, self.S, axis=1) * self.w  # (G, S, n)
        self.res = np.zeros((2, 2, N_G, self.S, self.n))
        resistant = float(p.resident_resistance_fraction)  # as AgentGut: a share of colonies carry a resistance gene
        self.res[0, FREE] = (1.0 - resistant) * per_segment
        self.res[1, FREE] = resistant * per_segment
        self.pro = np.zeros((2, 2, N_G, self.S, self.n))
        self.pro_rows = np.zeros((2, N_G, self.width, self.S, self.n))  # free strains by row (mixed_strains)
        self.share = np.repeat((TAXON_WEIGHTS / TAXON_WEIGHTS.sum())[:, None], N_G, axis=1).T.reshape(-1, 1) * np.ones((1, self.n))
        self.share_res = None if carrier is None else self.resistant_shares(self.share, carrier)  # res[1]'s taxa: the carriers
        healthy = np.repeat(HEALTHY_COMPOSITION / HEALTHY_COMPOSITION.sum(), TAXA_PER_GUILD)[:, None]
        self.reservoir = initial_taxon_cfu(1.0)[:, None] * comp[TAXON_GUILD] / healthy  # (T, n) seed-bank shares
        self.reservoir_full = self.reservoir.copy()  # its usual size (an antibiotic depletes it: community.refuge_day)
        self.spectrum = np.ones((N_G, self.n))  # the last antibiotic's per-guild susceptibility multipliers
        self.c = np.zeros((N_F, 2, self.S, self.n))
        self.c[F["fibre"]] = 5.0
        self.c[F["butyrate"]] = 10.0
        self.c[F["lactate"]] = 1.0
        self.c[F["lps"]] = 1.0
        self.epithelium = Epithelium((self.n, self.S))  # sites [person, segment]
        self.sealed = np.zeros(self.n, bool)

    def _set_params(self, p) -> None:
        """Host-level parameter arrays repeated for every place (2 layers x S segments), and as columns [person, 1]
        for the barrier's sites [person, segment]."""
        self.p = p
        n, S, H = self.n, self.S, self.width
        per_place = {k: np.tile(v, 2 * S) for k, v in p.items() if isinstance(v, np.ndarray) and v.shape == (n,)}
        per_person = {k: v[:, None] for k, v in p.items() if isinstance(v, np.ndarray) and v.shape == (n,)}
        self.pp = p.replace(**per_place) if per_place else p
        self.pc = p.replace(**per_person) if per_person else p
        seg = self.volume_l / S
        w = np.repeat(self.w[:, 0], n)
        self.place_volume_l = np.concatenate([seg / H * w, seg * (H - 1) / H * w])
        self.reference_cfu = float(p.colon_bacteria_cfu) * self.place_volume_l / self.volume_l  # phage lysis scale
        self.flow_per_h = S / np.broadcast_to(np.asarray(p.transit_h, float), (n,))[None, :] / self.w  # (S, n)
        self.work = KineticsWork(2 * S * n)
        self.walks = walk_matrices(H, p.microbe_mixing_cells_per_h, n)

    def take(self, idx: np.ndarray, p, rng) -> None:
        """Keep only hosts ``idx`` (e.g. after screening); ``p`` and ``rng`` belong to the kept hosts."""
        idx = np.asarray(idx, int)
        self.immigration = rng if self.immigration is self.rng else self.immigration.take(idx)
        self.strain_crossing = rng if self.strain_crossing is self.rng else self.strain_crossing.take(idx)
        self.n, self.rng = len(idx), rng
        self._set_params(p)
        for name in ("res", "pro", "pro_rows", "share", "share_res", "carrier", "reservoir", "reservoir_full", "spectrum", "c", "conveyed"):
            a = getattr(self, name)  # people: last axis
            setattr(self, name, None if a is None else a[..., idx].copy())
        self.epithelium = self.epithelium.take(idx)  # with the junctions mast cells hold open (branch mast)
        self.sealed = self.sealed[idx].copy()

    # ------------------------------------------------------------------ one hour
    def step(self, t_h: float, e, host: HostToGut, dt_h: float = 1.0) -> GutReadout:
        """Advance every host's gut by ``dt_h`` hours under exposure ``e`` (an ``interventions.Exposure``)."""
        p, n, S, H = self.p, self.n, self.S, self.width
        flat = self.c.reshape(N_F, 2 * S * n)

        # 1. inflow: carbohydrate from the ileum, mucin, antibiotic, contaminant LPS, doses
        frac = colonic_inflow_fraction(int(t_h) % 24)
        if frac > 0:
            for name in CARBS:
                grams = e.carbs_g_per_day.get(name)
                if grams is not None:
                    self.c[F[name], :, 0] += (np.asarray(grams) * frac * HEXOSE_MMOL_PER_G * S / self.w[0, 0] / self.volume_l)[None, :]
        self.c[F["mucin"], MUCOSA] += mucin_supply_mm_per_h(p, self.volume_l / H) * dt_h
        abx = np.broadcast_to(np.asarray(e.antibiotic_mic, float), (n,))
        if np.any(abx > 0):
            self.c[F["antibiotic"]] = np.maximum(self.c[F["antibiotic"]], abx)
            self.spectrum = np.where(abx[None, :] > 0, _guild_kill(e, n), self.spectrum)  # the drug now in the lumen
        if e.lps_added_ug is not None and np.any(np.asarray(e.lps_added_ug) > 0):
            self.c[F["lps"], :, 0] += np.asarray(e.lps_added_ug) * S / self.w[0, 0] / (self.volume_l * 1000.0)
        self._add_doses(e)

        # 2. metabolism in every place (shared kinetics)
        gm_res = np.array([1.0, 1.0 - p.resistance_fitness_cost])
        gm_pro = p.probiotic_growth_factor * gm_res
        res = np.einsum("r,rpgsn->pgsn", gm_res, self.res)
        adhered = res[ADHERED] + np.einsum("r,rgsn->gsn", gm_pro, self.pro[:, ADHERED])
        rows = np.einsum("r,rghsn->ghsn", gm_pro, self.pro_rows)  # free strains by row
        biomass = np.stack([adhered + res[FREE] / H + rows[:, 0], res[FREE] * (H - 1) / H + person_sum(rows[:, 1:], 1)], axis=1)
        near = adhered + res[FREE] * 2.0 / H + rows[:, 0] + rows[:, 1]  # (G, S, n): rows 0-1, touching the mucosa
        m = metabolise(flat, biomass.reshape(N_G, -1), self.place_volume_l, self.traits_unit_antibiotic, self.pp, dt_h,
                       self.reference_cfu, work=self.work)
        apply_metabolism(flat, m)

        # 3. biomass: grow and die in each place, mucosal immunity, flow, adhesion, shedding, reseeding
        growth = m.growth_per_h.reshape(N_G, 2, S, n)
        death = m.death_per_h.reshape(N_G, 2, S, n)
        if m.antibiotic_death_per_h is None:  # no antibiotic anywhere
            unit_abx = np.zeros_like(death)
        else:
            unit_abx = m.antibiotic_death_per_h.reshape(N_G, 2, S, n)
            death = death - unit_abx  # background and phage lysis
        # bile acids against bile-sensitive guilds (zero at or below the reference fat intake)
        death = death + bile_death_per_h(np.broadcast_to(np.asarray(e.fat_g_per_day, float), (n,)), p)[:, None, None, :]
        # the drug left in the lumen after the last dose keeps its spectrum (it was killing as a broad one)
        susceptibility = self.traits.antibiotic_kill[:, None] * self.spectrum  # (G, n)
        abx_death = susceptibility[:, None, None, :] * unit_abx
        immune = np.zeros((N_G, S, n))
        immune[G_IDX["pathobionts"]] = p.mucosal_immune_kill_per_h * p.immune_clearance  # as AgentGut: secreted, not gated by the barrier
        for r in (0, 1):
            d = death + abx_death * (RESISTANT_ANTIBIOTIC_KILL if r == 1 else 1.0)
            for arr, gmult, imm in ((self.res, gm_res[r], immune), (self.pro, gm_pro[r], 0.0)):
                rate_muc = growth[:, MUCOSA] * gmult - d[:, MUCOSA]
                rate_lum = growth[:, LUMEN] * gmult - d[:, LUMEN]
                # free colonies spend 1/width of the time in the mucosal layer; rows 0-1 meet mucosal immunity
                free_rate = rate_muc / H + rate_lum * (H - 1) / H - imm * 2.0 / H
                arr[r, FREE] *= np.exp(free_rate * dt_h)
                arr[r, ADHERED] *= np.exp((rate_muc - imm) * dt_h)
            self.pro_rows[r, :, 0] *= np.exp(rate_muc * dt_h)  # free strains grow in their own row (the rates are theirs,
            self.pro_rows[r, :, 1:] *= np.exp(rate_lum * dt_h)[:, None]  # the loop's last); pro[:, FREE] is reset below
        self._flow_biomass(dt_h)  # the gut's order (engine.py, step 2): move with the flow, then adhere and shed, then convey
        self._adhere_and_shed(dt_h)
        self._convey_bound(dt_h)
        self.res[:, self.res.sum(axis=0) < self.min_cfu] = 0.0  # less than one small colony in a place: gone (a colony's parts, AgentGut)
        self.pro_rows *= person_sum(self.pro_rows, 2)[:, :, None] >= 1.0  # strains are tracked as a population (a stool
        self.pro[:, FREE] = person_sum(self.pro_rows, 2)  # test finds few CFU); pro's free cells are pro_rows' sum
        self.pro[self.pro < 1.0] = 0.0
        if int(t_h) % RESEED_EVERY_H == 0:
            self._reseed(dt_h * RESEED_EVERY_H)
            self._drop_lost_taxa()

        # 4. fields: mucosal layer <-> lumen exchange, absorption, mucosal oxygen, flow
        ex = p.field_diffusion_per_h * dt_h
        diff = self.c[:, MUCOSA] - self.c[:, LUMEN]
        self.c[:, MUCOSA] -= ex * diff
        self.c[:, LUMEN] += ex * diff / (H - 1)
        absorb(flat, self.pp, dt_h)
        self.c[F["oxygen"], MUCOSA] = epithelial_oxygen(self.c[F["butyrate"], MUCOSA], p)  # then it flows, as in AgentGut
        self._flow(self.c, dt_h, concentration=True)

        # 5. barrier and translocation
        gaba = person_sum(m.gaba_umol.reshape(2, S, n), (0, 1)) / dt_h
        return self._barrier(e, near, host.tnf_pg_per_ml, host.cortisol_excess, gaba, dt_h)

    # ------------------------------------------------------------------ phases
    def _flow(self, x: np.ndarray, dt_h: float, speed=1.0, concentration=False) -> None:
        """Move content of the segment axis (second to last) on at ``speed`` times the luminal flow, a segment keeping it
        its residence (``lumen.tank_outflow_share``; free biomass as the fluid, as the agent gut's caecum lets colonies go:
        ``colonies.caecum_leave_share``); the last segment's outflow leaves; a ``concentration`` is diluted into the next."""
        share, passes = tank_outflow_share(self.flow_per_h * speed, dt_h)
        for _ in range(passes):
            out = x * share
            x -= out
            x[..., 1:, :] += out[..., :-1, :] * (self.w[:-1] / self.w[1:]) if concentration else out[..., :-1, :]

    def _flow_biomass(self, dt_h: float) -> None:  # the free cells (AgentGut: colonies.move, stir_caecum)
        self._flow(self.res[:, FREE], dt_h)
        self._flow(self.pro_rows, dt_h)

    def _convey_bound(self, dt_h: float) -> None:  # strains bound to the loose outer mucus ride it (AgentGut: convey_outer_mucus), not on a permissive mucosa
        self._flow(self.pro[:, ADHERED], dt_h, self.p.outer_mucus_flow_fraction * self.conveyed)

    def _add_doses(self, e) -> None:
        for guild, cfu, probiotic, resistant in e.doses:
            cfu = np.broadcast_to(np.asarray(cfu, float), (self.n,))
            if probiotic:  # spread over the rows, as the agent gut's dose colonies
                self.pro_rows[int(resistant), guild, :, 0] += cfu / self.width
                self.pro[int(resistant), FREE, guild, 0] += cfu
            else:
                self._add_residents(guild, cfu, resistant)
        donor = getattr(e, "donor_share", None)
        if donor is not None:
            donor = np.asarray(donor, float)
            for g in range(N_G):
                cfu = np.broadcast_to(donor[g] * float(self.p.colon_bacteria_cfu), (self.n,))
                if np.any(cfu > 0):
                    self._add_residents(g, cfu, False, donor=True)

    def _add_residents(self, guild: int, cfu: np.ndarray, resistant: bool, donor: bool = False) -> None:
        """Live non-probiotic bacteria of a guild into the first segment, spread over its taxa
        (a donor's full set of taxa, or the host's own seed bank for contaminants)."""
        sl = slice(guild * TAXA_PER_GUILD, (guild + 1) * TAXA_PER_GUILD)
        w = np.repeat(TAXON_WEIGHTS[:, None], self.n, axis=1) if donor else self.reservoir[sl].copy()
        w[0, person_sum(w, 0) <= 0] = 1.0
        self._mix_shares(guild, w / person_sum(w, 0) * cfu[None, :], int(resistant))
        self.res[int(resistant), FREE, guild, 0] += cfu

    def _mix_shares(self, guild: int, inflow_by_taxon: np.ndarray, part: int = 0) -> None:
        """Within-guild taxon shares after ``inflow_by_taxon`` (taxa of the guild, hosts) CFU arrive into res[part]
        (with carriers: ``share`` is res[0]'s mix, ``share_res`` res[1]'s; without, ``share`` is both's)."""
        sl = slice(guild * TAXA_PER_GUILD, (guild + 1) * TAXA_PER_GUILD)
        share = self.share if self.share_res is None or part == 0 else self.share_res
        have = person_sum(self.res[:, :, guild], (0, 1, 2)) if self.share_res is None else person_sum(self.res[part, :, guild], (0, 1))
        inflow = person_sum(inflow_by_taxon, 0)
        total = have + inflow
        ok = (total > 0) & (inflow > 0)  # only people something arrived in (whoever else is simulated)
        share[sl, ok] = (share[sl, ok] * have[ok] + inflow_by_taxon[:, ok]) / total[ok]

    def _drop_lost_taxa(self) -> None:
        """A taxon whose biomass falls below one small colony is gone (shares renormalised in its guild)."""
        mixes = [m for m in (self.share, self.share_res) if m is not None]
        lost = (self.taxon_cfu() < self.min_cfu) & (sum(mixes) > 0)
        if lost.any():
            for m in mixes:
                self.drop_from_mix(m, lost)

    def _adhere_and_shed(self, dt_h: float) -> None:
        """Detach; shed residents' growth beyond the mucosal sites into the lumen; fill free sites from residents touching
        the mucus. Administered strains bind the outer layer's plentiful glycans: they need no resident site (AgentGut)."""
        p, H = self.p, self.width
        adh = np.minimum(self.traits.adhesion_per_h * dt_h, 1.0)[None, :, None, None]
        walks = self.walks if dt_h == 1.0 else walk_matrices(H, np.asarray(p.microbe_mixing_cells_per_h) * np.sqrt(dt_h), self.n)
        strains_adhere(self.pro[:, ADHERED], self.pro_rows, walks, 1.0 - np.exp(-p.probiotic_detach_per_h * dt_h), adh)
        leave = self.res[:, ADHERED] * (1.0 - np.exp(-p.resident_mucosal_turnover_per_h * dt_h))
        self.res[:, ADHERED] -= leave
        self.res[:, FREE] += leave
        occupied = person_sum(self.res[:, ADHERED], (0, 1))  # (S, n): residents' room only
        over = occupied > self.capacity_cfu
        if over.any():  # adhered colonies that grew beyond their sites shed daughters (AgentGut: divide)
            keep = np.where(over, self.capacity_cfu / np.maximum(occupied, 1e-300), 1.0)
            shed = self.res[:, ADHERED] * (1.0 - keep)
            self.res[:, ADHERED] -= shed
            self.res[:, FREE] += shed
            occupied = np.minimum(occupied, self.capacity_cfu)
        free_sites = np.maximum(self.capacity_cfu - occupied, 0.0)
        cand = self.res[:, FREE] / H * adh
        total = person_sum(cand, (0, 1))
        take = np.where(total > 0, np.minimum(1.0, free_sites / np.maximum(total, 1e-300)), 0.0)
        self.res[:, FREE] -= cand * take
        self.res[:, ADHERED] += cand * take

    def _reseed(self, dt_h: float) -> None:
        """The crypt/ileal seed bank sends half-unit colonies anywhere along the colon (Poisson, as in AgentGut)."""
        lam = self.p.ileal_inoculum_fraction_per_h * dt_h * float(self.p.colonies_target) / self.S
        tot = person_sum(self.reservoir, 0)[None, :]
        share = np.divide(self.reservoir, tot, out=np.zeros_like(self.reservoir), where=tot > 0)
        share = share * np.minimum(tot / person_sum(self.reservoir_full, 0)[None, :], 1.0)  # a depleted seed bank sends fewer seeds
        cfu = self.rng.poisson(lam * share * self.S) * (FOUNDER_UNITS * self.unit_cfu)  # (T, n), anywhere along the colon
        by_guild = cfu.reshape(N_G, TAXA_PER_GUILD, self.n)
        for g in np.flatnonzero(by_guild.sum(axis=(1, 2)) > 0):
            self._mix_shares(g, self.seed_bank_mix(g) * person_sum(by_guild[g], 0)[None, :])  # a seed carries its guild's seed bank, AgentGut
        self.res[0, FREE] += (person_sum(by_guild, 1) / self.S)[:, None, :] * self.w
        if (self.reservoir == 0.0).any():  # taxa lost from the seed bank: immigrants from outside, into the first segment
            cfu = self.immigration.poisson(immigrant_rate(self.reservoir, self.p, dt_h)) * (FOUNDER_UNITS * self.unit_cfu)
            by_guild = cfu.reshape(N_G, TAXA_PER_GUILD, self.n)
            for g in np.flatnonzero(by_guild.sum(axis=(1, 2)) > 0):
                self._mix_shares(g, by_guild[g])
                self.res[0, FREE, g, 0] += by_guild[g].sum(axis=0)

    def update_reservoir(self) -> None:
        """Once a day: the seed bank is hit by an antibiotic in the lumen, loses taxa gone from the gut and re-stocks."""
        kill = (self.traits.antibiotic_kill[:, None] * self.spectrum)[TAXON_GUILD]  # (T, n)
        self.reservoir = refuge_day(self.reservoir, self.reservoir_full, self.taxon_cfu() > 0, self.field_mean("antibiotic"), kill, self.p)

    def _barrier(self, e, near_cfu, tnf, cort_excess, gaba_umol_per_h, dt_h) -> GutReadout:
        """5. The barrier's hour (``barrier.barrier_hour``) on arrays [person, segment]; ``near_cfu``: rows 0-1, (G, S, n)."""
        n, H = self.n, self.width
        near = near_cfu / self.columns_per_segment  # per column
        muc = self.c[:, MUCOSA]  # (F, S, n)
        mucosa = Mucosa(
            lps_ug_per_ml=muc[F["lps"]].T, butyrate_mm=muc[F["butyrate"]].T,
            fibre_mm=muc[F["fibre"]].T, fibre_next_mm=self.c[F["fibre"], LUMEN].T,
            near_pathobiont_cfu=near[G_IDX["pathobionts"]].T, near_bacteroides_cfu=near[G_IDX["bacteroides"]].T,
            probiotic_occupancy=(person_sum(self.pro[:, ADHERED], (0, 1)) / self.capacity_cfu).T,  # adhesion places held by the strains
        )
        sealed = bool(getattr(e, "barrier_sealed", False))
        self.sealed = np.full(n, sealed)
        h = barrier_hour(self.epithelium, mucosa, np.broadcast_to(np.asarray(tnf, float), (n,)),
                         np.broadcast_to(np.asarray(cort_excess, float), (n,)), sealed, self.pc, self.unit_cfu, H, dt_h,
                         self._crossings, self.w.T)
        return h.readout(gaba_umol_per_h, self.probiotic_cfu(), np.zeros(n, np.int64))

    def _crossings(self, fail: np.ndarray, failing: np.ndarray, dt_h: float) -> tuple[np.ndarray, np.ndarray]:
        """Live bacteria crossing failing segments (fail: [person, segment]): each person's Poisson draws
        from their own streams, the strains' apart (``strain_crossing``: numpy's Poisson draws nothing for a zero rate,
        so one shared stream would shift the residents' draws, and all later ones, by whether strains are present)."""
        p, H = self.p, self.width
        near_res = person_sum(self.res[:, ADHERED], (0, 1)) + person_sum(self.res[:, FREE], (0, 1)) * 2.0 / H  # (S, n)
        near_pro = person_sum(self.pro[:, ADHERED], (0, 1)) + person_sum(self.pro_rows[:, :, :2], (0, 1, 2))
        k = p.bacterial_translocation_per_cfu * fail.T * dt_h * (1.0 - p.immune_clearance)
        pro_events = self.strain_crossing.poisson(k * near_pro).sum(axis=0)
        return self.rng.poisson(k * near_res).sum(axis=0) + pro_events, pro_events
