"""The kinds of intervention: small classes with a start and an end, read from and written to data.

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
over hosts), drawing any randomness from its own named stream. Products (what is given)
are kept apart from the schedule (when).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from .core.errors import UserInputError
from .intervention_data import FieldSpec, build_intervention
from .params import GUILDS, PARAMETERS

FIBRE_KINDS = ("inulin", "fos", "gos")
ANTIBIOTIC_SPECTRA = {
    # per-guild susceptibility multipliers (lacto, bifido, butyrate, bacteroides, pathobionts)
    "broad": (1.0, 1.0, 1.0, 1.0, 1.0),  # e.g. amoxicillin-clavulanate, ciprofloxacin+
    "anti_anaerobe": (0.3, 1.0, 1.2, 1.2, 0.1),  # e.g. clindamycin, metronidazole
    "gram_negative": (0.1, 0.1, 0.2, 0.8, 1.2),  # e.g. fluoroquinolone-like
}
KNOCKOUT_LINKS = ("vagus", "ido", "barrier")


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
    donor_share: np.ndarray | None = None  # FMT: per-guild CFU as a share of a full community
    # (guild, cfu per host, probiotic?, resistant?) arriving this hour
    doses: list[tuple[int, np.ndarray, bool, bool]] = field(default_factory=list)

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


REGISTRY: dict[str, type[Intervention]] = {}


def register(cls: type[Intervention]) -> type[Intervention]:
    REGISTRY[cls.TYPE] = cls
    return cls


def _f(default, unit, description, low=None, high=None, choices=None, kind=float):
    return FieldSpec(default, unit, description, low, high, choices, kind)


def _from_parameter(name: str) -> FieldSpec:
    """An intervention field that sets a declared parameter: its default, unit, range and description."""
    spec = PARAMETERS[name]
    return _f(spec.default, spec.unit, spec.description, spec.low, spec.high)


_EXPECT = _f(1.0, "0-1", "how much the person believes this helps (drives the placebo effect)", 0.0, 1.0)
_DOSE_HOUR = _f(8, "h of day", "clock hour of the daily dose", 0, 23, kind=int)


def _daily_dose_now(t_h: float, hour: int) -> bool:
    return int(t_h) % 24 == int(hour)


def _add_product_doses(e: Exposure, strains, dose_cfu, viability, contamination, resistant, rng) -> None:
    """A day's probiotic dose: live CFU of each strain, plus any contaminating pathobionts."""
    batch = np.clip(rng.lognormal(0.0, 0.2, e.n), 0.3, 3.0)  # batch-to-batch viable count variation
    live = dose_cfu * viability * batch
    for s in strains:
        e.doses.append((GUILDS.index(s), live / len(strains), True, bool(resistant)))
    if contamination > 0:
        e.doses.append((GUILDS.index("pathobionts"), dose_cfu * contamination * batch, False, False))
        # Gram-negative contaminants carry their LPS: ~15 fg per cell (Watson 1977)
        e.lps_added_ug = e.lps_added_ug + dose_cfu * contamination * batch * 15e-9


_PROBIOTIC_FIELDS = {
    "strains": _f(("lactobacillus", "bifidobacterium"), "guilds", "which genera the product contains", choices=("lactobacillus", "bifidobacterium", "butyrate_producers"), kind=list),
    "dose_cfu_per_day": _f(1e10, "CFU/day", "labelled dose", 0.0, 1e13),
    "viability": _f(1.0, "fraction", "fraction of the labelled dose alive (real products: often 0.1-0.6, Drago 2010)", 0.0, 1.0),
    "contamination": _f(0.0, "fraction", "pathobionts per labelled CFU in a low-quality product", 0.0, 0.5),
    "carries_resistance": _f(False, "yes/no", "the strain carries a transferable antibiotic-resistance gene", kind=bool),
    "dose_hour": _DOSE_HOUR,
    "expectancy": _EXPECT,
}
_PREBIOTIC_FIELDS = {
    "fibre": _f("gos", "kind", "which prebiotic fibre", choices=FIBRE_KINDS, kind=str),
    "g_per_day": _f(7.0, "g/day", "prebiotic taken per day", 0.0, 40.0),
    "expectancy": _EXPECT,
}


