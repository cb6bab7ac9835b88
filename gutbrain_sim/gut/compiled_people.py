"""Compiled loops over the people of a cohort: each runs a one-person kernel on every person's slice.

The cohort's colony table keeps person p's rows in page p (columns ``[p * page, p * page +
count[p])`` of the shared blocks; ``cohort.py``), and its fields, metabolism buffers and
barrier as arrays whose first axis is the person. Each kernel here is a loop over people
that calls the one-person kernel of ``compiled.py`` / ``compiled_cells.py`` on that person's
slice, so every person's arithmetic is exactly the one-person gut's (outputs byte-identical
to stepping people one by one), with one call from Python per hour for the whole cohort.
Random numbers are drawn per person in Python (each from their own stream) and passed in.
"""

from __future__ import annotations

import numpy as np

from .compiled import (  # and the rows of the colony table's blocks
    ROW_ADHERED,
    ROW_CFU,
    ROW_GROWTH,
    ROW_GUILD,
    ROW_PROBIOTIC,
    ROW_RES,
    ROW_TAXON,
    ROW_X,
    ROW_Y,
    adhere_and_detach,
    append_seeded,
    cells_and_biomass_into,
    colony_rates_into,
    compact_blocks,
    kernel,
    move_rows,
    shed_rows,
    split_rows,
)
from .compiled_cells import diffuse, metabolise


@kernel
def cells_and_biomass_people(f, i, page, count, cost, length, width, n_guilds, cell, key, biomass):
    """``compiled.cells_and_biomass`` per person (resistance cost cost[p]): cell and key per row (in the rows' page), biomass[p]."""
    for p in range(count.size):
        s, m = p * page, count[p]
        b = biomass[p].reshape(n_guilds * length * width)
        b[:] = 0.0
        cells_and_biomass_into(f[ROW_X, s:s + m], i[ROW_Y, s:s + m], i[ROW_GUILD, s:s + m], f[ROW_CFU, s:s + m], f[ROW_GROWTH, s:s + m],
                               f[ROW_RES, s:s + m], cost[p], length, width, cell[s:s + m], key[s:s + m], b)


@kernel
def metabolise_people(conc, s0, s1, f_o2, f_lac, f_but, f_abx, biomass, prm, dt_h, growth_max, death_per_h,
                      antibiotic_kill, preference, o2_sensitivity, weights, patho, bact, but, lab_lo, lab_hi,
                      growth, death, abx_death, uptake, made, weighted, any_abx):
    """``compiled_cells.metabolise`` per person on conc[p] (fields, cells); any_abx[p] as it returns."""
    for p in range(conc.shape[0]):
        any_abx[p] = metabolise(conc[p, s0:s1], conc[p, f_o2], conc[p, f_lac], conc[p, f_but], conc[p, f_abx], biomass[p],
                                prm[p], dt_h, growth_max[p], death_per_h[p], antibiotic_kill[p], preference, o2_sensitivity,
                                weights[p], patho, bact, but, lab_lo, lab_hi, growth[p], death[p], abx_death[p], uptake[p],
                                made[p], weighted[p])


@kernel
def colony_rates_people(key, growth, death, abx_death, any_abx, f, i, page, count, offset, culled_guild, cull_per_h,
                        dt_h, growth_kept, spared, rate, rate_resistant):
    """``compiled.colony_rates`` per person, packed: person p's rows at rate[offset[p]:offset[p] + count[p]]
    (their resistant parts' likewise in ``rate_resistant``)."""
    for p in range(count.size):
        s, m, o = p * page, count[p], offset[p]
        a = abx_death[p] if any_abx[p] else death[p]
        colony_rates_into(key[s:s + m], growth[p].ravel(), death[p].ravel(), a.ravel(), any_abx[p], f[ROW_GROWTH, s:s + m],
                          i[ROW_GUILD, s:s + m], i[ROW_Y, s:s + m], culled_guild, cull_per_h[p], dt_h, growth_kept[p], spared,
                          rate[o:o + m], rate_resistant[o:o + m])


