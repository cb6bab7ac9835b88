"""Structured fuzzing of the files the CLI and the dashboard read (issue #17): mutations of real
documents' structure (depth, breadth, key names, types, unicode, control characters), then of
their text, with a fixed seed. Not a test module: tests/test_fuzz_structured.py drives it."""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field

import tomli_w

KEY_NAMES = ["name", "host", "seed", "type", "params", "interventions", "arms", "design", "kind", "parameters",
             "duration_days", "start_day", "stop_day", "dose_cfu_per_day", "donor", "final_composition",
             "colour", "ñame", "", " ", "a.b", "0", "__class__", "x" * 300, "Seed", "durationdays", "\u202ename",
             "key\twith\ttabs", "emoji \U0001f9a0", "\x01ctl", "levels", "values", "low", "high", "scale", "seeds",
             "metrics", "paired", "without", "set", "population", "n_per_arm", "replicates", "gut"]
TEXTS = ["", " ", "..", ".", "/", "/abs/ESCAPED", "../../../../elsewhere", "a/b", "C:\\Windows", "\\\\server\\share",
         "x" * 5000, "\u202e\u0000\ud7ff", "\r\n", "\x01\x02\x7f", "ñame é", "\U0001f9a0" * 30, "nul\u0000in",
         "healthy", "mdd", "probiotic", "placebo", "fibre_g_per_day", "depression_hamd:end", "1e10", "nan",
         "grid", "sobol", "morris", "random", "log", "linear", "CON", "aux.toml", "-rf", "$(rm -rf ~)", "%s%n",
         "interventions.0.dose_cfu_per_day", "interventions.99.zzz", "depression_hamd:mean_last_9999d"]
NUMBERS = [0, 1, -1, 2, 3, 7, 2**31, 2**63 - 1, -(2**63), 10**18, 0.5, -0.0, 1e308, -1e308, 5e-324, 1e-300,
           math.nan, math.inf, -math.inf, 1e10, 1e-10, 365.0, 100000, 56, 0.999999]
OTHER = [True, False, dt.date(2026, 1, 1), dt.datetime(1970, 1, 1, 0, 0), dt.time(12, 0), [], {}, [1, "a", 2.5],
         [[1], [2, [3]]], {"type": "probiotic"}, {"name": "fibre_g_per_day", "low": 1, "high": 2}]


@dataclass
class Mutant:
    """One generated file: its bytes, and what was done to the source document (for the report)."""

    data: bytes
    ops: list[str] = field(default_factory=list)


def weird_value(rnd: random.Random, json_only: bool = False):
    pool = rnd.choice((TEXTS, NUMBERS, OTHER, "nested", "wide"))
    if pool == "nested":  # deeper than the limit sometimes
        depth = rnd.choice((2, 5, 15, 16, 17, 40, 300))
        v = rnd.choice(NUMBERS)
        for _ in range(depth):
            v = [v] if rnd.random() < 0.5 else {rnd.choice(KEY_NAMES[:8]): v}
        return v
    if pool == "wide":  # broader than the limits sometimes
        n = rnd.choice((10, 1000, 5001, 20001))
        return list(range(n)) if rnd.random() < 0.6 else {f"k{i}": i for i in range(n)}
    v = rnd.choice(pool)
    if json_only and isinstance(v, dt.date | dt.time):
        v = str(v)
    return copy.deepcopy(v)


def _nodes(doc) -> list[tuple[object, object]]:
    """Every (container, key-or-index) in the document, found with a stack (no recursion)."""
    found, stack = [], [doc]
    while stack:
        c = stack.pop()
        items = c.items() if isinstance(c, dict) else enumerate(c) if isinstance(c, list) else ()
        for k, v in items:
            found.append((c, k))
            if isinstance(v, dict | list):
                stack.append(v)
    return found


def _containers(doc) -> list:
    out, stack = [], [doc]
    while stack:
        c = stack.pop()
        out.append(c)
        vals = c.values() if isinstance(c, dict) else c
        stack.extend(v for v in vals if isinstance(v, dict | list))
    return out


