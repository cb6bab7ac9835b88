"""Running sweeps: identical results serially, on 2 worker processes and on a local Dask
cluster; crash safety (Ctrl-C and SIGKILL at random moments, then resume: exactly the rows of
an uninterrupted sweep, byte for byte); no recomputation; paired controls; atomic results.csv."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest

from gutbrain_sim.core.errors import UserInputError
from gutbrain_sim.sweeps import RESULTS_NAME, STORE_NAME, SweepStore, run_sweep, write_report
from gutbrain_sim.sweeps.executor import write_results

TINY = """
name = "tiny"
duration_days = 1
record_every_h = 6
seeds = 2
metrics = ["depression_hamd:end", "butyrate_mM:mean", "plasma_lps_pg_per_ml:max"]

[scenario]
host = "healthy"
duration_days = 1

[design]
kind = "grid"

[[parameters]]
name = "fibre_g_per_day"
values = [10, 25, 40]

[[parameters]]
name = "transit_h"
values = [24, 48]
"""
TOTAL = 3 * 2 * 2
METRICS = ["depression_hamd:end", "butyrate_mM:mean", "plasma_lps_pg_per_ml:max"]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sweeps")
    spec = folder / "tiny_sweep.toml"
    spec.write_text(TINY)
    ref = folder / "reference"
    frame = run_sweep(spec, out=ref, workers=1, progress=False)  # serial, uninterrupted
    return spec, ref, frame, (ref / RESULTS_NAME).read_bytes()


def _store_rows(folder: Path) -> int:
    db = folder / STORE_NAME
    if not db.exists():
        return 0
    con = sqlite3.connect(db, timeout=30)
    try:
        return con.execute("SELECT count(*) FROM runs").fetchone()[0]
    except sqlite3.OperationalError:  # table not created yet
        return 0
    finally:
        con.close()


@contextmanager
def _sigint_not_ignored():
    """Children started inside get Ctrl-C's default disposition even if this process ignores
    SIGINT (a Python handler resets to the default on exec; an ignored signal stays ignored)."""
    old = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, old)


def _ignores_sigint(pid: int) -> bool:
    """Whether process ``pid`` ignores SIGINT (Linux /proc: the SigIgn mask)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("SigIgn:"):
            return bool(int(line.split()[1], 16) & (1 << (signal.SIGINT - 1)))
    return False


def _live_in_group(pgid: int) -> list[int]:
    """Processes of a process group that are still alive (not zombies); Linux /proc."""
    live = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            live.append(int(stat.parent.name))
    return live


def test_reference_sweep_has_every_run_once_with_distinct_results(tiny):
    _, _, frame, _ = tiny
    assert len(frame) == TOTAL
    assert not frame.duplicated(["point_id", "seed"]).any()
    assert list(frame.columns) == ["point_id", "seed", "fibre_g_per_day", "transit_h", *METRICS]
    assert frame[METRICS].notna().all().all()
    # more fibre -> more butyrate (the sweep carries the parameter into the model)
    by_fibre = frame.groupby("fibre_g_per_day")["butyrate_mM:mean"].mean()
    assert by_fibre.is_monotonic_increasing and by_fibre.iloc[-1] > 1.5 * by_fibre.iloc[0]
    # seeds differ
    assert frame.groupby("point_id")["depression_hamd:end"].nunique().min() == 2


def test_two_worker_processes_give_identical_results(tiny, tmp_path):
    spec, _, ref_frame, ref_csv = tiny
    frame = run_sweep(spec, out=tmp_path / "w2", workers=2, progress=False)
    pd.testing.assert_frame_equal(frame, ref_frame, check_exact=True)
    assert (tmp_path / "w2" / RESULTS_NAME).read_bytes() == ref_csv


