"""The Live tab's 'Over time' panels (bqplot, issue #15): the series, colours and axis labels with units
of the exported PNG, a tooltip naming the series, the day and the value with its unit, text at least
the dashboard's 16 px, and frames that move the marks' data instead of building new figures."""

from __future__ import annotations

import os
import re

os.environ.setdefault("SOLARA_CHECK_HOOKS", "off")

import bqplot  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from ipywidgets.widgets.widget import _instances  # noqa: E402  (every live widget, by model id)

from gutbrain_sim.app.figures import LINES, PANELS, RIGHT_LABELS, panels_png  # noqa: E402
from gutbrain_sim.app.live import LiveImages  # noqa: E402
from gutbrain_sim.app.live_plots import HOVER_POINTS, OverTime  # noqa: E402
from gutbrain_sim.app.session import PLOT_POINTS, Session  # noqa: E402
from gutbrain_sim.app.styles import BASE_CSS, PROJECTOR_CSS  # noqa: E402
from gutbrain_sim.params import GUILDS  # noqa: E402
from gutbrain_sim.plots import OKABE_ITO  # noqa: E402

UNIT = re.compile(r"\(.+\)")  # every label names its unit in brackets


@pytest.fixture(scope="module")
def session():
    return Session("probiotic_mdd_8w")


@pytest.fixture()
def images(session):
    images = LiveImages(session)
    yield images
    images.over_time().close()


def test_the_panels_have_the_exported_series_colours_and_axis_labels_with_units(session):
    over = OverTime(session.scenario())
    try:
        assert len(over.figures) == len(PANELS) == 8
        for i, (fig, (_title, ylabel)) in enumerate(zip(over.figures, PANELS, strict=True)):
            labels = [a.label for a in fig.axes]
            assert labels[0] == "time (days)" and labels[1] == ylabel and UNIT.search(ylabel), (i, labels)
            drawn = {tuple(m.labels): m.colors for m in fig.marks if isinstance(m, bqplot.Lines) and m.labels}
            for col, colour, label, side in LINES.get(i, []):
                assert drawn[(label,)] == [colour], (i, label)
                assert over.lines[col] in fig.marks and UNIT.search(label)
                if side:  # its own axis on the right, labelled in the line's colour
                    axis = [a for a in fig.axes if a.scale is over.lines[col].scales["y"]][0]
                    assert axis.side == "right" and axis.label_color == colour
                    assert axis.label == (RIGHT_LABELS.get(i, label) if side == 1 else label)
        assert over.stack.fill == "between" and over.stack.fill_colors[: len(GUILDS)] == [OKABE_ITO[g] for g in GUILDS][::-1]
    finally:
        over.close()


def test_every_series_has_a_tooltip_with_series_day_and_value_with_its_unit(session):
    over = OverTime(session.scenario())
    try:
        expected = {col for lines in LINES.values() for col, *_ in lines} | {f"abundance_{g}" for g in GUILDS}
        assert set(over.hover) == expected | {"abundance_probiotic_strain"}
        for col, points in over.hover.items():
            tip = points.tooltip
            assert tip.fields[0] == "x" and tip.labels[0] == "day"
            assert UNIT.search(tip.labels[1]), tip.labels
            assert tip.fields[1] == ("color" if col.startswith("abundance_") else "y")  # shares: the share, not the stack height
            assert any(points in fig.marks for fig in over.figures)
    finally:
        over.close()


def test_a_frame_moves_the_marks_data_and_creates_no_widget(session, images):
    over = images.over_time()
    figures, marks = list(over.figures), [list(f.marks) for f in over.figures]
    hamd = over.lines["depression_hamd"]
    n0 = len(hamd.x)
    session.step(30)
    before = set(_instances)
    assert images.over_time() is over
    assert set(_instances) == before  # no new Figure, mark, scale or axis: only new data
    assert over.figures == figures and [list(f.marks) for f in over.figures] == marks
    assert len(hamd.x) == n0 + 30 and hamd.x[-1] == pytest.approx(session.model.time_h / 24)
    assert hamd.y[-1] == pytest.approx(session.history.view()["depression_hamd"][-1], rel=1e-6)
    tops = np.asarray(over.stack.y)
    assert tops.shape == (len(GUILDS) + 1, len(hamd.x)) and np.allclose(tops[-1], 0)
    assert over.x.max >= hamd.x[-1]  # the time axis grew to the run
    # a long history: at most PLOT_POINTS drawn, HOVER_POINTS hoverable, per series
    session.step(24 * 30)
    images.over_time()
    assert len(hamd.x) <= PLOT_POINTS and len(over.hover["depression_hamd"].x) <= HOVER_POINTS
    assert over.x.max >= hamd.x[-1]


