"""Compiled loops (numba) over colony rows, where numpy's per-call overhead dominated (grid cells: compiled_cells.py).

Each kernel takes plain arrays and does what a sequence of numpy calls did before, with the
same floating-point operations in the same order (no fastmath, no parallel), so outputs are
bit-identical to the numpy version. Random numbers are never drawn here: callers draw them
with numpy and pass them in, so every generator sees the same calls. Transcendental
functions (exp, pow) and sums stay in numpy, whose results can differ from a loop's in the
last bit. Compiled code is cached next to this file (``__pycache__``); see docs/performance.md
for the compile and import times.
"""

from __future__ import annotations

import numpy as np

from .jit import kernel
from .squeeze import squeeze_rows

# rows of the colony table's blocks (colonies.py): float (x, cfu, growth_mult, resistant_share),
# int (y, guild, taxon), bool (adhered, probiotic)
ROW_X, ROW_CFU, ROW_GROWTH, ROW_RES = 0, 1, 2, 3
ROW_Y, ROW_GUILD, ROW_TAXON = 0, 1, 2
ROW_ADHERED, ROW_PROBIOTIC = 0, 1
ROW_SHARE0 = 4  # float rows 4.. : the colony's taxon shares (colonies.SHARE_COLUMNS)


@kernel
def compact_blocks(f, i, b, n, keep):
    """Keep rows [0, n) where ``keep`` (uint8, 0/1), in order, in every block; returns the count."""
    first = 0
    while first < n and keep[first]:
        first += 1
    m = first
    for r in range(first, n):
        m += keep[r]
    if m < n:
        squeeze_rows(f, i, b, keep, first, n)
    return m


@kernel
def compact(f, i, b, n, keep):
    """Drop rows [0, n) where ``keep`` is False, kept rows in order; returns the new row count."""
    return compact_blocks(f, i, b, n, keep.view(np.uint8))


@kernel
def count_below(cfu, min_cfu):
    """Rows with cfu < min_cfu."""
    k = 0
    for r in range(cfu.size):
        k += cfu[r] < min_cfu
    return k


@kernel
def lift_or_drop(cfu, min_cfu, u, keep):
    """The j-th row (in row order) below min_cfu is lifted to min_cfu where u[j] x min_cfu < its CFU (a
    chance CFU / min_cfu: expected CFU kept), else dropped (keep 0); the other rows are kept (keep 1)."""
    j = 0
    for r in range(cfu.size):
        k = 1
        if cfu[r] < min_cfu:
            if u[j] * min_cfu < cfu[r]:
                cfu[r] = min_cfu
            else:
                k = 0
            j += 1
        keep[r] = k


@kernel
def wash_out(f, i, b, n, length):
    """Drop rows with x >= length; returns (rows left, CFU of the rows gone, CFU of the probiotic ones)."""
    keep = np.empty(n, np.uint8)
    gone = np.empty(n)
    gone_probiotic = np.empty(n)
    k = kp = 0
    for r in range(n):
        keep[r] = f[ROW_X, r] < length
        if keep[r] == 0:
            gone[k] = f[ROW_CFU, r]
            k += 1
            if b[ROW_PROBIOTIC, r]:
                gone_probiotic[kp] = f[ROW_CFU, r]
                kp += 1
    return compact_blocks(f, i, b, n, keep.view(np.uint8)), gone[:k], gone_probiotic[:kp]


@kernel
def cells_and_biomass_into(x, y, guild, cfu, growth_mult, resistant_share, cost, length, width, cell, key, biomass):
    """``cells_and_biomass`` into given arrays: cell and key per row, biomass (flat, zeroed by the caller) += CFU."""
    n_cells = length * width
    for r in range(x.size):
        xi = min(int(x[r]), length - 1)
        c = xi * width + y[r]
        k = guild[r] * n_cells + c
        cell[r] = c
        key[r] = k
        biomass[k] += cfu[r] * growth_mult[r] * (1.0 - cost * resistant_share[r])  # in row order, as np.bincount adds