def test_local_dask_cluster_gives_identical_results(tiny, tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    spec, _, ref_frame, ref_csv = tiny
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as client:
        frame = run_sweep(spec, out=tmp_path / "dask", executor=client.get_executor(), progress=False)
        assert len(client.scheduler_info()["workers"]) == 2
    pd.testing.assert_frame_equal(frame, ref_frame, check_exact=True)
    assert (tmp_path / "dask" / RESULTS_NAME).read_bytes() == ref_csv


@pytest.mark.slow  # ~150 s with the load at machine load ~6-9
def test_killed_sweeps_resume_to_exactly_the_uninterrupted_rows(tiny, tmp_path, busy_machine):
    """Ctrl-C once, then SIGKILL (main process only, or the whole process group as in a power
    cut) at random moments; the final rerun completes without recomputing or duplicating. All of
    it on a deliberately loaded machine (two busy processes, issue #17): every wait is on a
    condition with a generous bound, none on a duration.

    The sweep is started as a terminal's foreground job is, with Ctrl-C's signal not ignored. A
    process started in the background by a non-interactive shell (``pytest &``, as a CI runner
    may) inherits SIGINT ignored, and Python keeps it so: the sweep then rightly finishes every
    run (exit 0, 12 rows), which is what CI of 72ae6be saw; the test cannot interrupt it."""
    spec, _, ref_frame, ref_csv = tiny
    started = time.monotonic()
    out = tmp_path / "crash"
    cmd = [sys.executable, "-m", "gutbrain_sim.cli", "sweep", str(spec), "--out", str(out), "--no-plots", "--workers"]
    rng = random.Random(8)
    partial = []
    for attempt in range(4):
        before = _store_rows(out)
        if before == TOTAL:
            break
        workers = "1" if attempt == 2 else "2"  # a serial run is killed too
        with open(tmp_path / f"err{attempt}.txt", "w") as err:
            with _sigint_not_ignored():
                proc = subprocess.Popen([*cmd, workers], stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)
            assert not _ignores_sigint(proc.pid)
            deadline = time.monotonic() + 300
            while _store_rows(out) == before and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.05)
            time.sleep(rng.uniform(0.0, 0.25))
            try:
                if attempt == 0:
                    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C in a terminal reaches the whole group
                    assert proc.wait(timeout=300) == 130  # stopped, not finished
                elif attempt % 2:
                    os.kill(proc.pid, signal.SIGKILL)  # the main process only; workers orphaned
                    proc.wait(timeout=300)
                    deadline = time.monotonic() + 300  # orphaned workers notice and exit by themselves
                    while _live_in_group(proc.pid) and time.monotonic() < deadline:
                        time.sleep(0.1)
                    assert not _live_in_group(proc.pid)
                else:
                    os.killpg(proc.pid, signal.SIGKILL)  # everything at once (power cut)
                proc.wait(timeout=300)
            finally:
                try:
                    os.killpg(proc.pid, signal.SIGKILL)  # any orphaned workers we started
                except ProcessLookupError:
                    pass
        text = (tmp_path / f"err{attempt}.txt").read_text()
        assert "Traceback" not in text, text
        after = _store_rows(out)
        partial.append(after)
        if attempt == 0:  # Ctrl-C: one line, the runs finished so far kept, the rest not run
            assert text.splitlines() == ["gutbrain: interrupted; finished outputs were kept, nothing half-written was left"]
            assert 0 < after < TOTAL, partial
        csv = out / RESULTS_NAME
        if csv.exists():  # results.csv is always a whole table, never half a file
            seen = pd.read_csv(csv)
            assert list(seen.columns) == list(ref_frame.columns) and len(seen) <= after
            assert seen[METRICS].notna().all().all()
    assert sum(0 < n < TOTAL for n in partial) >= 2, partial  # the kills really hit mid-sweep
    assert partial == sorted(partial)  # committed runs are never lost
    before_final = _store_rows(out)
    r = subprocess.run([*cmd, "2"], capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stderr
    # the load held throughout: both busy processes alive, and together they had at least a
    # tenth of a core for the test's whole length
    assert busy_machine.alive()
    assert busy_machine.cpu_seconds() >= 0.1 * (time.monotonic() - started), busy_machine.cpu_seconds()
    con = sqlite3.connect(out / STORE_NAME)
    try:
        keys = con.execute("SELECT point_id, seed FROM runs").fetchall()
        last, todo = con.execute("SELECT session, todo FROM sessions ORDER BY session DESC LIMIT 1").fetchone()
        ran_last = con.execute("SELECT count(*) FROM runs WHERE session = ?", (last,)).fetchone()[0]
    finally:
        con.close()
    assert len(keys) == len(set(keys)) == TOTAL
    assert todo == ran_last == TOTAL - before_final  # only the missing runs were computed
    assert (out / RESULTS_NAME).read_bytes() == ref_csv  # byte for byte
    assert not list(out.glob(".*.tmp"))


def test_rerunning_a_finished_sweep_computes_nothing(tiny, monkeypatch):
    import gutbrain_sim.sweeps.executor as executor

    def no_pool(*args, **kwargs):
        raise AssertionError("a worker pool was started for a finished sweep")

    monkeypatch.setattr(executor.cf, "ProcessPoolExecutor", no_pool)  # no pool, no model: nothing is left to run
    monkeypatch.setattr(executor, "run_task", no_pool)
    spec, ref, ref_frame, ref_csv = tiny
    frame = run_sweep(spec, out=ref, workers=2, progress=False)
    pd.testing.assert_frame_equal(frame, ref_frame, check_exact=True)
    con = sqlite3.connect(ref / STORE_NAME)
    assert con.execute("SELECT todo FROM sessions ORDER BY session DESC LIMIT 1").fetchone()[0] == 0
    con.close()


def test_a_different_sweep_in_the_same_folder_is_refused(tiny):
    spec, ref, _, _ = tiny
    changed = spec.parent / "changed_sweep.toml"
    changed.write_text(TINY.replace("values = [24, 48]", "values = [24, 60]"))
    with pytest.raises(UserInputError, match="different sweep"):
        run_sweep(changed, out=ref, workers=1, progress=False)


def test_adding_seeds_runs_only_the_new_seeds(tmp_path):
    spec = tmp_path / "seeds_sweep.toml"
    one = TINY.replace("seeds = 2", "seeds = [1]").replace("values = [10, 25, 40]", "values = [10]")
    spec.write_text(one)
    first = run_sweep(spec, out=tmp_path / "s", workers=1, progress=False)
    spec.write_text(one.replace("seeds = [1]", "seeds = [1, 9]"))
    both = run_sweep(spec, out=tmp_path / "s", workers=1, progress=False)
    assert list(zip(both["point_id"], both["seed"], strict=True)) == [(0, 1), (0, 9), (1, 1), (1, 9)]
    pd.testing.assert_frame_equal(both[both["seed"] == 1].reset_index(drop=True), first, check_exact=True)
    con = sqlite3.connect(tmp_path / "s" / STORE_NAME)
    assert con.execute("SELECT todo FROM sessions ORDER BY session").fetchall() == [(2,), (2,)]
    con.close()


def test_two_processes_cannot_run_one_sweep_folder_at_once(tmp_path):
    with SweepStore(tmp_path, "fp", ["a"], ["m:end"], "{}"):
        with pytest.raises(UserInputError, match="another sweep is running"):
            SweepStore(tmp_path, "fp", ["a"], ["m:end"], "{}")
    with SweepStore(tmp_path, "fp", ["a"], ["m:end"], "{}") as store:  # released on close
        store.add(0, 1, {"a": 1.5}, {"m:end": 2.0}, 0.1, store.begin_session("serial", 1))
        with pytest.raises(sqlite3.IntegrityError):  # a duplicate run is an error, never a second row
            store.add(0, 1, {"a": 1.5}, {"m:end": 2.0}, 0.1, 1)
        assert len(store.frame()) == 1


def test_paired_control_is_the_same_seed_without_the_probiotic(tmp_path):
    from gutbrain_sim import GutBrainModel
    from gutbrain_sim.scenario import scenario_from_dict
    from gutbrain_sim.sweeps.measures import compute, parse_metric

    base = {"host": "mdd", "duration_days": 2, "interventions": [{"type": "probiotic", "dose_cfu_per_day": 1e11}]}
    spec = {"name": "paired", "scenario": base, "seeds": [5], "record_every_h": 4,
            "parameters": [{"name": "interventions.0.viability", "values": [0.5]}],
            "metrics": ["depression_hamd:end", "abundance_probiotic_strain:max"], "paired": {"without": "probiotic"}}
    frame = run_sweep(spec, out=tmp_path / "p", workers=1, progress=False)
    row = frame.iloc[0]
    metrics = [parse_metric(m, "t", 2) for m in spec["metrics"]]

    def direct(interventions):
        sc = scenario_from_dict({**base, "seed": 5, "interventions": interventions}, "t")
        m = GutBrainModel(sc, record_every_h=4)
        m.run()
        return compute(m.timeseries(), metrics)

    with_p = direct([{**base["interventions"][0], "viability": 0.5}])
    without = direct([])
    for m in spec["metrics"]:
        assert row[m] == with_p[m]
        assert row[f"{m}:control"] == without[m]
        assert row[f"{m}:effect"] == with_p[m] - without[m]
    assert row["abundance_probiotic_strain:max:control"] == 0.0 < row["abundance_probiotic_strain:max"]


def test_results_csv_is_replaced_whole_or_not_at_all(tmp_path, monkeypatch):
    path = tmp_path / RESULTS_NAME
    old = pd.DataFrame({"point_id": [0], "seed": [1], "m:end": [1.25]})
    write_results(old, path)
    before = path.read_bytes()

    def half_then_crash(self, target, **kw):
        Path(target).write_text("point_id,seed,m:end\n0,1,")
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_csv", half_then_crash)
    with pytest.raises(OSError):
        write_results(pd.DataFrame({"point_id": [0, 1], "seed": [1, 1], "m:end": [1.0, 2.0]}), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [RESULTS_NAME]


def test_grid_report_heatmaps_show_seed_means_with_units(tiny, tmp_path):
    import matplotlib.pyplot as plt

    from gutbrain_sim.sweeps import plots as sweep_plots

    spec, _, frame, _ = tiny
    files = write_report(spec, frame, tmp_path)
    assert sorted(f.name for f in files) == sorted(f"heatmap_{m.replace(':', '_')}.png" for m in METRICS)
    assert all(f.stat().st_size > 5000 for f in files)
    fig = sweep_plots.heatmap(frame, "fibre_g_per_day", "transit_h", "butyrate_mM:mean", x_unit="g/day", y_unit="h", unit="mM")
    ax = fig.axes[0]
    cells = ax.images[0].get_array()
    expect = frame.groupby(["transit_h", "fibre_g_per_day"])["butyrate_mM:mean"].mean().unstack().to_numpy()
    assert (cells == expect).all()
    assert ax.get_xlabel() == "fibre_g_per_day (g/day)" and ax.get_ylabel() == "transit_h (h)"
    plt.close(fig)
