"""The microbes' order within the hour, shared by both guts (``engine``, step 2): free cells move with the flow, then
they adhere and the mucosa sheds its growth beyond its room, then the bound strains ride the outer mucus. So a cell
the mucosa sheds is passed on from the next hour's flow and stays the caecum's residence (volume / flow), as a
stirred tank keeps anything that enters it. Before, the well-mixed gut shed, then passed its free biomass on: a shed
cell stayed an hour less, and the mouse's 3-h caecum, fed by its mucosa, held 2/3 of the agent gut's free biomass."""

import numpy as np
import pytest

from gutbrain_sim.core.streams import Streams
from gutbrain_sim.gut import agent_gut, mixed
from gutbrain_sim.gut.agent_gut import AgentGut, GutExposure
from gutbrain_sim.gut.mixed import ADHERED, FREE
from gutbrain_sim.hosts import profile
from gutbrain_sim.params import ParamSet
from gutbrain_sim.trials.cohort import Arm, ArmPlan, draw_arm

STILL = {"resident_mucosal_turnover_per_h": 0.0, "probiotic_detach_per_h": 0.0}


def test_both_guts_move_then_adhere_and_shed_then_convey(monkeypatch):
    calls = []

    def spy(module, name, phase):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda *a, **k: (calls.append(phase), real(*a, **k))[1])

    for name, phase in (("move", "move"), ("stir_caecum", "move"), ("adhere_and_detach", "adhere"),
                        ("convey_outer_mucus", "convey")):
        spy(agent_gut, name, phase)
    g = AgentGut(ParamSet(), Streams(5))
    g.step(0.0, GutExposure(carbs_g_per_day={"fibre": 20.0}), 1.0, 0.0)
    agent = list(dict.fromkeys(calls))
    calls.clear()
    for name, phase in (("_flow_biomass", "move"), ("_adhere_and_shed", "adhere"), ("_convey_bound", "convey")):
        spy(mixed.MixedGut, name, phase)
    arm = Arm(profile("healthy"), ArmPlan("x", []), 0, draw_arm(profile("healthy"), {}, 0, [1], 5), 5, gut="mixed")
    arm.step(0)
    assert agent == list(dict.fromkeys(calls)) == ["move", "adhere", "convey"]


@pytest.mark.parametrize("host", ["rodent", "healthy"])
def test_what_the_mucosa_sheds_stays_the_caecums_residence(host):
    """The caecum fed only by its mucosa's shedding, S CFU an hour: its free biomass settles at S x residence (S / q, q
    the share of its content passed on an hour), where shedding before the flow would keep S x (residence - 1)."""
    prof = profile(host)
    g = Arm(prof, ArmPlan("x", []), 0, draw_arm(prof, STILL, 0, [1], 4), 4, gut="mixed").gut
    g.res[:] = 0.0
    g.pro[:] = 0.0
    g.pro_rows[:] = 0.0
    q = float(g.flow_per_h[0, 0])  # 1 / the caecum's residence in hours (lumen.tank_outflow_share)
    room = float(np.broadcast_to(g.capacity_cfu, g.flow_per_h.shape)[0, 0])  # the caecum's adhered residents' room
    shed = 0.01 * room
    for _ in range(int(40 / q)):
        g._flow_biomass(1.0)
        g.res[0, ADHERED, 2, 0, 0] = room + shed  # the layer grew beyond its room by S this hour
        g._adhere_and_shed(1.0)
        g._convey_bound(1.0)
    assert g.res[0, ADHERED, 2, 0, 0] == pytest.approx(room, rel=1e-12)
    assert g.res[0, FREE, 2, 0, 0] == pytest.approx(shed / q, rel=1e-6)  # S x residence
    assert np.isclose(1.0 / q, 3.0, rtol=0.1) if host == "rodent" else 1.0 / q > 3.0
