"""The administered strains' own random streams in the agent gut (issue #14).

A colony rule that draws numbers row by row (movement, stirring along the caecum, adhesion, the
rescue or loss of a small colony, where a daughter lands) and a dose's placing take the residents'
numbers from the person's stream for that rule ("gut.move", ...), in the residents' row order, and the
administered strains' from a stream of their own (``STRAIN_STREAMS``: "gut.strain_move", ...). So the
residents draw the same numbers whether strains are in the gut or not, as the strains' barrier
crossings already do ("gut.strain_crossing", ``AgentGut.translocation``); before, a strain's row
took its place in the residents' sequence and moved every later resident's numbers, so the probiotic
arm parted from placebo from the first dose even with every mechanism of the probiotic switched off
(validation.probiotic_pathways). With them off it is now placebo exactly (tests/test_strain_streams.py).
A rule given a plain generator (no strain stream) draws for every row from it, in row order, as before.
"""

from __future__ import annotations

import numpy as np

from .jit import kernel

# the residents' stream of a rule -> the administered strains' stream for the same rule
STRAIN_STREAMS = {name: "gut.strain_" + name.removeprefix("gut.")
                  for name in ("gut.move", "gut.caecum", "gut.adhere", "gut.survive", "gut.divide", "gut.dose")}


class RowDraws:
    """Draws for rows of a colony table: the residents' from ``rng`` in their row order, the strains' from
    ``strain_rng`` (None: every row's from ``rng``, in row order)."""

    def __init__(self, rng, strain_rng=None):
        self.rng, self.strain_rng = rng, strain_rng

    def per_row(self, strain: np.ndarray, draw, out: np.ndarray | None = None) -> np.ndarray:
        """``draw(generator, k)`` gives k draws along its last axis; here one per row (``strain``: the rows'
        strain tags), into ``out`` if given. No draw from a stream that has no row."""
        strain = np.asarray(strain, bool)
        if self.strain_rng is None or not strain.any():
            got = draw(self.rng, strain.size)
            if out is None:
                return got
            out[...] = got
            return out
        k = int(np.count_nonzero(strain))
        a, b = draw(self.rng, strain.size - k), draw(self.strain_rng, k)
        out = np.empty(a.shape[:-1] + (strain.size,), a.dtype) if out is None else out
        c = int(np.prod(a.shape[:-1]))  # draws per row (2 for the movement bits)
        interleave(strain, a.reshape(c, strain.size - k), b.reshape(c, k), out.reshape(c, strain.size))
        return out

    def random(self, strain: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """One uniform per row."""
        return self.per_row(strain, lambda g, k: g.random(k), out)

    def integers(self, low: int, high: int, strain: np.ndarray) -> np.ndarray:
        """One integer in [low, high) per row."""
        return self.per_row(strain, lambda g, k: g.integers(low, high, size=k))

    def groups(self, rows: np.ndarray, strain: np.ndarray | None) -> list[tuple[np.ndarray, object]]:
        """``rows`` parted into the residents' and the strains' (``strain``: the table's strain tags), each with
        its stream; the parts that have rows."""
        if self.strain_rng is None or strain is None:
            return [(rows, self.rng)]
        tagged = strain[rows]
        parts = [(rows[~tagged], self.rng), (rows[tagged], self.strain_rng)]
        return [(r, g) for r, g in parts if r.size]


@kernel
def interleave(strain, mine, theirs, out):
    """out[:, r] = the next column of ``theirs`` where strain[r], else of ``mine`` (the rows' draws in row order;
    a compiled loop: numpy's fancy-index scatter of 2 x 5,000 draws took ~3x as long)."""
    for c in range(out.shape[0]):
        o, m, t = out[c], mine[c], theirs[c]
        i = j = 0
        for r in range(strain.size):
            if strain[r]:
                o[r] = t[j]
                j += 1
            else:
                o[r] = m[i]
                i += 1


def as_row_draws(rng) -> RowDraws:
    """``rng`` as row draws: itself if it is, else every row's draws from it."""
    return rng if isinstance(rng, RowDraws) else RowDraws(rng)


def row_draws(rngs, name: str) -> RowDraws:
    """A person's draws for rule ``name`` (``rngs``: their named streams): residents' from ``name``, strains' from theirs."""
    return RowDraws(rngs[name], rngs[STRAIN_STREAMS[name]])
