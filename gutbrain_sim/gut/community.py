"""The reference community the guts start from: guild shares and taxon weights within a guild."""

from __future__ import annotations

import numpy as np

# Healthy adult composition by biomass across the five modelled guilds (starting point; the
# kinetics set the steady state). Arumugam 2011; Qin 2010: Bacteroidetes ~30-50%, Firmicutes
# butyrate producers ~20-40%, Bifidobacterium 2-10%, Proteobacteria 1-5%, Lactobacillus <1-2%.
# Host profiles without a ``composition`` start from it (data/hosts.toml).
HEALTHY_COMPOSITION = np.array([0.02, 0.07, 0.33, 0.53, 0.05])
# Within a guild, taxa have uneven abundance (a few dominant, several rare).
TAXON_WEIGHTS = np.array([0.30, 0.22, 0.15, 0.11, 0.08, 0.06, 0.05, 0.03])


def initial_taxon_cfu(total_cfu: float, composition=HEALTHY_COMPOSITION) -> np.ndarray:
    """CFU of every taxon (guild-major) for a community of ``total_cfu`` with guild shares ``composition``."""
    per_guild = total_cfu * np.asarray(composition) / np.sum(composition)
    return (per_guild[:, None] * TAXON_WEIGHTS[None, :]).ravel()
