"""The compiled (numba) kernels of the agent gut give exactly what their rules say: each is
checked against the rule's plain-numpy form in gutbrain_sim/gut/rules.py, with exact equality."""


import numpy as np
import pytest

from gutbrain_sim.gut import compiled, compiled_people, rules
from gutbrain_sim.gut.colonies import (
    RESISTANT_KILL_MULT,
    TAXA_PER_GUILD,
    ColonyTable,
    adhere_and_detach,
    caecum_leave_share,
    caecum_rows,
    stir_caecum,
)
from gutbrain_sim.gut.lumen import Lumen, shift_fields
from gutbrain_sim.params import ParamSet


def random_table(n: int, seed: int, length: int = 40, width: int = 10) -> ColonyTable:
    rng = np.random.default_rng(seed)
    t = ColonyTable(n)
    guild = rng.integers(0, 5, n)
    t.add(x=rng.uniform(0, length + 3, n), y=rng.integers(0, width, n), guild=guild,
          taxon=guild * TAXA_PER_GUILD + rng.integers(0, TAXA_PER_GUILD, n), cfu=rng.uniform(0.5, 3.0, n),
          adhered=rng.random(n) < 0.3, probiotic=rng.random(n) < 0.2,
          resistant_share=np.where(rng.random(n) < 0.25, rng.uniform(0.0, 1.0, n), 0.0), growth_mult=rng.uniform(0.8, 1.0, n))
    return t


def columns(t: ColonyTable) -> dict:
    return {name: getattr(t, name).copy() for name in t.column_names()}


@pytest.mark.parametrize("keep_share", [0.0, 0.05, 0.5, 0.97, 1.0])
def test_compaction_keeps_order_and_values_of_kept_rows_in_every_column(keep_share):
    t = random_table(3000, 1)
    before = columns(t)
    mask = np.random.default_rng(2).random(t.n) < keep_share
    mask[:100] = True  # rows before the first dropped one stay in place
    t.keep(mask)
    assert t.n == int(mask.sum())
    for name, col in before.items():
        assert np.array_equal(getattr(t, name), col[mask]), name


def test_wash_out_drops_rows_past_the_exit_and_returns_their_cfu_in_order():
    t = random_table(2000, 3)
    before = columns(t)
    gone_mask = before["x"] >= 40
    gone, gone_probiotic = t.wash_out(40)
    assert 0 < gone.size < 2000 and t.n == 2000 - gone.size
    assert np.array_equal(gone, before["cfu"][gone_mask])
    assert np.array_equal(gone_probiotic, before["cfu"][gone_mask & before["probiotic"]])
    for name, col in before.items():
        assert np.array_equal(getattr(t, name), col[~gone_mask]), name


def test_cells_and_biomass_match_bincount():
    t = random_table(5000, 4)
    L, H, G = 40, 10, 5
    cell, key, biomass = compiled.cells_and_biomass(t.x, t.y, t.guild, t.cfu, t.growth_mult, t.resistant_share, 0.05, L, H, G)
    expect_cell, expect_key, expect = rules.cells_and_biomass(t.x, t.y, t.guild, t.cfu, t.growth_mult, t.resistant_share, 0.05,
                                                              L, H, G)
    assert np.array_equal(cell, expect_cell) and np.array_equal(key, expect_key)
    assert np.array_equal(biomass, expect)  # same additions in the same order: bit-identical


