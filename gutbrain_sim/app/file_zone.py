"""A box that loads one file from the student's computer: click it to choose a file, or drop one on it.

Solara's ``FileDrop`` takes dropped files only; this zone (its own small Vue template on ipyvuetify's
``FileInput`` widget, which streams the file to the server in chunks) also opens the file chooser.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import solara
import traitlets
from ipyvue import Template
from ipyvuetify.extra import FileInput
from ipywidgets import widget_serialization


class FileZoneWidget(FileInput):
    template = traitlets.Instance(Template).tag(sync=True, **widget_serialization)  # type: ignore[assignment]
    template_file = (__file__, "file_zone.vue")
    label = traitlets.Unicode().tag(sync=True)
    multiple = traitlets.Bool(False).tag(sync=True)


@solara.component
def FileZone(label: str, on_file: Callable[[dict], None], accept: str = ""):
    """``on_file({"name", "size", "file_obj"})`` once per chosen or dropped file, in a worker thread."""
    info, set_info = solara.use_state(None)
    files, set_files = solara.use_state(None)
    zone = FileZoneWidget.element(label=label, accept=accept, on_file_info=set_info)

    def wire():
        if info:
            widget = solara.get_widget(zone)
            widget.version += 1  # chunks of an earlier file are ignored
            widget.reset_stats()
            set_files(widget.get_files())

    solara.use_effect(wire, [info])

    def deliver(cancel: threading.Event):
        if files:
            on_file(files[0])

    result = solara.use_thread(deliver, [files])
    if result.error:
        raise result.error
    return zone
