"""The `diet` intervention's fields are the diet parameters declared in gutbrain_sim/params/ (issue #13): names,
defaults, units, ranges and meanings cannot drift apart, and each field reaches the hour's exposure."""

from __future__ import annotations

import numpy as np
import pytest

from gutbrain_sim.core.errors import UserInputError
from gutbrain_sim.interventions import REGISTRY, Diet, Exposure, intervention_from_dict
from gutbrain_sim.params import PARAMETERS

DECLARED = [name for name, spec in PARAMETERS.items() if spec.set_by == "diet"]


def test_the_fields_are_exactly_the_declared_diet_intakes():
    assert list(Diet.FIELDS) == DECLARED
    assert DECLARED == ["fibre_g_per_day", "fat_g_per_day", "sugar_g_per_day"]  # the order scenario files are written in
    assert all(PARAMETERS[name].group == "diet" for name in DECLARED)


@pytest.mark.parametrize("name", DECLARED)
def test_each_field_carries_its_declaration(name):
    spec, field = PARAMETERS[name], Diet.FIELDS[name]
    assert (field.default, field.unit, field.low, field.high, field.description) == (
        spec.default, spec.unit, spec.low, spec.high, spec.description)
    assert getattr(Diet(), name) == spec.default


@pytest.mark.parametrize("name", DECLARED)
def test_the_declared_range_is_what_a_scenario_may_use(name):
    spec = PARAMETERS[name]
    assert intervention_from_dict({"type": "diet", name: spec.high}, "W").options[name] == spec.high
    assert intervention_from_dict({"type": "diet", name: spec.low}, "W").options[name] == spec.low
    with pytest.raises(UserInputError) as exc:
        intervention_from_dict({"type": "diet", name: spec.high + 1.0}, "W")
    assert f"allowed a number in [{spec.low:g}, {spec.high:g}] {spec.unit}" in str(exc.value)


def _intakes(e: Exposure) -> dict[str, float]:
    return {"fibre": float(e.carbs_g_per_day["fibre"][0]), "sugar": float(e.carbs_g_per_day["sugar"][0]),
            "fat": float(e.fat_g_per_day[0])}


@pytest.mark.parametrize("name", DECLARED)
def test_each_field_sets_its_own_intake_and_no_other(name):
    n = 3
    base = {"fibre": np.full(n, 1.0), "sugar": np.full(n, 2.0), "fat": np.full(n, 3.0)}
    e = Exposure.baseline(n, base)
    spec = PARAMETERS[name]
    value = spec.low + 0.37 * (spec.high - spec.low)
    Diet(options={name: value}).act(e, 0, np.random.default_rng(0))
    got = _intakes(e)
    food = name.removesuffix("_g_per_day")
    assert got[food] == pytest.approx(value)
    others = {k: v for k, v in got.items() if k != food}
    expected = {k: PARAMETERS[f"{k}_g_per_day"].default for k in others}  # the diet's other fields at their defaults
    assert others == pytest.approx(expected)
    assert e.carbs_g_per_day["inulin"].tolist() == [0.0] * n  # prebiotic fibres untouched


def test_every_set_by_names_a_field_of_that_intervention():
    for name, spec in PARAMETERS.items():
        if spec.set_by:
            assert name in REGISTRY[spec.set_by].FIELDS, name


def test_an_intake_the_exposure_cannot_hold_is_an_error():
    e = Exposure.baseline(1, {"fibre": np.ones(1), "sugar": np.ones(1), "fat": np.ones(1)})
    with pytest.raises(KeyError, match="salt_g_per_day"):
        e.set_daily_intake("salt_g_per_day", np.ones(1))