@pytest.mark.parametrize("antibiotic", [False, True])
def test_colony_rates_and_the_two_parts_growth_match_the_numpy_formula(antibiotic):
    rng = np.random.default_rng(5)
    t = random_table(4000, 5)
    _cell, key, _b = compiled.cells_and_biomass(t.x, t.y, t.guild, t.cfu, t.growth_mult, t.resistant_share, 0.05, 40, 10, 5)
    growth, death, abx = (rng.uniform(0, 0.5, 2000) for _ in range(3))
    args = (key, growth, death, abx, antibiotic, t.growth_mult, t.guild, t.y, 4, 0.3, 0.5, 0.95, 1.0 - RESISTANT_KILL_MULT)
    rate, rate_resistant = compiled.colony_rates(*args)
    expect, expect_resistant = rules.colony_rates(*args)
    assert np.array_equal(rate, expect) and np.array_equal(rate_resistant, expect_resistant)
    # the resistant part loses the gene's cost of growth and, under the antibiotic, is spared 90% of its kill
    edge = (abx[key] * (1.0 - RESISTANT_KILL_MULT) * antibiotic - growth[key] * t.growth_mult * 0.05) * 0.5
    assert np.allclose(rate_resistant - rate, edge, rtol=1e-9, atol=1e-15) and (edge > 0).any() == antibiotic
    factor, factor_resistant = np.exp(rate), np.exp(rate_resistant)
    cfu, share = rules.grow_parts(t.cfu, t.resistant_share, factor, factor_resistant)
    before = t.resistant_share.copy()
    compiled.grow_parts(t.cfu, t.resistant_share, factor, factor_resistant)
    assert np.array_equal(t.cfu, cfu) and np.array_equal(t.resistant_share, share)
    mixed = (before > 0) & (before < 1)
    assert mixed.sum() > 100 and ((share[mixed] > before[mixed]) == (edge[mixed] > 0)).all()
    assert np.array_equal(share[before == 0], before[before == 0])  # no gene, no resistant part


def test_resistance_transfer_follows_resistant_cfu_in_the_cell():
    t = random_table(3000, 6)
    before = columns(t)
    cell, _key, _b = compiled.cells_and_biomass(t.x, t.y, t.guild, t.cfu, t.growth_mult, t.resistant_share, 0.05, 40, 10, 5)
    exposure, carriers = compiled.resistance_contacts(cell, t.cfu, t.resistant_share, t.growth_mult, 400)
    expect_exposure, expect_carriers = rules.resistance_exposure(cell, t.cfu, t.resistant_share, t.growth_mult, 400)
    assert np.isclose(carriers, expect_carriers, rtol=1e-12) and carriers > 0
    assert np.array_equal(exposure, expect_exposure)
    moved = compiled.receive_resistance(exposure, t.resistant_share, t.cfu, 0.05)
    share, expect_moved = rules.receive_resistance(exposure, before["resistant_share"], before["cfu"], 0.05)
    assert np.array_equal(t.resistant_share, share) and np.isclose(moved, expect_moved, rtol=1e-12) and moved > 0
    gained = share > before["resistant_share"]
    assert gained.sum() > 1000 and (exposure[gained] > 0).all() and (share <= 1.0).all()
    # a colony alone with its own resistant part in its cell receives nothing
    alone = np.bincount(cell, minlength=400)[cell] == 1
    assert alone.any() and np.array_equal(share[alone], before["resistant_share"][alone])


def test_small_colonies_are_lifted_or_dropped_keeping_the_expected_cfu():
    rng = np.random.default_rng(8)
    cfu = np.concatenate([rng.uniform(0.0, 0.02, 20_000), rng.uniform(0.02, 3.0, 5_000)])
    rng.shuffle(cfu)
    u = rng.random(20_000)
    expect_cfu, expect_keep = rules.lift_or_drop(cfu, 0.02, u)
    assert compiled.count_below(cfu, 0.02) == 20_000
    got, keep = cfu.copy(), np.empty(cfu.size, np.uint8)
    compiled.lift_or_drop(got, 0.02, u, keep)
    assert np.array_equal(got, expect_cfu) and np.array_equal(keep.view(bool), expect_keep)
    assert np.array_equal(got[cfu >= 0.02], cfu[cfu >= 0.02]) and keep[cfu >= 0.02].all()
    small = cfu < 0.02
    assert 0.4 < keep[small].mean() < 0.6 and (got[small & (keep == 1)] == 0.02).all()
    assert abs(got[small][keep[small] == 1].sum() / cfu[small].sum() - 1.0) < 0.02  # the expected CFU is kept


