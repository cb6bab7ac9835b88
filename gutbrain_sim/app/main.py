"""The dashboard page: controls, the gut picture, panels, causal chain, what-if, rules, trial, export.

Each browser tab gets its own ``Session`` (created in ``Page`` with ``use_memo``), so no
session sees another's model. Play runs in a per-session thread that advances several
simulated hours per frame and redraws.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import cast

import reacton.ipyvue as vue
import reacton.ipyvuetify as rv
import solara

from ..core.errors import UserInputError
from ..hosts import profile
from ..interventions import KNOCKOUT_LINKS, REGISTRY
from ..params import PARAMETERS
from ..plots import OKABE_ITO
from ..scenario import MAX_SCENARIO_BYTES
from .chain import PATHWAY_LABELS, active_rules, chain_links, pathway_breakdown, unit_of
from .figures import FIELD_LABELS, GUT_FIELDS, GutPainter, PanelsPainter, whatif_figure
from .file_zone import FileZone
from .outcomes import outcome_label
from .session import KNOCKOUT_LABELS, LOG, Session, host_names, one_line, slider_step
from .text import Md
from .trial_page import TrialPage

NOTE = ("Teaching model, not medical advice. It shows ideas, not predictions for any person. "
        "Probiotics are an add-on to standard care (therapy, antidepressants), never a replacement for it.")
SPEEDS = {"1 hour / frame": 1, "3 hours / frame": 3, "6 hours / frame": 6, "12 hours / frame": 12, "1 day / frame": 24}
DEFAULT_SPEED = "6 hours / frame"
GROUPS = sorted({s.group for s in PARAMETERS.values()})
TOGGLE_TYPES = [k for k in REGISTRY if k != "knockout"]
# Every text a class reads is at least 16 CSS px (--gb-text); the projector switch enlarges it further.
BASE_CSS = ":root { --gb-text: 16px; --gb-card: 250px; } .v-application { font-size: 16px; }"
PROJECTOR_CSS = (":root { --gb-text: 22px; --gb-card: 330px; } .v-application { font-size: 22px; } "
                 ".v-application .v-label, .v-application .v-select__selection, .v-application .v-btn { font-size: 20px; }")
TABS = ("Live", "Settings", "What if", "Rules & evidence", "Virtual trial", "Export")


def unexpected(session: Session, exc: BaseException, where: str) -> None:
    """A programming error: one line in this session (it goes on), the traceback in the server's log."""
    session.error = f"Unexpected error ({where}); the rest of the page still works: {one_line(exc)}"
    LOG.error("dashboard session, %s: %s", where, one_line(exc), exc_info=exc)


def guard(session: Session, refresh: Callable[[], None]) -> Callable[[Callable], Callable]:
    """``guarded(action)``: run the action; a UserInputError becomes the session's one-line error, any
    other error a one-line 'unexpected error' there (and a logged traceback); redraw."""

    def guarded(action: Callable) -> Callable:
        def run(*args):
            try:
                action(*args)
            except UserInputError as exc:
                session.error = one_line(exc)
            except Exception as exc:
                unexpected(session, exc, "a control")
            refresh()
        return run

    return guarded


def toggler(session: Session, playing: bool, set_playing) -> Callable[[], None]:
    """Play/Pause. Pause stops the play thread at once (before the page redraws), so the clock stands still."""

    def toggle():
        if playing:
            session.stop_play.set()
        else:
            session.stop_play.clear()
        set_playing(not playing)

    return toggle


def play_frames(session: Session, hours: int, cancel, refresh, set_playing) -> None:
    """The play loop: one frame = ``hours`` model hours, then wait until the page has drawn it.

    A frame the page cannot draw yet is never computed (so none queue up on a busy machine, and
    no thread changes state during every render pass); Pause (``session.stop_play``) is checked
    every model hour and while waiting.
    """
    def stopped() -> bool:
        return cancel.is_set() or session.stop_play.is_set()

    try:
        while not stopped():
            session.frame_drawn.clear()
            done = session.step(hours, stop=session.stop_play)
            if done == 0:
                if not stopped():  # the run ended (or the model failed): show Play again
                    set_playing(False)
                return
            refresh()
            while not session.frame_drawn.wait(0.05):
                if stopped():
                    return
            cancel.wait(0.03)  # let clicks in between frames
    except Exception as exc:  # never a traceback in place of the page
        unexpected(session, exc, "playing")
        with contextlib.suppress(Exception):  # the page may be gone; the session keeps its one-line error
            set_playing(False)
            refresh()


