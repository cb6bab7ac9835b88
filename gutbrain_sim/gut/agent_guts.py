"""The agent-based gut of n people stepped together: one colony table, one field array, one kernel call per phase.

The storage (one colony table in pages, one field array, one barrier array, each person's ``AgentGut`` a view onto their rows) is ``agent_pages.AgentPages``.

``AgentGuts.step`` follows ``AgentGut.step``'s numbered order (its docstring) for everyone at
once: a phase that draws random numbers draws them per person from that person's own
stream, in the one-person order (``cohort_draws.py``; the administered strains' from their own streams,
``strain_streams.py``), then one compiled kernel (``compiled_people.py``) does the
phase for the whole cohort by running the one-person kernel on each person's slice. So every
person's numbers are exactly those of ``AgentGut.step`` run alone, byte for byte
(tests/test_population_gut.py), and ``AgentGut.step`` stays the readable one-person form.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from ..params import GUILDS
from . import compiled_exit as cx
from . import compiled_people as cp
from .agent_gut import AgentGut
from .agent_pages import AgentPages
from .barrier import Mucosa, barrier_hour, spread_strains
from .cohort_draws import divide_steps, move_draws, move_streams, stir_strains, survive_draws
from .cohort_inflow import cohort_inflow
from .colonies import (
    FOUNDER_UNITS,
    RESISTANT_KILL_MULT,
    TAXA_PER_GUILD,
    caecum_leave_share,
    normal_quantile_table,
    row_steps_table,
)
from .kinetics import (
    FIELDS,
    G_IDX,
    LAB,
    O2_SENSITIVITY,
    PLACE_PARAMS,
    PREFERENCE,
    SUBSTRATE_ROWS,
    SUBSTRATES,
    F,
    Metabolism,
    absorb,
    absorption_factors,
    apply_metabolism,
    bile_death_per_h,
    epithelial_oxygen,
    oxygen_consumed,
)
from .lumen import pool_caecum, stir_fields
from .per_person import agent_readout, person_params
from .seed_bank import cohort_reseed_draws
from .signals import GutReadout, HostToGut

_G = len(GUILDS)
_PATHO, _BACT, _BUT = G_IDX["pathobionts"], G_IDX["bacteroides"], G_IDX["butyrate_producers"]


class AgentGuts(AgentPages):
    """One agent-based gut per person, stored and stepped as one cohort (module docstring)."""

    def __init__(self, p, streams: list, composition):
        n = len(streams)
        self._adopt([AgentGut(person_params(p, i, n), streams[i], composition) for i in range(n)])

    def _constants(self) -> None:
        """Per-person parameters as arrays over people, read once."""
        guts, n, C = self.guts, self.n, self.C

        def each(f, dtype=float):
            return np.array([f(g) for g in guts], dtype)

        self.unit = each(lambda g: g.unit_cfu)
        self.min_cfu = each(lambda g: g.min_cfu)
        self.divide_threshold = 2.0 * self.unit
        self.immune = each(lambda g: g._immune_kill_per_h)
        self.q = each(lambda g: g.p.resistance_transfer_per_contact_h)
        self.cost = each(lambda g: float(g.p.resistance_fitness_cost))
        self.growth_kept = each(lambda g: float(1.0 - g.p.resistance_fitness_cost))
        self.sites = each(lambda g: g.p.mucosal_sites_per_column * g.unit_cfu)  # adhesion room per column, CFU
        spread = [g._strain_spread for g in guts]  # AgentGut.strain_occupancy's; one [from, to] shared when all are the same
        self.strain_spread = spread[0] if all(np.array_equal(k, spread[0]) for k in spread) else np.stack(spread)
        self.detach = each(lambda g: g._detach_per_h)
        self.conveyed = each(lambda g: 0.0 if g.strain_permissive else 1.0)  # the outer mucus carries the strain (not if permissive)
        self.traits = {name: each(lambda g, name=name: getattr(g.traits, name)) for name in
                       ("growth_max_per_h", "death_per_h", "antibiotic_kill", "adhesion_per_h")}
        self.weights = each(lambda g: g._kinetics.biomass_weights(g.traits.lps_ug_per_1e12cfu_h).copy())  # the work may be shared
        self.prm = np.empty((n, len(PLACE_PARAMS) + 2, C))
        for k, g in enumerate(guts):  # as kinetics.metabolise fills its table
            for j, name in enumerate(PLACE_PARAMS):
                self.prm[k, j] = getattr(g.p, name)
            self.prm[k, -2] = g.lumen.cell_volume_l
            self.prm[k, -1] = g.reference_cfu_per_cell
        # every numeric parameter as an (n, 1) column: the barrier's rules broadcast over sites
        self.pc = SimpleNamespace(**{k: np.array([getattr(g.p, k) for g in guts], float)[:, None]
                                     for k, v in vars(guts[0].p).items() if isinstance(v, int | float) and not isinstance(v, bool)})
        self.caecum_cells = each(lambda g: g.lumen.caecum_cells, np.intp)
        self.flow_per_h = each(lambda g: g.lumen.flow_cells_per_h)
        self._bile_p = SimpleNamespace(bile_reference_fat_g_per_day=self.pc.bile_reference_fat_g_per_day[:, 0],
                                       bile_kill_per_h=self.pc.bile_kill_per_h[:, 0])  # kinetics.bile_death_per_h over people
        self._per_dt: dict[float, tuple] = {}
        self._move_streams = None

    def _dt_constants(self, dt_h: float) -> tuple:
        """Per-person rates x dt_h (cached per step length)."""
        got = self._per_dt.get(dt_h)
        if got is None:
            guts = self.guts
            sd = [g.p.microbe_mixing_cells_per_h * np.sqrt(dt_h) for g in guts]
            factors = [g._absorption if dt_h == 1.0 else absorption_factors(g.p, dt_h) for g in guts]
            flow = [g.lumen.flow_cells_per_h * dt_h for g in guts]
            got = self._per_dt[dt_h] = (
                np.array(sd, float), np.stack([row_steps_table(float(s)) for s in sd]).astype(np.int16),  # |steps| <= 3.7 sd
                self.traits["adhesion_per_h"] * dt_h, self.detach[:, 0] * dt_h, self.detach[:, 1] * dt_h,
                np.array([g.p.field_diffusion_per_h * dt_h for g in guts], float),
                tuple(np.array([f[j] for f in factors], float)[:, None, None] for j in range(3)),
                np.array(flow, float),  # cells the fluid moves this step
            )
        return got

    def _buffers(self) -> None:
        """Work arrays over every person: the page-sized ones (``_page_buffers``) and the per-cell ones."""
        n, C = self.n, self.C
        self._page_buffers()
        self.n_stir = np.zeros(n, np.intp)
        self.stir_offset = np.zeros(n)
        self.biomass = np.zeros((n, _G, C))
        self.growth, self.death, self.abx_death = (np.zeros((n, _G, C)) for _ in range(3))
        self.uptake = np.zeros((n, len(SUBSTRATES), C))
        self.made = np.zeros((n, 4, C))
        self.weighted = np.zeros((n, 3, C))
        self.any_abx = np.zeros(n, bool)

    def _page_buffers(self) -> None:
        """Work arrays sized by the page, made again when it grows (mid-hour too: the per-cell ones keep this hour's values).
        Cells (< 400) and (guild, cell) keys (< 2,000) are int32; a buffer whose contents are used up in one phase
        serves the next (docs/performance.md, "Memory per person"): ``key`` holds the stirred rows in ``_move``;
        ``rate`` and ``u`` (as [person, row]) hold the washed-out CFU after ``_move`` has used their uniforms."""
        n, page = self.n, self.page
        self.cell = np.zeros(n * page, np.int32)
        self.key = np.zeros(n * page, np.int32)
        self.rate = np.empty(n * page)
        self.exposure = np.zeros(n * page)  # resistant CFU around each row (AgentGut._resistance_transfer)
        self.u = np.empty(n * page)
        self._probiotic_buffer = np.empty(n * page, bool)
        self.bits = np.zeros((n, 2, page), np.uint16)
        self.gone = self.rate.reshape(n, page)
        self.gone_probiotic = self.u.reshape(n, page)

    # ------------------------------------------------------------------ one hour
    def step(self, t_h: int, e, host: HostToGut, dt_h: float = 1.0) -> GutReadout:
        """One hour for everyone, in ``AgentGut.step``'s order (each person's draws in their own order)."""
        guts = self.guts
        # 1. inflow: the lumen's rules for everyone at once, per person on hours with drugs, endotoxin or doses (cohort_inflow.py)
        cohort_inflow(guts, self.conc, self.caecum_cells, t_h, e, dt_h)
        self.count = np.array([g.colonies.n for g in guts], np.intp)
        # 2. metabolism
        self._metabolism(e, dt_h)
        # 3. colonies
        transfers = self._colonies(dt_h)
        self._sync_tables()
        # 4. fields
        self._fields(dt_h)
        # 5. barrier and translocation
        return self._barrier(e, host, dt_h, transfers)

    def _metabolism(self, e, dt_h: float) -> None:
        n, C, count = self.n, self.C, self.count
        cp.cells_and_biomass_people(self._f, self._i, self.page, count, self.cost, self.L, self.W, _G, self.cell, self.key,
                                    self.biomass)
        self._pool_caecum()
        kill = self.traits["antibiotic_kill"]
        spectra = np.stack([g._spectrum for g in self.guts])  # each person's last drug (AgentGut.step)
        if (spectra != 1.0).any():
            kill = kill * spectra
        conc = self.conc.reshape(n, len(FIELDS), C)
        cp.metabolise_people(conc, SUBSTRATE_ROWS[0], SUBSTRATE_ROWS[-1] + 1, F["oxygen"], F["lactate"], F["butyrate"],
                             F["antibiotic"], self.biomass, self.prm, float(dt_h), self.traits["growth_max_per_h"],
                             self.traits["death_per_h"], kill, PREFERENCE, O2_SENSITIVITY, self.weights, _PATHO, _BACT, _BUT,
                             min(LAB), max(LAB) + 1, self.growth, self.death, self.abx_death, self.uptake, self.made,
                             self.weighted, self.any_abx)
        # bile acids against bile-sensitive guilds (as AgentGut.step): the rule over everyone's intake and parameters
        fat = np.broadcast_to(np.asarray(e.fat_g_per_day, float), (n,))
        self.death += bile_death_per_h(fat, self._bile_p).T[:, :, None]
        oxygen_used = oxygen_consumed(conc[:, F["oxygen"]], self.weighted[:, 1], dt_h)
        made = self.made.transpose(1, 0, 2)
        m = Metabolism(self.growth, self.death, self.uptake.transpose(1, 0, 2), made[0], made[1], made[2], oxygen_used, made[3])
        apply_metabolism(conc.transpose(1, 0, 2), m)

    def _pool_caecum(self) -> None:
        """``lumen.pool_caecum`` for everyone: one call over all people's guilds where they share a caecum length."""
        n, k = self.n, self.caecum_cells
        if (k == k[0]).all():
            pool_caecum(self.biomass.reshape(n * _G, self.C), self.L, self.W, int(k[0]))
        else:
            for p in range(n):
                pool_caecum(self.biomass[p], self.L, self.W, int(k[p]))

    def _colonies(self, dt_h: float) -> np.ndarray:
        guts, page, count = self.guts, self.page, self.count
        f, i = self._f, self._i
        offset = np.zeros(self.n, np.intp)
        np.cumsum(count[:-1], out=offset[1:])
        rate, rate_resistant = self.rate[:int(count.sum())], self.u[:int(count.sum())]  # u is free until the adhesion draws
        cp.colony_rates_people(self.key, self.growth, self.death, self.abx_death, self.any_abx, f, i, page, count, offset, _PATHO,
                               self.immune, float(dt_h), self.growth_kept, 1.0 - RESISTANT_KILL_MULT, rate, rate_resistant)
        np.exp(rate, out=rate)
        np.exp(rate_resistant, out=rate_resistant)
        transfers, n_small = self._resistance_transfer(dt_h, offset, rate, rate_resistant)
        self._divide(*self._lift_or_drop(n_small))
        self._move(dt_h)
        # free residents stirred across the rows (haustra.stir_free_across), strains conveyed, wash-out: one pass (compiled_exit.py)
        page, n_caecum, n_colon = self.page, np.zeros(self.n, np.intp), np.zeros(self.n, np.intp)
        cx.stir_counts_people(self._f, self._b, page, count, self.caecum_cells, float(self.L), self.W, n_caecum, n_colon)
        cx.draw_across(guts, page, n_caecum, n_colon, self.exposure)  # exposure is free: the gene transfer used it up
        n_gone, n_gone_probiotic = np.zeros(self.n, np.intp), np.zeros(self.n, np.intp)
        cx.stir_convey_wash_people(self._f, self._i, self._b, page, count, self.caecum_cells, float(self.L), self.W, n_caecum,
                                   self.exposure, self.flow_per_h * self.pc.outer_mucus_flow_fraction[:, 0] * dt_h * self.conveyed,
                                   self.gone, self.gone_probiotic, n_gone, n_gone_probiotic)
        for k in np.flatnonzero(n_gone):
            guts[k].washed_out_cfu += float(self.gone[k, :n_gone[k]].sum())
            guts[k].washed_out_probiotic_cfu += float(self.gone_probiotic[k, :n_gone_probiotic[k]].sum())
        self._reseed(dt_h)
        return transfers

    def _move(self, dt_h: float) -> None:
        """Movement, caecum stirring along it, adhesion and shedding for everyone (``AgentGut.step`` phase 3's middle; the stirring
        across, conveying and wash-out follow in ``_colonies``): each person's uniforms from their own streams, then one kernel per rule."""
        guts, page, count = self.guts, self.page, self.count
        sd, row_steps, adhesion, detach_resident, detach_probiotic, _rate, _factors, flow = self._dt_constants(dt_h)
        # the rows' keys and rates are used up by now: their buffers hold the stirred rows and their uniforms
        rows, u_stir, n_rows, u_adhere = self.key, self.rate, self.n_stir, self.u
        cp.caecum_rows_people(self._f, self._b, page, count, self.caecum_cells, rows, n_rows)
        if self._move_streams is None:  # the generators everyone draws from every hour, looked up once
            self._move_streams = move_streams(guts)
        strays = move_draws(self._move_streams, self._f, self._b, page, count, self.caecum_cells, n_rows, self.bits,
                            self.stir_offset, u_stir, u_adhere)  # the strains' from their own streams (strain_streams)
        cp.move_rows_people(self._f, self._i, self._b, page, count, self.bits, normal_quantile_table(), sd, flow,
                            row_steps, guts[0]._reflect, 2 * (self.W - 1))
        leave = np.array([caecum_leave_share(g.lumen.caecum_cells, g.lumen.next_shifts(dt_h)) for g in guts], float)  # as AgentGut.step
        cp.stir_caecum_people(self._f, self._i, page, rows, n_rows, self.stir_offset, u_stir, self.caecum_cells, flow, leave)
        stir_strains(guts, strays, self._f, self._i, page, flow, dt_h)
        cut_rows, cut_cfu, n_cut = np.empty((self.n, self.L), np.intp), np.empty((self.n, self.L)), np.zeros(self.n, np.intp)
        cp.adhere_people(self._f, self._i, self._b, page, count, u_adhere, adhesion, detach_resident, detach_probiotic,
                         self.sites, self.L, self.min_cfu, cut_rows, cut_cfu, n_cut)
        if n_cut.any():  # as colonies.adhere_and_detach: the CFU beyond a column's room shed as free daughters
            if int((count + n_cut).max()) > self.page:
                self._make_room(int((count + n_cut).max()))
            cp.shed_people(self._f, self._i, self._b, self.page, count, cut_rows, cut_cfu, n_cut)

    def _resistance_transfer(self, dt_h: float, offset, factor, factor_resistant) -> tuple[np.ndarray, np.ndarray]:
        """The colonies' growth (``compiled.grow_parts``) and ``AgentGut._resistance_transfer`` for everyone, with the count of
        rows below min_cfu (``_lift_or_drop``'s) in the same passes (``grow_transfer_people``); each person's transfers counted."""
        got, n_small, carriers, moved = np.zeros(self.n, np.int64), np.zeros(self.n, np.intp), np.zeros(self.n), np.zeros(self.n)
        transfer = self.q > 0
        per_cfu = np.array([g.transfer_per_cfu(dt_h) for g in self.guts]) if transfer.any() else carriers
        cp.grow_transfer_people(self._f, self._b, self.page, self.count, offset, factor, factor_resistant, self.cell, self.C, transfer,
                                per_cfu, self.min_cfu, self.exposure, carriers, moved, n_small, self._probiotic_buffer)
        if transfer.any():
            active = transfer & (carriers > 0)
            for k, g in enumerate(self.guts):
                g._transfers = 0
                if active[k]:
                    g.count_transfers(float(moved[k]))
                got[k] = g._transfers
        return got, n_small

    def _lift_or_drop(self, n_small: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``colonies.lift_or_drop`` for everyone: each person's n_small[p] uniforms from their own stream (the small rows' strain
        tags packed by ``grow_transfer_people``), then one kernel, which also lists the rows ``colonies.divide`` splits first."""
        page, big, n_big = self.page, np.empty((self.n, 2 * self.page), np.intp), np.zeros(self.n, np.intp)
        # the u buffer is free here (rates used up, adhesion draws later)
        survive_draws(self.guts, self._probiotic_buffer, page, n_small, self.u)
        cp.compact_people(self._f, self._i, self._b, page, self.count, self.min_cfu, self.u, self.divide_threshold, big, n_big)
        return big, n_big

    def _divide(self, big: np.ndarray, n_big: np.ndarray) -> None:
        """``colonies.divide`` for everyone: rounds of splits (the first round's rows from ``_lift_or_drop``), each person's row
        steps drawn from their stream."""
        count = self.count
        while n_big.any():
            need = int((count + n_big).max())
            if need > self.page:
                self._make_room(need)
                wider = np.empty((self.n, 2 * self.page), np.intp)
                wider[:, :big.shape[1]] = big
                big = wider
            steps = divide_steps(self.guts, self._b, self.page, big, n_big)
            cp.split_rows_people(self._f, self._i, self._b, self.page, count, big, n_big, steps, self.W, self.divide_threshold)

    def _reseed(self, dt_h: float) -> None:
        xs, taxa, shares, n_new = [], [], [], np.zeros(self.n, np.intp)
        for k, seeds in enumerate(cohort_reseed_draws(self.guts, dt_h)):
            if seeds is not None:
                xs.append(seeds[0])
                taxa.append(seeds[1])
                shares.append(seeds[2])
                n_new[k] = seeds[0].size
        if not xs:
            return
        need = int((self.count + n_new).max())
        if need > self.page:
            self._make_room(need)
        first = np.zeros(self.n, np.intp)
        np.cumsum(n_new[:-1], out=first[1:])
        cp.append_seeded_people(self._f, self._i, self._b, self.page, self.count, np.concatenate(xs),
                                np.concatenate(taxa).astype(np.intp), first, n_new, FOUNDER_UNITS * self.unit, TAXA_PER_GUILD,
                                np.ascontiguousarray(np.concatenate(shares, axis=1)))

    def _fields(self, dt_h: float) -> None:
        diffusion, factors = self._dt_constants(dt_h)[5:7]
        cp.diffuse_people(self.conc, self.lap, diffusion)
        absorb(self.conc.transpose(1, 0, 2, 3), None, dt_h, factors)
        self.conc[:, F["oxygen"], :, 0] = epithelial_oxygen(self.conc[:, F["butyrate"], :, 0], self.pc)  # Lumen.set_mucosal_oxygen
        shifts = np.array([min(g.lumen.flow_shifts(dt_h), self.L) for g in self.guts], np.intp)  # Lumen.flow for everyone
        cp.shift_fields_people(self.conc, shifts)
        k = self.caecum_cells
        if (k == k[0]).all():  # Lumen.stir_caecum for everyone at once
            stir_fields(self.conc, int(k[0]))
        else:
            for g in self.guts:
                g.lumen.stir_caecum()

    def _barrier(self, e, host: HostToGut, dt_h: float, transfers: np.ndarray) -> GutReadout:
        """``AgentGut._barrier`` for everyone: ``barrier.barrier_hour`` on arrays [person, column]."""
        conc, n = self.conc, self.n
        near = self.biomass.reshape(n, _G, self.L, self.W)  # rows 0-1 of each column: contact with the mucosa
        held, has_probiotic = np.empty((n, self.L)), np.empty(n, bool)
        cp.strain_places_people(self._f, self._b, self.page, self.count, self.L, held, has_probiotic)
        mucosa = Mucosa(
            lps_ug_per_ml=conc[:, F["lps"], :, 0], butyrate_mm=conc[:, F["butyrate"], :, 0],
            fibre_mm=conc[:, F["fibre"], :, 0], fibre_next_mm=conc[:, F["fibre"], :, 1],
            near_pathobiont_cfu=near[:, _PATHO, :, 0] + near[:, _PATHO, :, 1],
            near_bacteroides_cfu=near[:, _BACT, :, 0] + near[:, _BACT, :, 1],
            probiotic_occupancy=spread_strains(held, self.strain_spread) / self.sites[:, None],  # AgentGut.strain_occupancy
        )
        h = barrier_hour(self.epithelium, mucosa, host.tnf_pg_per_ml, host.cortisol_excess, e.barrier_sealed, self.pc,
                         self.unit[:, None], self.W, dt_h, self._translocation)
        probiotic_cfu = np.zeros(n)
        for k in np.flatnonzero(has_probiotic).tolist():
            t = self.guts[k].colonies
            probiotic_cfu[k] = float(t.cfu[t.probiotic].sum())
        return h.readout(self.made[:, 3].sum(axis=1) / dt_h, probiotic_cfu, transfers)

    def _translocation(self, fail: np.ndarray, failing: np.ndarray, dt_h: float) -> tuple[np.ndarray, np.ndarray]:
        """``AgentGut.translocation`` for the people with failing sites: the rows that can cross and their expected
        crossings in one kernel, then each person's Poisson draws from their own streams (numpy's Poisson sampler
        returns 0 for a zero rate without drawing, so these are the same draws as over every row;
        tests/test_population_gut.py), summed in one kernel."""
        n, pc = self.n, self.pc
        rate, probiotic = self.u, self._probiotic_buffer  # u is free here: the adhesion draws are used up
        start, n_rate = np.empty(n, np.intp), np.empty(n, np.intp)
        cp.translocation_rates_people(self._f, self._i, self._b, self.page, self.count, failing, fail, self.L,
                                      pc.bacterial_translocation_per_cfu[:, 0], float(dt_h), pc.immune_clearance[:, 0], rate,
                                      probiotic, start, n_rate)
        hits = np.zeros(int(start[-1] + n_rate[-1]), np.int64)
        for k in np.flatnonzero(n_rate).tolist():  # the strains' rows from their own stream (AgentGut.translocation)
            a, b = start[k], start[k] + n_rate[k]
            h, r, pro, rngs = hits[a:b], rate[a:b], probiotic[a:b], self.guts[k].rngs
            h[~pro], h[pro] = rngs["gut.translocation"].poisson(r[~pro]), rngs["gut.strain_crossing"].poisson(r[pro])
        events, probiotic_events = np.empty(n, np.int64), np.empty(n, np.int64)
        cp.crossings_people(hits, probiotic, start, n_rate, events, probiotic_events)
        return events, probiotic_events

    # ------------------------------------------------------------------ daily, readouts, subsets
    def update_reservoir(self) -> None:
        for gut in self.guts:
            gut.update_reservoir()

    def readouts(self, e=None) -> dict[str, np.ndarray]:
        """The microbiome and barrier columns of the timeseries, per person."""
        rows = [agent_readout(g, e is not None and e.barrier_sealed) for g in self.guts]
        return {k: np.array([r[k] for r in rows]) for k in rows[0]}

    def guild_cfu(self) -> np.ndarray:
        return np.array([g.guild_cfu() for g in self.guts]).T

    def problems(self) -> list[str]:
        bad = []
        for g in self.guts:
            if not np.all(np.isfinite(g.lumen.conc)) or (g.lumen.conc < 0).any():
                bad.append("lumen fields")
            c = g.colonies
            if not np.all(np.isfinite(c.cfu)) or (c.cfu <= 0).any():
                bad.append("colony cfu")
            if (g.epithelium.integrity < 0).any() or (g.epithelium.integrity > 1).any():
                bad.append("barrier integrity")
        return sorted(set(bad))
