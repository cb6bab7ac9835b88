"""Issue #14: the probiotic's effect by mechanism. Paired knock-outs and knock-ins in the same MDD
people: everything off gives placebo, each share is the mean of what knocking the mechanism out
loses and what it does alone (the Shapley value when mechanisms interact in pairs), and the shares
add up to the total within 10%, the rest reported as the overlap (validation.probiotic_pathways)."""

import numpy as np
import pytest

from gutbrain_sim.validation import probiotic_pathways
from gutbrain_sim.validation.probiotic_pathways import MECHANISMS, pathway_breakdown

N, SEED = 16, 7
SMALL = {"weeks": 2, "warmup_days": 7}  # 4 people over 2 weeks: ~12 s for the 14 runs


@pytest.fixture(scope="module")
def mdd():
    return pathway_breakdown("mdd", N, SEED)  # 14 runs of 16 people over 8 weeks: ~45 s


@pytest.fixture(scope="module")
def small():
    return pathway_breakdown("mdd", 4, 3, **SMALL)


@pytest.fixture(scope="module")
def small_no_vagal():
    return pathway_breakdown("mdd", 4, 3, {"strain_vagal_gain": 0.0}, **SMALL)


def _fake_runs(monkeypatch, value):
    """Replace the simulation by a made-up game: the effect with the mechanisms ``on`` is ``value(on)``, the same in
    every person (placebo 0)."""
    switches = {next(iter(off)): m for m, off in MECHANISMS.items()}

    def fake(host, interventions, n, seed, params, **timing):
        on = {m for m in MECHANISMS} - {switches[k] for k, v in (params or {}).items() if k in switches and v == 0.0}
        hamd = np.full(n, value(on) if probiotic_pathways.PROBIOTIC in interventions else 0.0)
        return {"end_hamd": hamd}, np.zeros(n)

    monkeypatch.setattr(probiotic_pathways, "end_of_trial_means", fake)


def test_the_shares_are_shapley_values_when_mechanisms_interact_in_pairs(monkeypatch):
    # own effects a, and two pairs: vagal and immune overlap (together less than apart), tight junctions and
    # microbial need each other (only together). Shapley: a + half of each pair's term; nothing left over
    a = {"tight_junctions": -0.1, "vagal": -0.5, "immune": -0.3, "microbial": 0.0, "bacteraemia": 0.02}
    pairs = {("vagal", "immune"): 0.2, ("tight_junctions", "microbial"): -0.06}
    _fake_runs(monkeypatch, lambda on: sum(a[m] for m in on) + sum(b for p, b in pairs.items() if set(p) <= on))
    b = pathway_breakdown("mdd", 3, 1, nested=False)
    shapley = {m: a[m] + sum(v / 2 for p, v in pairs.items() if m in p) for m in MECHANISMS}
    assert b.total == pytest.approx(-0.74, abs=1e-12)
    assert b.shares == pytest.approx(shapley, abs=1e-12)
    assert b.alone == pytest.approx(a, abs=1e-12)
    assert b.overlap == pytest.approx(0.0, abs=1e-12) and b.sum_ratio == pytest.approx(1.0, abs=1e-12)
    ko = sum(b.total - w for w in b.without.values())  # knock-outs alone count each pair's term twice
    assert ko == pytest.approx(b.total + sum(pairs.values()), abs=1e-12)


def test_an_interaction_of_three_mechanisms_shows_as_overlap(monkeypatch):
    # -0.3 only with tight junctions, vagal and immune all on: knocking any out loses it (-0.3 each), none alone has it
    # (0): each gets -0.15, 1.5 times the term in all, and the overlap is the rest, +0.15
    _fake_runs(monkeypatch, lambda on: -0.3 * ({"tight_junctions", "vagal", "immune"} <= on))
    b = pathway_breakdown("mdd", 3, 1, nested=False)
    assert b.shares["vagal"] == pytest.approx(-0.15, abs=1e-12) and b.shares["microbial"] == 0.0
    assert b.overlap == pytest.approx(0.15, abs=1e-12)
    assert b.summary()["overlap"] == b.overlap and "overlap          +0.150 HAM-D points" in "\n".join(b.lines())


def test_each_share_is_the_mean_of_its_knock_out_and_knock_in_and_the_overlap_closes_the_sum(small):
    for m in MECHANISMS:
        assert small.shares[m] == ((small.total - small.without[m]) + small.alone[m]) / 2.0
    assert small.sum_of_shares + small.overlap == small.total
    assert small.summary()["alone"] == small.alone and small.summary()["overlap"] == small.overlap


