"""Host physiology: each mechanism moves the right way, and the cited experiments come out at the paper's figures."""

from __future__ import annotations

import numpy as np
import pytest

from gutbrain_sim.params import PARAMETERS, ParamSet
from gutbrain_sim.physiology import GutSignals, HostInputs, advance_host, init_host
from gutbrain_sim.validation import sources as se


def _rest(p: ParamSet, n: int = 1, hours: int = 96, episode: float = 0.0):
    """Hosts settled at rest with steady gut signals; returns (state, gut signals, inputs)."""
    s = init_host(p, n, episode)
    gut = GutSignals(np.full(n, 8.3e3), np.full(n, p.healthy_mucosal_butyrate_mm), np.full(n, p.healthy_gut_gaba_umol_per_h))
    u = HostInputs.quiet(n)
    for h in range(hours):
        advance_host(s, gut, u, p, float(h), 1.0, np.zeros((2, n)))
    return s, gut, u


def test_free_iv_endotoxin_is_more_potent_than_the_same_pg_of_gut_derived_endotoxin():
    p = ParamSet()
    iv, gut, u = _rest(p)
    bound = iv.copy()
    dose_pg = 30.0 * p.plasma_volume_ml  # +30 pg/mL either way
    u_iv = HostInputs.quiet(1)
    u_iv.lps_iv_pg = np.array([dose_pg])
    advance_host(iv, gut, u_iv, p, 96.0, 1.0, np.zeros((2, 1)))
    more_flux = GutSignals(gut.lps_flux_pg_per_h + dose_pg * np.log(2) / p.plasma_lps_half_life_h, gut.mucosal_butyrate_mm,
                           gut.gaba_umol_per_h)
    advance_host(bound, more_flux, u, p, 96.0, 1.0, np.zeros((2, 1)))
    assert iv["lps_free_pg_per_ml"][0] > 10.0 and bound["lps_free_pg_per_ml"][0] == 0.0
    assert iv["tnf_pg_per_ml"][0] > 2.0 * bound["tnf_pg_per_ml"][0]


def test_a_healthy_gut_s_endotoxin_is_in_the_basal_cytokines_not_added_on_top():
    """tnf_basal and il6_basal are healthy people's values, measured with the healthy reference's gut endotoxin in their
    blood: at that plasma LPS the cytokines sit at their basal values; gut LPS beyond it raises them; below it they stay."""
    p = ParamSet()
    levels = {}
    for scale in (0.5, 1.0, 2.0):
        s = init_host(p, 1)
        flux = scale * p.healthy_plasma_lps_pg_per_ml * p.plasma_volume_ml * np.log(2) / p.plasma_lps_half_life_h
        gut = GutSignals(np.array([flux]), np.array([p.healthy_mucosal_butyrate_mm]), np.array([p.healthy_gut_gaba_umol_per_h]))
        for h in range(96):
            advance_host(s, gut, HostInputs.quiet(1), p, float(h), 1.0, np.zeros((2, 1)))
        levels[scale] = {k: float(s[k][0]) for k in ("plasma_lps_pg_per_ml", "tnf_pg_per_ml", "il6_pg_per_ml", "crp_mg_per_l")}
    ref = levels[1.0]
    assert ref["plasma_lps_pg_per_ml"] == pytest.approx(p.healthy_plasma_lps_pg_per_ml, rel=0.02)
    assert ref["tnf_pg_per_ml"] == pytest.approx(p.tnf_basal_pg_per_ml, rel=0.02)
    assert ref["il6_pg_per_ml"] == pytest.approx(p.il6_basal_pg_per_ml, rel=0.02)
    assert ref["crp_mg_per_l"] == pytest.approx(p.crp_per_il6_mg_per_l * p.il6_basal_pg_per_ml, rel=0.05)
    assert levels[0.5]["il6_pg_per_ml"] == pytest.approx(ref["il6_pg_per_ml"], rel=0.02)
    # 8 pg/mL more gut LPS: ~0.6 pg/mL TNF and ~1.3 pg/mL IL-6 (about 0.17 pg/mL IL-6 per pg/mL LPS)
    assert 0.1 * p.healthy_plasma_lps_pg_per_ml < levels[2.0]["il6_pg_per_ml"] - ref["il6_pg_per_ml"] < 0.25 * p.healthy_plasma_lps_pg_per_ml
    assert levels[2.0]["tnf_pg_per_ml"] > ref["tnf_pg_per_ml"] + 0.3 and levels[2.0]["crp_mg_per_l"] > ref["crp_mg_per_l"]


