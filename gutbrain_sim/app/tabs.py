"""The smaller tabs: What if (the same person with and without one intervention), Rules & evidence, Export."""

from __future__ import annotations

import solara

from ..core.errors import UserInputError
from .chain import active_rules
from .figures import panels_png, whatif_figure
from .outcomes import outcome_label
from .session import Session, one_line
from .settings_view import TOGGLE_TYPES
from .text import Md


@solara.component
def WhatIfView(session: Session, refresh, tick: int = 0):
    kind, set_kind = solara.use_state("probiotic")
    start, set_start = solara.use_state(7.0)
    days, set_days = solara.use_state(min(28.0, float(session.settings["duration_days"])))
    busy, set_busy = solara.use_state(False)

    def run():
        set_busy(True)
        try:
            session.run_whatif(kind, start, days)
        except UserInputError as exc:
            session.error = one_line(exc)
        finally:
            set_busy(False)
            refresh()

    Md(
        "### What if? The same person twice: without and with one intervention "
        "(same seed, same random streams, so the difference is the intervention)"
    )
    with solara.Row():
        solara.Select("Intervention", values=TOGGLE_TYPES, value=kind, on_value=set_kind)
        solara.InputFloat("starting on day", value=start, on_value=set_start)
        solara.InputFloat("days to run", value=days, on_value=set_days)
        solara.Button("Run both", color="primary", on_click=run, disabled=busy)
    w = session.whatif
    if w is not None:
        a, b = w.without["depression_hamd"][-1], w.with_["depression_hamd"][-1]
        Md(
            f"**{w.label}**, {w.days:g} days: {outcome_label(session.settings['host'], 'depression_hamd')} "
            f"at the end {a:.1f} without vs {b:.1f} with (difference {b - a:+.1f})"
        )
        solara.Image(whatif_figure(w), width="100%")


@solara.component
def RulesView(session: Session, frame: solara.Reactive[int], tick: int = 0):
    frame.value  # noqa: B018 - read: each played frame redraws this view
    Md("### What each active rule does right now, and the evidence behind it")
    for rule in active_rules(session.model):
        with solara.Card(style={"padding": "6px", "margin": "3px"}):
            Md(f"**{rule.title}**  \n{rule.now}  \n*Evidence:* {rule.evidence}")


@solara.component
def ExportView(session: Session, frame: solara.Reactive[int], tick: int = 0):
    frame.value  # noqa: B018 - read: each played frame redraws this view
    name = session.settings["name"]
    Md(
        "### Export this run\nThe scenario file holds every setting: `gutbrain run <file>` reproduces "
        "this run exactly (same seed, same numbers)."
    )
    Md(export_contents(session))
    solara.FileDownload(
        lambda: session.export_toml(),
        filename=f"{name}.toml",
        label="Scenario (TOML)",
        mime_type="application/toml",
    )
    solara.FileDownload(
        lambda: session.export_csv(),
        filename=f"{name}_timeseries.csv",
        label="Time series (CSV)",
        mime_type="text/csv",
    )
    solara.FileDownload(
        lambda: panels_png(session.scenario(), session.history.view()),
        filename=f"{name}_panels.png",
        label="Panels (PNG)",
        mime_type="image/png",
    )
    solara.Preformatted(session.export_toml())


def export_contents(session: Session) -> str:
    """What each download holds, now (and a hint when the run has not started)."""
    rows, day = session.history.n, session.model.time_h / 24
    text = (
        f"- **Scenario (TOML)**: every setting of this run.\n"
        f"- **Time series (CSV)**: one row per simulated hour, {rows} row{'s' if rows != 1 else ''} now "
        f"(day 0 to day {day:g}), one column per measure with its unit in the name.\n"
        f"- **Panels (PNG)**: the 'Over time' panels as they are now."
    )
    if session.model.time_h == 0:
        text += (
            "\n\n**The run is still at day 0**: the CSV would hold only the starting row. "
            "Press Play or +1 day on the left first."
        )
    return text
