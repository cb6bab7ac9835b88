"""Parameter declarations: one source of truth, validated with one-line errors."""

import numpy as np
import pytest

from gutbrain_sim.core.errors import UserInputError
from gutbrain_sim.params import EVIDENCE_KINDS, PARAMETERS, ParamSet, check_overrides


def test_every_default_lies_in_its_declared_range_with_unit_and_source():
    for spec in PARAMETERS.values():
        assert spec.low <= spec.default <= spec.high, spec.name
        assert spec.unit and spec.description and spec.source, spec.name
        assert spec.evidence in EVIDENCE_KINDS, spec.name


def test_unknown_parameter_names_close_matches_on_one_line():
    with pytest.raises(UserInputError) as exc:
        check_overrides({"fibre_g_per_dya": 10}, where="x.toml [params]")
    msg = str(exc.value)
    assert "\n" not in msg
    assert msg.startswith("x.toml [params]: unknown parameter 'fibre_g_per_dya'")
    assert "fibre_g_per_day" in msg


def test_out_of_range_value_states_the_allowed_range_and_unit():
    with pytest.raises(UserInputError, match=r"fibre_g_per_day=300 is out of range; allowed \[0, 80\] g/day"):
        check_overrides({"fibre_g_per_day": 300})


@pytest.mark.parametrize("bad", ["ten", True, float("nan"), float("inf"), [1]])
def test_non_numbers_are_rejected(bad):
    with pytest.raises(UserInputError):
        check_overrides({"transit_h": bad})


def test_integer_parameters_reject_fractions():
    with pytest.raises(UserInputError, match="whole number"):
        check_overrides({"grid_length_cells": 40.5})


def test_paramset_reads_overrides_and_is_read_only():
    p = ParamSet({"fibre_g_per_day": 30})
    assert p.fibre_g_per_day == 30.0
    assert p.transit_h == PARAMETERS["transit_h"].default
    with pytest.raises(AttributeError):
        p.transit_h = 3
    assert np.isclose(p.replace(transit_h=20.0).transit_h, 20.0)
