"""Small-study asymmetry of a set of trials: the Egger regression test (Egger et al. 1997, BMJ).

First piece of the virtual meta-analysis (issue #14, target C1b); drawing biased trials from
the model and publishing them selectively is still to come.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats


@dataclass(frozen=True)
class Egger:
    intercept: float  # in units of g/SE; < 0: small trials show more negative (more beneficial) effects
    se: float
    p_value: float  # two-sided, t with k - 2 degrees of freedom
    k: int


def egger_test(effects, ses) -> Egger:
    """Regress each trial's standard normal deviate g/SE on its precision 1/SE (ordinary least
    squares); an intercept away from 0 means the funnel plot is asymmetric."""
    g, s = np.asarray(effects, float), np.asarray(ses, float)
    ok = np.isfinite(g) & np.isfinite(s) & (s > 0)
    g, s = g[ok], s[ok]
    k = g.size
    if k < 3:
        return Egger(math.nan, math.nan, math.nan, k)
    x = np.column_stack([np.ones(k), 1.0 / s])
    y = g / s
    coef, *_ = np.linalg.lstsq(x, y, rcond=None)
    resid = y - x @ coef
    sigma2 = float(resid @ resid) / (k - 2)
    cov = sigma2 * np.linalg.inv(x.T @ x)
    se = math.sqrt(cov[0, 0])
    t = coef[0] / se if se > 0 else math.inf
    return Egger(float(coef[0]), se, float(2.0 * stats.t.sf(abs(t), k - 2)), k)