@kernel
def cells_and_biomass(x, y, guild, cfu, growth_mult, resistant_share, cost, length, width, n_guilds):
    """Flat cell index x*width + y of each row, the (guild, cell) key, and growth-weighted CFU per key
    (the resistant share grows x (1 - ``cost``), as MixedGut weighs res[resistant])."""
    n = x.size
    n_cells = length * width
    cell = np.empty(n, np.intp)
    key = np.empty(n, np.intp)
    biomass = np.zeros(n_guilds * n_cells)
    cells_and_biomass_into(x, y, guild, cfu, growth_mult, resistant_share, cost, length, width, cell, key, biomass)
    return cell, key, biomass.reshape(n_guilds, n_cells)


@kernel
def colony_rates_into(key, growth, death, antibiotic_death, has_antibiotic, growth_mult, guild, y, culled_guild, cull_per_h,
                      dt_h, growth_kept, spared, rate, rate_resistant):
    """``colony_rates`` into ``rate`` (susceptible part) and ``rate_resistant``."""
    for r in range(key.size):
        k = key[r]
        g = growth[k] * growth_mult[r]
        v = g - death[k]
        w = g * growth_kept - death[k]
        if has_antibiotic:
            w = w + antibiotic_death[k] * spared
        if guild[r] == culled_guild and y[r] <= 1:
            v = v - cull_per_h
            w = w - cull_per_h
        rate[r] = v * dt_h
        rate_resistant[r] = w * dt_h


@kernel
def colony_rates(key, growth, death, antibiotic_death, has_antibiotic, growth_mult, guild, y, culled_guild, cull_per_h, dt_h,
                 growth_kept, spared):
    """Net rate x dt of each row's susceptible and resistant parts: growth x growth_mult (x ``growth_kept``
    for the resistant part) - death (+ ``spared`` x the antibiotic's kill for the resistant part), minus
    mucosal culling of ``culled_guild`` in rows 0-1 (flat per-key tables)."""
    rate = np.empty(key.size)
    rate_resistant = np.empty(key.size)
    colony_rates_into(key, growth, death, antibiotic_death, has_antibiotic, growth_mult, guild, y, culled_guild, cull_per_h,
                      dt_h, growth_kept, spared, rate, rate_resistant)
    return rate, rate_resistant


@kernel
def grow_parts(cfu, resistant_share, factor, factor_resistant):
    """Each row's susceptible CFU x ``factor`` and resistant CFU x ``factor_resistant``: the new CFU and resistant share."""
    for r in range(cfu.size):
        s = resistant_share[r]
        sus = cfu[r] * (1.0 - s) * factor[r]
        res = cfu[r] * s * factor_resistant[r]
        total = sus + res
        cfu[r] = total
        if total > 0.0:
            resistant_share[r] = res / total


@kernel
def resistance_contacts_into(cell, cfu, resistant_share, growth_mult, per_cell, exposure):
    """``resistance_contacts`` into ``exposure`` with ``per_cell`` (zeroed by the caller) as scratch;
    returns the resistant CFU of all rows. A row that cannot grow (growth_mult 0: an administered strain
    with ``probiotic_growth_factor`` 0, inert) neither gives nor receives the gene: exposure 0, no CFU given."""
    carriers = 0.0
    for r in range(cell.size):
        w = cfu[r] * resistant_share[r] if growth_mult[r] > 0.0 else 0.0
        per_cell[cell[r]] += w  # in row order, as np.bincount adds
        carriers += w
    for r in range(cell.size):
        v = per_cell[cell[r]] - cfu[r] * resistant_share[r]
        exposure[r] = v if (v > 0.0 and growth_mult[r] > 0.0) else 0.0
    return carriers


@kernel
def resistance_contacts(cell, cfu, resistant_share, growth_mult, n_cells):
    """Resistant CFU of the other colonies in each row's cell, and the resistant CFU of all rows (inert rows apart)."""
    exposure = np.empty(cell.size)
    carriers = resistance_contacts_into(cell, cfu, resistant_share, growth_mult, np.zeros(n_cells), exposure)
    return exposure, carriers