@register
@dataclass
class Probiotic(Intervention):
    TYPE: ClassVar[str] = "probiotic"
    DESCRIPTION: ClassVar[str] = ("Live bacteria taken daily; they pass through and adhere briefly. Where they hold adhesion places they "
                                  "tighten junctions (less LPS -> less inflammation and cortisol); their lactate and GABA join the gut's.")
    EVIDENCE: ClassVar[str] = ("strain actions in the gut only: tight-junction contact (Karczewski 2010, human, direction; strength "
                               "calibrated to C1), lactate cross-feeding and GABA (in vitro rates); no CFU -> host shortcut")
    FIELDS: ClassVar[dict[str, FieldSpec]] = _PROBIOTIC_FIELDS

    def act(self, e, t_h, rng):
        e.expectancy = np.maximum(e.expectancy, self.expectancy)
        if _daily_dose_now(t_h, self.dose_hour):
            _add_product_doses(e, self.strains, self.dose_cfu_per_day, self.viability, self.contamination, self.carries_resistance, rng)


@register
@dataclass
class Prebiotic(Intervention):
    TYPE: ClassVar[str] = "prebiotic"
    DESCRIPTION: ClassVar[str] = "Fermentable fibre (inulin, FOS, GOS) that feeds the guilds able to eat it."
    EVIDENCE: ClassVar[str] = "human RCTs (microbiome, cortisol); depression effect not significant"
    FIELDS: ClassVar[dict[str, FieldSpec]] = _PREBIOTIC_FIELDS

    def act(self, e, t_h, rng):
        e.expectancy = np.maximum(e.expectancy, self.expectancy)
        e.carbs_g_per_day[self.fibre] = e.carbs_g_per_day[self.fibre] + self.g_per_day


@register
@dataclass
class Synbiotic(Intervention):
    TYPE: ClassVar[str] = "synbiotic"
    DESCRIPTION: ClassVar[str] = "A probiotic and a prebiotic taken together."
    EVIDENCE: ClassVar[str] = "the probiotic's strain actions (tight-junction contact calibrated to C1) plus the prebiotic's fibre; few human RCTs"
    FIELDS: ClassVar[dict[str, FieldSpec]] = {**_PROBIOTIC_FIELDS, **_PREBIOTIC_FIELDS}

    def act(self, e, t_h, rng):
        Probiotic.act(self, e, t_h, rng)
        Prebiotic.act(self, e, t_h, rng)


@register
@dataclass
class Antibiotic(Intervention):
    TYPE: ClassVar[str] = "antibiotic"
    DESCRIPTION: ClassVar[str] = "An oral antibiotic course: kills susceptible guilds in the lumen while it lasts."
    EVIDENCE: ClassVar[str] = "human cohort studies (Dethlefsen & Relman 2011; Palleja 2018)"
    FIELDS: ClassVar[dict[str, FieldSpec]] = {
        "spectrum": _f("broad", "kind", "which guilds it hits", choices=tuple(ANTIBIOTIC_SPECTRA), kind=str),
        "strength_mic": _f(8.0, "x MIC", "luminal concentration while taken, in multiples of the MIC", 0.0, 100.0),
    }

    def act(self, e, t_h, rng):
        e.antibiotic_mic = np.maximum(e.antibiotic_mic, self.strength_mic)
        e.antibiotic_kill = np.array(ANTIBIOTIC_SPECTRA[self.spectrum])


