"""Summaries-only recording: constant-memory running aggregates of every timeseries column
(start, end, min, max, mean and optional first/last-N-day window means) that give exactly
the numbers pandas/numpy would give on the full timeseries of the same run.

Exactness: ``end``, ``min`` and ``max`` are order-free. The mean is the hard one: numpy sums
a float64 array pairwise (blocks of 128 values, each summed with 8 running accumulators, the
blocks combined by halving), so a plain running total differs from ``series.mean()`` in the
last bits. ``PairwiseSum`` replays numpy's summation order as the rows arrive, which needs
the number of rows in advance (a model knows it: its duration and ``record_every_h``); its
memory is a fixed stack, whatever the run's length. Window means keep the rows of the
window only (bounded by its N days) and average them with numpy at the end.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping

import numpy as np

from .core.errors import UserInputError

RECORD_MODES = ("rows", "summary")
WINDOW = re.compile(r"mean_(last|first)_(\d+(?:\.\d+)?)d")
SUMMARY_STATISTICS = ("start", "end", "min", "max", "mean", "change")  # plus the windows above

_BLOCK = 128  # numpy's PW_BLOCKSIZE: arrays up to this size are summed with 8 accumulators
_UNROLL = 8
_MAX_DEPTH = 32  # halvings: enough for 128 * 2**31 rows; fixed so memory never grows
_MERGE = -1  # marker on the plan stack: add the two partial sums on top of the value stack


def planned_rows(duration_h: int, record_every_h: int) -> int:
    """Rows a run records: one at hour 0, then one at every multiple of ``record_every_h``
    up to and including ``duration_h``."""
    return 1 + max(int(duration_h), 0) // int(record_every_h)


class PairwiseSum:
    """Sums ``n`` vectors (one per row, ``width`` columns) in the order numpy's
    ``np.add.reduce`` sums each column of the stacked rows, so ``total()`` is bit-identical
    to ``rows.sum(axis=0)`` column by column. Fixed memory: a plan stack of sizes and a stack
    of partial sums, each ``_MAX_DEPTH`` deep."""

    def __init__(self, width: int, n: int):
        if n < 1:
            raise ValueError("PairwiseSum needs at least one row")
        self.n = int(n)
        self.seen = 0
        self._plan = np.zeros(2 * _MAX_DEPTH + 2, dtype=np.int64)  # sizes still to expand, or _MERGE
        self._plan[0], self._nplan = self.n, 1
        self._values = np.zeros((_MAX_DEPTH + 1, width))  # partial sums awaiting their sibling
        self._nvalues = 0
        self._acc = np.zeros((_UNROLL, width))
        self._res = np.zeros(width)
        self._leaf, self._i = 0, 0
        self._next_leaf()

    def _next_leaf(self) -> None:
        """Pop the plan until the next leaf block (<= 128 rows), merging finished siblings."""
        while self._nplan:
            self._nplan -= 1
            size = int(self._plan[self._nplan])
            if size == _MERGE:
                top = self._nvalues - 1
                self._values[top - 1] += self._values[top]
                self._nvalues = top
            elif size <= _BLOCK:
                self._leaf, self._i = size, 0
                self._res[:] = 0.0
                return
            else:  # numpy halves, keeping the left part a multiple of the unroll factor
                left = size // 2
                left -= left % _UNROLL
                if self._nplan + 3 > len(self._plan):
                    raise ValueError("PairwiseSum: too many rows")
                self._plan[self._nplan:self._nplan + 3] = (_MERGE, size - left, left)
                self._nplan += 3
        self._leaf = 0  # all rows seen

    def add(self, x: np.ndarray) -> None:
        if self.seen >= self.n:
            raise ValueError(f"PairwiseSum was planned for {self.n} rows")
        k, i = self._leaf, self._i
        if k < _UNROLL:  # short block: one running total
            self._res += x
        elif i < _UNROLL:
            self._acc[i] = x
        elif i < k - k % _UNROLL:
            self._acc[i % _UNROLL] += x
        else:
            self._tail(x)
        self._i = i = i + 1
        self.seen += 1
        if i == k:
            if k >= _UNROLL and k % _UNROLL == 0:
                self._fold()
            self._values[self._nvalues] = self._res
            self._nvalues += 1
            self._next_leaf()

    def _fold(self) -> None:
        a = self._acc
        self._res[:] = ((a[0] + a[1]) + (a[2] + a[3])) + ((a[4] + a[5]) + (a[6] + a[7]))

    def _tail(self, x: np.ndarray) -> None:
        if self._i == self._leaf - self._leaf % _UNROLL:  # first value after the unrolled part
            self._fold()
        self._res += x

    @property
    def complete(self) -> bool:
        return self.seen == self.n

    def total(self) -> np.ndarray:
        """The column sums, as numpy's ``sum`` (whose reduction starts from 0.0) gives them."""
        if not self.complete:
            raise ValueError(f"PairwiseSum has seen {self.seen} of its {self.n} rows")
        return 0.0 + self._values[0]


class _Window:
    """The rows of the first or last N days (a fixed-size ring buffer of whole rows)."""

    def __init__(self, kind: str, days: float, capacity: int, width: int):
        self.kind, self.days = kind, days
        self.buf = np.zeros((capacity, width))
        self.count = 0  # rows held (first) or seen (last)

    def add(self, x: np.ndarray, day: float, first_day: float) -> None:
        cap = len(self.buf)
        if self.kind == "last":
            self.buf[self.count % cap] = x
            self.count += 1
        elif day < first_day + self.days and self.count < cap:
            self.buf[self.count] = x
            self.count += 1

    def rows(self) -> np.ndarray:
        cap = len(self.buf)
        if self.kind == "first" or self.count <= cap:
            return self.buf[:min(self.count, cap)]
        start = self.count % cap
        return np.concatenate([self.buf[start:], self.buf[:start]])


