"""Target C1b: the virtual meta-analysis of small, biased, selectively published probiotic trials.

Kept apart from calibration.py (which runs the single-trial targets). ``check_meta_analysis``
runs ``replicates`` independent meta-analyses of ``trials`` small trials each
(trials/meta_analysis.py) and judges the medians against the target. C1b stays in
calibration.PENDING until this check has been run in full and passes; then its id joins
calibration.TARGET_IDS and check_targets calls it. Heavy: tens of minutes per replicate on a
loaded machine (every trial is simulated).
"""

from __future__ import annotations

import numpy as np

from ..core.streams import stream
from ..trials.meta_analysis import run_meta_analysis
from .target_checks import TargetResult

META_TARGET_IDS = ("C1b_probiotic_meta_analysis",)
MIN_I2_PERCENT = 50.0


def check_meta_analysis(targets: dict, replicates: int = 20, seed: int = 2026, trials: int = 20,
                        params: dict | None = None, progress=None) -> TargetResult:
    """Median published pooled g in range, median I-squared >= 50%, and the median Egger
    intercept negative (small trials show more benefit, as in the published pools)."""
    t = targets["C1b_probiotic_meta_analysis"]
    seeds = stream(seed, "calibration.C1b").integers(0, 2**31, replicates)
    pooled, i2, egger = [], [], []
    for i, s in enumerate(seeds):
        r = run_meta_analysis(trials, int(s), params=params)
        p = r.summary["published_pool"]
        pooled.append(p["pooled_hedges_g"])
        i2.append(p["i2_percent"])
        egger.append(p["egger_intercept"])
        if progress is not None:
            progress(i + 1, replicates)

    def median(xs):
        xs = [x for x in xs if x is not None]
        return float(np.median(xs)) if xs else float("nan")

    g, h, e = median(pooled), median(i2), median(egger)
    lo, hi = t["range"]
    ok = lo <= g <= hi and h >= MIN_I2_PERCENT and e < 0
    return TargetResult("C1b_probiotic_meta_analysis", t["what"], list(t["range"]), round(g, 3), "Hedges g", bool(ok), t["check"],
                        {"replicates": replicates, "trials_per_meta_analysis": trials, "median_i2_percent": round(h, 1),
                         "median_egger_intercept": round(e, 3), "pooled_hedges_g": pooled})
