"""The look shared by the dashboard and the class pages: the teaching note and the text sizes.

Every text a class reads is at least 16 CSS px (``--gb-text``); the projector switch enlarges it.
"""

from __future__ import annotations

import solara

NOTE = (
    "Teaching model, not medical advice. It shows ideas, not predictions for any person. "
    "Probiotics are an add-on to standard care (therapy, antidepressants), never a replacement for it."
)
# bqplot's figures (the 'Over time' panels) read their text sizes from these variables
BQPLOT_CSS = (
    ":root { --bq-font: var(--gb-text) sans-serif; --bq-axislabel-font: var(--gb-text) sans-serif; "
    "--bq-axis-tick-text-font: var(--gb-text) sans-serif; } .bqplot_mark_tooltip { font-size: var(--gb-text); }"
)
BASE_CSS = ":root { --gb-text: 16px; --gb-card: 250px; } .v-application { font-size: 16px; } " + BQPLOT_CSS
PROJECTOR_CSS = (
    ":root { --gb-text: 22px; --gb-card: 330px; } .v-application { font-size: 22px; } "
    ".v-application .v-label, .v-application .v-select__selection, .v-application .v-btn { font-size: 20px; } "
    + BQPLOT_CSS
)
TEXT = {"font-size": "var(--gb-text, 16px)"}  # the style of every plain text a class reads


@solara.component
def TeachingNote():
    solara.Warning(NOTE, dense=True, icon=True)
