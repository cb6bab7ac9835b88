"""The cohort's fused passes over the colony rows are, per person, exactly the one-person rules they replace: growth,
gene transfer and the count of small rows (``compiled_people.grow_transfer_people``), and the end of the colony phase
(gut/compiled_exit.py: ``haustra.stir_free_across``, ``colonies.convey_outer_mucus`` and ``ColonyTable.wash_out``)."""

from types import SimpleNamespace

import numpy as np
import pytest
from test_compiled import random_table

from gutbrain_sim.core.streams import Streams
from gutbrain_sim.gut import compiled, compiled_people
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


def test_growth_gene_transfer_and_small_rows_of_a_cohort_equal_the_one_person_kernels():
    """Five people (one empty, one without resistant CFU, one not transferring): every column, the exposures,
    carriers, CFU moved and rows below min_cfu byte-identical to grow_parts, resistance_contacts,
    receive_resistance and count_below run one after another on each person's rows."""
    page, n_cells = 900, 400
    counts, transfer = [800, 0, 700, 850, 600], np.array([True, True, True, False, True])
    n = len(counts)
    f, cell, offset = np.zeros((random_table(1, 0)._f.shape[0], n * page)), np.zeros(n * page, np.int32), np.zeros(n, np.intp)
    b = np.zeros((random_table(1, 0)._b.shape[0], n * page), bool)
    rng = np.random.default_rng(3)
    factor, factor_res = rng.uniform(0.3, 1.6, sum(counts)), rng.uniform(0.2, 1.4, sum(counts))
    np.cumsum(counts[:-1], out=offset[1:])
    per_cfu, min_cfu = np.array([0.3, 0.2, 0.5, 0.4, 0.1]), np.array([0.9, 0.9, 1.2, 0.7, 1.0])
    want = []
    for k, m in enumerate(counts):
        t, s, o = random_table(m, 60 + k), k * page, offset[k]
        if k == 2:
            t.resistant_share[:] = 0.0  # no carriers: nothing received
        t.growth_mult[: m // 10] = 0.0  # inert rows neither give nor receive
        f[:, s:s + m], b[:, s:s + m] = t._f[:, :m], t._b[:, :m]
        cell[s:s + m] = rng.integers(0, n_cells, m)
        cfu, share = t.cfu.copy(), t.resistant_share.copy()
        compiled.grow_parts(cfu, share, factor[o:o + m], factor_res[o:o + m])
        exposure, carriers, moved = np.zeros(m), 0.0, 0.0
        if transfer[k]:
            exposure, carriers = compiled.resistance_contacts(cell[s:s + m], cfu, share, t.growth_mult, n_cells)
            if carriers > 0:
                moved = compiled.receive_resistance(exposure, share, cfu, per_cfu[k])
        want.append((cfu, share, exposure, carriers, moved, compiled.count_below(cfu, min_cfu[k]), t.probiotic[cfu < min_cfu[k]]))
    exposure, carriers, moved, n_small = np.zeros(n * page), np.zeros(n), np.zeros(n), np.zeros(n, np.intp)
    small_strain = np.zeros(n * page, bool)
    compiled_people.grow_transfer_people(f, b, page, np.array(counts, np.intp), offset, factor, factor_res, cell, n_cells, transfer,
                                         per_cfu, min_cfu, exposure, carriers, moved, n_small, small_strain)
    assert carriers[2] == 0.0 and moved[0] > 0.0 and moved[4] > 0.0 and n_small[[0, 2, 3, 4]].min() > 0
    for k, (cfu, share, ex, c, mv, small, tags) in enumerate(want):
        s, m = k * page, counts[k]
        assert f[1, s:s + m].tobytes() == cfu.tobytes() and f[3, s:s + m].tobytes() == share.tobytes()
        if transfer[k]:
            assert exposure[s:s + m].tobytes() == ex.tobytes()
        assert (carriers[k], moved[k], n_small[k]) == (c, mv, small)
        assert np.array_equal(small_strain[s:s + small], tags)  # the small rows' strain tags, for their draws
    assert small_strain.any()


@pytest.mark.parametrize("threshold", [2.0, 2.6, 9.0])
def test_compaction_of_a_cohort_lists_the_big_rows_as_big_rows_after_lift_or_drop(threshold):
    """``compiled_people.compact_people`` (lift or drop, compaction and the big rows in one) against
    compiled.lift_or_drop, ColonyTable.keep and compiled.big_rows per person: every column and the rows listed."""
    page, counts, min_cfu = 800, [700, 0, 650, 500], np.array([1.0, 1.0, 0.8, 1.4])
    n = len(counts)
    f, i, b = (np.zeros((a.shape[0], n * page), a.dtype) for a in (random_table(1, 0)._f, random_table(1, 0)._i, random_table(1, 0)._b))
    u, want = np.random.default_rng(5).random(n * page), []
    for k, m in enumerate(counts):
        t, s = random_table(m, 80 + k), k * page
        f[:, s:s + m], i[:, s:s + m], b[:, s:s + m] = t._f[:, :m], t._i[:, :m], t._b[:, :m]
        keep = np.empty(m, np.uint8)
        compiled.lift_or_drop(t.cfu, min_cfu[k], u[s:s + page], keep)
        t.keep(keep.astype(bool))
        want.append((t, compiled.big_rows(t.cfu, threshold)))
    count, big, n_big = np.array(counts, np.intp), np.empty((n, 2 * page), np.intp), np.zeros(n, np.intp)
    compiled_people.compact_people(f, i, b, page, count, min_cfu, u, np.full(n, threshold), big, n_big)
    assert (count < np.array(counts)).sum() == 3 and (threshold > 5.0 or n_big[[0, 2, 3]].min() > 0)
    for k, (t, rows) in enumerate(want):
        s = k * page
        assert count[k] == t.n and np.array_equal(big[k, :n_big[k]], rows)
        for name, block in (("_f", f), ("_i", i), ("_b", b)):
            assert block[:, s:s + t.n].tobytes() == getattr(t, name)[:, :t.n].tobytes(), (k, name)
