"""Egger's small-study test detects a planted asymmetry and not a symmetric set."""

import numpy as np

from gutbrain_sim.trials.meta_analysis import egger_test


def _trials(seed, k=40, true=-0.2):
    rng = np.random.default_rng(seed)
    n = rng.integers(15, 51, k)
    se = np.sqrt(2.0 / n)
    return true + se * rng.standard_normal(k), se


def test_egger_symmetric_sets_rarely_flagged():
    flagged = [egger_test(*_trials(s)).p_value < 0.05 for s in range(60)]
    assert np.mean(flagged) <= 0.12  # nominal 5% false-positive rate


def test_egger_detects_planted_asymmetry():
    hits = []
    for s in range(30):
        g, se = _trials(s)
        e = egger_test(g - 4.0 * se, se)  # small trials (large SE) pushed towards benefit
        hits.append(e.intercept < 0 and e.p_value < 0.05)
    assert np.mean(hits) >= 0.8
