"""`gutbrain trial --parquet` and `gutbrain sweep --parquet`: every CSV gets a Parquet twin with
the same columns, dtypes and numbers (units in the Parquet metadata), landing whole or not at all;
the same seed writes the same bytes, on one process and on an external `dask scheduler` with two
`dask worker` processes; without pyarrow, one line (exit 2) before any simulating."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from conftest import write_tiny_sweep, write_tiny_trial

from gutbrain_sim.cli import main as gutbrain
from gutbrain_sim.core.tidy import read_csv_exact

TINY_SWEEP = {"name": "parquet_sweep", "parameters": {"fibre_g_per_day": [25]}}


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def one_line(err: str, *needles: str) -> None:
    assert err.count("\n") == 1 and "Traceback" not in err, err
    for n in needles:
        assert n in err, err


def without_pyarrow(monkeypatch) -> None:
    for name in [m for m in sys.modules if m == "pyarrow" or m.startswith("pyarrow.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # `import pyarrow` raises ImportError


@pytest.fixture(scope="module")
def trial(tmp_path_factory):
    """The spec and one process's outputs of `gutbrain trial --parquet --record-people`."""
    folder = tmp_path_factory.mktemp("trial_parquet")
    spec = folder / "parquet_tiny.toml"
    write_tiny_trial(spec, n_per_arm=3, name="parquet_tiny", probiotic_dose_cfu_per_day=1e10, warmup_days=7, replicates=2,
                     seed=5, dropout=0.2)
    out = folder / "serial"
    assert gutbrain(["trial", str(spec), "--parquet", "--record-people", "--out", str(out)]) == 0
    return spec, out


def test_every_trial_csv_has_a_parquet_twin_with_the_same_frame_and_units(trial, capsys):
    import pyarrow.parquet as pq

    _, out = trial
    csvs = sorted(out.rglob("*.csv"))
    assert len(csvs) == 2 + 2 * 2 * 3  # participants, timecourse, and 2 arms x 2 replicates x 3 people
    assert sorted(p.with_suffix(".csv") for p in out.rglob("*.parquet")) == csvs  # a twin for each, nothing else
    for csv in csvs:
        expected, got = read_csv_exact(csv), pd.read_parquet(csv.with_suffix(".parquet"))
        pd.testing.assert_frame_equal(got, expected, check_exact=True)  # columns, dtypes and every number
        assert got.dtypes.to_dict() == pd.read_csv(csv).dtypes.to_dict()
    schema = pq.read_schema(out / "participants.parquet")
    assert schema.field("depression_hamd_final").metadata == {b"unit": b"HAM-D-17 (0-52)"}
    assert schema.field("crp_mg_per_l_baseline").metadata == {b"unit": b"mg/L"}
    assert json.loads(schema.metadata[b"gutbrain_sim.meta"]) == {"twin_of": "participants.csv"}
    assert json.loads(schema.metadata[b"gutbrain_sim.units"])["age_years"] == "years"
    people = pq.read_schema(out / "people" / "probiotic" / "replicate1_participant2.parquet")
    assert people.field("time_h").metadata == {b"unit": b"h"}
    participants = pd.read_parquet(out / "participants.parquet")
    assert str(participants.dtypes["arm"]) == "object" and str(participants.dtypes["responder"]) == "bool"
    assert len(participants) == 2 * 2 * 3


def test_same_seed_same_bytes_parquet_included(trial, tmp_path, capsys):
    spec, first = trial
    second = tmp_path / "again"
    assert gutbrain(["trial", str(spec), "--parquet", "--record-people", "--out", str(second)]) == 0
    assert "a .parquet twin of each CSV" in capsys.readouterr().out
    a, b = files(first), files(second)
    assert set(a) == set(b) and sum(k.endswith(".parquet") for k in a) == 14
    assert [k for k in a if a[k] != b[k]] == []


