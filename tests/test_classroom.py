"""Class mode and "open this person" without a browser: allocation, joining, the class result, export, replay."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gutbrain_sim.app.class_trial import ClassTrial, allocation
from gutbrain_sim.app.trial_run import TrialOutcome, pick_person, replay_person
from gutbrain_sim.core.errors import UserInputError


def test_allocation_is_balanced_in_every_block_and_gives_each_place_once():
    slots = allocation(2, 15, 30, seed=1)
    assert len(set(slots)) == 30 and sorted(slots) == [(a, k) for a in (0, 1) for k in range(15)]
    for n in range(1, 31):
        counts = np.bincount([a for a, _ in slots[:n]], minlength=2)
        assert abs(counts[0] - counts[1]) <= 2
    assert allocation(2, 15, 30, seed=1) == slots and allocation(2, 15, 30, seed=2) != slots


def test_bad_class_settings_are_one_line_errors(tmp_path):
    with pytest.raises(UserInputError, match="class size"):
        ClassTrial(Path("probiotic_mdd"), 1, 1, tmp_path / "c")
    with pytest.raises(UserInputError, match="weeks"):
        ClassTrial(Path("probiotic_mdd"), 4, 1, tmp_path / "c", weeks=40)
    assert not (tmp_path / "c").exists()


@pytest.fixture(scope="module")
def small_class(tmp_path_factory):
    c = ClassTrial(Path("probiotic_mdd"), 6, 5, tmp_path_factory.mktemp("cls") / "class", weeks=2)
    c.prepare()
    assert c.error is None and c.ready
    return c


def test_class_result_counts_each_student_once_and_unblinds_to_the_data(small_class):
    c = small_class
    c.code = "ABCD"
    with pytest.raises(UserInputError, match="code"):
        c.join("WXYZ")
    students = [c.join(" ab cd ") for _ in range(5)]
    with pytest.raises(UserInputError, match="full"):
        [c.join("ABCD") for _ in range(2)]
    for s in students[:2]:  # "To the end": one click from screening (day -7) reaches the last day
        c.to_end(s)
        assert (s.day, s.finished) == (c.last_day, True)
    for s in students[2:4]:
        c.advance(s, 7)
        assert not s.finished
        c.advance(s, 100)
    c.leave(students[4])
    s = c.summary()
    assert (s["joined"], s["finished"], s["missing"]) == (6, 4, 1)
    assert all(label.startswith("arm ") for label in s["arms"])
    c.unblind()
    rows = pd.read_csv(io.StringIO(c.export_csv()), comment="#")
    assert rows.student.tolist() == [1, 2, 3, 4, 5, 6]
    data = pd.read_csv(c.out / "participants.csv")
    for _, r in rows[rows.status == "finished"].iterrows():
        d = data[(data.arm == r.arm) & (data.participant == r.participant)].iloc[0]
        assert (r.hamd_baseline_points, r.hamd_final_points) == pytest.approx((d.depression_hamd_baseline, d.depression_hamd_final))
    assert rows.status.tolist()[4] == "left (missing)" and np.isnan(rows.hamd_final_points[4])
    assert c.export_png()[:4] == b"\x89PNG"


def test_open_this_person_replays_exactly_the_recorded_person(small_class):
    c = small_class

    class Folder:
        name = str(c.out)

    outcome = TrialOutcome({}, b"", b"", 0.0, c.participants, Folder())
    k = pick_person(c.participants, "probiotic", bool(c.participants.responder.any()))
    person = replay_person(outcome, "probiotic", k)
    recorded = c.people[("probiotic", k)]
    assert person.last_day == 14
    assert person.frame.to_csv(index=False) == recorded.to_csv(index=False)


def test_a_page_gone_quiet_counts_as_left_and_a_reload_rejoins_as_the_same_student(tmp_path):
    from gutbrain_sim.app.class_trial import LEFT_AFTER_S

    c = ClassTrial(Path("probiotic_mdd"), 4, 2, tmp_path / "c", weeks=2)
    c.code = "WXYZ"
    a, b = c.join("WXYZ"), c.join("WXYZ")
    b.finished = True  # a student who finished never becomes missing
    c.heartbeat(a)
    assert c.sweep(a.seen_s + LEFT_AFTER_S / 2) == 0 and not a.left
    assert c.sweep(a.seen_s + LEFT_AFTER_S + 1) == 1 and a.left and not b.left
    assert sum(s.left for s in c.students) == 1
    assert c.rejoin(a.token) is a and not a.left and not any(s.left for s in c.students)  # the reloaded page: same student
    assert c.rejoin("not-a-token") is None and len(c.students) == 2 and a.token != b.token


def test_written_trial_figures_have_no_text_below_the_projector_size():
    import matplotlib.pyplot as plt
    from matplotlib.text import Text

    from gutbrain_sim.trials.plots import TEXT_PT
    from gutbrain_sim.trials.run import run_trial, trial_spec_from_dict

    arms = [{"name": "placebo", "interventions": [{"type": "placebo"}]}, {"name": "probiotic", "interventions": [{"type": "probiotic"}]}]
    result = run_trial(trial_spec_from_dict({"population": "mdd", "n_per_arm": 4, "duration_weeks": 2, "arms": arms}, "tiny"))
    for fig in (result.forest_figure(), result.timecourse_figure()):
        fig.canvas.draw()
        sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_text() and t.get_visible()]
        plt.close(fig)
        assert sizes and min(sizes) >= TEXT_PT == 16, sorted(sizes)[:5]


def test_the_teachers_title_gives_the_length_this_class_runs(tmp_path):
    short = ClassTrial(Path("probiotic_mdd"), 4, 1, tmp_path / "a", weeks=2)
    assert "2 weeks" in short.title and "8 weeks" not in short.title, short.title
    assert "12 weeks" in ClassTrial(Path("probiotic_mdd"), 4, 1, tmp_path / "b", weeks=12).title
    assert "8 weeks" in ClassTrial(Path("probiotic_mdd"), 4, 1, tmp_path / "c").title  # the trial's own length


@pytest.mark.parametrize("ci", [(-3.74, 0.4), (-1.2, 4.1), (-0.9, 0.3)])
def test_the_class_figure_shows_the_whole_effect_size_interval(ci):
    from gutbrain_sim.app.class_figures import class_figure

    low, high = ci
    summary = {"arms": {"arm A": {"final_hamd": [10.0, 14.0]}, "arm B": {"final_hamd": [18.0, 22.0]}},
               "effects": {"arm A vs arm B": {"hedges_g": (low + high) / 2, "ci_low": low, "ci_high": high}}}
    left, right = class_figure(summary, "tiny").axes[1].get_xlim()
    assert left < low - 0.2 and right > high + 0.2, (left, right)  # the whole bar, caps included
    assert left == -right and right >= 2.5  # 0 (no effect) in the middle; a narrow CI keeps the usual +-2.5
    assert right <= max(2.5, abs(low) + 0.75, abs(high) + 0.75)  # not needlessly wide
