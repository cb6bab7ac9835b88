"""Bad input: one line naming file, key and what is allowed; exit 2; no traceback; no output."""

import subprocess
import sys
from pathlib import Path

import pytest


def gutbrain(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "gutbrain_sim.cli", *args], capture_output=True, text=True, cwd=cwd, timeout=300)


def assert_one_line_error(r, *needles):
    assert r.returncode == 2, r.stderr
    assert "Traceback" not in r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, r.stderr
    for n in needles:
        assert n in lines[0], lines[0]


@pytest.mark.parametrize(
    "content, needles",
    [
        ('duration_days = 5\nhost = "healthy"\n[params]\nfibre_g_per_dya = 3\n', ["[params]", "fibre_g_per_dya", "fibre_g_per_day"]),
        ('duration_days = 5\nhost = "healthy"\n[params]\ntransit_h = 500\n', ["transit_h", "[12, 120] h"]),
        ('duration_days = 5\nhost = "healthy"\n[[interventions]]\ntype = "probiotc"\n', ["probiotc", "probiotic"]),
        ('duration_days = 5\nhost = "hamster"\n', ["hamster", "healthy"]),
        ("duration_days = [5\n", ["malformed TOML"]),
        ('duration_days = 5\nhost = "healthy"\ncolour = "red"\n', ["colour", "allowed"]),
    ],
)
def test_bad_scenario_gives_one_line_and_writes_nothing(tmp_path, content, needles):
    f = tmp_path / "bad.toml"
    f.write_text(content)
    out = tmp_path / "out"
    r = gutbrain("run", str(f), "--out", str(out))
    assert_one_line_error(r, str(f), *needles)
    assert not out.exists()


def test_missing_file(tmp_path):
    r = gutbrain("run", str(tmp_path / "nope.toml"), "--out", str(tmp_path / "o"))
    assert_one_line_error(r, "nope.toml", "file not found")
    assert not (tmp_path / "o").exists()


def test_bad_set_value_and_unknown_option(tmp_path):
    assert_one_line_error(gutbrain("run", "healthy_baseline", "--set", "fibre_g_per_day=lots", "--out", str(tmp_path / "o")), "not a number")
    assert_one_line_error(gutbrain("run", "healthy_baseline", "--frobnicate"), "unrecognized arguments")
    assert not (tmp_path / "o").exists()


def test_run_writes_the_output_contract(tmp_path):
    out = tmp_path / "o"
    r = gutbrain("run", "healthy_baseline", "--days", "1", "--seed", "3", "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(["timeseries.csv", "summary.json", "provenance.json", "scenario.toml", "overview.png"])
    import json

    prov = json.loads((out / "provenance.json").read_text())
    assert prov["seed"] == 3 and prov["scenario"]["duration_days"] == 1.0
    assert prov["parameters"]["transit_h"] > 0 and prov["version"]
    assert (out / "overview.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert Path(out / "timeseries.csv").read_text().count("\n") == 25 + 1


def test_every_command_module_is_listed_once_in_the_cli():
    from pathlib import Path

    from gutbrain_sim import cli

    modules = sorted(p.stem for p in (Path(cli.__file__).parent / "commands").glob("*.py") if p.stem != "__init__")
    assert sorted(cli.COMMANDS) == modules
    assert len(set(cli.COMMANDS)) == len(cli.COMMANDS)
