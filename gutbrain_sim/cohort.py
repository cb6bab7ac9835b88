"""Virtual cohorts: participants as Mesa agents whose physiology and guts advance together, arm by arm.

A ``Cohort`` is a Mesa model. Its agents are ``Participant`` objects (one per person, the
few rich entities); the numbers behind them live in one ``HostGroup`` per arm: per-person
parameters drawn from a host profile (``hosts.draw_hosts``), the vectorised host physiology
(``physiology.advance_host``) and the gut of every member (the well-mixed ``MixedGut`` for
all of them at once, or one agent-based ``AgentGut`` each).

Randomness: every (replicate, arm) pair draws from its own named streams, so changing one
arm's interventions changes nothing in another arm (common random numbers), and replicate
r is the same whatever the number of replicates.

Step order of one hour (the same as ``GutBrainModel``): 1. schedule (diet with mood
feedback, the profile's standing treatment, the arm's interventions, blinded expectancy),
2. gut, 3. host physiology.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

import mesa
import numpy as np

from .errors import UserInputError
from .gut.agent_gut import AgentGut, Dose, GutExposure
from .gut.mixed import MixedGut
from .hosts import HostProfile, draw_hosts, profile
from .interventions import Exposure, Intervention, intervention_from_dict
from .model import _meal_fat_last_4h
from .params import GUILDS, PARAMETERS, ParamSet
from .physiology import GutSignals, HostInputs, advance_host, diet_multiplier, init_host
from .streams import Streams, stream

GUT_KINDS = ("mixed", "agent")
# Age range (years) of the people a profile describes; BMI is drawn for humans only.
AGE_RANGE_YEARS = {"elderly": (75.0, 90.0), "rodent": None}
DEFAULT_AGE_RANGE_YEARS = (18.0, 65.0)


class SliceRNG:
    """Draws for a batch of hosts, each slice from its own generator (one per replicate)."""

    def __init__(self, parts: list[tuple[np.random.Generator, slice]], n: int):
        self.parts, self.n = parts, n

    def _cat(self, draw, size) -> np.ndarray:
        if size != self.n:  # not one value per host: draw from the first replicate's stream
            return draw(self.parts[0][0], size)
        return np.concatenate([draw(g, sl.stop - sl.start) for g, sl in self.parts])

    def random(self, size=None):
        return self._cat(lambda g, k: g.random(k), size)

    def standard_normal(self, size=None):
        return self._cat(lambda g, k: g.standard_normal(k), size)

    def lognormal(self, mean=0.0, sigma=1.0, size=None):
        return self._cat(lambda g, k: g.lognormal(mean, sigma, k), size)

    def normal(self, loc=0.0, scale=1.0, size=None):
        return self._cat(lambda g, k: g.normal(loc, scale, k), size)

    def uniform(self, low=0.0, high=1.0, size=None):
        return self._cat(lambda g, k: g.uniform(low, high, k), size)

    def poisson(self, lam):
        lam = np.asarray(lam, float)
        out = np.empty(lam.shape, np.int64)
        for g, sl in self.parts:
            out[..., sl] = g.poisson(lam[..., sl])
        return out


def _merge_params(sets: list[ParamSet], sizes: list[int]) -> ParamSet:
    """One ParamSet for several draws: a value stays a float where all agree, else an array over hosts."""
    merged = {}
    for key in sets[0]:
        vals = [s[key] for s in sets]
        if all(not isinstance(v, np.ndarray) for v in vals) and all(v == vals[0] for v in vals):
            merged[key] = vals[0]
        else:
            merged[key] = np.concatenate([np.broadcast_to(np.asarray(v, float), (k,)) for v, k in zip(vals, sizes, strict=True)])
    return ParamSet.trusted(merged)


def _take_params(p: ParamSet, idx: np.ndarray, n: int) -> ParamSet:
    return ParamSet.trusted({k: (v[idx] if isinstance(v, np.ndarray) and v.shape == (n,) else v) for k, v in p.items()})


def _host_scalar_params(p: ParamSet, i: int) -> ParamSet:
    return ParamSet.trusted({k: (float(v[i]) if isinstance(v, np.ndarray) else v) for k, v in p.items()})


@dataclass
class ArmPlan:
    """An arm: its name and interventions (already validated)."""

    name: str
    interventions: list[Intervention] = field(default_factory=list)


class HostGroup:
    """The members of one arm (all replicates): parameters, physiology, gut and the arm's interventions.

    Hosts are ordered by replicate: replicate r holds rows ``slices[r]``.
    """

    def __init__(self, prof: HostProfile, arm: ArmPlan, arm_index: int, sizes: list[int], seed: int, *,
                 params: dict | None = None, gut: str = "mixed", prefix: str = "trial", mesa_random=None,
                 first_replicate: int = 0, drawn: tuple[ParamSet, np.ndarray] | None = None):
        if gut not in GUT_KINDS:
            raise UserInputError(f"gut must be one of {', '.join(GUT_KINDS)}, got {gut!r}")
        self.profile, self.arm, self.gut_kind = prof, arm, gut
        self.seed, self.streams = seed, Streams(seed)
        self.names = [f"{prefix}.rep{first_replicate + r}.arm{arm_index}" for r in range(len(sizes))]
        starts = np.concatenate([[0], np.cumsum(sizes)])
        self.slices = [slice(int(a), int(b)) for a, b in zip(starts[:-1], starts[1:], strict=True)]
        self.n = int(starts[-1])
        self.replicate = np.concatenate([np.full(k, first_replicate + r) for r, k in enumerate(sizes)]).astype(int)
        if drawn is None:
            draws = [draw_hosts(prof, dict(params or {}), k, self.streams[f"{nm}.traits"]) for nm, k in zip(self.names, sizes, strict=True)]
            self.p = _merge_params([d[0] for d in draws], sizes)
            episode = np.concatenate([d[1] for d in draws])
            self.traits = self._draw_traits(sizes)
            self.p = self._apply_traits(self.p)
        else:  # given parameters (e.g. the same person as a GutBrainModel run); no drawn age/BMI
            self.p, episode = drawn
            episode = np.broadcast_to(np.asarray(episode, float), (self.n,)).copy()
            self.traits = {"age_years": np.full(self.n, np.nan), "bmi_kg_per_m2": np.full(self.n, np.nan)}
        self.state = init_host(self.p, self.n, episode)
        for name, value in prof.initial.items():
            self.state.values[name][:] = value
        self.standing = [intervention_from_dict(d, f"host {prof.name}") for d in prof.interventions]
        self.interventions = copy.deepcopy(arm.interventions)
        self.expectancy: np.ndarray | None = None  # blinded expectancy, set by the trial
        self.counters = {k: np.zeros(self.n, np.int64) for k in ("bacteremia_events", "bacteremia_probiotic_events", "resistance_transfer_events")}
        self._mesa_random = mesa_random
        self._build_gut()

    # ------------------------------------------------------------------ construction
    def rng(self, name: str) -> SliceRNG:
        return SliceRNG([(self.streams[f"{nm}.{name}"], sl) for nm, sl in zip(self.names, self.slices, strict=True)], self.n)

    def _draw_traits(self, sizes: list[int]) -> dict[str, np.ndarray]:
        """Age and BMI: descriptive traits; BMI raises basal IL-6 (adipose tissue makes ~1/3 of it)."""
        ages, bmis = [], []
        age_range = AGE_RANGE_YEARS.get(self.profile.name, DEFAULT_AGE_RANGE_YEARS)
        for nm, k in zip(self.names, sizes, strict=True):
            g = self.streams[f"{nm}.age_bmi"]
            if age_range is None:
                ages.append(np.full(k, np.nan))
                bmis.append(np.full(k, np.nan))
            else:
                ages.append(g.uniform(*age_range, k))
                bmis.append(np.clip(g.lognormal(np.log(self_bmi_median(self.profile)), 0.16, k), 17.0, 50.0))
        return {"age_years": np.concatenate(ages), "bmi_kg_per_m2": np.concatenate(bmis)}

    def _apply_traits(self, p: ParamSet) -> ParamSet:
        bmi = self.traits["bmi_kg_per_m2"]
        if np.all(np.isnan(bmi)):
            return p
        spec = PARAMETERS["il6_basal_pg_per_ml"]
        gain = np.asarray(p.il6_per_bmi_unit_pg_per_ml) * (bmi - 25.0)
        il6 = np.clip(np.asarray(p.il6_basal_pg_per_ml, float) + gain, spec.low, spec.high)
        return p.replace(il6_basal_pg_per_ml=il6)

    def _build_gut(self) -> None:
        comp = np.array(self.profile.composition, float)
        if self.gut_kind == "mixed":
            self.gut = MixedGut(self.p, self.n, self.rng("gut"), comp)
            self.agent_guts = None
        else:
            self.gut = None
            self.agent_guts = []
            for i in range(self.n):
                r = int(np.searchsorted([s.stop for s in self.slices], i, side="right"))
                sub_seed = int(stream(self.seed, f"{self.names[r]}.agent_gut.{i - self.slices[r].start}").integers(2**32))
                self.agent_guts.append(AgentGut(_host_scalar_params(self.p, i), Streams(sub_seed), self._mesa_random, comp))

    def take(self, idx: np.ndarray, sizes: list[int]) -> None:
        """Keep only hosts ``idx`` (in replicate order; ``sizes`` per replicate), e.g. after screening."""
        idx = np.asarray(idx, int)
        n_old = self.n
        self.p = _take_params(self.p, idx, n_old)
        self.state.values = {k: v[idx].copy() for k, v in self.state.values.items()}
        self.state.pathways = {k: v[idx].copy() for k, v in self.state.pathways.items()}
        self.traits = {k: v[idx].copy() for k, v in self.traits.items()}
        self.replicate = self.replicate[idx]
        self.counters = {k: v[idx].copy() for k, v in self.counters.items()}
        starts = np.concatenate([[0], np.cumsum(sizes)])
        self.slices = [slice(int(a), int(b)) for a, b in zip(starts[:-1], starts[1:], strict=True)]
        self.n = len(idx)
        if self.gut is not None:
            self.gut.take(idx, self.p, self.rng("gut"))
        else:
            self.agent_guts = [self.agent_guts[i] for i in idx]
        for iv in self.standing + self.interventions:
            iv.__dict__.pop("_taken", None)

    # ------------------------------------------------------------------ one hour
    def exposure(self, t_h: int) -> Exposure:
        """1. This hour's exposure: diet with mood feedback, standing treatment, the arm's interventions."""
        p = self.p
        mult = diet_multiplier(self.state, p)
        ones = np.ones(self.n)
        diet = {"fibre": ones * p.fibre_g_per_day * mult, "sugar": ones * p.sugar_g_per_day / mult, "fat": ones * p.fat_g_per_day / mult}
        e = Exposure.baseline(self.n, diet)
        for i, iv in enumerate(self.standing):
            iv.act(e, t_h, self.rng(f"standing.{i}.{iv.TYPE}"))
        if t_h >= 0:
            for i, iv in enumerate(self.interventions):
                if iv.active(t_h):
                    iv.act(e, t_h, self.rng(f"intervention.{i}.{iv.TYPE}"))
            if self.expectancy is not None:
                e.expectancy = self.expectancy.copy()
        return e

    def step(self, t_h: int) -> None:
        e = self.exposure(t_h)
        v, p = self.state.values, self.p
        cort_excess = v["barrier_stress_drive"]
        if self.gut is not None:
            r = self.gut.step(t_h, e, v["tnf_pg_per_ml"], cort_excess)
            if t_h % 24 == 23:
                self.gut.update_reservoir()
            signals = GutSignals(r.lps_flux_pg_per_h, r.mucosal_butyrate_mm, r.gaba_umol_per_h, r.probiotic_cfu)
            self.counters["bacteremia_events"] += r.bacteremia_events
            self.counters["bacteremia_probiotic_events"] += r.bacteremia_probiotic_events
        else:
            signals = self._agent_step(t_h, e, v["tnf_pg_per_ml"], cort_excess)
        fat = _meal_fat_last_4h(t_h, e.fat_g_per_day) + e.extra_fat_g
        u = HostInputs(e.stress, fat, e.lps_iv_pg, e.ssri, e.expectancy, e.psychotherapy, e.vagus_intact, e.ido_blocked)
        advance_host(self.state, signals, u, p, float(t_h), 1.0, np.stack([self.rng("mood_noise").standard_normal(self.n), self.rng("anxiety_noise").standard_normal(self.n)]))

    def _agent_step(self, t_h, e: Exposure, tnf, cort_excess) -> GutSignals:
        out = np.zeros((4, self.n))
        for i, gut in enumerate(self.agent_guts):
            doses = [Dose(g, float(np.broadcast_to(cfu, (self.n,))[i]), prob, res) for g, cfu, prob, res in e.doses]
            if e.donor_share is not None:
                doses += [Dose(g, float(s * gut.p.colon_bacteria_cfu), False) for g, s in enumerate(e.donor_share) if s > 0]
            ge = GutExposure(
                carbs_g_per_day={k: float(v[i]) for k, v in e.carbs_g_per_day.items()},
                antibiotic_mic=float(e.antibiotic_mic[i]), antibiotic_kill=e.antibiotic_kill, doses=doses,
                lps_added_ug=float(e.lps_added_ug[i]) if e.lps_added_ug is not None else 0.0, barrier_sealed=e.barrier_sealed,
            )
            r = gut.step(t_h, ge, float(tnf[i]), float(cort_excess[i]))
            if t_h % 24 == 23:
                gut.update_reservoir()
            out[:, i] = (r.lps_flux_pg_per_h, r.mucosal_butyrate_mm, r.gaba_umol_per_h, r.probiotic_cfu)
            self.counters["bacteremia_events"][i] += r.bacteremia_events
            self.counters["bacteremia_probiotic_events"][i] += r.bacteremia_probiotic_events
            self.counters["resistance_transfer_events"][i] += r.resistance_transfers
        return GutSignals(*out)

    # ------------------------------------------------------------------ readouts
    def measure(self) -> dict[str, np.ndarray]:
        """Per-host values now: mood, inflammation, endocrine, barrier and microbiome."""
        v = self.state.values
        out = {
            "depression_hamd": v["depression_hamd"].copy(),
            "anxiety_hama": v["anxiety_hama"].copy(),
            "crp_mg_per_l": v["crp_mg_per_l"].copy(),
            "il6_pg_per_ml": v["il6_pg_per_ml"].copy(),
            "plasma_lps_pg_per_ml": v["plasma_lps_pg_per_ml"].copy(),
            "cortisol_nmol_per_l": v["cortisol_nmol_per_l"].copy(),
        }
        if self.gut is not None:
            g = self.gut
            ab = g.abundances()
            out.update({f"abundance_{name}": ab[i] for i, name in enumerate(GUILDS)})
            out.update({
                "abundance_probiotic_strain": g.probiotic_share(), "shannon_diversity": g.shannon(),
                "butyrate_mM": g.field_mean("butyrate"), "barrier_integrity": g.integrity(),
                "permeability_lm_ratio": g.lm_ratio(),
            })
        else:
            rows = []
            for gut in self.agent_guts:
                tot = gut.guild_cfu()
                c = gut.colonies
                rows.append([*(tot / tot.sum()), c.cfu[c.probiotic].sum() / tot.sum(), gut.shannon(), gut.field_mean("butyrate"),
                             gut.epithelium.integrity.mean(), gut.epithelium.lm_ratio(gut.p).mean()])
            a = np.array(rows).T
            names = [f"abundance_{g}" for g in GUILDS] + ["abundance_probiotic_strain", "shannon_diversity", "butyrate_mM", "barrier_integrity", "permeability_lm_ratio"]
            out.update(dict(zip(names, a, strict=True)))
        return out


def self_bmi_median(prof: HostProfile) -> float:
    """Median BMI of a profile's people (kg/m2): adults 26; people with depression slightly higher (Luppino 2010)."""
    return 27.5 if prof.name in ("mdd", "mdd_on_ssri", "mild_depression") else 26.0


