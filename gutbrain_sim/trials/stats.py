"""Effect sizes for virtual trials: Hedges g with its confidence interval and p-value, and
DerSimonian-Laird random-effects pooling of several trials (pure numpy/scipy).

Sign convention: g = (treatment mean - control mean) / pooled SD, small-sample corrected;
on symptom scores a negative g means the treatment lowered symptoms (benefit).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

Z95 = 1.959963984540054


@dataclass(frozen=True)
class Effect:
    hedges_g: float
    se: float
    ci_low: float
    ci_high: float
    p_value: float
    mean_difference: float
    n_treatment: int
    n_control: int


def hedges_g(treatment, control) -> Effect:
    """Hedges g of ``treatment - control`` with a 95% CI (normal approximation, Hedges & Olkin 1985)
    and the two-sided p-value of the pooled-variance t-test."""
    t = np.asarray(treatment, float)
    c = np.asarray(control, float)
    t, c = t[np.isfinite(t)], c[np.isfinite(c)]
    n1, n2 = t.size, c.size
    if n1 < 2 or n2 < 2:
        return Effect(math.nan, math.nan, math.nan, math.nan, math.nan, math.nan, n1, n2)
    diff = float(t.mean() - c.mean())
    sp2 = ((n1 - 1) * t.var(ddof=1) + (n2 - 1) * c.var(ddof=1)) / (n1 + n2 - 2)
    sp = math.sqrt(sp2)
    if sp == 0:
        return Effect(0.0 if diff == 0 else math.copysign(math.inf, diff), math.nan, math.nan, math.nan,
                      1.0 if diff == 0 else 0.0, diff, n1, n2)
    j = 1.0 - 3.0 / (4.0 * (n1 + n2) - 9.0)
    g = j * diff / sp
    se = math.sqrt((n1 + n2) / (n1 * n2) + g * g / (2.0 * (n1 + n2)))
    tstat = diff / (sp * math.sqrt(1.0 / n1 + 1.0 / n2))
    p = float(2.0 * stats.t.sf(abs(tstat), n1 + n2 - 2))
    return Effect(g, se, g - Z95 * se, g + Z95 * se, p, diff, n1, n2)


@dataclass(frozen=True)
class Pooled:
    pooled: float
    se: float
    ci_low: float
    ci_high: float
    tau2: float
    i2: float
    q: float
    k: int


def random_effects(effects, variances) -> Pooled:
    """DerSimonian-Laird random-effects pooling (DerSimonian & Laird 1986).

    Q = sum w_i (y_i - y_FE)^2 with w_i = 1/v_i; tau^2 = max(0, (Q - (k-1)) / (sum w - sum w^2 / sum w));
    pooled = sum w*_i y_i / sum w*_i with w*_i = 1/(v_i + tau^2); I^2 = max(0, (Q - (k-1)) / Q).
    """
    y = np.asarray(effects, float)
    v = np.asarray(variances, float)
    ok = np.isfinite(y) & np.isfinite(v) & (v > 0)
    y, v = y[ok], v[ok]
    k = y.size
    if k == 0:
        return Pooled(math.nan, math.nan, math.nan, math.nan, math.nan, math.nan, math.nan, 0)
    w = 1.0 / v
    fixed = float((w * y).sum() / w.sum())
    q = float((w * (y - fixed) ** 2).sum())
    denom = float(w.sum() - (w * w).sum() / w.sum())
    tau2 = max(0.0, (q - (k - 1)) / denom) if k > 1 and denom > 0 else 0.0
    ws = 1.0 / (v + tau2)
    pooled = float((ws * y).sum() / ws.sum())
    se = float(math.sqrt(1.0 / ws.sum()))
    i2 = max(0.0, (q - (k - 1)) / q) if k > 1 and q > 0 else 0.0
    return Pooled(pooled, se, pooled - Z95 * se, pooled + Z95 * se, tau2, i2, q, k)


# ------------------------------------------------------------------ small-k estimators of tau^2
TAU2_METHODS = ("DL", "PM", "REML")


def _pool(y: np.ndarray, v: np.ndarray, tau2: float, q: float) -> Pooled:
    k = y.size
    ws = 1.0 / (v + tau2)
    pooled = float((ws * y).sum() / ws.sum())
    se = float(math.sqrt(1.0 / ws.sum()))
    i2 = max(0.0, (q - (k - 1)) / q) if k > 1 and q > 0 else 0.0
    return Pooled(pooled, se, pooled - Z95 * se, pooled + Z95 * se, tau2, i2, q, k)


def tau2_paule_mandel(y, v, tol: float = 1e-10, max_iter: int = 200) -> float:
    """Paule-Mandel tau^2 (Paule & Mandel 1982): the tau^2 at which the generalised Q,
    sum (y_i - mu)^2 / (v_i + tau^2), equals its expectation k - 1; 0 if Q(0) <= k - 1.
    Q falls as tau^2 grows, so a bracketed bisection finds it."""
    y, v = np.asarray(y, float), np.asarray(v, float)
    k = y.size

    def excess(t2: float) -> float:
        w = 1.0 / (v + t2)
        mu = (w * y).sum() / w.sum()
        return float((w * (y - mu) ** 2).sum()) - (k - 1)

    if k < 2 or excess(0.0) <= 0:
        return 0.0
    hi = max(float(np.var(y, ddof=1)), 1e-12)
    while excess(hi) > 0:
        hi *= 2.0
    lo = 0.0
    for _ in range(max_iter):
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if excess(mid) > 0 else (lo, mid)
        if hi - lo < tol:
            break
    return 0.5 * (lo + hi)


def tau2_reml(y, v, tol: float = 1e-10, max_iter: int = 500) -> float:
    """Restricted maximum-likelihood tau^2 by the Fisher-scoring fixed point (Viechtbauer 2005, eq. 12):
    tau^2 <- sum w_i^2 ((y_i - mu)^2 - v_i) / sum w_i^2 + 1 / sum w_i, truncated at 0."""
    y, v = np.asarray(y, float), np.asarray(v, float)
    if y.size < 2:
        return 0.0
    t2 = max(0.0, float(np.var(y, ddof=1) - v.mean()))
    for _ in range(max_iter):
        w = 1.0 / (v + t2)
        mu = (w * y).sum() / w.sum()
        new = max(0.0, float((w * w * ((y - mu) ** 2 - v)).sum() / (w * w).sum() + 1.0 / w.sum()))
        if abs(new - t2) < tol:
            return new
        t2 = new
    return t2


def random_effects_with(effects, variances, method: str = "DL") -> Pooled:
    """Random-effects pooling with a chosen tau^2 estimator: "DL" (DerSimonian-Laird, as
    ``random_effects``), "PM" (Paule-Mandel) or "REML"; PM and REML are less biased than DL
    when there are few trials (k < ~10; Veroniki et al. 2016). Q and I^2 are the usual
    (fixed-effect) ones whatever the method."""
    if method not in TAU2_METHODS:
        raise ValueError(f"method must be one of {', '.join(TAU2_METHODS)}, got {method!r}")
    dl = random_effects(effects, variances)
    if method == "DL" or dl.k < 2:
        return dl
    y, v = np.asarray(effects, float), np.asarray(variances, float)
    ok = np.isfinite(y) & np.isfinite(v) & (v > 0)
    y, v = y[ok], v[ok]
    tau2 = tau2_paule_mandel(y, v) if method == "PM" else tau2_reml(y, v)
    return _pool(y, v, tau2, dl.q)
