"""Each person's draws for a cohort's colony rules (``AgentGuts``), from their own streams, in the one-person order.

The cohort's kernels (compiled_people.py) take every person's numbers at once; these loops over people draw
them as ``AgentGut.step`` would alone: the residents' from the rule's stream in row order, the administered
strains' from their own (``strain_streams``). The strains stirred along the caecum are stirred here, person
by person, by the one-person rule (``colonies.stir_caecum``); the kernel stirs the residents.
"""

from __future__ import annotations

import numpy as np

from .colonies import mixing_bits, stir_caecum
from .compiled import (  # rows of the colony table's blocks
    ROW_ADHERED,
    ROW_PROBIOTIC,
    ROW_TAXON,
    ROW_X,
)
from .strain_streams import STRAIN_STREAMS, RowDraws, row_draws

_NO_ROWS = np.empty(0, np.intp)


def move_streams(guts: list) -> list[tuple]:
    """Per person, the generators the movement draws read every hour (looked up once)."""
    return [(g.rngs["gut.move"].bit_generator, g.rngs["gut.adhere"], g.rngs) for g in guts]


def move_draws(streams: list, f, b, page: int, count: np.ndarray, caecum_cells: np.ndarray, n_rows: np.ndarray,
               bits: np.ndarray, stir_offset: np.ndarray, u_stir: np.ndarray, u_adhere: np.ndarray) -> list[tuple[int, np.ndarray]]:
    """Movement bits, the caecal stirring's offset and uniforms (residents: ``n_rows[p]`` rows) and the adhesion
    uniforms for everyone, each person's in ``AgentGut.step``'s order. Returns the strains to stir along the caecum:
    (person, the rows of their free strains in it, taken before they move), for ``stir_strains``."""
    strays = []
    for k, (move, adhere, rngs), m, m_stir in zip(range(len(streams)), streams, count.tolist(), n_rows.tolist(), strict=True):
        s = k * page
        strain = b[ROW_PROBIOTIC, s:s + m]
        has = strain.any()
        if has:
            RowDraws(move, rngs[STRAIN_STREAMS["gut.move"]]).per_row(strain, mixing_bits, bits[k, :, :m])
            c = caecum_cells[k]
            rows = np.flatnonzero((f[ROW_X, s:s + m] < c) & ~b[ROW_ADHERED, s:s + m] & strain) if c > 1 else _NO_ROWS
            if rows.size:
                strays.append((k, rows))
        else:
            mixing_bits(move, m, bits[k, :, :m])
        if m_stir:  # colonies.stir_caecum draws only when some row is in the caecum: the offset, then one a row
            caecum = rngs["gut.caecum"]
            stir_offset[k] = caecum.random()
            caecum.random(out=u_stir[s:s + m_stir])
        if has:
            RowDraws(adhere, rngs[STRAIN_STREAMS["gut.adhere"]]).random(strain, out=u_adhere[s:s + m])
        else:
            adhere.random(out=u_adhere[s:s + m])
    return strays


def stir_strains(guts: list, strays: list, f, i, page: int, flow: np.ndarray, dt_h: float) -> None:
    """The strains of ``move_draws`` stirred along each person's caecum from their own stream (``colonies.stir_caecum``)."""
    for k, rows in strays:
        g, s, m = guts[k], k * page, int(rows[-1]) + 1
        stir_caecum(f[ROW_X, s:s + m], rows, g.lumen.caecum_cells, float(flow[k]), g.rngs[STRAIN_STREAMS["gut.caecum"]],
                    i[ROW_TAXON, s:s + m], g.lumen.next_shifts(dt_h))


def survive_draws(guts: list, small_strain: np.ndarray, page: int, n_small: np.ndarray, u: np.ndarray) -> None:
    """``colonies.lift_or_drop``'s uniforms for everyone, person p's at u[p * page:], one per row below min_cfu
    (n_small[p] of them; their strain tags at small_strain[p * page:], in row order)."""
    for k in np.flatnonzero(n_small).tolist():
        s = k * page
        row_draws(guts[k].rngs, "gut.survive").random(small_strain[s:s + n_small[k]], out=u[s:s + n_small[k]])


def divide_steps(guts: list, b, page: int, big: np.ndarray, n_big: np.ndarray) -> np.ndarray:
    """``colonies.divide``'s row steps of one round for everyone: person p's for their big rows big[p, :n_big[p]]."""
    steps = np.empty((len(guts), int(n_big.max())), np.int64)
    for k in np.flatnonzero(n_big).tolist():
        steps[k, :n_big[k]] = row_draws(guts[k].rngs, "gut.divide").integers(-1, 2, b[ROW_PROBIOTIC, k * page + big[k, :n_big[k]]])
    return steps
