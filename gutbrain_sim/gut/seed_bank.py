"""The crypt/ileal seed bank's hourly seeds for a cohort's agent guts: ``AgentGut.reseed_draws`` for everyone.

The numbers that need no draw (each person's seed bank total, expected seeds, cumulative taxon
shares and each guild's taxon mix) are computed for everyone at once on a (person, taxon) array,
with the operations ``AgentGut._seed_bank_draws`` and ``_seed_bank_mix`` do for one person, so the
same numbers (row-wise sums and cumulative sums add as the one-person ones do). Then each person
draws from their own stream in the one-person order: the number of seeds, their taxa, their
places. A person whose seed bank has lost a taxon (immigrants arrive from outside) takes the
one-person path whole. tests/test_population_gut.py checks the cohort against each gut alone.
"""

from __future__ import annotations

import numpy as np

from ..params import GUILDS
from .colonies import TAXA_PER_GUILD


def cohort_reseed_draws(guts: list, dt_h: float) -> list:
    """Each person's ``AgentGut.reseed_draws(dt_h)``: None (no seed arrives) or (x, taxa, shares)."""
    n = len(guts)
    bank = np.stack([g.reservoir for g in guts])
    total = bank.sum(axis=1)
    full = np.stack([g.reservoir_full for g in guts]).sum(axis=1)
    lost = (bank == 0.0).any(axis=1)
    per_h = np.array([g.p.ileal_inoculum_fraction_per_h * dt_h * g.p.colonies_target for g in guts], float)
    with np.errstate(divide="ignore", invalid="ignore"):  # an empty seed bank's rows are not used
        expected = per_h * np.minimum(total / full, 1.0)  # a depleted seed bank (after antibiotics) sends fewer seeds
        cdf = (bank / total[:, None]).cumsum(axis=1)
        cdf /= cdf[:, -1:]
        by_guild = bank.reshape(n, len(GUILDS), TAXA_PER_GUILD)
        tot = by_guild.sum(axis=2, keepdims=True)
        mix = np.divide(by_guild, tot, out=np.zeros_like(by_guild), where=tot > 0)
    out = []
    for k, g in enumerate(guts):
        if lost[k]:
            out.append(g.reseed_draws(dt_h))
            continue
        rng = g.rngs["gut.reseed"]
        m = rng.poisson(expected[k]) if total[k] > 0 else 0
        if m == 0:
            out.append(None)
            continue
        taxa = cdf[k].searchsorted(rng.random(m), side="right")
        out.append((rng.uniform(0, g.length, m), taxa, mix[k][taxa // TAXA_PER_GUILD].T))
    return out