def test_crp_peaks_a_day_after_a_bolus_and_mood_dips_only_while_cytokines_are_raised():
    p = ParamSet()
    s, gut, u = _rest(p)
    base_crp = s["crp_mg_per_l"][0]
    trace = {"il6": [], "crp": [], "mood": []}
    for h in range(72):
        u.lps_iv_pg = np.array([0.8 * 70.0 * 1000.0 if h == 0 else 0.0])
        advance_host(s, gut, u, p, 96.0 + h, 1.0, np.zeros((2, 1)))
        trace["il6"].append(s["il6_pg_per_ml"][0])
        trace["crp"].append(s["crp_mg_per_l"][0])
        trace["mood"].append(s["sickness_mood_hamd"][0])
    il6_peak, crp_peak = int(np.argmax(trace["il6"])), int(np.argmax(trace["crp"]))
    assert il6_peak <= 3 and 12 <= crp_peak <= 36
    assert max(trace["crp"]) > 1.5 * base_crp
    assert max(trace["mood"][:6]) > 1.0 and max(trace["mood"][24:]) < 0.05


def _speech_course(p: ParamSet, hours: int = 30):
    """A 2-h stressor (magnitude 3) after a settled rest: hourly (junction opening, barrier stress drive)."""
    s, gut, u = _rest(p)
    opening, drive = [], []
    for h in range(hours):
        u.stress = np.array([3.0 if h < 2 else 0.0])
        advance_host(s, gut, u, p, 96.0 + h, 1.0, np.zeros((2, 1)))
        opening.append(s["junction_opening"][0])
        drive.append(s["barrier_stress_drive"][0])
    return np.array(opening), np.array(drive)


def test_acute_stress_opens_junctions_within_hours_and_they_close_within_a_day():
    p = ParamSet()
    opening, drive = _speech_course(p)
    peak = int(np.argmax(opening))
    assert peak <= 3 and opening[peak] > 0.1  # mast-cell mediators open junctions within hours of the stressor
    assert opening[24] < 0.05 * opening[peak]  # and they close within a day once the mediators are gone
    assert drive.max() < 0.5  # the acute path is an opening, not damage: the damage drive is the cortisol excess only
    shut_faster = _speech_course(p.replace(junction_closing_half_life_h=1.0))[0]
    assert shut_faster[peak + 3] < 0.5 * opening[peak + 3]  # the closing runs at its own half-life


def test_a_mast_cell_stabiliser_removes_the_opening_and_a_steady_stress_adapts():
    p = ParamSet()
    stabilised, _ = _speech_course(p.replace(mast_cell_barrier_gain=0.0))
    assert stabilised.max() == 0.0  # DSCG: no mast-cell mediators, no opening
    s, gut, u = _rest(p)
    u.stress = np.array([3.0])
    opening = []
    for h in range(48):
        advance_host(s, gut, u, p, 96.0 + h, 1.0, np.zeros((2, 1)))
        opening.append(s["junction_opening"][0])
    assert opening[-1] < 0.2 * max(opening)  # a steady load acts through cortisol only (mediator stores deplete)


def test_expectancy_acts_through_perceived_stress_not_on_the_score():
    p = ParamSet({"stress_baseline": 1.0})
    hope, gut, u = _rest(p, episode=12.0)
    none = hope.copy()
    u_hope = HostInputs.quiet(1)
    u_hope.expectancy = np.ones(1)
    for h in range(24 * 60):
        advance_host(hope, gut, u_hope, p, 96.0 + h, 1.0, np.zeros((2, 1)))
        advance_host(none, gut, u, p, 96.0 + h, 1.0, np.zeros((2, 1)))
    assert hope["stress_perceived"][0] < none["stress_perceived"][0]
    assert hope["episode_clock_days"][0] > none["episode_clock_days"][0]
    assert hope["depression_hamd"][0] < none["depression_hamd"][0]
    # without its way into the body (no stress relief), expectancy changes nothing
    q = p.replace(placebo_stress_relief=0.0)
    a, gut, u = _rest(q, episode=12.0)
    b = a.copy()
    for h in range(24 * 20):
        advance_host(a, gut, u_hope, q, 96.0 + h, 1.0, np.zeros((2, 1)))
        advance_host(b, gut, u, q, 96.0 + h, 1.0, np.zeros((2, 1)))
    assert a["depression_hamd"][0] == pytest.approx(b["depression_hamd"][0], abs=1e-9)


