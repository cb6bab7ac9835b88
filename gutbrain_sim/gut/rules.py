"""The agent gut's microbial rules written as plain numpy: the readable form of each compiled kernel.

The model runs the compiled kernels (compiled.py, compiled_cells.py: numba loops, fast). This
module states the same rules in a few numpy lines each, the form to read first; the tests
(tests/test_compiled.py) check every kernel equal to its rule here, bit for bit. Nothing in the
model calls these functions.

Shapes: colony rows are 1-D arrays over colonies (``x`` column, ``y`` row of the lumen grid,
``guild``, ``cfu``...); a cell is ``x * width + y``; fields are ``conc[field, place]``.
Units as in kinetics.py: carbohydrates mM hexose, lactate and butyrate mM, LPS ug/mL, oxygen
uM, antibiotic in multiples of the MIC, biomass CFU, time h.
"""

from __future__ import annotations

import numpy as np

from .kinetics import FACULTATIVE, OXYGEN_TOLERANCE, PREFERENCE, F


def cells_and_biomass(x, y, guild, cfu, growth_mult, resistant_share, cost: float, length: int, width: int, n_guilds: int):
    """Each colony's cell (rows past the exit count in the last column), its (guild, cell) key,
    and the growth-weighted CFU of each guild in each cell, shaped (guilds, cells): a colony's
    resistant share grows x (1 - ``cost``)."""
    cell = np.minimum(x.astype(np.intp), length - 1) * width + y
    key = guild * (length * width) + cell
    biomass = np.bincount(key, weights=cfu * growth_mult * (1.0 - cost * resistant_share), minlength=n_guilds * length * width)
    return cell, key, biomass.reshape(n_guilds, length * width)


def colony_rates(key, growth, death, antibiotic_death, has_antibiotic: bool, growth_mult, guild, y, culled_guild: int,
                 cull_per_h: float, dt_h: float, growth_kept: float, spared: float):
    """Net change of log-CFU over ``dt_h`` of each colony's susceptible and resistant parts: its cell's
    growth (scaled by the colony's growth multiplier, and by ``growth_kept`` for the resistant part, the
    gene's cost) minus death, plus for the resistant part the share ``spared`` of the antibiotic's kill,
    minus mucosal culling of ``culled_guild`` near the wall (rows 0-1)."""
    g = growth[key] * growth_mult
    rate = g - death[key]
    rate_resistant = g * growth_kept - death[key]
    if has_antibiotic:
        rate_resistant += antibiotic_death[key] * spared
    culled = (guild == culled_guild) & (y <= 1)
    rate[culled] -= cull_per_h
    rate_resistant[culled] -= cull_per_h
    return rate * dt_h, rate_resistant * dt_h


def grow_parts(cfu, resistant_share, factor, factor_resistant):
    """A colony's susceptible CFU grows x ``factor``, its resistant CFU x ``factor_resistant``: returns
    the new CFU and resistant share (the share kept where nothing is left)."""
    sus = cfu * (1.0 - resistant_share) * factor
    res = cfu * resistant_share * factor_resistant
    total = sus + res
    return total, np.where(total > 0.0, res / np.where(total > 0.0, total, 1.0), resistant_share)


def lift_or_drop(cfu, min_cfu: float, u):
    """Colonies below ``min_cfu``: the j-th of them (row order) is lifted to ``min_cfu`` where ``u[j]`` x
    min_cfu < its CFU (the chance CFU / min_cfu keeps the expected CFU), else dropped. Returns (CFU, kept)."""
    small = np.flatnonzero(cfu < min_cfu)
    lifted = u[:small.size] * min_cfu < cfu[small]
    out, keep = cfu.copy(), np.ones(cfu.size, bool)
    out[small[lifted]] = min_cfu
    keep[small[~lifted]] = False
    return out, keep


def resistance_exposure(cell, cfu, resistant_share, growth_mult, n_cells: int):
    """Resistant CFU of the other colonies in each colony's cell, and the resistant CFU of all colonies; a colony
    that cannot grow (growth_mult 0) neither gives nor receives the gene."""
    active = growth_mult > 0.0
    w = np.where(active, cfu * resistant_share, 0.0)
    per_cell = np.bincount(cell, weights=w, minlength=n_cells)
    return np.where(active, np.maximum(per_cell[cell] - w, 0.0), 0.0), float(w.sum())


