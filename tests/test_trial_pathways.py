"""Issue #14: a trial's summary reports the probiotic's effect by pathway (opt-in: --pathways or pathways = true),
the shares (mean of knock-out and knock-in) summing to the total within 10%, the rest as the overlap; trials that do not ask are unchanged byte for byte (trials.pathways)."""

import contextlib
import io
import json

import pytest
from test_cli_errors import assert_one_line_error, gutbrain

from gutbrain_sim.cli import main as cli_main
from gutbrain_sim.core.errors import UserInputError
from gutbrain_sim.trials.spec import trial_spec_from_dict
from gutbrain_sim.validation.probiotic_pathways import MECHANISMS

N = 10
SMALL = """name = "small_probiotic"
population = "mdd"
n_per_arm = 10
duration_weeks = 2
warmup_days = 7
seed = 3
{extra}
[[arms]]
name = "placebo"
[[arms.interventions]]
type = "placebo"

[[arms]]
name = "{arm}"
[[arms.interventions]]
type = "{kind}"
{dose}"""
OUTPUTS = ("trial_summary.json", "participants.csv", "timecourse.csv", "trial_spec.toml", "forest.png", "timecourse.png")


def small(tmp, name="spec.toml", extra="", kind="probiotic"):
    f = tmp / name
    f.write_text(SMALL.format(extra=extra, arm=kind, kind=kind, dose="dose_cfu_per_day = 1e10\n" if kind == "probiotic" else ""))
    return f


def run_cli(*args):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert cli_main(["trial", *map(str, args)]) == 0
    return buf.getvalue()