def test_trial_without_pyarrow_is_one_line_before_any_simulating(trial, tmp_path, capsys, monkeypatch):
    import gutbrain_sim.trials.run as trial_run

    spec, _ = trial
    without_pyarrow(monkeypatch)
    monkeypatch.setattr(trial_run, "run_trial", lambda *a, **k: pytest.fail("simulated without pyarrow"))
    assert gutbrain(["trial", str(spec), "--parquet", "--out", str(tmp_path / "t")]) == 2
    one_line(capsys.readouterr().err, "pyarrow", "pip install 'gutbrain_sim[parquet]'")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_twin_leaves_no_half_written_trial(trial, tmp_path, capsys, monkeypatch):
    import gutbrain_sim.core.tidy as tidy

    real = tidy.write_parquet_twin
    calls = []

    def disk_full_on_the_third(csv):
        calls.append(csv)
        if len(calls) == 3:
            csv.with_suffix(".parquet").write_bytes(b"PAR1")  # half a file, then the disk is full
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(csv)

    monkeypatch.setattr(tidy, "write_parquet_twin", disk_full_on_the_third)
    spec, _ = trial
    out = tmp_path / "results" / "trial"
    assert gutbrain(["trial", str(spec), "--parquet", "--record-people", "--out", str(out)]) == 2
    one_line(capsys.readouterr().err, "the disk is full", "nothing was written")
    assert len(calls) == 3 and list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------------------------- sweeps
def sweep(folder: Path, seeds: int, *flags: str) -> int:
    spec = folder / f"seeds{seeds}.toml"
    write_tiny_sweep(spec, seeds=seeds, **TINY_SWEEP)
    return gutbrain(["sweep", str(spec), "--workers", "1", "--no-plots", *flags])


def test_sweep_results_get_a_twin_same_bytes_and_a_resume_keeps_it_in_step(tmp_path, capsys):
    one, resumed = tmp_path / "one", tmp_path / "resumed"
    assert sweep(tmp_path, 2, "--parquet", "--out", str(one)) == 0
    assert "results.csv, results.parquet" in capsys.readouterr().out
    twin = pd.read_parquet(one / "results.parquet")
    pd.testing.assert_frame_equal(twin, read_csv_exact(one / "results.csv"), check_exact=True)
    assert twin.columns.tolist() == ["point_id", "seed", "fibre_g_per_day", "depression_hamd:end", "butyrate_mM:mean"]
    assert twin["seed"].tolist() == [1, 2] and twin.dtypes["point_id"] == "int64"
    import pyarrow.parquet as pq

    assert pq.read_schema(one / "results.parquet").field("butyrate_mM:mean").metadata == {b"unit": b"mM"}

    # one seed with --parquet, then a second seed added and resumed without the flag: the folder
    # had a twin, so it is brought up to date, and both folders hold the same bytes
    assert sweep(tmp_path, 1, "--parquet", "--out", str(resumed)) == 0
    assert len(pd.read_parquet(resumed / "results.parquet")) == 1
    assert sweep(tmp_path, 2, "--out", str(resumed)) == 0
    for name in ("results.csv", "results.parquet"):
        assert (resumed / name).read_bytes() == (one / name).read_bytes(), name


def test_sweep_without_pyarrow_is_one_line_and_writes_nothing(tmp_path, capsys, monkeypatch):
    import gutbrain_sim.sweeps as sweeps

    without_pyarrow(monkeypatch)
    monkeypatch.setattr(sweeps, "run_sweep", lambda *a, **k: pytest.fail("swept without pyarrow"))
    spec = tmp_path / "s.toml"
    write_tiny_sweep(spec, seeds=1, **TINY_SWEEP)
    out = tmp_path / "out"
    assert gutbrain(["sweep", str(spec), "--parquet", "--out", str(out)]) == 2
    one_line(capsys.readouterr().err, "pyarrow", "pip install")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.toml"]


def fake_sweep(monkeypatch, then=None):
    """`gutbrain sweep` with a stand-in for the runs (no simulating): the store's snapshot
    results.csv is written as run_sweep writes it, then ``then`` (an exception) may strike."""
    import gutbrain_sim.sweeps as sweeps
    from gutbrain_sim.core.outputs import write_csv

    def run_sweep(spec, out, **_):
        frame = pd.DataFrame({"point_id": [0, 1], "seed": [1, 1], "fibre_g_per_day": [10.0, 40.0],
                              "depression_hamd:end": [14.123456789012345, 13.5]})
        out.mkdir(parents=True, exist_ok=True)
        frame.to_csv(out / "results.csv", index=False, lineterminator="\n")
        if then is not None:
            raise then
        frame.attrs["complete"] = True
        return frame

    def write_report(spec, frame, out):
        path = out / "sensitivity.csv"
        write_csv(path, pd.DataFrame({"parameter": ["fibre_g_per_day"], "mu_star": [0.25], "sigma": [0.125]}))
        return [path]

    monkeypatch.setattr(sweeps, "run_sweep", run_sweep)
    monkeypatch.setattr(sweeps, "write_report", write_report)