def test_episode_holds_then_recovers_and_stress_slows_it():
    p = ParamSet({"episode_remaining_days": 20.0})
    calm, gut, u = _rest(p, hours=1, episode=10.0)
    stressed = calm.copy()
    u_stress = HostInputs.quiet(1)
    u_stress.stress = np.array([2.0])
    for h in range(24 * 15):
        advance_host(calm, gut, u, p, float(h), 1.0, np.zeros((2, 1)))
    assert calm["episode_clock_days"][0] < 20.0 and calm["episode_hamd"][0] == pytest.approx(10.0)
    for h in range(24 * 60):
        advance_host(calm, gut, u, p, float(h), 1.0, np.zeros((2, 1)))
        advance_host(stressed, gut, u_stress, p, float(h), 1.0, np.zeros((2, 1)))
    past = calm["episode_clock_days"][0] - 20.0
    assert past > 14.0 and calm["episode_hamd"][0] == pytest.approx(10.0 * np.exp(-past / p.episode_recovery_days))
    assert stressed["episode_clock_days"][0] < 0.5 * calm["episode_clock_days"][0]
    assert stressed["episode_hamd"][0] > calm["episode_hamd"][0]


def test_mood_loop_is_bounded_and_anxiety_fluctuates_on_its_own():
    p = ParamSet({"depression_trait_hamd": 40.0, "stress_baseline": 3.0})
    s, gut, u = _rest(p, n=200, hours=1)
    rng = np.random.default_rng(3)
    dep, anx = [], []
    for h in range(24 * 60):
        advance_host(s, gut, u, p, float(h), 1.0, rng.standard_normal((2, 200)))
        if h % 24 == 0:
            dep.append(s["depression_hamd"].copy())
            anx.append(s["anxiety_hama"].copy())
    assert s.out_of_range() == []
    assert s["stress_perceived"].max() < 3.0 + p.mood_stress_feedback * 45 / (1 + 45 / 25.0) + 1e-6  # saturating feedback
    corr = np.corrcoef(np.diff(np.array(dep), axis=0).ravel(), np.diff(np.array(anx), axis=0).ravel())[0, 1]
    assert 0.3 < corr < 0.9


def test_ssri_pharmacological_onset_within_days():
    p = ParamSet()
    s, gut, u = _rest(p, hours=1)
    u.ssri = np.ones(1)
    for h in range(48):
        advance_host(s, gut, u, p, float(h), 1.0, np.zeros((2, 1)))
    assert s["ssri_effect"][0] == pytest.approx(1 - np.exp(-48 / (24 * p.ssri_onset_days)), rel=1e-6)
    assert s["ssri_effect"][0] > 0.5


# ---------------------------------------------------------------------------- the cited experiments
def test_half_lives_match_their_sources():
    rows = {r.key: r for r in se.half_life_checks()}
    assert rows["tnf_half_life"].reproduced and 14 <= float(rows["tnf_half_life"].model_figure.split()[0]) <= 18
    assert rows["crp_half_life"].reproduced and rows["cortisol_half_life"].reproduced


def test_endotoxin_challenge_figures():
    rows = {r.key: r for r in se.endotoxin_checks(2026, n=12)}
    assert all(r.reproduced for r in rows.values()), {k: r.model_figure for k, r in rows.items() if not r.reproduced}
    assert 3.0 <= float(rows["endotoxin_tnf_fold"].model_figure.rstrip("x")) <= 10.0
    assert float(rows["endotoxin_il6_fold"].model_figure.rstrip("x")) >= 5.0


def test_public_speech_doubles_lm_via_mast_cells():
    rows = {r.key: r for r in se.stress_checks(2026, n=12)}
    assert 1.5 <= float(rows["vanuytsel_public_speech"].model_figure.rstrip("x")) <= 2.5
    assert float(rows["vanuytsel_dscg"].model_figure.rstrip("x")) <= 1.15
    assert rows["stress_cortisol"].reproduced and rows["lm_baseline"].reproduced


@pytest.fixture(scope="module")
def source_checks():
    return se.run_sources()


def test_validation_doc_is_current_and_lists_at_least_20_reproduced(source_checks):
    from gutbrain_sim.teaching.docs_tables import ROOT

    assert sum(c.reproduced is True for c in source_checks) >= 20
    assert (ROOT / "docs" / "validation.md").read_text(encoding="utf-8") == se.validation_markdown(source_checks, 2026), \
        "run `gutbrain calibrate --sources --write-doc`"


def test_no_source_experiment_is_missed(source_checks):
    assert not [c.key for c in source_checks if c.reproduced is False]


def test_the_pending_source_experiments_are_the_known_gaps(source_checks):
    """A row that turns into a pass or a new pending row must be noticed (and docs/validation.md regenerated)."""
    pending = {c.key for c in source_checks if c.reproduced is None}
    # vanuytsel_crh is simulated (crh_injection) but above the paper's CI; messaoudi_cortisol simulated, its figures not read
    assert pending == {"vanuytsel_crh", "messaoudi_cortisol", "messaoudi_rat", "karczewski_tj"}
    # 33 until the strains' HPA checks (session 14), 35 until their CRP check (branch mddfx), 36 until injected CRH
    # (branch pending2: iv_crh_cortisol, vanuytsel_dscg_crh)
    assert sum(c.reproduced is True for c in source_checks) == len(source_checks) - len(pending) == 38


