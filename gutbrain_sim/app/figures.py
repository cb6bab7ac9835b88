"""The dashboard's pictures: the gut itself, the time-series panels and the what-if comparison.

The gut picture is drawn straight into pixels each frame; the 'Over time' panels are drawn live in
the browser by bqplot (``live_plots.py``) from the series declared here, and as a static matplotlib
figure for the export. Colours are Okabe-Ito; every axis names its unit; intervention windows are
shaded on every panel.
"""

from __future__ import annotations

import io

import numpy as np
from matplotlib.colors import LinearSegmentedColormap, ListedColormap
from matplotlib.figure import Figure

from ..gut.kinetics import F
from ..metrics import HAMA_BANDS, HAMD_BANDS, TIMESERIES
from ..params import GUILDS
from ..plots import BAND_COLOURS, OKABE_ITO, intervention_windows

GUT_FIELDS = ("fibre", "butyrate", "lps", "oxygen")
FIELD_LABELS = {"fibre": "fibre", "butyrate": "butyrate", "lps": "LPS (endotoxin)", "oxygen": "oxygen"}
GUILD_COLOURS = np.array([[int(OKABE_ITO[g][i:i + 2], 16) / 255 for i in (1, 3, 5)] + [1.0] for g in GUILDS])
PROBIOTIC_COLOUR = OKABE_ITO["probiotic_strain"]
INTEGRITY_CMAP = LinearSegmentedColormap.from_list("integrity", ["#D55E00", "#F0E442", "#009E73"])
FIELD_CMAP = ListedColormap(np.linspace([0.97, 0.97, 0.97], [0.55, 0.55, 0.62], 64))
WINDOW_COLOUR = "#CC79A7"
FONT = 16  # points at 72 dpi = pixels; the figures are drawn about as wide as they are shown, so >= 16 CSS px at 1280x800


def png(fig: Figure, dpi: int = 72) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    return buf.getvalue()


def _shade(ax, windows) -> None:
    for start, stop, _label in windows:
        ax.axvspan(start, stop, color=WINDOW_COLOUR, alpha=0.12, lw=0)
        ax.axvline(start, color=WINDOW_COLOUR, lw=0.8, alpha=0.6)


def _label_windows(ax, windows) -> None:
    for start, _stop, label in windows:
        ax.text(start, 1.0, f" {label.replace('_', ' ')}", transform=ax.get_xaxis_transform(), fontsize=FONT,
                color="#7a3f66", va="top", ha="left", clip_on=True)


def _jitter(n: int) -> tuple[np.ndarray, np.ndarray]:
    """A fixed display-only offset per colony slot, so the picture does not flicker."""
    rng = np.random.default_rng(12345)
    return rng.uniform(-0.35, 0.35, n), rng.uniform(-0.4, 0.4, n)


def _rgb(hex_colour: str) -> np.ndarray:
    return np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)], dtype=np.uint8)


GUILD_RGB = np.array([_rgb(OKABE_ITO[g]) for g in GUILDS], dtype=np.uint8)
INTEGRITY_LUT = (INTEGRITY_CMAP(np.linspace(0, 1, 256))[:, :3] * 255).astype(np.uint8)
FIELD_LUT = np.linspace([250, 250, 250], [120, 120, 140], 256).astype(np.uint8)