@pytest.mark.parametrize("sites", [0, 3, 12, 1000])
def test_adhesion_fills_free_room_per_column_lowest_draw_first(sites):
    t = random_table(6000, 8)
    t.y[: 4000] = 0  # crowd the mucosal row: columns run out of room
    u = np.random.default_rng(9).random(t.n)
    u[::7] = u[::7].round(2)  # ties: broken by row order
    adhesion, detach = np.array([0.9, 0.8, 0.7, 0.6, 0.5]), (0.05, 0.4)
    room = sites * float(np.median(t.cfu))  # CFU of adhered residents a column holds
    dust = 0.05 * float(np.median(t.cfu))  # no daughter under it
    expect, cfu, expect_rows, expect_cut = rules.adhesion(t.x, t.y, t.guild, t.adhered, t.probiotic, t.cfu, u, adhesion,
                                                          detach, room, 40, dust)
    was, before = t.adhered.copy(), t.cfu.copy()
    rows, cut = np.empty(40, np.intp), np.empty(40)
    k = compiled.adhere_and_detach(t.x, t.y, t.guild, t.adhered, t.probiotic, t.cfu, u, adhesion, detach[0], detach[1], room,
                                   40, dust, rows, cut)
    assert np.array_equal(t.adhered, expect) and np.array_equal(t.cfu, cfu)
    assert np.array_equal(rows[:k], expect_rows) and np.array_equal(cut[:k], expect_cut)
    col = np.minimum(t.x.astype(int), 39)
    stuck = was & ~t.probiotic & (u >= detach[0])
    first = np.bincount(col[stuck], weights=before[stuck], minlength=40)  # what the residents that stayed hold
    dusty = stuck & (before * room / np.maximum(first, 1e-300)[col] < dust) & (first - room >= dust)[col]
    assert np.array_equal(stuck & ~t.adhered, dusty)  # only a colony whose share would be dust lets go (whole)
    stayed = stuck & ~dusty
    grown = np.bincount(col[stayed], weights=before[stayed], minlength=40)
    over = grown - room >= dust
    assert (k > 0) == (0 < sites < 1000)
    # grown past the room: every resident that stayed keeps room / grown of its CFU, the excess one daughter a column
    keep = np.where(over, room / np.maximum(grown, 1e-300), 1.0)
    assert np.allclose(t.cfu[stayed], before[stayed] * keep[col[stayed]], rtol=1e-12, atol=0.0)
    assert np.array_equal(col[rows[:k]], np.flatnonzero(over)) and np.all(stayed[rows[:k]])
    assert np.allclose(cut[:k], (grown - room)[over], rtol=1e-12) and np.all(cut[:k] >= dust)
    assert np.array_equal(np.delete(t.cfu, np.flatnonzero(stayed)), np.delete(before, np.flatnonzero(stayed)))
    held = np.where(over, room, grown)
    new = t.adhered & ~was
    new_residents = np.bincount(col[new & ~t.probiotic], weights=t.cfu[new & ~t.probiotic], minlength=40)
    largest = t.cfu.max()
    # never more than half a colony beyond a column's free room, and none where it was full
    assert np.all(held + new_residents <= np.maximum(room, held) + 0.5 * largest)
    assert not new_residents[held >= room].any()
    assert np.all(t.y[new] == 0) and not (new & ~was & (u >= adhesion[t.guild])).any()
    cand = (t.y == 0) & ~was & ~t.probiotic & (u < adhesion[t.guild])
    fits = np.zeros(40, bool)  # a column where some candidate would fit beside the residents that kept their place
    np.logical_or.at(fits, col[cand], held[col[cand]] + 0.5 * t.cfu[cand] <= room)
    assert np.array_equal(new_residents > 0, fits & (held < room))


