"""Virtual cohorts: the engine (``engine.People``) per arm, every person a Mesa agent.

A ``Cohort`` is a Mesa model. Each arm is an ``Arm``: the people drawn for it in every
replicate, side by side in one engine, under the arm's interventions. Each person is a
``Participant`` agent from the start (``model.agents``), a view onto their row.

Who a person is: person k of arm a in replicate r has parameters drawn from the block
``{prefix}.rep{r}.arm{a}.traits`` (row k) and draws everything else from streams rooted at
``streams.person_root(prefix, r, a, k)``. So changing one arm changes nothing in another
(common random numbers), replicate r is the same whatever the number of replicates, and a
participant replays alone (``replay.replay_participant``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import mesa
import numpy as np

from ..core.streams import person_root, stream
from ..engine import People
from ..gut.interface import GUT_KINDS
from ..hosts import HostProfile, draw_hosts, profile
from ..interventions import Intervention, intervention_from_dict
from ..model import Person
from ..params import PARAMETERS, ParamSet

__all__ = ["GUT_KINDS", "Arm", "ArmPlan", "Cohort", "Participant", "draw_arm", "one_arm"]

# Age range (years) of the people a profile describes; BMI is drawn for humans only.
AGE_RANGE_YEARS = {"elderly": (75.0, 90.0), "rodent": None}
DEFAULT_AGE_RANGE_YEARS = (18.0, 65.0)


@dataclass
class ArmPlan:
    """An arm: its name and interventions (already validated)."""

    name: str
    interventions: list[Intervention] = field(default_factory=list)


@dataclass
class ArmDraw:
    """The people drawn for one arm over some replicates, before any screening."""

    p: ParamSet
    episode_hamd: np.ndarray
    traits: dict[str, np.ndarray]
    replicate: np.ndarray  # replicate of each person
    person: np.ndarray  # index of each person among those drawn for their arm and replicate
    roots: list[str]

    def take(self, idx) -> ArmDraw:
        """Only people ``idx`` of this draw (e.g. one person to replay alone)."""
        idx = np.asarray(idx, int)
        n = len(self.roots)
        p = ParamSet.trusted({k: (v[idx] if isinstance(v, np.ndarray) and v.shape == (n,) else v) for k, v in self.p.items()})
        return ArmDraw(p, self.episode_hamd[idx], {k: v[idx] for k, v in self.traits.items()}, self.replicate[idx], self.person[idx],
                       [self.roots[i] for i in idx])


def draw_arm(prof: HostProfile, params: dict | None, arm_index: int, sizes: list[int], seed: int, *, prefix: str = "trial",
             first_replicate: int = 0) -> ArmDraw:
    """Draw ``sizes[r]`` people for replicate ``first_replicate + r`` of arm ``arm_index``."""
    draws, ages, bmis = [], [], []
    age_range = AGE_RANGE_YEARS.get(prof.name, DEFAULT_AGE_RANGE_YEARS)
    for r, k in enumerate(sizes):
        block = f"{prefix}.rep{first_replicate + r}.arm{arm_index}"
        draws.append(draw_hosts(prof, dict(params or {}), k, stream(seed, f"{block}.traits")))
        g = stream(seed, f"{block}.age_bmi")
        if age_range is None:
            ages.append(np.full(k, np.nan))
            bmis.append(np.full(k, np.nan))
        else:
            ages.append(g.uniform(*age_range, k))
            bmis.append(np.clip(g.lognormal(np.log(bmi_median(prof)), 0.16, k), 17.0, 50.0))
    p = _merge_params([d[0] for d in draws], sizes)
    traits = {"age_years": np.concatenate(ages), "bmi_kg_per_m2": np.concatenate(bmis)}
    p = _apply_bmi(p, traits["bmi_kg_per_m2"])
    replicate = np.concatenate([np.full(k, first_replicate + r) for r, k in enumerate(sizes)]).astype(int)
    person = np.concatenate([np.arange(k) for k in sizes]).astype(int)
    roots = [person_root(prefix, int(r), arm_index, int(k)) for r, k in zip(replicate, person, strict=True)]
    return ArmDraw(p, np.concatenate([d[1] for d in draws]), traits, replicate, person, roots)


def bmi_median(prof: HostProfile) -> float:
    """Median BMI of a profile's people (kg/m2): adults 26; people with depression slightly higher (Luppino 2010)."""
    return 27.5 if prof.name in ("mdd", "mdd_on_ssri", "mild_depression") else 26.0


def _apply_bmi(p: ParamSet, bmi: np.ndarray) -> ParamSet:
    """BMI raises basal IL-6 (adipose tissue makes about a third of it)."""
    if np.all(np.isnan(bmi)):
        return p
    spec = PARAMETERS["il6_basal_pg_per_ml"]
    gain = np.asarray(p.il6_per_bmi_unit_pg_per_ml) * (bmi - 25.0)
    il6 = np.clip(np.asarray(p.il6_basal_pg_per_ml, float) + gain, spec.low, spec.high)
    return p.replace(il6_basal_pg_per_ml=il6)


