"""The Live tab: the gut picture, the causal chain, the 'Over time' panels.

The figures are drawn by ``LiveImages``, once per model state, and the play thread draws each
frame's figures *before* it asks the page to render (outside the page's render lock): a render,
and so Pause, never waits behind a redraw. The gut is a PNG; the 'Over time' panels are bqplot
figures made once per run, whose marks get the new data (``live_plots.OverTime``).
"""

from __future__ import annotations

import threading
import time

import reacton.ipyvuetify as rv
import solara

from ..plots import OKABE_ITO
from .chain import PATHWAY_LABELS, chain_links, pathway_breakdown, unit_of
from .figures import FIELD_LABELS, GUT_FIELDS, PANELS, GutPainter
from .live_plots import OverTime
from .outcomes import outcome_label
from .session import Session
from .styles import TEXT
from .text import Md

PANELS_EVERY_S = 1.0  # while playing, the 'Over time' panels move at most this often (the gut and chain every frame)


class LiveImages:
    """The Live tab's figures of the session's model as it is now, each drawn at most once per state.

    ``want`` says which figures the page shows (the play thread draws only those); ``prepare`` draws
    them ahead of a render; ``gut``/``over_time`` return them (drawing only on a state not prepared).
    """

    def __init__(self, session: Session):
        self.session = session
        self.field: str | None = "butyrate"  # the gut field shown, None: the gut is not shown
        self.show_panels = True
        self._painter: tuple[int, GutPainter] | None = None
        self._over: tuple[int, OverTime] | None = None
        self._over_state: tuple | None = None  # the model state the 'Over time' lines show
        self._hover_state: tuple | None = None  # ... and their hover points
        self._retired: list[OverTime] = []  # a previous run's figures, closed once the page shows the new ones
        self._cache: tuple[tuple, bytes] | None = None
        self.clock = time.monotonic
        self._panels_due = 0.0  # the clock time from which a played frame may move the panels again
        # one figure drawn at a time
        self._lock = threading.Lock()

    def want(self, field: str | None, panels: bool) -> None:
        self.field, self.show_panels = field, panels

    def painter(self) -> GutPainter:
        s = self.session
        if self._painter is None or self._painter[0] != s.generation:
            with s.lock:
                self._painter = (s.generation, GutPainter(s.model.gut.length, s.model.gut.width))
        return self._painter[1]

    def gut(self, field: str) -> bytes:
        with self._lock, self.session.lock:  # the model stands still while it is drawn
            s = self.session
            key = (s.generation, s.model.time_h, field)
            if self._cache is None or self._cache[0] != key:
                self._cache = (key, self.painter().draw(s.model, field))
            return self._cache[1]

    def over_time(self, hover: bool = True) -> OverTime:
        """The run's 'Over time' figures, their marks brought to the model's state (once per state);
        ``hover=False`` (while playing): the lines only, not the hover points."""
        with self._lock, self.session.lock:
            s = self.session
            if self._over is None or self._over[0] != s.generation:
                if self._over is not None:
                    self._retired.append(self._over[1])
                self._over, self._over_state, self._hover_state = (s.generation, OverTime(s.scenario())), None, None
            state, over = (s.generation, s.model.time_h), self._over[1]
            if self._over_state != state:
                if self._over_state is not None:
                    while self._retired:
                        self._retired.pop().close()
                over.update(s.history.view())
                self._over_state = state
            if hover and self._hover_state != state:
                over.update_hover(s.history.view())
                self._hover_state = state
            return over

    def prepare(self, stop: threading.Event | None = None) -> None:
        """Draw the shown figures of the current state; a set ``stop`` (Pause) skips the rest. The
        'Over time' lines move at most every ``PANELS_EVERY_S`` while playing: the browser redraws
        eight SVG figures for each update, and a busy machine's browser fell seconds behind (Pause
        then showed late)."""
        field = self.field
        if field is not None and not (stop is not None and stop.is_set()):
            self.gut(field)
        if self.show_panels and not (stop is not None and stop.is_set()) and self.clock() >= self._panels_due:
            self.over_time(hover=False)
            self._panels_due = self.clock() + PANELS_EVERY_S

    def hover_ready(self, *_event) -> None:
        """The pointer entered the panels: their hover points catch up with the lines (sent only
        then: sent at every frame, or at once at Pause, they held up the browser's Pause by 0.5 s)."""
        if self.show_panels:
            self.over_time()


