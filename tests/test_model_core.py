"""The core engine: stability of the healthy baseline, mechanism directions, bounds, determinism."""

import numpy as np
import pytest
from conftest import run_days

from gutbrain_sim.metrics import ABUNDANCE_COLUMNS, COLUMNS


def test_timeseries_has_the_contract_columns_one_row_per_hour():
    m = run_days(2)
    df = m.timeseries()
    assert list(df.columns) == list(COLUMNS)
    assert len(df) == 2 * 24 + 1
    assert df["time_h"].tolist() == list(range(49))


def test_relative_abundances_sum_to_one():
    df = run_days(3).timeseries()
    total = df[list(ABUNDANCE_COLUMNS)].sum(axis=1)
    assert np.allclose(total, 1.0, atol=1e-9)


def test_healthy_baseline_is_stable_and_physiological_for_180_days(healthy_180):
    df = healthy_180.timeseries()
    assert healthy_180.state_problems() == []
    assert np.isfinite(df.select_dtypes("number").to_numpy()).all()
    first, last = df[df.day < 30], df[df.day >= 150]
    # no extinction or explosion of the community
    assert 0.5 < last.microbes_total.mean() / first.microbes_total.mean() < 2.0
    for g in ("butyrate_producers", "bacteroides", "bifidobacterium"):
        assert last[f"abundance_{g}"].min() > 0.003, g
    assert last.abundance_pathobionts.max() < 0.10
    # physiological ranges
    assert 4.0 <= last.plasma_lps_pg_per_ml.median() <= 13.0
    assert 0.02 <= last.permeability_lm_ratio.median() <= 0.04
    assert last.depression_hamd.mean() <= 7.5
    assert last.crp_mg_per_l.median() < 3.0
    # no drift: the last month looks like the first
    for col in ("barrier_integrity", "plasma_lps_pg_per_ml", "il6_pg_per_ml", "shannon_diversity"):
        assert abs(last[col].mean() - first[col].mean()) <= 0.25 * abs(first[col].mean()), col


def test_more_fibre_means_more_butyrate_producers_and_butyrate():
    low = run_days(21, seed=5, fibre_g_per_day=10).timeseries().iloc[-24 * 7:]
    high = run_days(21, seed=5, fibre_g_per_day=40).timeseries().iloc[-24 * 7:]
    assert high.butyrate_mM.mean() > 1.3 * low.butyrate_mM.mean()
    assert high.abundance_butyrate_producers.mean() > low.abundance_butyrate_producers.mean()


@pytest.fixture(scope="module")
def bloom_pair():
    base = run_days(28, seed=7).timeseries().iloc[-24 * 7:]
    # fitter pathobionts: fast, acid-tolerant, oxygen-boosted, unchecked by IgA, fed sugar
    fit = dict(sugar_g_per_day=20, mucosal_immune_kill_per_h=0.0, pathobionts_growth_max_per_h=1.4,
               acid_inhibition_lactate_mm=50, pathobiont_oxygen_boost=3)
    bloom = run_days(28, seed=7, **fit).timeseries().iloc[-24 * 7:]
    return base, bloom


def test_pathobiont_bloom_leaks_the_barrier_inflames_and_lowers_mood(bloom_pair):
    base, bloom = bloom_pair
    assert bloom.abundance_pathobionts.mean() > 5 * base.abundance_pathobionts.mean()
    assert bloom.barrier_integrity.mean() < base.barrier_integrity.mean() - 0.05
    assert bloom.plasma_lps_pg_per_ml.mean() > 1.5 * base.plasma_lps_pg_per_ml.mean()
    assert bloom.il6_pg_per_ml.mean() > base.il6_pg_per_ml.mean() + 0.5
    assert bloom.depression_hamd.mean() > base.depression_hamd.mean() + 2.0


def test_stress_raises_cortisol_and_then_permeability():
    stress = [{"type": "stressor", "kind": "chronic", "magnitude": 2.0, "start_day": 2, "stop_day": 16}]
    base = run_days(16, seed=3).timeseries()
    hit = run_days(16, seed=3, interventions=stress).timeseries()
    win = slice(24 * 9, None)
    assert hit.cortisol_nmol_per_l[win].mean() > 1.2 * base.cortisol_nmol_per_l[win].mean()
    assert hit.permeability_lm_ratio[win].mean() > base.permeability_lm_ratio[win].mean() + 0.002


def test_same_seed_same_bytes(tmp_path):
    from gutbrain_sim import run

    a = run("healthy_baseline", days=3, seed=4, out=tmp_path / "a")
    run("healthy_baseline", days=3, seed=4, out=tmp_path / "b")
    for name in ("timeseries.csv", "summary.json", "provenance.json", "scenario.toml", "overview.png"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    c = run("healthy_baseline", days=3, seed=5)
    assert not a.timeseries.equals(c.timeseries)


def test_cortisol_has_a_morning_peak_at_least_twice_the_late_evening_trough():
    df = run_days(4, seed=2).timeseries()
    hour = df.time_h % 24
    morning = df[(hour >= 6) & (hour <= 9)].cortisol_nmol_per_l.mean()
    evening = df[(hour >= 21) | (hour <= 3)].cortisol_nmol_per_l.mean()
    assert morning >= 2.0 * evening
