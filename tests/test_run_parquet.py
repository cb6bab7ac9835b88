"""`gutbrain run --parquet`: the tidy table as Parquet beside the CSVs, whole or not at all."""

import errno
import json
import sys

import pandas as pd
import pytest

from gutbrain_sim.cli import main as gutbrain
from gutbrain_sim.core.tidy import tidy_frame

RUN = ["run", "healthy_baseline", "--days", "1", "--record-every", "6", "--seed", "3"]


def test_run_parquet_writes_the_tidy_timeseries_with_units_and_same_seed_same_bytes(tmp_path, capsys):
    import pyarrow.parquet as pq

    first, second = tmp_path / "a" / "run", tmp_path / "b" / "run"
    assert gutbrain([*RUN, "--parquet", "--out", str(first)]) == 0
    assert "tidy.parquet" in capsys.readouterr().out
    assert gutbrain([*RUN, "--parquet", "--out", str(second)]) == 0
    assert (first / "tidy.parquet").read_bytes() == (second / "tidy.parquet").read_bytes()

    table = pq.read_table(first / "tidy.parquet")
    units = json.loads(table.schema.metadata[b"gutbrain_sim.units"])
    assert units["depression_hamd"] == "HAM-D-17 (0-52)" and units["time_h"] == "h"
    assert json.loads(table.schema.metadata[b"gutbrain_sim.meta"]) == {"exported_from": "run"}
    frame = table.to_pandas()
    ts = pd.read_csv(first / "timeseries.csv")
    values = [c for c in ts.columns if c not in ("time_h", "day")]
    assert len(frame) == len(ts) * len(values) == len(tidy_frame(first))
    hamd = frame[frame.variable == "depression_hamd"].sort_values("time_h")
    assert hamd["value"].tolist() == pytest.approx(ts["depression_hamd"].tolist())
    assert (frame["unit"].fillna("") != "").all()  # every number has a unit
    # the CSV outputs are those of a run without --parquet
    assert sorted(p.name for p in first.iterdir()) == ["overview.png", "provenance.json", "scenario.toml", "summary.json",
                                                       "tidy.parquet", "timeseries.csv", "timeseries.parquet"]
    assert (first / "timeseries.parquet").read_bytes() == (second / "timeseries.parquet").read_bytes()
    twin = pq.read_table(first / "timeseries.parquet")  # the CSV's twin: same columns, dtypes, numbers
    pd.testing.assert_frame_equal(twin.to_pandas(), pd.read_csv(first / "timeseries.csv", float_precision="round_trip"), check_exact=True)
    assert twin.schema.field("depression_hamd").metadata[b"unit"] == b"HAM-D-17 (0-52)"


def test_run_parquet_without_pyarrow_is_one_line_and_writes_nothing(tmp_path, capsys, monkeypatch):
    for name in [m for m in sys.modules if m == "pyarrow" or m.startswith("pyarrow.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # `import pyarrow` raises ImportError
    out = tmp_path / "run"
    assert gutbrain([*RUN, "--parquet", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pyarrow" in err and "pip install" in err
    assert list(tmp_path.iterdir()) == []


def test_run_parquet_with_record_summary_is_refused_before_running(tmp_path, capsys):
    assert gutbrain([*RUN, "--record", "summary", "--parquet", "--out", str(tmp_path / "run")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--record summary" in err
    assert list(tmp_path.iterdir()) == []


def test_a_failed_parquet_write_leaves_no_half_written_folder(tmp_path, capsys, monkeypatch):
    import gutbrain_sim.core.tidy as tidy

    def full_disk(folder, label):
        (folder / "tidy.parquet").write_bytes(b"PAR1")  # a partial file, then the disk is full
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tidy, "write_folder_parquet", full_disk)
    out = tmp_path / "results" / "run"
    assert gutbrain([*RUN, "--parquet", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "disk is full" in err and "nothing was written" in err
    assert not out.exists() and not (tmp_path / "results").exists()
    assert list(tmp_path.iterdir()) == []
