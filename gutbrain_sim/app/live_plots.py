"""The Live tab's 'Over time' panels, drawn in the browser by bqplot: crisp text at any zoom, and a
tooltip with the series, the day and the value with its unit wherever the pointer rests on a line.

``OverTime`` builds the eight figures once per run (the series, colours and axis labels of
``figures.PANELS``/``LINES``, the same as the exported PNG); each frame ``update`` only moves the
marks' data and, when the run outgrows them, the scales' limits: no widget is created after the
first frame. Each series is a line (drawn) plus a thinner set of invisible points on top of it
(hovered: a line's own tooltip cannot tell where along it the pointer is), which ``update_hover``
moves only at rest (after Pause, Step, a change), not in every played frame.
"""

from __future__ import annotations

import numpy as np
from bqplot import Axis, Figure, Label, LinearScale, Lines, Scatter, Tooltip

from ..metrics import HAMA_BANDS, HAMD_BANDS
from ..params import GUILDS
from ..plots import BAND_COLOURS, OKABE_ITO, intervention_windows
from .figures import LINES, PANELS, RIGHT_LABELS, WINDOW_COLOUR, nice_ceiling

HOVER_POINTS = 120  # hoverable points per series (~one per 5 px of a panel)
MOOD_TOP_MIN = 28.0  # the mood axis shows at least the HAM-D bands up to 'severe' (points)
DAY_FORMAT = ".2f"
TICKS = "~g"  # 100, 0.5 (not 1e+2)


def _thin(n: int, max_points: int) -> np.ndarray | slice:
    if n <= max_points:
        return slice(0, n)
    return np.unique(np.linspace(0, n - 1, max_points).round().astype(int))


def _f32(a) -> np.ndarray:
    return np.asarray(a, dtype=np.float32)  # half the bytes to the page; plenty for a plot


