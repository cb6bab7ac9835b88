"""The wheel works anywhere: build sdist + wheel, install the wheel (with its dependencies, pinned
by constraints.txt) into a fresh venv outside the checkout, and run the CLI from a folder that
cannot see the checkout. About 60-80 s here with a warm uv cache (most of it numba compiling the
gut once in the new venv); skipped with the reason when the packages cannot be fetched."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import write_tiny_trial

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.wheel, pytest.mark.slow]
NETWORK_WORDS = ("failed to fetch", "dns error", "connection", "network", "timed out", "could not connect")

def _uv() -> str:
    uv = pytest.importorskip("uv", reason="the test extra's uv builds and installs the wheel")
    return uv.find_uv_bin()


def _run(cmd: list[str], *, cwd: Path, env: dict, timeout: float) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def _install_or_skip(uv: str, args: list[str], env: dict, cwd: Path) -> None:
    r = _run([uv, *args], cwd=cwd, env=env, timeout=900)
    if r.returncode != 0:
        err = r.stderr.strip()
        if any(w in err.lower() for w in NETWORK_WORDS):
            pytest.skip(f"cannot fetch packages (no network and no cache): {err.splitlines()[-1]}")
        raise AssertionError(f"uv {' '.join(args[:2])} failed:\n{err}")


def test_wheel_installs_and_runs_outside_the_checkout(tmp_path):
    uv = _uv()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    away = tmp_path / "away"  # the working folder: no gutbrain_sim/, scenarios/ or experiments/ here
    away.mkdir()

    _install_or_skip(uv, ["build", "-q", "-o", str(tmp_path / "dist"), str(ROOT)], env, away)
    wheel = next((tmp_path / "dist").glob("gutbrain_sim-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for folder, pattern in (("scenarios", "*.toml"), ("trials", "*.toml"), ("profiles", "*.*")):
        shipped = {n.rsplit("/", 1)[1] for n in names if n.startswith(f"gutbrain_sim/data/{folder}/")}
        assert shipped == {p.name for p in (ROOT / "gutbrain_sim" / "data" / folder).glob(pattern)}
    assert "gutbrain_sim/data/genus_guilds.toml" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)

    venv = tmp_path / "venv"
    _install_or_skip(uv, ["venv", "-q", "-p", sys._base_executable, str(venv)], env, away)
    _install_or_skip(uv, ["pip", "install", "-q", "--python", str(venv / "bin" / "python"),
                          "-c", str(ROOT / "constraints.txt"), str(wheel)], env, away)
    gutbrain = str(venv / "bin" / "gutbrain")

    where = _run([str(venv / "bin" / "python"), "-c", "import gutbrain_sim; print(gutbrain_sim.__file__)"],
                 cwd=away, env=env, timeout=120)
    assert Path(where.stdout.strip()).is_relative_to(venv), where.stdout + where.stderr

    listing = _run([gutbrain, "scenarios"], cwd=away, env=env, timeout=120)
    assert listing.returncode == 0, listing.stderr
    lines = listing.stdout.splitlines()
    assert len(lines) == len(list((ROOT / "gutbrain_sim" / "data" / "scenarios").glob("*.toml")))
    assert any(line.startswith("healthy_baseline ") for line in lines)

    run = _run([gutbrain, "run", "healthy_baseline", "--days", "2", "--out", "r"], cwd=away, env=env, timeout=600)
    assert run.returncode == 0, run.stderr
    assert "healthy_baseline: 2 days" in run.stdout
    assert {"timeseries.csv", "summary.json", "provenance.json"} <= {p.name for p in (away / "r").iterdir()}

    write_tiny_trial(away / "tiny.toml", n_per_arm=4)
    trial = _run([gutbrain, "trial", "tiny.toml", "--out", "t"], cwd=away, env=env, timeout=600)
    assert trial.returncode == 0, trial.stderr
    assert "tiny: mdd population, 4 per arm" in trial.stdout
    assert (away / "t" / "trial_summary.json").is_file()

    # a measured profile in, from the example the wheel ships, and run on it
    example = _run([str(venv / "bin" / "python"), "-c", "from importlib import resources; "
                    "print(resources.files('gutbrain_sim').joinpath('data/profiles/mdd_like_metaphlan.txt'))"],
                   cwd=away, env=env, timeout=120)
    imported = _run([gutbrain, "profile", "import", example.stdout.strip(), "--name", "mine", "--base", "mdd"],
                    cwd=away, env=env, timeout=120)
    assert imported.returncode == 0 and (away / "mine.toml").is_file(), imported.stderr
    (away / "mine_run.toml").write_text('name = "mine_run"\nduration_days = 1\nhost = "mine.toml"\n', encoding="utf-8")
    on_profile = _run([gutbrain, "run", "mine_run.toml", "--out", "m", "--record", "summary"], cwd=away, env=env, timeout=600)
    assert on_profile.returncode == 0 and (away / "m" / "summary.json").is_file(), on_profile.stderr

    named = _run([gutbrain, "trial", "no_such_trial"], cwd=away, env=env, timeout=120)
    assert named.returncode == 2 and "probiotic_mdd" in named.stderr and len(named.stderr.splitlines()) == 1
