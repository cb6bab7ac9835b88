"""Errors never replace the page: a control's or a view's error is one line in its session (which goes
on) and a traceback in the server's log."""

from __future__ import annotations

from collections.abc import Callable

import solara

from ..core.errors import UserInputError
from .session import LOG, Session, one_line


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


@solara.component
def SafeView(child: Callable, *args, **kwargs):
    """Render ``child(*args, **kwargs)``; if it raises, show one line instead (and log it), not a traceback."""
    error, clear = solara.use_exception()

    def log():
        if error is not None:
            LOG.error(
                "dashboard view %s: %s",
                getattr(child, "__name__", child),
                one_line(error),
                exc_info=error,
            )

    solara.use_effect(log, [error])  # once per error, not once per redraw
    if error is not None:
        with solara.Row():
            solara.Error(
                f"This panel could not be drawn ({one_line(error)}); the rest of the page still works.",
                classes=["gb-view-error"],
            )
            solara.Button("Try again", on_click=clear)
        return
    child(*args, **kwargs)