def receive_resistance(exposure, resistant_share, cfu, per_cfu: float):
    """Conjugation: each colony's susceptible share gains min(``per_cfu`` x resistant CFU around it, 1) of
    itself. Returns (the new resistant shares, the CFU that received the gene)."""
    gain = (1.0 - resistant_share) * np.minimum(per_cfu * exposure, 1.0)
    return resistant_share + gain, float((gain * cfu).sum())


def adhesion(x, y, guild, adhered, probiotic, cfu, u, adhesion_prob, detach, capacity_cfu: float, length: int,
             min_cfu: float = 0.0):
    """Who is adhered after one step, the colonies' CFU after it, and the rows cut with the CFU
    they shed. First adhered colonies let go where ``u`` < their detach probability (``detach`` =
    (resident, administered strain)); then, per column, the adhered residents that stayed and grew
    beyond ``capacity_cfu`` of room (CFU) each keep the same share of their CFU (room / what they hold;
    one whose share would be under ``min_cfu`` lets go whole), and the excess (if at least ``min_cfu``)
    leaves as one daughter of a colony drawn in proportion to its CFU (the ``u`` of the column's first
    staying row, in row order, rescaled above the detach probability); then free colonies at the mucosa (row 0) with ``u`` < their guild's adhesion
    probability stick: administered strains always (they bind their own receptors), residents into
    the room left, lowest ``u`` first, each if at least half of it fits."""
    out, cfu, cut = adhered.copy(), cfu.copy(), []
    stuck = np.flatnonzero(out)
    leave = u[stuck] < np.where(probiotic[stuck], detach[1], detach[0])
    out[stuck[leave]] = False
    stuck = stuck[~leave]
    cand = np.flatnonzero((y == 0) & ~adhered)
    cand = cand[u[cand] < adhesion_prob[guild[cand]]]
    out[cand[probiotic[cand]]] = True
    held = np.zeros(length)
    stay = stuck[~probiotic[stuck]]
    col = np.minimum(x[stay].astype(int), length - 1)
    for c in np.unique(col):  # staying residents: every colony sheds the same share of itself
        rows = stay[col == c]
        first, held[c] = rows[0], np.cumsum(cfu[rows])[-1]  # in row order, as the kernel adds
        if held[c] - capacity_cfu >= min_cfu:
            small = cfu[rows] * (capacity_cfu / held[c]) < min_cfu  # its share would be dust: it lets go whole
            out[rows[small]] = False
            for r in rows[small]:
                held[c] -= cfu[r]
            rows = rows[~small]
        if rows.size and held[c] - capacity_cfu >= min_cfu:
            acc = np.cumsum(cfu[rows])
            v = (u[first] - detach[0]) / (1.0 - detach[0]) * held[c]
            cut.append((rows[min(int(np.searchsorted(acc, v, side="right")), rows.size - 1)], held[c] - capacity_cfu))
            cfu[rows] *= capacity_cfu / held[c]
            held[c] = capacity_cfu
    rows = cand[~probiotic[cand]]
    col = np.minimum(x[rows].astype(int), length - 1)
    order = np.lexsort((u[rows], col))
    for r, c in zip(rows[order], col[order], strict=True):  # newcomers into the room left
        out[r] = held[c] < capacity_cfu and held[c] + 0.5 * cfu[r] <= capacity_cfu
        held[c] += cfu[r] if out[r] else 0.0
    return out, cfu, np.array([r for r, _ in cut], np.intp), np.array([v for _, v in cut], float)  # cut in column order


def diffuse(conc, rate: float):
    """One explicit five-point diffusion step on ``conc[field, x, y]`` with no-flux walls: each
    cell gains ``rate`` x (sum of its neighbours - its own value x number of neighbours)."""
    lap = np.zeros_like(conc)
    dx = conc[:, 1:, :] - conc[:, :-1, :]
    lap[:, :-1, :] = dx
    lap[:, 1:, :] -= dx
    dy = conc[:, :, 1:] - conc[:, :, :-1]
    lap[:, :, :-1] += dy
    lap[:, :, 1:] -= dy
    return conc + lap * rate


