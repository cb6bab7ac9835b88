"""Issue #14: the probiotic's effect by mechanism. Paired knock-outs in the same MDD people:
everything off gives placebo, each mechanism off lowers the effect by its share, and the shares
add up to the total (validation.probiotic_pathways)."""

import pytest

from gutbrain_sim.validation.probiotic_pathways import MECHANISMS, pathway_breakdown

N, SEED = 16, 7


@pytest.fixture(scope="module")
def mdd():
    return pathway_breakdown("mdd", N, SEED)


def test_the_probiotic_helps_with_every_mechanism_on(mdd):
    assert mdd.total < 0.0


def test_all_mechanisms_off_gives_placebo_exactly(mdd):
    # Exactly equal, person by person: every switch touches only the administered strains, and with their
    # growth factor 0 they are inert passengers (no metabolism, no junction repair, no vagal contact, no
    # bacteraemia). Their crossings at a failing site draw from their own stream (gut.strain_crossing), so they do not
    # shift the residents' draws either: exact also where barriers fail (tests/test_strain_crossing_stream.py).
    assert mdd.all_off == 0.0
    assert mdd.all_off_max_abs == 0.0


@pytest.mark.parametrize("mechanism", ["tight_junctions", "vagal", "immune", "microbial"])
def test_knocking_out_a_mechanism_lowers_the_effect_by_its_share(mdd, mechanism):
    share = mdd.shares[mechanism]
    assert share * mdd.total > 0.0  # same sign: the probiotic helps less without it
    assert abs(mdd.without[mechanism]) < abs(mdd.total)
    assert mdd.without[mechanism] == pytest.approx(mdd.total - share, abs=1e-12)


def test_strain_bacteraemia_has_no_share_in_immunocompetent_mdd(mdd):
    assert abs(mdd.shares["bacteraemia"]) <= 0.01


def test_the_shares_sum_to_the_total_within_ten_percent(mdd):
    assert set(mdd.shares) == set(MECHANISMS)
    assert abs(mdd.sum_ratio - 1.0) <= 0.10, mdd.lines()


def test_the_crh_damping_is_part_of_the_vagal_share(mdd):
    crh, vagal = mdd.nested["vagal_crh"], mdd.shares["vagal"]
    assert crh * vagal > 0.0 and abs(crh) <= abs(vagal)


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
