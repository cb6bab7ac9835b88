"""A colony carries its resistant CFU as a share (two sub-populations in one colony, as MixedGut's
res[susceptible/resistant]): the share rises under an antibiotic, falls by the gene's cost without one, and a
guild's resistant tail is not lost with colonies that shrink below one small colony (lift_or_drop)."""

import numpy as np

from gutbrain_sim.core.streams import Streams
from gutbrain_sim.gut.agent_gut import AgentGut, GutExposure
from gutbrain_sim.gut.colonies import TAXA_PER_GUILD, ColonyTable, lift_or_drop
from gutbrain_sim.hosts import draw_hosts, profile
from gutbrain_sim.params import GUILDS


def _gut(seed=3):
    p, _ = draw_hosts(profile("healthy"), {"colonies_target": 2000}, 1, Streams(seed)["host.traits"])
    return AgentGut(p, Streams(seed))


def _resistant_by_guild(g: AgentGut) -> tuple[np.ndarray, np.ndarray]:
    c = g.colonies
    resident = ~c.probiotic
    total = np.bincount(c.guild[resident], weights=c.cfu[resident], minlength=len(GUILDS))
    res = np.bincount(c.guild[resident], weights=(c.cfu * c.resistant_share)[resident], minlength=len(GUILDS))
    return res, total


def test_a_guild_keeps_its_resistant_tail_when_its_colonies_shrink_below_one_small_colony():
    rng = np.random.default_rng(4)
    n, unit = 3000, 1.0
    t = ColonyTable(n)
    t.add(x=rng.uniform(0, 40, n), y=0, guild=2, taxon=2 * TAXA_PER_GUILD, cfu=unit * rng.uniform(0.5, 2.0, n), adhered=False,
          probiotic=False, resistant_share=0.003, growth_mult=1.0)
    t.cfu *= t.resistant_share  # the course kills every susceptible part: ~0.004 of a unit colony left in each
    t.resistant_share[:] = 1.0
    before = t.cfu.sum()
    lift_or_drop(t, 0.02 * unit, np.random.default_rng(5))
    assert 0.1 * n < t.n < 0.3 * n  # most colonies go, some are lifted to one small colony
    assert abs(t.cfu.sum() / before - 1.0) < 0.1  # the guild's resistant CFU is kept (dropping them all lost it)
    assert (t.cfu == 0.02 * unit).all() and (t.resistant_share == 1.0).all()


def test_the_resistant_share_falls_by_its_cost_then_rises_under_a_course_in_every_guild_and_repeats_by_seed():
    g, twin = _gut(), _gut()
    res0, total0 = _resistant_by_guild(g)
    seeded = res0 / total0
    assert np.allclose(seeded, g.p.resident_resistance_fraction, rtol=1e-12)  # every guild, small ones included
    carbs = {"fibre": 20.0, "sugar": 2.0}
    shares = []
    for t in range(60):
        course = t >= 36
        e = GutExposure(carbs_g_per_day=carbs, antibiotic_mic=8.0 if course else 0.0,
                        antibiotic_kill=np.ones(len(GUILDS)) if course else None)
        g.step(t, e, 2.0, 0.0)
        twin.step(t, e, 2.0, 0.0)
        res, total = _resistant_by_guild(g)
        shares.append(res / np.maximum(total, 1e-300))
    shares = np.array(shares)
    big = [GUILDS.index("bifidobacterium"), GUILDS.index("butyrate_producers"), GUILDS.index("bacteroides")]
    assert (shares[35, big] < seeded[big]).all()  # the gene costs 5% of growth: its share falls without a drug
    assert (shares[59, big] > 0.3).all() and (shares[59, big] > 20 * shares[35, big]).all()  # the course selects it
    res, _ = _resistant_by_guild(g)
    assert (res[big] > 0).all()
    for name in ("cfu", "resistant_share", "x"):  # same seed, same bytes
        assert getattr(g.colonies, name).tobytes() == getattr(twin.colonies, name).tobytes()
