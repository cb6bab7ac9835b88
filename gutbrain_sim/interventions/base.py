"""What every intervention shares: the hourly ``Exposure`` it writes into, and the schedule (a window
[start_day, stop_day) in whole hours) with its fields read from and written to data.

Timing (model time is whole hours; hour 0 is the first hour of day 0, after the warm-up):
  * ``start_day = d`` takes effect at hour ``24*d``, the first hour of day d (00:00), and
    never before; ``stop_day`` is exclusive: the last active hour is ``24*stop_day - 1``.
  * Fractional days are hours: ``start_day = 3.375`` is hour 81, 09:00 on day 3. A day
    value must fall on a whole hour (multiples of 1/24 day, to 0.001 h).
  * The model advances hour t -> t+1 in one step and records the state at its end, so the
    timeseries row stamped ``time_h = 24*d`` is the state just before the intervention
    first acts; its first effect shows in the row stamped ``24*d + 1``.
  * Single events (``lps_challenge``, ``fmt``, ``high_fat_meal``) and acute stressors take
    ``start_day`` only; they last 1 h, 1 h, 4 h and ``hours`` respectively.
  * Daily products (probiotic, synbiotic) are swallowed at ``dose_hour`` each day of their
    window; their expectancy acts from the first hour.

Each hour, every active intervention writes what it does into an ``Exposure`` (vectorised
over hosts), drawing any randomness from its own named stream.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from ..params import PARAMETERS
from .data import FieldSpec


@dataclass
class Exposure:
    """What acts on each of n hosts during one hour."""

    n: int
    carbs_g_per_day: dict[str, np.ndarray]
    fat_g_per_day: np.ndarray
    extra_fat_g: np.ndarray
    stress: np.ndarray
    ssri: np.ndarray
    expectancy: np.ndarray
    psychotherapy: np.ndarray
    lps_iv_pg: np.ndarray
    vagus_intact: np.ndarray
    ido_blocked: np.ndarray
    antibiotic_mic: np.ndarray
    antibiotic_kill: np.ndarray | None = None
    barrier_sealed: bool = False
    lps_added_ug: np.ndarray | None = None
    strain_vagus_blocked: np.ndarray | float = 0.0  # knock-out of the strains' contact route to vagal afferents
    crh_iv_ug: np.ndarray | float = 0.0  # intravenous CRH given this hour, ug (crh_injection)
    donor_share: np.ndarray | None = None  # FMT: per-guild CFU as a share of a full community
    # (guild, cfu per host, probiotic?, resistant?) arriving this hour
    doses: list[tuple[int, np.ndarray, bool, bool]] = field(default_factory=list)

    def set_daily_intake(self, parameter: str, g_per_day: np.ndarray) -> None:
        """Replace one daily intake named by its diet parameter (``<food>_g_per_day``): fat, or a carbohydrate."""
        food = parameter.removesuffix("_g_per_day")
        if food == "fat":
            self.fat_g_per_day = g_per_day
        elif food in self.carbs_g_per_day:
            self.carbs_g_per_day[food] = g_per_day
        else:
            raise KeyError(f"the exposure has no daily intake for {parameter!r}")

    @classmethod
    def baseline(cls, n: int, diet: dict[str, np.ndarray]) -> Exposure:
        z = np.zeros(n)
        carbs = {"fibre": diet["fibre"].copy(), "inulin": z.copy(), "fos": z.copy(), "gos": z.copy(), "sugar": diet["sugar"].copy()}
        return cls(n, carbs, diet["fat"].copy(), z.copy(), z.copy(), z.copy(), z.copy(), z.copy(), z.copy(),
                   np.ones(n), z.copy(), z.copy(), lps_added_ug=z.copy())


def day_to_hour(day: float) -> int:
    """Scenario day -> model hour (days are counted in whole hours)."""
    return int(round(day * 24.0))


@dataclass
class Intervention:
    """Base class: a window [start_day, stop_day) and the type's own fields."""

    TYPE: ClassVar[str] = ""
    FIELDS: ClassVar[dict[str, FieldSpec]] = {}
    DESCRIPTION: ClassVar[str] = ""
    EVIDENCE: ClassVar[str] = ""
    SINGLE_EVENT: ClassVar[bool] = False
    EVENT_HOURS: ClassVar[int] = 1  # how long a single event acts, from start_day

    start_day: float = 0.0
    stop_day: float = math.inf
    options: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # every field present (defaults filled in), so equal scenarios compare equal
        self.options = {name: spec.default for name, spec in type(self).FIELDS.items()} | dict(self.options)

    def __getattr__(self, name: str):
        spec = type(self).FIELDS.get(name)
        if spec is not None:
            return self.__dict__.get("options", {}).get(name, spec.default)
        raise AttributeError(name)

    def window_h(self) -> tuple[int, float]:
        """Model hours [first, end) in which this intervention acts."""
        first = day_to_hour(self.start_day)
        if self.SINGLE_EVENT:
            return first, first + self.EVENT_HOURS
        return first, (math.inf if math.isinf(self.stop_day) else day_to_hour(self.stop_day))

    def active(self, t_h: float) -> bool:
        first, end = self.window_h()
        return first <= t_h < end

    def check(self, where: str) -> None:
        """Type-specific checks beyond single fields (raise UserInputError)."""

    def forget_draws(self) -> None:
        """Drop per-person draws held over hours (the people they were drawn for changed)."""
        self.__dict__.pop("_taken", None)

    def act(self, e: Exposure, t_h: float, rng: np.random.Generator) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"type": self.TYPE, "start_day": self.start_day}
        if math.isfinite(self.stop_day) and not self.SINGLE_EVENT:
            d["stop_day"] = self.stop_day
        for name, _spec in self.FIELDS.items():
            value = getattr(self, name)
            d[name] = list(value) if isinstance(value, tuple) else value
        return d


def field_spec(default, unit, description, low=None, high=None, choices=None, kind=float) -> FieldSpec:
    """One field of an intervention kind (shorthand for ``FieldSpec``)."""
    return FieldSpec(default, unit, description, low, high, choices, kind)


def from_parameter(name: str) -> FieldSpec:
    """An intervention field that sets a declared parameter: its default, unit, range and description."""
    spec = PARAMETERS[name]
    return field_spec(spec.default, spec.unit, spec.description, spec.low, spec.high)


EXPECTANCY = field_spec(1.0, "0-1", "how much the person believes this helps (drives the placebo effect)", 0.0, 1.0)
DOSE_HOUR = field_spec(8, "h of day", "clock hour of the daily dose", 0, 23, kind=int)


def daily_dose_now(t_h: float, hour: int) -> bool:
    """Whether hour ``t_h`` is the day's dose hour."""
    return int(t_h) % 24 == int(hour)