@kernel
def receive_resistance(exposure, resistant_share, cfu, per_cfu):
    """Each row's susceptible share gains min(per_cfu x exposure, 1) of itself (conjugation from the
    resistant CFU around it); returns the CFU that received the gene."""
    moved = 0.0
    for r in range(exposure.size):
        x = min(per_cfu * exposure[r], 1.0)
        gain = (1.0 - resistant_share[r]) * x
        resistant_share[r] += gain
        moved += gain * cfu[r]
    return moved


@kernel
def append_seeded(f, i, b, n, x, taxon, cfu, taxa_per_guild, shares):
    """Append rows at n, n+1, ...: residents labelled ``taxon`` at ``x`` in row 0 with ``cfu`` each,
    taxon shares ``shares[:, j]``, free, indigenous, susceptible, full growth (the crypt reservoir's seeds)."""
    for j in range(x.size):
        r = n + j
        f[ROW_X, r] = x[j]
        f[ROW_CFU, r] = cfu
        f[ROW_GROWTH, r] = 1.0
        f[ROW_RES, r] = 0.0
        for k in range(taxa_per_guild):
            f[ROW_SHARE0 + k, r] = shares[k, j]
        i[ROW_Y, r] = 0
        i[ROW_GUILD, r] = taxon[j] // taxa_per_guild
        i[ROW_TAXON, r] = taxon[j]
        b[ROW_ADHERED, r] = False
        b[ROW_PROBIOTIC, r] = False


@kernel
def big_rows(cfu, threshold):
    """Rows with cfu >= threshold, in order."""
    out = np.empty(cfu.size, np.intp)
    k = 0
    for r in range(cfu.size):
        if cfu[r] >= threshold:
            out[k] = r
            k += 1
    return out[:k]


@kernel
def split_rows(f, i, b, n, big, step, width, threshold):
    """Halve rows ``big`` and append their daughters at n, n+1, ... (a row step away; an adhered parent's
    daughter stays adhered beside it); returns the rows still >= threshold (parents, then daughters)."""
    k = big.size
    for j in range(k):
        f[ROW_CFU, big[j]] *= 0.5
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
        moved = min(i[ROW_Y, n + j] + step[j], width - 1)
        moved = max(moved, 0)
        if not b[ROW_ADHERED, n + j]:  # an adhered colony's daughter stays beside it, adhered (adhere_and_detach then
            i[ROW_Y, n + j] = moved  # sheds the CFU beyond the column's room, as the well-mixed gut sheds adhered growth)
    still = np.empty(2 * k, np.intp)
    s = 0
    for j in range(k):
        if f[ROW_CFU, big[j]] >= threshold:
            still[s] = big[j]
            s += 1
    for j in range(k):
        if f[ROW_CFU, big[j]] >= threshold:
            still[s] = n + j
            s += 1
    return still[:s]


@kernel
def shed_rows(f, i, b, n, rows, cfu):
    """Append a free daughter of each adhered row ``rows[j]`` holding ``cfu[j]`` (already taken off the
    parent) at n + j, in row 1, not adhered (the CFU of a column beyond its room, adhere_and_detach)."""
    for j in range(rows.size):
        for c in range(f.shape[0]):
            f[c, n + j] = f[c, rows[j]]
        for c in range(i.shape[0]):
            i[c, n + j] = i[c, rows[j]]
        for c in range(b.shape[0]):
            b[c, n + j] = b[c, rows[j]]
        f[ROW_CFU, n + j] = cfu[j]
        i[ROW_Y, n + j] = 1
        b[ROW_ADHERED, n + j] = False


@kernel
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


@kernel
def sort_by_u(rows, u):
    """Sort ``rows`` in place by u[row], stably (ties keep their order): the order of
    rows[np.argsort(u[rows], kind="mergesort")], by insertion for the short runs of one column (~10-30 rows;
    without the three arrays the argsort made per column: a 100-person cohort's adhesion 50 -> 40 us a person),
    by that argsort for long ones."""
    k = rows.size
    if k > 32:
        rows[:] = rows[np.argsort(u[rows], kind="mergesort")]
        return
    for j in range(1, k):
        r = rows[j]
        v = u[r]
        h = j
        while h > 0 and u[rows[h - 1]] > v:  # strictly greater: an equal u stays behind (stable)
            rows[h] = rows[h - 1]
            h -= 1
        rows[h] = r


