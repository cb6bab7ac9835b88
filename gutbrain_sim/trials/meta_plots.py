"""Figures of a virtual meta-analysis: a forest plot of every trial (published or not) and a
funnel plot (Hedges g against its standard error). Okabe-Ito colours; teaching model."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

PUBLISHED, UNPUBLISHED, BIASED = "#0072B2", "#BBBBBB", "#D55E00"


def meta_figure(trials, summary):
    """Left: forest plot (each trial's g with 95% CI; orange = high risk of bias, grey = unpublished;
    diamonds = pooled published and all trials). Right: funnel plot with the published pool."""
    k = len(trials)
    fig, (forest, funnel) = plt.subplots(1, 2, figsize=(12, max(4.0, 1.2 + 0.28 * (k + 3))), constrained_layout=True)
    for y, row in enumerate(trials.itertuples()):
        colour = (BIASED if row.high_risk else PUBLISHED) if row.published else UNPUBLISHED
        forest.plot([row.ci_low, row.ci_high], [y, y], color=colour, lw=1)
        forest.plot(row.hedges_g, y, "s", color=colour, ms=4)
    labels = [f"trial {r.trial}: {r.population}, n={r.n_per_arm}/arm, {r.duration_weeks} wk" + (", high risk of bias" if r.high_risk else "")
              + ("" if r.published else ", unpublished") for r in trials.itertuples()]
    for offset, (key, name) in enumerate((("published_pool", "pooled, published"), ("all_trials_pool", "pooled, all trials"))):
        p = summary[key]
        y = k + offset
        if p["pooled_hedges_g"] is not None:
            g, lo, hi = p["pooled_hedges_g"], p["ci_low"], p["ci_high"]
            forest.fill([lo, g, hi, g], [y, y + 0.3, y, y - 0.3], color="#000000")
        labels.append(f"{name} (k={p['k']}, I2={p['i2_percent']}%)")
    forest.set_yticks(range(len(labels)), labels, fontsize=8)
    forest.invert_yaxis()
    forest.axvline(0.0, color="#000000", lw=0.8)
    forest.set_xlabel("Hedges g, end-of-trial HAM-D-17 (negative = probiotic better)")
    forest.set_title("Forest plot: every trial run (teaching model)")
    pub = trials[trials.published]
    funnel.scatter(trials.loc[~trials.published, "hedges_g"], trials.loc[~trials.published, "se"], color=UNPUBLISHED, label="unpublished")
    funnel.scatter(pub.hedges_g, pub.se, color=PUBLISHED, label="published")
    centre = summary["published_pool"]["pooled_hedges_g"]
    if centre is not None:
        se = np.linspace(0.0, float(trials.se.max()) * 1.05, 50)
        funnel.plot(centre - 1.96 * se, se, color="#000000", lw=0.8, ls="--")
        funnel.plot(centre + 1.96 * se, se, color="#000000", lw=0.8, ls="--", label="95% funnel around published pool")
    funnel.invert_yaxis()
    funnel.axvline(0.0, color="#000000", lw=0.5)
    funnel.set_xlabel("Hedges g (negative = probiotic better)")
    funnel.set_ylabel("standard error of g (larger = smaller trial)")
    e = summary["published_pool"]
    funnel.set_title(f"Funnel plot: Egger intercept {e['egger_intercept']} (p={e['egger_p']})")
    funnel.legend(fontsize=8)
    return fig
