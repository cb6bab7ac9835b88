"""Where content sits in the well-mixed gut: its segments along the colon, and the administered strains' free cells
across the lumen (the agent gut's row walk, as its mean field).

``segment_weights``: the first segment is the agent gut's stirred caecum, the others share the rest of the colon.

Rows: in the agent gut a free colony steps across the rows each hour (``colonies.move``: round(mixing SD x z) rows,
mirrored at the walls), and an administered strain adheres only from the row touching the mucus (row 0), with
probability ``lactobacillus_adhesion_per_h`` (0.3) an hour, faster than a walk of about one row an hour refills
that row: in an adult at 1e10 CFU/day (mdd, seed 7, days 3-5) the mucosal row holds 3% of the free strain, not
1/width (10%), and 5.3e9 CFU adhere, where the well-mixed gut, counting 1/width, had 9.7e9 (6.6e9 by rows; issue #13).
So the well-mixed gut keeps its free administered strains by row, ``rows[resistant, guild, row, segment, person]``,
and moves them across the rows with the walk's own transition matrix; the row touching the mucus empties and
refills as on the grid. Residents stay spread evenly over the rows: their adhesion is bounded by the sites they
compete for, not by the supply of cells.
"""

from __future__ import annotations

import numpy as np

from .colonies import reflect_table, row_steps_table
from .lumen import caecum_cells


def segment_weights(p, segments: int, length: int) -> np.ndarray:
    """Each segment's length over an equal share, (segments, 1): the first segment is the agent
    gut's stirred caecum (``caecum_length_fraction``, in whole grid columns), the others share
    the rest of the colon equally (ones when segments = 1/caecum share, e.g. 4 segments at 0.25)."""
    if segments == 1:
        return np.ones((1, 1))
    first = caecum_cells(p, length) / length
    frac = np.full(segments, (1.0 - first) / (segments - 1))
    frac[0] = first
    return (frac * segments)[:, None]


def row_walk_matrix(width: int, mixing_sd: float) -> np.ndarray:
    """(width, width): the share of a row's free cells found in each row after one step of the agent gut's walk
    (its equiprobable row steps, ``colonies.row_steps_table``, mirrored by ``colonies.reflect_table``)."""
    steps = row_steps_table(float(mixing_sd))
    reflect, top = reflect_table(width), 2 * (width - 1)
    walk = np.empty((width, width))
    for row in range(width):
        walk[row] = np.bincount(reflect[np.clip(steps + row, -top, top) + top], minlength=width) / steps.size
    return walk


def walk_matrices(width: int, mixing_sd, n: int) -> np.ndarray:
    """(person, width, width): each person's ``row_walk_matrix`` (the SD may differ between people)."""
    sd = np.broadcast_to(np.asarray(mixing_sd, float), (n,))
    by_sd = {float(s): row_walk_matrix(width, s) for s in np.unique(sd)}
    return np.stack([by_sd[float(s)] for s in sd])


def walk_rows(rows: np.ndarray, walks: np.ndarray) -> np.ndarray:
    """Free cells by row ``[..., row, segment, person]`` after one step of each person's walk (summed row by row
    in a fixed order, so a person's numbers do not depend on who else is simulated)."""
    out = np.zeros_like(rows)
    for i in range(rows.shape[-3]):
        for j in range(rows.shape[-3]):
            out[..., j, :, :] += walks[:, i, j] * rows[..., i, :, :]
    return out


def strains_adhere(adhered: np.ndarray, rows: np.ndarray, walks: np.ndarray, detach_share, adhesion_share) -> None:
    """One hour at the mucus, in the agent gut's order (``colonies.move``, then ``adhere_and_detach``): the free strains
    step across the rows; then, of the adhered ones, ``detach_share`` let go into the row touching the mucus, and of
    the free ones in that row, ``adhesion_share`` (per guild, ``[1, guild, 1, 1]``) adhere (cells that just let go do
    not grab the mucus again in the same hour). ``adhered[resistant, guild, segment, person]`` and
    ``rows[resistant, guild, row, segment, person]``, in place."""
    rows[:] = walk_rows(rows, walks)
    leave = adhered * detach_share
    moved = rows[:, :, 0] * adhesion_share
    adhered += moved - leave
    rows[:, :, 0] += leave - moved
