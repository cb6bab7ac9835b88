"""Compiled loops (numba) over colony rows and grid cells, where numpy's per-call overhead dominated.

Each kernel takes plain arrays and does what a sequence of numpy calls did before, with the
same floating-point operations in the same order (no fastmath, no parallel), so outputs are
bit-identical to the numpy version. Random numbers are never drawn here: callers draw them
with numpy and pass them in, so every generator sees the same calls. Transcendental
functions (exp, pow) and sums stay in numpy, whose results can differ from a loop's in the
last bit. Compiled code is cached next to this file (``__pycache__``); see docs/performance.md
for the compile and import times.
"""

from __future__ import annotations

import numba
import numpy as np


def _jit(func):
    """Compile on first call; cache the machine code next to this file or, if that is read-only,
    in the user's cache directory (numba picks). With nowhere writable numba refuses
    ``cache=True``: compile in memory then (each process pays the compile time).
    numpy's error model: x / 0 gives inf or nan as in numpy instead of raising, and without
    that check per division the compiler vectorises the loops (5x faster ``metabolise``)."""
    try:
        return numba.njit(cache=True, error_model="numpy")(func)
    except RuntimeError:
        return numba.njit(cache=False, error_model="numpy")(func)

# rows of the colony table's blocks (colonies.py): float (x, cfu, growth_mult, kill_mult),
# int (y, guild, taxon), bool (adhered, probiotic, resistant)
_X, _CFU, _GROWTH, _KILL = 0, 1, 2, 3
_Y, _GUILD, _TAXON = 0, 1, 2
_ADHERED, _PROBIOTIC, _RESISTANT = 0, 1, 2


@_jit
def _squeeze(row, keep, first, n):
    """Move the kept entries of row[first:n] down behind row[:first], in order (branch-free).
    Unsigned indices: numba then skips its negative-index check, which tripled this loop's time."""
    w = np.uintp(first)
    for r in range(np.uintp(first), np.uintp(n)):
        row[w] = row[r]
        w += np.uintp(keep[r])


@_jit
def _compact_blocks(f, i, b, n, keep):
    """Keep rows [0, n) where ``keep`` (uint8, 0/1), in order, in every block; returns the count."""
    first = 0
    while first < n and keep[first]:
        first += 1
    m = first
    for r in range(first, n):
        m += keep[r]
    if m < n:
        for k in range(f.shape[0]):
            _squeeze(f[k], keep, first, n)
        for k in range(i.shape[0]):
            _squeeze(i[k], keep, first, n)
        for k in range(b.shape[0]):
            _squeeze(b[k], keep, first, n)
    return m


@_jit
def compact(f, i, b, n, keep):
    """Drop rows [0, n) where ``keep`` is False, kept rows in order; returns the new row count."""
    return _compact_blocks(f, i, b, n, keep.view(np.uint8))


@_jit
def wash_out(f, i, b, n, length):
    """Drop rows with x >= length; returns (rows left, CFU of the rows gone, CFU of the probiotic ones)."""
    keep = np.empty(n, np.uint8)
    gone = np.empty(n)
    gone_probiotic = np.empty(n)
    k = kp = 0
    for r in range(n):
        keep[r] = f[_X, r] < length
        if keep[r] == 0:
            gone[k] = f[_CFU, r]
            k += 1
            if b[_PROBIOTIC, r]:
                gone_probiotic[kp] = f[_CFU, r]
                kp += 1
    return _compact_blocks(f, i, b, n, keep.view(np.uint8)), gone[:k], gone_probiotic[:kp]


@_jit
def cells_and_biomass(x, y, guild, cfu, growth_mult, length, width, n_guilds):
    """Flat cell index x*width + y of each row, the (guild, cell) key, and growth-weighted CFU per key."""
    n = x.size
    n_cells = length * width
    cell = np.empty(n, np.intp)
    key = np.empty(n, np.intp)
    biomass = np.zeros(n_guilds * n_cells)
    for r in range(n):
        xi = min(int(x[r]), length - 1)
        cell[r] = xi * width + y[r]
        key[r] = guild[r] * n_cells + cell[r]
        biomass[key[r]] += cfu[r] * growth_mult[r]  # in row order, as np.bincount adds
    return cell, key, biomass.reshape(n_guilds, n_cells)


