"""What a person eats: a change of diet while it lasts, and a single fatty meal."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from ..params import set_by
from .base import Intervention, field_spec, from_parameter
from .constants import MEAL_FAT_WINDOW_H
from .data import FieldSpec


@dataclass
class Diet(Intervention):
    TYPE: ClassVar[str] = "diet"
    DESCRIPTION: ClassVar[str] = "A change of diet while it lasts: fibre, fat and simple sugar per day."
    EVIDENCE: ClassVar[str] = ("human studies (David 2014; Pendyala 2012; Jacka 2017); fat above the usual raises bile acids that "
                               "inhibit bile-sensitive fibre fermenters (direction David 2014, strength calibrated to C15)")
    # one field per diet parameter declared `set_by="diet"` in gutbrain_sim/params/: its name, default, unit, range, meaning
    FIELDS: ClassVar[dict[str, FieldSpec]] = {name: from_parameter(name) for name in set_by("diet")}

    def act(self, e, t_h, rng):
        for name in self.FIELDS:
            e.set_daily_intake(name, np.full(e.n, getattr(self, name)))


@dataclass
class HighFatMeal(Intervention):
    TYPE: ClassVar[str] = "high_fat_meal"
    SINGLE_EVENT: ClassVar[bool] = True
    EVENT_HOURS: ClassVar[int] = MEAL_FAT_WINDOW_H
    DESCRIPTION: ClassVar[str] = "One fatty meal: chylomicrons carry gut LPS into the blood for a few hours."
    EVIDENCE: ClassVar[str] = "human (Erridge 2007: +50% plasma endotoxin)"
    FIELDS: ClassVar[dict[str, FieldSpec]] = {"fat_g": field_spec(50.0, "g", "fat in the meal", 0.0, 200.0)}

    def act(self, e, t_h, rng):
        e.extra_fat_g = e.extra_fat_g + self.fat_g
