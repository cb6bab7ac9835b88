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
