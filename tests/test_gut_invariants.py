"""What the gut's speed-ups must preserve: valid colony rows, biomass bookkeeping, site limits,
determinism, the shared kinetics' contract, and a colony table that works at 100,000 rows."""


import numpy as np
import pytest

from gutbrain_sim.core.streams import Streams
from gutbrain_sim.gut import kinetics
from gutbrain_sim.gut.agent_gut import AgentGut, Dose, GutExposure
from gutbrain_sim.gut.colonies import (
    TAXA_PER_GUILD,
    ColonyTable,
    divide,
    mixing_bits,
    move,
    normal_quantile_table,
)
from gutbrain_sim.hosts import draw_hosts, profile
from gutbrain_sim.params import GUILDS, ParamSet


def make_gut(seed=1, **overrides):
    p, _ = draw_hosts(profile("healthy"), overrides, 1, Streams(seed)["host.traits"])
    return AgentGut(p, Streams(seed))


def exposure(t, antibiotic=False):
    doses = [Dose(0, 5e10, probiotic=True, resistant=True)] if t % 24 == 8 else []
    return GutExposure(carbs_g_per_day={"fibre": 20.0, "sugar": 2.0}, doses=doses,
                       antibiotic_mic=8.0 if antibiotic else 0.0,
                       antibiotic_kill=np.ones(len(GUILDS)) if antibiotic else None)


