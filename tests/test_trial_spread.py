"""Issue #14: the HAM-D spread of an MDD trial (baseline and end of trial) near real trials'.

Real antidepressant trials enrol HAM-D-17 22-24 +- 3-4 (Hieronymus 2016, Table 1) and end with a
pooled SD of about 6.8 (Munkholm 2019: SMD 0.29 for 1.97 points); the drug arm's variance equals
the placebo arm's (Ploderl & Hengartner 2019: variance ratio 1.01). docs/hamd_spread.md has the
measured sources of the model's spread (experiments/hamd_spread.py). Measured here (seed 2026, 2 x 150, episode_onset_sigma
0.1): baseline 24.5, placebo baseline SD 4.48, end SD 7.12 (SSRI 7.26, variance ratio 1.04), g -0.32 and -0.36 for
2.35 and 2.51 points. With 0.35 the calibration trials had a baseline SD of about 5.7 and an end SD of 8-9.
"""

import numpy as np
import pytest

from gutbrain_sim.trials.run import run_trial, trial_spec_from_dict

BASE_SD_MAX = 5.0  # measured 4.48; 0.35 gave 5.7 (harness)
END_SD_MAX = 7.6  # measured 7.12; 0.35 gave 8-9 in the calibration trials (C1/C5/C11 g for their mean differences)


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
