"""Administered strains bound to the loose outer mucus travel with it toward the exit (C8):
exact displacement per hour in the agent gut, the same fraction of the flow in the well-mixed
gut, and the direction it gives after the last dose."""


import numpy as np
import pytest

from gutbrain_sim.core.streams import Streams
from gutbrain_sim.gut.agent_gut import AgentGut, Dose, GutExposure
from gutbrain_sim.gut.colonies import ColonyTable, convey_outer_mucus
from gutbrain_sim.gut.mixed import ADHERED, MixedGut
from gutbrain_sim.hosts import draw_hosts, profile


def _params(**overrides):
    p, _ = draw_hosts(profile("healthy"), overrides, 1, Streams(5)["host.traits"])
    return p


def test_only_adhered_administered_rows_ride_the_outer_mucus():
    t = ColonyTable(capacity=8)
    # rows: adhered probiotic, adhered resident, free probiotic, free resident
    t.add(x=np.array([3.0, 3.0, 3.0, 3.0]), y=np.array([0, 0, 4, 4]), guild=0, taxon=0, cfu=1e9,
          adhered=np.array([True, True, False, False]), probiotic=np.array([True, False, True, False]),
          resistant_share=0.0, growth_mult=1.0)
    convey_outer_mucus(t, 0.25)
    assert t.x.tolist() == [3.25, 3.0, 3.0, 3.0]
    convey_outer_mucus(t, 0.0)  # a still outer layer moves nothing
    assert t.x.tolist() == [3.25, 3.0, 3.0, 3.0]


def test_agent_gut_moves_adhered_strain_by_the_fraction_of_the_flow_each_hour():
    p = _params()
    gut = AgentGut(p, Streams(5))
    e = GutExposure(carbs_g_per_day={"fibre": 20.0, "sugar": 2.0})
    for t in range(72):
        gut.step(t, GutExposure(carbs_g_per_day=e.carbs_g_per_day, doses=[Dose(0, 1e11, probiotic=True)] if t % 24 == 8 else []),
                 2.0, 0.0)
    c = gut.colonies
    stuck = c.adhered & c.probiotic
    assert stuck.sum() >= 5
    x_before = c.x[stuck].copy()
    gut.step(72, GutExposure(carbs_g_per_day=e.carbs_g_per_day), 2.0, 0.0)
    step = float(p.outer_mucus_flow_fraction) * gut.length / float(p.transit_h)  # cells per hour
    assert gut.lumen.flow_cells_per_h * float(p.outer_mucus_flow_fraction) == pytest.approx(step, rel=1e-12)
    # colonies still bound an hour later sit exactly one outer-mucus step further on (few let go: 0.5%/h)
    after = c.x[c.adhered & c.probiotic]
    # (to 1e-9 cells: the gut adds flow_cells_per_h x fraction, this test fraction x length / transit_h,
    # which may differ in the last bit)
    carried = (np.abs((x_before + step)[:, None] - after[None, :]) < 1e-9).any(axis=1)
    assert carried.mean() >= 0.8
    assert not (np.abs(x_before[:, None] - after[None, :]) < 1e-9).any()  # none stayed put


def test_mixed_gut_adhered_strain_flows_on_at_the_same_fraction():
    p = _params()
    g = MixedGut(p, 1, np.random.default_rng(0))
    g.pro[:] = 0.0
    g.pro[0, ADHERED, 0, 0, 0] = 1e10
    g.pro_rows[:] = 0.0
    g.pro_rows[0, 0, :, 0, 0] = 1e10 / g.width  # free strains are kept by row (mixed_strains)
    g._flow_biomass(1.0)  # the free cells
    g._convey_bound(1.0)  # the bound strains, after adhesion (engine.py, step 2)
    # each hourly step a segment passes on dt / its residence (lumen.tank_outflow_share), the outer mucus a fraction of it;
    # free biomass as the fluid (the agent gut's free colonies leave its caecum so: colonies.caecum_leave_share)
    moved_adhered = g.flow_per_h[0] * float(p.outer_mucus_flow_fraction)
    moved_free = g.flow_per_h[0]
    assert g.pro[0, ADHERED, 0, 1, 0] == pytest.approx(1e10 * moved_adhered, rel=1e-12)
    free_next = g.pro_rows[0, 0, :, 1, 0].sum()
    assert free_next == pytest.approx(1e10 * moved_free, rel=1e-12)
    assert g.pro[0, ADHERED, 0, 1, 0] < 0.5 * free_next  # the outer mucus moves slower than the lumen (a quarter of its speed)


def _left_a_week_after(fraction: float, seed: int) -> float:
    """Administered CFU 7 days after 10 days of daily doses, as a share of the last on-treatment day."""
    p = _params(outer_mucus_flow_fraction=fraction, probiotic_permissive_share=0.0)  # resistant mucosa: the strain rides the outer mucus
    gut = AgentGut(p, Streams(seed))
    carbs = {"fibre": 20.0, "sugar": 2.0}
    on = []
    for t in range(17 * 24):
        doses = [Dose(0, 1e10, probiotic=True)] if t % 24 == 8 and t < 10 * 24 else []
        r = gut.step(t, GutExposure(carbs_g_per_day=carbs, doses=doses), 2.0, 0.0)
        if 9 * 24 <= t < 10 * 24:
            on.append(r.probiotic_cfu)
    return r.probiotic_cfu / np.mean(on)


def test_a_moving_outer_mucus_clears_the_strain_within_a_week_a_still_one_does_not():
    # judged over six people (gut seeds 7-12), not one: what is left a week on is a few adhered colonies of ~1.5e8 CFU
    # (~0.9% of the last on-treatment day's each), so one person's share is a count of colonies, and C8 itself has the
    # strain still detectable a week after stopping in a minority (Ahrne 1995: 3/17; the model 4/48 and 3/48). The test
    # used seed 9 alone: 0.90% (one colony) until the merge of branch steady (91ac19d: a mucosal column over its room
    # sheds only its excess, as a new row, which shifts the adhesion draws), then 1.75% (two colonies at x 36-37 of 40,
    # gone within hours). Measured on integ e4e9a7d, seeds 7-12: moving 0, 0, 0.0175, 0, 0.0094, 0 (mean 0.0045,
    # detectable in 1 of 6); still 0.133, 0.082, 0.202, 0.158, 0.122, 0.107 (detectable in all 6)
    moving = np.array([_left_a_week_after(0.25, s) for s in range(7, 13)])
    still = np.array([_left_a_week_after(0.0, s) for s in range(7, 13)])
    assert moving.mean() < 0.01 and (moving < 0.01).sum() >= 4  # below the 1% detection limit of C8 in most people
    assert (still > 0.01).all() and still.mean() > 5 * max(moving.mean(), 1e-6)
