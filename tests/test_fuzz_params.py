"""Fuzzing: random parameter sets drawn inside the declared ranges never produce NaN, infinity
or a state outside its declared range.

The host physiology is vectorised, so thousands of parameter sets run as one array of hosts;
the agent-based gut is fuzzed with fewer, whole-model runs (hypothesis).
"""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gutbrain_sim.params import PARAMETERS, ParamSet, defaults
from gutbrain_sim.physiology import HOST_STATE, GutSignals, HostInputs, advance_host, init_host

HOST_GROUPS = {"blood and immunity", "HPA axis", "tryptophan, BDNF, GABA, vagus", "mood", "diet"}


def draw_in_range(spec, rng, n):
    lo, hi = spec.low, spec.high
    if lo > 0 and hi / lo > 50:  # wide ranges: log-uniform so small values are explored too
        v = np.exp(rng.uniform(np.log(lo), np.log(hi), n))
    else:
        v = rng.uniform(lo, hi, n)
    return np.round(v) if spec.integer else v


def test_thousands_of_random_physiology_parameter_sets_stay_finite_and_in_range():
    n, rng = 4000, np.random.default_rng(20261121)
    values = defaults()
    for name, spec in PARAMETERS.items():
        if spec.group in HOST_GROUPS:
            values[name] = draw_in_range(spec, rng, n)
    p = ParamSet.trusted(values)
    s = init_host(p, n, depression_episode_hamd=rng.uniform(0, 20, n))
    for t in range(30 * 24):
        gut = GutSignals(
            lps_flux_pg_per_h=rng.lognormal(np.log(5e4), 1.5, n),
            mucosal_butyrate_mm=rng.uniform(0, 60, n),
            gaba_umol_per_h=rng.lognormal(np.log(0.1), 1.0, n),
        )
        u = HostInputs(
            stress=rng.uniform(0, 5, n), meal_fat_g=rng.uniform(0, 200, n),
            lps_iv_pg=np.where(rng.random(n) < 0.001, rng.uniform(0, 4 * 70 * 1000, n), 0.0),
            ssri=(rng.random(n) < 0.5).astype(float), expectancy=rng.uniform(0, 1, n),
            psychotherapy=(rng.random(n) < 0.3).astype(float), vagus_intact=(rng.random(n) < 0.9).astype(float),
            ido_blocked=(rng.random(n) < 0.1).astype(float),
        )
        advance_host(s, gut, u, p, float(t), 1.0, rng.standard_normal((2, n)))
        if t % 24 == 23:
            assert s.out_of_range() == [], (t, s.out_of_range())
    for name, spec in HOST_STATE.items():
        v = s[name]
        assert np.isfinite(v).all() and v.min() >= spec.low and v.max() <= spec.high, name


GUT_PARAMS = [n for n, s in PARAMETERS.items() if s.group in ("microbial kinetics", "barrier", "diet")
              and n not in ("colonies_target",)]


@st.composite
def gut_overrides(draw):
    names = draw(st.lists(st.sampled_from(GUT_PARAMS), min_size=1, max_size=8, unique=True))
    out = {}
    for name in names:
        spec = PARAMETERS[name]
        x = draw(st.floats(min_value=0.0, max_value=1.0))
        v = spec.low + x * (spec.high - spec.low)
        out[name] = float(round(v)) if spec.integer else v
    return out


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(overrides=gut_overrides(), seed=st.integers(0, 2**16))
def test_random_gut_parameter_sets_run_30_days_in_range(overrides, seed):
    from gutbrain_sim import GutBrainModel
    from gutbrain_sim.scenario import Scenario

    m = GutBrainModel(Scenario(duration_days=30, seed=seed), colonies_target=800, record_every_h=24, **overrides)
    m.run()
    assert m.state_problems() == [], overrides
    df = m.timeseries()
    assert np.isfinite(df.select_dtypes("number").to_numpy()).all()
    shares = df[[c for c in df.columns if c.startswith("abundance_") and "probiotic" not in c]].sum(axis=1)
    assert ((shares - 1.0).abs() < 1e-6).all() or (m.gut.colonies.n == 0)