def test_a_new_run_gets_new_figures_and_the_old_ones_are_closed(images):
    old = images.over_time()
    old_ids = [f.model_id for f in old.figures]
    images.session.reset()
    new = images.over_time()
    assert new is not old
    images.session.step(1)
    images.over_time()  # the page has shown the new figures: the old ones go
    assert all(mid not in _instances for mid in old_ids)
    assert all(f.model_id in _instances for f in new.figures)


def test_panel_text_is_at_least_the_dashboards_16_px(session):
    for css in (BASE_CSS, PROJECTOR_CSS):  # bqplot's axis, tick and tooltip fonts follow --gb-text
        for var in ("--bq-axislabel-font", "--bq-axis-tick-text-font", "--bq-font"):
            assert f"{var}: var(--gb-text) sans-serif" in css
    assert "--gb-text: 16px" in BASE_CSS and "--gb-text: 22px" in PROJECTOR_CSS
    over = OverTime(session.scenario())
    try:
        texts = [m for f in over.figures for m in f.marks if isinstance(m, bqplot.Label)]
        assert texts and all(t.default_size >= 16 and t.font_unit == "px" for t in texts)
    finally:
        over.close()


def test_the_export_still_draws_the_panels_as_a_png(session):
    png = panels_png(session.scenario(), session.history.view())
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 50_000


def test_while_playing_only_the_lines_move_and_the_hover_points_catch_up_when_the_pointer_comes(session, images):
    import threading

    over = images.over_time()
    points, line = over.hover["tnf_pg_per_ml"], over.lines["tnf_pg_per_ml"]
    session.step(12)
    images.prepare(threading.Event())  # a played frame
    assert line.x[-1] == pytest.approx(session.model.time_h / 24) and points.x[-1] < line.x[-1]
    images.hover_ready()  # the pointer entered the panels: the hover points too
    assert points.x[-1] == pytest.approx(session.model.time_h / 24)
    assert points.y[-1] == pytest.approx(line.y[-1])


def test_the_pointer_entering_the_panels_on_the_page_brings_the_hover_points(monkeypatch):
    import threading

    import ipyvuetify as v
    import solara

    import gutbrain_sim.app.main as main

    made = []
    monkeypatch.setattr(main, "LiveImages", lambda s: made.append(LiveImages(s)) or made[-1])
    _, rc = solara.render(solara.AppLayout(children=[main.Page()]), handle_error=False)
    try:
        grid = rc.find(v.Html, class_="gb-over-time").widget
        tnf = [m for m in rc.find(bqplot.Figure).widgets[3].marks if isinstance(m, bqplot.Scatter)][0]
        assert tnf.tooltip.labels[1] == "TNF (pg/mL)" and len(tnf.x) == 1
        rc.find(v.Btn, children=["+1 day"]).widget.click()  # a Step at rest: lines and points
        assert len(tnf.x) == 25
        images = made[-1]
        images.session.step(6)
        images.prepare(threading.Event())  # a played frame: the lines only
        assert len(tnf.x) == 25 and len(images.over_time(hover=False).lines["tnf_pg_per_ml"].x) == 31
        grid.fire_event("mouseenter", {})  # the pointer comes: the points catch up
        assert len(tnf.x) == 31
    finally:
        rc.close()


def test_closing_a_runs_figures_closes_every_widget_they_made(session):
    before = set(_instances)
    over = OverTime(session.scenario())
    made = set(_instances) - before
    assert len(made) > 100  # 8 figures: marks, tooltips, axes, scales
    over.close()
    assert not made & set(_instances), f"{len(made & set(_instances))} widgets left open per run"
