"""Target C1b: the virtual meta-analysis of small, biased, selectively published probiotic trials.

Kept apart from calibration.py (which runs the single-trial targets). ``check_meta_analysis``
runs ``replicates`` independent meta-analyses of ``trials`` small trials each
(trials/meta_analysis.py) and judges the medians of their published pools against the target
(``judge``). Heavy: every trial is simulated (400 trial runs for the full check, about 75 min
with 2 workers on a shared 2-core machine); ``workers`` runs a literature's trials in parallel.
"""

from __future__ import annotations

import numpy as np

from ..core.streams import stream
from ..trials.meta_analysis import bias_defaults, literature_designs, meta_analyse, simulate_trials
from .target_checks import TargetResult, is_near, median_se

META_TARGET_IDS = ("C1b_probiotic_meta_analysis",)
MIN_I2_PERCENT = 50.0
SEED = 2026  # the check's literatures: stream(SEED, "calibration.C1b")


def literature_seeds(replicates: int, seed: int = SEED) -> list[int]:
    """The seed of each replicate meta-analysis (literature i's seed is the same whatever ``replicates``)."""
    return [int(s) for s in stream(seed, "calibration.C1b").integers(0, 2**31, replicates)]


def check_meta_analysis(targets: dict, replicates: int = 20, seed: int = SEED, trials: int = 20, params: dict | None = None,
                        progress=None, workers: int = 1, quick: bool = False) -> TargetResult:
    """Median published pooled g in range, median I-squared >= 50%, and the median Egger
    intercept negative (small trials show more benefit, as in the published pools)."""
    bias = bias_defaults()
    summaries = []
    for i, s in enumerate(literature_seeds(replicates, seed)):
        designs = literature_designs(trials, s, bias)
        summaries.append(meta_analyse(designs, simulate_trials(designs, s, params, workers), s, bias).summary)
        if progress is not None:
            progress(i + 1, replicates)
    return judge(targets, summaries, quick)


def judge(targets: dict, summaries: list[dict], quick: bool = False) -> TargetResult:
    """The C1b verdict on the summaries of replicate meta-analyses (``meta_analyse(...).summary``)."""
    t = targets["C1b_probiotic_meta_analysis"]
    pools = [s["published_pool"] for s in summaries]

    def median(key):
        xs = [p[key] for p in pools if p[key] is not None]
        return float(np.median(xs)) if xs else float("nan")

    g, h, e = median("pooled_hedges_g"), median("i2_percent"), median("egger_intercept")
    lo, hi = t["range"]
    others = h >= MIN_I2_PERCENT and e < 0
    ok = lo <= g <= hi and others
    gs = [p["pooled_hedges_g"] for p in pools]
    near = quick and not ok and is_near(g, t["range"], median_se([x for x in gs if x is not None]), others)
    return TargetResult("C1b_probiotic_meta_analysis", t["what"], list(t["range"]), round(g, 3), "Hedges g", bool(ok), t["check"],
                        {"replicates": len(summaries), "trials_per_meta_analysis": summaries[0]["trials"] if summaries else 0,
                         "median_published_k": median("k"), "median_i2_percent": round(h, 1), "median_egger_intercept": round(e, 3),
                         "share_egger_negative": round(float(np.mean([p["egger_intercept"] < 0 for p in pools if p["egger_intercept"] is not None])), 3),
                         "median_true_pooled_g": round(float(np.median([s["true_pool"]["pooled_hedges_g"] for s in summaries])), 3),
                         "seeds": [s["seed"] for s in summaries], "pooled_hedges_g": gs, "i2_percent": [p["i2_percent"] for p in pools],
                         "egger_intercept": [p["egger_intercept"] for p in pools]}, near)
