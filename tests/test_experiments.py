"""experiments/: every script is listed in experiments/README.md, the README points there, and
the washout experiment's people run without library warnings (Mesa's unseeded-RNG warning)."""

import re
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXPERIMENTS = ROOT / "experiments"


def test_experiments_readme_lists_every_script_with_command_run_time_and_output():
    text = (EXPERIMENTS / "README.md").read_text(encoding="utf-8")
    scripts = sorted(p.name for p in EXPERIMENTS.glob("*.py") if not p.name.startswith("_"))
    specs = sorted(p.name for p in EXPERIMENTS.glob("*.toml"))
    assert len(scripts) >= 6
    for name in scripts + specs:
        section = re.search(rf"^### `{re.escape(name)}`\n(.*?)(?=^### |\Z)", text, re.S | re.M)
        assert section, f"experiments/README.md has no section for {name}"
        body = section[1]
        assert re.search(r"\bexperiments/" + re.escape(name), body), f"{name}: no command"
        assert re.search(r"\d+(\.\d+)?\s*(s|min)\b", body), f"{name}: no run time"
        assert "results/" in body, f"{name}: no output"
    assert "experiments/README.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_washout_experiments_people_run_with_no_library_warning():
    from gutbrain_sim.interventions import intervention_from_dict
    from gutbrain_sim.trials.cohort import one_arm

    dose = {"type": "probiotic", "start_day": 0, "stop_day": 21, "dose_cfu_per_day": 1e10}  # as experiments/washout.py
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any warning fails the test
        for gut in ("mixed", "agent"):
            g = one_arm("healthy", [intervention_from_dict(dose, "washout", 35)], 1, 1, gut=gut, prefix="washout")
            for h in range(-2, 30):
                g.step(h)
            share = g.measure()["abundance_probiotic_strain"]
            assert 0 < float(share[0]) < 1  # the dose arrived, as a share of the community
