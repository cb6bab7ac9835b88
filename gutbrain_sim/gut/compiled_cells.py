"""Compiled loops (numba) over grid cells and places: the shared microbial kinetics and diffusion.

Same contract as ``compiled.py`` (which holds the per-colony loops): the same floating-point
operations in the same order as the numpy they replaced, so outputs are bit-identical; exp and
whole-array sums stay in numpy.
"""

from __future__ import annotations

import numpy as np

from .compiled import kernel


@kernel
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


@kernel
def _at_least(v, low):
    return v if (v >= low or np.isnan(v)) else low  # as np.maximum(v, low)


@kernel
def _hexose_mm(grown_cfu_per_h, dt_h, prm, q):
    """Carbohydrate (mM hexose) used in place ``q`` over ``dt_h`` for growth at ``grown_cfu_per_h`` (yield, volume)."""
    return grown_cfu_per_h * dt_h / prm[P_YIELD, q] / prm[P_VOLUME, q]


@kernel
def _at_most_one(v):
    return 1.0 if 1.0 <= v else v  # as np.minimum(1.0, v)


@kernel
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
            d = _hexose_mm(acc[q], dt_h, prm, q)
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
        made[0, q] = _hexose_mm(acc[q], dt_h, prm, q) * prm[P_LACTATE_PER_HEXOSE, q]
        acc[q] = 0.0
    for s in range(nc):
        for q in range(P):
            acc[q] = acc[q] + mu[but, s, q] * biomass[but, q]
    for q in range(P):
        m1 = _hexose_mm(acc[q], dt_h, prm, q)
        m2 = _hexose_mm(mu[but, nc, q] * biomass[but, q], dt_h, prm, q)
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