def metabolise(conc, b, volume_l, traits, p, dt_h: float, reference_cfu) -> dict:
    """Monod growth of each guild on each substrate (weighted by its preference), slowed by
    oxygen for anaerobes (faster for pathobionts), by lactate acid for pathobionts and by total
    acid for Bacteroides; uptake capped by what is there (competitors scaled down together);
    death = basal + phage lysis rising with crowding + antibiotic kill (half at 1x MIC);
    products: lactate from lactobacilli and bifidobacteria, butyrate from carbohydrate and from
    lactate (cross-feeding) by butyrate producers, LPS by each guild's LPS trait, GABA from
    lactobacilli and bifidobacteria,
    oxygen used by facultative microbes. ``b``: CFU (guilds, places); returns kinetics.Metabolism's
    fields as a dict."""
    nc = 6
    subs = conc[:7]
    sat = np.empty_like(subs)
    sat[:nc] = subs[:nc] + p.monod_k_carbohydrate_mm
    sat[nc] = subs[nc] + p.monod_k_lactate_mm
    sat = subs / sat
    oxygen = conc[F["oxygen"]]
    o2 = oxygen / (p.oxygen_half_um + oxygen)
    o2f = 1.0 - (1.0 - OXYGEN_TOLERANCE)[:, None] * o2
    o2f[4] += p.pathobiont_oxygen_boost * o2
    acid = np.stack([conc[F["lactate"]], conc[F["lactate"]] + conc[F["butyrate"]]])
    acid[0] /= p.acid_inhibition_lactate_mm
    acid[1] /= p.bacteroides_acid_half_mm
    acid = 1.0 / (acid**2 + 1.0)
    mu = (traits.growth_max_per_h[:, None] * PREFERENCE)[:, :, None] * sat[None]
    fac = np.minimum(1.0, traits.growth_max_per_h[:, None] / np.maximum(np.add.reduce(mu, axis=1), 1e-12)) * o2f
    fac[4] *= 1.0 - (1.0 - acid[0])
    fac[3] *= acid[1]
    mu *= fac[:, None, :]
    demand = np.einsum("gsp,gp->sp", mu, b) * dt_h / p.yield_cfu_per_mmol_hexose / volume_l
    limit = np.minimum(1.0, subs / np.maximum(demand, 1e-30))
    mu *= limit[None]
    death = p.phage_lysis_per_h * b / reference_cfu
    abx = conc[F["antibiotic"]]
    abx_death = traits.antibiotic_kill[:, None] * (0.5 * abx / (1.0 + abx))[None, :]
    death += traits.death_per_h[:, None] + abx_death
    made = np.stack([np.einsum("gsp,gp->p", mu[0:2, :nc], b[0:2]), np.einsum("sp,p->p", mu[2, :nc], b[2]), mu[2, nc] * b[2]])
    made = made * dt_h / p.yield_cfu_per_mmol_hexose / volume_l
    weights = np.stack([traits.lps_ug_per_1e12cfu_h, FACULTATIVE, np.array([1.0, 1.0, 0, 0, 0])])
    weighted = np.einsum("kg,gp->kp", weights, b)
    return {
        "growth_per_h": np.add.reduce(mu, axis=1), "death_per_h": death, "uptake_mm": demand * limit,
        "lactate_made_mm": made[0] * p.lactate_per_hexose_mol_per_mol,
        "butyrate_made_mm": made[1] * p.fibre_to_butyrate_mol_per_mol + made[2] * p.lactate_to_butyrate_mol_per_mol,
        "lps_made_ug_per_ml": weighted[0] / 1e12 * dt_h / (volume_l * 1000.0),
        "oxygen_used_um": oxygen * (1.0 - np.exp(-weighted[1] / 2e11 * dt_h)),
        "gaba_umol": p.gaba_per_lab_cfu * weighted[2] * dt_h, "antibiotic_death_per_h": abx_death,
    }
