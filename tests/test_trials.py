"""Virtual trials end to end: output contract, determinism, common random numbers, screening, bad specs."""

import json
import subprocess
import sys

import pytest

from gutbrain_sim.core.errors import UserInputError
from gutbrain_sim.trials.run import OUTCOMES, override, run_trial, trial_spec_from_dict

ARMS = [
    {"name": "placebo", "interventions": [{"type": "placebo"}]},
    {"name": "probiotic", "interventions": [{"type": "probiotic", "dose_cfu_per_day": 1e10}]},
]


def small(**changes):
    d = {"name": "tiny", "population": "mdd", "n_per_arm": 8, "duration_weeks": 2, "replicates": 2, "seed": 4,
         "warmup_days": 7, "dropout": 0.2, "arms": ARMS}
    d.update(changes)
    return trial_spec_from_dict(d, where="test")


@pytest.fixture(scope="module")
def tiny():
    return run_trial(small())


def test_summary_has_the_exact_contract_keys(tiny):
    s = tiny.summary
    for key in ("arms", "contrasts", "replicates", "pooled", "control", "population", "n_per_arm", "duration_weeks", "not_medical_advice"):
        assert key in s, key
    assert set(s["arms"]) == {"placebo", "probiotic"}
    arm = s["arms"]["probiotic"]
    for key in ("n", "responders", "remitters", "meaningful_change", "translocated_bacteria", "bacteraemia_episodes",
                "bacteraemia_probiotic_episodes", "people_with_bacteraemia", *OUTCOMES):
        assert key in arm, key
    assert set(arm["depression_hamd"]) >= {"baseline_mean", "baseline_sd", "end_mean", "end_sd"}
    assert len(s["contrasts"]) == len(OUTCOMES)
    for c in s["contrasts"]:
        assert {"treatment", "control", "outcome", "hedges_g", "ci_low", "ci_high", "p_value"} <= set(c)
        assert c["treatment"] == "probiotic" and c["control"] == "placebo"
        assert c["ci_low"] <= c["hedges_g"] <= c["ci_high"]
    assert isinstance(s["replicates"], list) and len(s["replicates"]) == 2
    assert all(len(r["contrasts"]) == len(OUTCOMES) for r in s["replicates"])
    for p in s["pooled"]["contrasts"]:
        assert {"treatment", "control", "outcome", "median_hedges_g", "pooled_hedges_g", "ci_low", "ci_high", "i2"} <= set(p)
        assert 0.0 <= p["i2"] <= 1.0


def test_participants_table_one_row_per_person_with_traits_outcomes_and_safety(tiny):
    df = tiny.participants
    assert len(df) == 2 * 2 * 8
    for col in ("replicate", "arm", "participant", "age_years", "bmi_kg_per_m2", "fibre_g_per_day", "stress_baseline",
                "depression_hamd_baseline", "depression_hamd_final", "anxiety_hama_final", "crp_mg_per_l_final",
                "translocated_bacteria", "bacteraemia_episodes", "bacteraemia_probiotic_episodes", "dropout_week", "screening_hamd",
                "responder"):
        assert col in df, col
    assert df.groupby(["replicate", "arm"]).size().eq(8).all()
    assert (df.screening_hamd >= 18).mean() > 0.9  # MDD trials enrol at HAM-D >= 18 at screening
    assert df.depression_hamd_final.between(0, 52).all() and df.anxiety_hama_final.between(0, 56).all()
    assert 0 < df.dropout_week.notna().sum() < len(df)


