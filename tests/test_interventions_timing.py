"""When interventions act (start_day = d -> hour 24*d, stop exclusive, fractional days are hours)
and paired comparisons (same seed: identical to the byte until the intervention first acts)."""

import math

import numpy as np
import pytest
from conftest import run_days

from gutbrain_sim.engine import intervention_stream_names
from gutbrain_sim.interventions import REGISTRY, day_to_hour, intervention_from_dict
from gutbrain_sim.model import GutBrainModel
from gutbrain_sim.scenario import Scenario


def test_days_map_to_whole_hours():
    assert day_to_hour(3) == 72 and day_to_hour(3.375) == 81 and day_to_hour(0) == 0
    iv = intervention_from_dict({"type": "probiotic", "start_day": 3.375, "stop_day": 5}, "t")
    assert iv.window_h() == (81, 120)
    assert [iv.active(t) for t in (80, 81, 119, 120)] == [False, True, True, False]
    assert intervention_from_dict({"type": "placebo", "start_day": 2}, "t").window_h() == (48, math.inf)
    acute = intervention_from_dict({"type": "stressor", "kind": "acute", "start_day": 1.5, "hours": 3}, "t")
    assert acute.window_h() == (36, 39)
    assert intervention_from_dict({"type": "high_fat_meal", "start_day": 1.5}, "t").window_h() == (36, 40)
    assert intervention_from_dict({"type": "lps_challenge", "start_day": 1.5}, "t").window_h() == (36, 37)
    assert intervention_from_dict({"type": "fmt", "start_day": 1.5}, "t").window_h() == (36, 37)


@pytest.mark.parametrize("start, stop", [(1, 2), (1.25, 1.5)])
def test_window_is_first_hour_of_start_day_to_before_stop_day(start, stop):
    """A vagus knock-out zeroes vagal tone exactly in the hours it is active; row t+1 shows hour t."""
    m = run_days(2.5, seed=2, interventions=[{"type": "knockout", "link": "vagus", "start_day": start, "stop_day": stop}])
    df = m.timeseries().set_index("time_h")
    first, end = round(24 * start), round(24 * stop)
    cut = df.index[df.vagal_tone == 0.0].tolist()
    assert cut == list(range(first + 1, end + 1))


@pytest.mark.parametrize("start_day", [3, 3.375])
def test_lps_bolus_takes_effect_at_hour_24d_and_not_before(start_day):
    base = run_days(4, seed=5).timeseries()
    hit = run_days(4, seed=5, interventions=[{"type": "lps_challenge", "start_day": start_day, "dose_ng_per_kg": 2.0}]).timeseries()
    h = round(24 * start_day)
    assert h == (72 if start_day == 3 else 81)  # 3.375 days = 09:00 on day 3
    before = slice(0, h + 1)  # rows stamped 0 .. 24*d: the state before the bolus acts
    assert base.iloc[before].to_csv() == hit.iloc[before].to_csv()
    assert hit.plasma_lps_pg_per_ml.iloc[h + 1] > 4 * base.plasma_lps_pg_per_ml.iloc[h + 1]


def test_daily_probiotic_dose_arrives_at_dose_hour_of_the_start_day():
    df = run_days(3, seed=4, interventions=[{"type": "probiotic", "start_day": 1, "dose_hour": 8, "expectancy": 0.0}]).timeseries()
    strain = df.set_index("time_h").abundance_probiotic_strain
    assert (strain.loc[: 24 + 8] == 0).all()  # hours 0..32 stamped <= 32: nothing swallowed yet
    assert strain.loc[24 + 9] > 0  # swallowed in hour 32 (08:00 on day 1)


def test_paired_runs_identical_to_the_byte_until_the_probiotic_starts():
    """Common random numbers: same seed, one run with a probiotic from day 3."""
    probiotic = [{"type": "probiotic", "start_day": 3, "stop_day": 6, "dose_hour": 0}]
    a = run_days(5, seed=9).timeseries()
    b = run_days(5, seed=9, interventions=probiotic).timeseries()
    assert a[a.time_h <= 72].to_csv(index=False) == b[b.time_h <= 72].to_csv(index=False)
    after = slice(73, None)
    assert not a.iloc[after].equals(b.iloc[after])
    assert (b.abundance_probiotic_strain.iloc[73:] > 0).all()


def test_an_interventions_random_stream_ignores_the_others():
    """An SSRI's daily adherence draws are the same whether or not other interventions are listed."""
    ssri = {"type": "ssri", "start_day": 0, "adherence": 0.5}
    other = {"type": "knockout", "link": "ido", "start_day": 0}

    def taken(ivs):
        m = GutBrainModel(Scenario(duration_days=12, seed=3), interventions=ivs)
        out = []
        for _ in range(12 * 24):
            m.step()
            out.append(float(m.last_exposure.ssri[0]))
        return np.array(out)

    alone, with_other = taken([ssri]), taken([other, ssri])
    assert np.array_equal(alone, with_other)
    assert 2 <= alone[::24].sum() <= 10  # about half the 12 days taken: the draws are real
    names = intervention_stream_names([intervention_from_dict(d, "t") for d in (other, ssri, ssri | {"start_day": 5})])
    assert names == ["intervention.knockout.h0.0", "intervention.ssri.h0.0", "intervention.ssri.h120.0"]
    assert len(set(names)) == len(names)


def test_a_shortened_run_keeps_its_later_interventions(tmp_path):
    from gutbrain_sim.runner import prepare
    from gutbrain_sim.scenario import resolve_scenario

    sc = prepare("probiotic_mdd_8w", days=2)  # the probiotic starts on day 7
    assert sc.duration_days == 2 and sc.interventions == resolve_scenario("probiotic_mdd_8w").interventions


def test_every_contract_field_exists_with_a_sensible_default():
    contract = {
        "probiotic": {"strains": ("lactobacillus", "bifidobacterium"), "dose_cfu_per_day": 1e10, "viability": 1.0, "contamination": 0.0},
        "prebiotic": {"fibre": "gos", "g_per_day": 7.0},
        "synbiotic": {"strains": ("lactobacillus", "bifidobacterium"), "dose_cfu_per_day": 1e10, "viability": 1.0,
                      "contamination": 0.0, "fibre": "gos", "g_per_day": 7.0},
        "stressor": {"kind": "chronic", "magnitude": 1.0},
        "lps_challenge": {"dose_ng_per_kg": 0.8},
        "fmt": {"donor": "healthy"},
        "antibiotic": {"spectrum": "broad"},
        "diet": {"fibre_g_per_day": 20.0},
        "knockout": {"link": "vagus"},
        "ssri": {"adherence": 0.8},
    }
    for kind, fields in contract.items():
        iv = intervention_from_dict({"type": kind, "start_day": 1}, "t")  # every field defaulted
        for name, default in fields.items():
            assert getattr(iv, name) == default, (kind, name)
    assert set(REGISTRY) >= {"probiotic", "prebiotic", "synbiotic", "antibiotic", "diet", "high_fat_meal", "stressor",
                             "ssri", "psychotherapy", "placebo", "lps_challenge", "fmt", "knockout"}
    for cls in REGISTRY.values():  # every default passes the type's own checks
        for name, spec in cls.FIELDS.items():
            if spec.low is not None:
                assert spec.low <= spec.default <= spec.high, (cls.TYPE, name)
            if spec.choices:
                values = spec.default if isinstance(spec.default, tuple) else (spec.default,)
                assert set(values) <= set(spec.choices), (cls.TYPE, name)
