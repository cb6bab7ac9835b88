"""What a long command tells the person waiting: its stage ("loading the model", "writing
outputs") and a bar over simulated hours, on stderr when stderr is a terminal; nothing at all
when it is piped or redirected (logs and scripts see only the results on stdout)."""

from __future__ import annotations

import sys
from typing import TextIO

# erase the current terminal line (carriage return, then ANSI "erase in line")
_CLEAR = "\r\x1b[K"


class Progress:
    """Stage lines and bars for one command. ``enabled=None`` means "when stderr is a terminal"."""

    def __init__(self, enabled: bool | None = None, stream: TextIO | None = None):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self._shown = False

    def stage(self, text: str) -> None:
        """Show what the command is doing now (replaces the previous stage line)."""
        if self.enabled:
            self.stream.write(f"{_CLEAR}gutbrain: {text} ...")
            self.stream.flush()
            self._shown = True

    def done(self) -> None:
        """Clear the stage line, so the results on stdout start on a clean line."""
        if self.enabled and self._shown:
            self.stream.write(_CLEAR)
            self.stream.flush()
            self._shown = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        self.done()
