"""Shared fixtures: short runs reused by several tests (each run is deterministic)."""

from __future__ import annotations

import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def pytest_addoption(parser):
    parser.addoption("--long", action="store_true", help="also run the long tier (tests marked long)")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--long") or os.environ.get("GUTBRAIN_LONG") == "1":
        return
    skip = pytest.mark.skip(reason="long tier: run with pytest --long")
    for item in items:
        if "long" in item.keywords:
            item.add_marker(skip)


def mixed_twin(host: str, seed: int):
    """The person ``GutBrainModel(seed=seed, host=host)`` draws, as the engine's one person on the well-mixed gut."""
    from gutbrain_sim.core.streams import Streams
    from gutbrain_sim.engine import People
    from gutbrain_sim.hosts import draw_hosts, profile

    prof = profile(host)
    p, episode = draw_hosts(prof, {}, 1, Streams(seed)["host.traits"])
    return People(prof, p, episode, [""], seed, gut="mixed")


def run_days(days: float, seed: int = 11, host: str = "healthy", interventions=None, record_every_h: int = 1, **overrides):
    from gutbrain_sim import GutBrainModel
    from gutbrain_sim.scenario import Scenario

    sc = Scenario(name="test", duration_days=days, seed=seed, host=host)
    m = GutBrainModel(sc, interventions=interventions, record_every_h=record_every_h, **overrides)
    m.run()
    return m


def write_tiny_trial(path: Path, *, n_per_arm: int, name: str = "tiny", probiotic_dose_cfu_per_day: float | None = None,
                     **options) -> Path:
    """A one-week placebo-vs-probiotic trial spec in people with MDD, written to ``path`` (TOML).

    ``options``: further top-level spec keys (replicates, seed, dropout, warmup_days, ...).
    """
    import tomli_w

    probiotic = {"type": "probiotic"}
    if probiotic_dose_cfu_per_day is not None:
        probiotic["dose_cfu_per_day"] = probiotic_dose_cfu_per_day
    spec = {"name": name, "population": "mdd", "n_per_arm": n_per_arm, "duration_weeks": 1, **options,
            "arms": [{"name": "placebo", "interventions": [{"type": "placebo"}]},
                     {"name": "probiotic", "interventions": [probiotic]}]}
    path.write_text(tomli_w.dumps(spec), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def dask_cluster():
    """Start a local Dask cluster: ``with dask_cluster(processes=...) as cluster:``, a scheduler
    and two single-threaded workers on loopback TCP (so a CLI in another process can connect by
    address), no dashboard; ``processes=False`` keeps the workers inside this process."""
    distributed = pytest.importorskip("dask.distributed")

    @contextmanager
    def start(processes: bool):
        with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=processes, protocol="tcp://",
                                      host="127.0.0.1", dashboard_address=None) as cluster:
            yield cluster

    return start


def write_tiny_sweep(path: Path, *, name: str, seeds: int, parameters: dict[str, list],
                     metrics: tuple[str, ...] = ("depression_hamd:end", "butyrate_mM:mean")) -> Path:
    """A one-day grid sweep over healthy hosts (6-hourly records), written to ``path`` (TOML):
    ``parameters`` maps each swept parameter to its values."""
    import tomli_w

    spec = {"name": name, "duration_days": 1, "record_every_h": 6, "seeds": seeds, "metrics": list(metrics),
            "scenario": {"host": "healthy", "duration_days": 1}, "design": {"kind": "grid"},
            "parameters": [{"name": k, "values": list(v)} for k, v in parameters.items()]}
    path.write_text(tomli_w.dumps(spec), encoding="utf-8")
    return path


def wait_for(condition, what: str, procs=(), timeout_s: float = 180.0):
    """Poll ``condition`` until it returns something truthy (returned); fail at once if one of
    ``procs`` died, and after ``timeout_s`` (generous: the machine may be loaded)."""
    import time

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        for p in procs:
            if p.poll() is not None:
                pytest.fail(f"{' '.join(p.args[1:2])} exited ({p.returncode}) while waiting for {what}: {p.stderr.read()[-2000:]}")
        got = condition()
        if got:
            return got
        time.sleep(0.1)  # a polling interval, not a wait for something to happen
    pytest.fail(f"no {what} within {timeout_s:g} s")


