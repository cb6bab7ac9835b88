"""A column of mucosa over its room loses only the CFU beyond it, in both guts: the agent gut cuts the colony that
fits in part (tests/test_compiled.py checks the kernel and the daughters it sheds), the well-mixed gut sheds the
excess of its adhered biomass in proportion."""

import numpy as np
import pytest

from gutbrain_sim.gut.mixed import ADHERED, FREE
from gutbrain_sim.hosts import profile
from gutbrain_sim.trials.cohort import Arm, ArmPlan, draw_arm

STILL = {"resident_mucosal_turnover_per_h": 0.0, "probiotic_detach_per_h": 0.0}


def _mixed(hours: int):
    prof = profile("healthy")
    arm = Arm(prof, ArmPlan("x", []), 0, draw_arm(prof, STILL, 0, [2], 4), 4, gut="mixed")
    for h in range(-hours, 0):
        arm.step(h)
    return arm


def test_adhered_residents_over_the_room_shed_the_excess_in_proportion():
    g = _mixed(2).gut
    g.res[:, FREE] = 0.0
    g.pro[:] = 0.0
    mix = np.array([0.1, 0.2, 0.3, 0.15, 0.25])[None, :, None, None]
    g.res[:, ADHERED] = 0.0
    g.res[0, ADHERED] = 1.5 * g.capacity_cfu * mix  # every segment half as much again as its room
    g._adhere_and_shed(1.0)
    assert g.res[0, ADHERED].sum(axis=0) == pytest.approx(np.full(g.res.shape[-2:], g.capacity_cfu), rel=1e-12)
    assert np.allclose(g.res[0, ADHERED], g.capacity_cfu * mix, rtol=1e-12)  # each guild keeps its share of the room
    assert np.allclose(g.res[0, FREE], 0.5 * g.capacity_cfu * mix, rtol=1e-12)  # the excess is in the lumen


def test_agent_gut_column_over_its_room_sheds_the_same_share_of_every_colony_and_one_daughter_drawn_by_cfu():
    """Session 16: the agent gut cut the excess from one colony drawn by lot each hour, a lottery among a column's ~10
    colonies whose drift fixed columns (the mouse lost its mucosal bifidobacteria). Now each colony keeps room / held
    of itself, as the well-mixed gut's guilds, and the excess leaves as one daughter of a colony drawn by its CFU."""
    from gutbrain_sim.gut.colonies import ColonyTable, adhere_and_detach

    cfu = np.array([1.0, 3.0, 2.0, 2.0])  # one column: a bifidobacterium (taxon 8) and three others, 8 units in a room of 6
    picked = np.zeros(4)
    for seed in range(2000):
        t = ColonyTable(8)
        t.add(x=0.5, y=0, guild=np.array([1, 2, 3, 3]), taxon=np.array([8, 16, 24, 25]), cfu=cfu, adhered=True,
              probiotic=False, resistant_share=0.0, growth_mult=1.0)
        adhere_and_detach(t, np.full(5, 0.3), (0.0, 0.0), 6.0, 40, 1.0, np.random.default_rng(seed), 0.02)
        assert t.n == 5 and not t.adhered[4] and t.cfu[4] == pytest.approx(2.0)
        assert np.allclose(t.cfu[:4], cfu * 0.75, rtol=1e-12)  # every colony keeps 6/8 of itself: no lottery at the mucosa
        picked[int(np.flatnonzero(t.taxon[:4] == t.taxon[4])[0])] += 1
    assert np.allclose(picked / picked.sum(), cfu / cfu.sum(), atol=0.03)  # the daughter's taxon drawn in proportion to CFU
