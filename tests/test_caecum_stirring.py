"""The stirred caecum across the lumen (lumen.stir_across, issue #13): the agent gut's free residents in the caecum
are spread over its rows after adhesion and shedding, as the well-mixed gut (its mean field) holds them 1/width in
the mucosal layer, so the two guts regrow the same community after an antibiotic course."""

import numpy as np

from gutbrain_sim.gut.lumen import stir_across
from gutbrain_sim.validation.gut_agreement import cases, run_case


def test_free_residents_in_the_caecum_are_spread_over_the_rows_strains_and_the_rest_keep_theirs():
    n, k, width = 20000, 5, 10
    rng = np.random.default_rng(3)
    x = rng.uniform(0, 20, n)
    y = np.zeros(n, np.int32)
    adhered, probiotic = rng.random(n) < 0.2, rng.random(n) < 0.1
    stir_across(y, x, adhered, probiotic, k, width, np.random.default_rng(4))
    moved = (x < k) & ~adhered & ~probiotic
    assert (y[~moved] == 0).all()
    share = np.bincount(y[moved], minlength=width) / moved.sum()
    assert np.allclose(share, 1.0 / width, atol=0.02)
    y2 = np.zeros(n, np.int32)
    stir_across(y2, x, adhered, probiotic, 1, width, np.random.default_rng(4))  # no stirred caecum: nothing moves
    assert (y2 == 0).all()


def test_after_an_antibiotic_course_both_guts_regrow_the_same_butyrate_producers():
    """Day 28 of ``antibiotic_course``, 6 people (compare-guts' people): before, the agent gut's butyrate producers
    overshot (0.40 against 0.30 of biomass, luminal butyrate 18.3 against 13.1 mM)."""
    name, host, ivs, params = next(c for c in cases() if c[0] == "scenario antibiotic_course")
    runs = {gut: run_case(host, ivs, params, 6, 2026, gut)[28] for gut in ("agent", "mixed")}
    for measure in ("abundance_butyrate_producers", "butyrate_mM"):
        agent, mixed = (float(np.median(runs[gut][measure])) for gut in ("agent", "mixed"))
        assert abs(mixed / agent - 1.0) < 0.15, (measure, agent, mixed)
