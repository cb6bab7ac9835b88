"""The caecum's end: the agent gut's free colonies cross it with the flow only, as its content does.

The caecum is a stirred tank: its content and its free colonies leave it with the share of its fluid the flow shifts
out each hour (``colonies.caecum_leave_share``, one residence for both; Cummings & Macfarlane 1991: the proximal colon
works as a continuous culture), and nothing comes back, as nothing comes back to the well-mixed gut's first segment
(``lumen.tank_outflow_share``). The caecum's own free colonies do not walk along it (their step is replaced by the
stirring, ``colonies.stir_caecum``), but those just past it did walk (SD ``microbe_mixing_cells_per_h``, 1 cell an
hour, against a flow of 1.1): about 6% of what left the caecum stepped back into it within the hour, to be stirred and
kept another residence. That one-way return kept the caecum's free microbes longer than its fluid: in
``mild_depression`` (compare-guts' people, day 0) its Bacteroides were 2.44e12 CFU against the well-mixed gut's
2.10e12, its mucosal LPS 0.49 against 0.41 ug/mL and its fibre 10.0 against 14.3 mM (docs/gut_agreement.md,
session 16).

``reflect_at_caecum_end``: a free colony that was past the caecum and whose walk ends inside it is mirrored at its end
(x -> 2k - x), so the walk past the caecum keeps its spread and the caecum exchanges free colonies with the colon only
through the flow. No draw is added or moved.
"""

from __future__ import annotations

import numpy as np

from . import compiled_people
from .colonies import stir_caecum

_X, _ADHERED = 0, 0  # x's row of a colony table's float block, adhered's of its bool block (as compiled_people)


def reflect_at_caecum_end(x: np.ndarray, adhered: np.ndarray, stirred: np.ndarray, k: int) -> None:
    """Free colonies inside the caecum (x < ``k``) that were not among its free colonies before this step's move
    (``stirred``, from ``colonies.caecum_rows``) walked back into it: mirrored at its end. Nothing when the caecum is
    one column (no stirred caecum)."""
    if k > 1:
        back = (x < k) & ~adhered
        back[stirred] = False
        x[back] = 2.0 * k - x[back]


def stir_caecum_closed(x, stirred, k: int, flow_cells: float, rng, kind, shifted_cells, adhered) -> None:
    """One person's caecum stirred (``colonies.stir_caecum``), then its end closed to walks back (``reflect_at_caecum_end``)."""
    stir_caecum(x, stirred, k, flow_cells, rng, kind, shifted_cells)
    reflect_at_caecum_end(x, adhered, stirred, k)


def reflect_people(f: np.ndarray, b: np.ndarray, page: int, count: np.ndarray, rows: np.ndarray, n_rows: np.ndarray,
                   caecum_cells: np.ndarray) -> None:
    """``reflect_at_caecum_end`` for each person of a cohort's shared colony table (``AgentGuts``): person p's rows are
    [p * page, p * page + count[p]) of the blocks, their caecum's free rows ``rows[p * page:p * page + n_rows[p]]``
    (``compiled_people.caecum_rows_people``)."""
    for p, (m, r, k) in enumerate(zip(count.tolist(), n_rows.tolist(), np.asarray(caecum_cells).tolist(), strict=True)):
        s = p * page
        reflect_at_caecum_end(f[_X, s:s + m], b[_ADHERED, s:s + m], rows[s:s + r], int(k))


def stir_caecum_people_closed(f, i, b, page, count, rows, n_rows, offset, u, caecum_cells, flow, leave) -> None:
    """``compiled_people.stir_caecum_people`` (the cohort's ``colonies.stir_caecum``), then ``reflect_people``."""
    compiled_people.stir_caecum_people(f, i, page, rows, n_rows, offset, u, caecum_cells, flow, leave)
    reflect_people(f, b, page, count, rows, n_rows, caecum_cells)
