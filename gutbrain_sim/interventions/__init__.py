"""The kinds of intervention: small classes with a start and an end, read from and written to data.

``base`` holds what they share (the hourly ``Exposure``, the schedule in whole hours, field helpers),
``data`` the checks that turn a table of a scenario file into one; the kinds are grouped by what they
act on: ``microbes`` (probiotic, prebiotic, synbiotic, antibiotic, FMT), ``diet`` (diet, a fatty meal)
and ``host`` (stress, SSRI, psychotherapy, placebo, LPS challenge, CRH injection, knock-outs). ``REGISTRY`` lists
them explicitly, in the order the documentation and the dashboard show them.
"""

from __future__ import annotations

from .base import Exposure, Intervention, day_to_hour
from .data import FieldSpec, build_intervention
from .diet import Diet, HighFatMeal
from .host import (
    KNOCKOUT_LINKS,
    SSRI,
    CRHInjection,
    Knockout,
    LPSChallenge,
    Placebo,
    Psychotherapy,
    Stressor,
)
from .microbes import (
    ANTIBIOTIC_SPECTRA,
    FIBRE_KINDS,
    FMT,
    Antibiotic,
    Prebiotic,
    Probiotic,
    Synbiotic,
)

KINDS: tuple[type[Intervention], ...] = (
    Probiotic, Prebiotic, Synbiotic, Antibiotic, Diet, HighFatMeal, Stressor, SSRI, Psychotherapy, Placebo,
    LPSChallenge, CRHInjection, FMT, Knockout)
REGISTRY: dict[str, type[Intervention]] = {cls.TYPE: cls for cls in KINDS}


def intervention_from_dict(d: dict, where: str, duration_days: float | None = None) -> Intervention:
    """Build and validate one intervention table (the checks live in ``interventions.data``)."""
    return build_intervention(REGISTRY, d, where, duration_days)


__all__ = [
    "ANTIBIOTIC_SPECTRA", "CRHInjection", "FIBRE_KINDS", "FMT", "KINDS", "KNOCKOUT_LINKS", "REGISTRY", "SSRI", "Antibiotic", "Diet",
    "Exposure", "FieldSpec", "HighFatMeal", "Intervention", "Knockout", "LPSChallenge", "Placebo", "Prebiotic",
    "Probiotic", "Psychotherapy", "Stressor", "Synbiotic", "day_to_hour", "intervention_from_dict",
]