@kernel
def grow_transfer_people(f, b, page, count, offset, factor, factor_resistant, cell, n_cells, transfer, per_cfu, min_cfu, exposure,
                         carriers, moved, n_small, small_strain):
    """Per person: ``compiled.grow_parts`` (packed factors, ``colony_rates_people``'s layout); where transfer[p],
    ``compiled.resistance_contacts`` (exposure per row in its page, carriers[p]) and, if carriers[p] > 0,
    ``compiled.receive_resistance`` at per_cfu[p] (moved[p], else 0); and ``compiled.count_below`` (n_small[p]
    rows below min_cfu[p], their strain tags at small_strain[p * page:], in row order: ``cohort_draws.survive_draws``
    draws for them). Three passes over the rows where there were four, each row's operations those of the
    four kernels in their order: the contacts' sums read the CFU and share growth has just written, the count
    reads the CFU (a transfer changes shares only)."""
    per_cell = np.empty(n_cells)
    for p in range(count.size):
        s, m, o = p * page, count[p], offset[p]
        cfu, share, growth_mult = f[ROW_CFU, s:s + m], f[ROW_RES, s:s + m], f[ROW_GROWTH, s:s + m]
        a, a_res, c, e, low = factor[o:o + m], factor_resistant[o:o + m], cell[s:s + m], exposure[s:s + m], min_cfu[p]
        strain, tags = b[ROW_PROBIOTIC, s:s + m], small_strain[s:s + m]
        if transfer[p]:
            per_cell[:] = 0.0
        held = moved[p] = 0.0
        small = 0
        for r in range(m):  # growth (grow_parts), then this row's resistant CFU added to its cell (resistance_contacts)
            v = share[r]
            sus = cfu[r] * (1.0 - v) * a[r]
            res = cfu[r] * v * a_res[r]
            total = sus + res
            cfu[r] = total
            if total > 0.0:
                share[r] = res / total
            if cfu[r] < low:
                tags[small] = strain[r]
                small += 1
            if transfer[p]:
                w = cfu[r] * share[r] if growth_mult[r] > 0.0 else 0.0
                per_cell[c[r]] += w  # in row order, as np.bincount adds
                held += w
        carriers[p] = held
        n_small[p] = small
        if not transfer[p]:
            continue
        for r in range(m):
            v = per_cell[c[r]] - cfu[r] * share[r]
            e[r] = v if (v > 0.0 and growth_mult[r] > 0.0) else 0.0
        if held > 0.0:
            q, got = per_cfu[p], 0.0
            for r in range(m):
                x = min(q * e[r], 1.0)
                gain = (1.0 - share[r]) * x
                share[r] += gain
                got += gain * cfu[r]
            moved[p] = got


@kernel
def compact_people(f, i, b, page, count, min_cfu, u, threshold, big, n_big):
    """``colonies.lift_or_drop`` per person (person p's uniforms at u[p * page:], one per row below min_cfu[p]),
    kept rows in order (``ColonyTable.keep``; updates count), and ``compiled.big_rows`` of the kept rows (cfu >=
    threshold[p], at their rows after the compaction) into big[p, :n_big[p]], found in lift_or_drop's pass."""
    keep = np.empty(page, np.uint8)
    for p in range(count.size):
        s, m, low, top = p * page, count[p], min_cfu[p], threshold[p]
        cfu, uu, rows = f[ROW_CFU, s:s + m], u[s:s + page], big[p]
        j = k = dropped = 0
        for r in range(m):  # compiled.lift_or_drop; a kept row's place after the compaction: r - the rows dropped before it
            kept = 1
            if cfu[r] < low:
                if uu[j] * low < cfu[r]:
                    cfu[r] = low
                else:
                    kept = 0
                j += 1
            keep[r] = kept
            dropped += 1 - kept
            if kept and cfu[r] >= top:
                rows[k] = r - dropped
                k += 1
        n_big[p] = k
        count[p] = compact_blocks(f[:, s:s + page], i[:, s:s + page], b[:, s:s + page], m, keep[:m])


@kernel
def split_rows_people(f, i, b, page, count, big, n_big, step, width, threshold):
    """One round of ``compiled.split_rows`` for every person with big rows; updates count, big and n_big."""
    for p in range(count.size):
        k = n_big[p]
        if k == 0:
            continue
        s = p * page
        still = split_rows(f[:, s:s + page], i[:, s:s + page], b[:, s:s + page], count[p], big[p, :k], step[p, :k], width,
                           threshold[p])
        count[p] += k
        big[p, :still.size] = still
        n_big[p] = still.size


