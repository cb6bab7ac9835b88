"""Class mode's pictures: a student's own person over the weeks, and the class result (a dot per student).

Drawn with matplotlib's object API (no pyplot state, so sessions draw at once); text at 16 px
when shown about 1:1; Okabe-Ito colours; every axis names its unit.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from ..metrics import TIMESERIES
from ..params import GUILDS
from ..plots import OKABE_ITO
from .figures import FONT, png

ARM_COLOURS = ("#999999", "#0072B2", "#D55E00", "#009E73")
# what a blinded participant may see of their own body: the resident guilds, renormalised (the
# administered strain's share would give the arm away)
RESIDENT = tuple(f"abundance_{g}" for g in GUILDS)
CHAIN = ("butyrate_mM", "barrier_integrity", "plasma_lps_pg_per_ml", "crp_mg_per_l", "il6_pg_per_ml",
         "cortisol_nmol_per_l", "kyn_trp_ratio", "serotonin_index", "vagal_tone")
CHAIN_NAMES = {"butyrate_mM": "gut butyrate", "barrier_integrity": "gut barrier", "plasma_lps_pg_per_ml": "endotoxin in blood",
               "crp_mg_per_l": "CRP (inflammation)", "il6_pg_per_ml": "IL-6 (inflammation)", "cortisol_nmol_per_l": "cortisol (stress)",
               "kyn_trp_ratio": "kynurenine / tryptophan", "serotonin_index": "brain serotonin", "vagal_tone": "vagus nerve signal"}


def person_figure(frame, day: int, last_day: int) -> bytes:
    """Mood and gut of one participant from screening (day -7) to ``day``; the x axis always spans the whole trial."""
    shown = frame[frame.day <= day]
    fig = Figure(figsize=(11.5, 6.4), dpi=72, constrained_layout=True)
    mood, gut = fig.subplots(2, 1, sharex=True)
    mood.plot(shown.day, shown.depression_hamd, color="#D55E00", lw=3, label="depression (HAM-D-17)")
    mood.plot(shown.day, shown.anxiety_hama, color="#0072B2", lw=2, ls="--", label="anxiety (HAM-A)")
    mood.set_ylim(0, max(30.0, float(frame.depression_hamd.max()) + 2, float(frame.anxiety_hama.max()) + 2))
    mood.set_ylabel("score (points)", fontsize=FONT)
    mood.set_title("This person's mood (lower is better)", fontsize=FONT + 2, loc="left")
    mood.legend(fontsize=FONT, loc="lower right", ncol=2)
    mood.axvline(0, color="#CC79A7", lw=1.5)
    mood.text(0, 1.0, " first capsule", transform=mood.get_xaxis_transform(), fontsize=FONT, color="#7a3f66", va="top")
    shares = shown[list(RESIDENT)].to_numpy(float)
    shares = shares / np.maximum(shares.sum(axis=1, keepdims=True), 1e-12)
    gut.stackplot(shown.day, shares.T, colors=[OKABE_ITO[g] for g in GUILDS], labels=[g.replace("_", " ") for g in GUILDS])
    gut.set_ylim(0, 1)
    gut.set_ylabel("share of resident bacteria", fontsize=FONT)
    gut.set_title("This person's gut bacteria (resident groups)", fontsize=FONT + 2, loc="left")
    gut.legend(fontsize=FONT, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    gut.set_xlabel("day of the trial (days; day 0 = first capsule)", fontsize=FONT)
    for ax in (mood, gut):
        ax.set_xlim(-7, last_day)
        ax.tick_params(labelsize=FONT)
    return png(fig)


def chain_now(frame, day: int) -> list[tuple[str, str]]:
    """The causal chain's values on ``day`` (name, value with unit) for the student's cards."""
    row = frame[frame.day <= day].iloc[-1]
    return [(CHAIN_NAMES[c], f"{row[c]:.2f} (scale 0-1)" if TIMESERIES[c].unit == "0-1" else f"{row[c]:.3g} {TIMESERIES[c].unit}")
            for c in CHAIN]


def class_figure(summary: dict, title: str) -> Figure:
    """Each finished student as a dot (end HAM-D, by arm), the arm means, and the running effect size."""
    fig = Figure(figsize=(11.5, 5.2), dpi=72, constrained_layout=True)
    dots, eff = fig.subplots(1, 2, width_ratios=[3, 2])
    labels = list(summary["arms"])
    rng = np.random.default_rng(0)  # display-only jitter
    for i, lab in enumerate(labels):
        ys = np.asarray(summary["arms"][lab]["final_hamd"], float)
        colour = ARM_COLOURS[i % len(ARM_COLOURS)]
        dots.scatter(i + rng.uniform(-0.18, 0.18, ys.size), ys, s=90, color=colour, edgecolor="black", zorder=3)
        if ys.size:
            dots.hlines(ys.mean(), i - 0.3, i + 0.3, color="black", lw=3)
    dots.set_xticks(range(len(labels)), [f"{lab}\n(n={len(summary['arms'][lab]['final_hamd'])})" for lab in labels], fontsize=FONT)
    dots.set_xlim(-0.6, len(labels) - 0.4)
    dots.set_ylabel("HAM-D-17 at the end (points)", fontsize=FONT)
    dots.set_title("One dot per student who finished (bar: arm mean)", fontsize=FONT + 2, loc="left")
    rows = list(summary["effects"].items())
    for y, (_name, e) in enumerate(rows):
        if np.isfinite(e["hedges_g"]):
            eff.errorbar(e["hedges_g"], y, xerr=[[e["hedges_g"] - e["ci_low"]], [e["ci_high"] - e["hedges_g"]]],
                         fmt="o", color="black", ms=10, capsize=6, lw=2)
        else:
            eff.text(0, y, "needs 2 per arm", ha="center", va="center", fontsize=FONT)
    eff.axvline(0, color="#999999", lw=1.5)
    eff.set_yticks(range(len(rows)), [name for name, _ in rows], fontsize=FONT)
    eff.set_ylim(-0.8, max(0.8, len(rows) - 0.2))
    eff.set_xlim(*effect_limits(rows))
    eff.set_xlabel("Hedges g of end HAM-D\n(left of 0: fewer symptoms)", fontsize=FONT)
    eff.set_title("Effect size with its 95% CI", fontsize=FONT + 2, loc="left")
    for ax in (dots, eff):
        ax.tick_params(labelsize=FONT)
    fig.suptitle(f"Class trial {title}: teaching model, not medical advice", fontsize=FONT)
    return fig


def effect_limits(rows) -> tuple[float, float]:
    """Symmetric x limits for the effect-size panel: at least +-2.5, widened in steps of 0.5 so that
    every finite CI (a class of a few students has wide ones) shows whole, caps included."""
    ends = [abs(v) for _name, e in rows for v in (e["ci_low"], e["ci_high"]) if np.isfinite(v)]
    half = max([2.5] + [np.ceil((v + 0.25) * 2) / 2 for v in ends])
    return -half, half


def class_png(summary: dict, title: str) -> bytes:
    return png(class_figure(summary, title))
