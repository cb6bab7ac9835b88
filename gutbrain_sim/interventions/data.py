"""Interventions from data: the declaration of an intervention's fields and the checks that turn one table
of a scenario or trial file into a validated intervention (each problem is one ``UserInputError`` line).

The kinds themselves (what each intervention does, and ``to_dict`` back to data) live in the other modules of
``interventions``; this module knows them only through a registry ``{type name: class}`` passed in.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..core.checks import flag, number
from ..core.errors import UserInputError, close_names

if TYPE_CHECKING:
    from .base import Intervention

MAX_DAY = 3650  # start_day and stop_day: [0, MAX_DAY]


@dataclass(frozen=True)
class FieldSpec:
    """One field of an intervention kind: default, unit, description and what values are allowed."""

    default: Any
    unit: str
    description: str
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] | None = None
    kind: type = float


def check_field(type_name: str, name: str, spec: FieldSpec, value: Any, where: str) -> Any:
    """``value`` of field ``name`` checked against ``spec``; returns it in its stored form (list -> tuple)."""
    allowed = f"one of {', '.join(spec.choices)}" if spec.choices else (
        f"a number in [{spec.low:g}, {spec.high:g}] {spec.unit}" if spec.low is not None else spec.kind.__name__)
    if spec.kind is list:
        if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
            raise UserInputError(f"{type_name}.{name} must be a non-empty list of names; allowed: {', '.join(spec.choices)}", where=where)
        for v in value:
            if v not in spec.choices:
                raise UserInputError(f"{type_name}.{name} has unknown {v!r}; {close_names(v, spec.choices)}", where=where)
        if len(set(value)) != len(value):
            raise UserInputError(f"{type_name}.{name} lists a name twice", where=where)
        return tuple(value)
    if spec.kind is str:
        if not isinstance(value, str):
            raise UserInputError(f"{type_name}.{name} must be text ({allowed}), got {value!r}", where=where)
        if spec.choices and value not in spec.choices:
            raise UserInputError(f"{type_name}.{name}={value!r} is not allowed; {close_names(value, spec.choices)}", where=where)
        return value
    if spec.kind is bool:
        return flag(value, f"{type_name}.{name}", where)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise UserInputError(f"{type_name}.{name} must be {allowed}, got {value!r}", where=where)
    if not math.isfinite(value) or value < spec.low or value > spec.high:
        raise UserInputError(f"{type_name}.{name}={value!r} is out of range; allowed {allowed}", where=where)
    if spec.kind is int:
        if value != int(value):
            raise UserInputError(f"{type_name}.{name} must be a whole number, got {value!r}", where=where)
        return int(value)
    return float(value)


def check_day(type_name: str, key: str, value: Any, where: str) -> float:
    """A start_day or stop_day: a number of days in [0, MAX_DAY] that falls on a whole hour."""
    value = number(value, f"{type_name}.{key}", where, 0, MAX_DAY, unit="days")
    hours = value * 24.0
    if abs(hours - round(hours)) > 1e-3:
        raise UserInputError(
            f"{type_name}.{key}={value!r} is not on the hour ({hours:.4g} h); days count whole hours: "
            f"use {math.floor(hours) / 24:.6g} or {math.ceil(hours) / 24:.6g}", where=where)
    return value


def build_intervention(registry: Mapping[str, type[Intervention]], d: Any, where: str,
                       duration_days: float | None = None) -> Intervention:
    """Build and validate one intervention table against the kinds in ``registry``."""
    if not isinstance(d, dict):
        raise UserInputError("each [[interventions]] entry must be a table", where=where)
    kind = d.get("type")
    if not isinstance(kind, str) or kind not in registry:
        raise UserInputError(f"unknown intervention type {kind!r}; {close_names(str(kind), list(registry), limit=20)}", where=where)
    cls = registry[kind]
    options = {}
    start, stop = 0.0, math.inf
    for key, value in d.items():
        if key == "type":
            continue
        if key == "start_day":
            start = check_day(kind, key, value, where)
        elif key == "stop_day":
            stop = check_day(kind, key, value, where)
        elif key in cls.FIELDS:
            options[key] = check_field(kind, key, cls.FIELDS[key], value, where)
        else:
            allowed = ["start_day"] + ([] if cls.SINGLE_EVENT else ["stop_day"]) + list(cls.FIELDS)
            raise UserInputError(f"{kind} has no field {key!r}; {close_names(key, allowed, limit=20)}", where=where)
    if cls.SINGLE_EVENT and "stop_day" in d:
        raise UserInputError(f"{kind} is a single event: give start_day only", where=where)
    if stop <= start:
        raise UserInputError(f"{kind}: stop_day ({stop:g}) must be after start_day ({start:g})", where=where)
    if duration_days is not None and start >= duration_days:
        raise UserInputError(f"{kind}: start_day {start:g} is at or after the end of the run (duration_days={duration_days:g})", where=where)
    iv = cls(start_day=start, stop_day=stop, options=options)
    iv.check(where)
    return iv