@kernel
def move_rows_people(f, i, b, page, count, bits, normal, mixing_sd, flow_cells, row_steps, reflect, top):
    """``compiled.move_rows`` per person with their bits[p], mixing, flow and row-step table."""
    for p in range(count.size):
        s, m = p * page, count[p]
        move_rows(f[ROW_X, s:s + m], i[ROW_Y, s:s + m], b[ROW_ADHERED, s:s + m], bits[p, :, :m], normal, mixing_sd[p], flow_cells[p],
                  row_steps[p], reflect, top)


@kernel
def caecum_rows_people(f, b, page, count, caecum_cells, rows, n_rows):
    """``colonies.caecum_rows`` per person: the free resident colonies with x < caecum_cells[p] (none when
    caecum_cells[p] <= 1), their rows within the page at rows[p * page:p * page + n_rows[p]] (administered
    strains are stirred from their own stream: ``strain_streams.cohort_move_draws``)."""
    for p in range(count.size):
        s, k, c = p * page, 0, caecum_cells[p]
        if c > 1:
            x, adhered, strain, out = f[ROW_X, s:s + count[p]], b[ROW_ADHERED, s:s + count[p]], b[ROW_PROBIOTIC, s:s + count[p]], rows[s:s + page]
            for r in range(np.uintp(count[p])):  # branch-free: write every row, advance past the stirred ones
                out[k] = r
                k += (x[r] < c) & (not adhered[r]) & (not strain[r])
        n_rows[p] = k


@kernel
def stir_caecum_people(f, i, page, rows, n_rows, offset, u, caecum_cells, flow_cells, leave):
    """``colonies.stir_caecum`` per person on the rows of ``caecum_rows_people``: who leaves by systematic
    sampling over the rows ordered by taxon (stable) from the offset[p], then their uniforms
    u[p * page:p * page + n_rows[p]] place them; leave[p] = ``colonies.caecum_leave_share`` (same arithmetic)."""
    size = 0
    for p in range(n_rows.size):
        size = max(size, n_rows[p])
    order, out = np.empty(size, np.intp), np.empty(size, np.bool_)
    for p in range(n_rows.size):
        s, m, k, fc, lv = p * page, n_rows[p], float(caecum_cells[p]), flow_cells[p], leave[p]
        if m == 0:
            continue
        sel = rows[s:s + m]
        stable_order_by_taxon(i[ROW_TAXON, s:s + page], sel, order)
        for j in range(m):
            out[order[j]] = np.floor(float(j + 1) * lv + offset[p]) > np.floor(float(j) * lv + offset[p])
        for j in range(m):
            v = u[s + j]
            f[ROW_X, s + sel[j]] = k + fc * v if out[j] else k * v


@kernel
def stable_order_by_taxon(taxon, sel, order):
    """order[:sel.size]: the positions j of ``sel`` ordered by taxon[sel[j]], ties in position order: the order
    np.argsort(taxon[sel], kind="mergesort") gives (a counting sort: taxa are small non-negative labels)."""
    m, top = sel.size, 0
    for j in range(m):
        top = max(top, taxon[sel[j]])
    start = np.zeros(top + 2, np.intp)
    for j in range(m):
        start[taxon[sel[j]] + 1] += 1
    for t in range(top + 1):
        start[t + 1] += start[t]
    for j in range(m):
        t = taxon[sel[j]]
        order[start[t]] = j
        start[t] += 1


@kernel
def adhere_people(f, i, b, page, count, u, adhesion, detach_resident, detach_probiotic, sites, length, min_cfu, cut_rows,
                  cut_cfu, n_cut):
    """``compiled.adhere_and_detach`` per person (u in the rows' page; ``sites[p]``: adhesion room per column, CFU;
    the rows cut and the CFU they shed into cut_rows[p, :n_cut[p]], cut_cfu[p, :n_cut[p]])."""
    for p in range(count.size):
        s, m = p * page, count[p]
        n_cut[p] = adhere_and_detach(f[ROW_X, s:s + m], i[ROW_Y, s:s + m], i[ROW_GUILD, s:s + m], b[ROW_ADHERED, s:s + m],
                                     b[ROW_PROBIOTIC, s:s + m], f[ROW_CFU, s:s + m], u[s:s + m], adhesion[p], detach_resident[p],
                                     detach_probiotic[p], sites[p], length, min_cfu[p], cut_rows[p],
                                     cut_cfu[p])


