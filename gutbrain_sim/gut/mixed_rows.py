"""The well-mixed gut's free resident biomass kept by lumen row, as the agent gut's free colonies are.

The agent gut's free colonies step across the rows (``colonies.move``); those that leave the mucosa
start in the row touching it (a detached colony or one let go beyond its column's room stays in
row 0; the CFU cut off a colony over the room, row 1: ``compiled.shed_rows``), as do the seed
bank's seeds and immigrants (``ColonyTable.add_seeded``), and they adhere only from row 0. So free
residents are not spread evenly over the rows where the mucosa sheds fast: in the mouse (12-h
transit, its caecum a 3-h tank) 37% of the caecum's free resident CFU was in row 0 and 20% past
it, against the 1/width (10%) the well-mixed gut assumed; in a healthy adult 12% and 11%.
``MixedGut.free_rows[resistant, guild, row, segment, person]`` holds them (``res[:, FREE]`` is
their sum over rows, kept in step), moved by the agent gut's own row walk (``mixed_places``, as
the administered strains' rows), grown at the mucosal place's rate in row 0 and the lumen's
elsewhere, culled by mucosal immunity in rows 0-1 (``compiled.colony_rates``).
"""

from __future__ import annotations

import numpy as np

from .mixed_places import walk_rows
from .mixed_readouts import ADHERED, FREE, person_sum

CUT_COLONY_UNITS = 0.75  # the colony crossing a column's room (1-2 unit colonies) is cut at a uniform point: ~0.75 unit shed


def even_rows(res_free: np.ndarray, width: int) -> np.ndarray:
    """Free biomass ``[resistant, guild, segment, person]`` spread evenly over the rows: ``[..., row, segment, person]``."""
    return np.repeat(res_free[:, :, None] / width, width, axis=2)


def match_totals(rows: np.ndarray, res_free: np.ndarray) -> None:
    """Rescale ``rows`` in place so that their sum over rows is ``res_free`` (whoever changed the totals: a test,
    a dose); a place with no rows yet gets its total evenly."""
    tot = person_sum(rows, 2)
    if np.array_equal(tot, res_free):
        return
    scale = np.divide(res_free, tot, out=np.zeros_like(tot), where=tot > 0)
    rows *= scale[:, :, None]
    empty = (tot <= 0) & (res_free > 0)
    if empty.any():
        rows += np.where(empty[:, :, None], res_free[:, :, None] / rows.shape[2], 0.0)


def grow_rows(rows: np.ndarray, r: int, rate_muc: np.ndarray, rate_lum: np.ndarray, immune: np.ndarray, dt_h: float) -> None:
    """One step's growth and death of resistance part ``r``'s free rows: row 0 at the mucosal place's rate, the others at
    the lumen's; rows 0-1 meet mucosal immunity (``immune``, per guild, segment and person)."""
    rows[r, :, 0] *= np.exp((rate_muc - immune) * dt_h)
    rows[r, :, 1] *= np.exp((rate_lum - immune) * dt_h)
    rows[r, :, 2:] *= np.exp(rate_lum * dt_h)[:, None]


def residents_adhere_and_shed(res: np.ndarray, rows: np.ndarray, walks: np.ndarray, turnover_share, adhesion_share,
                              capacity_cfu, unit_cfu: float, columns: np.ndarray) -> None:
    """One hour at the mucosa for resident biomass, in the agent gut's order (``colonies.move``, then
    ``adhere_and_detach``): the free rows step; of the adhered residents ``turnover_share`` let go into row 0; those
    beyond a segment's room (``capacity_cfu``) are shed, the colony crossing the room cut (on average 0.75 unit
    colony a column, into row 1) and the rest let go whole (row 0); the free ones in row 0 before this hour's
    leavers adhere, each guild at ``adhesion_share`` (``[1, guild, 1, 1]``), into the room left. ``res`` is
    ``[resistant, FREE/ADHERED, guild, segment, person]``, ``rows`` ``[resistant, guild, row, segment, person]``, in place;
    ``res[:, FREE]`` ends as the rows' sum."""
    rows[:] = walk_rows(rows, walks)
    adhered = res[:, ADHERED]
    leave = adhered * turnover_share
    adhered -= leave
    occupied = person_sum(adhered, (0, 1))  # (segment, person): residents' room only
    over = occupied > capacity_cfu
    cut = np.zeros_like(leave)
    if over.any():  # adhered growth beyond the room: the excess leaves, each guild in proportion
        keep = np.where(over, capacity_cfu / np.maximum(occupied, 1e-300), 1.0)
        shed = adhered * (1.0 - keep)
        adhered -= shed
        excess = np.maximum(occupied - capacity_cfu, 0.0)
        to_row1 = np.minimum(excess, CUT_COLONY_UNITS * unit_cfu * columns)  # the cut part of the crossing colony
        share1 = np.divide(to_row1, excess, out=np.zeros_like(excess), where=excess > 0)
        cut = shed * share1
        leave = leave + shed - cut
        occupied = np.minimum(occupied, capacity_cfu)
    free_sites = np.maximum(capacity_cfu - occupied, 0.0)
    cand = rows[:, :, 0] * adhesion_share
    total = person_sum(cand, (0, 1))
    take = np.where(total > 0, np.minimum(1.0, free_sites / np.maximum(total, 1e-300)), 0.0)
    rows[:, :, 0] -= cand * take
    adhered += cand * take
    rows[:, :, 0] += leave
    rows[:, :, 1] += cut
    res[:, FREE] = person_sum(rows, 2)