def check_rows(g: AgentGut):
    c, L, H = g.colonies, g.length, g.width
    assert c.n > 0
    assert np.all(np.isfinite(c.cfu)) and np.all(c.cfu >= g.min_cfu)  # no negative or dust colonies
    assert np.all((c.x >= 0) & (c.x < L)) and np.all((c.y >= 0) & (c.y < H))
    assert np.all((c.guild >= 0) & (c.guild < len(GUILDS)))
    assert np.array_equal(c.taxon // TAXA_PER_GUILD, c.guild)
    assert np.all(c.growth_mult > 0) and np.all(c.growth_mult <= 1.0)
    assert np.all((c.resistant_share >= 0.0) & (c.resistant_share <= 1.0))
    # residents compete for the column's mucosal room, counted in CFU (mucosal_sites_per_column x the unit colony);
    # administered strains take none. A colony adheres if half of it fits and adhered ones grow until they shed a
    # daughter, so a column may run a little over its room (at most 1.08 x measured in the test below), never far
    resident = c.adhered & ~c.probiotic
    per_column = np.bincount(c.x[resident].astype(int), weights=c.cfu[resident], minlength=L)
    assert per_column.max() <= 1.5 * g.p.mucosal_sites_per_column * g.unit_cfu
    # every read-out sees the same biomass
    assert np.isclose(g.guild_cfu().sum(), c.cfu.sum(), rtol=1e-12)


def test_rows_stay_valid_through_doses_antibiotics_and_washout():
    g = make_gut(colonies_target=3000)
    seen_adhered = seen_probiotic = seen_resistant_transfer = 0
    resident_share = []  # the residents' resistant share of their CFU
    for t in range(96):
        g.step(t, exposure(t, antibiotic=30 <= t < 50), 2.0, 0.0)
        check_rows(g)
        seen_adhered = max(seen_adhered, int(g.colonies.adhered.sum()))
        seen_probiotic = max(seen_probiotic, int(g.colonies.probiotic.sum()))
        seen_resistant_transfer += g._transfers
        c = g.colonies
        resident_share.append(float((c.cfu * c.resistant_share)[~c.probiotic].sum() / c.cfu[~c.probiotic].sum()))
    assert seen_adhered > 100 and seen_probiotic > 0 and seen_resistant_transfer > 0
    assert seen_resistant_transfer == int(g.transferred_colonies)  # the counter adds the whole colonies reached
    # the gene's cost lowers the share before the course; the course selects the resistant parts (2% -> most)
    assert resident_share[29] < 0.02 and resident_share[49] > 10 * resident_share[29]
    assert g.washed_out_cfu > 0 and g.washed_out_probiotic_cfu > 0


def test_division_conserves_biomass_and_counts_divisions():
    t = ColonyTable(8)
    cfu = np.array([0.5, 1.9, 2.0, 3.0, 8.5])
    t.add(x=np.linspace(0, 4, 5), y=np.array([0, 3, 9, 0, 5]), guild=np.arange(5), taxon=np.arange(5) * TAXA_PER_GUILD,
          cfu=cfu, adhered=np.array([False, False, False, True, False]), probiotic=False,
          resistant_share=np.array([0, 0, 0.3, 0, 1.0]), growth_mult=1.0)
    made = divide(t, 1.0, 10, np.random.default_rng(0))
    # 2.0 -> 2 colonies, 3.0 -> 2, 8.5 -> 8 (three rounds): 1 + 1 + 7 divisions
    assert made == 9 and t.n == 5 + 9
    assert t.cfu.sum() == cfu.sum()  # halving is exact
    assert np.all(t.cfu < 2.0)
    assert np.bincount(t.guild, minlength=5).tolist() == [1, 1, 2, 2, 8]
    daughters = slice(5, t.n)
    assert t.adhered[daughters].tolist() == [False, True] + [False] * 7
    assert t.y[5] in (8, 9) and t.y[6] == 0 and t.x[6] == t.x[3]  # neighbouring row; an adhered colony's daughter stays beside it
    assert np.array_equal(t.resistant_share, [0, 0, 0.3, 0, 1.0, 0.3, 0] + [1.0] * 7)  # daughters carry their parent's share


def test_move_reflects_at_walls_like_the_plain_formula():
    rng = np.random.default_rng(3)
    n, H, sd = 20_000, 10, 3.0
    t = ColonyTable(n)
    t.add(x=rng.uniform(0, 5, n), y=rng.integers(0, H, n), guild=0, taxon=0, cfu=1.0, adhered=rng.random(n) < 0.2,
          probiotic=False, resistant_share=0.0, growth_mult=1.0)
    x0, y0, free = t.x.copy(), t.y.copy(), ~t.adhered
    z = normal_quantile_table().take(mixing_bits(np.random.default_rng(9), n))
    move(t, 1.5, sd, H, np.random.default_rng(9))
    expect_x = np.maximum(x0 + free * (1.5 + sd * z[0]), 0.0)
    y = np.clip(y0 + np.rint(sd * z[1]).astype(int) * free, -2 * (H - 1), 2 * (H - 1)) % (2 * H)
    expect_y = np.where(y < H, y, 2 * H - 1 - y)  # mirrored at the walls (y = -0.5 and H - 0.5): every row as likely
    assert np.array_equal(t.x, expect_x)
    assert np.array_equal(t.y, expect_y)


def test_mixing_steps_are_standard_normal():
    """The 12-bit lookup that replaces numpy's normal sampler has the normal's moments and tails."""
    q = normal_quantile_table()
    assert q.size == 4096 and np.all(np.diff(q) > 0)
    assert abs(q.mean()) < 1e-12 and abs(q.std() - 1.0) < 1e-3
    z = q.take(mixing_bits(np.random.default_rng(1), 200_000)).ravel()  # 400,000 draws
    assert abs(z.mean()) < 0.01 and abs(z.std() - 1.0) < 0.01
    assert abs(np.mean(np.abs(z) > 1.96) - 0.05) < 0.003  # two-sided 5% tail
    assert abs(np.mean(z > 3.0) - 0.00135) < 0.0004
    assert np.array_equal(mixing_bits(np.random.default_rng(1), 7), mixing_bits(np.random.default_rng(1), 7))


def test_same_seed_same_colonies_other_seed_differs():
    def run(seed):
        g = make_gut(seed=seed, colonies_target=2000)
        for t in range(30):
            g.step(t, exposure(t), 2.0, 0.0)
        c = g.colonies
        return b"".join(getattr(c, k).tobytes() for k in c.column_names()) + g.lumen.conc.tobytes()

    assert run(4) == run(4)
    assert run(4) != run(5)


def test_metabolise_same_results_with_reused_buffers_and_per_place_parameters():
    g = make_gut(colonies_target=2000)
    for t in range(5):
        g.step(t, exposure(t), 2.0, 0.0)
    conc = g.lumen.flat().copy()
    rng = np.random.default_rng(0)
    biomass = rng.uniform(0, 5e9, (len(GUILDS), conc.shape[1]))
    conc[kinetics.F["antibiotic"], ::7] = 2.0
    args = (conc, biomass, g.lumen.cell_volume_l, g.traits, g.params, 1.0, g.reference_cfu_per_cell)
    fresh = kinetics.metabolise(*args)
    work = kinetics.KineticsWork(conc.shape[1])
    kinetics.metabolise(*args, work=work)  # a first call fills the buffers
    reused = kinetics.metabolise(*args, work=work)
    for name in fresh.__dataclass_fields__:
        assert np.array_equal(getattr(fresh, name), getattr(reused, name)), name
    assert np.all(fresh.uptake_mm <= conc[:len(kinetics.SUBSTRATES)] + 1e-12)  # never more than is there
    # per-place parameter arrays (the well-mixed gut's hosts) give each place its own scalar result
    k = np.array([0.5, 2.0, 8.0])
    places = slice(0, 3)
    pp = g.params.replace(monod_k_carbohydrate_mm=k, acid_inhibition_lactate_mm=k * 10)
    vec = kinetics.metabolise(conc[:, places], biomass[:, places], 0.01, g.traits, pp, 1.0, 1e10)
    for i in range(3):
        pi = g.params.replace(monod_k_carbohydrate_mm=float(k[i]), acid_inhibition_lactate_mm=float(k[i] * 10))
        one = kinetics.metabolise(conc[:, [i]], biomass[:, [i]], 0.01, g.traits, pi, 1.0, 1e10)
        assert np.allclose(vec.growth_per_h[:, i], one.growth_per_h[:, 0], rtol=1e-13, atol=0)
        assert np.allclose(vec.uptake_mm[:, i], one.uptake_mm[:, 0], rtol=1e-13, atol=0)


def test_epithelium_accepts_per_site_host_inputs():
    from gutbrain_sim.gut.epithelium import BarrierInputs, Epithelium

    e = Epithelium(4)
    z = np.zeros(4)
    e.step(BarrierInputs(z, z + 10, z, z, z + 5, np.array([1.0, 1, 50, 50]), np.array([-0.5, 1.0, -0.5, 1.0]), 0.0),
           ParamSet(), 24.0)
    assert e.integrity[0] > e.integrity[1] and e.integrity[0] > e.integrity[2] > e.integrity[3]


@pytest.mark.parametrize("rows", [100_000])
def test_colony_table_layout_works_at_100k_rows(rows):
    rng = np.random.default_rng(2)
    t = ColonyTable(1024)  # grows by doubling
    for chunk in np.array_split(np.arange(rows), 7):
        k = chunk.size
        t.add(x=rng.uniform(0, 40, k), y=rng.integers(0, 10, k), guild=chunk % 5, taxon=(chunk % 5) * TAXA_PER_GUILD,
              cfu=chunk.astype(float) + 1.0, adhered=False, probiotic=chunk % 11 == 0, resistant_share=(chunk % 13 == 0) * 0.5,
              growth_mult=1.0)
    assert t.n == rows and t.capacity() >= rows
    for name in t.column_names():
        col = getattr(t, name)
        assert col.shape == (rows,) and col.flags.c_contiguous, name
    assert np.array_equal(t.cfu, np.arange(rows) + 1.0)  # order kept across growth
    keep = rng.random(rows) < 0.9
    expected = (np.arange(rows) + 1.0)[keep]
    t.keep(keep)
    assert np.array_equal(t.cfu, expected) and t.n == expected.size
    assert np.array_equal(t.probiotic, (expected - 1).astype(int) % 11 == 0)
    assert np.array_equal(t.resistant_share, np.where((expected - 1).astype(int) % 13 == 0, 0.5, 0.0))
    # a whole gut at 100k colonies steps with valid rows
    g = make_gut(colonies_target=100_000)
    assert g.colonies.n > 90_000
    g.step(0, exposure(0), 2.0, 0.0)
    g.step(1, exposure(1), 2.0, 0.0)
    check_rows(g)
