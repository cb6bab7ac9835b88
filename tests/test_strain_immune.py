"""The administered strains' action on systemic inflammation (``strain_il6_damping``): their mucosal contact damps IL-6
production, so IL-6 and CRP fall and TNF does not; not a vagal route; nothing changes without strains. The rate is read
from the fall of CRP in depressed adults on L. helveticus R0052 + B. longum R0175 (Gawlik-Kotelnicka 2025) and
reproduced as a source experiment (gutbrain_sim.validation.sources_strain_immune): since the MDD profile's inflammation
was fitted to Osimo 2019 the rate read is 0 (the barrier routes alone reproduce the fall), so the mechanism's own tests
switch it on (``ON``)."""

import pytest
from steady_host import host_at_steady_contact

from gutbrain_sim.params import ParamSet
from gutbrain_sim.physiology.immune import strain_il6_share
from gutbrain_sim.validation import sources_strain_immune as si

ON = ParamSet({"strain_il6_damping": 1.9})  # the rate read before the re-fit of barrier_damage_cortisol_per_h


def _markers(contact, p=None, stress=0.0, **inputs):
    """IL-6, CRP and TNF after ten days at a steady strain contact (one resting host, steady gut signals)."""
    s = host_at_steady_contact(contact, 240, p, stress, **inputs)
    return {k: float(s[k][0]) for k in ("il6_pg_per_ml", "crp_mg_per_l", "tnf_pg_per_ml")}


def test_strain_contact_lowers_il6_and_crp_not_tnf():
    for stress in (0.0, 1.0):
        none, some, more = (_markers(c, ON, stress=stress) for c in (0.0, 0.1, 0.4))
        assert more["il6_pg_per_ml"] < some["il6_pg_per_ml"] < none["il6_pg_per_ml"], stress
        assert more["crp_mg_per_l"] < some["crp_mg_per_l"] < none["crp_mg_per_l"], stress
        assert some["tnf_pg_per_ml"] == pytest.approx(none["tnf_pg_per_ml"], rel=0.02)


def test_off_switch_and_no_strains_leave_il6_alone():
    off = ParamSet({"strain_il6_damping": 0.0})
    assert _markers(0.4, off)["il6_pg_per_ml"] == pytest.approx(_markers(0.0, off)["il6_pg_per_ml"], rel=1e-9)
    assert _markers(0.0, ON)["il6_pg_per_ml"] == _markers(0.0, off)["il6_pg_per_ml"]  # no strains: the rate does nothing
    assert ParamSet().strain_il6_damping == 0.0  # off by default: the source leaves it no room (below)


def test_not_a_vagal_route():
    # the strain_vagus knock-out cuts the strains' vagal tone, not their immune signalling
    with_vagus, cut = _markers(0.4, ON), _markers(0.4, ON, strain_vagus_blocked=1.0)
    assert cut["il6_pg_per_ml"] < _markers(0.0, ON, strain_vagus_blocked=1.0)["il6_pg_per_ml"]
    assert cut["il6_pg_per_ml"] == pytest.approx(with_vagus["il6_pg_per_ml"], rel=0.05)


def test_the_damping_is_bounded():
    p = ParamSet({"strain_il6_damping": 10.0})
    assert 0.0 < strain_il6_share(1.0, p) < strain_il6_share(0.1, p) < strain_il6_share(0.0, p) == 1.0


def test_the_paper_interval():
    lo, hi = si.PAPER_CI  # from P = .047: -21.3% +- 1.96 x 10.7 points
    assert lo == pytest.approx(-0.423, abs=0.002) and hi == pytest.approx(-0.003, abs=0.002)


def test_the_model_reproduces_the_crp_fall_in_depressed_adults():
    # seed 2026, 30 people, barrier_damage_cortisol_per_h 0.04: CRP -25.1%, TNF -11.7% with the route off (its default):
    # the barrier and LPS routes alone; -26.6% at 0.2 and -37.1% at 1.9, further from the paper's -21.3%
    got = si.probiotic_marker_change(2026)
    row = si.gawlik_crp_check(2026, got=got)
    assert row.reproduced is True, row
    assert got["crp_mg_per_l"] == pytest.approx(si.PAPER_FALL, abs=0.05)
    assert abs(got["tnf_pg_per_ml"]) < si.TNF_UNDETECTABLE
    on = si.probiotic_marker_change(2026, params={"strain_il6_damping": 1.9})["crp_mg_per_l"]
    assert on < got["crp_mg_per_l"] - 0.05  # the route, switched on, lowers CRP further: away from the paper


def test_the_tnf_band():
    assert si.TNF_UNDETECTABLE == pytest.approx(0.188, abs=0.002)  # 1.96 x 0.45 x sqrt(2/44)