@register
@dataclass
class Diet(Intervention):
    TYPE: ClassVar[str] = "diet"
    DESCRIPTION: ClassVar[str] = "A change of diet while it lasts: fibre, fat and simple sugar per day."
    EVIDENCE: ClassVar[str] = "human studies (David 2014; Jacka 2017)"
    # the diet's fields are the host's diet parameters: default, unit, range and meaning from params.py
    FIELDS: ClassVar[dict[str, FieldSpec]] = {name: _from_parameter(name) for name in ("fibre_g_per_day", "fat_g_per_day", "sugar_g_per_day")}

    def act(self, e, t_h, rng):
        e.carbs_g_per_day["fibre"] = np.full(e.n, self.fibre_g_per_day)
        e.carbs_g_per_day["sugar"] = np.full(e.n, self.sugar_g_per_day)
        e.fat_g_per_day = np.full(e.n, self.fat_g_per_day)


@register
@dataclass
class HighFatMeal(Intervention):
    TYPE: ClassVar[str] = "high_fat_meal"
    SINGLE_EVENT: ClassVar[bool] = True
    EVENT_HOURS: ClassVar[int] = 4
    DESCRIPTION: ClassVar[str] = "One fatty meal: chylomicrons carry gut LPS into the blood for a few hours."
    EVIDENCE: ClassVar[str] = "human (Erridge 2007: +50% plasma endotoxin)"
    FIELDS: ClassVar[dict[str, FieldSpec]] = {"fat_g": _f(50.0, "g", "fat in the meal", 0.0, 200.0)}

    def act(self, e, t_h, rng):
        e.extra_fat_g = e.extra_fat_g + self.fat_g


@register
@dataclass
class Stressor(Intervention):
    TYPE: ClassVar[str] = "stressor"
    DESCRIPTION: ClassVar[str] = "Psychological stress: acute (an episode of some hours) or chronic (days to weeks, in waking hours)."
    EVIDENCE: ClassVar[str] = "human (Vanuytsel 2014 L/M via CRH and mast cells; Dickerson & Kemeny 2004 cortisol): both reproduced by `gutbrain calibrate --sources`"
    FIELDS: ClassVar[dict[str, FieldSpec]] = {
        "kind": _f("chronic", "kind", "acute or chronic", choices=("acute", "chronic"), kind=str),
        "magnitude": _f(1.0, "stress units", "1 = a hard week; 2 = severe", 0.0, 5.0),
        "hours": _f(2, "h", "length of an acute episode (whole hours)", 1, 72, kind=int),
    }

    def window_h(self):
        if self.kind == "acute":
            first = day_to_hour(self.start_day)
            return first, first + self.hours
        return super().window_h()

    def check(self, where):
        if self.kind == "acute" and math.isfinite(self.stop_day):
            raise UserInputError("an acute stressor lasts `hours` from start_day; give hours (1-72), not stop_day "
                                 "(or use kind = \"chronic\" with start_day and stop_day)", where=where)

    def act(self, e, t_h, rng):
        awake = self.kind == "acute" or 7 <= int(t_h) % 24 < 23
        if awake:
            e.stress = e.stress + self.magnitude


@register
@dataclass
class SSRI(Intervention):
    TYPE: ClassVar[str] = "ssri"
    DESCRIPTION: ClassVar[str] = "An antidepressant (SSRI): raises serotonin signalling within days and BDNF over weeks; mood follows over weeks."
    EVIDENCE: ClassVar[str] = "human RCTs (Cipriani 2018)"
    FIELDS: ClassVar[dict[str, FieldSpec]] = {
        "adherence": _f(0.8, "fraction", "fraction of days the dose is taken", 0.0, 1.0),
        "expectancy": _EXPECT,
    }

    def act(self, e, t_h, rng):
        e.expectancy = np.maximum(e.expectancy, self.expectancy)
        if not hasattr(self, "_taken") or int(t_h) % 24 == 0:
            self._taken = (rng.random(e.n) < self.adherence).astype(float)
        e.ssri = np.maximum(e.ssri, self._taken)


@register
@dataclass
class Psychotherapy(Intervention):
    TYPE: ClassVar[str] = "psychotherapy"
    DESCRIPTION: ClassVar[str] = "Weekly psychotherapy: lowers the non-biological part of depression over weeks."
    EVIDENCE: ClassVar[str] = "human RCTs (Cuijpers 2013)"
    FIELDS: ClassVar[dict[str, FieldSpec]] = {"expectancy": _EXPECT}

    def act(self, e, t_h, rng):
        e.psychotherapy = np.ones(e.n)
        e.expectancy = np.maximum(e.expectancy, self.expectancy)


