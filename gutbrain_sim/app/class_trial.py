"""Class mode as data: one blinded virtual trial a whole class runs together (no Solara here).

The teacher picks a trial (``experiments/trials/*.toml``); the class trial is that spec with
``n_per_arm = ceil(class size / arms)``, one replicate, no simulated dropout (in class, a student
who leaves is the dropout) and the class seed. It runs once, vectorised over all participants
(``run_trial(record_people=True)``), and is written to the class folder, so every person can be
replayed alone (``gutbrain run --from-trial FOLDER --arm ARM --participant K``). Students who
join take the next slot of a seeded, blocked allocation (every block of 2 x arms slots holds each
arm twice), play their own person's recorded weeks, and report when they reach the end. The
live class result, the unblinding and the exports are computed from what has been reported.
"""

from __future__ import annotations

import math
import re
import secrets
import string
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..core.errors import UserInputError
from ..trials.stats import hedges_g

CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I or O: read off a projector without doubt
CLASS_SIZE_RANGE = (2, 200)
WEEKS_RANGE = (2, 12)
BLIND_LABELS = "ABCDEFGH"
LEFT_AFTER_S = 20.0  # no open page for this long: the student left (long enough for a reload on a busy machine)


def new_code(n: int = 4) -> str:
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(n))


def new_teacher_key() -> str:
    return "".join(secrets.choice(string.ascii_lowercase + string.digits) for _ in range(10))


def normalise_code(text: str) -> str:
    return "".join(str(text).split()).upper()


@dataclass
class Student:
    """One joined student: their slot (arm, participant), how far they are, and whether they finished or left."""

    number: int
    arm: str
    participant: int
    joined_s: float
    day: int = -7  # the recorded rows start at screening, a week before the first dose
    finished: bool = False
    left: bool = False
    token: str = field(default_factory=lambda: secrets.token_urlsafe(9))  # in the page's address: a reload rejoins
    seen_s: float = field(default_factory=time.monotonic)  # the last heartbeat of an open page