def test_a_mechanism_switched_off_in_params_has_no_share(small, small_no_vagal):
    # every run has the strains' vagal gain 0: knocking it out or in changes nothing, exactly
    assert small_no_vagal.shares["vagal"] == 0.0 and small_no_vagal.alone["vagal"] == 0.0
    assert small_no_vagal.nested["vagal_crh"] == 0.0  # the CRH damping acts through the strains' vagal tone
    assert small.shares["vagal"] < -0.05  # with it on, vagal is the largest share
    assert abs(small_no_vagal.total - small_no_vagal.sum_of_shares) <= 0.10 * abs(small_no_vagal.total)


@pytest.mark.slow
def test_the_probiotic_helps_with_every_mechanism_on(mdd):
    assert mdd.total < 0.0


@pytest.mark.slow
def test_all_mechanisms_off_gives_placebo_exactly(mdd):
    # Exactly equal, person by person: every switch touches only the administered strains, and with their
    # growth factor 0 they are inert passengers (no metabolism, no junction repair, no vagal contact, no
    # bacteraemia). Their crossings at a failing site draw from their own stream (gut.strain_crossing), so they do not
    # shift the residents' draws either: exact also where barriers fail (tests/test_strain_crossing_stream.py).
    assert mdd.all_off == 0.0
    assert mdd.all_off_max_abs == 0.0


@pytest.mark.slow
@pytest.mark.parametrize("mechanism", ["tight_junctions", "vagal", "microbial"])
def test_knocking_out_a_mechanism_lowers_the_effect_and_it_has_the_totals_sign(mdd, mechanism):
    share = mdd.shares[mechanism]
    assert share * mdd.total > 0.0  # same sign: the probiotic helps less without it
    assert abs(mdd.without[mechanism]) < abs(mdd.total)
    assert share == pytest.approx((mdd.total - mdd.without[mechanism] + mdd.alone[mechanism]) / 2.0, abs=1e-12)


@pytest.mark.slow
def test_the_immune_route_read_as_zero_has_no_share(mdd):
    # strain_il6_damping is read 0 from its source since the MDD profile's inflammation was fitted to Osimo 2019 (the
    # barrier routes alone give the CRP fall): exactly no share; switched on, its direction is tests/test_strain_immune.py's
    assert mdd.shares["immune"] == 0.0 and mdd.alone["immune"] == 0.0 and mdd.without["immune"] == mdd.total


@pytest.mark.slow
def test_strain_bacteraemia_has_no_share_in_immunocompetent_mdd(mdd):
    assert abs(mdd.shares["bacteraemia"]) <= 0.01


@pytest.mark.slow
def test_the_shares_sum_to_the_total_within_ten_percent(mdd):
    # seed 7, 16 people: 101.6%, overlap +0.006 HAM-D points (the knock-out shares alone: 93.9%); 20 people
    # (calibrate --pathways 20): 101.4%, overlap +0.005 (knock-out shares alone: 98.6%)
    assert set(mdd.shares) == set(MECHANISMS) == set(mdd.alone)
    assert abs(mdd.sum_ratio - 1.0) <= 0.10, mdd.lines()
    assert abs(mdd.overlap) <= 0.10 * abs(mdd.total) and mdd.sum_of_shares + mdd.overlap == mdd.total


@pytest.mark.slow
def test_the_crh_damping_is_part_of_the_vagal_share(mdd):
    # the nested share stays a knock-out share (total - effect with the CRH damping alone off)
    crh, vagal = mdd.nested["vagal_crh"], mdd.total - mdd.without["vagal"]
    assert crh * vagal > 0.0 and abs(crh) <= abs(vagal)


@pytest.mark.slow
def test_calibrate_prints_the_breakdown(mdd, capsys, monkeypatch):
    from gutbrain_sim.cli import main as cli_main
    from gutbrain_sim.validation import probiotic_pathways

    asked = []
    monkeypatch.setattr(probiotic_pathways, "pathway_breakdown", lambda *a: asked.append(a) or mdd)  # the fixture's runs
    assert cli_main(["calibrate", "--pathways", str(N), "--seed", str(SEED)]) == 0
    out = capsys.readouterr().out
    assert asked == [("mdd", N, SEED)]
    assert f"probiotic effect by mechanism: mdd, {N} people, seed {SEED}" in out
    assert all(m in out for m in MECHANISMS) and "all mechanisms off +0.0000" in out
    assert f"overlap          {mdd.overlap:+.3f} HAM-D points" in out
