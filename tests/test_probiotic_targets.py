"""C1, C2, C11 (targets version 2): the probiotic's effect in MDD and in health, against the SSRI, and its dose-response.

Default tier: paired-seed estimates (the same 30 people under placebo and under each
treatment), which bound the true effect without allocation noise. Long tier: the full-size
replicate trials the targets ask for (>= 40 x 150 per arm for C1/C11, 100 x 50 for C2).
"""

import pytest

from gutbrain_sim.params import PARAMETERS
from gutbrain_sim.trials.run import run_trial, trial_spec_from_dict
from gutbrain_sim.validation import calibration as cal
from gutbrain_sim.validation.probiotic_targets import (
    PROBIOTIC,
    SSRI,
    paired_effects,
    probiotic_results,
)

N = 30
MDD_N = 60  # the C11 responder comparison needs more than 30: at 30 it turned on one person (SSRI 11 vs probiotic 12 responders)


@pytest.fixture(scope="module")
def mdd():
    return paired_effects("mdd", {"1e9": {**PROBIOTIC, "dose_cfu_per_day": 1e9}, "1e10": PROBIOTIC, "ssri": SSRI}, MDD_N, seed=7)


@pytest.fixture(scope="module")
def healthy():
    return paired_effects("healthy", {"1e10": PROBIOTIC}, N, seed=7)["1e10"]


# issue #14 (branch il6): with a healthy gut's endotoxin no longer counted twice in IL-6 (TLR4 driven only beyond the
# healthy reference), inflammation weighs on mood in 27% of MDD people (above il6_mood_threshold; 92% before) and 3%
# of healthy ones (57% before): most of the probiotic's depression effect had run through that double count
# session 16: paired MDD effect -0.587 HAM-D (SE 0.074), g -0.091 (seed 7, 60 people) since barrier_damage_cortisol_per_h
# was re-fitted to Osimo 2019 (0.012 -> 0.04: 28.5% of mdd above the IL-6 mood threshold, was 4.5%; strain_il6_damping
# read 0 from Gawlik-Kotelnicka 2025 once the barrier routes alone gave its CRP fall). Before: -0.378 (SE 0.035), g -0.060
# (session 15, branch mddfx); -0.317 (session 14 merge); -0.114 before branch hpa; was -1.05, g -0.160 (targets version 1)
def test_c1_paired_mdd_effect_is_small_and_real(mdd):
    r = mdd["1e10"]
    assert -2.0 <= r.hamd_difference <= -0.5, r  # C1: 0.5-2.0 HAM-D points
    assert r.hamd_difference + 3 * r.hamd_difference_se < 0, r  # not noise
    assert -0.40 <= r.g <= -0.05, r
    assert r.pathways["plasma_lps_pg_per_ml"] < 0 and r.pathways["permeability_lm_ratio"] < 0  # through the barrier
    assert abs(r.pathways["anxiety_hama"]) < abs(r.pathways["depression_hamd"])  # anxiety moves less than depression


# issue #14: paired healthy -0.166 HAM-D (SE 0.015), g -0.064 against MDD -0.709 (SE 0.074), g -0.110 (seed 7): cortisol counts
# from a healthy person's own 24-h level (cortisol_mood_reference) and GABA above normal relieves HAM-D's anxiety and
# insomnia items (gaba_mood_surplus_share). Before: -0.063, g -0.024 (the healthy cortisol fall of 9.4 nmol/L sat below
# the point where cortisol counted)
def test_c2_paired_healthy_effect_in_range(healthy, mdd):
    assert -0.35 <= healthy.g <= -0.05, healthy
    assert abs(healthy.g) < abs(mdd["1e10"].g)  # C2: smaller than C1
    assert healthy.hamd_difference + 3 * healthy.hamd_difference_se < 0, healthy


def test_c2_healthy_gut_has_less_to_mend_than_mdd(mdd, healthy):
    # seed 7: healthy -0.070 HAM-D and -0.181 pg/mL LPS against MDD -0.347 and -0.843 since the strains damp the CRH drive
    # (branch hpa: MDD cortisol sits above the healthy mean, where its fall lowers depression; healthy cortisol does not).
    # Failed since branch mast (-0.060 vs -0.114); earlier -0.37 vs -1.05 when the strains mended all injury
    assert abs(healthy.hamd_difference) < 0.5 * abs(mdd["1e10"].hamd_difference)
    assert abs(healthy.pathways["plasma_lps_pg_per_ml"]) < 0.5 * abs(mdd["1e10"].pathways["plasma_lps_pg_per_ml"])


def test_c2_healthy_g_smaller_than_mdd_g(mdd, healthy):
    # C2's clause (issue #14): seed 7, healthy g -0.027 against MDD -0.055 since the strains damp the CRH drive (branch hpa;
    # -0.023 vs -0.018 before, failing); healthy end SD 2.56 points. Earlier: healthy g -0.133 (-0.37 points over a healthy end SD of 2.77) against MDD -0.160 (-1.05 over
    # 6.59); it failed (-0.34 vs -0.21) while the strains sealed healthy barriers and the healthy HAM-D spread was half
    # the population norm's (SD 2.1)
    assert abs(healthy.g) < abs(mdd["1e10"].g)
    assert 2.4 <= healthy.hamd_difference / healthy.g <= 4.0  # healthy end-of-trial SD (population norms: docs/calibration.md)