def draw_locked(session: Session, draw: Callable, *args):
    """A figure of the session's state. Views draw only when ``tick`` (or what they show) changed: a
    redraw for anything else (Pause, a tab's own controls) reuses the image, so Play/Pause answers at
    once on a busy machine instead of after one or two matplotlib redraws."""
    with session.lock:
        return draw(*args)


@solara.component
def SafeView(child: Callable, *args, **kwargs):
    """Render ``child(*args, **kwargs)``; if it raises, show one line instead (and log it), not a traceback."""
    error, clear = solara.use_exception()

    def log():
        if error is not None:
            LOG.error("dashboard view %s: %s", getattr(child, "__name__", child), one_line(error), exc_info=error)

    solara.use_effect(log, [error])  # once per error, not once per redraw
    if error is not None:
        with solara.Row():
            solara.Error(f"This panel could not be drawn ({one_line(error)}); the rest of the page still works.",
                         classes=["gb-view-error"])
            solara.Button("Try again", on_click=clear)
        return
    child(*args, **kwargs)


@solara.component
def TeachingNote():
    solara.Warning(NOTE, dense=True, icon=True)


@solara.component
def Controls(session: Session, refresh, playing: bool, set_playing, speed: str, set_speed, tick: int = 0):
    guarded = guard(session, refresh)

    def choose_scenario(name):
        session.stop_play.set()
        set_playing(False)
        guarded(session.load)(name)

    ScenarioPicker(session.scenario_items(), session.scenario_choice, choose_scenario)
    solara.Select("Host", values=host_names(), value=session.settings["host"],
                  on_value=guarded(lambda h: session.change(host=h)))
    with solara.Row():
        solara.InputInt("Seed", value=int(session.settings["seed"]), on_value=guarded(lambda s: session.change(seed=int(s))))
        solara.InputFloat("Duration (days)", value=float(session.settings["duration_days"]),
                          on_value=guarded(lambda d: session.change(duration_days=float(d))))
    solara.Text(session.clock(), classes=["gb-clock"], style={"font-size": "1.6em", "font-weight": "bold"})
    solara.Text(f"simulated time; run ends on day {session.settings['duration_days']:g}", style={"font-size": "var(--gb-text, 16px)"})
    with solara.Row(gap="4px", style={"flex-wrap": "wrap"}):
        solara.Button("Pause" if playing else "Play", color="primary", on_click=toggler(session, playing, set_playing),
                      classes=["gb-play"])
        solara.Button("Step", on_click=guarded(lambda: session.step(1)), disabled=playing)
        solara.Button("+1 day", on_click=guarded(lambda: session.step(24)), disabled=playing)
        solara.Button("Reset", on_click=guarded(lambda: (session.stop_play.set(), set_playing(False), session.reset())))
    solara.Select("Speed", values=list(SPEEDS), value=speed, on_value=set_speed)
    solara.Text("Changing any setting restarts the run from day 0.", style={"font-size": "var(--gb-text, 16px)"})
    Md("**Knock-out switches** (teaching experiments)")
    for link in KNOCKOUT_LINKS:
        solara.Switch(label=KNOCKOUT_LABELS[link], value=session.knockout_on(link),
                      on_value=guarded(lambda on, link=link: session.set_knockout(link, on)))


@solara.component
def ScenarioPicker(items: list[dict], choice: str, on_choose):
    """Every scenario, grouped by topic under headers, in a menu tall enough to show them all without scrolling."""
    return rv.Select(label="Scenario", items=items, v_model=choice, on_v_model=on_choose,
                     menu_props={"maxHeight": "90vh", "offsetY": True}, class_="gb-scenario-picker")


