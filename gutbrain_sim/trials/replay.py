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

import json
from pathlib import Path

import numpy as np

from ..core.errors import UserInputError
from ..engine import People
from ..hosts import profile
from ..model import GutBrainModel
from ..scenario import Scenario
from .cohort import draw_arm
from .run import candidates, load_trial_spec, trial_sizes, warm_up


def participant_model(folder: str | Path, arm: str, participant: int, replicate: int = 0) -> GutBrainModel:
    """Participant ``participant`` (numbered within ``arm`` and ``replicate``, as in
    participants.csv) of the trial written to ``folder``, at screening, ready to run."""
    folder = Path(folder)
    for name in ("trial_spec.toml", "trial_summary.json", "participants.csv"):
        if not (folder / name).is_file():
            raise UserInputError(f"no {name} here: give the folder a `gutbrain trial` run wrote", where=str(folder))
    spec = load_trial_spec(folder / "trial_spec.toml")
    summary = json.loads((folder / "trial_summary.json").read_text(encoding="utf-8"))
    arms = [a.name for a in spec.arms]
    if arm not in arms:
        raise UserInputError(f"no arm {arm!r} in this trial; its arms: {', '.join(arms)}", where=str(folder))
    import pandas as pd

    table = pd.read_csv(folder / "participants.csv")
    row = table[(table.arm == arm) & (table.replicate == replicate) & (table.participant == participant)]
    if row.empty:
        n = int(((table.arm == arm) & (table.replicate == replicate)).sum())
        raise UserInputError(f"no participant {participant} in arm {arm!r}, replicate {replicate} "
                             f"(it has participants 0-{n - 1})" if n else f"no replicate {replicate} in arm {arm!r}", where=str(folder))
    drawn_as = int(row.drawn_as.iloc[0])
    seed, gut = int(summary["seed"]), str(summary["gut"])
    spec.seed = seed
    sizes = trial_sizes(spec, int(summary["n_replicates"]), seed)
    a = arms.index(arm)
    prof = profile(spec.population)
    draw = draw_arm(prof, spec.params, a, [candidates(spec, sizes)[replicate]], seed, first_replicate=replicate).take([drawn_as])
    people = People(prof, draw.p, draw.episode_hamd, draw.roots, seed, spec.arms[a].interventions, gut=gut)
    warm_up(people, spec)
    if spec.blinded:
        people.expectancy = np.full(1, spec.expectancy)
    scenario = Scenario(name=f"{spec.name}_{arm}_r{replicate}_p{participant}", description=f"participant {participant} of arm "
                        f"{arm} (replicate {replicate}) of trial {spec.name}, replayed alone", duration_days=7.0 * spec.duration_weeks,
                        seed=seed, host=spec.population, params=dict(spec.params), interventions=list(spec.arms[a].interventions))
    return GutBrainModel.from_people(people, scenario, time_h=-168, record_every_h=24)