def test_sweep_twins_results_and_sensitivity(tmp_path, capsys, monkeypatch):
    fake_sweep(monkeypatch)
    spec = tmp_path / "s.toml"
    write_tiny_sweep(spec, seeds=1, **TINY_SWEEP)
    out = tmp_path / "out"
    assert gutbrain(["sweep", str(spec), "--parquet", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "results.csv, results.parquet" in printed and "sensitivity.csv, sensitivity.parquet" in printed
    for name in ("results", "sensitivity"):
        pd.testing.assert_frame_equal(pd.read_parquet(out / f"{name}.parquet"), read_csv_exact(out / f"{name}.csv"),
                                      check_exact=True)
    assert pd.read_parquet(out / "results.parquet")["depression_hamd:end"][0] == 14.123456789012345  # every digit


def test_an_interrupted_sweep_twins_its_snapshot_and_a_refused_one_writes_nothing(tmp_path, capsys, monkeypatch):
    from gutbrain_sim.core.errors import UserInputError

    spec = tmp_path / "s.toml"
    write_tiny_sweep(spec, seeds=1, **TINY_SWEEP)
    out = tmp_path / "out"
    fake_sweep(monkeypatch, then=KeyboardInterrupt())
    assert gutbrain(["sweep", str(spec), "--parquet", "--out", str(out)]) == 130
    pd.testing.assert_frame_equal(pd.read_parquet(out / "results.parquet"), read_csv_exact(out / "results.csv"))
    before = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}

    def refused(spec, out, **_):  # e.g. a mixed-version cluster: refused before results.csv is touched
        raise UserInputError("refusing a mixed-version cluster", where="--scheduler")

    import gutbrain_sim.sweeps as sweeps

    monkeypatch.setattr(sweeps, "run_sweep", refused)
    capsys.readouterr()
    assert gutbrain(["sweep", str(spec), "--out", str(out)]) == 2  # the folder has a twin: --parquet is implied
    one_line(capsys.readouterr().err, "mixed-version")
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == before  # nothing rewritten


def test_a_folder_with_a_twin_and_no_pyarrow_says_why_pyarrow_is_needed(tmp_path, capsys, monkeypatch):
    fake_sweep(monkeypatch)
    spec = tmp_path / "s.toml"
    write_tiny_sweep(spec, seeds=1, **TINY_SWEEP)
    out = tmp_path / "out"
    gutbrain(["sweep", str(spec), "--parquet", "--no-plots", "--out", str(out)])
    without_pyarrow(monkeypatch)
    capsys.readouterr()
    assert gutbrain(["sweep", str(spec), "--no-plots", "--out", str(out)]) == 2
    one_line(capsys.readouterr().err, "pyarrow", "this folder has results.parquet")


# -------------------------------------------------------------------- an external Dask cluster
@pytest.mark.slow  # 44 s at load ~10 on 2 cores: cluster up, a 2-replicate trial, cluster down
def test_trial_on_an_external_dask_scheduler_and_two_workers_writes_the_same_bytes(trial, tmp_path, external_dask):
    distributed = pytest.importorskip("dask.distributed")
    spec, serial = trial
    with external_dask("parquet-test") as (address, env, worker_pids):
        out = tmp_path / "on_dask"
        r = subprocess.run([sys.executable, "-m", "gutbrain_sim.cli", "trial", str(spec), "--replicates", "2", "--parquet",
                            "--record-people", "--scheduler", address, "--out", str(out)],
                           capture_output=True, text=True, timeout=600, env=env)
        assert r.returncode == 0, r.stderr
        assert "2 replicate(s)" in r.stdout
        expected, got = files(serial), files(out)
        assert set(got) == set(expected) and sum(k.endswith(".parquet") for k in got) == 14
        assert [k for k in expected if got[k] != expected[k]] == []

        with distributed.Client(address, timeout=60) as client:  # the replicates ran on those two processes
            executed = client.run(lambda dask_worker: dask_worker.state.executed_count)
            pids = client.run(os.getpid)
        assert sorted(pids.values()) == sorted(worker_pids)
        assert sum(executed.values()) >= 2, executed  # one task per replicate (two worker slots)
