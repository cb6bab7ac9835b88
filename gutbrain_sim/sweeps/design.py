"""Sweep designs: the points of a grid, random, Sobol (Saltelli) or Morris design, and the
scenario each point (and its paired control) runs.

Log-scaled parameters are sampled uniformly in log10 space; whole-number parameters are
rounded. Random designs draw from the named stream ``sweep.design.random`` of the design
seed; Sobol and Morris samples come from SALib with the design seed, so a design is the same
on every machine and every rerun (resume relies on it).
"""

from __future__ import annotations

import copy
import itertools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..core.errors import UserInputError
from ..core.streams import stream
from ..scenario import Scenario, scenario_from_dict
from .spec import SweepParam, SweepSpec, Target


@dataclass(frozen=True)
class Point:
    point_id: int
    values: dict[str, Any]  # swept name -> value, in spec order


@dataclass
class Design:
    points: list[Point]
    samples: np.ndarray | None = None  # (points, parameters) in design space (log10 where log-scaled)
    problem: dict | None = None  # SALib problem for sensitivity analysis


def build_design(spec: SweepSpec) -> Design:
    """Every point of the spec's design, in a fixed order (point_id = position)."""
    params = spec.parameters
    opts = spec.design_options
    if spec.design == "grid":
        axes = [_grid_axis(p, opts["levels"]) for p in params]
        rows = [dict(zip([p.name for p in params], combo, strict=True)) for combo in itertools.product(*axes)]
        return Design([Point(i, r) for i, r in enumerate(rows)])
    problem = {
        "num_vars": len(params),
        "names": [p.name for p in params],
        "bounds": [[_fwd(p, p.low), _fwd(p, p.high)] for p in params],
    }
    if spec.design == "random":
        unit = stream(opts["seed"], "sweep.design.random").random((opts["points"], len(params)))
        lo, hi = np.array(problem["bounds"]).T
        x = lo + unit * (hi - lo)
    elif spec.design == "sobol":
        from SALib.sample import sobol

        x = sobol.sample(problem, opts["base_samples"], calc_second_order=False, scramble=True, seed=opts["seed"])
    else:
        from SALib.sample import morris

        x = morris.sample(problem, opts["trajectories"], num_levels=opts["levels"], seed=opts["seed"])
    points = [Point(i, {p.name: _back(p, float(v)) for p, v in zip(params, row, strict=True)}) for i, row in enumerate(x)]
    return Design(points, np.asarray(x, dtype=float), problem)


def _fwd(p: SweepParam, v: float) -> float:
    return math.log10(v) if p.scale == "log" else float(v)


def _back(p: SweepParam, x: float):
    v = 10.0**x if p.scale == "log" else x
    v = min(max(v, p.low), p.high)  # guard against 10**log10(v) rounding past the bounds
    return int(round(v)) if p.target.integer else float(v)


def _grid_axis(p: SweepParam, default_levels: int) -> list:
    if p.values is not None:
        return list(p.values)
    n = p.levels or default_levels
    lo, hi = _fwd(p, p.low), _fwd(p, p.high)
    xs = [_back(p, float(x)) for x in np.linspace(lo, hi, n)]
    return list(dict.fromkeys(xs))  # whole-number parameters may round two levels together


# ----------------------------------------------------------------------------- scenarios
def apply_values(base: Scenario, values: dict[str, Any], targets: dict[str, Target]) -> dict:
    """The base scenario as a dict with swept model parameters and intervention fields set."""
    d = base.to_dict()
    d["params"] = dict(d["params"])
    d["interventions"] = copy.deepcopy(d["interventions"])
    for name, v in values.items():
        t = targets[name]
        if t.iv_index is None:
            d["params"][name] = v
        else:
            d["interventions"][t.iv_index][t.iv_field] = v
    return d


def make_tasks(spec: SweepSpec, design: Design) -> list[dict]:
    """One plain-data task per (point, seed), validated here so workers never see bad input."""
    tasks = []
    for pt in design.points:
        where = f"{spec.source} design point {pt.point_id} ({_short(pt.values)})"
        run = apply_values(spec.base, pt.values, spec.targets)
        _validate(run, where)
        control = None
        if spec.paired is not None:  # values set first (slots name base interventions), then removals
            control = apply_values(scenario_from_dict(run, where), spec.paired.set, spec.targets)
            control["interventions"] = [iv for i, iv in enumerate(control["interventions"]) if i not in spec.paired.without]
            _validate(control, f"{where} paired control")
        for seed in spec.seeds:
            tasks.append({
                "point_id": pt.point_id, "seed": seed, "scenario": run, "control": control,
                "record_every_h": spec.record_every_h, "metrics": list(spec.metrics),
            })
    return tasks


def _validate(d: dict, where: str) -> None:
    try:
        scenario_from_dict(d, where)
    except UserInputError:
        raise
    except (TypeError, ValueError) as exc:  # defensive: report, never a traceback
        raise UserInputError(f"invalid values: {exc}", where=where) from None


def _short(values: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v:g}" if isinstance(v, float | int) else f"{k}={v!r}" for k, v in values.items())
