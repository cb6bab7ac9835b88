"""Compiled loop for ``colonies.taxon_cfu``: the CFU of every taxon over a colony table's rows.

The numpy form built five (taxa of a guild x rows) temporaries to weigh each colony's shares by its
resistant part; this loop does the same operations per entry in the same order (the resistant mix's
total over a colony's taxa added taxon after taxon, as numpy's sum over that axis; the taxon sums
added share column after share column and row after row, as ``np.bincount`` adds its weights), so
the same numbers (tests/test_gut_invariants.py compares the two). The seed bank's day and every
recorded Shannon diversity read it.
"""

from __future__ import annotations

import numpy as np

from .jit import kernel


@kernel
def taxon_cfu_rows(guild, cfu, shares, resistant_share, carrier, rows, out):
    """out[guild * T + k] += (shares[k] x (1 - r) + resistant mix[k] x r) x cfu over ``rows`` (out zeroed by
    the caller; T = shares.shape[0]); the resistant mix: the shares of the carrier taxa, renormalised, or the
    shares where the colony holds none (``community.resistant_mix``)."""
    n_k, m = shares.shape[0], rows.size
    total = np.zeros(m)
    for k in range(n_k):
        for j in range(m):
            r = rows[j]
            total[j] += shares[k, r] * (1.0 if carrier[guild[r] * n_k + k] else 0.0)
    for k in range(n_k):
        for j in range(m):
            r = rows[j]
            s = shares[k, r]
            c = s * (1.0 if carrier[guild[r] * n_k + k] else 0.0)
            mix = c / total[j] if total[j] > 0 else s
            res = resistant_share[r]
            out[guild[r] * n_k + k] += (s * (1.0 - res) + mix * res) * cfu[r]