def test_mdd_end_of_trial_sd_near_real_trials(mdd):
    # issue #14: the placebo run's end-of-trial HAM-D SD, 6.59 for these 60 people (6.77 while low mood raised fat intake);
    # real trials' pooled SD is about 6.8 (Munkholm 2019: SMD 0.29 for 1.97 points). The calibration trials had 8-9 with 0.35.
    sd = mdd["1e10"].hamd_difference / mdd["1e10"].g
    assert 5.0 <= sd <= 7.2, sd
    assert mdd["ssri"].hamd_difference / mdd["ssri"].g == pytest.approx(sd)  # one placebo run for every treatment


def test_c11_ssri_beats_the_probiotic_in_the_same_people(mdd):
    # same 60 MDD people (seed 7), branch hpa: SSRI -2.08 +- 0.03, probiotic -0.35 +- 0.03 HAM-D points, responders 50% vs
    # 38% (placebo 35%). Earlier: SSRI -1.99 +- 0.03, probiotic -1.05 +- 0.10 HAM-D points, responders 42% vs 37%
    # (placebo 30%); before the strains were limited to injury and fat was freed from mood: -2.03 vs -1.40, 43% vs 40%
    s, p = mdd["ssri"], mdd["1e10"]
    assert s.hamd_difference + 2 * (s.hamd_difference_se + p.hamd_difference_se) < p.hamd_difference, (s, p)
    assert abs(s.g) > abs(p.g) and s.responders_treatment >= p.responders_treatment


def test_the_strains_hpa_route_shows_in_the_pathway_breakdown(mdd, healthy):
    # the paired summary reports each route of the strains; their CRH damping (strain_crh_damping x strain vagal tone,
    # 0.6 x 0.12 = 0.074 of the drive at 1e10 CFU/day) lowers cortisol in both populations (seed 7: MDD -13.3, healthy
    # -9.5 nmol/L over the last week)
    for r in (mdd["1e10"], healthy):
        assert r.pathways["strain_crh_damping"] == pytest.approx(PARAMETERS["strain_crh_damping"].default * r.pathways["strain_vagal_tone"], rel=1e-3)
        assert r.pathways["strain_crh_damping"] > 0.02 and r.pathways["cortisol_nmol_per_l"] < -5.0, r.pathways
    assert mdd["ssri"].pathways["strain_crh_damping"] == 0.0  # no strains, no route


def test_dose_response_from_colonisation(mdd):
    # 1e9 CFU/day holds fewer adhesion places than 1e10: a smaller effect (no EC50 flattening it). Seed 7, 60 MDD people:
    # branch hpa: 1e10 -0.347 (SE 0.032) vs 1e9 -0.052 (SE 0.006): the strains' CRH damping follows their contact, ~10x
    # less at 1e9 (0.0084 vs 0.074 of the drive). Earlier 1e10 -0.312 (SE 0.047) vs 1e9 -0.087 (SE 0.016) HAM-D, gap 0.225 against 2 x summed SE 0.126 (issue #13: the strains
    # hold places in proportion to the dose since they no longer compete with the residents for sites; before, -0.389 vs
    # -0.229, gap 0.160 under 0.174)
    lo, hi = mdd["1e9"], mdd["1e10"]
    assert hi.hamd_difference < lo.hamd_difference - 2 * (lo.hamd_difference_se + hi.hamd_difference_se), (lo, hi)
    assert lo.hamd_difference < 0


def _trial(population, arms, replicates, n, seed):
    d = {"population": population, "n_per_arm": n, "duration_weeks": 8, "replicates": replicates, "seed": seed,
         "arms": [{"name": a, "interventions": ivs} for a, ivs in arms]}
    return run_trial(trial_spec_from_dict(d, where=f"test {population}"))


PLACEBO = [{"type": "placebo"}]


def test_probiotic_results_report_c1_c2_c11_from_their_trials():
    trials = {"mdd_large": _trial("mdd", [("placebo", PLACEBO), ("probiotic", [cal.PROBIOTIC]), ("ssri", [{"type": "ssri"}])], 2, 8, 3),
              "healthy": _trial("healthy", [("placebo", PLACEBO), ("probiotic", [cal.PROBIOTIC])], 2, 8, 4)}
    out = {r.target: r for r in probiotic_results(trials, cal.targets())}
    assert set(out) == {"C1_probiotic_mdd", "C2_probiotic_healthy", "C11_ssri_vs_probiotic"}
    assert out["C1_probiotic_mdd"].details["replicates"] == 2 and out["C1_probiotic_mdd"].details["per_arm"] == 8
    assert out["C11_ssri_vs_probiotic"].value == pytest.approx(
        abs(out["C11_ssri_vs_probiotic"].details["median_g_ssri"]) - abs(out["C1_probiotic_mdd"].value), abs=2e-3)


@pytest.mark.long
def test_full_size_c1_c11_and_c2():
    trials = {"mdd_large": _trial("mdd", [("placebo", PLACEBO), ("probiotic", [cal.PROBIOTIC]), ("ssri", [{"type": "ssri"}])],
                                  40, cal.LARGE_N_PER_ARM, 2029),
              "healthy": _trial("healthy", [("placebo", PLACEBO), ("probiotic", [cal.PROBIOTIC])], 100, 50, 2027)}
    out = {r.target: r for r in probiotic_results(trials, cal.targets())}
    assert out["C1_probiotic_mdd"].passed, out["C1_probiotic_mdd"]
    assert out["C11_ssri_vs_probiotic"].passed, out["C11_ssri_vs_probiotic"]
    c2 = out["C2_probiotic_healthy"]
    assert -0.35 <= c2.value <= -0.05, c2  # its range; the smaller-than-C1 clause: paired test above and the full check