def test_cut_colonies_shed_free_daughters_in_row_one_and_a_cohort_sheds_as_each_person():
    seeds, page, room = (12, 14), 4000, 4.0
    one, many = [], [random_table(3000 + 100 * k, s) for k, s in enumerate(seeds)]
    f, i, b = (np.zeros((getattr(many[0], blk).shape[0], len(seeds) * page), getattr(many[0], blk).dtype)
               for blk in ("_f", "_i", "_b"))
    u = np.empty(len(seeds) * page)
    for k, (t, s) in enumerate(zip(many, seeds, strict=True)):
        t.y[:2000] = 0
        for blk, arr in (("_f", f), ("_i", i), ("_b", b)):
            arr[:, k * page:k * page + t.n] = getattr(t, blk)[:, :t.n]
        u[k * page:k * page + t.n] = np.random.default_rng(s).random(t.n)
        before = columns(t)
        adhere_and_detach(t, np.full(5, 0.6), (0.01, 0.3), room, 40, 1.0, np.random.default_rng(s), 0.1)
        n0 = before["x"].size
        col, shrunk = np.minimum(before["x"].astype(int), 39), t.cfu[:n0] < before["cfu"]  # the colonies cut
        over = np.unique(col[shrunk])  # the columns grown beyond their room
        assert t.n - n0 == over.size > 0 and not t.adhered[n0:].any() and np.all(t.y[n0:] == 1) and np.all(t.adhered[:n0][shrunk])
        assert np.array_equal(np.minimum(t.x[n0:].astype(int), 39), over) and np.all(t.cfu[n0:] >= 0.1)  # one a column, in order
        for c, d in zip(over, range(n0, t.n), strict=True):  # the column keeps its room, its daughter the rest
            m = shrunk & (col == c)
            assert np.isclose(t.cfu[:n0][m].sum(), room, rtol=1e-12) and t.taxon[d] in t.taxon[:n0][m]
            assert np.isclose(t.cfu[:n0][m].sum() + t.cfu[d], before["cfu"][m].sum(), rtol=1e-12)
        one.append(columns(t))
    count = np.array([3000, 3100], np.intp)
    rows, cut, n_cut = np.empty((2, 40), np.intp), np.empty((2, 40)), np.zeros(2, np.intp)
    compiled_people.adhere_people(f, i, b, page, count, u, np.full((2, 5), 0.6), np.full(2, 0.01), np.full(2, 0.3),
                                  np.full(2, room), 40, np.full(2, 0.1), rows, cut, n_cut)
    compiled_people.shed_people(f, i, b, page, count, rows, cut, n_cut)
    for k, t in enumerate(many):
        got = ColonyTable(1)
        got._f, got._i, got._b, got._cap, got.n = (f[:, k * page:(k + 1) * page], i[:, k * page:(k + 1) * page],
                                                   b[:, k * page:(k + 1) * page], page, int(count[k]))
        got._refresh()
        assert all(np.array_equal(one[k][name], getattr(got, name)) for name in t.column_names())


def test_adhere_and_detach_draws_one_uniform_per_colony():
    t = random_table(1000, 10)
    rng = np.random.default_rng(11)
    adhere_and_detach(t, np.full(5, 0.5), (0.0, 0.3), 5 * float(t.cfu.mean()), 40, 1.0, rng)
    after = np.random.default_rng(11)
    after.random(1000)
    assert rng.random() == after.random()  # same generator position as the numpy version


def test_reseeded_rows_are_what_add_would_write():
    a, b = random_table(50, 12), random_table(50, 12)
    x, taxa = np.array([0.5, 3.25, 39.9]), np.array([0, 17, 39])
    a.add_seeded(x, taxa, 0.75)
    b.add(x=x, y=0, guild=taxa // TAXA_PER_GUILD, taxon=taxa, cfu=0.75, adhered=False, probiotic=False,
          resistant_share=0.0, growth_mult=1.0)
    for name, col in columns(b).items():
        assert np.array_equal(getattr(a, name), col), name


def test_diffusion_matches_the_five_point_formula_and_conserves_mass():
    lumen = Lumen(ParamSet())
    rng = np.random.default_rng(13)
    lumen.conc[:] = rng.uniform(0, 10, lumen.conc.shape)
    c = lumen.conc.copy()
    lumen.diffuse(0.2)
    assert np.array_equal(lumen.conc, rules.diffuse(c, 0.2))
    assert np.allclose(lumen.conc.sum(axis=(1, 2)), c.sum(axis=(1, 2)), rtol=1e-12)  # no-flux walls
    assert lumen.conc.min() >= c.min() and lumen.conc.max() <= c.max()  # smoothing, no overshoot


