"""Sweep specs and designs without running the model: the right points inside the declared
ranges, the naming scheme for intervention fields, metrics, and one-line errors for bad specs."""

from __future__ import annotations

import itertools
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gutbrain_sim.core.errors import UserInputError
from gutbrain_sim.interventions import REGISTRY
from gutbrain_sim.params import PARAMETERS
from gutbrain_sim.sweeps import build_design, load_sweep, make_tasks, sensitivity
from gutbrain_sim.sweeps.measures import compute, parse_metric

EXAMPLE = Path(__file__).resolve().parents[1] / "experiments" / "fibre_probiotic_sweep.toml"
PROBIOTIC_BASE = {"host": "mdd", "duration_days": 4, "interventions": [{"type": "probiotic", "dose_cfu_per_day": 1e10}]}


def spec(**changes) -> dict:
    d = {
        "name": "t", "duration_days": 2, "scenario": dict(PROBIOTIC_BASE),
        "design": {"kind": "grid", "levels": 3},
        "parameters": [{"name": "fibre_g_per_day", "low": 10, "high": 30}],
        "metrics": ["depression_hamd:end"],
    }
    d.update(changes)
    return d


def points(d: dict) -> list[dict]:
    return [p.values for p in build_design(load_sweep(d)).points]


# ----------------------------------------------------------------------------- designs
def test_grid_is_the_cartesian_product_with_log_and_integer_axes():
    d = spec(parameters=[
        {"name": "fibre_g_per_day", "low": 10, "high": 30},
        {"name": "interventions.0.dose_cfu_per_day", "low": 1e8, "high": 1e10, "scale": "log"},
        {"name": "grid_length_cells", "low": 10, "high": 13, "levels": 4},
    ])
    pts = points(d)
    assert len(pts) == 3 * 3 * 4
    fibre = [10.0, 20.0, 30.0]
    dose = [1e8, 1e9, 1e10]
    cells = [10, 11, 12, 13]
    expect = list(itertools.product(fibre, dose, cells))
    got = [(p["fibre_g_per_day"], p["interventions.0.dose_cfu_per_day"], p["grid_length_cells"]) for p in pts]
    assert [(a, pytest.approx(b, rel=1e-12), c) for a, b, c in expect] == got
    assert all(isinstance(p["grid_length_cells"], int) for p in pts)


def test_grid_explicit_values_and_rounded_levels_are_not_duplicated():
    pts = points(spec(parameters=[{"name": "fibre_g_per_day", "values": [5, 50]},
                                  {"name": "mucosal_sites_per_column", "low": 1, "high": 2, "levels": 5}]))
    assert [(p["fibre_g_per_day"], p["mucosal_sites_per_column"]) for p in pts] == [(5.0, 1), (5.0, 2), (50.0, 1), (50.0, 2)]


def test_random_design_inside_narrowed_ranges_reproducible_and_seeded():
    d = spec(design={"kind": "random", "points": 200, "seed": 4},
             parameters=[{"name": "fibre_g_per_day", "low": 12, "high": 18},
                         {"name": "transit_h", "low": 20, "high": 30}])
    a, b = points(d), points(d)
    assert a == b and len(a) == 200
    f = np.array([p["fibre_g_per_day"] for p in a])
    t = np.array([p["transit_h"] for p in a])
    assert f.min() >= 12 and f.max() <= 18 and t.min() >= 20 and t.max() <= 30
    assert f.max() - f.min() > 5  # covers the range, not a corner
    d["design"]["seed"] = 5
    assert points(d) != a


def test_sobol_uses_declared_ranges_by_default_and_saltelli_size():
    names = ["fibre_g_per_day", "transit_h", "probiotic_growth_factor"]
    d = spec(design={"kind": "sobol", "base_samples": 16, "seed": 2}, parameters=[{"name": n} for n in names])
    design = build_design(load_sweep(d))
    assert len(design.points) == 16 * (3 + 2)  # N (D + 2) without second-order indices
    for n in names:
        v = np.array([p.values[n] for p in design.points])
        spec_ = PARAMETERS[n]
        assert v.min() >= spec_.low and v.max() <= spec_.high
        assert v.max() - v.min() > 0.7 * (spec_.high - spec_.low)  # default range = declared range
    assert design.problem["bounds"] == [[PARAMETERS[n].low, PARAMETERS[n].high] for n in names]


