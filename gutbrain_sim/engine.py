"""The one engine: the hour of n people, host physiology and gut, written once.

``People`` holds every number of n people as arrays over people: parameters, host state,
the gut (agent-based or well-mixed, behind one interface: ``gut.interface``), the profile's
standing treatment, the interventions and the event counters. A single run
(``GutBrainModel``) is its n = 1 case; a trial (``cohort.Cohort``) holds one ``People`` per
arm, every replicate side by side.

Step order of one hour (``People.step``; the whole model's order, written only here):
  1. schedule - the clock hour's exposure: the diet (low mood worsens it), the profile's
                standing treatment, the active interventions (doses, drugs, stress,
                knock-outs) and, in a blinded trial, the participants' expectancy
  2. gut      - the gut takes the exposure and what it reads of the host (plasma TNF,
                cortisol above normal) and advances: inflow, microbial metabolism, microbes,
                fields, barrier and translocation; it hands back what the host reads
                (LPS flux into blood, mucosal butyrate, GABA, live administered CFU).
                Microbes, in both guts (``AgentGut.step``, ``MixedGut.step``): grow and die;
                free cells move with the flow (who leaves the caecum is drawn here); then
                they adhere, adhered ones detach and the mucosa sheds its growth beyond its
                room; then the strains bound to the outer mucus ride it. So what enters the
                free lumen in an hour (a meal, a dose, a shed or detached cell) is passed on
                from the next hour's flow and stays, on average, the tank's residence
                (volume / flow: a continuous stirred tank keeps anything that enters it so,
                whenever it enters; passed on in the hour it was shed, a shed cell would stay
                an hour less: 2 of the mouse's 3 caecal hours)
  2b. blood   - the live bacteria that reached the blood: cleared, or a lineage takes hold;
                clinical bacteraemia episodes counted at onset (``physiology.bacteraemia``)
  3. host     - blood LPS, cytokines, HPA axis, tryptophan, vagus, GABA, BDNF, mood
  (4. record  - the faces measure when they need to: ``measure()`` gives every timeseries
                column for every person; GutBrainModel stores a row per hour, a trial
                scores its visits)

Time: the step at hour t applies the interventions active in hour t (``start_day = d`` ->
first active hour 24*d). Hours before 0 are the warm-up (no scenario interventions).

Randomness: person i draws only from their own named streams, ``Streams(seed, roots[i])``
(``streams.person_root`` names trial participants; a single run's person has the empty
root), so a person's trajectory does not depend on who else is simulated with them: a
trial participant replays alone, byte for byte.
"""

from __future__ import annotations

import copy

import numpy as np

from .core.streams import PeopleRNG, Streams
from .gut.interface import GUT_KINDS, HostToGut, make_gut
from .gut.lumen import MEAL_HOURS
from .hosts import HostProfile
from .interventions import Exposure, Intervention, intervention_from_dict
from .interventions.constants import MEAL_FAT_WINDOW_H
from .metrics import COUNTERS, GUT_COUNTERS
from .params import PARAMETERS, ParamSet
from .physiology import GutSignals, HostInputs, advance_host, diet_multiplier, init_host
from .physiology.bacteraemia import Blood, blood_hour


def reference_colon_share(p):
    """This host's caecal and colonic content as a share of the reference adult's, whose colon the gut
    simulates (``body_mass_kg`` x ``colon_content_ml_per_kg`` over their defaults): 1 for an adult, ~1/800
    for a 25-g mouse. Float, or an array over people."""
    ref = PARAMETERS["body_mass_kg"].default * PARAMETERS["colon_content_ml_per_kg"].default
    return np.asarray(p.body_mass_kg, float) * np.asarray(p.colon_content_ml_per_kg, float) / ref


def dilute_in_reference_colon(e: Exposure, p) -> None:
    """What is swallowed (a product's live CFU, its contaminants and their LPS) reaches the simulated,
    reference-sized colon divided by ``reference_colon_share``: the same dose is that much denser in a
    smaller colon. Everything else the gut meets (diet, mucin) is proportioned to the body, so its
    concentrations, and the community's, are the same at any size."""
    share = reference_colon_share(p)
    if np.all(share == 1.0):
        return
    e.doses = [(g, cfu / share, prob, res) for g, cfu, prob, res in e.doses]
    if e.lps_added_ug is not None:
        e.lps_added_ug = e.lps_added_ug / share


