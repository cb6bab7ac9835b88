"""Classroom exercises: the registry, the seeded simulations they run, and the answer blocks in docs/exercises/.

Each exercise's ``check`` runs a few short, seeded simulations (always the same numbers for
the same code) and returns its answers with units plus the claims the exercise makes about
the model's behaviour. ``docs/exercises/<name>.md`` carries those answers between the
markers ``<!-- answers:start -->`` and ``<!-- answers:end -->``; ``sync_markdown`` rewrites
them and ``stale_markdown`` reports where the text and a fresh check disagree.
The checks themselves live in ``library.py`` (``library_mood.py``, ``library_perturbations.py``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..core.errors import UserInputError, close_names

ANSWERS_START = "<!-- answers:start -->"
ANSWERS_END = "<!-- answers:end -->"
RECORD_EVERY_H = 3  # timeseries resolution of exercise runs (8 rows per day)


# --------------------------------------------------------------------------- results
@dataclass(frozen=True)
class Answer:
    """One number an exercise asks for, with its unit."""

    label: str
    value: float
    unit: str
    digits: int = 3  # significant figures shown

    def formatted(self) -> str:
        v = float(self.value)
        if 10 ** self.digits <= abs(v) < 1e7:
            text = f"{v:.0f}"
        else:
            text = f"{v:.{self.digits}g}"
        return "0" if text in ("-0", "0", "-0.0") else text


@dataclass(frozen=True)
class Claim:
    """A statement the exercise makes about the model's behaviour, and whether this run shows it."""

    text: str
    holds: bool


@dataclass
class ExerciseResult:
    name: str
    answers: list[Answer] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)

    def add(self, label: str, value: float, unit: str, digits: int = 3) -> float:
        self.answers.append(Answer(label, float(value), unit, digits))
        return float(value)

    def claim(self, text: str, holds: bool) -> None:
        self.claims.append(Claim(text, bool(holds)))

    @property
    def ok(self) -> bool:
        return all(c.holds for c in self.claims)

    def markdown(self) -> str:
        """The answer block exactly as it appears in the exercise's Markdown file."""
        lines = [
            f"Numbers from `gutbrain exercise check {self.name}` (seeded runs; the same code gives the same numbers).",
            "",
            "| # | quantity | value | unit |",
            "|---|---|---:|---|",
        ]
        for i, a in enumerate(self.answers, 1):
            lines.append(f"| {i} | {a.label} | {a.formatted()} | {a.unit} |")
        lines += ["", "What these runs show:", ""]
        for c in self.claims:
            lines.append(f"- {'yes' if c.holds else 'NO'}: {c.text}")
        lines += ["", "_Teaching model, not medical advice._"]
        return "\n".join(lines)

    def text(self) -> str:
        """Plain-text form for the terminal."""
        width = max((len(a.label) for a in self.answers), default=10)
        out = [f"{self.name}"]
        for i, a in enumerate(self.answers, 1):
            out.append(f"  {i:2d}. {a.label:{width}s}  {a.formatted():>10s} {a.unit}")
        for c in self.claims:
            out.append(f"  [{'ok' if c.holds else 'FAILS'}] {c.text}")
        out.append("teaching model, not medical advice")
        return "\n".join(out)


@dataclass(frozen=True)
class Exercise:
    name: str
    title: str
    minutes: int  # class time, including discussion
    scenarios: tuple[str, ...]  # library scenarios to load in the dashboard
    check: Callable[[], ExerciseResult]

    def run(self) -> ExerciseResult:
        return self.check()


REGISTRY: dict[str, Exercise] = {}


def exercise(name: str, title: str, minutes: int, scenarios: tuple[str, ...]):
    """Decorator: register ``check`` (a function filling an ExerciseResult) as an exercise."""

    def wrap(fn: Callable[[ExerciseResult], None]) -> Callable[[ExerciseResult], None]:
        def check() -> ExerciseResult:
            res = ExerciseResult(name)
            fn(res)
            return res

        REGISTRY[name] = Exercise(name, title, minutes, scenarios, check)
        return fn

    return wrap


def exercises() -> dict[str, Exercise]:
    from . import library  # noqa: F401 - registers the checks

    return REGISTRY


def get(name: str) -> Exercise:
    all_ex = exercises()
    if name not in all_ex:
        raise UserInputError(f"no exercise named {name!r}; {close_names(name, list(all_ex), limit=20)}")
    return all_ex[name]


# --------------------------------------------------------------------------- simulations
def scenario_spec(name: str, host: str, days: float, seed: int, interventions=(), **params) -> dict:
    """A scenario as data (the same layout as a scenario TOML file)."""
    return {"name": name, "duration_days": days, "seed": seed, "host": host, "params": dict(params),
            "interventions": [dict(iv) for iv in interventions]}


def simulate(spec: dict):
    """Timeseries of a scenario spec, recorded every RECORD_EVERY_H hours (cached per spec)."""
    return _simulate(json.dumps(spec, sort_keys=True)).copy()


