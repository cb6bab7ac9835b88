"""Step 1 of a cohort's agent-gut hour, the inflow (``AgentGut.inflow`` for everyone).

On most hours a person's inflow is the ileum's carbohydrate spread over the caecum and the mucosa's
mucin: for everyone at once, the same additions as ``Lumen.feed`` and ``Lumen.secrete_mucin`` (the
same amount per person, computed with the same operations, added to the same cells in the same
order: feed, then mucin). A person whose hour also brings an antibiotic, endotoxin or doses (and
everyone when the caecum's length differs between people) takes the one-person path whole
(``gut_exposure`` then ``AgentGut.inflow``). No draw happens here except in doses, which stay on
the one-person path. tests/test_population_gut.py checks the cohort against each gut alone.
"""

from __future__ import annotations

import numpy as np

from .kinetics import CARBS, HEXOSE_MMOL_PER_G, F, mucin_supply_mm_per_h
from .lumen import colonic_inflow_fraction
from .per_person import gut_exposure


def cohort_inflow(guts: list, conc: np.ndarray, caecum_cells: np.ndarray, t_h: float, e, dt_h: float) -> None:
    """This hour's inflow into everyone's fields ``conc[person, field, x, y]`` (each person's ``lumen.conc``)."""
    n = len(guts)
    alone = np.broadcast_to(np.asarray(e.antibiotic_mic, float), (n,)) > 0
    if e.lps_added_ug is not None:
        alone = alone | (np.broadcast_to(np.asarray(e.lps_added_ug, float), (n,)) > 0)
    if e.doses or e.donor_share is not None or not (caecum_cells == caecum_cells[0]).all():
        alone = np.ones(n, bool)
    for i in np.flatnonzero(alone).tolist():
        g = guts[i]
        g.inflow(t_h, gut_exposure(e, i, n, g.p.colon_bacteria_cfu), dt_h)
    rest = ~alone
    if not rest.any():
        return
    frac = colonic_inflow_fraction(int(t_h) % 24)
    if frac != 0.0:  # Lumen.feed: each carbohydrate's grams this hour, where above 0, over the caecum's cells
        volume = np.array([g.lumen.caecum_volume_l for g in guts], float)
        caecum = conc[:, :, :int(caecum_cells[0]), :]
        for name in CARBS:
            if name not in e.carbs_g_per_day:
                continue
            grams = np.broadcast_to(np.asarray(e.carbs_g_per_day[name], float), (n,)) * frac
            add = rest & (grams > 0)
            if add.any():
                view = caecum[:, F[name]]
                np.add(view, (grams * HEXOSE_MMOL_PER_G / volume)[:, None, None], out=view, where=add[:, None, None])
    # Lumen.secrete_mucin: into the row touching the mucosa
    supply = np.array([g.lumen._mucin_mm_per_h if g.p is g.lumen._p else
                       mucin_supply_mm_per_h(g.p, g.lumen.cell_volume_l * g.lumen.length) for g in guts], float)
    view = conc[:, F["mucin"], :, 0]
    np.add(view, (supply * dt_h)[:, None], out=view, where=rest[:, None])
