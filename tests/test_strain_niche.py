"""Person-specific mucosal colonisation resistance to administered strains (Zmora 2018; C8): a permissive
mucosa holds the bound strain in place, a resistant one lets it ride the loose outer mucus out. The draw, its
effect in both guts and the cohort gut, the direction it gives after the last dose, and C8 at a small size."""

import numpy as np
import pytest

from gutbrain_sim.core.streams import Streams
from gutbrain_sim.gut.agent_gut import AgentGut, Dose, GutExposure
from gutbrain_sim.gut.agent_guts import AgentGuts
from gutbrain_sim.gut.community import draw_strain_permissive
from gutbrain_sim.gut.interface import make_gut
from gutbrain_sim.gut.mixed import ADHERED, MixedGut
from gutbrain_sim.hosts import draw_hosts, profile

CARBS = {"fibre": 20.0, "sugar": 2.0}


def _params(**overrides):
    p, _ = draw_hosts(profile("healthy"), overrides, 1, Streams(5)["host.traits"])
    return p


def test_the_draw_is_one_uniform_of_its_own_stream_below_the_share():
    people = [Streams(11, f"p{k}.") for k in range(400)]
    u = np.array([s["gut.strain_niche"].random() for s in people])
    for share in (0.0, 0.2, 0.5, 1.0):
        got = np.array([draw_strain_permissive(Streams(11, f"p{k}.")["gut.strain_niche"], share) for k in range(400)])
        assert (got == (u < share)).all()  # monotone in the share: a permissive person stays so at a larger share
    assert 0.15 < (u < 0.2).mean() < 0.25


def test_agent_gut_draws_from_its_own_stream_only():
    a = Streams(3)
    AgentGut(_params(), a)
    assert "gut.strain_niche" in a._made
    b = Streams(3)
    b["gut.strain_niche"].random()  # drawing it first changes no other stream
    assert b["gut.init"].random() == Streams(3)["gut.init"].random()


def _dosed_gut(share: float, seed: int = 5) -> AgentGut:
    gut = AgentGut(_params(probiotic_permissive_share=share), Streams(seed))
    for t in range(72):
        gut.step(t, GutExposure(carbs_g_per_day=CARBS, doses=[Dose(0, 1e11, probiotic=True)] if t % 24 == 8 else []), 2.0, 0.0)
    return gut


@pytest.mark.parametrize("share", [0.0, 1.0])
def test_a_permissive_mucosa_holds_the_bound_strain_in_place_a_resistant_one_conveys_it(share):
    gut = _dosed_gut(share)
    assert gut.strain_permissive == (share == 1.0)
    c = gut.colonies
    x_before = c.x[c.adhered & c.probiotic].copy()
    assert x_before.size >= 5
    gut.step(72, GutExposure(carbs_g_per_day=CARBS), 2.0, 0.0)
    after = c.x[c.adhered & c.probiotic]
    stayed = (np.abs(x_before[:, None] - after[None, :]) < 1e-12).any(axis=1)
    if share == 1.0:
        assert stayed.mean() >= 0.8  # those still bound sit where they were
    else:
        assert not stayed.any()


def test_mixed_gut_conveys_the_bound_strain_of_resistant_people_only():
    p = _params()
    g = MixedGut(p, 2, np.random.default_rng(0), permissive=[True, False])
    g.pro[:] = 0.0
    g.pro_rows[:] = 0.0
    g.pro[0, ADHERED, 0, 0, :] = 1e10
    g._convey_bound(1.0)
    assert g.pro[0, ADHERED, 0, 0, 0] == 1e10 and g.pro[0, ADHERED, 0, 1, 0] == 0.0  # permissive: held
    assert g.pro[0, ADHERED, 0, 1, 1] == pytest.approx(1e10 * g.flow_per_h[0, 1] * float(p.outer_mucus_flow_fraction), rel=1e-12)
    g.take(np.array([1]), p, g.rng)
    assert g.conveyed.tolist() == [1.0]


def test_both_guts_and_the_cohort_draw_the_same_people():
    p = _params(probiotic_permissive_share=0.5)
    streams = [Streams(8, f"p{k}.") for k in range(12)]
    alone = [AgentGut(p, Streams(8, f"p{k}.")).strain_permissive for k in range(12)]
    cohort = make_gut("agent", p, 12, streams, np.random.default_rng(0), profile("healthy").composition)
    mixed = make_gut("mixed", p, 12, [Streams(8, f"p{k}.") for k in range(12)], np.random.default_rng(0), profile("healthy").composition)
    assert isinstance(cohort, AgentGuts)
    assert [g.strain_permissive for g in cohort.guts] == alone
    assert (cohort.conveyed == 1.0 - np.array(alone)).all() and (mixed.conveyed == cohort.conveyed).all()
    assert 0 < sum(alone) < 12


def _left_a_week_after(gut_kind: str, share: float, seed: int) -> float:
    """The strain's CFU 7 days after 10 days of daily doses, as a share of the last on-treatment day."""
    p = _params(probiotic_permissive_share=share)
    g = make_gut(gut_kind, p, 1, [Streams(seed)], np.random.default_rng(seed), profile("healthy").composition)
    from gutbrain_sim.gut.signals import HostToGut

    class E:  # the cohort exposure the guts take (per_person.gut_exposure)
        carbs_g_per_day = {k: np.array([v]) for k, v in CARBS.items()}
        antibiotic_mic, antibiotic_kill, fat_g_per_day, lps_added_ug, barrier_sealed, donor_share = np.zeros(1), None, 80.0, None, False, None

    on = []
    host = HostToGut(np.array([2.0]), np.array([0.0]))
    for t in range(17 * 24):
        e = E()
        e.doses = [(0, np.array([1e10]), True, False)] if t % 24 == 8 and t < 10 * 24 else []
        r = g.step(t, e, host)
        if 9 * 24 <= t < 10 * 24:
            on.append(float(np.asarray(r.probiotic_cfu).ravel()[0]))
    return float(np.asarray(r.probiotic_cfu).ravel()[0]) / np.mean(on)


@pytest.mark.slow
@pytest.mark.parametrize("gut_kind", ["agent", "mixed"])
def test_a_week_after_stopping_a_permissive_person_still_carries_the_strain_a_resistant_one_not(gut_kind):
    resistant = np.array([_left_a_week_after(gut_kind, 0.0, s) for s in (7, 8, 9)])
    permissive = np.array([_left_a_week_after(gut_kind, 1.0, s) for s in (7, 8, 9)])
    assert (resistant < 0.01).all()  # below C8's detection limit
    assert (permissive > 0.01).all() and permissive.min() > 5 * resistant.max()


@pytest.mark.slow
def test_c8_at_a_small_size():
    from gutbrain_sim.validation.calibration import check_washout, targets

    runs = [check_washout(targets(), 24, seed) for seed in (2026, 9100)]
    # Both of C8's clauses lie near their limits: resistant people's half-times lie near a day (0.5-2.1) and slow-transit
    # people keep the strain longest, so 24 people are a small sample of the detectable share (16 gave 5 of 16, 0.31).
    # Since the strains' colonies draw from their own streams (gut.strain_streams) which of the people keep it changed,
    # not how many: above 1% of the on-treatment strain a week after stopping, seeds 2026 / 9100 / 4242, 24 people each,
    # 6 / 7 / 6 before and 8 / 5 / 6 after (19 of 72 both); median half-times after 1.29 (9100) and 1.20 (4242) days
    assert all(1.0 <= r.value <= 5.0 for r in runs)
    assert np.mean([r.details["share_detectable_7_days_after"] for r in runs]) <= 0.30  # 13 of 48
