"""The dashboard's virtual trial as data and a worker thread: choices -> trial spec -> result.

Pure Python (no Solara). Each session holds one ``TrialRun``; the trial runs in its own
thread so the page stays responsive, and its error stays in that session as one line.
Interventions use their declared defaults (gutbrain_sim.interventions FIELDS); nothing a
user picks is evaluated as code.
"""

from __future__ import annotations

import io
import tempfile
import threading
import time
from dataclasses import dataclass, field

from ..core.errors import UserInputError

CONTROL_ARM = "placebo"
# Arm name -> its interventions (each runs for the whole trial; fields take their declared defaults).
ARM_CHOICES: dict[str, list[dict]] = {
    "probiotic": [{"type": "probiotic"}],
    "prebiotic": [{"type": "prebiotic"}],
    "synbiotic": [{"type": "synbiotic"}],
    "ssri": [{"type": "ssri"}],
    "ssri_probiotic": [{"type": "ssri"}, {"type": "probiotic"}],
}
ARM_LABELS = {"probiotic": "probiotic", "prebiotic": "prebiotic", "synbiotic": "synbiotic", "ssri": "SSRI",
              "ssri_probiotic": "SSRI + probiotic"}
MAX_TREATMENT_ARMS = 2
N_RANGE = (10, 100)
WEEKS_RANGE = (2, 12)
FIGURE_LOCK = threading.Lock()  # pyplot keeps global state; one session draws at a time


def trial_dict(population: str, arms: list[str], n_per_arm: int, duration_weeks: int, seed: int, pathways: bool = False) -> dict:
    """The dashboard's choices as a trial-spec table (validated later by trial_spec_from_dict); ``pathways``: also
    the probiotic's effect by mechanism (trials.pathways, its default number of paired people)."""
    if not arms:
        raise UserInputError("choose at least one treatment arm to compare with placebo", where="virtual trial")
    if len(arms) > MAX_TREATMENT_ARMS:
        raise UserInputError(f"choose at most {MAX_TREATMENT_ARMS} treatment arms, got {len(arms)}", where="virtual trial")
    unknown = [a for a in arms if a not in ARM_CHOICES]
    if unknown:
        raise UserInputError(f"unknown arm {unknown[0]!r}; allowed: {', '.join(ARM_CHOICES)}", where="virtual trial")
    for key, value, (low, high) in (("n per arm", n_per_arm, N_RANGE), ("duration (weeks)", duration_weeks, WEEKS_RANGE)):
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise UserInputError(f"{key} must be a whole number in [{low}, {high}], got {value!r}", where="virtual trial")
    if pathways and not any(has_probiotic(a) for a in arms):
        raise UserInputError("the effect by mechanism needs an arm with the probiotic (probiotic or SSRI + probiotic)",
                             where="virtual trial")
    table = [{"name": CONTROL_ARM, "interventions": [{"type": "placebo"}]}]
    table += [{"name": a, "interventions": [dict(iv) for iv in ARM_CHOICES[a]]} for a in arms]
    return {"name": "dashboard_trial", "description": f"{' vs '.join([CONTROL_ARM, *arms])} in {population}",
            "population": population, "n_per_arm": n_per_arm, "duration_weeks": duration_weeks,
            "replicates": 1, "seed": seed, "control": CONTROL_ARM, "arms": table, **({"pathways": True} if pathways else {})}


def has_probiotic(arm: str) -> bool:
    """Whether a dashboard arm gives the probiotic (so a trial with it can break its effect down by mechanism)."""
    return any(iv["type"] == "probiotic" for iv in ARM_CHOICES.get(arm, []))


FIGURE_DPI = 72  # 1 pt = 1 px in the PNG
MIN_TEXT_PT = 19  # the trial figures are shown at ~0.85:1 at 1280x800, so their text is >= 16 CSS px
SHOWN_WIDTH_IN = 13.0  # 936 px: about the width of the dashboard's main column at 1280x800 (shown at >= 0.85:1)


def enlarge_text(fig, min_pt: float = MIN_TEXT_PT):
    """Raise every text of a figure to at least ``min_pt`` (the report figures use 7-11 pt) and re-lay it out."""
    from matplotlib.text import Text

    for t in fig.findobj(Text):
        if t.get_text() and t.get_fontsize() < min_pt:
            t.set_fontsize(min_pt)
    for ax in fig.axes:  # tick labels have no text until drawn: set their size on the axes
        ax.tick_params(labelsize=min_pt)
    return fig


def stack_panels(fig, width_in: float = SHOWN_WIDTH_IN):
    """Put a figure's side-by-side panels one under the other, ``width_in`` wide (the report's forest plot
    has one 9-inch panel per outcome side by side: 27 in, shown shrunk to ~0.55:1 in the dashboard)."""
    axes = [ax for ax in fig.axes if ax.get_subplotspec() is not None]
    if len(axes) > 1:
        height = fig.get_size_inches()[1]
        grid = fig.add_gridspec(len(axes), 1)
        for i, ax in enumerate(axes):
            ax.set_subplotspec(grid[i, 0])
        fig.set_size_inches(width_in, height * len(axes))
    return fig


