"""The agent gut's caecum: a stirred first compartment, the well-mixed gut's first segment.

What it must keep: colonies leave it at the fluid's rate, its fields are one mucosal place and
one luminal place (nothing made or lost by the stirring), a meal is spread over it, free
colonies visit the mucosal row 1/width of the time (as the well-mixed gut assumes), and the
healthy starting community stays near its starting shares.
"""

import numpy as np
import pytest

from gutbrain_sim.core.streams import Streams
from gutbrain_sim.gut.agent_gut import AgentGut, GutExposure
from gutbrain_sim.gut.colonies import caecum_rows, reflect_table, stir_caecum
from gutbrain_sim.gut.community import HEALTHY_COMPOSITION
from gutbrain_sim.gut.kinetics import FIELDS, HEXOSE_MMOL_PER_G, F
from gutbrain_sim.gut.lumen import Lumen, caecum_cells, pool_caecum, stir_fields
from gutbrain_sim.gut.mixed import segment_weights
from gutbrain_sim.hosts import draw_hosts, profile
from gutbrain_sim.params import GUILDS, ParamSet


def test_the_mixed_guts_first_segment_is_the_caecum_and_the_rest_share_the_colon():
    p = ParamSet()
    k, length = caecum_cells(p, p.grid_length_cells), p.grid_length_cells
    for segments in (2, 4, 10):
        w = segment_weights(p, segments, length)[:, 0] / segments  # shares of the colon
        assert w[0] == k / length and np.allclose(w[1:], (1 - k / length) / (segments - 1))
        assert np.isclose(w.sum(), 1.0)
    assert np.array_equal(
        segment_weights(p, 4, 40), np.ones((4, 1))
    )  # a quarter each: equal segments


def test_free_colonies_leave_the_caecum_at_the_fluids_rate_and_adhered_ones_stay():
    rng = np.random.default_rng(4)
    n, k, flow = 200_000, 10, 40 / 36.0
    x = rng.uniform(0, k, n)
    adhered = rng.random(n) < 0.1
    rows = caecum_rows(x, adhered, k)
    x_adhered = x[adhered].copy()
    taxon = rng.integers(0, 40, n)
    stir_caecum(x, rows, k, flow, np.random.default_rng(5), taxon)
    left = (x[rows] >= k).mean()
    expected = flow / k  # the share of its fluid that leaves each hour (whole cells shifted out, then stirred)
    assert abs(left - expected) < 4 * np.sqrt(expected * (1 - expected) / rows.size), (
        left,
        expected,
    )
    assert np.all(
        x[rows][x[rows] >= k] < k + flow
    )  # those leaving land within one hour's flow past its end
    stayed = x[rows][x[rows] < k]
    assert abs(stayed.mean() - k / 2) < 0.05 and stayed.min() >= 0  # anywhere along it
    assert np.array_equal(x[adhered], x_adhered)
    # each taxon loses within one colony of its expected share (no whole-colony drift)
    out = x[rows] >= k
    for t in range(40):
        mine = taxon[rows] == t
        assert abs(out[mine].sum() - expected * mine.sum()) < 1.0


def test_every_colony_leaves_the_caecum_with_the_same_chance():
    k, flow, n = 10, 40 / 36.0, 50
    taxon = np.repeat(np.arange(5), 10)
    rows = np.arange(n)
    left = np.zeros(n)
    for seed in range(4000):
        x = np.full(n, 1.0)
        stir_caecum(x, rows, k, flow, np.random.default_rng(seed), taxon)
        left += x >= k
    expected = flow / k
    assert np.all(np.abs(left / 4000 - expected) < 4 * np.sqrt(expected * (1 - expected) / 4000))


def test_free_colonies_visit_the_mucosal_row_one_width_of_the_time():
    width, steps = 10, 200
    table = reflect_table(width)
    rng = np.random.default_rng(1)
    y = rng.integers(0, width, 20_000)
    in_row0 = 0
    for _ in range(steps):
        y = table[
            np.clip(y + rng.integers(-2, 3, y.size), -2 * (width - 1), 2 * (width - 1))
            + 2 * (width - 1)
        ]
        in_row0 += int((y == 0).sum())
    share = in_row0 / (steps * y.size)
    assert abs(share - 1 / width) < 0.005, (
        share
    )  # the old mirror at the edge rows' centres gave 1/18


