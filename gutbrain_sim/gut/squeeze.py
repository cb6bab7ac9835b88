"""Squeezing dropped rows out of the colony table's blocks (``compiled.compact_blocks``, the cohort's wash-out).

Every kept row of [first, n) moves down behind row first - 1, in order, in every column; the
entries past the new end keep what they held (as before: nothing reads them). The columns are
moved a few at a time, each group in one branch-free pass with one write index: per row the
group's loads and stores are independent, so they overlap, where one column at a time waits on
the write index every entry and all columns of a row at once pay a 2-D address per entry
(a 100-person ``mdd`` cohort's wash-out, ~190 of ~3,750 rows leaving: 65 us a person with all
columns of a row at once, 50 one column at a time, 29 six at a time; docs/performance.md).
Unsigned indices: numba then skips its negative-index check.
"""

from __future__ import annotations

import numpy as np

from .jit import kernel


@kernel
def _six(a0, a1, a2, a3, a4, a5, keep, first, n):
    w = np.uintp(first)
    for r in range(np.uintp(first), np.uintp(n)):
        a0[w] = a0[r]
        a1[w] = a1[r]
        a2[w] = a2[r]
        a3[w] = a3[r]
        a4[w] = a4[r]
        a5[w] = a5[r]
        w += np.uintp(keep[r])


@kernel
def _three(a0, a1, a2, keep, first, n):
    w = np.uintp(first)
    for r in range(np.uintp(first), np.uintp(n)):
        a0[w] = a0[r]
        a1[w] = a1[r]
        a2[w] = a2[r]
        w += np.uintp(keep[r])


@kernel
def _two(a0, a1, keep, first, n):
    w = np.uintp(first)
    for r in range(np.uintp(first), np.uintp(n)):
        a0[w] = a0[r]
        a1[w] = a1[r]
        w += np.uintp(keep[r])


@kernel
def _one(a0, keep, first, n):
    w = np.uintp(first)
    for r in range(np.uintp(first), np.uintp(n)):
        a0[w] = a0[r]
        w += np.uintp(keep[r])


@kernel
def squeeze_block(a, keep, first, n):
    """``squeeze_rows`` on one block a[column, row]: six columns at a time, then threes, twos, ones."""
    c, m = 0, a.shape[0]
    while c + 6 <= m:
        _six(a[c], a[c + 1], a[c + 2], a[c + 3], a[c + 4], a[c + 5], keep, first, n)
        c += 6
    while c + 3 <= m:
        _three(a[c], a[c + 1], a[c + 2], keep, first, n)
        c += 3
    while c + 2 <= m:
        _two(a[c], a[c + 1], keep, first, n)
        c += 2
    while c < m:
        _one(a[c], keep, first, n)
        c += 1


@kernel
def squeeze_rows(f, i, b, keep, first, n):
    """Move the kept rows (``keep``, uint8 0/1) of [first, n) down behind row first - 1, in order, in every
    column of the blocks f (float), i (int) and b (bool) (module docstring)."""
    squeeze_block(f, keep, first, n)
    squeeze_block(i, keep, first, n)
    squeeze_block(b, keep, first, n)
