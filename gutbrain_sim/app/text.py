"""Markdown for the dashboard's pages, rendered on the server to plain HTML.

``solara.Markdown`` makes every page fetch KaTeX through the server from a public CDN (100+
failed requests and seconds of retries per page offline); the pages need no maths, so they
render Markdown here with markdown-it (which Solara itself depends on) and show it as HTML.
"""

from __future__ import annotations

from functools import lru_cache

import solara
from markdown_it import MarkdownIt

_MD = MarkdownIt("commonmark", {"html": False})  # text is ours, but never let it carry markup through


@lru_cache(maxsize=512)
def markdown_html(text: str) -> str:
    return _MD.render(text)


def Md(text: str, classes: list[str] | None = None, style: dict | None = None):
    """Markdown text as an HTML block (no KaTeX, no CDN)."""
    return solara.HTML(tag="div", unsafe_innerHTML=markdown_html(text), classes=["gb-md", *(classes or [])],
                       style={"font-size": "var(--gb-text, 16px)", **(style or {})})
