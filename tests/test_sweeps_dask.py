"""Sweeps on a Dask cluster through the CLI: `gutbrain sweep --scheduler ADDRESS` gives results
byte-identical to a serial sweep, on an in-process cluster and on an external `dask scheduler`
with two `dask worker` processes; a cluster whose workers run other package sources is refused
with one line, exit 2, before anything is written; Dask missing or a bad flag: one line."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import write_tiny_sweep

from gutbrain_sim.sweeps import RESULTS_NAME, run_sweep

distributed = pytest.importorskip("dask.distributed")


def gutbrain(*args):
    return subprocess.run([sys.executable, "-m", "gutbrain_sim.cli", *args], capture_output=True, text=True, timeout=300)


def one_line_error(r, *needles):
    assert r.returncode == 2, r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    for n in needles:
        assert n in lines[0], lines[0]
    return lines[0]


@pytest.fixture(scope="module")
def spec(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dask")
    path = folder / "dask_tiny.toml"
    write_tiny_sweep(path, name="dask_tiny", seeds=2, parameters={"fibre_g_per_day": [10, 40]})
    run_sweep(path, out=folder / "serial", workers=1, progress=False)
    return path, (folder / "serial" / RESULTS_NAME).read_bytes()


@pytest.fixture(scope="module")
def cluster(dask_cluster):
    """A scheduler and two single-threaded workers inside this test process (loopback TCP); the
    CLI under test runs in another process and connects to it by address, like a real cluster."""
    with dask_cluster(processes=False) as c:
        yield c


def test_cli_sweep_on_a_scheduler_is_byte_identical_to_serial(spec, cluster, tmp_path):
    path, serial_csv = spec
    out = tmp_path / "on_dask"
    r = gutbrain("sweep", str(path), "--out", str(out), "--scheduler", cluster.scheduler_address, "--no-plots")
    assert r.returncode == 0, r.stderr
    assert "4 of 4 runs stored" in r.stdout
    assert (out / RESULTS_NAME).read_bytes() == serial_csv
    with distributed.Client(cluster) as client:  # the runs really went to the cluster's workers
        assert sum(len(v) for v in client.processing().values()) == 0
        assert len(client.scheduler_info()["workers"]) == 2


def test_a_sweep_interrupted_on_one_process_resumes_on_the_cluster_to_the_serial_bytes(spec, cluster, tmp_path, monkeypatch):
    """Resuming across a changed cluster is safe: two runs stored by this process (then Ctrl-C),
    the other two by the cluster's workers; the results are the serial sweep's, byte for byte."""
    import sqlite3

    import gutbrain_sim.sweeps.executor as executor

    path, serial_csv = spec
    out = tmp_path / "moved"
    real, calls = executor.run_task, []

    def two_then_ctrl_c(task):
        calls.append(task["point_id"])
        if len(calls) > 2:
            raise KeyboardInterrupt
        return real(task)

    monkeypatch.setattr(executor, "run_task", two_then_ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        run_sweep(path, out=out, workers=1, progress=False)
    monkeypatch.setattr(executor, "run_task", real)
    assert len((out / RESULTS_NAME).read_text().splitlines()) == 1 + 2  # header + the two stored runs
    r = gutbrain("sweep", str(path), "--out", str(out), "--scheduler", cluster.scheduler_address, "--no-plots")
    assert r.returncode == 0, r.stderr
    assert "4 of 4 runs stored" in r.stdout
    assert (out / RESULTS_NAME).read_bytes() == serial_csv
    with sqlite3.connect(out / "sweep.sqlite") as db:
        stored_by = [row[0] for row in db.execute("SELECT s.workers FROM runs r JOIN sessions s USING (session) ORDER BY r.rowid")]
    assert len(stored_by) == 4 and stored_by[:2] == ["serial", "serial"] and "serial" not in stored_by[2:], stored_by


def test_mixed_version_cluster_is_refused_before_anything_is_written(spec, cluster, tmp_path, monkeypatch):
    import gutbrain_sim.core.environment as environment

    real = environment.identity()
    # the workers live in this process: make them report other sources than the CLI process has
    monkeypatch.setattr(environment, "identity", lambda: {**real, "source_sha256": "0" * 64})
    path, _ = spec
    out = tmp_path / "mixed"
    r = gutbrain("sweep", str(path), "--out", str(out), "--scheduler", cluster.scheduler_address)
    one_line_error(r, "--scheduler", "mixed-version cluster", "source_sha256 0000000000000000", real["source_sha256"][:16])
    assert not out.exists()


def test_python_api_checks_a_dask_executor_too(spec, cluster, tmp_path, monkeypatch):
    import gutbrain_sim.core.environment as environment
    from gutbrain_sim.core.errors import UserInputError

    real = environment.identity()
    monkeypatch.setattr(environment, "identity", lambda: {**real, "version": "9.9.9"})
    with distributed.Client(cluster) as client, pytest.raises(UserInputError, match=r"version 9\.9\.9 \(here"):
        run_sweep(spec[0], out=tmp_path / "api", executor=client.get_executor(), progress=False)
    assert not (tmp_path / "api").exists()


def test_workers_with_a_scheduler_address_and_missing_dask_give_one_line(spec, cluster, tmp_path, monkeypatch):
    from gutbrain_sim.core.errors import UserInputError
    from gutbrain_sim.sweeps.cluster import dask_executor

    path, _ = spec
    r = gutbrain("sweep", str(path), "--out", str(tmp_path / "w"), "--scheduler", cluster.scheduler_address,
                 "--workers", "2")
    one_line_error(r, "--workers", "local cluster")
    assert not (tmp_path / "w").exists()
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if Dask were not installed
    with pytest.raises(UserInputError, match=r"Dask is not installed; pip install 'gutbrain_sim\[dask\]'"):
        with dask_executor("local", 1):
            pass


@pytest.mark.slow  # ~30 s at load ~10 on 2 cores (cluster up 6 s, sweep 18 s, stop 4 s)
def test_sweep_on_an_external_dask_scheduler_and_two_worker_processes_is_byte_identical(spec, tmp_path, external_dask):
    """`dask scheduler` and two `dask worker` processes from this venv, on free loopback ports
    (the scheduler picks its port and writes it to a scheduler file), as on a real cluster."""
    import os

    with external_dask("gutbrain-test") as (address, _env, worker_pids):
        path, serial_csv = spec
        out = tmp_path / "external"
        r = gutbrain("sweep", str(path), "--out", str(out), "--scheduler", address, "--no-plots")
        assert r.returncode == 0, r.stderr
        assert "4 of 4 runs stored" in r.stdout
        assert (out / RESULTS_NAME).read_bytes() == serial_csv

        with distributed.Client(address, timeout=60) as client:  # the runs ran on those two processes
            executed = client.run(lambda dask_worker: dask_worker.state.executed_count)
            pids = client.run(os.getpid)
        assert sorted(pids.values()) == sorted(worker_pids)
        assert sum(executed.values()) >= 4, executed
