"""Summaries-only recording: the same numbers as pandas/numpy on the full timeseries of the same
seed (bit for bit), the same model state (recording draws no random numbers), fixed memory
whatever the run's length, sweeps that use it give the store the same floats, and
`gutbrain run --record summary` writes its smaller output contract or a one-line error."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from gutbrain_sim import GutBrainModel
from gutbrain_sim.core.errors import UserInputError
from gutbrain_sim.metrics import COLUMNS, summarise
from gutbrain_sim.recording import PairwiseSum, RunSummary, held_bytes, planned_rows
from gutbrain_sim.scenario import Scenario

WINDOWS = ("mean_last_1d", "mean_first_0.5d", "mean_last_2.5d")
PROBIOTIC = {"type": "probiotic", "start_day": 1, "dose_cfu_per_day": 1e11}


def _pair(days: float, every: int, seed: int = 4, interventions=None):
    sc = Scenario(name="rec", duration_days=days, seed=seed, host="mild_depression")
    rows = GutBrainModel(sc, record_every_h=every, interventions=interventions)
    rows.run()
    summ = GutBrainModel(sc, record_every_h=every, interventions=interventions, record="summary", summary_windows=WINDOWS)
    summ.run()
    return rows, summ


@pytest.fixture(scope="module")
def hourly():
    return _pair(3, 1, interventions=[PROBIOTIC])


@pytest.fixture(scope="module")
def five_hourly():
    return _pair(2.75, 5)  # 66 h: the last row is at hour 65, not at the end


def test_pairwise_sum_is_numpys_sum_bit_for_bit():
    rng = np.random.default_rng(7)
    sizes = [*range(1, 300), 511, 1000, 1025, 4099, 8192, 8761, 17521]
    naive_differs = 0
    for n in sizes:
        a = rng.standard_normal((n, 2)) * 10.0 ** rng.integers(-8, 8, (n, 2))
        ps = PairwiseSum(2, n)
        for row in a:
            ps.add(row)
        want = np.array([np.ascontiguousarray(a[:, j]).sum() for j in range(2)])
        assert np.array_equal(ps.total(), want), n
        naive_differs += int(not np.array_equal(np.cumsum(a, axis=0)[-1], want))
    assert naive_differs > len(sizes) // 4  # a plain running total would not do
    ps = PairwiseSum(1, 3)
    ps.add(np.array([1.0]))
    with pytest.raises(ValueError, match="1 of its 3 rows"):
        ps.total()


@pytest.mark.parametrize("pair", ["hourly", "five_hourly"])
def test_every_summary_statistic_equals_pandas_on_the_full_series(pair, request):
    rows, summ = request.getfixturevalue(pair)
    df = rows.timeseries()
    s = summ.summary
    assert s.complete and s.rows == len(df) == planned_rows(rows.duration_h, rows.record_every_h)
    day = df["day"]
    checked = 0
    for c in COLUMNS:
        x = df[c]
        want = {"start": x.iloc[0], "end": x.iloc[-1], "min": x.min(), "max": x.max(), "mean": x.mean(),
                "change": float(x.iloc[-1]) - float(x.iloc[0]),
                "mean_last_1d": x[day > day.iloc[-1] - 1].mean(), "mean_first_0.5d": x[day < day.iloc[0] + 0.5].mean(),
                "mean_last_2.5d": x[day > day.iloc[-1] - 2.5].mean()}
        for stat, value in want.items():
            assert s.value(c, stat) == float(value), (c, stat, s.value(c, stat), float(value))
            checked += 1
    assert checked == len(COLUMNS) * 9
    assert df["abundance_probiotic_strain"].max() > 0 or pair == "five_hourly"  # something moves in the window


def test_recording_mode_leaves_the_run_itself_untouched(hourly):
    rows, summ = hourly
    assert np.array_equal(rows.gut.lumen.conc, summ.gut.lumen.conc)
    assert np.array_equal(rows.gut.colonies.cfu[:rows.gut.colonies.n], summ.gut.colonies.cfu[:summ.gut.colonies.n])
    for name, v in rows.host_state.values.items():
        assert np.array_equal(v, summ.host_state.values[name]), name
    assert rows._row == summ._row
    assert rows.random.getstate() == summ.random.getstate()
    assert rows.rng.bit_generator.state == summ.rng.bit_generator.state
    assert rows.streams._made.keys() == summ.streams._made.keys()
    for name, gen in rows.streams._made.items():  # every named stream at the same point
        assert gen.bit_generator.state == summ.streams._made[name].bit_generator.state, name


def test_the_run_summary_is_the_same_from_rows_or_summaries(hourly):
    rows, summ = hourly
    a = summarise(rows.timeseries(), rows.scenario.to_dict(), rows.final_composition())
    b = summarise(summ.summary, summ.scenario.to_dict(), summ.final_composition())
    assert json.dumps(a) == json.dumps(b)
    assert a["hours"] == 72


def test_summary_memory_does_not_grow_with_simulated_time():
    sc = Scenario(duration_days=40, seed=2)
    summ = GutBrainModel(sc, record="summary", summary_windows=("mean_last_7d",))
    rows = GutBrainModel(sc, record_every_h=24)  # the yardstick the same measure sees grow
    sizes = {}
    for day in (10, 40):
        summ.run(days=day - summ.time_h / 24)
        rows.run(days=day - rows.time_h / 24)
        sizes[day] = (held_bytes(summ.summary), summ.summary.nbytes(), held_bytes(rows.datacollector.model_vars))
    assert summ.summary.complete and summ.summary.rows == 40 * 24 + 1
    assert sizes[40][1] == sizes[10][1], sizes  # the arrays: exactly the same bytes
    assert abs(sizes[40][0] - sizes[10][0]) <= 64, sizes  # all of it (a few counters' int objects may change size)
    assert sizes[10][0] < 120_000  # fixed: about 30 KB + the 7-day window (169 rows x 37 columns)
    assert sizes[40][2] > sizes[10][2] + 20 * 37 * 16, sizes  # rows: at least a boxed float per value per day
    with pytest.raises(UserInputError, match="planned for 961 rows"):
        summ.run(days=1)  # past the scenario's end: the summary's plan is used up


def test_summary_mode_errors_are_one_line():
    sc = Scenario(duration_days=0.5, seed=1)
    with pytest.raises(UserInputError, match="record must be one of rows, summary"):
        GutBrainModel(sc, record="daily")
    with pytest.raises(UserInputError, match="needs record=\"summary\""):
        GutBrainModel(sc, summary_windows=("mean_last_1d",))
    with pytest.raises(UserInputError, match="mean_last_7d"):
        GutBrainModel(sc, record="summary", summary_windows=("last_week",))
    m = GutBrainModel(sc, record="summary")
    m.run()
    with pytest.raises(UserInputError, match="kept summaries only"):
        m.timeseries()
    with pytest.raises(KeyError, match="cannot answer depression_hamd:sd"):
        m.summary.value("depression_hamd", "sd")
    assert RunSummary(COLUMNS, rows=5).nbytes() == RunSummary(COLUMNS, rows=5_000_000).nbytes()


# --------------------------------------------------------------------------- sweeps
SWEEP = {
    "name": "rec", "seeds": [3], "record_every_h": 3,
    "scenario": {"host": "mdd", "duration_days": 2, "interventions": [{"type": "probiotic", "dose_cfu_per_day": 1e11}]},
    "parameters": [{"name": "fibre_g_per_day", "values": [12, 35]}],
    "metrics": ["depression_hamd:end", "butyrate_mM:mean", "plasma_lps_pg_per_ml:max", "il6_pg_per_ml:min",
                "abundance_probiotic_strain:change", "cortisol_nmol_per_l:start", "butyrate_mM:mean_last_1d",
                "shannon_diversity:mean_first_0.5d"],
    "paired": {"without": "probiotic"},
}


def test_sweeps_use_summaries_only_when_every_metric_allows():
    from gutbrain_sim.sweeps.measures import parse_metric, summary_answers, summary_windows

    ms = [parse_metric(m, "t", 2) for m in SWEEP["metrics"]]
    assert summary_answers(ms)
    assert summary_windows(ms) == ("mean_last_1d", "mean_first_0.5d")
    assert not summary_answers([*ms, parse_metric("butyrate_mM:sd", "t", 2)])


def test_sweep_store_holds_the_same_floats_as_the_row_path(tmp_path, monkeypatch):
    from gutbrain_sim.model import GutBrainModel as Model
    from gutbrain_sim.sweeps import (
        build_design,
        load_sweep,
        make_tasks,
        parse_metric,
        run_sweep,
        run_task,
    )

    modes = []
    real_init = Model.__init__

    def spy(self, *a, **kw):
        modes.append(kw.get("record", "rows"))
        real_init(self, *a, **kw)

    monkeypatch.setattr(Model, "__init__", spy)
    frame = run_sweep(SWEEP, out=tmp_path / "s", workers=1, progress=False)
    assert modes == ["summary"] * 4  # 2 points x (run + paired control)
    spec = load_sweep(SWEEP)
    for task in make_tasks(spec, build_design(spec)):
        expected = run_task({**task, "record": "rows"})["metrics"]
        row = frame[(frame.point_id == task["point_id"]) & (frame.seed == task["seed"])].iloc[0]
        assert len(expected) == 3 * len(SWEEP["metrics"])
        for label, value in expected.items():
            assert row[label] == value, label
    assert modes[4:] == ["rows"] * 4
    modes.clear()
    task = make_tasks(spec, build_design(spec))[0]
    with_sd = run_task({**task, "metrics": [*spec.metrics, parse_metric("butyrate_mM:sd", "t", 2)], "control": None})
    assert modes == ["rows"]  # sd needs the whole series
    assert with_sd["metrics"]["butyrate_mM:mean"] == frame.loc[frame.point_id == task["point_id"], "butyrate_mM:mean"].iloc[0]


# --------------------------------------------------------------------------- CLI
def _gutbrain(*args):
    return subprocess.run([sys.executable, "-m", "gutbrain_sim.cli", *args], capture_output=True, text=True, timeout=300)


def test_cli_record_summary_writes_its_contract_and_refuses_stale_rows(tmp_path):
    out = tmp_path / "s"
    r = _gutbrain("run", "healthy_baseline", "--days", "1", "--seed", "3", "--record", "summary", "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in out.iterdir()) == ["provenance.json", "scenario.toml", "summary.json"]
    assert "outputs in" in r.stdout and "timeseries.csv" not in r.stdout
    prov = json.loads((out / "provenance.json").read_text())
    assert prov["record"] == "summary" and prov["record_every_h"] == 1
    from gutbrain_sim.runner import run

    rows = run("healthy_baseline", days=1, seed=3, out=tmp_path / "r")  # the default contract, same seed
    assert (out / "summary.json").read_bytes() == (tmp_path / "r" / "summary.json").read_bytes()
    before = (tmp_path / "r" / "summary.json").read_bytes()
    r = _gutbrain("run", "healthy_baseline", "--days", "2", "--record", "summary", "--out", str(tmp_path / "r"))
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "holds timeseries.csv" in r.stderr, r.stderr
    assert (tmp_path / "r" / "summary.json").read_bytes() == before  # nothing written
    assert rows.timeseries is not None and len(rows.timeseries) == 25
