"""Issue #13: the well-mixed gut's administered strains follow the agent gut's rules at the mucus: they bind the outer
mucus without taking a resident's site, and their free cells cross the lumen by the agent gut's own row walk, so
the row touching the mucus empties as they adhere."""

import numpy as np
import pytest

from gutbrain_sim.gut.colonies import ColonyTable, move
from gutbrain_sim.gut.mixed import ADHERED, MixedGut
from gutbrain_sim.gut.mixed_places import row_walk_matrix, walk_matrices, walk_rows
from gutbrain_sim.params import ParamSet


@pytest.mark.parametrize("sd", [1.0, 2.5])
def test_the_row_walk_matrix_is_the_agent_guts_step(sd):
    width, per_row = 10, 20000
    walk = row_walk_matrix(width, sd)
    assert np.allclose(walk.sum(axis=1), 1.0)
    t = ColonyTable(width * per_row)
    n = width * per_row
    start = np.repeat(np.arange(width), per_row)
    t.add(x=np.full(n, 5.0), y=start.astype(np.int32), guild=0, taxon=0, cfu=1.0, adhered=np.zeros(n, bool),
          probiotic=np.ones(n, bool), resistant_share=np.zeros(n), growth_mult=np.ones(n), shares=None)
    move(t, 0.0, sd, width, np.random.default_rng(4))
    for row in range(width):
        seen = np.bincount(t.y[start == row], minlength=width) / per_row
        assert np.abs(seen - walk[row]).max() < 0.015, (row, seen, walk[row])


def test_a_walk_keeps_the_cells_and_evens_them_out():
    rows = np.zeros((2, 5, 10, 3, 2))
    rows[0, 1, 0, 2, 1] = 1e9  # all in the mucosal row of one segment of person 1
    walks = walk_matrices(10, 1.0, 2)
    after = rows
    for _ in range(200):
        after = walk_rows(after, walks)
    assert after.sum() == pytest.approx(1e9, rel=1e-12)
    assert np.allclose(after[0, 1, :, 2, 1], 1e8, rtol=0.02)  # 1/width in each row, as the walk's mirrors give


def _gut(n=1):
    p = ParamSet()
    return MixedGut(p, n, np.random.default_rng(0)), p


def test_strains_adhere_although_residents_hold_every_site():
    g, p = _gut()
    g.res[0, ADHERED] = g.capacity_cfu[None] / 5  # five guilds fill every segment's sites exactly
    g.pro_rows[0, 0, 0, 3, 0] = 1e9  # free strain in the mucosal row of segment 3
    g._adhere_and_shed(1.0)
    # about lactobacillus_adhesion_per_h (0.3) of what stays in the mucosal row after the walk (0.69 at SD 1 row)
    assert g.pro[0, ADHERED, 0, 3, 0] == pytest.approx(1e9 * 0.3 * row_walk_matrix(g.width, p.microbe_mixing_cells_per_h)[0, 0], rel=1e-9)
    # the residents keep the room the strains would have taken: they refill what their turnover freed, to the sites
    assert g.res[:, ADHERED].sum(axis=(0, 1))[:, 0] == pytest.approx(g.capacity_cfu[:, 0], rel=1e-9)


def test_strains_adhere_only_from_the_mucosal_row():
    g, _ = _gut()
    g.pro_rows[0, 0, 9, 3, 0] = 1e9  # far from the mucus: one hour's walk of SD 1 row does not bring it to row 0
    g._adhere_and_shed(1.0)
    assert g.pro[0, ADHERED].sum() == 0.0
    assert g.pro_rows.sum() == pytest.approx(1e9, rel=1e-12)


def test_the_mucosal_row_empties_while_a_dose_adheres():
    g, _ = _gut(2)
    g.pro_rows[0, 0, :, 0, :] = 1e10 / g.width  # a dose, spread over the rows as the agent gut's dose colonies
    for _ in range(12):
        g._adhere_and_shed(1.0)
    share = g.pro_rows[0, 0, :, 0, :] / g.pro_rows[0, 0, :, 0, :].sum(axis=0)
    assert (share[0] < 0.5 / g.width).all()  # agent gut, adult at 1e10 CFU/day: 3% in the mucosal row, not 10%
    assert (share[0] < share[1]).all() and (share[1] < share[5]).all()
