"""Every classroom exercise: its Markdown is complete, its claims hold, and its answers equal a fresh seeded check."""

from __future__ import annotations

import subprocess
import sys

import pytest

from gutbrain_sim.core.errors import UserInputError
from gutbrain_sim.teaching import exercises as ex

NAMES = list(ex.exercises())
SECTIONS = ("**Learning goal.**", "## Scenarios to load", "## Steps", "## Questions", "## Answers", "## Teacher notes")
TOPIC_NAMES = {
    "dysbiosis_leaky_gut", "probiotic_vs_placebo", "animals_vs_humans", "add_on_not_replacement", "product_quality",
    "prebiotics_feed_probiotics", "critically_ill_side_effects", "stopping_the_probiotic", "antibiotics_recovery",
    "stress_and_the_gut", "knockouts",
}


def gutbrain(*args):
    return subprocess.run([sys.executable, "-m", "gutbrain_sim.cli", *args], capture_output=True, text=True, timeout=300)


def test_at_least_ten_exercises_cover_every_topic():
    assert len(NAMES) >= 10
    assert TOPIC_NAMES <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_markdown_has_every_section_in_order(name):
    text = ex.markdown_path(name).read_text(encoding="utf-8")
    positions = [text.index(s) for s in SECTIONS]
    assert positions == sorted(positions)
    notes = text[text.index("## Teacher notes"):].lower()
    assert "timing" in notes and "misconception" in notes and "discussion" in notes
    assert f"gutbrain exercise check {name}" in text
    for scenario in ex.get(name).scenarios:
        assert f"`{scenario}`" in text, scenario


# measured with `gutbrain exercise check --all --write` after the session-11 merges (guts, speed, meta, calib, episodes;
# 2026-12-07): animals_vs_humans holds again (mouse -0.913, human -0.21 HAM-A), product_quality's vagal-tone clause is
# rewritten on plasma LPS (no strain -> vagus route in the model), critically_ill_side_effects and stopping_the_probiotic
# are judged on groups
# dysbiosis_leaky_gut held again (branch il6): CRP did follow IL-6, a day or two late; under the course plasma LPS fell
# to 1.9 pg/mL and, while the healthy gut's endotoxin was counted twice, IL-6 fell with it (2.30 -> 1.37 pg/mL, CRP
# 2.13 -> 1.50 mg/L), so days 14-21 held CRP's climb back (2.04 vs 2.20; days 21-28 2.56 vs 2.27). With TLR4 driven only
# beyond the healthy reference: IL-6 1.51 vs 1.06 pg/mL, CRP 1.24 vs 0.987 mg/L (seed 1)
# dysbiosis_leaky_gut holds again (lead, branch abx, 2026-12-07; traced by branch lesson): clindamycin/lincomycin in 160
# patients cut Bacteroides and raised Enterobacteriaceae during therapy (Leigh & Simmons 1978 J Clin Pathol 31:439;
# Enterobacteriaceae are intrinsically clindamycin-resistant); Palleja 2018 Nat Microbiol: pathobiont blooms first,
# near-baseline within 1.5 months. Two model faults had pathobionts crash below baseline at the course's end: the drug
# left in the lumen after the last dose killed as a broad one (both guts now keep the last drug's spectrum), and the
# anti-anaerobe spectrum gave pathobionts 0.1 (now 0). Group of 40 (seed 1), days 14-21: pathobionts 0.278% vs 0.185%,
# butyrate producers 22.7 vs 37.6%, LPS 9.96 vs 7.49 pg/mL, IL-6 1.79 vs 1.45, CRP 1.17 vs 0.97, HAM-D 4.18 vs 3.57
# antibiotics_recovery holds again (branch resist, second commit: resistance genes carried by 2 of each guild's 8 taxa):
# diversity falls 75.9% at its lowest and recovers; it had fallen only 23.4% while every guild's resistant tail carried
# all its taxa
_OPEN: dict[str, str] = {}


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason=_OPEN[n])) if n in _OPEN else n
                                  for n in NAMES])
