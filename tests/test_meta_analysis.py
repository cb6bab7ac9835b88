"""The virtual meta-analysis's statistics (trials/meta_analysis.py) on synthetic trials: seconds each."""

import json

import numpy as np
import pytest

from gutbrain_sim.trials import meta_analysis as ma


def _trials(true_g: float, k: int, seed: int, high_risk=(), bias_smd: float = -0.23):
    """k two-arm trials of normal scores (SD 1) with true standardised effect ``true_g``."""
    g = np.random.default_rng(seed)
    out = []
    for i in range(k):
        n = int(g.integers(15, 51))
        t, c = g.normal(true_g, 1.0, n), g.normal(0.0, 1.0, n)
        out.append(ma.rated_effect(t, c, i in high_risk, bias_smd))
    return out


def test_egger_detects_planted_asymmetry_not_symmetric_set():
    g = np.random.default_rng(3)
    se = g.uniform(0.15, 0.5, 40)
    symmetric = -0.2 + se * g.standard_normal(40)
    planted = symmetric - 1.5 * se  # small (high-SE) trials show more benefit
    assert ma.egger_test(planted, se).intercept < 0 and ma.egger_test(planted, se).p_value < 0.05
    assert ma.egger_test(symmetric, se).p_value > 0.05


def test_selective_publication_makes_pooled_g_more_negative():
    effects = _trials(-0.15, 60, seed=5)
    published = ma.publish(effects, 0.73, 0.41, seed=2)
    pub = [e for e, p in zip(effects, published, strict=True) if p]
    assert 0 < len(pub) < len(effects)
    assert ma.pool(pub).pooled < ma.pool(effects).pooled - 0.02


def test_unbiased_raters_pool_near_the_true_effect_biased_ones_inflate():
    honest = ma.pool(_trials(-0.2, 200, seed=7)).pooled
    assert abs(honest - (-0.2)) < 0.06
    biased = ma.pool(_trials(-0.2, 200, seed=7, high_risk=range(200))).pooled
    assert biased < honest - 0.15  # every rater shifted by 0.23 control SDs


def test_same_seed_same_designs_and_publication_bytes():
    a = [d.__dict__ for d in ma.draw_designs(20, 11, 0.33)]
    b = [d.__dict__ for d in ma.draw_designs(20, 11, 0.33)]
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    assert all(15 <= d["n_per_arm"] <= 50 and d["duration_weeks"] in (4, 6, 8) for d in a)
    effects = _trials(-0.2, 20, seed=1)
    s1 = ma.summarise(effects, ma.publish(effects, 0.73, 0.41, 4), effects, 4, ma.bias_defaults())
    s2 = ma.summarise(effects, ma.publish(effects, 0.73, 0.41, 4), effects, 4, ma.bias_defaults())
    assert json.dumps(s1, sort_keys=True) == json.dumps(s2, sort_keys=True)


@pytest.mark.long
def test_c1b_virtual_meta_analysis():
    from gutbrain_sim.validation.calibration import targets
    from gutbrain_sim.validation.meta_calibration import check_meta_analysis

    r = check_meta_analysis(targets(), replicates=20, seed=2026)
    assert r.passed, r


@pytest.mark.parametrize("argv", [["--trials", "1"], ["--seed", "-3"], ["--trials", "x"]])
def test_cli_bad_input_one_line_exit_2_nothing_written(tmp_path, argv):
    import subprocess
    import sys

    out = tmp_path / "meta"
    r = subprocess.run([sys.executable, "-m", "gutbrain_sim.cli", "meta-analysis", *argv, "--out", str(out)], capture_output=True, text=True)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert not out.exists()


def test_figure_has_every_trial_and_both_pools():
    import matplotlib.pyplot as plt
    import pandas as pd

    effects = _trials(-0.2, 12, seed=2)
    published = ma.publish(effects, 0.73, 0.41, 1)
    designs = ma.draw_designs(12, 1, 0.33)
    rows = [{**d.__dict__, "hedges_g": e.hedges_g, "se": e.se, "ci_low": e.ci_low, "ci_high": e.ci_high, "published": p}
            for d, e, p in zip(designs, effects, published, strict=True)]
    from gutbrain_sim.trials.meta_plots import meta_figure

    fig = meta_figure(pd.DataFrame(rows), ma.summarise(effects, published, effects, 1, ma.bias_defaults()))
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    plt.close(fig)
    assert len(labels) == 14 and labels[-2].startswith("pooled, published")
