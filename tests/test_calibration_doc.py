"""docs/calibration.md: its table is generated from a saved calibration check (docs/calibration_results.json),
every target of version 2 has a row, targets without a check show as "pending", the hand-written head is kept."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gutbrain_sim.commands import calibrate as cmd
from gutbrain_sim.validation import calibration as cal
from gutbrain_sim.validation.calibration_doc import (
    GENERATED_MARK,
    PAGE,
    RESULTS,
    TITLE,
    calibration_table,
    generated_part,
    page_text,
    written_by_hand,
)

ROOT = Path(__file__).resolve().parents[1]


def _rows(table: str) -> dict[str, list[str]]:
    rows = [line.strip("|").split(" | ") for line in table.splitlines() if line.startswith("| C")]
    return {r[0].strip(): [c.strip() for c in r] for r in rows}


def test_the_page_is_the_table_of_its_saved_results():
    record = json.loads((ROOT / RESULTS).read_text(encoding="utf-8"))
    below = generated_part(ROOT / PAGE)
    assert below is not None, "docs/calibration.md has no generated mark"
    assert below == calibration_table(record, cal.targets(), cal.PENDING), \
        "docs/calibration.md is stale: gutbrain calibrate --write-doc --from docs/calibration_results.json"
    rows = _rows(below)
    assert cal.targets_version() == 2 and list(rows) == list(cal.targets())  # every target of version 2, in file order
    for tid in cal.PENDING:
        assert rows[tid][4] == "pending", rows[tid]
    for tid in cal.TARGET_IDS:
        assert rows[tid][4] in ("pass", "near", "FAIL", "not run"), rows[tid]
    assert "## " in written_by_hand(ROOT / PAGE)  # a hand-written head above the mark


_SAVED = json.loads((ROOT / RESULTS).read_text(encoding="utf-8"))
_NOT_RUN = [tid for tid in cal.TARGET_IDS if tid not in {t["target"] for t in _SAVED["targets"]}]


@pytest.mark.xfail(bool(_NOT_RUN), strict=True,
                   reason=f"the saved quick check (commit {str(_SAVED.get('commit'))[:10]}, load {_SAVED.get('load_average_1min')}) "
                          f"did not run {', '.join(_NOT_RUN)}: at load 13-15 each 20 x 50 trial took ~30 min; "
                          "rerun gutbrain calibrate --check --quick --write-doc")
def test_the_saved_results_cover_every_checked_target():
    rows = _rows(generated_part(ROOT / PAGE))
    assert [tid for tid in cal.TARGET_IDS if rows[tid][4] not in ("pass", "near", "FAIL")] == []


def test_rows_say_what_each_result_was():
    targets = {"C1_probiotic_mdd": {"what": "big trial", "range": [-0.4, -0.05]},
               "C1b_probiotic_meta_analysis": {"what": "meta", "range": [-0.75, -0.35]},
               "C2_probiotic_healthy": {"what": "healthy", "range": [-0.35, -0.05]},
               "C10_cortisol_rhythm": {"what": "rhythm"},
               "C99_new": {"what": "no check, not pending"}}
    record = {"quick": True, "seed": 7, "commit": "abcdef0123456789", "load_average_1min": 3.5, "targets_version": 2,
              "targets": [
                  {"target": "C1_probiotic_mdd", "range": [-0.4, -0.05], "value": -0.174, "unit": "Hedges g", "passed": True,
                   "near": False, "details": {"replicates": 8, "per_arm": 150, "mean_end_hamd_difference_points": 1.48}},
                  {"target": "C2_probiotic_healthy", "range": [-0.35, -0.05], "value": -0.25, "unit": "Hedges g", "passed": False,
                   "near": False, "details": {"replicates": 20, "smaller_than_C1": False}},
                  {"target": "C10_cortisol_rhythm", "range": [2.0, None], "value": 2.3, "unit": "ratio", "passed": False,
                   "near": True, "details": {}}]}
    rows = _rows(calibration_table(record, targets, {"C1b_probiotic_meta_analysis"}))
    assert rows["C1_probiotic_mdd"] == ["C1_probiotic_mdd", "big trial", "−0.4 to −0.05",
                                        "−0.174 Hedges g (mean end hamd difference points 1.48)", "pass", "7", "abcdef0123",
                                        "quick: 8 replicates, 150 per arm", "3.5"]
    assert rows["C2_probiotic_healthy"][4] == "FAIL" and "smaller than C1 no" in rows["C2_probiotic_healthy"][3]
    assert rows["C10_cortisol_rhythm"][2] == "≥ 2" and rows["C10_cortisol_rhythm"][4] == "near"
    assert rows["C1b_probiotic_meta_analysis"][4] == "pending" and rows["C99_new"][4] == "not run"
    assert "1 pass, 1 near, 1 FAIL, 1 pending, 1 not run" in calibration_table(record, targets, {"C1b_probiotic_meta_analysis"})


def test_writing_keeps_the_hand_written_head(tmp_path, monkeypatch):
    page = tmp_path / "docs" / "calibration.md"
    assert written_by_hand(page) == TITLE
    page.parent.mkdir()
    page.write_text("# Head\n\n## Why\n\ntext\n\n" + GENERATED_MARK + "\n\nold table\n", encoding="utf-8")
    record = {"quick": False, "seed": 1, "targets": []}
    text = page_text(page, record, cal.targets(), cal.PENDING)
    assert text.startswith("# Head\n\n## Why\n\ntext\n\n" + GENERATED_MARK) and "old table" not in text
    monkeypatch.setattr("gutbrain_sim.teaching.docs_tables.ROOT", tmp_path)
    assert cmd.write_doc(record) == 0
    assert generated_part(page) == calibration_table(record, cal.targets(), cal.PENDING)
    assert json.loads((tmp_path / RESULTS).read_text(encoding="utf-8")) == record


@pytest.mark.parametrize("argv", [["--from", "x.json"], ["--write-doc"], ["--write-doc", "--from", "x.json", "--check"]])
def test_write_doc_flags_are_checked(argv):
    r = subprocess.run([sys.executable, "-m", "gutbrain_sim.cli", "calibrate", *argv], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 2, r.stderr
