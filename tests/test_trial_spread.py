"""Issue #14: the HAM-D spread of an MDD trial (baseline and end of trial) near real trials'.

Real antidepressant trials enrol HAM-D-17 22-24 +- 3-4 (Hieronymus 2016, Table 1) and end with a
pooled SD of about 6.8 (Munkholm 2019: SMD 0.29 for 1.97 points); the drug arm's variance equals
the placebo arm's (Ploderl & Hengartner 2019: variance ratio 1.01). docs/hamd_spread.md has the
measured sources of the model's spread (experiments/hamd_spread.py). The bounds below come from that
harness (placebo arm, no dropout: baseline SD 5.71 -> 4.4-4.7 and end SD 7.65 -> 7.0-7.2 for an episode spread of
0.35 -> 0-0.2) plus the ~8 points^2 a trial's 15% dropout with LOCF adds; this trial-size test has not been run
yet at the new spread (issue #14, session 10: the machine was too loaded).
"""

import numpy as np
import pytest

from gutbrain_sim.trials.run import run_trial, trial_spec_from_dict

BASE_SD_MAX = 5.0  # 0.35 gave 5.7 (harness)
END_SD_MAX = 8.0  # 0.35 gave 8-9 in the calibration trials (C1/C5/C11 g for their mean differences)


@pytest.mark.long
def test_mdd_trial_baseline_and_end_spread_near_real_trials():
    d = {"population": "mdd", "n_per_arm": 150, "duration_weeks": 8, "replicates": 2, "seed": 2026,
         "arms": [{"name": "placebo", "interventions": [{"type": "placebo"}]}, {"name": "ssri", "interventions": [{"type": "ssri"}]}]}
    P = run_trial(trial_spec_from_dict(d, where="test spread")).participants

    def sd(arm, col):
        return float(P[P.arm == arm].groupby("replicate")[col].std(ddof=1).mean())

    base, end, end_ssri = sd("placebo", "depression_hamd_baseline"), sd("placebo", "depression_hamd_final"), sd("ssri", "depression_hamd_final")
    assert 22.0 <= float(P.depression_hamd_baseline.mean()) <= 27.0
    # before issue #14 (episode_onset_sigma 0.35): baseline SD about 5.7, end SD 8-9 in the calibration trials
    assert 3.0 <= base <= BASE_SD_MAX, base
    assert end <= END_SD_MAX, end
    assert 0.75 <= (end_ssri / end) ** 2 <= 1.33, (end_ssri, end)  # variance ratio near 1 (Ploderl 2019)
    assert np.isfinite(end_ssri)