def png(fig) -> bytes:
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    try:
        fig.savefig(buf, format="png", dpi=FIGURE_DPI)
    finally:
        plt.close(fig)
    return buf.getvalue()


@dataclass
class TrialOutcome:
    summary: dict
    forest_png: bytes
    timecourse_png: bytes
    seconds: float
    participants: object = None  # the trial's participants table (pandas)
    folder: object = None  # a TemporaryDirectory holding the written trial (for replaying one person)


@dataclass
class Person:
    """One participant of the last trial, replayed alone (``replay.participant_model``): their daily rows and outcome."""

    arm: str
    participant: int
    frame: object
    row: dict
    last_day: int


def run_dashboard_trial(spec_table: dict) -> TrialOutcome:
    """Validate and run one trial (mixed gut, one replicate) and draw its figures."""
    from ..trials.run import run_trial, trial_spec_from_dict

    start = time.perf_counter()
    spec = trial_spec_from_dict(spec_table, where="virtual trial")
    result = run_trial(spec, gut="mixed", record_people=True)
    folder = tempfile.TemporaryDirectory(prefix="gutbrain-dashboard-trial-")  # removed with the outcome
    with FIGURE_LOCK:
        forest = png(stack_panels(enlarge_text(result.forest_figure())))
        course = png(stack_panels(enlarge_text(result.timecourse_figure())))
        result.write(folder.name)
    return TrialOutcome(result.summary, forest, course, time.perf_counter() - start, result.participants, folder)


def pick_person(participants, arm: str, responder: bool) -> int:
    """The first participant of ``arm`` who is (or is not) a responder; UserInputError if there is none."""
    rows = participants[(participants.arm == arm) & (participants.responder == responder) & (participants.replicate == 0)]
    if rows.empty:
        raise UserInputError(f"no {'responder' if responder else 'non-responder'} in arm {arm!r} of this trial", where="virtual trial")
    return int(rows.participant.iloc[0])


def replay_person(outcome: TrialOutcome, arm: str, participant: int) -> Person:
    """Replay one participant alone from the trial's folder, screening to the end (the same rows the trial recorded)."""
    from ..trials.replay import participant_model

    model = participant_model(outcome.folder.name, arm, participant)
    while model.time_h < model.duration_h:
        model.step()
    t = outcome.participants
    row = t[(t.arm == arm) & (t.participant == participant) & (t.replicate == 0)].iloc[0].to_dict()
    return Person(arm, participant, model.timeseries(), row, int(round(model.duration_h / 24)))


@dataclass
class TrialRun:
    """One session's trial choices, the running state and the last result (or error)."""

    population: str = "mdd"
    arms: list[str] = field(default_factory=lambda: ["probiotic"])
    n_per_arm: int = 30
    duration_weeks: int = 8
    seed: int = 1
    running: bool = False
    started: float = 0.0
    outcome: TrialOutcome | None = None
    error: str | None = None
    thread: threading.Thread | None = None
    person: Person | None = None
    opening: bool = False
    pathways: bool = False  # also the probiotic's effect by mechanism

    def table(self) -> dict:
        return trial_dict(self.population, list(self.arms), self.n_per_arm, self.duration_weeks, self.seed,
                          self.pathways and any(has_probiotic(a) for a in self.arms))

    def start(self, on_done=None) -> bool:
        """Run the current choices in a worker thread; ``on_done()`` is called when it ends. False if busy or invalid."""
        from .session import one_line

        if self.running:
            return False
        try:
            table = self.table()
        except UserInputError as exc:
            self.error = one_line(exc)
            return False
        self.running, self.error, self.started, self.person = True, None, time.perf_counter(), None

        def work():
            try:
                self.outcome = run_dashboard_trial(table)
            except Exception as exc:  # any failure stays in this session, as one line
                self.error = one_line(exc)
            finally:
                self.running = False
                if on_done is not None:
                    on_done()

        self.thread = threading.Thread(target=work, name="gutbrain-trial", daemon=True)
        self.thread.start()
        return True

    def open_person(self, arm: str, participant: int | None, responder: bool | None = None, on_done=None) -> bool:
        """Replay one participant of the last result (a given number, or the first (non-)responder) in a thread."""
        from .session import one_line

        if self.opening or self.outcome is None:
            return False
        try:
            k = pick_person(self.outcome.participants, arm, responder) if participant is None else int(participant)
        except UserInputError as exc:
            self.error = one_line(exc)
            return False
        self.opening, self.error = True, None
        outcome = self.outcome

        def work():
            try:
                self.person = replay_person(outcome, arm, k)
            except Exception as exc:  # stays in this session, as one line
                self.error = one_line(exc)
            finally:
                self.opening = False
                if on_done is not None:
                    on_done()

        threading.Thread(target=work, name="gutbrain-person", daemon=True).start()
        return True
