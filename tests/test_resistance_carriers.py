"""Resistance genes belong to strains: in each person only resistance_carrier_taxa_per_guild taxa of a guild
carry the gene (drawn once per person, the same for both gut kinds), and the resistant part of a colony (agent
gut) or of a guild (well-mixed gut, res[1] with its own mix share_res) is those taxa."""

import numpy as np

from gutbrain_sim.core.streams import Streams
from gutbrain_sim.gut.colonies import N_TAXA, TAXA_PER_GUILD
from gutbrain_sim.gut.community import TAXON_WEIGHTS, draw_carriers, resistant_mix
from gutbrain_sim.gut.interface import make_gut
from gutbrain_sim.gut.mixed import MixedGut
from gutbrain_sim.hosts import draw_hosts, profile
from gutbrain_sim.params import GUILDS


def test_each_person_draws_the_same_carriers_in_both_guts_and_people_differ():
    n = 3
    streams = [Streams(11, f"p{i}.") for i in range(n)]
    p, _ = draw_hosts(profile("healthy"), {"colonies_target": 500}, n, Streams(11)["host.traits"])
    comp = profile("healthy").composition
    agent = make_gut("agent", p, n, streams, None, comp)
    streams2 = [Streams(11, f"p{i}.") for i in range(n)]  # fresh streams: the mixed gut draws from the start too
    mixed = make_gut("mixed", p, n, streams2, None, comp)
    for i in range(n):
        assert np.array_equal(agent.guts[i].carrier, mixed.carrier[:, i])
        assert (agent.guts[i].carrier.reshape(len(GUILDS), TAXA_PER_GUILD).sum(axis=1) == 2).all()
    assert not np.array_equal(mixed.carrier[:, 0], mixed.carrier[:, 1])  # a per-person draw, not one for all
    again = draw_carriers(Streams(11, "p0.")["gut.carriers"], 2, len(GUILDS))
    assert np.array_equal(again, mixed.carrier[:, 0])  # same seed, same carriers


def test_resistant_mix_keeps_carriers_in_their_proportions_and_falls_back_to_the_mix():
    w = TAXON_WEIGHTS / TAXON_WEIGHTS.sum()
    carrier = np.zeros(TAXA_PER_GUILD, bool)
    carrier[[1, 6]] = True
    mix = resistant_mix(w, carrier)
    assert np.flatnonzero(mix).tolist() == [1, 6] and np.isclose(mix.sum(), 1.0)
    assert np.isclose(mix[1] / mix[6], w[1] / w[6])
    one = np.zeros(TAXA_PER_GUILD)
    one[3] = 1.0  # a resistant strain from outside, not among the carriers: its own taxon carries the gene
    assert np.array_equal(resistant_mix(one, carrier), one)


def _mixed(carrier_taxa):
    p, _ = draw_hosts(profile("healthy"), {}, 1, Streams(2)["host.traits"])
    carrier = np.zeros((N_TAXA, 1), bool)
    carrier[carrier_taxa] = True
    return MixedGut(p, 1, np.random.default_rng(2), carrier=carrier)


def test_mixed_gut_resistant_part_is_its_carrier_taxa_and_takes_over_when_the_rest_dies():
    g = _mixed([0, 3, 8, 9, 16, 21, 24, 30, 33, 39])
    g.res[0] *= 1e-6  # the course kills the susceptible parts
    t = g.taxon_cfu()[:, 0]
    q = t / t.sum()
    carriers = np.flatnonzero(g.carrier[:, 0])
    assert q[carriers].sum() > 0.999  # the guilds are their carrier taxa
    assert np.isclose(t[16] / t[21], TAXON_WEIGHTS[0] / TAXON_WEIGHTS[5], rtol=1e-3)  # in their own proportions
    before = float(_mixed([0, 3, 8, 9, 16, 21, 24, 30, 33, 39]).shannon()[0])
    assert float(g.shannon()[0]) < before - 1.0  # 1.56 from 2.96 nats: two taxa left in each guild


def test_mixed_gut_drops_lost_taxa_from_both_parts_and_keeps_the_carriers():
    g = _mixed([0, 3, 8, 9, 16, 21, 24, 30, 33, 39])
    g.res[0] *= 1e-9
    g._drop_lost_taxa()
    kept = np.flatnonzero(g.taxon_cfu()[:, 0] > 0)
    assert set(kept) == set(np.flatnonzero(g.carrier[:, 0]))  # only the carrier taxa are left
    for m in (g.share, g.share_res):
        by_guild = m[:, 0].reshape(len(GUILDS), TAXA_PER_GUILD).sum(axis=1)
        assert np.allclose(by_guild, 1.0)  # each mix still sums to 1 in every guild