def test_stirring_makes_one_mucosal_and_one_luminal_place_and_conserves_content():
    rng = np.random.default_rng(2)
    conc = rng.uniform(0, 50, (len(FIELDS), 40, 10))
    before = conc.copy()
    stir_fields(conc, 10)
    assert np.allclose(conc[:, :10, 0], conc[:, :1, 0])  # mucosal row even along the caecum
    assert np.allclose(conc[:, :10, 1:], conc[:, :1, 1:2])  # luminal rows one pool
    assert np.allclose(conc[:, :10, 0].sum(axis=1), before[:, :10, 0].sum(axis=1))
    assert np.allclose(conc[:, :10, 1:].sum(axis=(1, 2)), before[:, :10, 1:].sum(axis=(1, 2)))
    assert np.array_equal(conc[:, 10:, 0], before[:, 10:, 0])  # past the caecum the mucosal row keeps its own
    assert np.allclose(conc[:, 10:, 1:], conc[:, 10:, 1:2])  # and each column's lumen is one place (radial mixing)
    assert np.allclose(conc[:, 10:, 1:].sum(axis=2), before[:, 10:, 1:].sum(axis=2))
    assert not np.allclose(conc[:, 10:, 1], conc[:, 11:12, 1])  # not stirred along the colon: plug flow
    biomass = rng.uniform(0, 1e10, (len(GUILDS), 400))
    total = biomass.sum(axis=1)
    pool_caecum(biomass, 40, 10, 10)
    b = biomass.reshape(len(GUILDS), 40, 10)
    assert np.allclose(biomass.sum(axis=1), total)
    assert np.allclose(b[:, :10, 1:], b[:, :1, 1:2]) and np.allclose(b[:, :10, 0], b[:, :1, 0])
    assert np.allclose(b[:, 10:, 1:], b[:, 10:, 1:2])  # past the caecum, each column's lumen one place


def test_a_meal_is_spread_over_the_caecum_and_nothing_is_lost():
    p = ParamSet()
    lumen = Lumen(p)
    hour = 12  # breakfast (08:00) reaches the colon 4-10 h later
    lumen.feed(hour, {"fibre": 18.0})
    got = lumen.conc[F["fibre"]] * lumen.cell_volume_l
    k = lumen.caecum_cells
    assert got[k:].sum() == 0.0 and np.allclose(got[:k], got[0, 0])
    assert np.isclose(
        got.sum(), 18.0 / 18 * HEXOSE_MMOL_PER_G
    )  # 1/18 of the day's fibre arrives in this hour


def test_healthy_starting_community_stays_near_its_shares_for_a_week():
    p, _ = draw_hosts(profile("healthy"), {}, 1, Streams(7)["host.traits"])
    g = AgentGut(p, Streams(7))
    e = GutExposure(carbs_g_per_day={"fibre": 20.0, "inulin": 1.0, "sugar": 3.0})
    for t in range(7 * 24):
        g.step(t, e, 1.0, 0.0)
    share = g.guild_cfu() / g.guild_cfu().sum()
    start = HEALTHY_COMPOSITION / HEALTHY_COMPOSITION.sum()
    for name in ("butyrate_producers", "bacteroides"):
        i = GUILDS.index(name)
        assert abs(share[i] - start[i]) < 0.1, (
            name,
            share[i],
            start[i],
        )  # the plug-fed caecum drifted to 0.6-0.7


@pytest.mark.parametrize("transit", [12.0, 36.0])
def test_caecal_colonies_stay_as_long_as_its_fluid(transit):
    """One residence for content and microbes in the stirred caecum: the agent gut's rules alone (the lumen's
    whole-cell shifts then stirring; ``stir_caecum`` for free colonies, told the step's shift), hour by hour from a
    pulse spread over it. Colonies stay as long as the fluid, near caecum_length_fraction x transit_h (the
    whole-cell shifts keep the fluid 3.10 h in the rodent's 3-h caecum, 9.34 h in a 9-h one); before, colonies
    left at 1 - exp(-flow / length) and stayed 3.53 h and 9.5 h."""
    p = ParamSet().replace(transit_h=transit)
    lumen = Lumen(p)
    k, flow = lumen.caecum_cells, lumen.flow_cells_per_h
    lumen.conc[:] = 0.0
    lumen.conc[F["lps"], :k, :] = 1.0
    n = 40_000
    rng = np.random.default_rng(3)
    x = rng.uniform(0, k, n)
    taxon = rng.integers(0, 40, n)
    fluid_h = colonies_h = 0.0
    for _ in range(int(20 * transit)):
        fluid_h += lumen.conc[F["lps"], :k].sum() / (k * lumen.width)
        inside = caecum_rows(x, np.zeros(n, bool), k)
        colonies_h += inside.size / n
        stir_caecum(x, inside, k, flow, rng, taxon, lumen.next_shifts(1.0))
        lumen.flow(1.0)
        lumen.stir_caecum()
    assert colonies_h == pytest.approx(fluid_h, rel=0.01)
    assert fluid_h == pytest.approx(float(p.caecum_length_fraction) * transit, rel=0.04)
