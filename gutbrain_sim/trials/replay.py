"""Replay one trial participant alone: the same person, the same streams, the same trajectory.

A trial run with ``record_people`` (``gutbrain trial SPEC --record-people``) writes each
participant's daily timeseries to ``people/``. ``participant_model(folder, arm, participant)``
rebuilds that person from the trial's spec, seed and gut kind (their parameters are row
``drawn_as`` of their arm's draw for their replicate; their streams are rooted at
``streams.person_root``), warms them up as the trial did and returns a ``GutBrainModel``
at screening (hour -168), recording one row a day: its timeseries equals the recorded one,
byte for byte (``gutbrain run --from-trial``), so a student can open a responder and a
non-responder and see why they differ.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..core.errors import UserInputError
from ..core.limits import parse_json
from ..engine import People
from ..hosts import profile
from ..model import GutBrainModel
from ..scenario import Scenario
from .cohort import draw_arm
from .run import candidates, load_trial_spec, warm_up


def participant_model(folder: str | Path, arm: str, participant: int, replicate: int = 0) -> GutBrainModel:
    """Participant ``participant`` (numbered within ``arm`` and ``replicate``, as in
    participants.csv) of the trial written to ``folder``, at screening, ready to run."""
    folder = Path(folder)
    for name in ("trial_spec.toml", "trial_summary.json", "participants.csv"):
        if not (folder / name).is_file():
            raise UserInputError(f"no {name} here: give the folder a `gutbrain trial` run wrote", where=str(folder))
    spec = load_trial_spec(folder / "trial_spec.toml")
    seed, gut, n_replicates = _read_summary(folder / "trial_summary.json")
    arms = [a.name for a in spec.arms]
    if arm not in arms:
        raise UserInputError(f"no arm {arm!r} in this trial; its arms: {', '.join(arms)}", where=str(folder))
    if not 0 <= replicate < n_replicates:
        raise UserInputError(f"no replicate {replicate}: this trial has replicates 0-{n_replicates - 1}", where=str(folder))
    drawn_as, n = _find_participant(folder / "participants.csv", arm, replicate, participant)
    if drawn_as is None:
        raise UserInputError(f"no participant {participant} in arm {arm!r}, replicate {replicate} "
                             f"(it has participants 0-{n - 1})" if n else f"no replicate {replicate} in arm {arm!r}", where=str(folder))
    spec.seed = seed
    drawn = candidates(spec, [spec.n_per_arm] * n_replicates)[replicate]
    if not 0 <= drawn_as < drawn:
        raise UserInputError(f"participants.csv: drawn_as {drawn_as} is outside this trial's draw for arm {arm!r}", where=str(folder))
    a = arms.index(arm)
    prof = profile(spec.population)
    draw = draw_arm(prof, spec.params, a, [drawn], seed, first_replicate=replicate).take([drawn_as])
    people = People(prof, draw.p, draw.episode_hamd, draw.roots, seed, spec.arms[a].interventions, gut=gut)
    warm_up(people, spec)
    if spec.blinded:
        people.expectancy = np.full(1, spec.expectancy)
    scenario = Scenario(name=f"{spec.name}_{arm}_r{replicate}_p{participant}", description=f"participant {participant} of arm "
                        f"{arm} (replicate {replicate}) of trial {spec.name}, replayed alone", duration_days=7.0 * spec.duration_weeks,
                        seed=seed, host=spec.population, params=dict(spec.params), interventions=list(spec.arms[a].interventions))
    return GutBrainModel.from_people(people, scenario, time_h=-168, record_every_h=24)


MAX_RECORD_BYTES = 64 * 1024 * 1024  # participants.csv of 10,000 replicates x 2 arms x 50 people is ~40 MB


def _read_summary(path: Path) -> tuple[int, str, int]:
    """Seed, gut kind and number of replicates from a trial's summary, under the file limits."""
    where = str(path)
    if path.stat().st_size > MAX_RECORD_BYTES:
        raise UserInputError(f"over {MAX_RECORD_BYTES} bytes; a trial's summary is far smaller", where=where)
    try:
        data = parse_json(path.read_text(encoding="utf-8"), where)
    except (ValueError, UnicodeDecodeError) as exc:
        raise UserInputError(f"not a trial summary written by `gutbrain trial` ({type(exc).__name__}: {exc})", where=where) from None
    if not isinstance(data, dict):
        raise UserInputError("not a trial summary written by `gutbrain trial` (a JSON object is needed)", where=where)
    seed, gut, n = data.get("seed"), data.get("gut"), data.get("n_replicates")
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**32:
        raise UserInputError(f"seed must be a whole number in [0, 4294967295], got {seed!r}", where=where)
    if gut not in ("mixed", "agent"):
        raise UserInputError(f"gut must be 'mixed' or 'agent', got {gut!r}", where=where)
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 10_000:
        raise UserInputError(f"n_replicates must be a whole number in [1, 10000], got {n!r}", where=where)
    return seed, gut, n


def _find_participant(path: Path, arm: str, replicate: int, participant: int) -> tuple[int | None, int]:
    """``drawn_as`` of one participant in participants.csv (None if absent) and how many the arm's replicate has."""
    import csv

    where = str(path)
    if path.stat().st_size > MAX_RECORD_BYTES:
        raise UserInputError(f"over {MAX_RECORD_BYTES} bytes; too large for a trial's participants table", where=where)
    found, count = None, 0
    try:
        with path.open(encoding="utf-8", newline="") as f:
            rows = csv.DictReader(f)
            missing = {"arm", "replicate", "participant", "drawn_as"} - set(rows.fieldnames or ())
            if missing:
                raise UserInputError(f"no column {', '.join(sorted(missing))}; not a table written by `gutbrain trial`", where=where)
            for line, row in enumerate(rows, start=2):
                if row.get("arm") != arm or row.get("replicate") != str(replicate):
                    continue
                count += 1
                if row.get("participant") == str(participant):
                    try:
                        found = int(row["drawn_as"])
                    except (TypeError, ValueError):
                        raise UserInputError(f"line {line}: drawn_as {row['drawn_as']!r} is not a whole number", where=where) from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise UserInputError(f"not a table written by `gutbrain trial` ({type(exc).__name__}: {exc})", where=where) from None
    return found, count