@pytest.fixture(scope="module")
def trials(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("pathways")
    spec = small(tmp)
    printed = run_cli(spec, "--pathways", N, "--out", tmp / "with")
    run_cli(spec, "--out", tmp / "without")
    run_cli(small(tmp, "off.toml", "pathways = false"), "--out", tmp / "off")
    return tmp, printed, json.loads((tmp / "with" / "trial_summary.json").read_text())["pathways"]


def test_the_summary_has_the_block_with_the_trials_design(trials):
    _, _, b = trials
    assert b["people"] == N and b["seed"] == 3 and b["weeks"] == 2 and b["arm"] == "probiotic"
    assert b["probiotic"]["dose_cfu_per_day"] == 1e10 and b["probiotic"]["expectancy"] == 0.0  # blinded: expectancy alike
    assert "HAM-D points" in b["units"]
    assert set(b["shares"]) == set(MECHANISMS) == set(b["without"]) == set(b["alone"])
    assert list(b)[-11:] == ["total", "total_se", "shares", "without", "alone", "nested", "sum_of_shares", "sum_ratio",
                             "overlap", "all_off", "all_off_max_abs"]
    assert all(v == round(v, 4) for d in (b["shares"], b["alone"]) for v in d.values()) and b["overlap"] == round(b["overlap"], 4)


def test_the_shares_have_the_totals_sign_and_sum_to_it_within_ten_percent(trials):
    _, _, b = trials
    assert b["total"] < 0.0  # the probiotic helps
    for m in ("tight_junctions", "vagal", "microbial"):
        assert b["shares"][m] * b["total"] > 0.0, m
    assert abs(b["shares"]["bacteraemia"]) <= 0.01
    assert b["shares"]["immune"] == 0.0  # strain_il6_damping read 0 from its source (tests/test_probiotic_pathways.py)
    assert abs(b["sum_ratio"] - 1.0) <= 0.10, b
    assert b["sum_of_shares"] == pytest.approx(sum(b["shares"].values()), abs=1e-3)
    assert b["overlap"] == pytest.approx(b["total"] - b["sum_of_shares"], abs=2e-4)  # each rounded to 4 decimals
    for m in MECHANISMS:
        assert b["shares"][m] == pytest.approx((b["total"] - b["without"][m] + b["alone"][m]) / 2.0, abs=3e-4), m


def test_all_mechanisms_off_gives_placebo_exactly(trials):
    _, _, b = trials
    assert b["all_off"] == 0.0 and b["all_off_max_abs"] == 0.0


def test_the_printed_summary_has_a_line_per_mechanism_with_units(trials):
    _, printed, b = trials
    assert f"{N} paired people" in printed
    for m in MECHANISMS:
        line = next(ln for ln in printed.splitlines() if ln.strip().startswith(m + " "))
        assert f"{b['shares'][m]:+.3f} HAM-D points" in line and f"alone {b['alone'][m]:+.3f})" in line
    line = next(ln for ln in printed.splitlines() if ln.strip().startswith("overlap "))
    assert f"{b['overlap']:+.3f} HAM-D points" in line and "not attributed" in line


def test_the_breakdown_leaves_the_trial_alone_and_trials_without_it_are_unchanged(trials):
    tmp, _, _ = trials
    for name in OUTPUTS:  # pathways = false is the same as no key, byte for byte (the spec's copy too)
        assert (tmp / "off" / name).read_bytes() == (tmp / "without" / name).read_bytes(), name
    for name in ("participants.csv", "timecourse.csv"):  # the knock-outs run on their own people: the trial is the same
        assert (tmp / "with" / name).read_bytes() == (tmp / "without" / name).read_bytes(), name
    with_, without = (json.loads((tmp / d / "trial_summary.json").read_text()) for d in ("with", "without"))
    assert "pathways" not in without
    with_.pop("pathways")
    assert with_ == without
    assert f"pathways = {N}" in (tmp / "with" / "trial_spec.toml").read_text()  # the copy reruns the breakdown
    assert "pathways" not in (tmp / "without" / "trial_spec.toml").read_text()


def test_the_spec_key_takes_true_or_a_number_of_people(tmp_path):
    base = {"population": "mdd", "arms": [{"name": "placebo", "interventions": [{"type": "placebo"}]},
                                          {"name": "pro", "interventions": [{"type": "ssri"}, {"type": "probiotic"}]}]}
    assert trial_spec_from_dict({**base, "pathways": True}).pathways == 20
    assert trial_spec_from_dict({**base, "pathways": 30}).pathways == 30
    assert trial_spec_from_dict({**base, "pathways": False}).pathways is None
    with pytest.raises(UserInputError, match=r"pathways must be true, false or a whole number of people in \[2, 500\]"):
        trial_spec_from_dict({**base, "pathways": 1})


@pytest.mark.parametrize("args, extra, kind, needles", [
    (["--pathways"], "", "ssri", ["--pathways", "pathways needs an arm other than the control (placebo) with a probiotic", "ssri (ssri)"]),
    ([], "pathways = true", "ssri", ["spec.toml", "pathways needs an arm"]),
    (["--pathways", "1"], "", "probiotic", ["--pathways", "[2, 500]"]),
    ([], 'pathways = "yes"', "probiotic", ["spec.toml", "pathways must be true, false or a whole number"]),
    ([], "pathways = nan", "probiotic", ["spec.toml: pathways must be", "[2, 500], got nan"]),
    ([], "pathways = 2.5", "probiotic", ["spec.toml: pathways must be", "got 2.5"]),
    ([], "pathways = 501", "probiotic", ["spec.toml: pathways must be", "got 501"]),
    ([], "pathways = [20]", "probiotic", ["spec.toml: pathways must be", "got [20]"]),
    ([], 'control = "probiotic"\npathways = true', "probiotic", ["spec.toml", "an arm other than the control (probiotic)"]),
    (["--pathways", "0"], "", "probiotic", ["--pathways takes a whole number of people in [2, 500], got 0"]),
    (["--pathways", "abc"], "", "probiotic", ["argument --pathways: invalid int value: 'abc'"]),
])
def test_bad_pathways_gives_one_line_and_writes_nothing(tmp_path, args, extra, kind, needles):
    out = tmp_path / "out"
    r = gutbrain("trial", str(small(tmp_path, extra=extra, kind=kind)), "--out", str(out), *args)
    assert_one_line_error(r, *needles)
    assert not out.exists()


def test_two_probiotics_in_the_arm_give_one_line(tmp_path):
    # in separate windows (overlapping ones are refused before: trials.spec)
    f = small(tmp_path, extra="pathways = 4", kind="probiotic")
    f.write_text(f.read_text() + "stop_day = 7\n[[arms.interventions]]\ntype = \"probiotic\"\nstart_day = 7\n")
    r = gutbrain("trial", str(f), "--out", str(tmp_path / "out"))
    assert_one_line_error(r, "spec.toml", "pathways takes one probiotic intervention in arm 'probiotic', it has 2")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("args, needle", [
    (["--pathways", "1"], "--pathways takes a whole number of people in [2, 500], got 1"),
    (["--pathways", "501"], "got 501"),  # ran 501 x 7 paired runs before (no upper bound): the trial's bound now
    (["--pathways", "abc"], "argument --pathways: invalid int value: 'abc'"),
    (["--pathways", "4", "--check"], "--pathways goes without --check"),
])
def test_bad_calibrate_pathways_gives_one_line(args, needle):
    assert_one_line_error(gutbrain("calibrate", *args), needle)


def test_the_dashboard_asks_for_it_only_with_a_probiotic_arm_and_shows_a_row_per_mechanism(trials):
    from gutbrain_sim.app.trial_page import pathways_table
    from gutbrain_sim.app.trial_run import TrialRun, trial_dict

    assert trial_spec_from_dict(trial_dict("mdd", ["ssri_probiotic"], 10, 4, 1, pathways=True)).pathways == 20
    assert "pathways" not in trial_dict("mdd", ["probiotic"], 10, 4, 1)
    with pytest.raises(UserInputError, match="^virtual trial: the effect by mechanism needs an arm with the probiotic"):
        trial_dict("mdd", ["ssri"], 10, 4, 1, pathways=True)
    assert "pathways" not in TrialRun(arms=["ssri"], pathways=True).table()  # the box is off without a probiotic arm
    _, _, b = trials
    html = pathways_table({"pathways": b})
    for m, s in b["shares"].items():
        assert (f"<tr><td>{m.replace('_', ' ')}</td><td>{s:+.2f}</td><td>{b['without'][m]:+.2f}</td>"
                f"<td>{b['alone'][m]:+.2f}</td></tr>") in html
    assert f"{100 * b['sum_ratio']:.0f}% of the total" in html and pathways_table({}) == ""
    assert f"<tr><td>overlap (not attributed)</td><td>{b['overlap']:+.2f}</td>" in html