@kernel
def shed_people(f, i, b, page, count, cut_rows, cut_cfu, n_cut):
    """``compiled.shed_rows`` per person (the daughters of ``adhere_people``'s cut rows); updates count."""
    for p in range(count.size):
        k = n_cut[p]
        if k:
            s = p * page
            shed_rows(f[:, s:s + page], i[:, s:s + page], b[:, s:s + page], count[p], cut_rows[p, :k], cut_cfu[p, :k])
            count[p] += k


@kernel
def append_seeded_people(f, i, b, page, count, x, taxon, first, n_new, cfu, taxa_per_guild, shares):
    """``compiled.append_seeded`` per person: x[first[p]:first[p] + n_new[p]] (taxa and shares' columns likewise); updates count."""
    for p in range(count.size):
        k = n_new[p]
        if k == 0:
            continue
        s, o = p * page, first[p]
        append_seeded(f[:, s:s + page], i[:, s:s + page], b[:, s:s + page], count[p], x[o:o + k], taxon[o:o + k], cfu[p],
                      taxa_per_guild, shares[:, o:o + k])
        count[p] += k


@kernel
def diffuse_people(conc, lap, rate):
    """``compiled_cells.diffuse`` on each person's fields conc[p] (field, x, y) at their rate; ``lap`` (field,
    x, y) is the scratch, used by each person in turn."""
    for p in range(conc.shape[0]):
        diffuse(conc[p], lap, rate[p])


@kernel
def shift_fields_people(conc, shifts):
    """``lumen.shift_fields`` per person: conc[p] (field, x, y) moved shifts[p] (<= length) cells toward the exit."""
    n, n_fields, length, width = conc.shape
    flat = conc.reshape(n, n_fields, length * width)  # a field's columns are contiguous: a shift moves one block
    size = length * width
    kept = np.empty(size)  # the block that stays, copied out and back (two plain copies: they vectorise)
    for p in range(n):
        d = shifts[p] * width
        if d == 0:
            continue
        for f in range(n_fields):
            c = flat[p, f]
            kept[:size - d] = c[:size - d]
            c[d:] = kept[:size - d]
            c[:d] = 0.0


@kernel
def translocation_rates_people(f, i, b, page, count, active, fail, length, per_cfu, dt_h, cleared, rate, probiotic, start,
                               n_rate):
    """``AgentGut.translocation``'s expected crossings per row for the people ``active``: per_cfu x cfu x
    fail[column] x (row <= 1) x dt_h x (1 - cleared), in that order; only the rows whose rate is not 0 (numpy's
    Poisson sampler draws nothing for a zero rate), packed person after person: person p's at
    rate[start[p]:start[p] + n_rate[p]], in row order, with each row's probiotic tag in ``probiotic``."""
    o = 0
    for p in range(count.size):
        start[p] = o
        if active[p]:
            s = p * page
            for r in range(s, s + count[p]):
                col = min(int(f[ROW_X, r]), length - 1)
                near = 1.0 if i[ROW_Y, r] <= 1 else 0.0
                v = per_cfu[p] * f[ROW_CFU, r] * fail[p, col] * near * dt_h * (1.0 - cleared[p])
                rate[o] = v  # branch-free: written always, kept (o advanced) where v != 0
                probiotic[o] = b[ROW_PROBIOTIC, r]
                o += v != 0.0
        n_rate[p] = o - start[p]


@kernel
def crossings_people(hits, probiotic, start, n_rate, events, probiotic_events):
    """Each person's crossings (the sum of their packed Poisson draws) and those of administered strains."""
    for p in range(start.size):
        events[p] = probiotic_events[p] = 0
        for j in range(start[p], start[p] + n_rate[p]):
            events[p] += hits[j]
            if probiotic[j]:
                probiotic_events[p] += hits[j]


@kernel
def strain_places_people(f, b, page, count, length, held, has_probiotic):
    """``AgentGut.strain_occupancy``'s CFU per column for everyone: held[p, column] = the CFU of p's adhered
    administered strains there, added in row order (as np.bincount); has_probiotic[p]: p has any administered strain."""
    for p in range(count.size):
        held[p] = 0.0
        has_probiotic[p] = False
        s = p * page
        for r in range(s, s + count[p]):
            if b[ROW_PROBIOTIC, r]:
                has_probiotic[p] = True
                if b[ROW_ADHERED, r]:
                    held[p, min(int(f[ROW_X, r]), length - 1)] += f[ROW_CFU, r]