@lru_cache(maxsize=64)
def _simulate(spec_json: str):
    from ..model import GutBrainModel
    from ..scenario import scenario_from_dict

    spec = json.loads(spec_json)
    sc = scenario_from_dict(spec, where=f"exercise scenario {spec.get('name')!r}")
    model = GutBrainModel(sc, record_every_h=RECORD_EVERY_H)
    model.run()
    return model.timeseries()


def simulate_group(name: str, host: str, days: int, seed: int, n: int, interventions=(),
                   columns: tuple[str, ...] = ()) -> dict:
    """``n`` people of ``host`` in one engine (``trials.cohort.one_arm``, the trials' well-mixed gut) after
    the usual warm-up: ``{"counters": column -> (n,), "daily": column -> (days, n)}``, ``daily`` row d
    measured at the end of day d. Groups of one exercise with the same ``name`` and ``seed`` are the
    same people (common random numbers). Cached per arguments."""
    spec = {"name": name, "host": host, "days": int(days), "seed": int(seed), "n": int(n),
            "interventions": [dict(iv) for iv in interventions], "columns": list(columns)}
    out = _simulate_group(json.dumps(spec, sort_keys=True))
    return {part: {k: v.copy() for k, v in out[part].items()} for part in out}


@lru_cache(maxsize=16)
def _simulate_group(spec_json: str) -> dict:
    import numpy as np

    from ..interventions import intervention_from_dict
    from ..model import WARMUP_DAYS
    from ..trials.cohort import one_arm

    spec = json.loads(spec_json)
    days = spec["days"]
    ivs = [intervention_from_dict(d, f"exercise group {spec['name']!r}", days) for d in spec["interventions"]]
    g = one_arm(spec["host"], ivs, spec["n"], spec["seed"], prefix=f"exercise.{spec['name']}")
    g.advance(WARMUP_DAYS * 24, -WARMUP_DAYS * 24, settle_last=True)
    g.counters = {k: np.zeros(g.n, np.int64) for k in g.counters}
    daily: dict[str, list] = {c: [] for c in spec["columns"]}
    for day in range(days):
        g.advance(24, day * 24)
        if daily:
            now = g.measure()
            for c in daily:
                daily[c].append(np.asarray(now[c], float).copy())
    return {"counters": {k: v.copy() for k, v in g.counters.items()}, "daily": {c: np.array(v) for c, v in daily.items()}}


def window(df, column: str, first_day: float, last_day: float) -> float:
    """Mean of ``column`` over recorded rows with first_day <= day <= last_day."""
    rows = df[(df["day"] >= first_day) & (df["day"] <= last_day)]
    if rows.empty:
        raise ValueError(f"no rows between day {first_day} and {last_day}")
    return float(rows[column].mean())


def at(df, column: str, day: float) -> float:
    """Value of ``column`` at the recorded row nearest to ``day``."""
    i = (df["day"] - day).abs().idxmin()
    return float(df.loc[i, column])


PROBIOTIC = {"type": "probiotic"}  # the default product, as an exercise scenario's intervention
PLACEBO = {"type": "placebo"}


def last_week(df, column: str, days: float) -> float:
    """Mean of ``column`` over the last 7 days of a ``days``-long run."""
    return window(df, column, days - 7, days)


# --------------------------------------------------------------------------- Markdown sync
def exercises_dir() -> Path:
    return Path(__file__).resolve().parents[2] / "docs" / "exercises"


def markdown_path(name: str) -> Path:
    return exercises_dir() / f"{name}.md"


_BLOCK = re.compile(re.escape(ANSWERS_START) + r"\n(.*?)" + re.escape(ANSWERS_END), re.S)


def current_block(text: str, where: str) -> str:
    m = _BLOCK.search(text)
    if m is None:
        raise UserInputError(f"no {ANSWERS_START} ... {ANSWERS_END} block", where=where)
    return m.group(1).removesuffix("\n")


def replace_block(text: str, block: str, where: str) -> str:
    current_block(text, where)
    return _BLOCK.sub(lambda _m: f"{ANSWERS_START}\n{block}\n{ANSWERS_END}", text, count=1)


def read_markdown(name: str) -> str:
    path = markdown_path(name)
    if not path.is_file():
        raise UserInputError("exercise file not found (docs/ is only in a source checkout)", where=str(path))
    return path.read_text(encoding="utf-8")


def stale_markdown(result: ExerciseResult) -> bool:
    """True when the Markdown's answer block differs from ``result``."""
    path = markdown_path(result.name)
    return current_block(read_markdown(result.name), str(path)) != result.markdown()


def sync_markdown(result: ExerciseResult) -> bool:
    """Write ``result``'s answers into its Markdown file; return True if the file changed."""
    from ..core.outputs import write_text

    path = markdown_path(result.name)
    text = read_markdown(result.name)
    new = replace_block(text, result.markdown(), str(path))
    if new == text:
        return False
    write_text(path, new)
    return True
