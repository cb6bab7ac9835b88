"""The scenario library: every file loads, round-trips, runs within bounds; the CLI lists and validates them."""

import math
import os
import subprocess
import sys
import tomllib

import numpy as np
import pytest

from gutbrain_sim.hosts import profiles
from gutbrain_sim.interventions import REGISTRY
from gutbrain_sim.scenario import list_scenarios, load_scenario, scenario_from_dict

REQUIRED = (
    "healthy_baseline", "antibiotic_course", "antibiotics_then_probiotic", "antibiotics_then_fmt", "chronic_stress",
    "exam_week", "western_diet", "high_fibre_diet", "probiotic_mdd_8w", "prebiotic_only", "synbiotic", "placebo",
    "ssri_alone", "ssri_plus_probiotic", "probiotic_washout", "low_quality_probiotic", "contaminated_probiotic",
    "probiotic_immunocompromised", "lps_challenge", "rodent_anxiety_probiotic", "vagus_cut", "high_fat_meal",
)
LIBRARY = list_scenarios()


def test_the_library_has_every_named_scenario():
    missing = sorted(set(REQUIRED) - set(LIBRARY))
    assert missing == []
    assert len(LIBRARY) >= 18


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_file_is_complete_and_round_trips(name):
    raw = tomllib.loads(LIBRARY[name].read_text(encoding="utf-8"))
    # every file states what a teacher needs, explicitly
    for key in ("name", "description", "duration_days", "seed", "host"):
        assert key in raw, key
    assert raw["name"] == name
    assert raw["host"] in profiles()
    assert len(raw["description"]) >= 80 and raw["description"].rstrip().endswith((".", ")", "?"))
    sc = load_scenario(LIBRARY[name])
    assert 1 <= sc.duration_days <= (180 if name == "healthy_baseline" else 120)
    for iv in sc.interventions:
        assert iv.start_day < sc.duration_days
    # round trip: load -> to_toml -> load gives the same scenario, and the same text again
    text = sc.to_toml()
    again = scenario_from_dict(tomllib.loads(text), where=f"{name} (written back)")
    assert again == sc
    assert again.to_toml() == text


def test_library_uses_many_intervention_types_and_hosts():
    types = {iv.TYPE for p in LIBRARY.values() for iv in load_scenario(p).interventions}
    hosts = {load_scenario(p).host for p in LIBRARY.values()}
    assert {"probiotic", "prebiotic", "synbiotic", "antibiotic", "diet", "high_fat_meal", "stressor", "ssri",
            "placebo", "lps_challenge", "fmt", "knockout"} <= types <= set(REGISTRY)
    assert {"healthy", "mdd", "immunocompromised", "rodent"} <= hosts


def test_every_scenario_runs_three_days_within_bounds():
    """Each file for 3 days, its interventions moved to start 4 h apart from day 1 so each one acts."""
    from gutbrain_sim import GutBrainModel
    from gutbrain_sim.metrics import ABUNDANCE_COLUMNS

    for name, path in LIBRARY.items():
        sc = load_scenario(path)
        d = sc.to_dict()
        d["duration_days"] = 3
        for i, iv in enumerate(d["interventions"]):
            length = iv.get("stop_day", math.inf) - iv["start_day"]
            iv["start_day"] = 1 + 4 * i / 24
            if "stop_day" in iv:
                iv["stop_day"] = iv["start_day"] + max(min(length, 1.5), 1 / 24)
        short = scenario_from_dict(d, where=name)
        m = GutBrainModel(short, record_every_h=3)
        m.run()
        df = m.timeseries()
        assert len(df) == 3 * 8 + 1, name
        assert m.state_problems() == [], name
        assert np.isfinite(df.select_dtypes("number").to_numpy()).all(), name
        assert np.allclose(df[list(ABUNDANCE_COLUMNS)].sum(axis=1), 1.0), name
        assert df.depression_hamd.between(0, 52).all() and df.anxiety_hama.between(0, 56).all(), name
        assert df.barrier_integrity.between(0, 1).all(), name
        assert (df.plasma_lps_pg_per_ml >= 0).all() and (df.microbes_total > 100).all(), name


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([ROOT, os.environ.get("PYTHONPATH", "")])}


def _cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "gutbrain_sim.cli", *args], capture_output=True, text=True, timeout=120,
                          cwd=cwd, env=ENV)


def test_cli_lists_every_scenario_with_its_first_sentence():
    r = _cli("scenarios")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    assert len(lines) == len(LIBRARY)
    for name, path in LIBRARY.items():
        line = next(ln for ln in lines if ln.split()[0] == name)
        sc = load_scenario(path)
        assert sc.host in line and f"{sc.duration_days:g} d" in line
        assert sc.description.split(". ")[0].rstrip(".")[:40] in line


def test_cli_validate_checks_without_running(tmp_path):
    files = [str(p) for p in LIBRARY.values()]
    r = _cli("validate", *files, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.count("ok  ") == len(files)
    assert list(tmp_path.iterdir()) == []  # nothing run, nothing written
