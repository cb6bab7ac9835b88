"""Figures of a virtual trial: a forest plot of effect sizes and the arms' time courses.

Okabe-Ito colours; every axis carries its unit; titles say it is a teaching model.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from .spec import OUTCOMES  # noqa: E402

ARM_COLOURS = ("#999999", "#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#000000")
LABELS = {"depression_hamd": "depression (HAM-D-17)", "anxiety_hama": "anxiety (HAM-A)", "crp_mg_per_l": "CRP"}
UNITS = {"depression_hamd": "HAM-D-17 points (0-52)", "anxiety_hama": "HAM-A points (0-56)", "crp_mg_per_l": "CRP (mg/L)"}
MAX_REPLICATES_SHOWN = 60
TEXT_PT = 16  # every text of a written figure: the dashboard's projector rule (16 px at 72 dpi = 16 pt)
TEXT = {k: TEXT_PT for k in ("font.size", "axes.titlesize", "axes.labelsize", "xtick.labelsize", "ytick.labelsize",
                             "legend.fontsize", "figure.titlesize")}


def _arm_colour(result, arm: str) -> str:
    names = [a.name for a in result.spec.arms]
    return ARM_COLOURS[names.index(arm) % len(ARM_COLOURS)]


def forest_figure(result):
    """Hedges g per outcome and treatment arm with 95% CIs (see ``_forest``); every text >= TEXT_PT."""
    with plt.rc_context(TEXT):
        return _forest(result)


def timecourse_figure(result):
    """Each arm's mean score by week with a band: the 95% CI of the mean (one trial) or the
    2.5-97.5 percentile range of replicate trials' means (several trials)."""
    with plt.rc_context(TEXT):
        return _timecourse(result)


def _forest(result):
    """Hedges g (treatment - control; left of 0 = benefit) per outcome and treatment arm, with 95% CIs.

    With replicates: each replicate trial as a thin line and the random-effects pooled estimate as
    a diamond (a virtual meta-analysis: ``gutbrain meta-analysis``, trials/meta_plots.py).
    """
    s = result.summary
    fig, axes = plt.subplots(1, len(OUTCOMES), figsize=(9.0 * len(OUTCOMES), max(4.5, 1.6 + 0.42 * _rows(s))), squeeze=False, constrained_layout=True)
    pooled = {(c["treatment"], c["outcome"]): c for c in s.get("pooled", {}).get("contrasts", [])}
    for ax, outcome in zip(axes[0], OUTCOMES, strict=True):
        y = 0.0
        ticks, labels = [], []
        for c in [c for c in s["contrasts"] if c["outcome"] == outcome]:
            colour = _arm_colour(result, c["treatment"])
            reps = [r for r in s.get("replicates", [])][:MAX_REPLICATES_SHOWN]
            for r in reps:
                rc = next(x for x in r["contrasts"] if x["treatment"] == c["treatment"] and x["outcome"] == outcome)
                if rc["hedges_g"] is None:
                    continue
                ax.plot([rc["ci_low"], rc["ci_high"]], [y, y], color=colour, lw=0.8)
                ax.plot(rc["hedges_g"], y, "s", color=colour, ms=3)
                ticks.append(y)
                labels.append(f"{c['treatment']} #{r['replicate']} (n={r['n_per_arm']}/arm)")
                y += 1
            p = pooled.get((c["treatment"], outcome))
            if p is not None and p["pooled_hedges_g"] is not None:
                _diamond(ax, p["pooled_hedges_g"], p["ci_low"], p["ci_high"], y, colour)
                ticks.append(y)
                labels.append(f"{c['treatment']}: pooled (random effects), I2={100 * p['i2']:.0f}%")
                y += 1
            elif c["hedges_g"] is not None:
                ax.plot([c["ci_low"], c["ci_high"]], [y, y], color=colour, lw=2)
                ax.plot(c["hedges_g"], y, "D", color=colour, ms=7)
                ticks.append(y)
                labels.append(f"{c['treatment']} vs {c['control']} (p={c['p_value']:.3g})")
                y += 1
            y += 0.5
        ax.axvline(0.0, color="black", lw=0.8)
        ax.set_yticks(ticks, labels)
        ax.invert_yaxis()
        ax.set_xlabel("Hedges g (treatment - control; < 0 = fewer symptoms / lower CRP)")
        ax.set_title(LABELS[outcome])
    fig.suptitle(f"{s['trial']}: {s['population']} population, {s['duration_weeks']:g} weeks  (teaching model, not medical advice)")
    return fig


def _rows(s) -> int:
    reps = min(len(s.get("replicates", [])), MAX_REPLICATES_SHOWN)
    per_outcome = max(1, len([c for c in s["contrasts"] if c["outcome"] == OUTCOMES[0]]))
    return per_outcome * (reps + 2) + 2


def _diamond(ax, g, lo, hi, y, colour) -> None:
    ax.fill([lo, g, hi, g], [y, y - 0.4, y, y + 0.4], color=colour, alpha=0.9)


def _timecourse(result):
    df = result.timecourse
    fig, axes = plt.subplots(1, len(OUTCOMES), figsize=(8.0 * len(OUTCOMES), 6.0), squeeze=False, constrained_layout=True)
    several = df.replicate.nunique() > 1
    for ax, outcome in zip(axes[0], OUTCOMES, strict=True):
        for arm in [a.name for a in result.spec.arms]:
            a = df[df.arm == arm]
            colour = _arm_colour(result, arm)
            weeks = np.sort(a.week.unique())
            if several:
                grouped = a.groupby("week")[outcome]
                mean = grouped.mean().to_numpy()
                lo, hi = grouped.quantile(0.025).to_numpy(), grouped.quantile(0.975).to_numpy()
            else:
                a = a.sort_values("week")
                mean = a[outcome].to_numpy()
                half = 1.96 * a[f"{outcome}_sd"].to_numpy() / np.sqrt(np.maximum(a["n"].to_numpy(), 1))
                lo, hi = mean - half, mean + half
            ax.fill_between(weeks, lo, hi, color=colour, alpha=0.2, lw=0)
            ax.plot(weeks, mean, "-o", color=colour, ms=3, label=arm)
        ax.set_xlabel("week of the trial")
        ax.set_ylabel(UNITS[outcome])
        ax.set_title(LABELS[outcome])
        ax.legend()
    band = "band: 2.5-97.5% of replicate trials' means" if several else "band: 95% CI of the mean"
    s = result.summary
    fig.suptitle(f"{s['trial']}: arm means by week ({band}; teaching model, not medical advice)")
    return fig
