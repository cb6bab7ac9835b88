"""A colony of the agent gut is a sample of its guild's taxa (its taxon shares), so the within-guild
diversity of the agent gut is the well-mixed gut's (its mean field), not a drift of a few super-individuals;
a colony's resistant part (its resistant share) is the person's carrier taxa among the colony's taxa, as
MixedGut's res[resistant] is the carrier taxa among its guild's shares."""

import numpy as np

from gutbrain_sim.core.streams import Streams
from gutbrain_sim.gut.agent_gut import AgentGut
from gutbrain_sim.gut.colonies import (
    N_TAXA,
    TAXA_PER_GUILD,
    ColonyTable,
    drop_lost_taxa,
    taxon_cfu,
)
from gutbrain_sim.gut.community import (
    HEALTHY_COMPOSITION,
    TAXON_WEIGHTS,
    draw_carriers,
    resistant_mix,
)
from gutbrain_sim.gut.mixed import MixedGut
from gutbrain_sim.hosts import draw_hosts, profile


def _table(k=6):
    t = ColonyTable()
    t.add(x=np.arange(k, dtype=float), y=0, guild=np.array([0, 0, 0, 1, 1, 1])[:k], taxon=np.array([0, 1, 2, 8, 9, 10])[:k],
          cfu=np.full(k, 10.0), adhered=False, probiotic=False, resistant_share=0.0, growth_mult=1.0, shares=TAXON_WEIGHTS)
    return t


def _within(by_taxon):
    q = by_taxon.reshape(-1, TAXA_PER_GUILD)[:2]  # the two guilds these tables hold
    q = q / q.sum(axis=1, keepdims=True)
    return -(np.where(q > 0, q * np.log(np.where(q > 0, q, 1.0)), 0.0)).sum(axis=1)


def test_a_taxon_is_not_lost_with_a_few_colonies():
    t = _table()
    before = _within(taxon_cfu(t))
    t.keep(np.array([True, False, False, True, True, False]))  # colonies of taxa 1, 2 and 10 die
    got = taxon_cfu(t)
    assert (got.reshape(-1, TAXA_PER_GUILD)[:2] > 0).all()  # every taxon of both guilds is still there
    assert np.allclose(_within(got)[:2], before[:2], atol=1e-12)
    assert np.isclose(got.sum(), 30.0)  # CFU x shares adds up to the colonies' CFU
    # a colony without shares given is all of its taxon (a strain, an immigrant)
    t.add(x=0.0, y=0, guild=2, taxon=17, cfu=4.0, adhered=False, probiotic=False, resistant_share=0.0, growth_mult=1.0)
    assert taxon_cfu(t)[17] == 4.0 and taxon_cfu(t)[16:24].sum() == 4.0


def test_a_taxon_below_one_small_colony_is_dropped_and_the_others_renormalised():
    t = _table()
    by = taxon_cfu(t)
    min_cfu = by[7] * 1.01  # taxon 7 (0.03 of guild 0's 30 CFU) is below it, the rest are not
    lost = drop_lost_taxa(t, np.arange(t.n), by, min_cfu)
    assert list(lost) == [7, 15]  # the smallest taxon of each guild
    after = taxon_cfu(t)
    assert after[7] == 0.0 and after[15] == 0.0 and np.isclose(after.sum(), by.sum())
    assert np.allclose(t.shares.sum(axis=0), 1.0)
    assert np.allclose(after[:7] / after[:7].sum(), TAXON_WEIGHTS[:7] / TAXON_WEIGHTS[:7].sum())