@_jit
def colony_rates(key, growth, death, antibiotic_death, has_antibiotic, growth_mult, kill_mult, guild, y,
                 culled_guild, cull_per_h, dt_h):
    """Net rate x dt of each row: growth x growth_mult - death (+ the antibiotic part spared by
    resistance), minus mucosal culling of ``culled_guild`` in rows 0-1 (flat per-key tables)."""
    n = key.size
    rate = np.empty(n)
    for r in range(n):
        v = growth[key[r]] * growth_mult[r]
        v = v - death[key[r]]
        if has_antibiotic:
            v = v + antibiotic_death[key[r]] * (1.0 - kill_mult[r])
        if guild[r] == culled_guild and y[r] <= 1:
            v = v - cull_per_h
        rate[r] = v * dt_h
    return rate


@_jit
def resistance_contacts(cell, resistant, n_cells):
    """Resistant colonies sharing each row's cell (0 for carriers themselves), the largest count
    per cell, and the number of carriers."""
    per_cell = np.zeros(n_cells, np.intp)
    carriers = 0
    for r in range(cell.size):
        if resistant[r]:
            per_cell[cell[r]] += 1
            carriers += 1
    exposure = np.empty(cell.size, np.intp)
    for r in range(cell.size):
        exposure[r] = 0 if resistant[r] else per_cell[cell[r]]
    return exposure, per_cell.max(), carriers


@_jit
def receive_resistance(exposure, u, prob, resistant, growth_mult, kill_mult, growth_kept, resistant_kill_mult):
    """Rows with u < prob[exposure] get the gene (growth cost, protection); returns how many."""
    got = 0
    for r in range(exposure.size):
        if u[r] < prob[exposure[r]]:
            resistant[r] = True
            growth_mult[r] *= growth_kept
            kill_mult[r] = resistant_kill_mult
            got += 1
    return got


@_jit
def append_seeded(f, i, b, n, x, taxon, cfu, taxa_per_guild):
    """Append rows at n, n+1, ...: residents of ``taxon`` at ``x`` in row 0 with ``cfu`` each,
    free, indigenous, susceptible, full growth (the crypt reservoir's seeds)."""
    for j in range(x.size):
        r = n + j
        f[_X, r] = x[j]
        f[_CFU, r] = cfu
        f[_GROWTH, r] = 1.0
        f[_KILL, r] = 1.0
        i[_Y, r] = 0
        i[_GUILD, r] = taxon[j] // taxa_per_guild
        i[_TAXON, r] = taxon[j]
        b[_ADHERED, r] = False
        b[_PROBIOTIC, r] = False
        b[_RESISTANT, r] = False


@_jit
def big_rows(cfu, threshold):
    """Rows with cfu >= threshold, in order."""
    out = np.empty(cfu.size, np.intp)
    k = 0
    for r in range(cfu.size):
        if cfu[r] >= threshold:
            out[k] = r
            k += 1
    return out[:k]


@_jit
def split_rows(f, i, b, n, big, step, width, threshold):
    """Halve rows ``big`` and append their daughters at n, n+1, ... (a row step away, or row 1 if
    the parent adhered; never adhered); returns the rows still >= threshold (parents, then daughters)."""
    k = big.size
    for j in range(k):
        f[_CFU, big[j]] *= 0.5
    for c in range(f.shape[0]):
        for j in range(k):
            f[c, n + j] = f[c, big[j]]
    for c in range(i.shape[0]):
        for j in range(k):
            i[c, n + j] = i[c, big[j]]
    for c in range(b.shape[0]):
        for j in range(k):
            b[c, n + j] = b[c, big[j]]
    for j in range(k):
        moved = min(i[_Y, n + j] + step[j], width - 1)
        moved = max(moved, 0)
        i[_Y, n + j] = 1 if b[_ADHERED, n + j] else moved
        b[_ADHERED, n + j] = False
    still = np.empty(2 * k, np.intp)
    s = 0
    for j in range(k):
        if f[_CFU, big[j]] >= threshold:
            still[s] = big[j]
            s += 1
    for j in range(k):
        if f[_CFU, big[j]] >= threshold:
            still[s] = n + j
            s += 1
    return still[:s]


@_jit
def move_rows(x, y, adhered, bits, normal, mixing_sd, flow_cells, row_steps, reflect, top):
    """Free rows drift by flow + mixing_sd x normal[bits[0]] (x kept >= 0) and step
    row_steps[bits[1]] across, reflected by ``reflect`` (offset ``top``); adhered rows stay."""
    for r in range(x.size):
        free = 0.0 if adhered[r] else 1.0
        dx = normal[bits[0, r]] * mixing_sd
        dx = dx + flow_cells
        v = x[r] + dx * free
        x[r] = v if (v >= 0.0 or np.isnan(v)) else 0.0  # as np.maximum(v, 0.0)
        s = 0 if adhered[r] else row_steps[bits[1, r]]
        s = max(min(s + y[r], top), -top)
        y[r] = reflect[s + top]


