"""Fuzzing input files: random and mutated scenario files always give either success or the
one-line error with exit 2 - never a traceback, never a hang, never a partial output."""

from __future__ import annotations

import random
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gutbrain_sim.cli import main as cli_main
from gutbrain_sim.scenario import dumps_toml, list_scenarios

SCENARIO_FILES = sorted(list_scenarios().values())


def run_cli(args, capsys) -> tuple[int, str]:
    try:
        rc = cli_main(args)
    except SystemExit as exc:  # argparse usage errors
        rc = exc.code
    err = capsys.readouterr().err
    return rc, err


def assert_clean_outcome(rc, err):
    assert "Traceback" not in err
    if rc == 0:
        return
    assert rc == 2, (rc, err)
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("gutbrain: error: ")


WEIRD_VALUES = st.one_of(
    st.integers(-(10**30), 10**30), st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=40),
    st.booleans(), st.lists(st.integers(), max_size=3), st.just(""), st.just("\u202e\u0000\ud7ff"),
)


def _mutate_dict(d: dict, rnd: random.Random, value) -> dict:
    d = {k: (dict(v) if isinstance(v, dict) else list(v) if isinstance(v, list) else v) for k, v in d.items()}
    choice = rnd.randrange(6)
    keys = list(d)
    if choice == 0 and keys:
        d[rnd.choice(keys)] = value
    elif choice == 1:
        d[rnd.choice(["colour", "durationdays", "Seed", "ñame", "params"])] = value
    elif choice == 2 and keys:
        d.pop(rnd.choice(keys))
    elif choice == 3:
        d.setdefault("params", {})
        if isinstance(d["params"], dict):
            d["params"][rnd.choice(["transit_h", "fibre_g_per_day", "not_a_param", "grid_length_cells"])] = value
    elif choice == 4:
        ivs = d.get("interventions") if isinstance(d.get("interventions"), list) else []
        iv = dict(rnd.choice(ivs)) if ivs and isinstance(ivs[0], dict) else {"type": "probiotic"}
        iv[rnd.choice(["start_day", "stop_day", "dose_cfu_per_day", "type", "strains", "viability", "zzz"])] = value
        d["interventions"] = [iv]
    else:
        d["duration_days"] = value
    return d


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture], derandomize=True)
@given(data=st.data(), value=WEIRD_VALUES)
def test_mutated_scenario_tables_validate_cleanly(tmp_path, capsys, data, value):
    source = data.draw(st.sampled_from(SCENARIO_FILES))
    d = tomllib.loads(Path(source).read_text())
    rnd = random.Random(data.draw(st.integers(0, 2**32)))
    mutated = _mutate_dict(d, rnd, value)
    try:
        text = dumps_toml(mutated)
    except (TypeError, ValueError):
        text = repr(mutated)  # not representable as TOML: feed the raw text (malformed TOML)
    f = tmp_path / "mutated.toml"
    f.write_text(text, encoding="utf-8", errors="surrogatepass")
    assert_clean_outcome(*run_cli(["validate", str(f)], capsys))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture], derandomize=True)
@given(blob=st.binary(max_size=2000), cut=st.integers(0, 4000))
def test_random_bytes_and_truncated_files_validate_cleanly(tmp_path, capsys, blob, cut):
    source = Path(SCENARIO_FILES[cut % len(SCENARIO_FILES)]).read_bytes()
    for content in (blob, source[: cut % (len(source) + 1)], source + blob):
        f = tmp_path / "fuzz.toml"
        f.write_bytes(content)
        assert_clean_outcome(*run_cli(["validate", str(f)], capsys))


