"""One-line checks of single values read from data files (numbers and whole numbers in a range, true/false,
text, a table's keys), shared by scenario files, trial specs and interventions.

Each check returns the value in its stored form or raises a one-line ``UserInputError`` that names the
key, what is allowed and what was given.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

from .errors import UserInputError, close_names


def is_number(value: Any) -> bool:
    """A finite int or float (true/false are not numbers here, though Python counts them as ints)."""
    return not isinstance(value, bool) and isinstance(value, int | float) and math.isfinite(value)


def number(value: Any, name: str, where: str, low: float, high: float, *, whole: bool = False, unit: str = "",
           int_only: bool = False, shown: str | None = None) -> float | int:
    """``value`` as a number in [low, high]: an int if ``whole`` (a whole float such as 4.0 is accepted
    unless ``int_only``), else a float. The message reads
    "<name> must be a [whole ]number[ of <unit>] in [<low>, <high>], got <value>";
    ``shown`` replaces the "[<low>, <high>]" text where the bounds read better rounded."""
    if (not is_number(value) or not low <= value <= high or (whole and value != int(value))
            or (int_only and not isinstance(value, int))):
        kind = ("a whole number" if whole else "a number") + (f" of {unit}" if unit else "")
        raise UserInputError(f"{name} must be {kind} in {shown or f'[{low:g}, {high:g}]'}, got {value!r}", where=where)
    return int(value) if whole else float(value)


def flag(value: Any, name: str, where: str) -> bool:
    """``value`` as true or false (TOML booleans only; 0 and 1 are refused)."""
    if not isinstance(value, bool):
        raise UserInputError(f"{name} must be true or false, got {value!r}", where=where)
    return value


def text(value: Any, name: str, where: str, *, blank_ok: bool = False) -> str:
    """``value`` as text; blank text only if ``blank_ok``."""
    if not isinstance(value, str) or (not blank_ok and not value.strip()):
        raise UserInputError(f"{name} must be non-empty text, got {value!r}", where=where)
    return value


def known_keys(table: Iterable[str], allowed: Sequence[str], where: str, *, suggest: bool = True, limit: int = 20) -> None:
    """Every key of ``table`` is one of ``allowed``; an unknown one is named with the allowed keys
    (and, if ``suggest``, the nearest ones first)."""
    for key in table:
        if key not in allowed:
            hint = close_names(key, allowed, limit=limit) if suggest else f"allowed: {', '.join(allowed)}"
            raise UserInputError(f"unknown key {key!r}; {hint}", where=where)
