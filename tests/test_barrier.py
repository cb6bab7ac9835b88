"""The barrier's hour written once (gut/barrier.py): a cohort's numbers are each person's alone, to the bit;
a seal holds the barrier shut; crossings are asked for only where sites fail; weighted site means are the
well-mixed gut's segment means."""

from types import SimpleNamespace

import numpy as np

from gutbrain_sim.gut.barrier import (
    Mucosa,
    barrier_hour,
    site_mean,
    spread_strains,
    strain_spread_kernel,
)
from gutbrain_sim.gut.epithelium import Epithelium
from gutbrain_sim.gut.mixed_readouts import person_sum
from gutbrain_sim.params import PARAMETERS
from gutbrain_sim.physiology.rates import saturating

N, SITES, UNIT, WIDTH = 3, 7, 7.6e9, 10


def _params(per_person: dict | None = None):
    p = {k: s.default for k, s in PARAMETERS.items()}
    for k, v in (per_person or {}).items():
        p[k] = np.asarray(v, float)[:, None]  # a per-person column [person, 1]
    return SimpleNamespace(**p)


def _mucosa(rng) -> Mucosa:
    def draw(scale):
        return rng.uniform(0.0, scale, (N, SITES))

    return Mucosa(draw(3.0), draw(20.0), draw(8.0), draw(8.0), draw(4 * UNIT), draw(20 * UNIT), draw(1.0))


def _row(m: Mucosa, i: int) -> Mucosa:
    return Mucosa(*(getattr(m, k)[i].copy() for k in vars(m)))


def _epithelium(integrity: np.ndarray) -> Epithelium:
    e = Epithelium(integrity.shape)
    e.integrity[:] = integrity
    return e


def test_a_cohort_is_each_person_alone_and_crossings_are_asked_only_where_sites_fail():
    rng = np.random.default_rng(3)
    mucosa, tnf, cort = _mucosa(rng), np.array([2.0, 40.0, 5.0]), np.array([0.0, 0.3, 1.5])
    integrity = np.full((N, SITES), 0.8)
    integrity[1, 4] = 0.3  # person 1 has one failing site
    asked = []

    def crossings(fail, failing, dt_h):
        asked.append((fail.copy(), failing.copy()))
        return failing.astype(np.int64) * 5, failing.astype(np.int64)

    lps_per_h = [900.0, 1000.0, 1100.0]
    cohort = _epithelium(integrity)
    got = barrier_hour(cohort, mucosa, tnf, cort, False, _params({"lps_translocation_pg_per_h": lps_per_h}), UNIT, WIDTH, 1.0,
                       crossings)
    assert len(asked) == 1 and asked[0][1].tolist() == [False, True, False]
    assert (asked[0][0] > 0).sum() == 1 and asked[0][0][1, 4] > 0  # the failure per site, only the failing one above 0
    assert got.translocated_bacteria.tolist() == [0, 5, 0] and got.translocated_probiotic_bacteria.tolist() == [0, 1, 0]
    for i in range(N):
        alone = _epithelium(integrity[i].copy())
        one = barrier_hour(alone, _row(mucosa, i), tnf[i], cort[i], False, _params({"lps_translocation_pg_per_h": [lps_per_h[i]]}),
                           UNIT, WIDTH, 1.0, lambda fail, failing, dt: (1, 0))
        assert cohort.integrity[i].tobytes() == alone.integrity.tobytes()
        assert cohort.mucus[i].tobytes() == alone.mucus.tobytes()
        assert np.float64(got.lps_flux_pg_per_h[i]).tobytes() == np.asarray(one.lps_flux_pg_per_h[0]).tobytes()
        assert np.float64(got.mucosal_butyrate_mm[i]).tobytes() == np.asarray(one.mucosal_butyrate_mm).tobytes()
    # LPS flux = lps_translocation_pg_per_h x site mean of (L/M x mucosal LPS)
    lm = _params().lm_ratio_sealed + _params().lm_ratio_per_integrity_loss * (1.0 - cohort.integrity)
    assert np.allclose(got.lps_flux_pg_per_h, np.array(lps_per_h) * (lm * mucosa.lps_ug_per_ml).mean(axis=1), rtol=1e-12)


def test_a_sealed_barrier_is_held_shut_with_no_crossings():
    rng = np.random.default_rng(4)
    mucosa, p = _mucosa(rng), _params()
    epi = _epithelium(np.full((N, SITES), 0.2))  # failing everywhere
    mucus = epi.mucus.copy()

    def crossings(fail, failing, dt_h):
        raise AssertionError("no crossings through a sealed barrier")

    got = barrier_hour(epi, mucosa, np.full(N, 50.0), np.ones(N), True, p, UNIT, WIDTH, 1.0, crossings)
    assert (epi.integrity == 1.0).all() and (epi.mucus == mucus).all()
    assert got.translocated_bacteria.tolist() == [0] * N
    assert np.allclose(got.lps_flux_pg_per_h, p.lps_translocation_pg_per_h * p.lm_ratio_sealed * mucosa.lps_ug_per_ml.mean(axis=1))


