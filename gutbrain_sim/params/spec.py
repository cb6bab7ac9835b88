"""A parameter's declaration (ParamSpec), the evidence kinds, the guilds, and ``declare``, which the
declaration modules (gut, host, trials) call in order."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..core.errors import UserInputError

# Kinds of evidence behind a parameter (shown in the docs and the dashboard's rule panel).
EVIDENCE_KINDS = ("human", "animal", "in_vitro", "hypothesis", "convention", "calibrated")

GUILDS = ("lactobacillus", "bifidobacterium", "butyrate_producers", "bacteroides", "pathobionts")


@dataclass(frozen=True)
class ParamSpec:
    """One parameter's declaration."""

    name: str
    default: float
    unit: str
    low: float
    high: float
    description: str
    source: str
    evidence: str = "human"
    group: str = "host"
    integer: bool = False
    set_by: str = ""  # the intervention type that sets this parameter while it acts (its field of the same name)

    def check(self, value: object, where: str | None = None) -> float:
        """Return ``value`` as a float (or int) within range, or raise a one-line error."""
        if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
            raise UserInputError(
                f"{self.name} must be a number in [{self.low:g}, {self.high:g}] {self.unit}, "
                f"got {type(value).__name__} {value!r}",
                where=where,
            )
        v = float(value)
        if not math.isfinite(v) or v < self.low or v > self.high:
            raise UserInputError(
                f"{self.name}={value!r} is out of range; allowed [{self.low:g}, {self.high:g}] {self.unit}",
                where=where,
            )
        if self.integer:
            if v != int(v):
                raise UserInputError(f"{self.name} must be a whole number, got {value!r}", where=where)
            return int(v)
        return v


# every declaration, in declaration order (the modules gut, host, trials append to it when imported)
SPECS: list[ParamSpec] = []


def declare(name, default, unit, low, high, description, source, evidence="human", group="host", integer=False, set_by=""):
    """Declare one parameter (appended to SPECS; PARAMETERS keeps this order)."""
    SPECS.append(
        ParamSpec(name, default, unit, low, high, description, source, evidence, group, integer, set_by)
    )