@kernel
def adhere_and_detach(x, y, guild, adhered, probiotic, cfu, u, adhesion, detach_resident, detach_probiotic,
                      capacity_cfu, length, min_cfu, cut_rows, cut_cfu):
    """Adhered rows let go where u < their detach probability; then, column by column, adhered
    residents that stayed and grew beyond ``capacity_cfu`` of room each keep the same share of their
    CFU (one whose share would be under ``min_cfu`` lets go whole), and the excess (if at least
    ``min_cfu``) is shed as one daughter of a row drawn in proportion
    to its CFU (u of the column's first staying row, rescaled above the detach probability; the row
    into cut_rows[k], the CFU shed into cut_cfu[k]; at most one a column); then rows at the mucosa
    (y == 0) that were not adhered stick where u < adhesion[guild]: administered strains always,
    residents into the room left, lowest u first, each if at least half of it fits. Returns k, the
    number of rows cut (``rules.adhesion`` is the readable form)."""
    n = x.size
    # staying residents (kind 0) and resident candidates (kind 1) grouped by column, row order within: the rows
    # of either kind listed (``listed``, with kind x length + column in ``spot``) as the one pass over all rows finds them
    per_column = np.zeros((2, length + 1), np.intp)
    listed, spot = np.empty(n, np.intp), np.empty(n, np.intp)
    m = 0
    for r in range(n):
        j = -1
        if adhered[r]:
            if u[r] < (detach_probiotic if probiotic[r] else detach_resident):
                adhered[r] = False
            elif not probiotic[r]:
                j = 0
        elif y[r] == 0 and u[r] < adhesion[guild[r]]:
            if probiotic[r]:
                adhered[r] = True
            else:
                j = 1
        if j >= 0:
            col = min(int(x[r]), length - 1)
            per_column[j, col + 1] += 1
            listed[m] = r
            spot[m] = j * length + col
            m += 1
    for j in range(2):
        for col in range(length):
            per_column[j, col + 1] += per_column[j, col]
    fill = per_column[:, :length].copy()
    by_column = np.empty((2, m), np.intp)
    for q in range(m):
        j, col = spot[q] // length, spot[q] % length
        by_column[j, fill[j, col]] = listed[q]
        fill[j, col] += 1
    k = 0
    for col in range(length):
        held = 0.0
        for j in range(2):
            lo, hi = per_column[j, col], per_column[j, col + 1]
            if hi == lo:
                continue
            rows = by_column[j, lo:hi]
            if j == 0:  # staying residents: each sheds the same share of itself (no lottery of whole colonies)
                for r in rows:
                    held += cfu[r]
                if held - capacity_cfu >= min_cfu:
                    keep = capacity_cfu / held
                    for r in rows:  # a colony whose share would be under min_cfu lets go whole instead
                        if cfu[r] * keep < min_cfu:
                            adhered[r] = False
                            held -= cfu[r]
                excess = held - capacity_cfu
                if excess >= min_cfu:
                    v = (u[rows[0]] - detach_resident) / (1.0 - detach_resident) * held
                    src, acc = -1, 0.0
                    for r in rows:
                        if adhered[r]:
                            src = r
                            acc += cfu[r]
                            if v < acc:
                                break
                    keep = capacity_cfu / held
                    for r in rows:
                        if adhered[r]:
                            cfu[r] *= keep
                    cut_rows[k] = src
                    cut_cfu[k] = excess
                    k += 1
                    held = capacity_cfu
                continue
            sort_by_u(rows, u)  # newcomers, stable: ties keep row order
            for r in rows:
                fits = held < capacity_cfu and held + 0.5 * cfu[r] <= capacity_cfu
                if fits:
                    held += cfu[r]
                adhered[r] = fits
    return k
