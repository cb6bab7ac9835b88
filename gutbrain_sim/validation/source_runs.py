"""Running a source experiment: a group of people of one profile, warmed up, given the experiment's
interventions, and their host states read hour by hour (gutbrain_sim.validation.sources and the rows still pending)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

import numpy as np

from ..interventions import intervention_from_dict
from ..params import PARAMETERS
from ..trials.cohort import one_arm

WARMUP_DAYS = 14
BOLUS_H = 24 + 9  # endotoxin experiments: the bolus on day 1 at 09:00
MORNING_H = 8  # clock hour of the probiotic trials' morning (fasting) blood sample


@dataclass
class SourceCheck:
    key: str
    experiment: str
    paper: str
    paper_figure: str
    model_figure: str
    parameters: tuple[str, ...]
    reproduced: bool | None  # None: the model cannot run or reproduce this experiment yet
    # values set to this row's figure that are not declared parameters (a profile's value); see ``fitted_by``
    fitted: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # a comparison of numpy numbers gives numpy.bool_, which the counts (``reproduced is True``) would skip
        if self.reproduced is not None:
            self.reproduced = bool(self.reproduced)

    @property
    def fitted_by(self) -> tuple[str, ...]:
        """What was set to hit this row's figure: the row's parameters labelled ``calibrated`` whose source text names the
        row (its key), and the row's own ``fitted`` values. A row fitted so agrees with its paper because a value was
        chosen to make it agree: it shows the fit holds, not that the mechanism predicts the figure."""
        named = tuple(p for p in self.parameters if p in PARAMETERS and PARAMETERS[p].evidence == "calibrated"
                      and re.search(rf"\b{re.escape(self.key)}\b", PARAMETERS[p].source))
        return named + tuple(f for f in self.fitted if f not in named)

    @property
    def verdict(self) -> str:
        if self.reproduced is True and self.fitted_by:
            return "pass (fit)"
        return {True: "pass", False: "FAIL", None: "not reproduced yet"}[self.reproduced]

    def as_dict(self) -> dict:
        return asdict(self) | {"fitted_by": list(self.fitted_by), "verdict": self.verdict}


def source_counts(checks: list[SourceCheck]) -> dict[str, int]:
    """How many rows agree with their paper (and of those, how many are fits: ``SourceCheck.fitted_by``), miss it, or
    are not reproduced yet."""
    agree = [c for c in checks if c.reproduced is True]
    return {"rows": len(checks), "agree": len(agree), "fits": sum(bool(c.fitted_by) for c in agree),
            "reproduced": sum(not c.fitted_by for c in agree), "missed": sum(c.reproduced is False for c in checks),
            "pending": sum(c.reproduced is None for c in checks)}


def counts_line(checks: list[SourceCheck]) -> str:
    n = source_counts(checks)
    return (f"{n['agree']} of {n['rows']} source experiments agree with their paper ({n['reproduced']} reproduced by the mechanism, "
            f"{n['fits']} fits: a value was set to the paper's figure), {n['missed']} missed, {n['pending']} not reproduced yet")


def trace(host: str, n: int, seed: int, interventions: list[dict], hours: int, keys: tuple[str, ...],
          params: dict | None = None, lm: bool = False, gut: str = "mixed") -> dict[str, np.ndarray]:
    """Hourly values (rows = hours 0..hours, columns = people) of host state ``keys`` after a warm-up."""
    days = hours / 24 + 1
    ivs = [intervention_from_dict(d, "source experiment", days) for d in interventions]
    g = one_arm(host, ivs, n, seed, params=params, prefix="sources", gut=gut)
    for h in range(-WARMUP_DAYS * 24, 0):
        g.step(h)
    out: dict[str, list] = {k: [] for k in keys + (("permeability_lm_ratio",) if lm else ())}
    for h in range(hours + 1):
        for k in keys:
            out[k].append(g.state[k].copy())
        if lm:
            out["permeability_lm_ratio"].append(g.gut.lm_ratio().copy())
        if h < hours:
            g.step(h)
    return {k: np.array(v) for k, v in out.items()}


def morning_change(host: str, n: int, seed: int, product: dict, hours: int, keys: tuple[str, ...],
                   params: dict | None = None) -> dict[str, float]:
    """``n`` people of ``host`` on ``product`` for ``hours`` against the same people without it (common random numbers):
    the fractional change of each of ``keys`` at ``MORNING_H`` over the last week."""
    on = trace(host, n, seed, [product], hours, keys, params=params)
    off = trace(host, n, seed, [], hours, keys, params=params)
    rows = [h for h in range(hours - 168, hours + 1) if h % 24 == MORNING_H]
    return {k: float(on[k][rows].mean() / off[k][rows].mean() - 1.0) for k in keys}


def geo_fold(x: np.ndarray, base_row: int, rows: slice) -> float:
    """Geometric mean over people of peak / baseline (as the endotoxin trials report)."""
    return float(np.exp(np.mean(np.log(x[rows].max(axis=0) / x[base_row]))))


def peak_hour(x: np.ndarray, start: int, rows: slice) -> float:
    """Median over people of the hour of the peak, counted from ``start``."""
    return float(np.median(np.argmax(x[rows], axis=0) + rows.start - start))
