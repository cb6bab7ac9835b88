"""Every model parameter, declared once: default, unit, plausible range, meaning, source.

Validation, dashboard sliders, sweep ranges, scenario checks and the parameter table in
docs/model.md are all generated from ``PARAMETERS``. Model time unit: one hour.

A value may be a float (one host) or a numpy array of shape ``(n_hosts,)`` (a cohort);
the physiology broadcasts over either.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import numpy as np

from ..core.errors import UserInputError, close_names
from . import gut, host, trials  # noqa: F401 - declare the parameters, in this order
from .spec import EVIDENCE_KINDS, GUILDS, SPECS, ParamSpec, declare

__all__ = ["EVIDENCE_KINDS", "GUILDS", "PARAMETERS", "ParamSet", "ParamSpec", "check_overrides", "declare",
           "defaults", "guild_vector", "set_by"]

PARAMETERS: dict[str, ParamSpec] = {s.name: s for s in SPECS}


def set_by(intervention_type: str) -> tuple[str, ...]:
    """Names of the parameters an intervention of this type sets while it acts (declaration order)."""
    return tuple(name for name, spec in PARAMETERS.items() if spec.set_by == intervention_type)


def defaults() -> dict[str, float]:
    """Every parameter at its default."""
    return {name: spec.default for name, spec in PARAMETERS.items()}


def check_overrides(overrides: Mapping[str, object], where: str | None = None) -> dict[str, float]:
    """Validate names and ranges of ``overrides``; return them as numbers."""
    out: dict[str, float] = {}
    for key, value in overrides.items():
        spec = PARAMETERS.get(key)
        if spec is None:
            raise UserInputError(
                f"unknown parameter {key!r}; {close_names(key, list(PARAMETERS))}", where=where
            )
        out[key] = spec.check(value, where=where)
    return out


class ParamSet(Mapping):
    """Resolved parameters: defaults plus validated overrides, read as attributes.

    Values are floats, or arrays of shape (n_hosts,) when hosts differ.
    """

    def __init__(self, values: Mapping[str, object] | None = None, *, where: str | None = None):
        merged = defaults()
        merged.update(check_overrides(values or {}, where=where))
        object.__setattr__(self, "_values", merged)

    @classmethod
    def trusted(cls, values: dict[str, object]) -> ParamSet:
        """Build from values already validated (e.g. per-host arrays drawn from a profile)."""
        obj = cls.__new__(cls)
        object.__setattr__(obj, "_values", dict(values))
        return obj

    def __getattr__(self, name: str):
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name, value):
        raise AttributeError("ParamSet is read-only; pass overrides when creating it")

    def __getitem__(self, key):
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def replace(self, **changes) -> ParamSet:
        merged = dict(self._values)
        merged.update(changes)
        return ParamSet.trusted(merged)

    def as_plain(self) -> dict[str, float | list[float]]:
        """JSON-friendly copy."""
        return {
            k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in self._values.items()
        }


def guild_vector(p: Mapping, suffix: str) -> np.ndarray:
    """Per-guild values of ``<guild>_<suffix>`` as an array in GUILDS order (scalar params only)."""
    return np.array([float(p[f"{g}_{suffix}"]) for g in GUILDS])
