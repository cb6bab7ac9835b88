"""What every calibration check shares: the result of one target (``TargetResult``) and the small
statistics the checks use (a value in its range, how far outside, the standard error of a
median, "near" in quick mode, the median Hedges g of a trial's replicates), and a cohort of one
host profile (``host_group``). Split from calibration.py so the target modules (ecology,
probiotic, meta-analysis) import them without importing each other.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field

import numpy as np

from ..interventions import intervention_from_dict
from ..trials.cohort import Arm, one_arm


@dataclass
class TargetResult:
    target: str
    what: str
    range: list[float] | None
    value: float | None
    unit: str
    passed: bool
    check: str
    details: dict = field(default_factory=dict)
    # quick mode only: failed, but by less than two standard errors of its estimate (sampling
    # noise of few replicates or people): "near", to be settled by the full check
    near: bool = False

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def verdict(self) -> str:
        return "pass" if self.passed else ("near" if self.near else "FAIL")


def outside_by(x: float, rng) -> float:
    """How far ``x`` lies outside the closed interval ``rng`` (0 inside)."""
    return max(rng[0] - x, x - rng[1], 0.0)


def median_se(values) -> float:
    """Standard error of a median (normal approximation: 1.2533 SD / sqrt(n))."""
    v = np.asarray([x for x in values if math.isfinite(x)], float)
    return float(1.2533 * v.std(ddof=1) / math.sqrt(v.size)) if v.size > 1 else math.inf


def is_near(value: float, rng, se: float, other_checks_pass: bool) -> bool:
    return other_checks_pass and 0.0 < outside_by(value, rng) <= 2.0 * se


def replicate_gs(result, treatment: str, outcome: str = "depression_hamd") -> list[dict]:
    s = result.summary
    reps = s.get("replicates") or [{"contrasts": s["contrasts"]}]
    return [next(c for c in r["contrasts"] if c["treatment"] == treatment and c["outcome"] == outcome) for r in reps]


def median_g(result, treatment: str, outcome: str = "depression_hamd") -> float:
    return float(np.median([c["hedges_g"] for c in replicate_gs(result, treatment, outcome)]))


def g_se(result, treatment: str) -> float:
    return median_se([c["hedges_g"] for c in replicate_gs(result, treatment)])


def in_range(x, rng) -> bool:
    return x is not None and math.isfinite(x) and rng[0] <= x <= rng[1]


def host_group(host: str, n: int, seed: int, interventions: list[dict] | None = None, days: float = 30.0, gut: str = "mixed") -> Arm:
    ivs = [intervention_from_dict(d, "calibration", days) for d in interventions or []]
    return one_arm(host, ivs, n, seed, gut=gut, prefix="calibration")