@dataclass
class ClassTrial:
    """The class: its trial (spec, result, folder), join code, allocation, students and the unblinding."""

    spec_path: Path
    size: int
    seed: int
    out: Path
    weeks: int | None = None
    code: str = field(default_factory=new_code)
    teacher_key: str = field(default_factory=new_teacher_key)
    students: list[Student] = field(default_factory=list)
    unblinded: bool = False
    error: str | None = None
    ready: bool = False
    version: int = 0  # bumped on every change pages must show (they poll it)
    prepare_seconds: float = math.nan
    folder_as_given: str = ""  # ``out`` as the teacher typed it (relative to where they started the server), for the page

    def __post_init__(self):
        from ..trials.run import load_trial_spec

        if isinstance(self.size, bool) or not isinstance(self.size, int) or not CLASS_SIZE_RANGE[0] <= self.size <= CLASS_SIZE_RANGE[1]:
            raise UserInputError(f"class size must be a whole number in {list(CLASS_SIZE_RANGE)}, got {self.size!r}")
        if self.weeks is not None and not WEEKS_RANGE[0] <= self.weeks <= WEEKS_RANGE[1]:
            raise UserInputError(f"weeks must be a whole number in {list(WEEKS_RANGE)}, got {self.weeks!r}")
        if not 0 <= self.seed < 2**32:
            raise UserInputError(f"seed must be a whole number in [0, 4294967295], got {self.seed!r}")
        self.lock = threading.RLock()
        self.spec = load_trial_spec(self.spec_path)
        self.arms = [a.name for a in self.spec.arms]
        self.spec.n_per_arm = math.ceil(self.size / len(self.arms))
        self.spec.replicates, self.spec.dropout, self.spec.seed = 1, 0.0, self.seed
        if self.weeks is not None:
            self.spec.duration_weeks = self.weeks
        order = np.random.default_rng([self.seed, 16]).permutation(len(self.arms))  # which arm is "A" is itself blinded
        self.blind = {arm: BLIND_LABELS[i] for arm, i in zip(self.arms, order, strict=True)}  # arm -> "A", "B", ...
        self.slots = allocation(len(self.arms), self.spec.n_per_arm, self.size, self.seed)
        self.people: dict = {}
        self.participants = None

    # ------------------------------------------------------------------ the trial
    @property
    def last_day(self) -> int:
        return 7 * int(self.spec.duration_weeks)

    @property
    def title(self) -> str:
        """The trial's description with the length this class runs (``--weeks`` may shorten it):
        every "N weeks" in the text becomes this trial's weeks, or the length is added."""
        weeks = self.spec.duration_weeks
        length = f"{weeks:g} week" + ("" if weeks == 1 else "s")
        text = self.spec.description or self.spec.name
        titled, n = re.subn(r"\b\d+(?:\.\d+)?[ -]weeks?\b", length, text)
        return titled if n else f"{text}, {length}"

    def prepare(self) -> None:
        """Run the class trial (all participants at once) and write it to the class folder."""
        from ..core.outputs import landing
        from ..trials.run import run_trial

        start = time.perf_counter()
        try:
            result = run_trial(self.spec, gut="mixed", record_people=True)
            with landing(self.out) as stage:  # whole or nothing
                result.write(stage)
            with self.lock:
                self.people = {(arm, k): frame for (arm, _, k), frame in result.people.items()}
                self.participants = result.participants
                self.ready = True
        except Exception as exc:  # shown on the teacher's page; the server goes on
            self.error = f"the class trial could not be prepared: {type(exc).__name__}: {exc}"
        self.prepare_seconds = time.perf_counter() - start
        self.changed()

    def prepare_in_background(self) -> threading.Thread:
        thread = threading.Thread(target=self.prepare, name="gutbrain-class-trial", daemon=True)
        thread.start()
        return thread

    def changed(self) -> None:
        with self.lock:
            self.version += 1

    # ------------------------------------------------------------------ students
    def join(self, code: str) -> Student:
        """A student joins with the class code and takes the next allocated slot."""
        if normalise_code(code) != self.code:
            raise UserInputError("that is not this class's code; check the code on the teacher's screen")
        with self.lock:
            if len(self.students) >= self.size:
                raise UserInputError(f"the class trial is full ({self.size} places); ask the teacher")
            arm_index, k = self.slots[len(self.students)]
            student = Student(len(self.students) + 1, self.arms[arm_index], k, time.time())
            self.students.append(student)
        self.changed()
        return student

    def trajectory(self, student: Student):
        """The student's person, day by day (screening to the last day): their recorded timeseries."""
        return self.people[(student.arm, student.participant)]

    def advance(self, student: Student, days: int) -> None:
        """Move the student's clock on (never past the last day); reaching it reports their result."""
        if student.left or not self.ready:
            return
        student.day = min(self.last_day, student.day + days)
        if student.day >= self.last_day and not student.finished:
            student.finished = True
        self.changed()

    def to_end(self, student: Student) -> None:
        """Move the student's clock straight to the last day (from screening, day -7, that is last_day + 7 days)."""
        self.advance(student, self.last_day - student.day)

    def rejoin(self, token: str) -> Student | None:
        """The student whose page address carries ``token`` (a reload, or a page reopened): the same student."""
        with self.lock:
            student = next((s for s in self.students if s.token == token), None)
        if student is not None:
            self.heartbeat(student)
        return student

    def heartbeat(self, student: Student) -> None:
        """The student's page is open; a student counted as left who comes back is no longer missing."""
        student.seen_s = time.monotonic()
        if student.left:
            student.left = False
            self.changed()

    def sweep(self, now: float | None = None) -> int:
        """Count as left every unfinished student whose page sent no heartbeat for LEFT_AFTER_S; returns how many."""
        now = time.monotonic() if now is None else now
        with self.lock:
            gone = [s for s in self.students if not s.finished and not s.left and now - s.seen_s > LEFT_AFTER_S]
        for s in gone:
            self.leave(s)
        return len(gone)

    def leave(self, student: Student) -> None:
        """A student closed their page before the end: a missing value, as a dropout in a real trial."""
        if not student.finished and not student.left:
            student.left = True
            self.changed()

    def unblind(self) -> None:
        self.unblinded = True
        self.changed()

    def arm_label(self, arm: str) -> str:
        return arm if self.unblinded else f"arm {self.blind[arm]}"

    # ------------------------------------------------------------------ the result
    def outcome(self, student: Student) -> dict:
        """The student's row of the trial's participants table (rated HAM-D at baseline and at the end)."""
        t = self.participants
        row = t[(t.arm == student.arm) & (t.participant == student.participant)].iloc[0]
        return {"baseline": float(row.depression_hamd_baseline), "final": float(row.depression_hamd_final),
                "responder": bool(row.responder), "remitter": bool(row.remitter)}

    def rows(self) -> list[dict]:
        """One row per joined student (finished, still running, or left: a missing value)."""
        out = []
        with self.lock:
            students = list(self.students)
        for s in students:
            status = "finished" if s.finished else ("left (missing)" if s.left else "running")
            row = {"student": s.number, "status": status, "arm": self.arm_label(s.arm),
                   "participant": s.participant if self.unblinded else "", "day_reached": s.day,
                   "hamd_baseline_points": math.nan, "hamd_final_points": math.nan, "hamd_change_points": math.nan,
                   "responder": ""}
            if s.finished:
                o = self.outcome(s)
                row.update(hamd_baseline_points=o["baseline"], hamd_final_points=o["final"],
                           hamd_change_points=o["final"] - o["baseline"], responder=o["responder"])
            out.append(row)
        return out

    def summary(self) -> dict:
        """Per arm: joined, finished, missing, responders, mean end HAM-D; and the running Hedges g with its 95% CI."""
        rows = self.rows()
        per_arm = {}
        for arm in sorted(self.arms, key=self.arm_label):
            mine = [r for r in rows if r["arm"] == self.arm_label(arm)]
            done = [r for r in mine if r["status"] == "finished"]
            per_arm[self.arm_label(arm)] = {
                "joined": len(mine), "finished": len(done), "missing": sum(r["status"].startswith("left") for r in mine),
                "responders": sum(bool(r["responder"]) for r in done),
                "final_hamd": [r["hamd_final_points"] for r in done],
                "change_hamd": [r["hamd_change_points"] for r in done]}
        labels = sorted(self.arm_label(a) for a in self.arms)
        control = self.spec.control_arm if self.unblinded else labels[0]
        effects = {}
        for lab in labels:
            if lab != control:
                e = hedges_g(per_arm[lab]["final_hamd"], per_arm[control]["final_hamd"])
                effects[f"{lab} vs {control}"] = {"hedges_g": e.hedges_g, "ci_low": e.ci_low, "ci_high": e.ci_high,
                                                  "n_treatment": e.n_treatment, "n_control": e.n_control}
        return {"arms": per_arm, "effects": effects, "joined": len(rows),
                "finished": sum(r["status"] == "finished" for r in rows),
                "missing": sum(r["status"].startswith("left") for r in rows)}

    # ------------------------------------------------------------------ exports
    def export_csv(self) -> str:
        import pandas as pd

        frame = pd.DataFrame(self.rows(), columns=["student", "status", "arm", "participant", "day_reached",
                                                   "hamd_baseline_points", "hamd_final_points", "hamd_change_points", "responder"])
        head = (f"# class trial {self.spec.name}, seed {self.seed}, {self.size} places, {self.spec.duration_weeks} weeks; "
                f"{'unblinded' if self.unblinded else 'still blinded'}; trial folder {self.out}\n"
                f"# replay a person: gutbrain run --from-trial {self.out} --arm ARM --participant PARTICIPANT\n")
        return head + frame.to_csv(index=False, float_format="%.4g", lineterminator="\n")

    def export_png(self) -> bytes:
        from .class_figures import class_png

        return class_png(self.summary(), self.spec.name)


