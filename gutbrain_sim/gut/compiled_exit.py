"""The end of a cohort's colony phase in one pass over each person's rows: stirred across, conveyed, washed out.

``AgentGut.step`` ends its colony rules (before reseeding) with three rules that each touch a row on
its own: the free residents are put in a row drawn evenly over the width (``haustra.stir_free_across``:
the caecum's from the ``gut.caecum`` stream, the rest of the colon's from ``gut.haustra``, one uniform
each in row order), the adhered administered strains ride the outer mucus (``colonies.convey_outer_mucus``)
and the rows past the last column leave (``ColonyTable.wash_out``). No rule reads what another wrote to
another row, and the rows stirred (free residents) are never those conveyed (adhered strains), so one
pass doing all three per row is the three passes over the cohort's table (docs/performance.md).
The uniforms must be drawn before that pass, as many as rows are stirred: ``stir_counts_people`` counts
them (one read of x and the flags), each person's draws come from their own streams
(``draw_across``), then ``stir_convey_wash_people`` does the rest.
"""

from __future__ import annotations

import numpy as np

from .compiled import ROW_ADHERED, ROW_CFU, ROW_PROBIOTIC, ROW_X, ROW_Y
from .jit import kernel
from .squeeze import squeeze_rows


@kernel
def stir_counts_people(f, b, page, count, caecum_cells, length, width, n_caecum, n_colon):
    """Per person, the free resident rows ``haustra.stir_free_across`` stirs: n_caecum[p] in the caecum (x < k,
    when k = caecum_cells[p] > 1), n_colon[p] past it (k <= x < length; 0 <= x < length when k <= 1); none
    when width is 1."""
    for p in range(count.size):
        s, m, k = p * page, count[p], float(caecum_cells[p])
        start = k if caecum_cells[p] > 1 else 0.0
        in_caecum = caecum_cells[p] > 1
        nc = nh = 0
        if width > 1:
            x, adhered, strain = f[ROW_X, s:s + m], b[ROW_ADHERED, s:s + m], b[ROW_PROBIOTIC, s:s + m]
            for r in range(np.uintp(m)):  # branch-free: the flags are not predictable
                free = not (adhered[r] | strain[r])
                a = free & in_caecum & (x[r] < k)
                nc += np.intp(a)
                nh += np.intp(free & (not a) & (x[r] >= start) & (x[r] < length))
        n_caecum[p] = nc
        n_colon[p] = nh


def draw_across(guts: list, page: int, n_caecum: np.ndarray, n_colon: np.ndarray, u: np.ndarray) -> None:
    """Each person's uniforms for ``stir_free_across`` from their own streams: the caecum's at u[p * page:]
    (``gut.caecum``), the colon's right after them (``gut.haustra``)."""
    for p in np.flatnonzero(n_caecum + n_colon).tolist():
        s, a, h = p * page, int(n_caecum[p]), int(n_colon[p])
        rngs = guts[p].rngs
        if a:
            rngs["gut.caecum"].random(out=u[s:s + a])
        if h:
            rngs["gut.haustra"].random(out=u[s + a:s + a + h])


@kernel
def stir_convey_wash_people(f, i, b, page, count, caecum_cells, length, width, n_caecum, u, conveyed, gone, gone_probiotic,
                            n_gone, n_gone_probiotic):
    """Per person and row, in row order: a free resident row counted by ``stir_counts_people`` goes to row
    min(floor(u x width), width - 1) with the next of its uniforms (``draw_across``' layout); an adhered
    administered strain moves conveyed[p] cells along (if > 0); a row with x >= length leaves, its CFU into
    gone[p, :n_gone[p]] in row order (administered strains' also into gone_probiotic), the kept rows
    squeezed in order; updates count."""
    keep = np.empty(page, np.uint8)
    top = float(width - 1)
    for p in range(count.size):
        s, m, k = p * page, count[p], float(caecum_cells[p])
        start = k if caecum_cells[p] > 1 else 0.0
        in_caecum = caecum_cells[p] > 1
        d = conveyed[p]
        x, y, cfu = f[ROW_X, s:s + m], i[ROW_Y, s:s + m], f[ROW_CFU, s:s + m]
        adhered, strain = b[ROW_ADHERED, s:s + m], b[ROW_PROBIOTIC, s:s + m]
        ja, jh = s, s + n_caecum[p]  # where the next uniform of the caecum's rows is, of the colon's
        n = kp = 0
        first = m
        for r in range(np.uintp(m)):  # branches: faster here than selects (a 100-person cohort, 63 against 73 us a person)
            v = x[r]
            if adhered[r]:
                if strain[r] and d > 0.0:
                    v = v + d
                    x[r] = v
            elif width > 1 and not strain[r]:
                if in_caecum and v < k:
                    y[r] = int(min(np.floor(u[ja] * width), top))
                    ja += 1
                elif v >= start and v < length:
                    y[r] = int(min(np.floor(u[jh] * width), top))
                    jh += 1
            keep[r] = v < length
            if keep[r] == 0:
                first = min(first, r)
                gone[p, n] = cfu[r]
                n += 1
                if strain[r]:
                    gone_probiotic[p, kp] = cfu[r]
                    kp += 1
        n_gone[p] = n
        n_gone_probiotic[p] = kp
        if n:
            squeeze_rows(f[:, s:s + m], i[:, s:s + m], b[:, s:s + m], keep, first, m)
            count[p] = m - n
