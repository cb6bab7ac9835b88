"""User-facing errors: one line that says what is wrong and what is allowed."""

from __future__ import annotations


class UserInputError(ValueError):
    """A mistake in user input (file, key, value). The CLI prints it as one line, exit 2.

    The message names where the problem is (file, table, key) and what is allowed.
    """

    def __init__(self, message: str, *, where: str | None = None):
        self.where = where
        text = f"{where}: {message}" if where else message
        super().__init__(" ".join(text.split()))  # always one line


def close_names(name: str, valid: list[str] | tuple[str, ...], limit: int = 12) -> str:
    """Describe the allowed names: close matches first, then (if short) the full list."""
    import difflib

    valid = sorted(valid)
    near = difflib.get_close_matches(name, valid, n=3, cutoff=0.6)
    if len(valid) <= limit:
        listing = ", ".join(valid)
        return f"did you mean {near[0]!r}? allowed: {listing}" if near else f"allowed: {listing}"
    hint = f"did you mean {', '.join(repr(n) for n in near)}? " if near else ""
    return f"{hint}({len(valid)} allowed names; `gutbrain params` lists them)"
