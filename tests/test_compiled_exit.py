"""The cohort's one pass at the end of the colony phase (gut/compiled_exit.py) is, per person, exactly the three
one-person rules it replaces: ``haustra.stir_free_across``, ``colonies.convey_outer_mucus`` and ``ColonyTable.wash_out``."""

from types import SimpleNamespace

import numpy as np
import pytest
from test_compiled import random_table

from gutbrain_sim.core.streams import Streams
from gutbrain_sim.gut import compiled_exit as cx
from gutbrain_sim.gut.colonies import convey_outer_mucus
from gutbrain_sim.gut.haustra import stir_free_across


@pytest.mark.parametrize("width", [10, 1])
def test_stirring_conveying_and_wash_out_of_a_cohort_equal_the_one_person_rules(width):
    """Five people: empty, caecum lengths 1 (no caecum: the whole colon stirred), 3 and 10, strains conveyed or
    held; every column, the CFU gone and both streams' states byte-identical to the one-person rules'."""
    length, page = 40, 700
    counts, caecum, conveyed = [600, 0, 650, 500, 400], [10, 3, 1, 10, 3], [0.7, 0.7, 0.0, 1.3, 0.2]
    n = len(counts)
    alone, blocks = [], [np.zeros((len(a), n * page), a.dtype) for a in (random_table(1, 0)._f, random_table(1, 0)._i, random_table(1, 0)._b)]
    f, i, b = blocks
    for k, m in enumerate(counts):
        t = random_table(m, 40 + k, length, width)
        s = k * page
        f[:, s:s + m], i[:, s:s + m], b[:, s:s + m] = t._f[:, :m], t._i[:, :m], t._b[:, :m]
        streams = Streams(7 + k)  # the one-person rules, in AgentGut.step's order
        stir_free_across(t, caecum[k], length, width, streams)
        convey_outer_mucus(t, conveyed[k])
        gone, gone_probiotic = t.wash_out(length)
        alone.append((t, gone, gone_probiotic, streams))
    count, cells = np.array(counts, np.intp), np.array(caecum, np.intp)
    n_caecum, n_colon, u = np.zeros(n, np.intp), np.zeros(n, np.intp), np.empty(n * page)
    cx.stir_counts_people(f, b, page, count, cells, float(length), width, n_caecum, n_colon)
    guts = [SimpleNamespace(rngs=Streams(7 + k)) for k in range(n)]
    cx.draw_across(guts, page, n_caecum, n_colon, u)
    gone, gone_probiotic = np.empty((n, page)), np.empty((n, page))
    n_gone, n_gone_probiotic = np.zeros(n, np.intp), np.zeros(n, np.intp)
    cx.stir_convey_wash_people(f, i, b, page, count, cells, float(length), width, n_caecum, u, np.array(conveyed), gone,
                               gone_probiotic, n_gone, n_gone_probiotic)
    if width > 1:  # stirred in the caecum where there is one, past it everywhere
        assert n_caecum[1] == n_caecum[2] == 0 and min(n_caecum[0], n_caecum[3], n_caecum[4]) > 10
        assert min(n_colon[0], n_colon[2], n_colon[3], n_colon[4]) > 100
    else:
        assert not (n_caecum.any() or n_colon.any())
    assert n_gone[[0, 2, 3, 4]].min() > 0 and n_gone_probiotic.sum() > 0
    for k, (t, g, gp, streams) in enumerate(alone):
        s = k * page
        assert count[k] == t.n
        for name, block in (("_f", f), ("_i", i), ("_b", b)):
            assert block[:, s:s + t.n].tobytes() == getattr(t, name)[:, :t.n].tobytes(), (k, name)
        assert gone[k, :n_gone[k]].tobytes() == g.tobytes()
        assert gone_probiotic[k, :n_gone_probiotic[k]].tobytes() == gp.tobytes()
        for name in ("gut.caecum", "gut.haustra"):
            assert guts[k].rngs[name].bit_generator.state == streams[name].bit_generator.state