def test_both_guts_start_from_the_same_taxa():
    p, _ = draw_hosts(profile("healthy"), {}, 1, Streams(1)["host.traits"])
    agent = AgentGut(p, Streams(1))
    by = agent.taxon_cfu()
    assert by.size == N_TAXA
    c = agent.colonies
    # every colony carries TAXON_WEIGHTS, and resident_resistance_fraction of its CFU carries the gene (MixedGut's res[1]):
    # that part is the person's carrier taxa (2 of 8 per guild, from the "gut.carriers" stream)
    f = float(agent.p.resident_resistance_fraction)
    assert np.array_equal(c.resistant_share, np.full(c.n, f))
    assert np.array_equal(agent.carrier, draw_carriers(Streams(1)["gut.carriers"], 2, 5))
    assert (agent.carrier.reshape(-1, TAXA_PER_GUILD).sum(axis=1) == 2).all()
    w = TAXON_WEIGHTS[:, None] / TAXON_WEIGHTS.sum() * np.ones((1, 5))
    expect = (1.0 - f) * w + f * resistant_mix(w, agent.carrier.reshape(-1, TAXA_PER_GUILD).T)
    assert np.allclose(by.reshape(-1, TAXA_PER_GUILD) / by.reshape(-1, TAXA_PER_GUILD).sum(axis=1, keepdims=True), expect.T)
    mixed = MixedGut(p, 1, np.random.default_rng(1), HEALTHY_COMPOSITION, carrier=agent.carrier[:, None])
    assert abs(agent.shannon() - float(mixed.shannon()[0])) < 0.03  # before: every taxon rounded to whole colonies
    t = mixed.taxon_cfu()[:, 0].reshape(-1, TAXA_PER_GUILD)
    assert np.allclose(t / t.sum(axis=1, keepdims=True), expect.T)  # the same taxa in the well-mixed gut


def test_carrier_taxa_take_over_their_guild_when_the_susceptible_part_dies():
    """The resistant part is read as the carrier taxa: a guild whose colonies are all resistant holds only those."""
    t = ColonyTable()
    t.add(x=np.zeros(2), y=0, guild=[0, 1], taxon=[0, 8], cfu=1e9, adhered=False, probiotic=False, growth_mult=1.0,
          resistant_share=[1.0, 0.0], shares=TAXON_WEIGHTS / TAXON_WEIGHTS.sum())
    carrier = np.zeros(N_TAXA, bool)
    carrier[[2, 5, 9]] = True
    by = taxon_cfu(t, None, carrier)
    assert np.flatnonzero(by[:8]).tolist() == [2, 5]  # guild 0, all resistant: its carriers in their own proportion
    assert np.isclose(by[2] / by[5], TAXON_WEIGHTS[2] / TAXON_WEIGHTS[5]) and np.isclose(by[:8].sum(), 1e9)
    assert np.allclose(by[8:16], 1e9 * TAXON_WEIGHTS / TAXON_WEIGHTS.sum())  # guild 1, susceptible: all its taxa
    assert np.allclose(taxon_cfu(t)[:8], 1e9 * TAXON_WEIGHTS / TAXON_WEIGHTS.sum())  # without carriers: the colony's taxa


def test_compiled_taxon_sums_equal_the_numpy_formula_byte_for_byte():
    """``taxon_cfu`` with carriers (a compiled loop) gives the numpy form's numbers exactly: colonies with
    resistant parts, carrier and non-carrier taxa, colonies holding no carrier taxon, rows left out."""
    rng = np.random.default_rng(4)
    k = 3000
    t = ColonyTable()
    guild = rng.integers(0, 5, k)
    shares = rng.random((TAXA_PER_GUILD, k)) * (rng.random((TAXA_PER_GUILD, k)) < 0.6)
    shares[:, ::7] = 0.0
    shares[3, ::7] = 1.0  # one taxon only: often not a carrier
    t.add(x=rng.random(k) * 40, y=0, guild=guild, taxon=guild * TAXA_PER_GUILD, cfu=rng.random(k) * 1e10, adhered=False,
          probiotic=rng.random(k) < 0.1, resistant_share=np.where(rng.random(k) < 0.5, rng.random(k), 0.0), growth_mult=1.0,
          shares=shares / np.maximum(shares.sum(axis=0), 1e-300))
    carrier = draw_carriers(np.random.default_rng(2), 2, 5)
    rows = np.flatnonzero(~t.probiotic)
    g, cfu, sh, r = t.guild[rows], t.cfu[rows], t.shares[:, rows], t.resistant_share[rows]
    idx = g[None, :] * TAXA_PER_GUILD + np.arange(TAXA_PER_GUILD)[:, None]
    mixed = sh * (1.0 - r) + resistant_mix(sh, carrier[idx]) * r
    expect = np.bincount(idx.ravel(), weights=(mixed * cfu[None, :]).ravel(), minlength=5 * TAXA_PER_GUILD)
    assert taxon_cfu(t, rows, carrier).tobytes() == expect.tobytes()
    assert (r > 0).any() and (mixed != sh).any()  # the resistant mix mattered