def test_morris_trajectories_change_one_parameter_per_step_on_the_level_grid():
    d = spec(design={"kind": "morris", "trajectories": 5, "levels": 4, "seed": 1},
             parameters=[{"name": "fibre_g_per_day", "low": 0, "high": 60}, {"name": "transit_h", "low": 24, "high": 48},
                         {"name": "interventions.0.viability", "low": 0.2, "high": 1.0}])
    pts = points(d)
    assert len(pts) == 5 * (3 + 1)
    x = np.array([[p[k] for k in p] for p in pts])
    for r in range(5):
        traj = x[r * 4:(r + 1) * 4]
        changed = (np.abs(np.diff(traj, axis=0)) > 1e-9).sum(axis=1)
        assert changed.tolist() == [1, 1, 1]
        assert sorted(np.argmax(np.abs(np.diff(traj, axis=0)) > 1e-9, axis=1).tolist()) == [0, 1, 2]
    levels = np.linspace(0, 60, 4)
    assert all(np.isclose(levels, v).any() for v in x[:, 0])


def test_intervention_fields_are_set_in_each_task_and_paired_control_switches_off():
    d = spec(parameters=[{"name": "interventions.0.dose_cfu_per_day", "values": [1e8, 1e11]}],
             seeds=[3, 4], paired={"without": ["probiotic"]})
    sp = load_sweep(d)
    tasks = make_tasks(sp, build_design(sp))
    assert [(t["point_id"], t["seed"]) for t in tasks] == [(0, 3), (0, 4), (1, 3), (1, 4)]
    assert [t["scenario"]["interventions"][0]["dose_cfu_per_day"] for t in tasks] == [1e8, 1e8, 1e11, 1e11]
    assert all(t["control"]["interventions"] == [] and t["scenario"]["duration_days"] == 2 for t in tasks)
    assert sp.metric_columns() == ["depression_hamd:end", "depression_hamd:end:control", "depression_hamd:end:effect"]


def test_every_numeric_intervention_field_has_its_declared_range():
    sp = load_sweep(spec())
    fs = REGISTRY["probiotic"].FIELDS["viability"]
    t = sp.targets["interventions.0.viability"]
    assert (t.low, t.high, t.unit) == (fs.low, fs.high, fs.unit)
    assert sp.targets["interventions.0.start_day"].high == 2  # the run's duration


# ----------------------------------------------------------------------------- metrics
def test_metric_statistics_on_a_known_series():
    day = np.arange(0, 10.25, 0.25)
    frame = pd.DataFrame({"day": day, "depression_hamd": 2.0 * day})
    labels = ["depression_hamd:start", "depression_hamd:end", "depression_hamd:mean", "depression_hamd:change",
              "depression_hamd:mean_last_2d", "depression_hamd:mean_first_1d", "depression_hamd:max"]
    got = compute(frame, [parse_metric(m, "x", 10) for m in labels])
    # last 2 days: day in (8, 10] -> mean day 9.125; first day: [0, 1) -> mean 0.375
    assert got == {"depression_hamd:start": 0.0, "depression_hamd:end": 20.0, "depression_hamd:mean": 10.0,
                   "depression_hamd:change": 20.0, "depression_hamd:mean_last_2d": 18.25,
                   "depression_hamd:mean_first_1d": 0.75, "depression_hamd:max": 20.0}


# ----------------------------------------------------------------------------- sensitivity
def test_sobol_indices_find_the_only_influential_parameter():
    d = spec(design={"kind": "sobol", "base_samples": 256, "seed": 1},
             parameters=[{"name": "fibre_g_per_day", "low": 0, "high": 60}, {"name": "transit_h", "low": 24, "high": 48}])
    design = build_design(load_sweep(d))
    rows = [{"point_id": p.point_id, "seed": 1, "y:end": math.sin(p.values["fibre_g_per_day"] / 20.0)} for p in design.points]
    s = sensitivity(d, pd.DataFrame(rows), "y:end", design).set_index("parameter")
    assert s.loc["fibre_g_per_day", "S1"] == pytest.approx(1.0, abs=0.1)
    assert s.loc["fibre_g_per_day", "ST"] == pytest.approx(1.0, abs=0.1)
    assert abs(s.loc["transit_h", "S1"]) < 0.05 and abs(s.loc["transit_h", "ST"]) < 0.05


def test_morris_mu_star_is_the_effect_over_the_range():
    d = spec(design={"kind": "morris", "trajectories": 10, "levels": 4, "seed": 1},
             parameters=[{"name": "fibre_g_per_day", "low": 0, "high": 60}, {"name": "transit_h", "low": 24, "high": 48}])
    design = build_design(load_sweep(d))
    rows = [{"point_id": p.point_id, "seed": 1, "y:end": 0.1 * p.values["fibre_g_per_day"]} for p in design.points]
    s = sensitivity(d, pd.DataFrame(rows), "y:end", design).set_index("parameter")
    assert s.loc["fibre_g_per_day", "mu_star"] == pytest.approx(6.0)  # 0.1 per g/day x 60 g/day
    assert s.loc["transit_h", "mu_star"] == pytest.approx(0.0, abs=1e-9)
    assert s.loc["fibre_g_per_day", "sigma"] == pytest.approx(0.0, abs=1e-9)  # linear: no spread


