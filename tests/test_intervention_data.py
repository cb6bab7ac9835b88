"""Interventions from data (gutbrain_sim.interventions.data): field checks, day checks, and building
from any registry; the old import paths in gutbrain_sim.interventions keep working."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar

import pytest

from gutbrain_sim.core.errors import UserInputError
from gutbrain_sim.interventions import REGISTRY, Intervention, Probiotic, intervention_from_dict
from gutbrain_sim.interventions.data import FieldSpec, build_intervention, check_day, check_field


def message(fn, *args) -> str:
    with pytest.raises(UserInputError) as exc:
        fn(*args)
    text = str(exc.value)
    assert "\n" not in text
    return text


def test_old_import_paths_still_work():
    import gutbrain_sim.interventions as iv

    assert iv.FieldSpec is FieldSpec
    assert isinstance(Probiotic.FIELDS["viability"], FieldSpec)


def test_check_field_converts_to_the_stored_form():
    strains = Probiotic.FIELDS["strains"]
    assert check_field("probiotic", "strains", strains, ["bifidobacterium"], "W") == ("bifidobacterium",)
    hours = REGISTRY["stressor"].FIELDS["hours"]
    got = check_field("stressor", "hours", hours, 6.0, "W")
    assert got == 6 and type(got) is int
    dose = Probiotic.FIELDS["dose_cfu_per_day"]
    got = check_field("probiotic", "dose_cfu_per_day", dose, 10, "W")
    assert got == 10.0 and type(got) is float


@pytest.mark.parametrize("field, value, says", [
    ("viability", 1.5, "W: probiotic.viability=1.5 is out of range; allowed a number in [0, 1] fraction"),
    ("viability", math.nan, "W: probiotic.viability=nan is out of range; allowed a number in [0, 1] fraction"),
    ("viability", True, "W: probiotic.viability must be a number in [0, 1] fraction, got True"),
    ("viability", "high", "W: probiotic.viability must be a number in [0, 1] fraction, got 'high'"),
    ("dose_hour", 7.5, "W: probiotic.dose_hour must be a whole number, got 7.5"),
    ("carries_resistance", 1, "W: probiotic.carries_resistance must be true or false, got 1"),
    ("strains", [], "W: probiotic.strains must be a non-empty list of names; allowed: lactobacillus, bifidobacterium, butyrate_producers"),
    ("strains", ["lactobacillus", "lactobacillus"], "W: probiotic.strains lists a name twice"),
    ("strains", ["lactobacilus"], "W: probiotic.strains has unknown 'lactobacilus'; did you mean 'lactobacillus'?"),
])
def test_check_field_says_what_is_allowed(field, value, says):
    assert message(check_field, "probiotic", field, Probiotic.FIELDS[field], value, "W").startswith(says)


def test_check_day_counts_whole_hours():
    assert check_day("diet", "start_day", 3.375, "W") == 3.375  # 09:00 on day 3
    assert check_day("diet", "stop_day", 3650, "W") == 3650.0
    assert message(check_day, "diet", "start_day", 3.3, "W") == (
        "W: diet.start_day=3.3 is not on the hour (79.2 h); days count whole hours: use 3.29167 or 3.33333")
    for bad in (-1, 3651, math.inf, True, "1"):
        assert message(check_day, "diet", "stop_day", bad, "W") == f"W: diet.stop_day must be a number of days in [0, 3650], got {bad!r}"


@dataclass
class Tea(Intervention):
    TYPE: ClassVar[str] = "tea"
    FIELDS: ClassVar[dict[str, FieldSpec]] = {"cups": FieldSpec(2, "cups/day", "cups a day", 0, 10, kind=int)}


def test_build_uses_only_the_registry_it_is_given():
    tea = build_intervention({"tea": Tea}, {"type": "tea", "start_day": 1, "stop_day": 2.5, "cups": 4.0}, "W", 10)
    assert isinstance(tea, Tea) and tea.cups == 4 and tea.window_h() == (24, 60)
    assert message(build_intervention, {"tea": Tea}, {"type": "probiotic"}, "W") == (
        "W: unknown intervention type 'probiotic'; allowed: tea")
    assert message(build_intervention, {"tea": Tea}, {"type": "tea", "cup": 1}, "W") == (
        "W: tea has no field 'cup'; did you mean 'cups'? allowed: cups, start_day, stop_day")


def test_intervention_from_dict_is_build_over_the_registry():
    d = {"type": "probiotic", "start_day": 2, "stop_day": 9, "viability": 0.4}
    assert intervention_from_dict(d, "W", 28) == build_intervention(REGISTRY, d, "W", 28)
    assert message(intervention_from_dict, {"type": "lps_challenge", "start_day": 1, "stop_day": 2}, "W") == (
        "W: lps_challenge is a single event: give start_day only")
    assert message(intervention_from_dict, {"type": "diet", "start_day": 5, "stop_day": 5}, "W") == (
        "W: diet: stop_day (5) must be after start_day (5)")
    assert message(intervention_from_dict, {"type": "diet", "start_day": 12}, "W", 12) == (
        "W: diet: start_day 12 is at or after the end of the run (duration_days=12)")


def test_an_lps_challenge_weighs_an_adult_body_even_for_the_mouse():
    # the blood is simulated per adult body for every profile: a mouse's 25 g would dilute the bolus 2,800-fold
    from gutbrain_sim.core.errors import UserInputError
    from gutbrain_sim.scenario import scenario_from_dict

    spec = {"duration_days": 2, "host": "rodent", "interventions": [{"type": "lps_challenge", "start_day": 1}]}
    assert scenario_from_dict(spec).interventions[0].body_weight_kg == 70.0
    spec["interventions"][0]["body_weight_kg"] = 0.025
    with pytest.raises(UserInputError, match="body_weight_kg") as err:
        scenario_from_dict(spec)
    assert "\n" not in str(err.value) and "30" in str(err.value)