class Participant(mesa.Agent):
    """One person in a virtual trial: arm, replicate, traits, and where their numbers live."""

    def __init__(self, model: Cohort, arm: str, group: HostGroup, row: int):
        super().__init__(model)
        self.arm, self.group, self.row = arm, group, row

    @property
    def replicate(self) -> int:
        return int(self.group.replicate[self.row])

    def traits(self) -> dict[str, float]:
        g, i, p = self.group, self.row, self.group.p
        out = {k: float(v[i]) for k, v in g.traits.items()}
        for name in ("fibre_g_per_day", "stress_baseline", "transit_h", "depression_trait_hamd", "placebo_response_hamd"):
            out[name] = float(np.broadcast_to(np.asarray(p[name], float), (g.n,))[i])
        return out


class Cohort(mesa.Model):
    """Participants of every arm (and replicate) drawn from one host profile; one step = one hour.

    Args:
        host: host profile name (data/hosts.toml).
        arms: ``ArmPlan`` objects or (name, list of intervention tables) pairs.
        n_per_arm: people drawn per arm and replicate (before any screening), or a list with
            one size per replicate (then ``replicates`` is its length).
        replicates: independent virtual trials run side by side.
        seed: master seed.
        gut: "mixed" (fast, all hosts at once) or "agent" (one agent-based gut per person).
        params: parameter overrides (validated).
    """

    def __init__(self, host: str, arms: list, n_per_arm: int | list[int], *, replicates: int = 1, seed: int = 1, gut: str = "mixed",
                 params: dict | None = None, duration_days: float = 56.0, first_replicate: int = 0, prefix: str = "trial"):
        super().__init__(seed=seed)
        self.profile = profile(host)
        plans = [a if isinstance(a, ArmPlan) else ArmPlan(a[0], [iv if isinstance(iv, Intervention) else intervention_from_dict(iv, f"arm {a[0]}", duration_days) for iv in a[1]]) for a in arms]
        sizes = [int(k) for k in n_per_arm] if isinstance(n_per_arm, list | tuple) else [int(n_per_arm)] * int(replicates)
        self.groups = [HostGroup(self.profile, plan, k, sizes, seed, params=params, gut=gut, prefix=prefix, mesa_random=self.random,
                                 first_replicate=first_replicate) for k, plan in enumerate(plans)]
        self.time_h = 0
        self.participants_made = False

    @property
    def arm_names(self) -> list[str]:
        return [g.arm.name for g in self.groups]

    def advance(self, hours: int, start_h: int, progress=None) -> None:
        """Run ``hours`` hours starting at trial clock ``start_h`` (negative = before randomisation)."""
        for h in range(hours):
            t = start_h + h
            for g in self.groups:
                g.step(t)
            if progress is not None:
                progress(1)
        self.time_h = start_h + hours

    def step(self) -> None:
        """One hour of the trial for every participant."""
        self.advance(1, self.time_h)

    def make_participants(self) -> None:
        """Create one Participant agent per enrolled person (after screening)."""
        for g in self.groups:
            for i in range(g.n):
                Participant(self, g.arm.name, g, i)
        self.participants_made = True
