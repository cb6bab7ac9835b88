"""Figures for sweeps: a heatmap over two parameters, Sobol indices (S1 and ST with 95%
confidence intervals) and Morris mu*/sigma screening. Units on every axis; colour-blind-safe
colours (Okabe-Ito for categories, cividis / PuOr for values)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from ..plots import OKABE_ITO  # noqa: E402

NOTE = "teaching model, not medical advice"
S1_COLOUR = OKABE_ITO["bacteroides"]  # blue
ST_COLOUR = OKABE_ITO["lactobacillus"]  # orange
POINT_COLOUR = OKABE_ITO["pathobionts"]  # vermilion


def _footer(fig, text: str) -> None:
    """A small note under the axes, kept clear of the x label."""
    fig.get_layout_engine().set(rect=(0, 0.045, 1, 0.955))
    fig.text(0.01, 0.01, text, fontsize=7, color="#555555")


def _fmt(v) -> str:
    if isinstance(v, float | np.floating):
        return f"{v:.3g}"
    return str(v)


def heatmap(frame, x: str, y: str, metric: str, *, x_unit: str = "", y_unit: str = "", unit: str = "",
            title: str | None = None):
    """Mean of ``metric`` over seeds (and any other swept parameters) for each (x, y) cell."""
    table = frame.groupby([y, x])[metric].mean().unstack(x)
    values = table.to_numpy(dtype=float)
    diverging = metric.endswith(":effect") or metric.endswith(":change")
    fig, ax = plt.subplots(figsize=(1.6 + 1.1 * values.shape[1], 1.6 + 0.8 * values.shape[0]), constrained_layout=True)
    if diverging:
        lim = float(np.nanmax(np.abs(values))) or 1.0
        im = ax.imshow(values, origin="lower", aspect="auto", cmap="PuOr_r", vmin=-lim, vmax=lim)
    else:
        im = ax.imshow(values, origin="lower", aspect="auto", cmap="cividis")
    mid = np.nanmean(values)
    for (i, j), v in np.ndenumerate(values):
        light = (v < mid) if not diverging else abs(v) > 0.6 * np.nanmax(np.abs(values))
        ax.text(j, i, f"{v:.3g}", ha="center", va="center", fontsize=9, color="white" if light else "black")
    ax.set_xticks(range(len(table.columns)), [_fmt(c) for c in table.columns])
    ax.set_yticks(range(len(table.index)), [_fmt(r) for r in table.index])
    ax.set_xlabel(f"{x} ({x_unit})" if x_unit else x)
    ax.set_ylabel(f"{y} ({y_unit})" if y_unit else y)
    bar = fig.colorbar(im, ax=ax)
    bar.set_label(f"{metric} ({unit})" if unit else metric)
    ax.set_title(title or metric, fontsize=10)
    _footer(fig, NOTE)
    return fig


def sobol_bars(indices, *, title: str | None = None, unit: str = ""):
    """First-order (S1) and total (ST) Sobol indices per parameter, with 95% CIs."""
    names = list(indices["parameter"])
    x = np.arange(len(names))
    fig, ax = plt.subplots(figsize=(2.0 + 1.3 * len(names), 4.2), constrained_layout=True)
    w = 0.38
    ax.bar(x - w / 2, indices["S1"], w, yerr=indices["S1_conf"], capsize=3, color=S1_COLOUR, label="S1 (first order)")
    ax.bar(x + w / 2, indices["ST"], w, yerr=indices["ST_conf"], capsize=3, color=ST_COLOUR, label="ST (total)")
    ax.axhline(0, color="black", lw=0.8)
    ax.set_xticks(x, names, rotation=20, ha="right")
    ax.set_ylabel("share of output variance (fraction, 0-1)")
    lows = np.concatenate([indices["S1"] - indices["S1_conf"], indices["ST"] - indices["ST_conf"]])
    highs = np.concatenate([indices["S1"] + indices["S1_conf"], indices["ST"] + indices["ST_conf"]])
    ax.set_ylim(min(-0.1, float(np.nanmin(lows)) - 0.05), max(1.05, float(np.nanmax(highs)) + 0.05))
    ax.legend(frameon=False)
    ax.set_title(title or "Sobol indices", fontsize=10)
    _footer(fig, f"bars: 95% CI (bootstrap); {NOTE}")
    return fig


def morris_scatter(indices, *, title: str | None = None, unit: str = ""):
    """Morris screening: mu* (mean absolute elementary effect) against sigma (its spread)."""
    fig, ax = plt.subplots(figsize=(6.0, 4.6), constrained_layout=True)
    mu, sigma, conf = (indices[c].to_numpy(dtype=float) for c in ("mu_star", "sigma", "mu_star_conf"))
    ax.errorbar(mu, sigma, xerr=conf, fmt="o", color=POINT_COLOUR, ecolor="#999999", capsize=3)
    for name, a, b in zip(indices["parameter"], mu, sigma, strict=True):
        ax.annotate(name, (a, b), textcoords="offset points", xytext=(5, 4), fontsize=8)
    top = float(max(np.nanmax(mu + conf), np.nanmax(sigma), 1e-12)) * 1.1
    ax.plot([0, top], [0, top], ls="--", lw=0.8, color="#555555", label="sigma = mu* (non-linear or interacting above)")
    ax.set_xlim(0, top)
    ax.set_ylim(0, top)
    u = f" ({unit} per full range)" if unit else ""
    ax.set_xlabel(f"mu*, mean |elementary effect|{u}")
    ax.set_ylabel(f"sigma, SD of elementary effects{u}")
    ax.legend(frameon=False, fontsize=8, loc="upper left")
    ax.set_title(title or "Morris screening", fontsize=10)
    _footer(fig, f"bars: 95% CI of mu*; {NOTE}")
    return fig