def _scheduler_address(path: Path) -> str | None:
    import json

    try:
        return json.loads(path.read_text())["address"]
    except (OSError, ValueError, KeyError):
        return None  # not written yet, or half written


@pytest.fixture()
def external_dask(tmp_path):
    """A cluster as on real machines: ``with external_dask(name) as (address, env, worker_pids):``
    starts `dask scheduler` (it picks a free loopback port and writes it to a scheduler file) and
    two single-threaded `dask worker` processes from this venv, waits for both workers, and stops
    them (workers first) afterwards. ``env`` is the environment they run in (PYTHONPATH to this
    checkout), for the CLI under test."""
    distributed = pytest.importorskip("dask.distributed")
    dask = str(Path(sys.executable).with_name("dask"))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)}

    @contextmanager
    def start(name: str):
        scheduler_file = tmp_path / f"{name}-scheduler.json"
        procs: list[subprocess.Popen] = []

        def launch(*args):
            procs.append(subprocess.Popen([dask, *args], cwd=tmp_path, env=env, stdin=subprocess.DEVNULL,
                                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True))

        try:
            launch("scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file", str(scheduler_file))
            address = wait_for(lambda: _scheduler_address(scheduler_file), "scheduler file", procs)
            assert address.startswith("tcp://127.0.0.1:")
            for k in range(2):
                launch("worker", address, "--host", "127.0.0.1", "--nthreads", "1", "--no-nanny", "--no-dashboard",
                       "--name", f"{name}-{k}", "--memory-limit", "0")
            with distributed.Client(address, timeout=60) as client:
                wait_for(lambda: len(client.scheduler_info()["workers"]) == 2, "two workers", procs)
            yield address, env, [p.pid for p in procs[1:]]
        finally:
            for p in procs[1:] + procs[:1]:  # the workers first, then their scheduler
                p.terminate()
                try:
                    p.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait(timeout=60)

    return start


@pytest.fixture(scope="session")
def healthy_180():
    """The healthy baseline for 180 days, recorded every 6 h."""
    return run_days(180, seed=1, record_every_h=6)


BUSY_PROCESSES = 2  # as many as this project's CI machine has cores
_SPIN = "import sys\nsys.stdout.write('busy\\n')\nsys.stdout.flush()\nwhile True:\n    pass\n"


class BusyMachine:
    """Processes that each keep a core busy; ``cpu_seconds()`` is the CPU time they have used."""

    def __init__(self, procs: list[subprocess.Popen]):
        self.procs = procs

    def cpu_seconds(self) -> float:
        ticks = os.sysconf("SC_CLK_TCK")
        total = 0
        for p in self.procs:  # /proc/PID/stat fields 14 and 15: user and system time in clock ticks
            fields = Path(f"/proc/{p.pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        return total / ticks

    def alive(self) -> bool:
        return all(p.poll() is None for p in self.procs)


@pytest.fixture()
def busy_machine():
    """The machine deliberately loaded for one test (issue #17): two processes spinning on the
    CPU from before the test starts (each has said it runs) until after it ends (killed).

    Shared by the browser tests (tests/browser) and the kill/resume tests: a test that takes it
    must pass with the load, so it cannot lean on timing.
    """
    procs: list[subprocess.Popen] = []
    try:
        for _ in range(BUSY_PROCESSES):
            procs.append(subprocess.Popen([sys.executable, "-c", _SPIN], stdout=subprocess.PIPE, text=True))
        for p in procs:
            assert p.stdout.readline() == "busy\n", "a busy process did not start"  # it is spinning from here on
        yield BusyMachine(procs)
    finally:
        for p in procs:
            p.kill()
            p.wait()
            p.stdout.close()
