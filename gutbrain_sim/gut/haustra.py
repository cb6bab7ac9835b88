"""The colon's segmental (haustral) mixing across its width: where the agent gut's free residents sit between rows.

Segmental (haustral) contractions, the colon's predominant motor activity, knead the content and bring it to the
mucosa, while propulsion is rare and slow (Sarna 2010, *Colonic Motility: From Bench Side to Bedside*). The agent gut
already applies this to the content past the caecum: each column's luminal fields are evened out across the width
every hour (``lumen.stir_fields``) and its luminal microbes draw on that mean (``lumen.pool_caecum``). Its free
colonies, though, only walked across the rows (~1 row an hour, ``colonies.move``), and what leaves the mucosa starts
in the row touching it (a colony let go, or the CFU cut off beyond a column's room): past the caecum, where the
adhered Bacteroides are a third of the free ones to as many (0.26 against 0.80e12 CFU per ninth of the colon in
mild_depression, 0.28 against 0.25e12 in immunocompromised) and their shedding feeds them, free Bacteroides were 12-25%
of their free CFU in the mucosal row and pathobionts 25-33%, against the 1/width (10%) the well-mixed gut, the agent gut's
mean field, holds (traced in docs/gut_agreement.md, session 16). Those cells shed their LPS and touch the epithelium
from the mucosal row: at day 0 the agent gut's plasma LPS ran 6-20% above the well-mixed gut's in every profile
(``compare-guts --quick``).

``stir_free_across`` puts each free resident colony in a row drawn evenly over the width after adhesion and shedding,
in the caecum (``lumen.stir_across``, the ``gut.caecum`` stream, unchanged) and past it (one uniform each, in row
order, from the person's ``gut.haustra`` stream), as the content is stirred. Administered strains keep their walk:
the well-mixed gut tracks their rows by it (``mixed_places``).
"""

from __future__ import annotations

import numpy as np

from .lumen import stir_across


def stir_colon_across(y: np.ndarray, x: np.ndarray, adhered: np.ndarray, probiotic: np.ndarray, k: int, length: int,
                      width: int, rng: np.random.Generator) -> None:
    """Free resident colonies past the caecum (``k`` <= x < ``length``; the whole colon when the caecum is one column,
    as ``lumen.stir_fields``) each put in a row drawn evenly over the ``width`` rows (one uniform each, in row order)."""
    if width > 1:
        start = k if k > 1 else 0
        rows = np.flatnonzero((x >= start) & (x < length) & ~adhered & ~probiotic)
        y[rows] = np.minimum(np.floor(rng.random(rows.size) * width), width - 1).astype(y.dtype)


def stir_free_across(colonies, k: int, length: int, width: int, rngs) -> None:
    """One person's free resident colonies spread over the rows: the caecum's (``lumen.stir_across``), then the rest
    of the colon's (``stir_colon_across``), each from its own stream."""
    c = colonies
    stir_across(c.y, c.x, c.adhered, c.probiotic, k, width, rngs["gut.caecum"])
    stir_colon_across(c.y, c.x, c.adhered, c.probiotic, k, length, width, rngs["gut.haustra"])