def _merge_params(sets: list[ParamSet], sizes: list[int]) -> ParamSet:
    """One ParamSet for several draws: a value stays a float where all agree, else an array over people."""
    merged = {}
    for key in sets[0]:
        vals = [s[key] for s in sets]
        if all(not isinstance(v, np.ndarray) for v in vals) and all(v == vals[0] for v in vals):
            merged[key] = vals[0]
        else:
            merged[key] = np.concatenate([np.broadcast_to(np.asarray(v, float), (k,)) for v, k in zip(vals, sizes, strict=True)])
    return ParamSet.trusted(merged)


class Arm(People):
    """The people of one arm (all replicates, in replicate order) in one engine."""

    def __init__(self, prof: HostProfile, plan: ArmPlan, arm_index: int, drawn: ArmDraw, seed: int, *, gut: str = "mixed"):
        super().__init__(prof, drawn.p, drawn.episode_hamd, drawn.roots, seed, plan.interventions, gut=gut)
        self.plan, self.arm_index = plan, arm_index
        self.traits = drawn.traits
        self.replicate = drawn.replicate
        self.person = drawn.person

    @property
    def name(self) -> str:
        return self.plan.name

    def slices(self) -> list[slice]:
        """Rows of each replicate present (people are kept in replicate order)."""
        reps = np.unique(self.replicate)
        return [slice(int(np.searchsorted(self.replicate, r)), int(np.searchsorted(self.replicate, r, side="right"))) for r in reps]

    def take(self, idx) -> None:
        idx = np.asarray(idx, int)
        super().take(idx)
        self.traits = {k: v[idx].copy() for k, v in self.traits.items()}
        self.replicate = self.replicate[idx]
        self.person = self.person[idx]


def one_arm(host: str, interventions: list[Intervention], n: int, seed: int, *, gut: str = "mixed", prefix: str = "group",
            params: dict | None = None) -> Arm:
    """``n`` people of a host profile under ``interventions``: one arm, one replicate (scripts and checks)."""
    prof = profile(host)
    return Arm(prof, ArmPlan(prefix, list(interventions)), 0, draw_arm(prof, params, 0, [n], seed, prefix=prefix), seed, gut=gut)


class Participant(Person):
    """One person in a virtual trial: arm, replicate and traits, a view onto their row."""

    def __init__(self, model: Cohort, arm: Arm, row: int):
        super().__init__(model, arm, row)
        self.arm = arm.name

    @property
    def replicate(self) -> int:
        return int(self.people.replicate[self.row])

    def traits(self) -> dict[str, float]:
        g, i, p = self.people, self.row, self.people.p
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
        gut: "mixed" (well-mixed, fast) or "agent" (agent-based gut per person).
        params: parameter overrides (validated).
    """

    def __init__(self, host: str, arms: list, n_per_arm: int | list[int], *, replicates: int = 1, seed: int = 1, gut: str = "mixed",
                 params: dict | None = None, duration_days: float = 56.0, first_replicate: int = 0, prefix: str = "trial"):
        super().__init__(seed=seed)
        self.profile = profile(host)
        plans = [a if isinstance(a, ArmPlan) else ArmPlan(a[0], [iv if isinstance(iv, Intervention) else intervention_from_dict(iv, f"arm {a[0]}", duration_days) for iv in a[1]]) for a in arms]
        sizes = [int(k) for k in n_per_arm] if isinstance(n_per_arm, list | tuple) else [int(n_per_arm)] * int(replicates)
        self.groups = [Arm(self.profile, plan, k, draw_arm(self.profile, params, k, sizes, seed, prefix=prefix, first_replicate=first_replicate),
                           seed, gut=gut) for k, plan in enumerate(plans)]
        for g in self.groups:
            for i in range(g.n):
                Participant(self, g, i)
        self.time_h = 0

    @property
    def arm_names(self) -> list[str]:
        return [g.name for g in self.groups]

    def advance(self, hours: int, start_h: int, *, settle_last: bool = False, progress=None) -> None:
        """Run ``hours`` hours starting at trial clock ``start_h`` (negative = before randomisation)."""
        for h in range(hours):
            for g in self.groups:
                g.step(start_h + h, settle=settle_last and h == hours - 1)
            if progress is not None:
                progress(1)
        self.time_h = start_h + hours

    def step(self) -> None:
        """One hour of the trial for every participant."""
        self.advance(1, self.time_h)

    def take(self, arm: Arm, idx) -> None:
        """Keep only people ``idx`` of ``arm`` (e.g. those screening enrolled); the others leave the model."""
        idx = np.asarray(idx, int)
        arm.take(idx)
        mine = sorted((a for a in self.agents if isinstance(a, Participant) and a.people is arm), key=lambda a: a.row)
        keep = {int(old): new for new, old in enumerate(idx)}
        for a in mine:
            if a.row in keep:
                a.row = keep[a.row]
            else:
                a.remove()

    def participants(self, arm: Arm | None = None) -> list[Participant]:
        """The participants (of one arm), in row order."""
        out = [a for a in self.agents if isinstance(a, Participant) and (arm is None or a.people is arm)]
        return sorted(out, key=lambda a: (a.people.arm_index, a.row))