class GutPainter:
    """The colon opened flat, drawn straight into pixels (a few ms per frame).

    Top: the lumen (x along the colon, y from the mucosa at the bottom to the lumen centre at
    the top) with the chosen field as grey shading and one dot per colony coloured by guild;
    administered probiotic colonies are larger magenta squares with a black rim. Bottom strip:
    each barrier site coloured by its tight-junction integrity. Axes and legends are drawn by
    the page around the picture.
    """

    def __init__(self, length: int, width: int, px_per_cell: int | None = None):
        self.length, self.width = length, width
        self.px = px_per_cell or max(6, 800 // length)
        self.band = max(10, self.px)
        self.gap = 3
        self.jx, self.jy = _jitter(1)
        self.field_max = 1.0
        self.scales: dict[str, float] = {}  # field -> concentration drawn darkest (fixed at the field's first frame)

    @property
    def size(self) -> tuple[int, int]:
        return self.length * self.px, self.width * self.px + self.gap + self.band

    def pixels(self, model, field: str = "butyrate") -> np.ndarray:
        gut, px = model.gut, self.px
        w_px, h_px = self.size
        img = np.empty((h_px, w_px, 3), dtype=np.uint8)
        lumen_h = self.width * px
        data = gut.lumen.conc[F[field]].T[::-1]  # property layers are [x, y]: transpose; row 0 = lumen centre
        if field not in self.scales:  # fixed for this model: the shading means the same in every frame
            self.scales[field] = nice_ceiling(2.0 * float(np.percentile(data, 99)))
        self.field_max = self.scales[field]
        level = np.clip(data / self.field_max * 255, 0, 255).astype(np.uint8)
        img[:lumen_h] = np.repeat(np.repeat(FIELD_LUT[level], px, axis=0), px, axis=1)
        img[lumen_h:lumen_h + self.gap] = 0
        integ = np.clip(gut.epithelium.integrity * 255, 0, 255).astype(np.uint8)
        img[lumen_h + self.gap:] = np.repeat(INTEGRITY_LUT[integ], px, axis=0)[None, :, :]
        c = gut.colonies
        n = c.n
        if self.jx.size < n:
            self.jx, self.jy = _jitter(max(2 * n, 1024))
        cx = np.clip(c.x[:n] + self.jx[:n] * 0.3, 0, self.length - 1e-6) * px
        cy = (self.width - 1 - c.y[:n] + 0.5 + self.jy[:n]) * px
        cx = cx.astype(int)
        cy = np.clip(cy.astype(int), 1, lumen_h - 2)
        prob = c.probiotic[:n]
        colour = GUILD_RGB[c.guild[:n]]
        r = 1
        for dx in range(-r, r + 1):
            for dy in range(-r, r + 1):
                xs = np.clip(cx[~prob] + dx, 0, w_px - 1)
                img[cy[~prob] + dy, xs] = colour[~prob]
        if prob.any():
            for dx in range(-3, 4):
                for dy in range(-3, 4):
                    xs = np.clip(cx[prob] + dx, 0, w_px - 1)
                    ys = np.clip(cy[prob] + dy, 0, lumen_h - 1)
                    rim = max(abs(dx), abs(dy)) == 3
                    img[ys, xs] = (0, 0, 0) if rim else _rgb(PROBIOTIC_COLOUR)
        return img

    def draw(self, model, field: str = "butyrate") -> bytes:
        from PIL import Image

        buf = io.BytesIO()
        Image.fromarray(self.pixels(model, field)).save(buf, format="PNG", compress_level=1)
        return buf.getvalue()


# --------------------------------------------------------------------------- time series
PANELS = (
    ("Microbiome composition", "share of biomass (fraction)"),
    ("Diversity", "Shannon diversity (nats)"),
    ("Barrier and endotoxin in blood", "integrity (0-1)"),
    ("Inflammation", "cytokine (pg/mL)"),
    ("Stress hormone (HPA axis)", "cortisol (nmol/L)"),
    ("Tryptophan pathway", "tryptophan (uM)"),
    ("Brain signals", "index (x healthy)"),
    ("Mood (clinical scales)", "score (points)"),
)
LINES = {
    # panel: [(column, colour, label, axis 0 = left / 1 = right)]
    1: [("shannon_diversity", "#0072B2", "Shannon diversity (nats)", 0)],
    2: [("barrier_integrity", "#009E73", "barrier integrity (0-1)", 0), ("plasma_lps_pg_per_ml", "#D55E00", "plasma LPS (pg/mL)", 1)],
    3: [("tnf_pg_per_ml", "#D55E00", "TNF (pg/mL)", 0), ("il6_pg_per_ml", "#E69F00", "IL-6 (pg/mL)", 0),
        ("crp_mg_per_l", "#0072B2", "CRP (mg/L)", 1)],
    4: [("cortisol_nmol_per_l", "#56B4E9", "cortisol (nmol/L)", 0)],
    5: [("tryptophan_uM", "#009E73", "tryptophan (uM)", 0), ("kyn_trp_ratio", "#D55E00", "kynurenine/tryptophan (umol/mmol)", 1),
        ("serotonin_index", "#CC79A7", "serotonin index (x healthy)", 2)],
    6: [("bdnf_index", "#0072B2", "BDNF (x healthy)", 0), ("gaba_index", "#E69F00", "GABA (x healthy)", 0),
        ("vagal_tone", "#CC79A7", "vagal tone (x healthy)", 0)],
    7: [("depression_hamd", "#0072B2", "depression (HAM-D-17, 0-52)", 0), ("anxiety_hama", "#D55E00", "anxiety (HAM-A, 0-56)", 0)],
}
RIGHT_LABELS = {2: "plasma LPS (pg/mL)", 3: "CRP (mg/L)", 5: "kyn/trp (umol/mmol)"}


def nice_ceiling(x: float) -> float:
    """The next 1-2-5 number above x (axis limits that do not jitter)."""
    if x <= 0:
        return 1.0
    mag = 10.0 ** np.floor(np.log10(x))
    for m in (1.0, 2.0, 2.5, 5.0, 10.0):
        if m * mag >= x:
            return m * mag
    return 10 * mag


def y_tops(view: dict[str, np.ndarray]) -> dict[tuple[int, int], float]:
    """(panel, axis) -> the upper y limit that shows its lines (1-2-5 steps, fixed 0-1 for shares/integrity)."""
    tops: dict[tuple[int, int], float] = {}
    for panel, lines in LINES.items():
        for col, _colour, _label, side in lines:
            tops[(panel, side)] = max(tops.get((panel, side), 0.0), float(np.max(view[col], initial=0.0)))
    out = {key: nice_ceiling(top * 1.25) for key, top in tops.items()}
    out[(2, 0)] = 1.05  # barrier integrity (0-1)
    out[(7, 0)] = nice_ceiling(max(tops[(7, 0)], 28.0) * 1.25)  # the mood bands up to 'severe' stay in view
    return out


def panels_figure(scenario, view: dict[str, np.ndarray], ncols: int = 2) -> Figure:
    """The eight 'Over time' panels as a static matplotlib figure (the Export tab's PNG; the Live tab
    draws the same series with bqplot, ``live_plots.OverTime``)."""
    windows = intervention_windows(scenario)
    day = view["day"]
    xmax = max(float(day[-1]) if day.size else 0.0, 0.5)
    nrows = int(np.ceil(len(PANELS) / ncols))
    fig = Figure(figsize=(5.8 * ncols, 3.7 * nrows), dpi=72)
    axes = fig.subplots(nrows, ncols).ravel()
    fig.subplots_adjust(left=0.08, right=0.9, top=0.88, bottom=0.05, hspace=0.6, wspace=0.62)
    tops = y_tops(view)
    for i, (title, ylabel) in enumerate(PANELS):
        ax = axes[i]
        ax.set_title(title, fontsize=FONT + 2)
        ax.set_ylabel(ylabel, fontsize=FONT)
        ax.tick_params(labelsize=FONT)
        ax.set_xlabel("time (days)", fontsize=FONT, labelpad=1)
        ax.set_xlim(0, xmax)
        _shade(ax, windows)
        _label_windows(ax, windows)
        handles = []
        for col, colour, label, side in LINES.get(i, []):
            target = ax
            if side:
                target = ax.twinx()
                target.tick_params(labelsize=FONT)
                if side == 2:
                    target.spines.right.set_position(("axes", 1.2))
                target.set_ylabel(RIGHT_LABELS.get(i, label) if side == 1 else label, color=colour, fontsize=FONT)
            target.set_ylim(0, tops[(i, side)])
            handles += target.plot(day, view[col], color=colour, lw=1.4, label=label)
        if handles:
            ax.legend(handles=handles, loc="upper left", fontsize=FONT, framealpha=0.7)
    ax0 = axes[0]
    ax0.set_ylim(0, 1)
    ax0.stackplot(day, [view[f"abundance_{g}"] for g in GUILDS], colors=[OKABE_ITO[g] for g in GUILDS], alpha=0.9, zorder=1)
    (probiotic,) = ax0.plot(day, np.minimum(view["abundance_probiotic_strain"] * 100, 1.0), color="black", lw=1.2, ls="--",
                            label="probiotic strain x100")
    from matplotlib.patches import Patch

    handles = [Patch(color=OKABE_ITO[g], label=g.replace("_", " ")) for g in GUILDS]
    fig.legend(handles=[*handles, probiotic], loc="upper center", ncol=4, fontsize=FONT, frameon=False, title="composition:",
               title_fontsize=FONT, alignment="left", bbox_to_anchor=(0.5, 1.0))
    mood = axes[7]
    for (lo, hi, name), colour in zip(HAMD_BANDS, BAND_COLOURS, strict=True):
        mood.axhspan(lo, hi + 1 if hi < 52 else 52, color=colour, lw=0, zorder=0)
        mood.text(1.0, (lo + min(hi, 36)) / 2, f"HAM-D {name} ", transform=mood.get_yaxis_transform(), fontsize=FONT,
                  ha="right", va="center", color="#666666")
    mood.axhline(HAMA_BANDS[0][1], color="#D55E00", lw=0.6, ls=":")
    for ax in axes[len(PANELS):]:
        ax.set_visible(False)
    return fig


def panels_png(scenario, view: dict[str, np.ndarray], dpi: int = 110) -> bytes:
    """A full-quality PNG of the 'Over time' panels (the Export tab's download)."""
    return png(panels_figure(scenario, view), dpi)


# --------------------------------------------------------------------------- what-if
WHATIF_COLUMNS = ("depression_hamd", "anxiety_hama", "plasma_lps_pg_per_ml", "barrier_integrity",
                  "il6_pg_per_ml", "abundance_butyrate_producers")
WHATIF_TITLES = {"depression_hamd": "depression", "anxiety_hama": "anxiety", "plasma_lps_pg_per_ml": "endotoxin (LPS) in blood",
                 "barrier_integrity": "gut barrier integrity", "il6_pg_per_ml": "inflammation: IL-6 in blood",
                 "abundance_butyrate_producers": "butyrate producers' share"}


def whatif_figure(w, columns=WHATIF_COLUMNS, dpi: int = 72) -> bytes:
    """Side by side: each measure without and with the intervention, and the difference below."""
    fig = Figure(figsize=(13, 4.2 * len(columns) / 2), layout="constrained")
    axes = fig.subplots(len(columns), 2, sharex=True).T  # one row per measure: value | difference
    for j, col in enumerate(columns):
        unit = TIMESERIES[col].unit
        ax = axes[0, j]
        ax.plot(w.without["day"], w.without[col], color="#0072B2", lw=1.3, label="without")
        ax.plot(w.with_["day"], w.with_[col], color="#D55E00", lw=1.3, label=f"with {w.label.split(' from')[0]}")
        ax.set_title(f"{WHATIF_TITLES.get(col, TIMESERIES[col].description)} ({unit})", fontsize=FONT, loc="left")
        ax.set_ylabel(unit, fontsize=FONT)
        ax.tick_params(labelsize=FONT)
        if j == 0:
            ax.legend(fontsize=FONT)
        d = axes[1, j]
        diff = w.with_[col] - w.without[col]
        d.axhline(0, color="#999999", lw=0.8)
        d.fill_between(w.with_["day"], diff, 0, color="#CC79A7", alpha=0.6, lw=0)
        d.set_title(f"with - without ({unit})", fontsize=FONT, loc="left")
        d.tick_params(labelsize=FONT)
    for d in axes[:, -1]:
        d.set_xlabel("time (days)", fontsize=FONT)
    fig.suptitle(f"What if: {w.label} (same host, same seed and random streams)", fontsize=FONT + 2)
    return png(fig, dpi)
