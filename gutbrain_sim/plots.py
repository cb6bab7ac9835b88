"""Figures for a projector: the multi-panel overview of one run.

Colours are the Okabe-Ito colour-blind-safe palette; every axis carries its unit.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from .metrics import HAMD_BANDS  # noqa: E402
from .params import GUILDS  # noqa: E402

OKABE_ITO = {
    "lactobacillus": "#E69F00", "bifidobacterium": "#56B4E9", "butyrate_producers": "#009E73",
    "bacteroides": "#0072B2", "pathobionts": "#D55E00", "probiotic_strain": "#CC79A7", "other": "#999999",
}
BAND_COLOURS = ("#ffffff", "#fff4d6", "#ffe2b8", "#ffcaca")
# text sizes of the overview (points): readable when the PNG is projected (13 x 10 in figure)
BASE_PT, LEGEND_PT, TITLE_PT = 13, 11, 16


def shade_windows(ax, windows) -> None:
    for start, stop, _label in windows:
        ax.axvspan(start, stop, color="#CC79A7", alpha=0.10, lw=0)


def intervention_windows(scenario) -> list[tuple[float, float, str]]:
    out = []
    for iv in scenario.interventions:
        stop = iv.stop_day if np.isfinite(iv.stop_day) else scenario.duration_days
        if iv.SINGLE_EVENT:
            stop = iv.start_day + 0.25
        out.append((iv.start_day, min(stop, scenario.duration_days), iv.TYPE))
    return out


def overview_figure(df, scenario, title: str | None = None):
    """Composition, barrier and LPS, cytokines, cortisol, tryptophan/BDNF/GABA, mood."""
    with plt.rc_context({"font.size": BASE_PT, "axes.titlesize": BASE_PT + 1, "axes.labelsize": BASE_PT}):
        return _overview(df, scenario, title)


def _overview(df, scenario, title):
    fig, axes = plt.subplots(3, 2, figsize=(13, 10), sharex=True, constrained_layout=True)
    day = df["day"].to_numpy()
    windows = intervention_windows(scenario)
    ax = axes[0, 0]
    shares = [df[f"abundance_{g}"].to_numpy() for g in GUILDS]
    ax.stackplot(day, shares, colors=[OKABE_ITO[g] for g in GUILDS], labels=[g.replace("_", " ") for g in GUILDS], alpha=0.9)
    if df["abundance_probiotic_strain"].max() > 0:
        ax.plot(day, df["abundance_probiotic_strain"] * 100, color=OKABE_ITO["probiotic_strain"], lw=2, label="probiotic strain x100")
    ax.set_ylim(0, 1)
    ax.set_ylabel("share of bacterial biomass (fraction)")
    ax.set_title("Microbiome composition")
    ax.legend(loc="lower left", fontsize=LEGEND_PT, ncol=2, framealpha=0.8)

    ax = axes[0, 1]
    ax.plot(day, df["barrier_integrity"], color="#009E73", label="barrier integrity (0-1)")
    ax.set_ylabel("tight-junction integrity (0-1)")
    ax.set_ylim(0, 1.05)
    ax2 = ax.twinx()
    ax2.plot(day, df["plasma_lps_pg_per_ml"], color="#D55E00", label="plasma LPS (pg/mL)")
    ax2.set_ylabel("plasma LPS (pg/mL)", color="#D55E00")
    ax.set_title("Barrier ('leaky gut') and endotoxin in blood")
    ax.legend(loc="lower left", fontsize=LEGEND_PT)

    ax = axes[1, 0]
    ax.plot(day, df["tnf_pg_per_ml"], color="#D55E00", label="TNF (pg/mL)")
    ax.plot(day, df["il6_pg_per_ml"], color="#E69F00", label="IL-6 (pg/mL)")
    ax.set_ylabel("cytokine (pg/mL)")
    ax2 = ax.twinx()
    ax2.plot(day, df["crp_mg_per_l"], color="#0072B2", ls="--", label="CRP (mg/L)")
    ax2.set_ylabel("CRP (mg/L)", color="#0072B2")
    ax.set_title("Inflammation")
    ax.legend(loc="upper left", fontsize=LEGEND_PT)

    ax = axes[1, 1]
    ax.plot(day, df["cortisol_nmol_per_l"], color="#56B4E9", lw=0.8, label="cortisol (nmol/L)")
    daily = df.groupby(df["day"].astype(int))["cortisol_nmol_per_l"].mean()
    ax.plot(daily.index + 0.5, daily.to_numpy(), color="#0072B2", lw=2, label="daily mean")
    ax.set_ylabel("cortisol (nmol/L)")
    ax.set_title("Stress hormone (HPA axis)")
    ax.legend(loc="upper left", fontsize=LEGEND_PT)

    ax = axes[2, 0]
    for col, colour in (("serotonin_index", "#009E73"), ("bdnf_index", "#0072B2"), ("gaba_index", "#E69F00"), ("vagal_tone", "#CC79A7")):
        ax.plot(day, df[col], color=colour, label=col.replace("_", " ") + " (x healthy)")
    ax.axhline(1.0, color="#999999", lw=0.8, ls=":")
    ax.set_ylabel("index (1 = healthy reference)")
    ax.set_title("Brain signals: serotonin, BDNF, GABA, vagus")
    ax.legend(loc="upper left", fontsize=LEGEND_PT, ncol=2)
    ax.set_xlabel("time (days)")

    ax = axes[2, 1]
    for (lo, hi, name), colour in zip(HAMD_BANDS, BAND_COLOURS, strict=True):
        ax.axhspan(lo, hi + 1, color=colour, lw=0, zorder=0)  # integer scores: "0-7" covers [0, 8), no white gaps
        ax.text(day[-1], (lo + min(hi, 40)) / 2, f" {name}", fontsize=LEGEND_PT - 1, va="center", ha="right", color="#666666")
    ax.plot(day, df["depression_hamd"], color="#0072B2", label="depression (HAM-D-17, 0-52)")
    ax.plot(day, df["anxiety_hama"], color="#D55E00", label="anxiety (HAM-A, 0-56)")
    ax.set_ylim(0, max(40.0, float(df[["depression_hamd", "anxiety_hama"]].max().max()) + 2))
    ax.set_ylabel("score (points)")
    ax.set_title("Mood (shading: HAM-D severity bands)")
    ax.legend(loc="upper left", fontsize=LEGEND_PT)
    ax.set_xlabel("time (days)")

    for a in axes.ravel():
        shade_windows(a, windows)
    for a in fig.axes:  # twin axes too; ticks are made at draw time, after the rc context
        a.tick_params(labelsize=BASE_PT - 1)
    fig.suptitle(title or f"{scenario.name}: {scenario.host} host, seed {scenario.seed}  (teaching model, not medical advice)", fontsize=TITLE_PT)
    return fig
