"""Play, Pause, Step: the session's play thread and the buttons that drive it.

One frame = some model hours, stepped, then its figures drawn (outside the page's render), then
one render; the next frame is computed only after the browser has painted this one (``FrameAck``,
a hidden element that answers once the page shows the frame), so no frame queues up on a busy
machine and the clock a class reads is the model's, at most one frame behind. Pause sets the run's stop event (checked every model hour and before each
figure) and re-renders only the buttons, so it shows at once, not after the frame under way.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable

import solara

from .live import LiveImages
from .safety import guard, unexpected
from .session import Session

SPEEDS = {
    "1 hour / frame": 1,
    "3 hours / frame": 3,
    "6 hours / frame": 6,
    "12 hours / frame": 12,
    "1 day / frame": 24,
}
DEFAULT_SPEED = "6 hours / frame"
# Pause waits at most this long for the model hour under way to end (an hour takes ~10-50 ms)
PAUSE_WAIT_S = 2.0
# at most 4 frames a second: the server can draw ~9 (since the panels are bqplot), but a busy machine's
# browser then fell behind the frames sent and showed Pause 1-6 s late (frame_drawn was then set by the
# server's render; it is now the browser's answer, FrameAck)
MIN_FRAME_S = 0.25
# a page that never answers (closed, a background tab, a test without a browser) gets a frame this often
FRAME_ACK_WAIT_S = 5.0


def play_frames(
    session: Session,
    hours: int,
    stop: threading.Event,
    prepare: Callable[[threading.Event], None],
    show: Callable[[], None],
    ended: Callable[[], None],
) -> None:
    """The play loop until ``stop`` is set or the run ends (then ``ended()``).

    Per frame: step ``hours`` model hours (stopping within the hour under way on ``stop``), draw the
    figures (``prepare``; skipped once ``stop`` is set), render the views that show the model
    (``show``), wait until the browser has painted it (``session.frame_drawn``, at most
    ``FRAME_ACK_WAIT_S``) and at least
    ``MIN_FRAME_S`` has passed. After Pause, the last state is drawn once, so the page shows the
    time the model stands at.
    """
    shown = session.model.time_h
    try:
        while not stop.is_set():
            started = time.monotonic()
            session.frame_drawn.clear()
            if session.step(hours, stop=stop) == 0:
                if not stop.is_set():  # the run ended (or the model failed): show Play again
                    ended()
                break
            if stop.is_set():
                break
            prepare(stop)  # the figures, before the render (a render never waits for matplotlib)
            if stop.is_set():
                break
            show()
            shown = session.model.time_h
            while not session.frame_drawn.wait(0.05):
                if stop.is_set() or time.monotonic() - started > FRAME_ACK_WAIT_S:
                    break
            stop.wait(MIN_FRAME_S - (time.monotonic() - started))  # Pause ends the wait at once
        if session.model.time_h != shown:  # paused within a frame: show where the model stands
            prepare(threading.Event())
            show()
    except Exception as exc:  # never a traceback in place of the page
        unexpected(session, exc, "playing")
        # the page may be gone; the session keeps its one-line error
        with contextlib.suppress(Exception):
            ended()


class Player:
    """The session's play thread: ``start`` runs ``play_frames`` in a new thread (after the previous
    one ended), ``stop`` sets its stop event and returns at once."""

    def __init__(self, session: Session, images: LiveImages):
        self.session, self.images = session, images
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, hours: int, show: Callable[[], None], ended: Callable[[], None]) -> None:
        self._stop.set()
        previous, stop = self._thread, threading.Event()
        self._stop = stop

        def run():
            if previous is not None:
                previous.join()
            play_frames(self.session, hours, stop, self.images.prepare, show, ended)

        self._thread = threading.Thread(target=run, name="gutbrain-play", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()


@solara.component_vue("frame_ack.vue")
def FrameAck(frame: int, event_drawn: Callable[[int], None]):
    """Hidden: calls ``event_drawn(frame)`` once the browser has painted the page showing ``frame``."""


@solara.component
def Clock(
    session: Session, paused_at: solara.Reactive[int], frame: solara.Reactive[int], tick: int = 0
):
    """The simulated time: redrawn with each played frame (``frame``), at Pause (``paused_at``) and
    after any change (``tick``). Once the browser has painted a frame, the play thread may compute the next."""
    paused_at.value  # noqa: B018 - read so that Pause re-renders the clock (and nothing else)

    def drawn(shown: int) -> None:
        if shown == frame.value:  # not a late answer for an earlier frame
            session.frame_drawn.set()

    FrameAck(frame=frame.value, event_drawn=drawn)
    solara.Text(
        session.clock(), classes=["gb-clock"], style={"font-size": "1.6em", "font-weight": "bold"}
    )


@solara.component
def PlayButtons(
    session: Session,
    player: Player,
    playing: solara.Reactive[bool],
    paused_at: solara.Reactive[int],
    speed: str,
    refresh,
    show_frame,
):
    """Play/Pause, Step, +1 day. Only these buttons and the clock read ``playing``/``paused_at``, so
    Pause re-renders them alone (not the page, its figures or the chain), at once."""
    guarded = guard(session, refresh)

    def toggle():
        if playing.value:
            player.stop()
            # the model hour under way ends: the clock shown next then stands still
            session.still.wait(PAUSE_WAIT_S)
            paused_at.set(session.model.time_h)
            playing.set(False)
        else:
            playing.set(True)
            player.start(SPEEDS[speed], show_frame, lambda: (playing.set(False), refresh()))

    with solara.Row(gap="4px", style={"flex-wrap": "wrap"}):
        solara.Button(
            "Pause" if playing.value else "Play",
            color="primary",
            on_click=toggle,
            classes=["gb-play"],
        )
        solara.Button("Step", on_click=guarded(lambda: session.step(1)), disabled=playing.value)
        solara.Button("+1 day", on_click=guarded(lambda: session.step(24)), disabled=playing.value)