def allocation(n_arms: int, n_per_arm: int, size: int, seed: int) -> list[tuple[int, int]]:
    """Slot i -> (arm index, participant number within the arm): blocks of 2 x arms slots, each arm twice
    per block in a seeded random order, so that any number of students who join is nearly balanced."""
    rng = np.random.default_rng([seed, 15])
    used = [0] * n_arms
    slots: list[tuple[int, int]] = []
    while len(slots) < size:
        block = np.repeat(np.arange(n_arms), 2)
        rng.shuffle(block)
        for a in block:
            if len(slots) < size and used[a] < n_per_arm:
                slots.append((int(a), used[a]))
                used[a] += 1
    return slots


def class_from_env(env) -> ClassTrial:
    """The class the ``gutbrain classroom`` command described in the server's environment."""
    weeks = env.get("GUTBRAIN_CLASS_WEEKS")
    c = ClassTrial(Path(env["GUTBRAIN_CLASS_SPEC"]), int(env["GUTBRAIN_CLASS_SIZE"]), int(env["GUTBRAIN_CLASS_SEED"]),
                   Path(env["GUTBRAIN_CLASS_OUT"]), weeks=int(weeks) if weeks else None)
    c.code, c.teacher_key = env["GUTBRAIN_CLASS_CODE"], env["GUTBRAIN_CLASS_TEACHER_KEY"]
    c.address = env.get("GUTBRAIN_CLASS_ADDRESS", "")
    c.folder_as_given = env.get("GUTBRAIN_CLASS_OUT_AS_GIVEN", "")
    return c