@pytest.mark.parametrize("places, per_place", [(400, False), (6, True), (2, True)])
def test_metabolise_is_bit_identical_to_its_numpy_form(places, per_place):
    """Scalar parameters on the agent gut's 400 cells, and per-place parameters on a few places
    (the well-mixed gut's hosts), with antibiotic in some places."""
    from gutbrain_sim.gut import kinetics

    rng = np.random.default_rng(places)
    conc = rng.uniform(0, 20, (len(kinetics.FIELDS), places)) * (rng.random((len(kinetics.FIELDS), places)) < 0.9)
    conc[kinetics.F["antibiotic"], ::2] = 0.0
    b = rng.uniform(0, 5e9, (5, places))
    p = ParamSet()
    volume, reference = 0.01, 1e10
    if per_place:
        p = p.replace(monod_k_carbohydrate_mm=rng.uniform(0.5, 8, places), acid_inhibition_lactate_mm=rng.uniform(5, 50, places),
                      phage_lysis_per_h=rng.uniform(0.001, 0.01, places))
        volume, reference = rng.uniform(0.005, 0.02, places), rng.uniform(1e9, 1e11, places)
    traits = kinetics.GuildTraits.from_params(ParamSet())
    got = kinetics.metabolise(conc, b, volume, traits, p, 0.5, reference, work=kinetics.KineticsWork(places))
    expect = rules.metabolise(conc, b, volume, traits, p, 0.5, reference)
    assert got.antibiotic_death_per_h is not None
    for name, value in expect.items():
        assert np.array_equal(getattr(got, name), value), name
    conc[kinetics.F["antibiotic"]] = 0.0  # no antibiotic anywhere: no antibiotic term
    got = kinetics.metabolise(conc, b, volume, traits, p, 0.5, reference)
    assert got.antibiotic_death_per_h is None
    assert np.array_equal(got.death_per_h, rules.metabolise(conc, b, volume, traits, p, 0.5, reference)["death_per_h"])


def test_caecum_stirring_of_a_cohort_is_bit_identical_to_the_numpy_rule_per_person():
    """compiled_people.caecum_rows_people / stir_caecum_people against colonies.caecum_rows / stir_caecum
    (the numpy form ``AgentGut.step`` runs), person by person, caecum lengths 1 (no stirring), 3 and 10; the kernel
    stirs the residents (the administered strains draw from their own stream: cohort_draws.stir_strains)."""
    page, counts, caecum, flow = 700, [600, 0, 650, 500, 400], [10, 3, 1, 10, 3], [1.1, 0.7, 1.1, 0.55, 0.7]
    blocks = {b: [] for b in ("_f", "_i", "_b")}
    for k in range(len(counts)):
        t = random_table(page, 20 + k)
        for b in blocks:
            blocks[b].append(getattr(t, b)[:, :page])
    f, i, b = (np.concatenate(blocks[name], axis=1) for name in ("_f", "_i", "_b"))
    expected = f.copy()
    count, cells = np.array(counts, np.intp), np.array(caecum, np.intp)
    rows, n_rows, u = np.zeros(len(counts) * page, np.intp), np.zeros(len(counts), np.intp), np.empty(len(counts) * page)
    offset = np.zeros(len(counts))
    compiled_people.caecum_rows_people(f, b, page, count, cells, rows, n_rows)
    leave = np.array([caecum_leave_share(c, fl) for c, fl in zip(caecum, flow, strict=True)])
    for k, (m, c, fl) in enumerate(zip(counts, caecum, flow, strict=True)):
        s = k * page
        want = caecum_rows(expected[0, s:s + m], b[0, s:s + m] | b[1, s:s + m], c)  # residents: strains stir from their stream
        assert np.array_equal(rows[s:s + n_rows[k]], want)
        stir_caecum(expected[0, s:s + m], want, c, fl, np.random.default_rng(k), i[2, s:s + m])
        rng = np.random.default_rng(k)
        offset[k] = rng.random()
        rng.random(out=u[s:s + n_rows[k]])
    assert n_rows[1] == n_rows[2] == 0 and min(n_rows[0], n_rows[3], n_rows[4]) > 15  # empty, unstirred, stirred
    compiled_people.stir_caecum_people(f, i, page, rows, n_rows, offset, u, cells, np.array(flow), leave)
    assert f.tobytes() == expected.tobytes()


