"""The administered strains' action on the HPA axis (``strain_crh_damping``): their vagal afferent signal damps the
hypothalamic CRH drive, so cortisol falls; a knock-out of the strains' vagal route or a vagotomy removes it; nothing
changes without strains. The rate is read from Jain 2024's pooled cortisol fall in healthy people and reproduced as a
source experiment (gutbrain_sim.validation.sources_hpa)."""

import pytest
from steady_host import host_at_steady_contact

from gutbrain_sim.params import ParamSet
from gutbrain_sim.validation import sources_hpa as sh


def _cortisol_24h(contact, p=None, stress=0.0, **inputs):
    """24-h mean cortisol after ten days at a steady strain contact (one resting host, steady gut signals)."""
    return float(host_at_steady_contact(contact, 240, p, stress, **inputs)["cortisol_24h_nmol_per_l"][0])


def test_strain_contact_lowers_cortisol_basal_and_under_stress():
    for stress in (0.0, 1.0):
        none, some, more = (_cortisol_24h(c, stress=stress) for c in (0.0, 0.1, 0.4))
        assert more < some < none, (stress, none, some, more)


def test_no_rate_no_strains_or_a_cut_route_leaves_cortisol_alone():
    none = _cortisol_24h(0.0)
    # (the strains' immune route off too: less IL-6 also means less cytokine drive on the HPA axis, test_strain_immune)
    assert _cortisol_24h(0.4, ParamSet({"strain_crh_damping": 0.0, "strain_il6_damping": 0.0})) == pytest.approx(none, rel=1e-9)
    ko = _cortisol_24h(0.4, strain_vagus_blocked=1.0)
    assert ko == pytest.approx(none, rel=1e-9)


def test_the_strains_tone_is_one_hpa_input():
    # the strains' vagal tone reaches the HPA axis only through strain_crh_damping: the gut's own vagal damping
    # (vagal_hpa_damping, stress-driven CRH) does not see it, under stress or not (no double path)
    for stress in (0.0, 1.0):
        base = ParamSet({"strain_crh_damping": 0.0, "strain_il6_damping": 0.0})
        none = _cortisol_24h(0.0, base, stress=stress)
        for damping in (0.0, 0.6, 1.0):
            p = ParamSet({"strain_crh_damping": 0.0, "strain_il6_damping": 0.0, "vagal_hpa_damping": damping})
            assert _cortisol_24h(0.4, p, stress=stress) == pytest.approx(_cortisol_24h(0.0, p, stress=stress), rel=1e-9)
        assert _cortisol_24h(0.4, ParamSet({"strain_il6_damping": 0.0}), stress=stress) < none


def test_the_damping_is_bounded_however_dense_the_contact():
    # a mouse's colon: contact near 1; the CRH drive keeps at least strain_crh_floor (0.5), cortisol stays positive
    p = ParamSet({"strain_crh_damping": 1.0, "strain_vagal_gain": 2.0})
    assert 0.0 < _cortisol_24h(1.0, p) < _cortisol_24h(0.0, p)
    # a higher floor leaves more of the drive: cortisol higher at the same dense contact
    high = ParamSet({"strain_crh_damping": 1.0, "strain_vagal_gain": 2.0, "strain_crh_floor": 0.8})
    assert _cortisol_24h(1.0, p) < _cortisol_24h(1.0, high) < _cortisol_24h(0.0, p)


def test_the_paper_figure_as_a_fraction():
    # Jain 2024 healthy subgroup SMD -0.30 (-0.58, -0.03) with Debono 2009's log SD 0.144 of the morning peak
    assert sh.PEAK_LOG_SD == pytest.approx(0.1444, abs=1e-3)
    assert sh.paper_fall(-0.30) == pytest.approx(-0.0424, abs=5e-4)
    assert sh.paper_fall(-0.58) < sh.paper_fall(-0.30) < sh.paper_fall(-0.03) < 0


def test_the_model_reproduces_the_pooled_cortisol_fall_in_healthy_people():
    # seed 2026, 30 people: -4.3% at strain_crh_damping 0.7 (-3.7% at 0.6 since branch washout; -0.2% with the strains' CRH damping off: the vagal route alone)
    row = sh.jain_cortisol_check(2026)
    assert row.reproduced is True, row
    fall = float(row.model_figure.rstrip("%")) / 100
    assert fall == pytest.approx(sh.paper_fall(-0.30), abs=0.005)
    off = sh.probiotic_cortisol_fall(2026, params={"strain_crh_damping": 0.0})
    assert off > sh.paper_fall(-0.03)  # without the route the model misses the pooled fall


def test_allen_stress_response_is_attenuated_in_direction():
    row = sh.allen_stress_check(2026, n=10)
    assert row.reproduced is True, row
