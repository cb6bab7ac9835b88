"""Cortisol and GABA on mood: where cortisol starts to count, and what GABA above normal relieves (issue #14, C2)."""

from __future__ import annotations

import numpy as np
import pytest

from gutbrain_sim.params import ParamSet
from gutbrain_sim.physiology import GutSignals, HostInputs, advance_host, init_host
from gutbrain_sim.physiology.mood import advance_mood, mood_cortisol_excess


def _healthy_at_rest(p: ParamSet, days: int = 8):
    """One healthy host at everyday stress with the healthy reference gut's signals; its hourly cortisol."""
    s = init_host(p, 1)
    gut = GutSignals(np.full(1, p.healthy_plasma_lps_pg_per_ml * p.plasma_volume_ml * np.log(2) / p.plasma_lps_half_life_h),
                     np.full(1, p.healthy_mucosal_butyrate_mm), np.full(1, p.healthy_gut_gaba_umol_per_h))
    cortisol = []
    for h in range(24 * days):
        advance_host(s, gut, HostInputs.quiet(1), p, float(h), 1.0, np.zeros((2, 1)))
        cortisol.append(float(s["cortisol_nmol_per_l"][0]))
    return s, np.array(cortisol)


def test_the_cortisol_mood_reference_is_a_healthy_person_s_own_24_h_level():
    """cortisol_mood_reference is derived, not chosen: the healthy HPA's daily curve averages 0.911 of the declared mean."""
    p = ParamSet()
    _, cortisol = _healthy_at_rest(p)
    own = cortisol[-96:].mean() / p.cortisol_mean_nmol_per_l  # the last four whole days
    assert own == pytest.approx(p.cortisol_mood_reference, abs=0.005)
    assert own < 0.95  # well below the declared mean: with 1.0 a healthy person's cortisol never counted


def test_cortisol_counts_from_the_reference_up():
    p = ParamSet()
    v = {"cortisol_24h_nmol_per_l": p.cortisol_mean_nmol_per_l * np.array([0.8, p.cortisol_mood_reference, 1.0, 1.5])}
    got = mood_cortisol_excess(v, p)
    assert got[0] == 0.0 and got[1] == 0.0
    assert got[2] == pytest.approx(1.0 - p.cortisol_mood_reference) and got[3] == pytest.approx(1.5 - p.cortisol_mood_reference)


@pytest.mark.parametrize("gaba_index", [0.7, 1.3])
def test_a_gaba_deficit_counts_in_full_a_surplus_only_for_the_anxiety_and_insomnia_items(gaba_index):
    p = ParamSet()
    s, _ = _healthy_at_rest(p, days=2)
    s.values["gaba_index"] = np.array([gaba_index])
    advance_mood(s, p, 1.0, np.zeros((2, 1)), settle=True)
    got = float(s.pathways["vagus_gaba"][0])
    if gaba_index < 1.0:
        assert got == pytest.approx(p.weight_gaba_hamd * 0.3)
    else:
        assert got == pytest.approx(-p.gaba_mood_surplus_share * p.weight_gaba_hamd * 0.3)
        assert 0.0 < p.gaba_mood_surplus_share < 0.5  # 18 of HAM-D-17's 52 points: never the whole scale


def test_lower_cortisol_lowers_a_healthy_person_s_depression():
    """The probiotic's fall of cortisol in healthy people (Jain 2024) moves their mood: the person sits at the reference."""
    p = ParamSet()
    s, _ = _healthy_at_rest(p, days=3)
    s.values["cortisol_24h_nmol_per_l"] = np.array([p.cortisol_mean_nmol_per_l * (p.cortisol_mood_reference + 0.05)])
    low = s.copy()
    low.values["cortisol_24h_nmol_per_l"] = s["cortisol_24h_nmol_per_l"] - 10.0  # nmol/L
    for state in (s, low):
        advance_mood(state, p, 1.0, np.zeros((2, 1)), settle=True)
    assert low.pathways["cortisol"][0] < s.pathways["cortisol"][0]
    assert low["depression_core_hamd"][0] < s["depression_core_hamd"][0]