def test_field_shifts_of_a_cohort_are_lumen_shift_fields_per_person():
    """compiled_people.shift_fields_people against lumen.shift_fields (the numpy form), shifts 0 to the whole length."""
    conc = np.random.default_rng(7).random((5, 10, 40, 10))
    shifts = np.array([0, 1, 2, 39, 40], np.intp)
    expected = conc.copy()
    for p, k in enumerate(shifts):
        shift_fields(expected[p], int(k))
    compiled_people.shift_fields_people(conc, shifts)
    assert conc.tobytes() == expected.tobytes()
    assert (conc[4] == 0).all() and not (conc[2, :, 2:] == 0).any()


def _cohort_blocks(counts: list[int], page: int, seed: int):
    """Random colony tables of len(counts) people, person k's rows at page k of shared blocks."""
    blocks = {b: [] for b in ("_f", "_i", "_b")}
    for k in range(len(counts)):
        t = random_table(page, seed + k)
        for b in blocks:
            blocks[b].append(getattr(t, b)[:, :page])
    return (np.concatenate(blocks[name], axis=1) for name in ("_f", "_i", "_b"))


def test_translocation_and_strain_places_of_a_cohort_are_the_numpy_forms_per_person():
    """compiled_people.translocation_rates_people / crossings_people against AgentGut.translocation's numpy
    form (the Poisson draws over every row: a zero rate draws nothing), and strain_places_people against
    AgentGut.strain_occupancy's bincount, person by person."""
    page, length, counts = 800, 40, [700, 0, 750, 500, 300]
    f, i, b = _cohort_blocks(counts, page, 40)
    count, n = np.array(counts, np.intp), len(counts)
    fail = np.random.default_rng(3).random((n, length)) * (np.random.default_rng(4).random((n, length)) < 0.4)
    active = np.array([True, True, False, True, True])
    per_cfu, cleared, dt_h = np.array([0.3, 0.5, 0.7, 0.9, 2.0]), np.array([0.5, 0.9, 0.2, 0.0, 0.99]), 0.5
    rate, probiotic = np.empty(n * page), np.empty(n * page, bool)
    start, n_rate = np.empty(n, np.intp), np.empty(n, np.intp)
    compiled_people.translocation_rates_people(f, i, b, page, count, active, fail, length, per_cfu, dt_h, cleared, rate,
                                               probiotic, start, n_rate)
    hits = np.zeros(int(start[-1] + n_rate[-1]), np.int64)
    for k in range(n):
        hits[start[k]:start[k] + n_rate[k]] = np.random.default_rng(k).poisson(rate[start[k]:start[k] + n_rate[k]])
    events, probiotic_events = np.empty(n, np.int64), np.empty(n, np.int64)
    compiled_people.crossings_people(hits, probiotic, start, n_rate, events, probiotic_events)
    held, has_probiotic = np.empty((n, length)), np.empty(n, bool)
    compiled_people.strain_places_people(f, b, page, count, length, held, has_probiotic)
    for k, m in enumerate(counts):
        s = k * page
        x, y, cfu, adhered, tag = f[0, s:s + m], i[0, s:s + m], f[1, s:s + m], b[0, s:s + m], b[1, s:s + m]
        col = np.minimum(x.astype(np.intp), length - 1)
        expected = per_cfu[k] * cfu * fail[k][col] * (y <= 1) * dt_h * (1.0 - cleared[k])
        want = np.random.default_rng(k).poisson(expected) if active[k] else np.zeros(m, np.int64)
        assert n_rate[k] == (np.count_nonzero(expected) if active[k] else 0)
        assert (events[k], probiotic_events[k]) == (int(want.sum()), int(want[tag].sum()))
        bound = tag & adhered
        assert held[k].tobytes() == np.bincount(col[bound], weights=cfu[bound], minlength=length).tobytes()
        assert has_probiotic[k] == tag.any()
    assert events[[0, 3]].min() > 0 and probiotic_events.max() > 0 and n_rate[2] == 0  # crossings drawn; inactive: none