def test_write_gives_all_outputs_and_same_seed_same_bytes(tiny, tmp_path):
    tiny.write(tmp_path / "a")
    run_trial(small()).write(tmp_path / "b")
    for name in ("trial_summary.json", "participants.csv", "timecourse.csv", "trial_spec.toml", "forest.png", "timecourse.png"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert json.loads((tmp_path / "a" / "trial_summary.json").read_text())["contrasts"]


def test_changing_one_arm_leaves_the_other_arm_identical(tiny):
    other = run_trial(small(arms=[ARMS[0], {"name": "probiotic", "interventions": [{"type": "ssri"}]}]))
    a = tiny.participants[tiny.participants.arm == "placebo"].reset_index(drop=True)
    b = other.participants[other.participants.arm == "placebo"].reset_index(drop=True)
    assert a.equals(b)
    assert not tiny.participants[tiny.participants.arm == "probiotic"].depression_hamd_final.equals(
        other.participants[other.participants.arm == "probiotic"].depression_hamd_final)


def test_replicate_is_the_same_whatever_the_number_of_replicates(tiny):
    one = run_trial(small(replicates=1))
    a = tiny.participants[tiny.participants.replicate == 0].reset_index(drop=True)
    # byte for byte: every person's numbers come from their own streams, whoever shares their engine
    assert a.to_csv() == one.participants.to_csv()


def test_agent_gut_can_be_chosen():
    r = run_trial(small(n_per_arm=2, duration_weeks=1, replicates=1, population="healthy", dropout=0.0), gut="agent")
    assert r.summary["gut"] == "agent" and len(r.participants) == 4
    assert r.participants.depression_hamd_final.between(0, 52).all()


@pytest.mark.parametrize("change, message", [
    ({"population": "martian"}, "unknown host"),
    ({"n_per_arm": 0}, "n_per_arm"),
    ({"arms": ARMS[:1]}, "at least two"),
    ({"control": "nobody"}, "control"),
    ({"colour": "red"}, "unknown key 'colour'"),
    ({"arms": [ARMS[0], {"name": "x", "interventions": [{"type": "probiotc"}]}]}, "unknown intervention type"),
    ({"arms": [ARMS[0], {"name": "x", "interventions": [{"type": "probiotic", "dose_cfu_per_day": -1}]}]}, "out of range"),
    ({"meta_analysis": {"trials": 5}}, "gutbrain meta-analysis"),
    ({"gut": "agnet"}, 'gut must be "agent" or "mixed", got \'agnet\''),
    ({"gut": 1}, 'gut must be "agent" or "mixed"'),
])
def test_bad_specs_are_one_line_errors_naming_the_key(change, message):
    with pytest.raises(UserInputError) as err:
        small(**change)
    assert message in str(err.value) and "\n" not in str(err.value)


def test_cli_malformed_spec_exits_2_with_one_line(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('population = "mdd"\nn_per_arm = "fifty"\n[[arms]]\nname = "a"\n[[arms]]\nname = "b"\n')
    r = subprocess.run([sys.executable, "-m", "gutbrain_sim.cli", "trial", str(bad), "--out", str(tmp_path / "out")],
                       capture_output=True, text=True)
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and "bad.toml" in r.stderr and "n_per_arm" in r.stderr
    assert "Traceback" not in r.stderr and not (tmp_path / "out").exists()
    missing = subprocess.run([sys.executable, "-m", "gutbrain_sim.cli", "trial", str(tmp_path / "nope.toml")], capture_output=True, text=True)
    assert missing.returncode == 2 and "file not found" in missing.stderr


def test_cli_runs_a_trial_and_writes_outputs(tmp_path):
    spec = tmp_path / "t.toml"
    spec.write_text('population = "healthy"\nn_per_arm = 4\nduration_weeks = 1\nwarmup_days = 7\n'
                    '[[arms]]\nname = "placebo"\n[[arms.interventions]]\ntype = "placebo"\n'
                    '[[arms]]\nname = "probiotic"\n[[arms.interventions]]\ntype = "probiotic"\n')
    r = subprocess.run([sys.executable, "-m", "gutbrain_sim.cli", "trial", str(spec), "--out", str(tmp_path / "o"), "--seed", "3"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "probiotic vs placebo" in r.stdout and "not medical advice" in r.stdout
    assert {p.name for p in (tmp_path / "o").iterdir()} >= {"trial_summary.json", "participants.csv", "forest.png", "timecourse.png"}


def test_spec_gut_key_is_the_default_and_the_flag_wins():
    assert small().gut == "mixed" and small(gut="agent").gut == "agent"
    assert override(small(gut="agent"), gut="mixed").gut == "mixed"
    assert 'gut = "agent"' in small(gut="agent").to_toml()
    with pytest.raises(UserInputError, match='gut must be "agent" or "mixed"'):
        override(small(), gut="agnet")


def _cli_trial(spec, out, *flags):
    return subprocess.run([sys.executable, "-m", "gutbrain_sim.cli", "trial", str(spec), "--out", str(out), *flags],
                          capture_output=True, text=True)


def test_spec_gut_agent_gives_the_same_bytes_as_the_flag(tmp_path):
    from conftest import write_tiny_trial

    opts = {"population": "healthy", "warmup_days": 7, "dropout": 0.0, "seed": 5}
    by_spec = write_tiny_trial(tmp_path / "by_spec.toml", n_per_arm=2, name="g", gut="agent", **opts)
    by_flag = write_tiny_trial(tmp_path / "by_flag.toml", n_per_arm=2, name="g", **opts)
    a, b = _cli_trial(by_spec, tmp_path / "a"), _cli_trial(by_flag, tmp_path / "b", "--gut", "agent")
    assert a.returncode == 0 and b.returncode == 0, a.stderr + b.stderr
    assert "agent gut" in a.stdout and "agent gut" in b.stdout
    for name in ("trial_summary.json", "participants.csv", "timecourse.csv", "trial_spec.toml"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert json.loads((tmp_path / "a" / "trial_summary.json").read_text())["gut"] == "agent"
    assert json.loads((tmp_path / "a" / "provenance.json").read_text())["gut"] == "agent"
    assert 'gut = "agent"' in (tmp_path / "a" / "trial_spec.toml").read_text()
    mixed = run_trial(trial_spec_from_dict({"name": "g", "population": "healthy", "n_per_arm": 2, "duration_weeks": 1,
                                            "warmup_days": 7, "dropout": 0.0, "seed": 5, "arms": ARMS}))
    mixed.write(tmp_path / "m")
    assert (tmp_path / "m" / "participants.csv").read_bytes() != (tmp_path / "a" / "participants.csv").read_bytes()


def test_cli_bad_gut_in_spec_exits_2_with_one_line_and_no_folder(tmp_path):
    from conftest import write_tiny_trial

    spec = write_tiny_trial(tmp_path / "bad.toml", n_per_arm=2, gut="agnet")
    r = _cli_trial(spec, tmp_path / "out")
    assert r.returncode == 2 and r.stderr.count("\n") == 1, r.stderr
    assert 'gut must be "agent" or "mixed", got \'agnet\'' in r.stderr and "bad.toml" in r.stderr
    assert "Traceback" not in r.stderr and not (tmp_path / "out").exists()
