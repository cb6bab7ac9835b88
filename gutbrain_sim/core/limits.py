"""Reading a file someone hands in (scenario, trial spec, sweep spec, upload, donor summary) under
limits on nesting depth, keys and list items, checked without recursion, so no file can turn into
a traceback: tomllib and json recurse once per level of nesting and would raise RecursionError.
"""

from __future__ import annotations

import json
import re
import tomllib
from typing import Any

from .errors import UserInputError

MAX_DEPTH = 16  # the deepest real layout (trial arm -> interventions -> strains) is 5 levels
MAX_KEYS = 5_000  # keys in all tables together; the largest shipped file has under 100
MAX_ITEMS = 20_000  # list items in all lists together (sweep levels, seeds, strains)
_TOKENS = re.compile(r'"""|\'\'\'|["\'#\[\]{}]')


def bracket_depth(text: str) -> int:
    """The deepest nesting of [ ] and { } outside strings and comments, by a loop (no recursion)."""
    depth = deepest = pos = 0
    n = len(text)
    while pos < n:
        m = _TOKENS.search(text, pos)
        if m is None:
            break
        tok, pos = m.group(), m.end()
        if tok in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif tok in "]}":
            depth = max(0, depth - 1)
        elif tok == "#":
            end = text.find("\n", pos)
            pos = n if end < 0 else end
        elif tok in ('"""', "'''"):
            end = text.find(tok, pos) if tok == "'''" else _end_of_basic(text, pos, '"""')
            pos = n if end < 0 else end + 3
        else:  # a one-line string
            end = text.find("'", pos) if tok == "'" else _end_of_basic(text, pos, '"')
            nl = text.find("\n", pos)
            pos = n if end < 0 else (nl if 0 <= nl < end else end + 1)
    return deepest


def _end_of_basic(text: str, pos: int, quote: str) -> int:
    """Where ``quote`` closes a basic string that starts at ``pos`` (backslash escapes skipped)."""
    while True:
        end = text.find(quote, pos)
        if end < 0:
            return -1
        slashes = len(text[pos:end]) - len(text[pos:end].rstrip("\\"))
        if slashes % 2 == 0:
            return end
        pos = end + 1


def check_shape(data: Any, where: str | None) -> None:
    """Depth, keys and list items of parsed data, walked with a stack (no recursion)."""
    keys = items = 0
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if not isinstance(value, dict | list):
            continue
        if depth > MAX_DEPTH:
            raise UserInputError(f"nested more than {MAX_DEPTH} levels deep (tables, dotted keys or lists); "
                                 "real files need 5 at most", where=where)
        if isinstance(value, dict):
            keys += len(value)
            children = value.values()
        else:
            items += len(value)
            children = value
        if keys > MAX_KEYS:
            raise UserInputError(f"has more than {MAX_KEYS} keys; files are limited to that", where=where)
        if items > MAX_ITEMS:
            raise UserInputError(f"has more than {MAX_ITEMS} list items; files are limited to that", where=where)
        stack.extend((child, depth + 1) for child in children)


def parse_toml(text: str, where: str | None) -> dict:
    """``tomllib.loads`` under the limits: one-line ``UserInputError`` for malformed or too deep files."""
    if bracket_depth(text) > MAX_DEPTH:
        raise UserInputError(f"nested more than {MAX_DEPTH} levels deep ([ ] or {{ }}); real files need 5 at most", where=where)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UserInputError(f"malformed TOML: {exc}", where=where) from None
    except RecursionError:  # a nesting the scan above missed: still one line
        raise UserInputError(f"nested more than {MAX_DEPTH} levels deep", where=where) from None
    check_shape(data, where)
    return data


def parse_json(text: str, where: str | None) -> Any:
    """``json.loads`` under the same limits (a saved run's summary.json given as an FMT donor)."""
    if bracket_depth(text.replace("'", "")) > MAX_DEPTH:  # JSON has no ' strings or # comments
        raise UserInputError(f"nested more than {MAX_DEPTH} levels deep", where=where)
    try:
        data = json.loads(text)
    except RecursionError:
        raise UserInputError(f"nested more than {MAX_DEPTH} levels deep", where=where) from None
    check_shape(data, where)
    return data
