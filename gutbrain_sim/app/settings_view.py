"""The Settings tab: load a scenario file, switch interventions on and set their days, move parameters."""

from __future__ import annotations

from typing import cast

import reacton.ipyvue as vue
import reacton.ipyvuetify as rv
import solara

from ..core.errors import UserInputError
from ..hosts import profile
from ..interventions import REGISTRY
from ..params import PARAMETERS
from ..scenario import MAX_SCENARIO_BYTES
from .file_zone import FileZone
from .safety import guard
from .session import Session, one_line, slider_step
from .styles import TEXT
from .text import Md

GROUPS = sorted({s.group for s in PARAMETERS.values()})
TOGGLE_TYPES = [k for k in REGISTRY if k != "knockout"]


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
                    solara.Switch(
                        label=kind.replace("_", " "),
                        value=on,
                        on_value=guarded(lambda v, kind=kind: session.set_intervention(kind, v)),
                    )
                    solara.Text(f"{cls.DESCRIPTION} Evidence: {cls.EVIDENCE}", style=TEXT)
                    if on:
                        iv = current[0]
                        with solara.Row():
                            solara.InputFloat(
                                "start day",
                                value=float(iv["start_day"]),
                                on_value=guarded(
                                    lambda d, kind=kind: session.set_intervention(
                                        kind, True, start_day=d
                                    )
                                ),
                            )
                            if not cls.SINGLE_EVENT:
                                solara.InputFloat(
                                    "stop day",
                                    value=float(
                                        iv.get("stop_day", session.settings["duration_days"])
                                    ),
                                    on_value=guarded(
                                        lambda d, kind=kind: session.set_intervention(
                                            kind, True, stop_day=d
                                        )
                                    ),
                                )
        with solara.Column():
            Md("### Parameters (start at the model's value for this host)")
            solara.Select("Group", values=GROUPS, value=group, on_value=set_group)
            for spec in PARAMETERS.values():
                if spec.group != group:
                    continue
                value = session.param_value(spec.name)
                label = f"{spec.name.replace('_', ' ')} [{spec.unit}]"
                ParamSlider(
                    label,
                    value,
                    spec,
                    on_commit=guarded(lambda x, n=spec.name: session.set_param(n, x)),
                )
                cv = profile(session.settings["host"]).variation.get(spec.name)
                varies = (
                    f" Varies from person to person around this value (CV {cv:g})." if cv else ""
                )
                solara.Text(
                    f"{spec.description} ({spec.evidence}: {spec.source}).{varies}",
                    style={**TEXT, "color": "#555"},
                )


@solara.component
def ParamSlider(label: str, value: float, spec, on_commit):
    """A slider that acts when released ('change'), not on every pixel of a drag (each change rebuilds the model)."""
    step = slider_step(spec)
    slider = rv.Slider(
        v_model=int(value) if spec.integer else float(value),
        label=label,
        min=spec.low,
        max=spec.high,
        step=step,
        thumb_label="always",
        hide_details=True,
        class_=f"gb-slider gb-slider-{spec.name}",
    )

    def changed(widget, event, data):
        on_commit(int(data) if spec.integer else float(data))

    vue.use_event(slider, "change", changed)
    return slider


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
            set_message(
                f"Loaded {info['name']}: host {session.settings['host']}, "
                f"{session.settings['duration_days']:g} days; the run restarts from day 0."
            )
        refresh()

    Md(f"### Load a scenario file (.toml, up to {MAX_SCENARIO_BYTES // 1024} KB)")
    FileZone(
        "Click here to choose a scenario .toml file, or drop one here", on_file, accept=".toml"
    )
    if message:
        solara.Success(message, dense=True, classes=["gb-upload-ok"])