def test_open_junctions_leak_lps_while_open_but_are_not_damage_and_let_no_bacteria_cross():
    rng = np.random.default_rng(6)
    mucosa, p = _mucosa(rng), _params()
    integrity = np.full((N, SITES), 0.45)  # failing everywhere: crossings are asked for
    shut, held_open = _epithelium(integrity.copy()), _epithelium(integrity.copy())
    held_open.open_junctions(np.array([0.0, 0.3, 0.6]))  # the host's mast cells hold junctions open, per person
    fails = []

    def crossings(fail, failing, dt_h):
        fails.append(fail.copy())
        return np.zeros(N, np.int64), np.zeros(N, np.int64)

    args = (np.full(N, 3.0), np.zeros(N), False, p, UNIT, WIDTH, 1.0, crossings)
    a, b = barrier_hour(shut, mucosa, *args), barrier_hour(held_open, mucosa, *args)
    assert held_open.integrity.tobytes() == shut.integrity.tobytes()  # opening is not damage: the same repair and injury
    assert fails[0].tobytes() == fails[1].tobytes()  # nor does it let live bacteria cross
    assert b.lps_flux_pg_per_h[0] == a.lps_flux_pg_per_h[0] and (b.lps_flux_pg_per_h[1:] > a.lps_flux_pg_per_h[1:]).all()
    assert b.lps_flux_pg_per_h[2] > b.lps_flux_pg_per_h[1]  # more open junctions, more LPS crosses
    lm_open = held_open.lm_ratio(p)
    assert np.allclose(lm_open[2] - shut.lm_ratio(p)[2], p.lm_ratio_per_integrity_loss * held_open.integrity[2] * 0.6)
    held_open.open_junctions(np.zeros(N))  # mediators gone and junctions closed: the leak is the integrity's again
    assert held_open.lm_ratio(p).tobytes() == shut.lm_ratio(p).tobytes()


def test_weighted_site_means_are_the_mixed_guts_segment_means_to_the_bit():
    rng = np.random.default_rng(5)
    segments, n = 4, 6
    w = np.array([0.9, 1.2, 0.7, 1.2])[:, None]  # (segment, 1), as mixed.segment_weights
    a, b = rng.uniform(0, 2, (segments, n)), rng.uniform(0, 5, (segments, n))
    old = person_sum(w * a * b, 0) / segments  # the mixed gut's own sum: (segment, person) summed per person
    assert site_mean((a.T, b.T), w.T).tobytes() == old.tobytes()
    assert site_mean((a.T,), w.T).tobytes() == (person_sum(w * a, 0) / segments).tobytes()


def test_strain_colonies_spread_along_the_mucosa_keep_their_cfu_and_touch_as_an_even_occupancy():
    """The agent gut's adhered strain colonies (~5e8 CFU each, a few columns apart) spread along the mucosa
    (strain_spread_kernel): CFU kept, nothing moved at 0, a cohort's numbers each person's own (a shared or a per-person
    kernel), and the saturating contact of the spread occupancy near that of the same CFU spread evenly."""
    length = 40
    held = np.zeros((3, length))
    held[0, [2, 5, 11, 17, 18, 26, 33]] = 5e8
    held[1, [0, 39]] = 4e8
    held[2, 20] = 1e9
    assert np.array_equal(spread_strains(held, strain_spread_kernel(length, 0.0)), held)
    kernel = strain_spread_kernel(length, 0.075)
    spread = spread_strains(held, kernel)
    assert np.allclose(spread.sum(axis=1), held.sum(axis=1), rtol=1e-12) and (spread > 0).all()
    for k in range(3):
        assert np.array_equal(spread_strains(held[k], kernel), spread[k])
    own = np.stack([kernel, strain_spread_kernel(length, 0.05), kernel])
    apart = spread_strains(held, own)
    assert np.array_equal(apart[0], spread[0]) and np.array_equal(apart[1], spread_strains(held[1], own[1]))
    places, half = 12 * 7.6e9, 2.5e-3
    lumpy, even = saturating(held[0] / places, half).mean(), saturating(held[0].mean() / places, half)
    assert lumpy < 0.5 * even  # 0.12 against 0.28: each colony saturates its column, the columns between are bare
    assert saturating(spread[0] / places, half).mean() > 0.9 * even  # 0.27