@solara.component
def GutView(session: Session, field: str, set_field, tick: int = 0):
    painter = solara.use_memo(lambda: GutPainter(session.model.gut.length, session.model.gut.width), [session.generation])
    image = solara.use_memo(lambda: draw_locked(session, painter.draw, session.model, field), [session.generation, tick, field])
    Md("### The gut, opened flat")
    solara.ToggleButtonsSingle(value=field, values=list(GUT_FIELDS), on_value=set_field)
    legend = " ".join(
        f'<span style="color:{OKABE_ITO[g]}">&#9632;</span> {g.replace("_", " ")}' for g in OKABE_ITO if g not in ("other", "probiotic_strain"))
    solara.HTML(tag="div", unsafe_innerHTML=(
        f'{legend} <span style="color:{OKABE_ITO["probiotic_strain"]}">&#9724;</span> administered probiotic strain (black rim)'
        f'<br/>grey shading: {FIELD_LABELS[field]} ({_field_unit(field)}), darker = more, darkest = {painter.field_max:.3g} or more (fixed scale); '
        'bottom strip: barrier sites, <span style="color:#009E73">green = sealed</span>, '
        '<span style="color:#D55E00">orange = leaky</span>. Left = start of the colon, right = end; '
        'bottom = gut wall, top = centre of the gut.'), style={"font-size": "var(--gb-text, 16px)"})
    solara.Image(image, width="100%")


def _field_unit(field: str) -> str:
    from ..gut.kinetics import FIELD_UNITS

    return FIELD_UNITS[field]


@solara.component
def ChainView(session: Session, tick: int = 0):
    links = chain_links(session.model)
    Md("### The causal chain now (gut -> barrier -> blood -> immune -> HPA / tryptophan -> brain -> back to gut)")
    with solara.Row(gap="6px", style={"flex-wrap": "wrap"}):
        for i, link in enumerate(links):
            bad = link.strength > 0.02
            colour = "#D55E00" if bad else ("#009E73" if link.strength < -0.02 else "#999999")
            width = min(100, abs(link.strength) * 25)
            with solara.Card(style={"width": "var(--gb-card, 250px)", "padding": "6px", "border-top": f"4px solid {colour}"}):
                solara.HTML(tag="div", unsafe_innerHTML=(
                    f"<b>{i + 1}. {link.title}</b><br/><span class='gb-value'>{link.value}</span><br/>"
                    f"<i>{link.push}</i><div title='{link.unit}' style='background:{colour};height:6px;width:{width:.0f}%'></div>"),
                    style={"font-size": "var(--gb-text, 16px)"}, classes=[f"gb-link-{link.key}"])
    parts = pathway_breakdown(session.model)
    scale = max(1.0, max(abs(x) for _, x in parts))
    rows = []
    for name, pts in parts:
        colour = "#D55E00" if pts > 0 else "#0072B2"
        w = abs(pts) / scale * 45
        bar = ("<div style='display:inline-block;width:45%;text-align:right'>"
               + (f"<span style='display:inline-block;background:{colour};height:10px;width:{w / 45 * 100:.0f}%'></span>" if pts < 0 else "")
               + "</div>|<div style='display:inline-block;width:45%'>"
               + (f"<span style='display:inline-block;background:{colour};height:10px;width:{w / 45 * 100:.0f}%'></span>" if pts >= 0 else "")
               + "</div>")
        rows.append(f"<tr><td>{PATHWAY_LABELS[name]}</td><td style='text-align:right'>{pts:+.2f}</td><td style='width:50%'>{bar}</td></tr>")
    Md(f"**Where the mood change comes from now** ({unit_of(session.model)} added to the "
                    f"{outcome_label(session.settings['host'], 'depression_hamd')} target; negative = protects)")
    solara.HTML(tag="table", unsafe_innerHTML="".join(rows), style={"font-size": "var(--gb-text, 16px)", "width": "100%"}, classes=["gb-pathways"])


@solara.component
def PanelsView(session: Session, tick: int = 0):
    painter = solara.use_memo(lambda: PanelsPainter(session.scenario()), [session.generation])
    image = solara.use_memo(lambda: draw_locked(session, lambda: painter.draw(session.history.view())), [session.generation, tick])
    Md("### Over time (shaded: intervention windows)")
    solara.Image(image, width="100%")