@register
@dataclass
class Placebo(Intervention):
    TYPE: ClassVar[str] = "placebo"
    DESCRIPTION: ClassVar[str] = "A dummy pill: expecting to be helped relieves perceived stress, which calms the HPA axis and lets the episode run its course faster; no drug action."
    EVIDENCE: ClassVar[str] = "mechanism a hypothesis (expectancy -> perceived stress), its strength calibrated to C4 and C12 (human placebo arms, Furukawa 2016; wait-list, Posternak & Miller 2001)"
    FIELDS: ClassVar[dict[str, FieldSpec]] = {"expectancy": _EXPECT}

    def act(self, e, t_h, rng):
        e.expectancy = np.maximum(e.expectancy, self.expectancy)


@register
@dataclass
class LPSChallenge(Intervention):
    TYPE: ClassVar[str] = "lps_challenge"
    SINGLE_EVENT: ClassVar[bool] = True
    DESCRIPTION: ClassVar[str] = "An intravenous bolus of free endotoxin (far more potent than the gut's lipoprotein-bound LPS): TNF and IL-6 within hours, CRP a day later, low mood while cytokines are raised."
    EVIDENCE: ClassVar[str] = "human experiments (Reichenberg 2001; Eisenberger 2010; Moieni 2015), reproduced as C13 and by `gutbrain calibrate --sources`; potency calibrated"
    FIELDS: ClassVar[dict[str, FieldSpec]] = {
        "dose_ng_per_kg": _f(0.8, "ng/kg", "endotoxin dose", 0.0, 4.0),
        "body_weight_kg": _f(70.0, "kg", "body weight", 0.02, 200.0),
    }

    def act(self, e, t_h, rng):
        e.lps_iv_pg = e.lps_iv_pg + self.dose_ng_per_kg * self.body_weight_kg * 1000.0


@register
@dataclass
class FMT(Intervention):
    TYPE: ClassVar[str] = "fmt"
    SINGLE_EVENT: ClassVar[bool] = True
    DESCRIPTION: ClassVar[str] = "Faecal microbiota transplant: a donor community seeded into the colon at once."
    EVIDENCE: ClassVar[str] = "human (Suez 2018 after antibiotics; recurrent C. difficile)"
    FIELDS: ClassVar[dict[str, FieldSpec]] = {
        "donor": _f("healthy", "host profile or run folder", "where the donor community comes from", kind=str),
        "fraction": _f(0.3, "fraction", "donor CFU relative to a full resident community", 0.0, 1.0),
    }

    def check(self, where):
        from .hosts import donor_composition

        donor_composition(self.donor, where=f"{where} fmt.donor")

    def act(self, e, t_h, rng):
        from .hosts import donor_composition

        e.donor_share = donor_composition(self.donor) * self.fraction


@register
@dataclass
class Knockout(Intervention):
    TYPE: ClassVar[str] = "knockout"
    DESCRIPTION: ClassVar[str] = "Teaching knock-out: cut one link of the chain (vagus, IDO, or seal the barrier) to see what it carries."
    EVIDENCE: ClassVar[str] = "animal experiments (vagotomy: Bravo 2011); thought experiment"
    FIELDS: ClassVar[dict[str, FieldSpec]] = {"link": _f("vagus", "link", "which link to cut", choices=KNOCKOUT_LINKS, kind=str)}

    def act(self, e, t_h, rng):
        if self.link == "vagus":
            e.vagus_intact = np.zeros(e.n)
        elif self.link == "ido":
            e.ido_blocked = np.ones(e.n)
        else:
            e.barrier_sealed = True


def intervention_from_dict(d: dict, where: str, duration_days: float | None = None) -> Intervention:
    """Build and validate one intervention table (the checks live in ``intervention_data``)."""
    return build_intervention(REGISTRY, d, where, duration_days)