def test_answers_are_current_and_claims_hold(name):
    """A fresh check gives exactly the Markdown's answers (run `gutbrain exercise check NAME --write` after model changes)."""
    result = ex.get(name).run()
    assert result.answers, "an exercise must report numbers"
    failing = [c.text for c in result.claims if not c.holds]
    assert not failing, f"{name}: the model no longer shows: {failing}"
    assert not ex.stale_markdown(result), f"docs/exercises/{name}.md is out of date; run `gutbrain exercise check {name} --write`"


def test_questions_refer_only_to_rows_that_exist():
    import re

    for name in NAMES:
        text = ex.markdown_path(name).read_text(encoding="utf-8")
        questions = text[text.index("## Questions"):text.index("## Answers")]
        block = ex.current_block(text, name)
        n_rows = len(re.findall(r"^\| \d+ \|", block, re.M))
        for m in re.finditer(r"rows? ([\d, –-]+)", questions):
            for num in re.findall(r"\d+", m.group(1)):
                assert 1 <= int(num) <= n_rows, f"{name}: question cites row {num}, block has {n_rows}"


def test_stale_answers_are_detected_and_rewritten(tmp_path, monkeypatch):
    name = "knockouts"
    (tmp_path / f"{name}.md").write_text(ex.markdown_path(name).read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(ex, "exercises_dir", lambda: tmp_path)
    result = ex.ExerciseResult(name, [ex.Answer("a number", 1.23456, "mM")], [ex.Claim("it holds", True)])
    assert ex.stale_markdown(result)
    assert ex.sync_markdown(result) is True
    assert not ex.stale_markdown(result)
    text = (tmp_path / f"{name}.md").read_text(encoding="utf-8")
    assert "| 1 | a number | 1.23 | mM |" in text and "## Teacher notes" in text
    assert ex.sync_markdown(result) is False


def test_answer_formatting():
    assert ex.Answer("x", 3204.0, "events", 4).formatted() == "3204"
    assert ex.Answer("x", 123456.0, "events").formatted() == "123456"
    assert ex.Answer("x", 0.031946, "ratio").formatted() == "0.0319"
    assert ex.Answer("x", -0.0001, "x", 1).formatted() == "-0.0001"
    assert ex.Answer("x", 0.0, "x").formatted() == "0"


def test_window_and_at_read_the_right_rows():
    import pandas as pd

    df = pd.DataFrame({"day": [0.0, 0.5, 1.0, 1.5, 2.0], "v": [1.0, 2.0, 3.0, 4.0, 5.0]})
    assert ex.window(df, "v", 1, 2) == 4.0
    assert ex.at(df, "v", 1.4) == 4.0
    with pytest.raises(ValueError):
        ex.window(df, "v", 5, 6)


def test_unknown_exercise_is_a_one_line_error():
    with pytest.raises(UserInputError, match="knockouts"):
        ex.get("knockout")
    r = gutbrain("exercise", "check", "knockout")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "knockouts" in r.stderr
    r = gutbrain("exercise", "check")
    assert r.returncode == 2 and "--all" in r.stderr


def test_cli_list_names_every_exercise():
    r = gutbrain("exercise", "list")
    assert r.returncode == 0, r.stderr
    listed = [line.split()[0] for line in r.stdout.splitlines()]
    assert listed == NAMES


def test_cli_check_verify_agrees_with_the_markdown():
    """A separate process (no shared cache) reproduces the file's numbers exactly."""
    # probiotic_vs_placebo: its claims hold (stopping_the_probiotic, used before, has an open claim: _OPEN above)
    r = gutbrain("exercise", "check", "probiotic_vs_placebo", "--verify")
    assert r.returncode == 0, r.stderr
    block = ex.current_block(ex.markdown_path("probiotic_vs_placebo").read_text(encoding="utf-8"), "x")
    first = next(line for line in block.splitlines() if line.startswith("| 1 |"))
    value = first.split(" | ")[2]
    assert value in r.stdout
    assert "teaching model, not medical advice" in r.stdout