@solara.component
def SettingsView(session: Session, refresh, tick: int = 0):
    group, set_group = solara.use_state("diet")
    UploadView(session, refresh)
    guarded = guard(session, refresh)

    with solara.Columns([1, 1]):
        with solara.Column():
            Md("### Interventions (switch on, then set the days)")
            for kind in TOGGLE_TYPES:
                cls = REGISTRY[kind]
                current = session.interventions_of(kind)
                on = bool(current)
                with solara.Card(style={"padding": "4px", "margin": "2px"}):
                    solara.Switch(label=kind.replace("_", " "), value=on,
                                  on_value=guarded(lambda v, kind=kind: session.set_intervention(kind, v)))
                    solara.Text(f"{cls.DESCRIPTION} Evidence: {cls.EVIDENCE}", style={"font-size": "var(--gb-text, 16px)"})
                    if on:
                        iv = current[0]
                        with solara.Row():
                            solara.InputFloat("start day", value=float(iv["start_day"]),
                                              on_value=guarded(lambda d, kind=kind: session.set_intervention(kind, True, start_day=d)))
                            if not cls.SINGLE_EVENT:
                                solara.InputFloat("stop day", value=float(iv.get("stop_day", session.settings["duration_days"])),
                                                  on_value=guarded(lambda d, kind=kind: session.set_intervention(kind, True, stop_day=d)))
        with solara.Column():
            Md("### Parameters (start at the model's value for this host)")
            solara.Select("Group", values=GROUPS, value=group, on_value=set_group)
            for spec in PARAMETERS.values():
                if spec.group != group:
                    continue
                value = session.param_value(spec.name)
                label = f"{spec.name.replace('_', ' ')} [{spec.unit}]"
                ParamSlider(label, value, spec, on_commit=guarded(lambda x, n=spec.name: session.set_param(n, x)))
                cv = profile(session.settings["host"]).variation.get(spec.name)
                varies = f" Varies from person to person around this value (CV {cv:g})." if cv else ""
                solara.Text(f"{spec.description} ({spec.evidence}: {spec.source}).{varies}", style={"font-size": "var(--gb-text, 16px)", "color": "#555"})


@solara.component
def ParamSlider(label: str, value: float, spec, on_commit):
    """A slider that acts when released ('change'), not on every pixel of a drag (each change rebuilds the model)."""
    step = slider_step(spec)
    slider = rv.Slider(v_model=int(value) if spec.integer else float(value), label=label, min=spec.low, max=spec.high,
                       step=step, thumb_label="always", hide_details=True, class_=f"gb-slider gb-slider-{spec.name}")

    def changed(widget, event, data):
        on_commit(int(data) if spec.integer else float(data))

    vue.use_event(slider, "change", changed)
    return slider


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

    Md("### What if? The same person twice: without and with one intervention "
                    "(same seed, same random streams, so the difference is the intervention)")
    with solara.Row():
        solara.Select("Intervention", values=TOGGLE_TYPES, value=kind, on_value=set_kind)
        solara.InputFloat("starting on day", value=start, on_value=set_start)
        solara.InputFloat("days to run", value=days, on_value=set_days)
        solara.Button("Run both", color="primary", on_click=run, disabled=busy)
    w = session.whatif
    if w is not None:
        a, b = w.without["depression_hamd"][-1], w.with_["depression_hamd"][-1]
        Md(f"**{w.label}**, {w.days:g} days: {outcome_label(session.settings['host'], 'depression_hamd')} "
                        f"at the end {a:.1f} without vs {b:.1f} with (difference {b - a:+.1f})")
        solara.Image(whatif_figure(w), width="100%")


@solara.component
def RulesView(session: Session, tick: int = 0):
    Md("### What each active rule does right now, and the evidence behind it")
    for rule in active_rules(session.model):
        with solara.Card(style={"padding": "6px", "margin": "3px"}):
            Md(f"**{rule.title}**  \n{rule.now}  \n*Evidence:* {rule.evidence}")


@solara.component
def ExportView(session: Session, tick: int = 0):
    painter = solara.use_memo(lambda: PanelsPainter(session.scenario()), [session.generation])
    name = session.settings["name"]
    Md("### Export this run\nThe scenario file holds every setting: `gutbrain run <file>` reproduces "
                    "this run exactly (same seed, same numbers).")
    Md(export_contents(session))
    solara.FileDownload(lambda: session.export_toml(), filename=f"{name}.toml", label="Scenario (TOML)", mime_type="application/toml")
    solara.FileDownload(lambda: session.export_csv(), filename=f"{name}_timeseries.csv", label="Time series (CSV)", mime_type="text/csv")
    solara.FileDownload(lambda: painter.export_png(session.history.view()), filename=f"{name}_panels.png",
                        label="Panels (PNG)", mime_type="image/png")
    solara.Preformatted(session.export_toml())


