"""The Solara teaching dashboard (pixels only: it imports the model, never the other way round).

Serve it with ``gutbrain dashboard``; ``page`` is the Solara page.
"""

from .main import Page, page

__all__ = ["Page", "page"]