@_jit
def adhere_and_detach(x, y, guild, adhered, probiotic, u, adhesion, detach_resident, detach_probiotic,
                      sites_per_column, length):
    """Adhered rows let go where u < their detach probability; rows at the mucosa (y == 0) that
    were not adhered stick where u < adhesion[guild]: administered strains always, residents only
    into their column's free sites, lowest u first (ties by row order)."""
    n = x.size
    was_adhered = adhered.copy()
    occupied = np.zeros(length, np.intp)
    for r in range(n):
        if was_adhered[r]:
            if u[r] < (detach_probiotic if probiotic[r] else detach_resident):
                adhered[r] = False
            elif not probiotic[r]:
                occupied[min(int(x[r]), length - 1)] += 1
    # resident candidates grouped by column (stable counting sort: row order within a column)
    per_column = np.zeros(length + 1, np.intp)
    cand = np.empty(n, np.intp)
    k = 0
    for r in range(n):
        if y[r] == 0 and not was_adhered[r] and u[r] < adhesion[guild[r]]:
            if probiotic[r]:
                adhered[r] = True
            else:
                cand[k] = r
                k += 1
                per_column[min(int(x[r]), length - 1) + 1] += 1
    if k == 0:
        return
    for col in range(length):
        per_column[col + 1] += per_column[col]
    fill = per_column[:length].copy()
    by_column = np.empty(k, np.intp)
    for j in range(k):
        r = cand[j]
        col = min(int(x[r]), length - 1)
        by_column[fill[col]] = r
        fill[col] += 1
    for col in range(length):
        lo, hi = per_column[col], per_column[col + 1]
        free = max(sites_per_column - occupied[col], 0)
        if free == 0 or hi == lo:
            continue
        rows = by_column[lo:hi]
        if hi - lo > free:
            rows = rows[np.argsort(u[rows], kind="mergesort")[:free]]  # stable: ties keep row order
        for r in rows:
            adhered[r] = True


@_jit
def diffuse(conc, lap, rate):
    """Explicit 5-point diffusion with no-flux walls on conc[field, x, y], in place (``lap`` is scratch)."""
    n_fields, length, width = conc.shape
    for f in range(n_fields):
        for x in range(length):
            for y in range(width):
                v = conc[f, x + 1, y] - conc[f, x, y] if x < length - 1 else 0.0
                if x > 0:
                    v -= conc[f, x, y] - conc[f, x - 1, y]
                if y < width - 1:
                    v += conc[f, x, y + 1] - conc[f, x, y]
                if y > 0:
                    v -= conc[f, x, y] - conc[f, x, y - 1]
                lap[f, x, y] = v * rate
    for f in range(n_fields):
        for x in range(length):
            for y in range(width):
                conc[f, x, y] += lap[f, x, y]


# rows of ``metabolise``'s per-place parameter table (kinetics.py packs it in this order)
(P_MONOD_CARB, P_MONOD_LACTATE, P_O2_HALF, P_O2_BOOST, P_ACID_LACTATE, P_ACID_BACTEROIDES, P_YIELD, P_PHAGE,
 P_LACTATE_PER_HEXOSE, P_FIBRE_TO_BUTYRATE, P_LACTATE_TO_BUTYRATE, P_GABA, P_VOLUME, P_REFERENCE) = range(14)


@_jit
def _at_least(v, low):
    return v if (v >= low or np.isnan(v)) else low  # as np.maximum(v, low)


@_jit
def _at_most_one(v):
    return 1.0 if 1.0 <= v else v  # as np.minimum(1.0, v)