@solara.component
def GutView(images: LiveImages, field: str, set_field, frame: solara.Reactive[int], tick: int = 0):
    frame.value  # noqa: B018 - read: each played frame redraws this view (and not the whole page)
    image = images.gut(field)
    painter = images.painter()
    Md("### The gut, opened flat")
    solara.ToggleButtonsSingle(value=field, values=list(GUT_FIELDS), on_value=set_field)
    legend = " ".join(
        f'<span style="color:{OKABE_ITO[g]}">&#9632;</span> {g.replace("_", " ")}'
        for g in OKABE_ITO
        if g not in ("other", "probiotic_strain")
    )
    solara.HTML(
        tag="div",
        unsafe_innerHTML=(
            f'{legend} <span style="color:{OKABE_ITO["probiotic_strain"]}">&#9724;</span> administered probiotic strain (black rim)'
            f"<br/>grey shading: {FIELD_LABELS[field]} ({_field_unit(field)}), darker = more, darkest = {painter.field_max:.3g} or more (fixed scale); "
            'bottom strip: barrier sites, <span style="color:#009E73">green = sealed</span>, '
            '<span style="color:#D55E00">orange = leaky</span>. Left = start of the colon, right = end; '
            "bottom = gut wall, top = centre of the gut."
        ),
        style=TEXT,
    )
    solara.Image(image, width="100%")


def _field_unit(field: str) -> str:
    from ..gut.kinetics import FIELD_UNITS

    return FIELD_UNITS[field]


@solara.component
def ChainView(session: Session, frame: solara.Reactive[int], tick: int = 0):
    frame.value  # noqa: B018 - read: each played frame redraws this view
    links = chain_links(session.model)
    Md(
        "### The causal chain now (gut -> barrier -> blood -> immune -> HPA / tryptophan -> brain -> back to gut)"
    )
    with solara.Row(gap="6px", style={"flex-wrap": "wrap"}):
        for i, link in enumerate(links):
            bad = link.strength > 0.02
            colour = "#D55E00" if bad else ("#009E73" if link.strength < -0.02 else "#999999")
            width = min(100, abs(link.strength) * 25)
            with solara.Card(
                style={
                    "width": "var(--gb-card, 250px)",
                    "padding": "6px",
                    "border-top": f"4px solid {colour}",
                }
            ):
                solara.HTML(
                    tag="div",
                    unsafe_innerHTML=(
                        f"<b>{i + 1}. {link.title}</b><br/><span class='gb-value'>{link.value}</span><br/>"
                        f"<i>{link.push}</i><div title='{link.unit}' style='background:{colour};height:6px;width:{width:.0f}%'></div>"
                    ),
                    style=TEXT,
                    classes=[f"gb-link-{link.key}"],
                )
    parts = pathway_breakdown(session.model)
    scale = max(1.0, max(abs(x) for _, x in parts))
    rows = []
    for name, pts in parts:
        colour = "#D55E00" if pts > 0 else "#0072B2"
        w = abs(pts) / scale * 45
        bar = (
            "<div style='display:inline-block;width:45%;text-align:right'>"
            + (
                f"<span style='display:inline-block;background:{colour};height:10px;width:{w / 45 * 100:.0f}%'></span>"
                if pts < 0
                else ""
            )
            + "</div>|<div style='display:inline-block;width:45%'>"
            + (
                f"<span style='display:inline-block;background:{colour};height:10px;width:{w / 45 * 100:.0f}%'></span>"
                if pts >= 0
                else ""
            )
            + "</div>"
        )
        rows.append(
            f"<tr><td>{PATHWAY_LABELS[name]}</td><td style='text-align:right'>{pts:+.2f}</td><td style='width:50%'>{bar}</td></tr>"
        )
    Md(
        f"**Where the mood change comes from now** ({unit_of(session.model)} added to the "
        f"{outcome_label(session.settings['host'], 'depression_hamd')} target; negative = protects)"
    )
    solara.HTML(
        tag="table",
        unsafe_innerHTML="".join(rows),
        style={**TEXT, "width": "100%"},
        classes=["gb-pathways"],
    )


@solara.component
def PanelsView(images: LiveImages, tick: int = 0):
    # not redrawn per played frame: the play thread moves the figures' data itself (``prepare``)
    over = images.over_time()
    Md("### Over time (shaded: intervention windows; rest the pointer on a line to read its value)")
    panels = [  # the figures: the run's own widgets (their data moves without a render)
        solara.Div(classes=["gb-panel"], children=[solara.HTML(tag="div", unsafe_innerHTML=_legend_html(title, legend), style=TEXT), figure])
        for (title, _ylabel), legend, figure in zip(PANELS, over.legends, over.figures, strict=True)
    ]
    grid = rv.Html(tag="div", class_="gb-over-time", style_=PANEL_GRID, children=panels)
    rv.use_event(grid, "mouseenter", images.hover_ready)


PANEL_GRID = "display: grid; grid-template-columns: repeat(auto-fill, minmax(620px, 1fr)); gap: 8px"


def _legend_html(title: str, legend: list[tuple[str, str, bool]]) -> str:
    keys = " ".join(
        f'<span style="white-space:nowrap"><span style="color:{colour}">{"&#9476;" if dashed else "&#9644;"}</span> {label}</span>'
        for colour, label, dashed in legend
    )
    return f"<b>{title}</b><br/>{keys}"
