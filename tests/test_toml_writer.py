"""The TOML writer (tomli-w) round-trips what scenario and trial files hold, control characters
and unicode included; bundled scenarios and trial specs are found by name."""

from __future__ import annotations

import tomllib

import pytest

from gutbrain_sim.core.errors import UserInputError
from gutbrain_sim.scenario import dumps_toml, list_scenarios, load_scenario, scenario_from_dict
from gutbrain_sim.trials.spec import list_trial_specs, load_trial_spec

AWKWARD = "line\r\nbreak \x01 bell\x07 tab\t quote\" back\\slash \x7f é 腸 🦠"


def test_round_trip_with_control_characters_and_unicode():
    d = {"name": "x", "description": AWKWARD, "duration_days": 2.5, "seed": 3, "params": {"a_b": 1e-9},
         "interventions": [{"type": "probiotic", "start_day": 1.0, "strains": ["L. rhamnosus", "é\x01"]}]}
    assert tomllib.loads(dumps_toml(d)) == d


def test_scenario_description_survives_the_writer():
    sc = scenario_from_dict({"name": "odd", "description": AWKWARD, "duration_days": 2, "host": "healthy"})
    again = scenario_from_dict(tomllib.loads(sc.to_toml()))
    assert again.description == AWKWARD and again.to_toml() == sc.to_toml()


def test_values_toml_cannot_hold_raise_type_error():
    with pytest.raises(TypeError):
        dumps_toml({"a": None})


def test_bundled_files_are_package_data_and_found_by_name(tmp_path):
    scenarios = list_scenarios()
    assert "healthy_baseline" in scenarios and len(scenarios) >= 20
    assert all("gutbrain_sim/data/scenarios" in p.as_posix() for p in scenarios.values())
    assert load_scenario(scenarios["healthy_baseline"]).host == "healthy"
    trials = list_trial_specs()
    assert {"probiotic_mdd", "ssri_mdd"} <= set(trials)
    spec = load_trial_spec("probiotic_mdd")
    assert spec.name == "probiotic_mdd" and len(spec.arms) == 2
    # its TOML copy reads back to the same spec
    f = tmp_path / "copy.toml"
    f.write_text(spec.to_toml(), encoding="utf-8")
    assert load_trial_spec(f).to_toml() == spec.to_toml()
    with pytest.raises(UserInputError, match="no trial spec named 'probiotic_md'.*did you mean 'probiotic_mdd'"):
        load_trial_spec("probiotic_md")