class People:
    """n people of one host profile under one list of interventions, advanced hour by hour.

    Args:
        prof: the host profile (composition, standing treatment, initial values).
        p: parameters, floats or arrays of shape (n,) where people differ.
        episode_hamd: each person's current depressive episode (HAM-D points), shape (n,).
        roots: each person's stream-name root (see module docstring).
        seed: the run's or trial's seed.
        interventions: validated interventions (copied; they may hold per-person draws).
        gut: "agent" (colonies on a grid, per person) or "mixed" (well-mixed segments).
    """

    def __init__(self, prof: HostProfile, p: ParamSet, episode_hamd, roots: list[str], seed: int,
                 interventions: list[Intervention] = (), *, gut: str = "agent"):
        self.profile, self.p, self.seed = prof, p, int(seed)
        self.n = len(roots)
        self.roots = list(roots)
        self.streams = [Streams(seed, r) for r in roots]
        self._rngs: dict[str, PeopleRNG] = {}
        self.state = init_host(p, self.n, episode_hamd)
        for name, value in prof.initial.items():
            self.state.values[name][:] = value
        self.standing = [intervention_from_dict(d, f"host {prof.name}") for d in prof.interventions]
        self.interventions = copy.deepcopy(list(interventions))
        self.intervention_streams = intervention_stream_names(self.interventions)
        self.expectancy: np.ndarray | None = None  # a blinded trial's expectancy, from baseline on
        self.counters = {k: np.zeros(self.n, np.int64) for k in COUNTERS}
        self.blood = Blood.clear(self.n)
        self.gut_kind = gut
        self.gut = make_gut(gut, p, self.n, self.streams, self.rng("gut"), prof.composition)
        self.last_exposure: Exposure | None = None

    def rng(self, name: str) -> PeopleRNG:
        """Draws for every person from their own stream ``name``."""
        r = self._rngs.get(name)
        if r is None:
            r = self._rngs[name] = PeopleRNG([s[name] for s in self.streams])
        return r

    # ------------------------------------------------------------------ one hour
    def exposure(self, t_h: int) -> Exposure:
        """1. This hour's exposure: diet with mood feedback, standing treatment, interventions, expectancy."""
        p = self.p
        mult = diet_multiplier(self.state, p)
        ones = np.ones(self.n)
        # low mood costs fibre (and adds sugar); fat stays as planned (Oh 2020: fat intake not associated with depression)
        diet = {"fibre": ones * p.fibre_g_per_day * mult, "sugar": ones * p.sugar_g_per_day / mult, "fat": ones * p.fat_g_per_day}
        e = Exposure.baseline(self.n, diet)
        for i, iv in enumerate(self.standing):  # the host's own standing treatment, always on
            iv.act(e, t_h, self.rng(f"host.standing.{i}.{iv.TYPE}"))
        if t_h >= 0:
            for iv, name in zip(self.interventions, self.intervention_streams, strict=True):
                if iv.active(t_h):
                    iv.act(e, t_h, self.rng(name))
            if self.expectancy is not None:
                e.expectancy = self.expectancy.copy()
        dilute_in_reference_colon(e, p)
        return e

    def step(self, t_h: int, settle: bool = False) -> None:
        """One hour for everyone: the numbered order in the module docstring."""
        e = self.exposure(t_h)
        v, p = self.state.values, self.p
        host = HostToGut(v["tnf_pg_per_ml"], v["barrier_stress_drive"])
        self.gut.epithelium.open_junctions(v["junction_opening"])  # mast-cell mediators: a reversible opening
        r = self.gut.step(t_h, e, host)
        if t_h % 24 == 23:
            self.gut.update_reservoir()
        for k in GUT_COUNTERS:
            self.counters[k] += getattr(r, k)
        self.blood_step(r)
        signals = GutSignals(r.lps_flux_pg_per_h, r.mucosal_butyrate_mm, r.gaba_umol_per_h, r.strain_vagal_contact)
        fat = meal_fat_recent(t_h, e.fat_g_per_day) + e.extra_fat_g
        u = HostInputs(e.stress, fat, e.lps_iv_pg, e.ssri, e.expectancy, e.psychotherapy, e.vagus_intact, e.ido_blocked,
                       e.strain_vagus_blocked, e.crh_iv_ug)
        noise = self.rng("host.mood_noise").standard_normal((2, self.n))  # depression, anxiety (correlated in advance_host)
        advance_host(self.state, signals, u, p, float(t_h), 1.0, noise, settle)
        self.last_exposure = e

    def blood_step(self, r) -> None:
        """2b. The bacteria that reached the blood this hour: cleared, or an established bacteraemia;
        count the episodes that start (``physiology.bacteraemia``)."""
        total = np.broadcast_to(np.asarray(r.translocated_bacteria, np.int64), (self.n,))
        strain = np.broadcast_to(np.asarray(r.translocated_probiotic_bacteria, np.int64), (self.n,))
        onset = blood_hour(self.blood, np.stack([total - strain, strain]), self.p, self.rng("host.bacteraemia"),
                           strain_rng=self.rng("host.strain_bacteraemia"))
        self.counters["bacteraemia_episodes"] += onset.sum(axis=0)
        self.counters["bacteraemia_probiotic_episodes"] += onset[1]

    def advance(self, hours: int, start_h: int, *, settle_last: bool = False, progress=None) -> None:
        """Run ``hours`` hours from clock hour ``start_h``; ``settle_last``: the last hour
        settles mood on its targets (the end of a warm-up; see ``advance_host``)."""
        for h in range(hours):
            self.step(start_h + h, settle=settle_last and h == hours - 1)
            if progress is not None:
                progress(1)

    # ------------------------------------------------------------------ readouts
    def measure(self) -> dict[str, np.ndarray]:
        """Every timeseries column (``metrics.TIMESERIES``, apart from the clock) for every person."""
        v = self.state.values
        out = self.gut.readouts(self.last_exposure)
        out.update({
            "plasma_lps_pg_per_ml": v["plasma_lps_pg_per_ml"].copy(),
            "tnf_pg_per_ml": v["tnf_pg_per_ml"].copy(),
            "il6_pg_per_ml": v["il6_pg_per_ml"].copy(),
            "crp_mg_per_l": v["crp_mg_per_l"].copy(),
            "cortisol_nmol_per_l": v["cortisol_nmol_per_l"].copy(),
            "kyn_trp_ratio": 1000.0 * v["kyn_um"] / v["trp_um"],
            "serotonin_index": v["serotonin_index"].copy(),
            "bdnf_index": v["bdnf_index"].copy(),
            "gaba_index": v["gaba_index"].copy(),
            "vagal_tone": v["vagal_tone"].copy(),
            "depression_hamd": v["depression_hamd"].copy(),
            "anxiety_hama": v["anxiety_hama"].copy(),
            "stress_perceived": v["stress_perceived"].copy(),
            "il10_pg_per_ml": v["il10_pg_per_ml"].copy(),
            "tryptophan_uM": v["trp_um"].copy(),
        })
        out["blood_bacteria_cfu_per_ml"] = self.blood.cfu_per_ml(self.p)
        out.update({k: c.copy() for k, c in self.counters.items()})
        return out

    def take(self, idx) -> None:
        """Keep only people ``idx`` (e.g. those a trial's screening enrolled), in that order."""
        idx = np.asarray(idx, int)
        n_old = self.n
        self.p = ParamSet.trusted({k: (v[idx] if isinstance(v, np.ndarray) and v.shape == (n_old,) else v) for k, v in self.p.items()})
        self.state.values = {k: v[idx].copy() for k, v in self.state.values.items()}
        self.state.pathways = {k: v[idx].copy() for k, v in self.state.pathways.items()}
        self.counters = {k: v[idx].copy() for k, v in self.counters.items()}
        self.blood = self.blood.take(idx)
        self.roots = [self.roots[i] for i in idx]
        self.streams = [self.streams[i] for i in idx]
        self._rngs = {name: r.take(idx) for name, r in self._rngs.items()}
        self.n = len(idx)
        self.gut.take(idx, self.p, self.rng("gut"))
        for iv in self.standing + self.interventions:
            iv.forget_draws()

    def problems(self) -> list[str]:
        """Host variables outside their declared ranges, and gut arrays with NaN/inf/negatives."""
        return self.state.out_of_range() + self.gut.problems()


def intervention_stream_names(interventions: list[Intervention]) -> list[str]:
    """A stable random-stream name per intervention: its type, first hour and rank among
    same-type interventions starting that hour. Adding, removing or reordering other
    interventions leaves every other stream untouched (common random numbers)."""
    seen: dict[str, int] = {}
    names = []
    for iv in interventions:
        key = f"intervention.{iv.TYPE}.h{iv.window_h()[0]}"
        seen[key] = seen.get(key, -1) + 1
        names.append(f"{key}.{seen[key]}")
    return names


def meal_fat_recent(t_h: int, fat_g_per_day: np.ndarray) -> np.ndarray:
    """Fat eaten in the ``MEAL_FAT_WINDOW_H`` hours up to clock hour ``t_h`` (g), meals at ``lumen.MEAL_HOURS``
    (``interventions.constants``: meal_fat_window_h, the hours a meal's fat counts as just eaten)."""
    hour = t_h % 24
    meals = sum(1 for m in MEAL_HOURS if 0 <= (hour - m) % 24 < MEAL_FAT_WINDOW_H)
    return fat_g_per_day / len(MEAL_HOURS) * meals


__all__ = ["GUT_KINDS", "People", "intervention_stream_names", "meal_fat_recent"]
