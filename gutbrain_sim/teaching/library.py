"""The eleven classroom exercises' checks: which seeded runs each makes and which numbers it reports.

Exercises 1-5 (the gut-brain chain and what a probiotic does for mood) live in ``library_mood``,
6-11 (what changes the gut and what follows) in ``library_perturbations``; importing this module
registers them all, in that order. Every scenario is written out as data (``scenario_spec``), so
an exercise's answers do not move when the scenario library is edited; each spec mirrors the
library scenario the exercise tells students to load. Arms of one exercise share a seed, so they
are the same person(s) in different worlds (common random numbers): differences are the intervention.
"""

from __future__ import annotations

from . import library_mood, library_perturbations  # noqa: F401 - registers exercises 1-5, then 6-11
from .exercises import PLACEBO, PROBIOTIC
from .library_mood import ANTI_ANAEROBE

__all__ = ["ANTI_ANAEROBE", "PLACEBO", "PROBIOTIC"]
