"""The shared one-line value checks (gutbrain_sim.core.checks) and the messages scenario files, trial specs
and interventions give through them."""

from __future__ import annotations

import math

import pytest

from gutbrain_sim.core.checks import flag, is_number, known_keys, number, text
from gutbrain_sim.core.errors import UserInputError
from gutbrain_sim.interventions import intervention_from_dict
from gutbrain_sim.scenario import scenario_from_dict
from gutbrain_sim.trials.spec import trial_spec_from_dict


def message(fn, *args, **kw) -> str:
    with pytest.raises(UserInputError) as exc:
        fn(*args, **kw)
    assert "\n" not in str(exc.value)
    return str(exc.value)


def test_is_number_refuses_booleans_and_non_finite():
    assert is_number(0) and is_number(-2.5) and is_number(10**30)
    for bad in (True, False, math.nan, math.inf, -math.inf, "1", None, [1]):
        assert not is_number(bad), bad


def test_number_returns_the_stored_form_and_keeps_bounds():
    got = number(3, "k", "W", 0, 5)
    assert got == 3.0 and type(got) is float
    got = number(4.0, "k", "W", 0, 5, whole=True)
    assert got == 4 and type(got) is int
    assert number(0, "k", "W", 0, 5) == 0.0 and number(5, "k", "W", 0, 5) == 5.0  # bounds are inclusive
    assert message(number, 4.0, "seed", "W", 0, 9, whole=True, int_only=True) == "W: seed must be a whole number in [0, 9], got 4.0"


@pytest.mark.parametrize("value", [-0.1, 5.1, 2.5, True, "3", math.nan, math.inf, None])
def test_number_message_names_the_key_range_and_value(value):
    assert message(number, value, "n_per_arm", "W", 0, 5, whole=True) == f"W: n_per_arm must be a whole number in [0, 5], got {value!r}"


def test_number_with_unit_and_shown_bounds():
    assert message(number, 0.01, "duration_days", "W", 1 / 24, 3650, unit="days", shown="[0.042, 3650]") == (
        "W: duration_days must be a number of days in [0.042, 3650], got 0.01")
    assert number(1 / 24, "duration_days", "W", 1 / 24, 3650) == 1 / 24


def test_flag_text_and_keys():
    assert flag(False, "blinded", "W") is False
    assert message(flag, 1, "blinded", "W") == "W: blinded must be true or false, got 1"
    assert text("x", "name", "W") == "x" and text(" ", "description", "W", blank_ok=True) == " "
    assert message(text, "", "name", "W") == "W: name must be non-empty text, got ''"
    assert message(text, 3, "description", "W", blank_ok=True) == "W: description must be non-empty text, got 3"
    known_keys({"name": 1}, ("name", "seed"), "W")
    assert message(known_keys, {"sed": 1}, ("name", "seed"), "W") == "W: unknown key 'sed'; did you mean 'seed'? allowed: name, seed"
    assert message(known_keys, {"sed": 1}, ("seed", "name"), "W", suggest=False) == "W: unknown key 'sed'; allowed: seed, name"


SC = {"duration_days": 5, "host": "healthy"}
TRIAL = {"population": "mdd", "arms": [{"name": "placebo", "interventions": [{"type": "placebo"}]},
                                       {"name": "pro", "interventions": [{"type": "probiotic"}]}]}


@pytest.mark.parametrize("build, says", [
    (lambda: scenario_from_dict({**SC, "seed": 4.0}, "f.toml"), "f.toml: seed must be a whole number in [0, 4294967295], got 4.0"),
    (lambda: scenario_from_dict({**SC, "duration_days": 0}, "f.toml"), "f.toml: duration_days must be a number of days in [0.042, 3650], got 0"),
    (lambda: scenario_from_dict({**SC, "name": ""}, "f.toml"), "f.toml: name must be non-empty text, got ''"),
    (lambda: scenario_from_dict({**SC, "hots": "x"}, "f.toml"), "f.toml: unknown key 'hots'; did you mean 'host'?"),
    (lambda: trial_spec_from_dict({**TRIAL, "n_per_arm": 2.5}, "t.toml"), "t.toml: n_per_arm must be a whole number in [2, 5000], got 2.5"),
    (lambda: trial_spec_from_dict({**TRIAL, "dropout": 0.95}, "t.toml"), "t.toml: dropout must be a number in [0, 0.9], got 0.95"),
    (lambda: trial_spec_from_dict({**TRIAL, "seed": -1}, "t.toml"), "t.toml: seed must be a whole number in [0, 4294967295], got -1"),
    (lambda: trial_spec_from_dict({**TRIAL, "blinded": "yes"}, "t.toml"), "t.toml: blinded must be true or false, got 'yes'"),
    (lambda: trial_spec_from_dict({**TRIAL, "meta_analysis": {"trials": 3}}, "t.toml"),
     "t.toml: [meta_analysis] is no longer part of a trial spec; run `gutbrain meta-analysis` (docs/meta_analysis.md)"),
    (lambda: intervention_from_dict({"type": "diet", "start_day": -1}, "W"), "W: diet.start_day must be a number of days in [0, 3650], got -1"),
    (lambda: intervention_from_dict({"type": "probiotic", "carries_resistance": "no"}, "W"),
     "W: probiotic.carries_resistance must be true or false, got 'no'"),
])
def test_files_give_the_shared_messages(build, says):
    assert message(build).startswith(says)
