"""The cohort's agent gut stays small per person: narrow label columns, pages sized to the colonies, shared scratch."""

from dataclasses import replace

import numpy as np

from gutbrain_sim.gut.colonies import ROW_HEADROOM
from gutbrain_sim.gut.kinetics import KineticsWork
from gutbrain_sim.trials.cohort import one_arm


def test_a_cohort_person_holds_under_1_2_mb_of_arrays():
    arm = one_arm("mdd", [], 3, 2, gut="agent")
    arm.advance(2, -48)
    g = arm.gut
    target = g.guts[0].p.colonies_target
    assert g._i.dtype == np.int32 and g.cell.dtype == np.int32 and g.key.dtype == np.int32
    assert g.page == int(ROW_HEADROOM * target) and g.count.max() <= g.page
    # 2.2 MB before (a page of 2 x the target, int64 labels, a buffer per use, scratch per person); ~1.06 MB now
    assert g.nbytes() / g.n < 1.2e6


def test_scratch_is_one_for_everyone_and_each_person_keeps_their_own_weights():
    arm = one_arm("mdd", [], 3, 2, gut="agent")
    g = arm.gut
    assert all(x.lumen._lap is g.lap for x in g.guts)
    assert len({id(x._kinetics) for x in g.guts}) == 1
    first = g.guts[0]
    first.traits = replace(first.traits, lps_ug_per_1e12cfu_h=2.0 * first.traits.lps_ug_per_1e12cfu_h)
    g.take([0, 1, 2])  # re-adopts guts that already share one metabolism work object
    for k, x in enumerate(g.guts):
        assert np.array_equal(g.weights[k], KineticsWork(g.C).biomass_weights(x.traits.lps_ug_per_1e12cfu_h))
    assert not np.array_equal(g.weights[0], g.weights[1])
