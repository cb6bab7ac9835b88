"""A trial participant replayed alone reproduces their recorded trajectory, byte for byte."""

import numpy as np
import pytest

from gutbrain_sim.core.outputs import write_csv
from gutbrain_sim.trials.replay import participant_model
from gutbrain_sim.trials.run import person_file, run_trial, trial_spec_from_dict

SPEC = {"name": "replay", "population": "mdd", "n_per_arm": 3, "duration_weeks": 2, "replicates": 2, "seed": 17, "warmup_days": 7,
        "arms": [{"name": "placebo", "interventions": [{"type": "placebo"}]},
                 {"name": "probiotic", "interventions": [{"type": "probiotic", "dose_cfu_per_day": 1e10}]},
                 {"name": "ssri", "interventions": [{"type": "ssri"}]}]}


@pytest.mark.parametrize("gut", ["mixed", "agent"])
def test_three_participants_of_different_arms_replay_byte_for_byte(tmp_path, gut):
    result = run_trial(trial_spec_from_dict(dict(SPEC), "test"), gut=gut, record_people=True)
    result.write(tmp_path)
    for arm, rep, k in (("placebo", 0, 2), ("probiotic", 1, 0), ("ssri", 1, 1)):
        model = participant_model(tmp_path, arm, k, replicate=rep)
        model.run()
        replayed = model.timeseries()
        recorded = result.people[(arm, rep, k)]
        assert len(recorded) == 1 + 7 * 3  # screening, then a row a day for 3 weeks
        assert list(replayed.columns) == list(recorded.columns)
        for column in recorded.columns:  # every recorded column, to the last bit
            assert np.array_equal(replayed[column].to_numpy(), recorded[column].to_numpy()), (arm, rep, k, column)
        write_csv(tmp_path / "replayed.csv", replayed)
        assert (tmp_path / "replayed.csv").read_bytes() == (tmp_path / "people" / person_file(arm, rep, k)).read_bytes()


def test_replay_of_an_unknown_participant_says_what_exists(tmp_path):
    from gutbrain_sim.core.errors import UserInputError

    run_trial(trial_spec_from_dict(dict(SPEC, replicates=1), "test"), record_people=True).write(tmp_path)
    with pytest.raises(UserInputError, match="participants 0-2"):
        participant_model(tmp_path, "placebo", 7)
    with pytest.raises(UserInputError, match="its arms: placebo, probiotic, ssri"):
        participant_model(tmp_path, "antibiotic", 0)