@pytest.mark.parametrize("kind", ["empty", "binary", "huge", "directory", "unicode_name"])
def test_pathological_files_fail_cleanly_and_run_writes_nothing(tmp_path, capsys, kind):
    f = tmp_path / ("sc\u00e9nario \u2603.toml" if kind == "unicode_name" else "f.toml")
    if kind == "empty":
        f.write_bytes(b"")
    elif kind == "binary":
        f.write_bytes(bytes(range(256)) * 4)
    elif kind == "huge":
        f.write_text('description = "' + "x" * (2 * 1024 * 1024) + '"\n')
    elif kind == "directory":
        f.mkdir()
    else:
        f.write_text("duration_days = -3\n")
    out = tmp_path / "out"
    rc, err = run_cli(["run", str(f), "--out", str(out)], capsys)
    assert rc == 2
    assert_clean_outcome(rc, err)
    assert not out.exists()


# ------------------------------------------------------------------------------ trial specs
TRIAL_FILES = sorted((Path(__file__).resolve().parent.parent / "experiments" / "trials").glob("*.toml"))


def _load_trial_cleanly(path: Path) -> None:
    """Loading a trial spec either succeeds or raises the one-line UserInputError - nothing else."""
    from gutbrain_sim.core.errors import UserInputError
    from gutbrain_sim.trials.spec import load_trial_spec

    try:
        load_trial_spec(path)
    except UserInputError as exc:
        assert "\n" not in str(exc) and str(exc).strip()


def _mutate_trial(d: dict, rnd: random.Random, value) -> dict:
    d = {k: ([dict(a) for a in v] if isinstance(v, list) else v) for k, v in d.items()}
    choice = rnd.randrange(5)
    if choice == 0:
        d[rnd.choice(["n_per_arm", "duration_weeks", "replicates", "seed", "population", "dropout", "control"])] = value
    elif choice == 1:
        d[rnd.choice(["colour", "arm", "nPerArm"])] = value
    elif choice == 2 and isinstance(d.get("arms"), list) and d["arms"]:
        arm = d["arms"][rnd.randrange(len(d["arms"]))]
        arm[rnd.choice(["name", "interventions", "zzz"])] = value
    elif choice == 3 and isinstance(d.get("arms"), list) and d["arms"]:
        arm = d["arms"][rnd.randrange(len(d["arms"]))]
        ivs = arm.get("interventions") if isinstance(arm.get("interventions"), list) else []
        iv = dict(ivs[0]) if ivs and isinstance(ivs[0], dict) else {"type": "placebo"}
        iv[rnd.choice(["type", "start_day", "stop_day", "dose_cfu_per_day", "expectancy"])] = value
        arm["interventions"] = [iv]
    else:
        d.pop(rnd.choice(list(d)), None)
    return d


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture], derandomize=True)
@given(data=st.data(), value=WEIRD_VALUES)
def test_mutated_trial_specs_load_cleanly(tmp_path, data, value):
    source = data.draw(st.sampled_from(TRIAL_FILES))
    d = tomllib.loads(Path(source).read_text())
    mutated = _mutate_trial(d, random.Random(data.draw(st.integers(0, 2**32))), value)
    try:
        text = dumps_toml(mutated)
    except (TypeError, ValueError):
        text = repr(mutated)
    f = tmp_path / "trial.toml"
    f.write_text(text, encoding="utf-8", errors="surrogatepass")
    _load_trial_cleanly(f)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture], derandomize=True)
@given(blob=st.binary(max_size=2000), cut=st.integers(0, 4000))
def test_random_and_truncated_trial_files_load_cleanly(tmp_path, blob, cut):
    source = Path(TRIAL_FILES[cut % len(TRIAL_FILES)]).read_bytes()
    for content in (blob, source[: cut % (len(source) + 1)], source + blob):
        f = tmp_path / "trial.toml"
        f.write_bytes(content)
        _load_trial_cleanly(f)


def test_bad_trial_spec_through_the_cli_is_one_line_and_writes_nothing(tmp_path, capsys):
    f = tmp_path / "t.toml"
    f.write_text('population = "mdd"\nn_per_arm = -5\n[[arms]]\nname = "placebo"\n')
    out = tmp_path / "out"
    rc, err = run_cli(["trial", str(f), "--out", str(out)], capsys)
    assert rc == 2
    assert_clean_outcome(rc, err)
    assert "n_per_arm" in err and not out.exists()
