"""The dashboard page: controls in the sidebar, and the tabs Live, Settings, What if, Rules & evidence,
Virtual trial, Export.

Each browser tab gets its own ``Session`` (created in ``Page`` with ``use_memo``), so no session
sees another's model. Play runs in a per-session thread (``play.Player``) that advances several
simulated hours per frame and draws the frame before the page renders it.
"""

from __future__ import annotations

import reacton.ipyvuetify as rv
import solara

from ..interventions import KNOCKOUT_LINKS
from .live import ChainView, GutView, LiveImages, PanelsView
from .play import DEFAULT_SPEED, SPEEDS, Clock, PlayButtons, Player
from .safety import SafeView, guard
from .session import KNOCKOUT_LABELS, Session, host_names
from .settings_view import SettingsView
from .styles import BASE_CSS, PROJECTOR_CSS, TEXT, TeachingNote
from .tabs import ExportView, RulesView, WhatIfView
from .text import Md
from .trial_page import TrialPage

TABS = ("Live", "Settings", "What if", "Rules & evidence", "Virtual trial", "Export")


@solara.component
def Controls(
    session: Session,
    player: Player,
    playing: solara.Reactive[bool],
    paused_at: solara.Reactive[int],
    frame: solara.Reactive[int],
    refresh,
    speed: str,
    set_speed,
    tick: int = 0,
):
    guarded = guard(session, refresh)

    def show_frame():  # called by the play thread: redraws the clock and the views of the model only
        frame.set(frame.value + 1)

    def stop():
        player.stop()
        playing.set(False)

    def choose_scenario(name):
        stop()
        guarded(session.load)(name)

    def choose_speed(name):
        set_speed(name)
        if playing.value:  # go on at the new speed
            player.start(SPEEDS[name], show_frame, lambda: (playing.set(False), refresh()))

    # the picker's items read every scenario file: once per upload, not once per frame
    items = solara.use_memo(session.scenario_items, [id(session.uploaded)])
    ScenarioPicker(items, session.scenario_choice, choose_scenario)
    solara.Select(
        "Host",
        values=host_names(),
        value=session.settings["host"],
        on_value=guarded(lambda h: session.change(host=h)),
    )
    with solara.Row():
        solara.InputInt(
            "Seed",
            value=int(session.settings["seed"]),
            on_value=guarded(lambda s: session.change(seed=int(s))),
        )
        solara.InputFloat(
            "Duration (days)",
            value=float(session.settings["duration_days"]),
            on_value=guarded(lambda d: session.change(duration_days=float(d))),
        )
    Clock(session, paused_at, frame, tick=tick)
    solara.Text(
        f"simulated time; run ends on day {session.settings['duration_days']:g}", style=TEXT
    )
    with solara.Row(gap="4px", style={"flex-wrap": "wrap"}):
        PlayButtons(session, player, playing, paused_at, speed, refresh, show_frame)
        solara.Button("Reset", on_click=guarded(lambda: (stop(), session.reset())))
    solara.Select("Speed", values=list(SPEEDS), value=speed, on_value=choose_speed)
    solara.Text("Changing any setting restarts the run from day 0.", style=TEXT)
    Md("**Knock-out switches** (teaching experiments)")
    for link in KNOCKOUT_LINKS:
        solara.Switch(
            label=KNOCKOUT_LABELS[link],
            value=session.knockout_on(link),
            on_value=guarded(lambda on, link=link: session.set_knockout(link, on)),
        )


@solara.component
def ScenarioPicker(items: list[dict], choice: str, on_choose):
    """Every scenario, grouped by topic under headers, in a menu tall enough to show them all without scrolling."""
    return rv.Select(
        label="Scenario",
        items=items,
        v_model=choice,
        on_v_model=on_choose,
        menu_props={"maxHeight": "90vh", "offsetY": True},
        class_="gb-scenario-picker",
    )


@solara.component
def Page():
    session = solara.use_memo(Session, [])
    images = solara.use_memo(lambda: LiveImages(session), [])
    player = solara.use_memo(lambda: Player(session, images), [])
    # read by the play buttons only: Pause re-renders them alone
    playing = solara.use_reactive(False)
    paused_at = solara.use_reactive(0)  # the model hour of the last Pause (read by the clock only)
    # the number of frames played: read by the clock and the views of the model, not by the page
    frame = solara.use_reactive(0)
    tick, set_tick = solara.use_state(0)
    speed, set_speed = solara.use_state(DEFAULT_SPEED)
    field, set_field = solara.use_state("butyrate")
    tab, set_tab = solara.use_state(0)
    projector, set_projector = solara.use_state(False)

    def refresh():  # after a change: the whole page redraws (a played frame redraws less: ``frame``)
        set_tick(lambda t: t + 1)  # every view takes ``tick``, so each redraws after a change

    solara.use_effect(lambda: player.stop, [])  # the page closed: the play thread ends
    live = TABS[tab] == "Live"
    # the play thread draws what is shown
    images.want(field if live else None, live and not projector)

    solara.Title("gutbrain_sim: the gut-brain axis")
    solara.Style(PROJECTOR_CSS if projector else BASE_CSS)
    with solara.Sidebar():
        solara.Switch(
            label="Projector (bigger text, fewer panels)",
            value=projector,
            on_value=set_projector,
            classes=["gb-projector"],
        )
        Controls(session, player, playing, paused_at, frame, refresh, speed, set_speed, tick=tick)
    with solara.Column(style={"padding": "4px"}):
        TeachingNote()
        if session.error:
            solara.Error(session.error, classes=["gb-error"])
        with solara.lab.Tabs(value=tab, on_value=set_tab):
            for label in TABS:
                solara.lab.Tab(label)
        if live:
            SafeView(GutView, images, field, set_field, frame, tick=tick)
            SafeView(ChainView, session, frame, tick=tick)
            if not projector:  # the projector shows the gut and the chain only, larger
                SafeView(PanelsView, images, tick=tick)
        elif TABS[tab] == "Settings":
            SafeView(SettingsView, session, refresh, tick=tick)
        elif TABS[tab] == "What if":
            SafeView(WhatIfView, session, refresh, tick=tick)
        elif TABS[tab] == "Rules & evidence":
            SafeView(RulesView, session, frame, tick=tick)
        elif TABS[tab] == "Virtual trial":
            SafeView(TrialPage, session.trial, refresh, tick=tick)
        else:
            SafeView(ExportView, session, frame, tick=tick)


page = Page
