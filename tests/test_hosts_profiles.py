"""Host profiles: all eight exist, people vary with the seed, profiles differ the expected way,
and the rodent shows the animal-vs-human anxiety contrast and its cause."""

import numpy as np
import pytest
from conftest import run_days

from gutbrain_sim.core.streams import Streams
from gutbrain_sim.hosts import draw_hosts, profile, profiles
from gutbrain_sim.model import GutBrainModel
from gutbrain_sim.params import PARAMETERS
from gutbrain_sim.scenario import Scenario

HOSTS = ("healthy", "mild_depression", "mdd", "mdd_on_ssri", "chronic_stress", "elderly", "immunocompromised", "rodent")


def test_all_eight_profiles_exist_with_descriptions_and_valid_values():
    assert set(HOSTS) <= set(profiles())
    for name in HOSTS:
        prof = profile(name)
        assert len(prof.description) > 30, name
        assert len(prof.composition) == 5 and abs(sum(prof.composition) - 1) < 0.02, name
        for k, v in prof.params.items():
            assert PARAMETERS[k].low <= v <= PARAMETERS[k].high, (name, k)
        assert prof.variation, name  # person-to-person variation is declared


@pytest.mark.parametrize("name", HOSTS)
def test_person_to_person_variation_comes_from_the_seed(name):
    prof = profile(name)

    def person(seed):
        p, episode = draw_hosts(prof, {}, 1, Streams(seed)["host.traits"])
        return {k: p[k] for k in prof.variation}, episode

    a, b, c = person(1), person(1), person(2)
    assert a[0] == b[0] and np.array_equal(a[1], b[1])  # same seed, same person
    assert any(a[0][k] != c[0][k] for k in prof.variation)  # another seed, another person
    for k, v in c[0].items():
        assert PARAMETERS[k].low <= v <= PARAMETERS[k].high, k
    # a cohort spreads around the profile's mean with about the declared variation
    cohort, _ = draw_hosts(prof, {}, 4000, Streams(7)["host.traits"])
    for k, cv in prof.variation.items():
        mean = prof.params.get(k, PARAMETERS[k].default)
        x = np.asarray(cohort[k])
        if mean > 0 and PARAMETERS[k].low < 0.5 * mean and 2 * mean < PARAMETERS[k].high:
            assert abs(x.mean() / mean - 1) < 0.1, k
            assert abs(x.std() / x.mean() - cv) < 0.3 * cv + 0.02, k


def test_episode_size_spread_is_the_declared_parameter():
    # issue #14: the episode's log-normal spread was an undeclared 0.35, which gave enrolled MDD participants a baseline
    # HAM-D of 25.3 +- 5.7 (17% screened above 30) against 22-24 +- 3-4 in real trials (Hieronymus 2016)
    prof = profile("mdd")
    sigma = PARAMETERS["episode_onset_sigma"].default
    assert 0.0 < sigma <= 0.2
    _, ep = draw_hosts(prof, {}, 4000, Streams(7)["host.traits"])
    assert abs(np.log(ep / prof.episode_hamd).std() - sigma) < 0.1 * sigma
    assert abs(ep.mean() / prof.episode_hamd - 1) < 0.02  # mean-one: the spread does not move the mean
    _, same = draw_hosts(prof, {"episode_onset_sigma": 0.0}, 50, Streams(7)["host.traits"])
    assert np.all(same == prof.episode_hamd)
    _, wide = draw_hosts(prof, {"episode_onset_sigma": 0.35}, 4000, Streams(7)["host.traits"])
    assert np.log(wide / prof.episode_hamd).std() > 3 * np.log(ep / prof.episode_hamd).std()
    _, healthy = draw_hosts(profile("healthy"), {}, 10, Streams(7)["host.traits"])
    assert np.all(healthy == 0.0)  # no episode, whatever the spread


def _after_warmup(host, seeds=(1, 2, 3)):
    out = []
    for seed in seeds:
        m = GutBrainModel(Scenario(duration_days=1, seed=seed, host=host))
        v = m.host_state.values
        out.append({**m._row, "cortisol_24h": float(v["cortisol_24h_nmol_per_l"][0]), "clearance": float(m.p.immune_clearance),
                    "ssri_effect": float(v["ssri_effect"][0]), "allostatic_load": float(v["allostatic_load"][0])})
    return {k: np.mean([o[k] for o in out]) for k in out[0]}


@pytest.fixture(scope="module")
def warm():
    return {h: _after_warmup(h) for h in HOSTS}


def test_depression_profiles_are_ordered_by_severity(warm):
    h, mild, mdd, ssri = (warm[k]["depression_hamd"] for k in ("healthy", "mild_depression", "mdd", "mdd_on_ssri"))
    assert h <= 7.5 < mild < mdd and mdd >= 17  # HAM-D bands: normal, mild, moderate or worse
    assert ssri < mdd - 3 and warm["mdd_on_ssri"]["ssri_effect"] > 0.5  # partly treated
    assert warm["mdd"]["il6_pg_per_ml"] > warm["healthy"]["il6_pg_per_ml"]
    assert warm["mdd"]["cortisol_24h"] > warm["healthy"]["cortisol_24h"]


