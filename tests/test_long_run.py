"""Long runs: two simulated years stay stable, and memory does not grow with time."""

import tracemalloc

import numpy as np
import pytest

from gutbrain_sim import GutBrainModel
from gutbrain_sim.scenario import Scenario


@pytest.mark.slow
def test_two_year_run_is_stable_and_memory_stays_bounded():
    m = GutBrainModel(Scenario(duration_days=730, seed=8), record_every_h=24)
    m.run(days=335)
    tracemalloc.start()  # traced in two windows a year apart (tracing the whole run is slow)
    m.run(days=30)
    year1_bytes, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    m.run(days=335)
    tracemalloc.start()
    m.run(days=30)
    year2_bytes, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert m.state_problems() == []
    df = m.timeseries()
    assert len(df) == 731  # one row a day: history bounded by record_every_h
    y1, y2 = df[df.day <= 365], df[df.day > 365]
    for col in ("barrier_integrity", "plasma_lps_pg_per_ml", "shannon_diversity", "microbes_total"):
        assert abs(y2[col].mean() - y1[col].mean()) <= 0.25 * y1[col].mean(), col
    assert y2.depression_hamd.mean() < 10.0
    assert np.isfinite(df.select_dtypes("number").to_numpy()).all()
    # memory allocated and still held after a month is small, and no larger a year later
    # (the colony table and fields are reused; history grows by one row a day)
    assert year1_bytes < 8e6 and year2_bytes < 8e6, (year1_bytes, year2_bytes)
    assert abs(year2_bytes - year1_bytes) < 2e6, (year1_bytes, year2_bytes)
    assert peak < 100e6