def mutate_tree(doc: dict, rnd: random.Random, json_only: bool = False) -> tuple[dict, list[str]]:
    """One to three structural mutations of a parsed document (a deep copy is changed)."""
    doc = copy.deepcopy(doc)
    ops = []
    for _ in range(rnd.choice((1, 1, 2, 3))):
        nodes = _nodes(doc)
        op = rnd.choice(("set", "set", "delete", "add", "rename", "wrap", "swap", "duplicate", "widen"))
        if not nodes:
            op = "add"
        if op == "set":
            c, k = rnd.choice(nodes)
            c[k] = weird_value(rnd, json_only)
        elif op == "delete":
            c, k = rnd.choice(nodes)
            del c[k]
        elif op == "add":
            dicts = [c for c in _containers(doc) if isinstance(c, dict)]
            rnd.choice(dicts)[rnd.choice(KEY_NAMES)] = weird_value(rnd, json_only)
        elif op == "rename":
            keyed = [(c, k) for c, k in nodes if isinstance(c, dict)]
            if keyed:
                c, k = rnd.choice(keyed)
                c[rnd.choice(KEY_NAMES) + rnd.choice(("", "_", "s"))] = c.pop(k)
        elif op == "wrap":
            c, k = rnd.choice(nodes)
            for _ in range(rnd.choice((1, 3, 14, 20, 60))):
                c[k] = [c[k]] if rnd.random() < 0.5 else {"x": c[k]}
        elif op == "swap":
            (c1, k1), (c2, k2) = rnd.choice(nodes), rnd.choice(nodes)
            try:
                c1[k1], c2[k2] = copy.deepcopy(c2[k2]), copy.deepcopy(c1[k1])
            except (KeyError, IndexError):  # one held the other
                pass
        elif op == "duplicate":
            lists = [c for c in _containers(doc) if isinstance(c, list) and c]
            if lists:
                c = rnd.choice(lists)
                c.extend(copy.deepcopy(rnd.choice(c)) for _ in range(rnd.choice((1, 2, 50))))
        else:  # widen
            c, k = rnd.choice(nodes)
            c[k] = [copy.deepcopy(c[k]) for _ in range(rnd.choice((2, 30, 400)))]
        ops.append(op)
    return doc, ops


def mutate_text(raw: bytes, rnd: random.Random) -> tuple[bytes, str]:
    """One mutation of the file's text: lines, bytes, encodings, deep dotted keys and inline tables."""
    lines = raw.split(b"\n")
    op = rnd.choice(("del_line", "dup_line", "swap_lines", "truncate", "flip", "insert_bytes", "dotted", "inline",
                     "header", "bad_utf8", "nul", "bom", "crlf", "long_line"))
    i = rnd.randrange(len(lines))
    if op == "del_line":
        del lines[i]
    elif op == "dup_line":
        lines.insert(i, lines[i])
    elif op == "swap_lines":
        j = rnd.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    elif op == "truncate":
        return raw[: rnd.randrange(len(raw) + 1)], op
    elif op == "flip":
        b = bytearray(raw or b" ")
        for _ in range(rnd.choice((1, 3, 20))):
            b[rnd.randrange(len(b))] = rnd.randrange(256)
        return bytes(b), op
    elif op == "insert_bytes":
        lines.insert(i, bytes(rnd.randrange(256) for _ in range(rnd.choice((1, 8, 200)))))
    elif op == "dotted":
        depth = rnd.choice((3, 16, 17, 100, 1000))
        lines.insert(i, b".".join([b"z"] * depth) + b" = 1")
    elif op == "inline":
        depth = rnd.choice((3, 16, 17, 100, 900))
        lines.insert(i, b"zz = " + b"{a = " * depth + b"1" + b"}" * depth)
    elif op == "header":
        depth = rnd.choice((2, 16, 17, 200))
        lines.insert(i, rnd.choice((b"[", b"[[")) + b".".join([b"t"] * depth) + rnd.choice((b"]", b"]]")))
    elif op == "bad_utf8":
        lines[i] += rnd.choice((b"\xff", b"\xc3", b"\xed\xa0\x80"))
    elif op == "nul":
        lines[i] += b"\x00"
    elif op == "bom":
        return b"\xef\xbb\xbf" + raw, op
    elif op == "crlf":
        return raw.replace(b"\n", b"\r\n"), op
    else:
        lines.insert(i, b'long = "' + b"y" * rnd.choice((100, 300_000)) + b'"')
    return b"\n".join(lines), op


def toml_bytes(doc: dict) -> bytes | None:
    try:
        return tomli_w.dumps(doc).encode("utf-8", "surrogatepass")
    except (TypeError, ValueError, RecursionError):  # not representable (e.g. a list holding tables and numbers)
        return None


def json_bytes(doc) -> bytes | None:
    try:
        return json.dumps(doc, allow_nan=True).encode("utf-8", "surrogatepass")
    except (TypeError, ValueError, RecursionError):
        return None


def mutants(sources: list[dict], n: int, seed: int, dump: Callable[[dict], bytes | None] = toml_bytes,
            text_share: float = 0.3, json_only: bool = False):
    """``n`` mutated files from ``sources`` (parsed documents), reproducibly from ``seed``."""
    rnd = random.Random(seed)
    made = 0
    while made < n:
        doc, ops = mutate_tree(rnd.choice(sources), rnd, json_only)
        raw = dump(doc)
        if raw is None:
            continue
        if rnd.random() < text_share:
            raw, op = mutate_text(raw, rnd)
            ops.append(op)
        made += 1
        yield Mutant(raw, ops)
