"""Replicate trials spread over executors: one process, two local processes (`--workers 2`) and a
Dask cluster (`--scheduler ADDRESS`) write byte-identical outputs although they batch the
replicates differently; every task holds whole replicates; bad flags are one-line errors (exit 2)
and write nothing."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import write_tiny_trial

from gutbrain_sim.trials.run import replicate_chunks, run_trial, trial_spec_from_dict


def gutbrain(*args):
    return subprocess.run([sys.executable, "-m", "gutbrain_sim.cli", *args], capture_output=True, text=True, timeout=600)


def files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def one_line_error(r, *needles):
    assert r.returncode == 2, r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    for n in needles:
        assert n in lines[0], lines[0]


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    """The spec file and the outputs of one process (all three replicates in one engine)."""
    folder = tmp_path_factory.mktemp("spread")
    path = write_tiny_trial(folder / "spread_tiny.toml", name="spread_tiny", n_per_arm=3, probiotic_dose_cfu_per_day=1e10,
                            warmup_days=7, replicates=3, seed=11, dropout=0.2)
    result = run_trial(path)
    assert result.summary["n_replicates"] == 3
    result.write(folder / "serial")
    return path, files(folder / "serial")


def test_chunks_hold_whole_replicates_and_the_agent_gut_one_each():
    sizes = [50, 40, 60, 50, 30]
    for gut, slots in (("mixed", 1), ("mixed", 2), ("mixed", 32), ("agent", 1), ("agent", 4)):
        chunks = replicate_chunks(sizes, gut, slots)
        firsts = [f for f, _ in chunks]
        assert [k for _, s in chunks for k in s] == sizes and firsts == sorted(firsts), (gut, slots)
        assert all(sizes[f:f + len(s)] == s for f, s in chunks)
    assert len(replicate_chunks(sizes, "mixed", 1)) == 1
    assert len(replicate_chunks(sizes, "mixed", 2)) == 2
    assert len(replicate_chunks(sizes, "mixed", 32)) == 5  # never more tasks than replicates
    assert replicate_chunks(sizes, "agent", 1) == [(r, [k]) for r, k in enumerate(sizes)]
    big = replicate_chunks([2000, 2000, 2000], "mixed", 1)  # at most MAX_HOSTS_PER_CHUNK people per arm a task
    assert [s for _, s in big] == [[2000], [2000], [2000]]


def test_two_local_processes_write_byte_identical_outputs(serial, tmp_path):
    path, expected = serial
    r = gutbrain("trial", str(path), "--workers", "2", "--out", str(tmp_path / "two"))
    assert r.returncode == 0, r.stderr
    assert "3 replicate(s)" in r.stdout
    got = files(tmp_path / "two")
    assert set(got) == set(expected)
    assert [k for k in expected if got[k] != expected[k]] == []


def test_a_dask_cluster_writes_byte_identical_outputs(serial, tmp_path, dask_cluster):
    distributed = pytest.importorskip("dask.distributed")
    path, expected = serial
    # an external cluster: a scheduler and two worker processes; the CLI connects to it by address
    with dask_cluster(processes=True) as cluster:
        r = gutbrain("trial", str(path), "--scheduler", cluster.scheduler_address, "--out", str(tmp_path / "dask"))
        assert r.returncode == 0, r.stderr
        with distributed.Client(cluster) as client:  # the chunks ran on the cluster's workers
            assert len(client.scheduler_info()["workers"]) == 2
            assert sum(len(v) for v in client.processing().values()) == 0
    got = files(tmp_path / "dask")
    assert set(got) == set(expected)
    assert [k for k in expected if got[k] != expected[k]] == []


def test_the_python_api_takes_any_executor(serial, tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    path, expected = serial
    with ThreadPoolExecutor(2) as pool:  # a plain concurrent.futures executor: two tasks of whole replicates
        result = run_trial(path, executor=pool)
    result.write(tmp_path / "threads")
    got = files(tmp_path / "threads")
    assert [k for k in expected if got[k] != expected[k]] == []


@pytest.mark.parametrize("flags, needles", [
    (["--workers", "0"], ["--workers", "[1, 256]", "got 0"]),
    (["--workers", "300"], ["--workers", "got 300"]),
    (["--replicates", "0"], ["replicates", "[1, 10000]"]),
    (["--scheduler", "tcp://127.0.0.1:9", "--workers", "2"], ["--workers", "local cluster"]),
])
def test_bad_flags_are_one_line_and_write_nothing(serial, tmp_path, flags, needles):
    path, _ = serial
    out = tmp_path / "bad"
    one_line_error(gutbrain("trial", str(path), "--out", str(out), *flags), *needles)
    assert not out.exists()


def test_api_rejects_bad_workers():
    from gutbrain_sim.core.errors import UserInputError

    spec = trial_spec_from_dict({"name": "x", "population": "mdd", "n_per_arm": 2, "arms": [{"name": "a"}, {"name": "b"}]}, "test")
    for bad in (0, 2.5, True, 257):
        with pytest.raises(UserInputError, match=r"whole number in \[1, 256\]"):
            run_trial(spec, workers=bad)


def test_calibrate_gut_and_workers_reach_the_trial_targets(tmp_path, monkeypatch, capsys):
    """`gutbrain calibrate --check --gut agent --workers 2` hands the gut and the workers to every
    trial target's run_trial (the run itself is stopped at the first trial: this is not a calibration)."""
    import gutbrain_sim.trials.run as trials_run
    from gutbrain_sim.cli import main as cli_main

    seen = []

    class Stop(Exception):
        pass

    def record(spec, **kw):
        seen.append((spec.name, kw["gut"], kw["workers"], kw["executor"]))
        if len(seen) == 4:
            raise Stop
        return None

    monkeypatch.setattr(trials_run, "run_trial", record)
    with pytest.raises(Stop):
        cli_main(["calibrate", "--check", "--quick", "--gut", "agent", "--workers", "2", "--out", str(tmp_path / "c.json")])
    assert [s[1:] for s in seen] == [("agent", 2, None)] * 4
    assert {s[0] for s in seen} == {"calibration_mdd", "calibration_healthy"}
    assert not (tmp_path / "c.json").exists()


@pytest.mark.parametrize("flags, needles", [
    (["--workers", "0"], ["--workers", "got 0"]),
    (["--gut", "soup"], ["--gut", "invalid choice"]),
    (["--scheduler", "tcp://127.0.0.1:9", "--workers", "2"], ["--workers", "local cluster"]),
])
def test_calibrate_bad_flags_are_one_line(tmp_path, capsys, flags, needles):
    from gutbrain_sim.cli import main as cli_main

    try:
        rc = cli_main(["calibrate", "--check", "--out", str(tmp_path / "c.json"), *flags])
    except SystemExit as exc:
        rc = exc.code
    err = [ln for ln in capsys.readouterr().err.splitlines() if ln.strip()]
    assert rc == 2 and len(err) == 1, err
    assert all(n in err[0] for n in needles), err[0]
    assert not (tmp_path / "c.json").exists()
