"""trial_stats against statsmodels (issue #16): Hedges g and its variance, DerSimonian-Laird and
Paule-Mandel pooling, I^2; REML checked as the maximiser of the restricted likelihood."""

import math

import numpy as np
import pytest

from gutbrain_sim.trials.stats import hedges_g, random_effects, random_effects_with, tau2_reml

meta = pytest.importorskip("statsmodels.stats.meta_analysis")


def _trials(seed: int, k: int):
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(k):
        n1, n2 = rng.integers(8, 80, 2)
        out.append((rng.normal(-0.3 + rng.normal(0, 0.3), 1, n1) * 7 + 20, rng.normal(0, 1, n2) * 7 + 20))
    return out


@pytest.mark.parametrize("seed", range(5))
def test_hedges_g_and_its_variance_equal_statsmodels(seed):
    for t, c in _trials(seed, 6):
        e = hedges_g(t, c)
        smd, var = meta.effectsize_smd(t.mean(), t.std(ddof=1), t.size, c.mean(), c.std(ddof=1), c.size)
        assert e.hedges_g == pytest.approx(smd, rel=1e-12, abs=1e-12)
        # the variances differ only in the g^2 term's denominator: 2N here (Hedges & Olkin 1985),
        # 2(N - 3.94) in statsmodels (Harrer et al.'s approximation); the gap is exactly that
        n = t.size + c.size
        gap = e.hedges_g ** 2 * (1 / (2 * (n - 3.94)) - 1 / (2 * n))
        assert var - e.se ** 2 == pytest.approx(gap, rel=1e-9, abs=1e-15)
        assert 0 <= gap < 0.05 * var  # a few per cent of the variance at most, for these trial sizes


@pytest.mark.parametrize("seed, k", [(0, 3), (1, 5), (2, 8), (3, 20), (4, 4)])
def test_dersimonian_laird_and_paule_mandel_equal_statsmodels(seed, k):
    effects = [hedges_g(t, c) for t, c in _trials(seed, k)]
    y = np.array([e.hedges_g for e in effects])
    v = np.array([e.se ** 2 for e in effects])
    for method, sm_method in (("DL", "chi2"), ("PM", "iterated")):
        ours = random_effects_with(y, v, method)
        res = meta.combine_effects(y, v, method_re=sm_method)
        assert ours.tau2 == pytest.approx(res.tau2, rel=1e-6, abs=1e-9), method
        assert ours.pooled == pytest.approx(res.mean_effect_re, rel=1e-6, abs=1e-9), method
        assert ours.se == pytest.approx(res.sd_eff_w_re, rel=1e-6), method
        assert ours.q == pytest.approx(res.q, rel=1e-12)
        assert ours.i2 == pytest.approx(res.i2, rel=1e-9, abs=1e-12)
    assert random_effects_with(y, v, "DL") == random_effects(y, v)


@pytest.mark.parametrize("seed", range(4))
def test_reml_maximises_the_restricted_likelihood(seed):
    from scipy.optimize import minimize_scalar

    rng = np.random.default_rng(seed)
    k = 6
    v = rng.uniform(0.02, 0.2, k)
    y = rng.normal(-0.4, math.sqrt(0.1), k) + rng.normal(0, np.sqrt(v))

    def neg_restricted_loglik(t2):
        w = 1 / (v + t2)
        mu = (w * y).sum() / w.sum()
        return 0.5 * (np.log(v + t2).sum() + math.log(w.sum()) + (w * (y - mu) ** 2).sum())

    best = minimize_scalar(neg_restricted_loglik, bounds=(0, 10), method="bounded", options={"xatol": 1e-10})
    assert tau2_reml(y, v) == pytest.approx(best.x, abs=1e-6)


def test_small_k_estimators_hold_their_bounds():
    y, v = np.array([-0.5, -0.45, -0.55]), np.array([0.1, 0.1, 0.1])  # less spread than the within-trial noise
    for method in ("DL", "PM", "REML"):
        assert random_effects_with(y, v, method).tau2 == 0.0
    y = np.array([-1.5, 0.2, -0.4, 0.9])  # far more spread: every estimator finds heterogeneity
    assert all(random_effects_with(y, np.full(4, 0.05), m).tau2 > 0.3 for m in ("DL", "PM", "REML"))
    with pytest.raises(ValueError):
        random_effects_with(y, v[:1].repeat(4), "ML")
