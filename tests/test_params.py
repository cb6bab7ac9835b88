"""Parameter declarations: one source of truth, validated with one-line errors."""

import numpy as np
import pytest

from gutbrain_sim.core.errors import UserInputError
from gutbrain_sim.params import EVIDENCE_KINDS, PARAMETERS, ParamSet, check_overrides
from gutbrain_sim.physiology import HOST_STATE
from gutbrain_sim.physiology.rates import capped


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


def _high(name: str) -> float:
    return PARAMETERS[name].high


# Each organ capacity bounds a host state: ``capped(x, cap)`` stays below cap + 1 however hard x
# pushes, so the capacity's upper limit (with the other parameters at theirs) gives the highest
# value the state can reach. ido_induction_capacity bounds no state alone (kynurenine also
# follows tryptophan and the TDO share): the physiology fuzz (tests/test_fuzz_params.py) covers it.
CAPACITY_BOUNDS = {
    "crp_synthesis_capacity_mg_per_l": [  # synthesis = drive / (1 + drive / capacity) < capacity; CRP follows it
        ("crp_mg_per_l", lambda: _high("crp_synthesis_capacity_mg_per_l")),
    ],
    "crh_drive_capacity": [  # CRH relaxes to capped(drive, capacity); ACTH follows CRH
        ("crh_rel", lambda: _high("crh_drive_capacity") + 1.0),
        ("acth_rel", lambda: _high("crh_drive_capacity") + 1.0),
    ],
    "adrenal_capacity": [  # cortisol relaxes to capped(ACTH, capacity) x the person's mean
        ("cortisol_nmol_per_l",
         lambda: capped(_high("crh_drive_capacity") + 1.0, _high("adrenal_capacity")) * _high("cortisol_mean_nmol_per_l")),
    ],
}


def test_every_capacity_at_its_upper_limit_keeps_its_state_in_the_declared_range():
    assert capped(1e12, 7.0) < 8.0 and capped(1.0, 7.0) == pytest.approx(1.0)  # the law the bounds rest on
    capacities = {n for n in PARAMETERS if "capacity" in n} - {"ido_induction_capacity"}
    assert capacities == set(CAPACITY_BOUNDS)  # a new capacity declares the state it bounds here
    for name, bounds in CAPACITY_BOUNDS.items():
        for state, highest in bounds:
            assert highest() <= HOST_STATE[state].high, (name, state, highest(), HOST_STATE[state].high)