@_jit
def metabolise(subs, oxygen, lactate, butyrate, abx, biomass, prm, dt_h, growth_max, death_per_h, antibiotic_kill,
               preference, o2_sensitivity, weights, patho, bact, but, lab_lo, lab_hi, growth, death, abx_death,
               uptake, made, weighted):
    """kinetics.metabolise (see its docstring for the rules); returns whether any antibiotic is
    present. Each stage loops over places innermost (the compiler vectorises those loops, which
    does not change any element's operations); sums over guilds or substrates run in index order,
    from 0.0 for the guild sums (as numpy's einsum) and from the first term for the substrate
    sums (as add.reduce), which is what numpy does on these shapes (tests/test_compiled.py)."""
    G, S = preference.shape
    nc = S - 1  # substrates: the carbohydrates, then lactate
    P = subs.shape[1]
    any_abx = False
    for q in range(P):
        if abx[q] != 0.0:
            any_abx = True
            break
    sat = np.empty((S, P))
    mu = np.empty((G, S, P))
    limit = np.empty((S, P))
    o2 = np.empty(P)
    a0 = np.empty(P)
    a1 = np.empty(P)
    acc = np.empty(P)
    for s in range(S):
        k = P_MONOD_CARB if s < nc else P_MONOD_LACTATE
        for q in range(P):
            sat[s, q] = subs[s, q] / (subs[s, q] + prm[k, q])
    for q in range(P):
        o2[q] = oxygen[q] / (prm[P_O2_HALF, q] + oxygen[q])
        x = lactate[q] / prm[P_ACID_LACTATE, q]
        y = (lactate[q] + butyrate[q]) / prm[P_ACID_BACTEROIDES, q]
        a0[q] = 1.0 / (x * x + 1.0)
        a1[q] = 1.0 / (y * y + 1.0)
    for g in range(G):
        for s in range(S):
            c = growth_max[g] * preference[g, s]
            for q in range(P):
                mu[g, s, q] = c * sat[s, q]
        for q in range(P):
            acc[q] = mu[g, 0, q]
        for s in range(1, S):
            for q in range(P):
                acc[q] = acc[q] + mu[g, s, q]
        for q in range(P):
            o2f = 1.0 - o2_sensitivity[g] * o2[q]
            if g == patho:
                o2f = o2f + prm[P_O2_BOOST, q] * o2[q]
            f = _at_most_one(growth_max[g] / _at_least(acc[q], 1e-12)) * o2f
            if g == patho:
                f = f * (1.0 - (1.0 - a0[q]))
            if g == bact:
                f = f * a1[q]
            acc[q] = f
        for s in range(S):
            for q in range(P):
                mu[g, s, q] = mu[g, s, q] * acc[q]
    for s in range(S):
        for q in range(P):
            acc[q] = 0.0
        for g in range(G):
            for q in range(P):
                acc[q] = acc[q] + mu[g, s, q] * biomass[g, q]
        for q in range(P):
            d = acc[q] * dt_h / prm[P_YIELD, q] / prm[P_VOLUME, q]
            limit[s, q] = _at_most_one(subs[s, q] / _at_least(d, 1e-30))
            uptake[s, q] = d * limit[s, q]
    for g in range(G):
        for s in range(S):
            for q in range(P):
                mu[g, s, q] = mu[g, s, q] * limit[s, q]
        for q in range(P):
            growth[g, q] = mu[g, 0, q]
        for s in range(1, S):
            for q in range(P):
                growth[g, q] = growth[g, q] + mu[g, s, q]
        for q in range(P):
            v = prm[P_PHAGE, q] * biomass[g, q] / prm[P_REFERENCE, q]
            if any_abx:
                ad = antibiotic_kill[g] * (0.5 * abx[q] / (1.0 + abx[q]))
                abx_death[g, q] = ad
                v = v + (death_per_h[g] + ad)
            else:
                v = v + death_per_h[g]
            death[g, q] = v
    # products: carbohydrate taken up by lactic-acid bacteria (-> lactate) and by butyrate
    # producers, and lactate taken up by butyrate producers (-> butyrate)
    for q in range(P):
        acc[q] = 0.0
    for g in range(lab_lo, lab_hi):
        for s in range(nc):
            for q in range(P):
                acc[q] = acc[q] + mu[g, s, q] * biomass[g, q]
    for q in range(P):
        made[0, q] = acc[q] * dt_h / prm[P_YIELD, q] / prm[P_VOLUME, q] * prm[P_LACTATE_PER_HEXOSE, q]
        acc[q] = 0.0
    for s in range(nc):
        for q in range(P):
            acc[q] = acc[q] + mu[but, s, q] * biomass[but, q]
    for q in range(P):
        m1 = acc[q] * dt_h / prm[P_YIELD, q] / prm[P_VOLUME, q]
        m2 = mu[but, nc, q] * biomass[but, q] * dt_h / prm[P_YIELD, q] / prm[P_VOLUME, q]
        made[1, q] = m1 * prm[P_FIBRE_TO_BUTYRATE, q] + m2 * prm[P_LACTATE_TO_BUTYRATE, q]
    # guild-weighted biomass: LPS release, facultative (oxygen-using) guilds, lactic-acid bacteria
    for k in range(3):
        for q in range(P):
            weighted[k, q] = 0.0
        for g in range(G):
            for q in range(P):
                weighted[k, q] = weighted[k, q] + weights[k, g] * biomass[g, q]
    for q in range(P):
        made[2, q] = weighted[0, q] / 1e12 * dt_h / (prm[P_VOLUME, q] * 1000.0)  # LPS
        made[3, q] = prm[P_GABA, q] * weighted[2, q] * dt_h  # GABA
    return any_abx