def parse_window(stat: str) -> tuple[str, float] | None:
    """``"mean_last_7d"`` -> ("last", 7.0); None if ``stat`` is not a window statistic."""
    m = WINDOW.fullmatch(stat)
    return (m.group(1), float(m.group(2))) if m else None


def check_windows(windows: Iterable[str], where: str) -> tuple[str, ...]:
    """Validated window statistics (``mean_last_<N>d``/``mean_first_<N>d``, N > 0)."""
    if isinstance(windows, str):
        windows = (windows,)
    out = []
    for w in windows:
        parsed = parse_window(w) if isinstance(w, str) else None
        if parsed is None or parsed[1] <= 0:
            raise UserInputError(f"summary window {w!r} must look like \"mean_last_7d\" or \"mean_first_14d\" (N > 0 days)", where=where)
        if w not in out:
            out.append(w)
    return tuple(out)


class RunSummary:
    """Running aggregates of every column over a run's recorded rows, in fixed memory.

    Args:
        columns: the row's columns (``metrics.COLUMNS``); must include ``day``.
        rows: how many rows the run will record (``planned_rows``); the mean is numpy's
            only once all of them have been added, and adding more is an error.
        record_every_h: hours between rows (sizes the window buffers).
        windows: window statistics to keep, e.g. ``("mean_last_7d",)``.
    """

    def __init__(self, columns: Iterable[str], rows: int, record_every_h: int = 1, windows: Iterable[str] = ()):
        self.columns = tuple(columns)
        self.index = {c: i for i, c in enumerate(self.columns)}
        self.rows_planned = int(rows)
        self.rows = 0
        w = len(self.columns)
        self.first = np.full(w, np.nan)
        self.last = np.full(w, np.nan)
        self.min = np.full(w, np.nan)
        self.max = np.full(w, np.nan)
        self._x = np.zeros(w)
        self._sum = PairwiseSum(w, self.rows_planned)
        self.windows: dict[str, _Window] = {}
        for stat in check_windows(windows, "RunSummary windows"):
            kind, days = parse_window(stat)
            capacity = int(days * 24 // record_every_h) + 2  # rows in any open N-day interval, plus slack
            self.windows[stat] = _Window(kind, days, min(capacity, self.rows_planned), w)

    def add(self, row: Mapping[str, float]) -> None:
        """Fold one recorded row (a mapping column -> number) into the aggregates."""
        if self.rows >= self.rows_planned:
            raise UserInputError(f"summary recording was planned for {self.rows_planned} rows (the scenario's duration); "
                                 "a run that goes past its duration needs record='rows'", where="GutBrainModel")
        x = self._x
        x[:] = [row[c] for c in self.columns]
        if self.rows == 0:
            self.first[:] = x
            self.min[:] = x
            self.max[:] = x
        else:
            np.minimum(self.min, x, out=self.min)
            np.maximum(self.max, x, out=self.max)
        self.last[:] = x
        self._sum.add(x)
        if self.windows:
            day, first_day = x[self.index["day"]], self.first[self.index["day"]]
            for win in self.windows.values():
                win.add(x, day, first_day)
        self.rows += 1

    @property
    def complete(self) -> bool:
        """True once every planned row has been added (then ``mean`` is numpy's, bit for bit)."""
        return self.rows == self.rows_planned

    def value(self, column: str, stat: str) -> float:
        """One statistic of one column, as ``sweeps.measures.compute`` gives it from the rows."""
        i = self.index[column]
        if self.rows == 0:
            raise ValueError("no rows recorded yet")
        if stat == "start":
            return float(self.first[i])
        if stat == "end":
            return float(self.last[i])
        if stat == "min":
            return float(self.min[i])
        if stat == "max":
            return float(self.max[i])
        if stat == "change":
            return float(self.last[i] - self.first[i])
        if stat == "mean":
            return float(self._sum.total()[i] / self.rows)
        if stat in self.windows:
            win = self.windows[stat]
            rows = win.rows()
            day = rows[:, self.index["day"]]
            s = rows[:, i]
            keep = day > day[-1] - win.days if win.kind == "last" else day < day[0] + win.days
            return float(s[keep].mean())
        raise KeyError(f"this summary cannot answer {column}:{stat} "
                       f"(it keeps {', '.join((*SUMMARY_STATISTICS, *self.windows))})")

    def nbytes(self) -> int:
        """Bytes held in its arrays (fixed from construction on)."""
        arrays = [self.first, self.last, self.min, self.max, self._x, self._sum._plan, self._sum._values,
                  self._sum._acc, self._sum._res, *(w.buf for w in self.windows.values())]
        return int(sum(a.nbytes for a in arrays))


def held_bytes(obj, seen: set | None = None) -> int:
    """Bytes an object graph holds (containers, attributes, boxed numbers, numpy arrays' data),
    each object counted once: how big a recorded history really is."""
    seen = set() if seen is None else seen
    if id(obj) in seen:
        return 0
    seen.add(id(obj))
    size = sys.getsizeof(obj)
    if isinstance(obj, np.ndarray):
        return size if obj.base is None else size + obj.nbytes
    if isinstance(obj, dict):
        size += sum(held_bytes(k, seen) + held_bytes(v, seen) for k, v in obj.items())
    elif isinstance(obj, list | tuple | set):
        size += sum(held_bytes(x, seen) for x in obj)
    elif hasattr(obj, "__dict__"):
        size += held_bytes(vars(obj), seen)
    return size