# the rows that agree because a value was set to their figure (SourceCheck.fitted_by): the endotoxin challenge's
# cytokine, CRP and cortisol figures (C13), the fasting and post-meal endotoxin (C6), the public speech's L/M, the CRH
# test's cortisol, and the mouse's anxiety drop on JB-1 (the rodent host's gain; its vagotomy half is the mechanism's)
FITS = {"endotoxin_tnf_fold", "endotoxin_il6_fold", "endotoxin_tnf_peak_time", "endotoxin_il6_peak_time", "endotoxin_tnf_back",
        "endotoxin_crp_peak", "endotoxin_crp_rise", "endotoxin_cortisol", "endotoxin_4ng_tnf_peak_time", "endotoxin_2ng_il6_peak_time",
        "endotoxin_2ng_il6_size", "endotoxin_4ng_tnf_size", "endotoxin_2ng_back", "vanuytsel_public_speech", "iv_crh_cortisol",
        "fasting_endotoxin", "high_fat_meal_endotoxin", "bravo_vagotomy"}


def test_fitted_rows_are_the_known_fits_and_20_are_reproduced_by_the_mechanism(source_checks):
    """A row whose figure a calibrated value was set to is a fit, not a reproduction: the issue's 20 source experiments
    count the others."""
    from gutbrain_sim.validation.source_runs import source_counts

    assert {c.key for c in source_checks if c.reproduced is True and c.fitted_by} == FITS
    assert all(c.verdict == "pass (fit)" for c in source_checks if c.key in FITS)
    n = source_counts(source_checks)
    assert n["reproduced"] == n["agree"] - len(FITS) >= 20


HOST_GROUPS = ("blood and immunity", "HPA axis", "tryptophan, BDNF, GABA, vagus", "mood")


def _hard_inputs(n: int = 3) -> HostInputs:
    """Three people: at rest; stressed on an SSRI, expecting help, in therapy, given 500 ug of CRH IV; given an endotoxin bolus."""
    u = HostInputs.quiet(n)
    u.stress = np.array([0.0, 3.0, 1.0])
    u.ssri = np.array([0.0, 1.0, 0.0])
    u.expectancy = np.array([0.0, 1.0, 0.5])
    u.psychotherapy = np.array([0.0, 1.0, 0.0])
    u.lps_iv_pg = np.array([0.0, 0.0, 4.0 * 70.0 * 1000.0])
    u.crh_iv_ug = np.array([0.0, 500.0, 0.0])
    return u


@pytest.mark.parametrize("name", [n for n, s in PARAMETERS.items() if s.group in HOST_GROUPS])
def test_every_host_parameter_at_either_end_of_its_range_keeps_states_finite_and_in_range(name):
    spec = PARAMETERS[name]
    for value in (spec.low, spec.high):
        p = ParamSet({name: value})
        s = init_host(p, 3, np.array([0.0, 20.0, 35.0]))
        gut = GutSignals(np.array([8e3, 5e4, 2e5]), np.array([15.0, 3.0, 30.0]), np.array([0.1, 0.01, 1.0]))
        rng = np.random.default_rng(0)
        with np.errstate(all="raise"):
            for h in range(72):  # a hard first day, the bolus at hour 24, then quiet
                u = _hard_inputs() if h <= 24 else HostInputs.quiet(3)
                if h != 24:
                    u.lps_iv_pg = np.zeros(3)
                advance_host(s, gut, u, p, float(h), 1.0, rng.standard_normal((2, 3)))
        assert s.out_of_range() == [], (name, value)


def test_a_faster_expectancy_rise_gives_more_of_the_placebo_effect_early():
    effect = {}
    for days in (3.0, 14.0):
        p = ParamSet({"expectancy_rise_days": days})
        s, gut, _ = _rest(p, hours=24)
        u = HostInputs.quiet(1)
        u.expectancy = np.ones(1)
        for h in range(24, 24 + 72):
            advance_host(s, gut, u, p, float(h), 1.0, np.zeros((2, 1)))
        effect[days] = s["expectancy_effect"][0]
    assert effect[3.0] == pytest.approx(1.0 - np.exp(-3.0 / 3.0), rel=1e-9)  # tau = 3 days, 3 days on
    assert effect[3.0] > 2.0 * effect[14.0]