class OverTime:
    """Eight bqplot figures of one run; ``update(view)`` moves the data of the existing marks."""

    def __init__(self, scenario):
        self.duration = float(scenario.duration_days)
        self.xmax = max(min(self.duration, 7.0), 0.5)
        self.x = LinearScale(min=0.0, max=self.xmax, allow_padding=False)
        # window shading and band labels: the plot's full height / width
        self.unit = LinearScale(min=0.0, max=1.0, allow_padding=False)
        self.lines: dict[str, Lines] = {}  # column -> its line
        self.hover: dict[str, Scatter] = {}  # column -> its hoverable points
        self.yscale: dict[tuple[int, int], LinearScale] = {}  # (panel, axis 0 left / 1, 2 right) -> scale
        self.figures: list[Figure] = []
        self.legends: list[list[tuple[str, str, bool]]] = []  # per panel: (colour, label, dashed)
        self.bands: list[tuple[Lines, float, float]] = []  # the mood panel's HAM-D bands: (mark, low, high)
        windows = intervention_windows(scenario)
        for i, (_title, ylabel) in enumerate(PANELS):
            marks, axes, legend = self._windows(windows), [], []
            left = self._scale(i, 0, 1.05 if i == 2 else 1.0)  # composition 0-1, barrier 0-1.05
            axes.append(Axis(scale=self.x, label="time (days)", label_offset="40px"))
            axes.append(Axis(scale=left, side="left", label=ylabel, label_offset="58px", tick_format=TICKS))
            if i == 0:
                marks += self._composition(legend)
            if i == 7:
                marks += self._mood_bands()
            for col, colour, label, side in LINES.get(i, []):
                scale = left if side == 0 else self._scale(i, side, 1.0)
                if side and not any(a.scale is scale for a in axes):
                    axes.append(Axis(scale=scale, side="right",
                                     label=RIGHT_LABELS.get(i, label) if side == 1 else label, label_color=colour,
                                     label_offset="50px", tick_format=TICKS))
                marks.append(self._line(col, colour, label, scale))
                legend.append((colour, label + (" (right axis)" if side else ""), False))
            marks += [self.hover[c] for c, *_ in LINES.get(i, [])] + (self._composition_hover() if i == 0 else [])
            sides = max((s for *_, s in LINES.get(i, [])), default=0)  # right axes: room for them
            fig = Figure(marks=marks, axes=axes, animation_duration=0, padding_y=0.0, display_toolbar=False,
                         auto_layout=sides == 2,  # a third y axis: bqplot's layout puts it beside the second
                         background_style={"fill": "white"}, layout={"width": "100%", "height": "330px"},
                         fig_margin={"top": 12, "bottom": 52, "left": 82, "right": (25, 90, 240)[sides]})
            self.figures.append(fig)
            self.legends.append(legend)

    # ------------------------------------------------------------------ building
    def _scale(self, panel: int, side: int, top: float) -> LinearScale:
        if (panel, side) not in self.yscale:
            self.yscale[(panel, side)] = LinearScale(min=0.0, max=top, allow_padding=False)
        return self.yscale[(panel, side)]

    def _windows(self, windows) -> list:
        marks = []
        for start, stop, label in windows:
            marks.append(Lines(x=[start, start, stop, stop], y=[0, 1, 1, 0], scales={"x": self.x, "y": self.unit},
                               fill="inside", fill_colors=[WINDOW_COLOUR], fill_opacities=[0.12], colors=[WINDOW_COLOUR],
                               opacities=[0.6], stroke_width=0.8, enable_hover=False, interactions={}))
            marks.append(Label(x=[start], y=[0.97], text=[f" {label.replace('_', ' ')}"], scales={"x": self.x, "y": self.unit},
                               colors=["#7a3f66"], default_size=16, font_unit="px", align="start", y_offset=12,
                               enable_hover=False, interactions={}))
        return marks

    def _line(self, col: str, colour: str, label: str, scale: LinearScale, dashed: bool = False,
              tip: tuple[str, str] | None = None) -> Lines:
        """The line of ``col`` and its hover points (``tip``: their label and field, if not the line's)."""
        line = Lines(x=[], y=[], scales={"x": self.x, "y": scale}, colors=[colour], stroke_width=2, labels=[label],
                     line_style="dashed" if dashed else "solid", enable_hover=False, interactions={})
        self.lines[col] = line
        self.hover[col] = self._points(colour, *(tip or (label, "y")), scale)
        return line

    def _points(self, colour: str, label: str, field: str, scale: LinearScale) -> Scatter:
        tip = Tooltip(fields=["x", field], labels=["day", label], formats=[DAY_FORMAT, ".3~g"])
        return Scatter(x=[], y=[], scales={"x": self.x, "y": scale}, colors=[colour], opacities=[0.0], default_size=90,
                       stroke=None, tooltip=tip, hovered_style={"opacity": 1.0}, unhovered_style={})

    def _composition(self, legend) -> list:
        scale = self.yscale[(0, 0)]
        colours = [OKABE_ITO[g] for g in GUILDS]
        # rows: the cumulative shares from the top down, then 0; band k (between rows k and k+1) is the
        # k-th guild from the last
        self.stack = Lines(x=[], y=[], scales={"x": self.x, "y": scale}, fill="between", colors=[*colours[::-1], "#000000"],
                           fill_colors=[*colours[::-1], "#000000"], fill_opacities=[0.9] * (len(GUILDS) + 1), stroke_width=0.5,
                           enable_hover=False, interactions={})
        for g in GUILDS:
            legend.append((OKABE_ITO[g], g.replace("_", " "), False))
        legend.append(("#000000", "probiotic strain x100", True))
        # the dashed line is the share x100; its box gives the share itself
        probiotic = self._line("abundance_probiotic_strain", "#000000", "probiotic strain x100", scale, dashed=True,
                               tip=("probiotic strain, share of biomass (fraction)", "color"))
        return [self.stack, probiotic]

    def _composition_hover(self) -> list:
        scale = self.yscale[(0, 0)]
        for g in GUILDS:
            self.hover[f"abundance_{g}"] = self._points(
                OKABE_ITO[g], f"{g.replace('_', ' ')}, share of biomass (fraction)", "color", scale)
        return [self.hover[f"abundance_{g}"] for g in GUILDS] + [self.hover["abundance_probiotic_strain"]]

    def _mood_bands(self) -> list:
        scale = self.yscale[(7, 0)]
        marks = []
        for (lo, hi, name), colour in zip(HAMD_BANDS, BAND_COLOURS, strict=True):
            band = Lines(x=[0, 0, 1, 1], y=[lo, hi + 1, hi + 1, lo], scales={"x": self.unit, "y": scale}, fill="inside",
                         fill_colors=[colour], fill_opacities=[1.0], colors=[colour], stroke_width=0, enable_hover=False,
                         interactions={})
            self.bands.append((band, lo, hi + 1))
            marks.append(band)
            marks.append(Label(x=[1.0], y=[(lo + min(hi, 36)) / 2], text=[f"HAM-D {name} "], scales={"x": self.unit, "y": scale},
                               colors=["#666666"], default_size=16, font_unit="px", align="end", enable_hover=False,
                               interactions={}))
        threshold = HAMA_BANDS[0][1]
        marks.append(Lines(x=[0, 1], y=[threshold, threshold], scales={"x": self.unit, "y": scale}, colors=["#D55E00"],
                           stroke_width=1, line_style="dotted", enable_hover=False, interactions={}))
        return marks

    # ------------------------------------------------------------------ each frame
    def update(self, view: dict[str, np.ndarray]) -> None:
        """Bring the lines and axes to ``view`` (the thinned history): new data, no new widgets."""
        day = view["day"]
        now = float(day[-1]) if day.size else 0.0
        while now > self.xmax and self.xmax < self.duration:
            self.xmax = min(self.xmax * 2, self.duration)
            self.x.max = self.xmax
        self._fit_y(view)
        x = _f32(day)
        shares = np.array([view[f"abundance_{g}"] for g in GUILDS])
        with self.stack.hold_sync():
            self.stack.x = x
            self.stack.y = _f32(np.vstack([np.cumsum(shares, axis=0)[::-1], np.zeros_like(day)]))
        for col, line in self.lines.items():
            with line.hold_sync():
                line.x, line.y = x, _f32(self._drawn(view, col))

    def update_hover(self, view: dict[str, np.ndarray]) -> None:
        """The hover points of ``view`` (at rest only: while playing, nobody hovers)."""
        few = _thin(view["day"].size, HOVER_POINTS)
        x = _f32(view["day"][few])
        shares = np.array([view[f"abundance_{g}"][few] for g in GUILDS])
        middles = np.cumsum(shares, axis=0) - shares / 2  # the middle of each guild's band
        for k, g in enumerate(GUILDS):
            points = self.hover[f"abundance_{g}"]
            with points.hold_sync():
                points.x, points.y, points.color = x, _f32(middles[k]), _f32(shares[k])
        for col in self.lines:
            points = self.hover[col]
            with points.hold_sync():
                points.x, points.y = x, _f32(self._drawn(view, col)[few])
                if col == "abundance_probiotic_strain":  # the dashed line is x100: the box gives the share
                    points.color = _f32(view[col][few])

    @staticmethod
    def _drawn(view: dict[str, np.ndarray], col: str) -> np.ndarray:
        if col == "abundance_probiotic_strain":
            return np.minimum(view[col] * 100, 1.0)
        return view[col]

    def _fit_y(self, view: dict[str, np.ndarray]) -> None:
        """Grow (or shrink) a y axis only when a line leaves it or fills under a third of it: limits that do not jitter."""
        tops: dict[tuple[int, int], float] = {}
        for panel, lines in LINES.items():
            for col, _c, _l, side in lines:
                if (panel, side) != (2, 0):  # barrier integrity: fixed 0-1
                    tops[(panel, side)] = max(tops.get((panel, side), 0.0), float(np.max(view[col], initial=0.0)))
        tops[(7, 0)] = max(tops[(7, 0)], MOOD_TOP_MIN)
        for key, top in tops.items():
            scale = self.yscale[key]
            if top > scale.max or top < 0.3 * scale.max:
                scale.max = nice_ceiling(top * 1.25)
                if key == (7, 0):
                    for band, lo, hi in self.bands:
                        band.y = [lo, min(hi, scale.max), min(hi, scale.max), lo]

    def close(self) -> None:
        """Close every widget of these figures (a new run gets new ones)."""
        for fig in self.figures:
            tips = [m.tooltip for m in fig.marks if getattr(m, "tooltip", None)]
            for part in [*fig.marks, *fig.axes, *tips, *(t.layout for t in tips), fig.scale_x, fig.scale_y, fig.layout]:
                part.close()
            fig.close()
        for scale in [self.x, self.unit, *self.yscale.values()]:
            scale.close()