def export_contents(session: Session) -> str:
    """What each download holds, now (and a hint when the run has not started)."""
    rows, day = session.history.n, session.model.time_h / 24
    text = (f"- **Scenario (TOML)**: every setting of this run.\n"
            f"- **Time series (CSV)**: one row per simulated hour, {rows} row{'s' if rows != 1 else ''} now "
            f"(day 0 to day {day:g}), one column per measure with its unit in the name.\n"
            f"- **Panels (PNG)**: the 'Over time' panels as they are now.")
    if session.model.time_h == 0:
        text += ("\n\n**The run is still at day 0**: the CSV would hold only the starting row. "
                 "Press Play or +1 day on the left first.")
    return text


@solara.component
def UploadView(session: Session, refresh):
    """Load a scenario file from the student's computer (size-capped, validated like any file)."""
    message, set_message = solara.use_state(cast(str | None, None))

    def on_file(info):
        try:
            session.load_upload(info["name"], int(info["size"]), info["file_obj"])
        except UserInputError as exc:
            set_message(None)
            session.error = one_line(exc)
        else:
            set_message(f"Loaded {info['name']}: host {session.settings['host']}, "
                        f"{session.settings['duration_days']:g} days; the run restarts from day 0.")
        refresh()

    Md(f"### Load a scenario file (.toml, up to {MAX_SCENARIO_BYTES // 1024} KB)")
    FileZone("Click here to choose a scenario .toml file, or drop one here", on_file, accept=".toml")
    if message:
        solara.Success(message, dense=True, classes=["gb-upload-ok"])


@solara.component
def Page():
    session = solara.use_memo(Session, [])
    tick, set_tick = solara.use_state(0)
    playing, set_playing = solara.use_state(False)
    speed, set_speed = solara.use_state(DEFAULT_SPEED)
    field, set_field = solara.use_state("butyrate")
    tab, set_tab = solara.use_state(0)
    projector, set_projector = solara.use_state(False)

    def refresh():
        set_tick(lambda t: t + 1)  # every view takes ``tick``, so each redraws after a change

    def play_loop(cancel):
        if playing:
            play_frames(session, SPEEDS[speed], cancel, refresh, set_playing)

    solara.use_thread(play_loop, dependencies=[playing, speed], intrusive_cancel=False)
    solara.use_effect(session.frame_drawn.set, [tick])  # after each drawn frame: the play loop may go on

    solara.Title("gutbrain_sim: the gut-brain axis")
    solara.Style(PROJECTOR_CSS if projector else BASE_CSS)
    with solara.Sidebar():
        solara.Switch(label="Projector (bigger text, fewer panels)", value=projector, on_value=set_projector,
                      classes=["gb-projector"])
        Controls(session, refresh, playing, set_playing, speed, set_speed, tick=tick)
    with solara.Column(style={"padding": "4px"}):
        TeachingNote()
        if session.error:
            solara.Error(session.error, classes=["gb-error"])
        with solara.lab.Tabs(value=tab, on_value=set_tab):
            for label in TABS:
                solara.lab.Tab(label)
        if TABS[tab] == "Live":
            SafeView(GutView, session, field, set_field, tick=tick)
            SafeView(ChainView, session, tick=tick)
            if not projector:  # the projector shows the gut and the chain only, larger
                SafeView(PanelsView, session, tick=tick)
        elif TABS[tab] == "Settings":
            SafeView(SettingsView, session, refresh, tick=tick)
        elif TABS[tab] == "What if":
            SafeView(WhatIfView, session, refresh, tick=tick)
        elif TABS[tab] == "Rules & evidence":
            SafeView(RulesView, session, tick=tick)
        elif TABS[tab] == "Virtual trial":
            SafeView(TrialPage, session.trial, refresh, tick=tick)
        else:
            SafeView(ExportView, session, tick=tick)


page = Page
