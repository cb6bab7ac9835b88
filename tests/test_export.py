"""`gutbrain export`: run, trial and sweep folders as one tidy table (CSV, or Parquet with units)."""

import json
import subprocess
import sys

import pandas as pd
import pytest
from conftest import write_tiny_trial

from gutbrain_sim.core.tidy import TIDY_COLUMNS, tidy_frame, unit_of


def gutbrain(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "gutbrain_sim.cli", *args], capture_output=True, text=True, cwd=cwd, timeout=900)


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    root = tmp_path_factory.mktemp("export")
    assert gutbrain("run", "healthy_baseline", "--days", "1", "--record-every", "6", "--out", str(root / "run")).returncode == 0
    write_tiny_trial(root / "tiny.toml", n_per_arm=2)
    r = gutbrain("trial", str(root / "tiny.toml"), "--out", str(root / "trial"), "--record-people")
    assert r.returncode == 0, r.stderr
    sweep = root / "sweep"
    sweep.mkdir()
    pd.DataFrame({"point_id": [0, 0, 1], "seed": [1, 2, 1], "fibre_g_per_day": [10.0, 10.0, 30.0],
                  "depression_hamd:end": [4.0, 5.0, 3.5]}).to_csv(sweep / "results.csv", index=False)
    return root


def test_a_run_folder_becomes_one_value_per_row_with_its_unit(folders):
    ts = pd.read_csv(folders / "run" / "timeseries.csv")
    tidy = tidy_frame(folders / "run")
    assert tuple(tidy.columns) == TIDY_COLUMNS
    values = [c for c in ts.columns if c not in ("time_h", "day")]
    assert len(tidy) == len(ts) * len(values)
    hamd = tidy[tidy.variable == "depression_hamd"].sort_values("time_h")
    assert hamd["value"].tolist() == pytest.approx(ts["depression_hamd"].tolist())
    assert set(hamd["unit"]) == {"HAM-D-17 (0-52)"}
    assert (tidy["unit"].fillna("") != "").all()  # every number has a unit


def test_a_trial_folder_exports_participants_and_person_hours_to_parquet_with_units(folders, tmp_path):
    out = tmp_path / "trial.parquet"
    r = gutbrain("export", str(folders / "trial"), "--out", str(out))
    assert r.returncode == 0, r.stderr
    import pyarrow.parquet as pq

    table = pq.read_table(out)
    units = json.loads(table.schema.metadata[b"gutbrain_sim.units"])
    assert units["depression_hamd"] == "HAM-D-17 (0-52)" and units["crp_mg_per_l"] == "mg/L"
    assert table.schema.field("time_h").metadata[b"unit"] == b"h"
    frame = table.to_pandas()
    people = pd.read_csv(folders / "trial" / "participants.csv")
    assert set(frame["source"]) == {"trial participant", "trial person-hour"}
    final = frame[(frame.source == "trial participant") & (frame.variable == "depression_hamd_final")]
    assert sorted(final["value"]) == pytest.approx(sorted(people["depression_hamd_final"]))
    assert frame[frame.source == "trial person-hour"].groupby(["arm", "participant"]).ngroups == 4
    again = tmp_path / "again.parquet"
    assert gutbrain("export", str(folders / "trial"), "--out", str(again)).returncode == 0
    assert again.read_bytes() == out.read_bytes()  # same folder, same bytes


def test_a_sweep_folder_keeps_points_seeds_and_parameter_units(folders):
    tidy = tidy_frame(folders / "sweep")
    fibre = tidy[tidy.variable == "fibre_g_per_day"]
    assert fibre["unit"].unique().tolist() == ["g/day"] and fibre["point_id"].tolist() == [0, 0, 1]
    assert unit_of("depression_hamd:end") == "HAM-D-17 (0-52)"
    assert tidy[tidy.variable == "depression_hamd:end"]["value"].tolist() == [4.0, 5.0, 3.5]


@pytest.mark.parametrize("args, needles", [
    (["nowhere"], ["not a folder"]),
    (["EMPTY"], ["no timeseries.csv"]),
    (["RUN", "--out", "x.xlsx"], [".csv or .parquet"]),
    (["RUN", "--out", "EXISTING"], ["--force"]),
])
def test_bad_export_requests_give_one_line_and_write_nothing(folders, tmp_path, args, needles):
    (tmp_path / "empty").mkdir()
    (tmp_path / "existing.csv").write_text("keep")
    subst = {"EMPTY": str(tmp_path / "empty"), "RUN": str(folders / "run"), "EXISTING": str(tmp_path / "existing.csv")}
    r = gutbrain("export", *[subst.get(a, a) for a in args], cwd=tmp_path)
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert r.returncode == 2 and len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    assert all(n in lines[0] for n in needles), lines[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty", "existing.csv"]
    assert (tmp_path / "existing.csv").read_text() == "keep"
    assert not (folders / "run" / "tidy.csv").exists()