def test_chronic_stress_elderly_and_immunocompromised_differ_the_expected_way(warm):
    healthy = warm["healthy"]
    stress = warm["chronic_stress"]
    assert stress["stress_perceived"] > 1.5 * healthy["stress_perceived"] and stress["allostatic_load"] > 0.3
    elderly = warm["elderly"]
    assert elderly["il6_pg_per_ml"] > 1.5 * healthy["il6_pg_per_ml"]  # inflammaging
    assert elderly["permeability_lm_ratio"] > healthy["permeability_lm_ratio"]  # thinner mucus
    assert elderly["clearance"] < healthy["clearance"]
    assert profile("elderly").composition[1] < profile("healthy").composition[1]  # fewer bifidobacteria seeded
    ill = warm["immunocompromised"]
    assert ill["clearance"] < 0.8 < healthy["clearance"]  # weak clearance of translocated bacteria
    assert ill["barrier_integrity"] < 0.5 < healthy["barrier_integrity"]
    assert ill["abundance_pathobionts"] > 5 * healthy["abundance_pathobionts"]
    assert ill["crp_mg_per_l"] > 3 * healthy["crp_mg_per_l"]


# --------------------------------------------------------------------------- animal vs human
PROBIOTIC = {"type": "probiotic", "start_day": 0, "dose_cfu_per_day": 1e10, "expectancy": 0.0}
VAGOTOMY = {"type": "knockout", "link": "vagus", "start_day": 0}


def _anxiety_effect(host, extra=(), **overrides):
    """Drop in HAM-A (days 10-14) from a probiotic, paired on one seed (biology only: no expectancy)."""
    runs = [run_days(14, seed=3, host=host, interventions=[*extra, *ivs], record_every_h=6, **overrides).timeseries()
            for ivs in ([], [PROBIOTIC])]
    last = [df[df.day >= 10] for df in runs]
    return {k: last[0][k].mean() - last[1][k].mean() for k in ("anxiety_hama", "depression_hamd")} | {
        "gaba_rise": last[1].gaba_index.mean() - last[0].gaba_index.mean(),
        "vagal_rise": last[1].vagal_tone.mean() - last[0].vagal_tone.mean()}


@pytest.fixture(scope="module")
def anxiety_effects():
    human_gain = PARAMETERS["vagal_anxiolysis_gain"].default
    return {
        "rodent": _anxiety_effect("rodent"),
        "rodent_human_gain": _anxiety_effect("rodent", vagal_anxiolysis_gain=human_gain),
        "rodent_vagotomy": _anxiety_effect("rodent", extra=[VAGOTOMY]),
        "healthy": _anxiety_effect("healthy"),
        "mdd": _anxiety_effect("mdd"),
    }


@pytest.mark.xfail(strict=True, reason="known failure, issue #14: the mouse's probiotic anxiolysis ran through the removed "
                   "CFU -> vagal gain; a strain-contact vagal route (Perez-Burgos 2013, Bravo 2011) needs a cited rate first")
def test_probiotic_calms_the_mouse_far_more_than_people(anxiety_effects):
    e = anxiety_effects
    assert profile("rodent").params["vagal_anxiolysis_gain"] > 5 * PARAMETERS["vagal_anxiolysis_gain"].default
    assert e["rodent"]["anxiety_hama"] > 2.0  # clear anxiolysis in the animal
    for human in ("healthy", "mdd"):
        assert e["rodent"]["anxiety_hama"] > 2.5 * e[human]["anxiety_hama"], human
        assert e[human]["gaba_rise"] > 0.02  # the gut signal reaches people too ...
    # ... so the difference is in how strongly it reaches anxiety circuits: with the human gain the effect shrinks
    assert e["rodent_human_gain"]["anxiety_hama"] < 0.35 * e["rodent"]["anxiety_hama"]
    assert e["rodent_human_gain"]["gaba_rise"] == pytest.approx(e["rodent"]["gaba_rise"], rel=0.2)


# passed since the agent gut's stirred caecum (branch caecum), with the mouse's effect running through the strains'
# junction repair of its healthy barrier. Two later changes each make it fail (issue #14): the strains mend only injury
# beyond a healthy barrier's everyday wear (C2), so the healthy mouse has little for them to mend, and with each column's
# lumen stirred (branch guts) one mouse's effect in the agent gut is noise around the well-mixed gut's mean
@pytest.mark.xfail(strict=True, reason="issue #14: calib alone: the intact mouse's probiotic anxiety effect 0.004 HAM-A "
                   "(seed 3, days 10-14; was 0.39), vagotomised 0.020; guts alone: HAM-A drop -0.274 / 0.286 / -1.198 / "
                   "-0.636 at seeds 3 / 5 / 7 / 9 where the well-mixed gut gives 0.078-0.082; the mouse's vagal anxiolysis "
                   "(Bravo 2011) needs the strain-contact vagal route of the xfail above")
def test_cutting_the_vagus_removes_the_probiotic_anxiety_effect(anxiety_effects):
    cut = anxiety_effects["rodent_vagotomy"]
    assert cut["vagal_rise"] == 0.0 and abs(cut["gaba_rise"]) < 0.01
    assert abs(cut["anxiety_hama"]) < 0.15 * anxiety_effects["rodent"]["anxiety_hama"]
