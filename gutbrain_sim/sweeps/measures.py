"""Sweep metrics: ``column:statistic`` labels, checked against the timeseries contract, and
their values computed from one run's timeseries, or from its running summary
(``recording.RunSummary``) when every metric can be answered from one (all but ``sd``).

Statistics: ``start``, ``end``, ``min``, ``max``, ``mean``, ``sd``, ``change`` (end - start),
``mean_last_<N>d`` and ``mean_first_<N>d`` (mean over the last/first N simulated days).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.errors import UserInputError, close_names
from ..metrics import TIMESERIES
from ..recording import SUMMARY_STATISTICS, WINDOW

STATISTICS = ("start", "end", "min", "max", "mean", "sd", "change", "mean_last_<N>d", "mean_first_<N>d")
_SKIP = ("time_h", "day")


@dataclass(frozen=True)
class Metric:
    column: str
    stat: str
    window_days: float | None = None

    @property
    def label(self) -> str:
        return f"{self.column}:{self.stat}"

    @property
    def unit(self) -> str:
        return TIMESERIES[self.column].unit


def parse_metric(label: object, where: str, duration_days: float) -> Metric:
    """``"depression_hamd:end"`` -> Metric, or a one-line error naming what is allowed."""
    if not isinstance(label, str) or label.count(":") != 1:
        raise UserInputError(f"metric {label!r} must look like \"column:statistic\" (e.g. \"depression_hamd:end\")", where=where)
    column, stat = label.split(":")
    columns = [c for c in TIMESERIES if c not in _SKIP]
    if column not in columns:
        raise UserInputError(f"metric {label!r}: unknown column {column!r}; {close_names(column, columns)} (timeseries columns; see docs/sweeps.md)", where=where)
    m = WINDOW.fullmatch(stat)
    if m:
        days = float(m.group(2))
        if not 0 < days <= duration_days:
            raise UserInputError(f"metric {label!r}: the window must be in (0, {duration_days:g}] days (the run's duration)", where=where)
        return Metric(column, stat, days)
    if stat not in STATISTICS:
        raise UserInputError(f"metric {label!r}: unknown statistic {stat!r}; allowed: {', '.join(STATISTICS)}", where=where)
    return Metric(column, stat)


def compute(frame, metrics: list[Metric]) -> dict[str, float]:
    """Each metric's value from one run's timeseries (a pandas DataFrame)."""
    out: dict[str, float] = {}
    day = frame["day"].to_numpy()
    for m in metrics:
        s = frame[m.column].to_numpy(dtype=float)
        if m.stat == "start":
            v = s[0]
        elif m.stat == "end":
            v = s[-1]
        elif m.stat == "min":
            v = s.min()
        elif m.stat == "max":
            v = s.max()
        elif m.stat == "mean":
            v = s.mean()
        elif m.stat == "sd":
            v = s.std(ddof=1) if len(s) > 1 else 0.0
        elif m.stat == "change":
            v = s[-1] - s[0]
        elif m.stat.startswith("mean_last_"):
            v = s[day > day[-1] - m.window_days].mean()
        else:  # mean_first_<N>d
            v = s[day < day[0] + m.window_days].mean()
        out[m.label] = float(v)
    return out


def summary_answers(metrics: list[Metric]) -> bool:
    """True if a run's running summary gives every metric exactly as ``compute`` would from
    its rows (everything but ``sd``, which needs the whole series twice)."""
    return all(m.stat in SUMMARY_STATISTICS or m.window_days is not None for m in metrics)


def summary_windows(metrics: list[Metric]) -> tuple[str, ...]:
    """The window statistics (``mean_last_<N>d``, ``mean_first_<N>d``) the summary must keep."""
    return tuple(dict.fromkeys(m.stat for m in metrics if m.window_days is not None))


def compute_from_summary(summary, metrics: list[Metric]) -> dict[str, float]:
    """Each metric's value from one run's ``RunSummary``: the same floats ``compute`` gives
    from that run's timeseries (tests/test_recording.py checks every statistic)."""
    return {m.label: summary.value(m.column, m.stat) for m in metrics}


def unit_of(label: str) -> str:
    """The unit of a result column such as ``depression_hamd:end:effect`` (its column's unit)."""
    col = TIMESERIES.get(label.split(":")[0])
    return col.unit if col else ""