# ----------------------------------------------------------------------------- bad specs
BAD = [
    ('scenario = "healthy_baseline"\n[[parameters]]\nname = "fibre_g_per_dya"\n', ["[[parameters]] #1", "fibre_g_per_dya", "fibre_g_per_day"]),
    ('scenario = "healthy_baseline"\n[[parameters]]\nname = "transit_h"\nlow = 1\n', ["transit_h", "[12, 120] h"]),
    ('scenario = "healthy_baseline"\n[[parameters]]\nname = "transit_h"\nlow = 50\nhigh = 40\n', ["low (50) must be below high (40)"]),
    ('scenario = "healthy_baseline"\n[design]\nkind = "latin"\n[[parameters]]\nname = "transit_h"\n', ["[design]", "latin", "grid, morris, random, sobol"]),
    ('scenario = "healthy_baseline"\n[design]\nkind = "sobol"\nbase_samples = 10\n[[parameters]]\nname = "transit_h"\n[[parameters]]\nname = "fibre_g_per_day"\n', ["power of 2"]),
    ('scenario = "healthy_baseline"\n[design]\nkind = "grid"\npoints = 4\n[[parameters]]\nname = "transit_h"\n', ["'points' does not apply to a grid design", "levels"]),
    ('scenario = "healthy_baseline"\n[[parameters]]\nname = "interventions.0.dose_cfu_per_day"\n', ["has 0 interventions"]),
    ('scenario = "healthy_baseline"\nmetrics = ["depression:end"]\n[[parameters]]\nname = "transit_h"\n', ["metrics", "depression", "depression_hamd"]),
    ('scenario = "healthy_baseline"\nmetrics = ["depression_hamd:median"]\n[[parameters]]\nname = "transit_h"\n', ["median", "mean_last_<N>d"]),
    ('scenario = "healthy_baseline"\nseeds = -1\n[[parameters]]\nname = "transit_h"\n', ["seeds", "[1, 10000]"]),
    ('scenario = "no_such_scenario"\n[[parameters]]\nname = "transit_h"\n', ["no_such_scenario"]),
    ('scenario = "healthy_baseline"\nworkers = 3\n[[parameters]]\nname = "transit_h"\n', ["unknown key 'workers'"]),
    ('scenario = "healthy_baseline"\n', ["[[parameters]]", "at least one"]),
    ('scenario = "healthy_baseline"\n[[parameters]]\nname = "fibre_g_per_day"\nscale = "log"\n', ["low > 0"]),
    ('scenario = "healthy_baseline"\n[paired]\nwithout = ["probiotic"]\n[[parameters]]\nname = "transit_h"\n', ["[paired]", "probiotic", "no interventions"]),
    ('scenario = "healthy_baseline"\nduration_days = 2\n[scenario]\nhost = "mdd"\n', ["malformed TOML", "line 3"]),
    ('host = "hamster"\nscenario = "healthy_baseline"\n[[parameters]]\nname = "transit_h"\n', ["hamster", "healthy"]),
    ("[[parameters]\n", ["malformed TOML"]),
    ("", ["file is empty"]),
]


@pytest.mark.parametrize("content, needles", BAD)
def test_bad_spec_is_one_line_error_naming_the_file(tmp_path, content, needles):
    f = tmp_path / "bad_sweep.toml"
    f.write_text(content)
    with pytest.raises(UserInputError) as e:
        load_sweep(f)
    msg = str(e.value)
    assert "\n" not in msg and str(f) in msg
    for n in needles:
        assert n in msg, msg


def test_cli_bad_spec_exit_2_one_line_no_output(tmp_path):
    f = tmp_path / "bad_sweep.toml"
    f.write_text(BAD[1][0])
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-m", "gutbrain_sim.cli", "sweep", str(f), "--out", str(out)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "transit_h" in lines[0] and str(f) in lines[0], r.stderr
    assert not out.exists()
    r = subprocess.run([sys.executable, "-m", "gutbrain_sim.cli", "sweep", str(EXAMPLE),
                        "--workers", "0", "--out", str(out)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and "--workers" in r.stderr and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert not out.exists()


def test_out_that_is_a_file_is_refused_and_left_alone(tmp_path):
    from gutbrain_sim.sweeps import run_sweep

    f = tmp_path / "taken"
    f.write_text("keep me")
    with pytest.raises(UserInputError, match="exists and is not a folder"):
        run_sweep(spec(), out=f, workers=1, progress=False)
    assert f.read_text() == "keep me" and sorted(p.name for p in tmp_path.iterdir()) == ["taken"]
