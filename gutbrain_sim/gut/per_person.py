"""One person's share of a cohort's inputs (parameters, exposure) and their agent gut's timeseries columns."""

from __future__ import annotations

import numpy as np

from ..params import GUILDS
from .agent_gut import AgentGut, Dose, GutExposure
from .barrier import lm_ratio_sites
from .kinetics import F


def person_params(p, i: int, n: int):
    """Person i's parameters as floats (arrays over people indexed at i)."""
    from ..params import ParamSet

    return ParamSet.trusted({k: (float(v[i]) if isinstance(v, np.ndarray) and v.shape == (n,) else v) for k, v in p.items()})


def gut_exposure(e, i: int, n: int, colon_bacteria_cfu: float) -> GutExposure:
    """Person i's share of an n-person exposure, as the agent gut takes it (the one exposure -> dose adapter)."""
    doses = [Dose(g, float(np.broadcast_to(cfu, (n,))[i]), prob, res) for g, cfu, prob, res in e.doses]
    if e.donor_share is not None:
        doses += [Dose(g, float(share * colon_bacteria_cfu), False, donor=True) for g, share in enumerate(e.donor_share) if share > 0]
    return GutExposure(
        carbs_g_per_day={k: float(v[i]) for k, v in e.carbs_g_per_day.items()},
        antibiotic_mic=float(e.antibiotic_mic[i]),
        antibiotic_kill=e.antibiotic_kill,
        fat_g_per_day=float(np.broadcast_to(e.fat_g_per_day, (n,))[i]),
        doses=doses,
        lps_added_ug=float(e.lps_added_ug[i]) if e.lps_added_ug is not None else 0.0,
        barrier_sealed=e.barrier_sealed,
    )


def agent_readout(gut: AgentGut, sealed: bool) -> dict[str, float]:
    guild = gut.guild_cfu()
    total = float(guild.sum())
    c = gut.colonies
    prob = float(c.cfu[c.probiotic].sum())
    share = guild / total if total > 0 else np.zeros_like(guild)
    lum = gut.lumen.conc
    p = gut.p
    return {
        "microbes_total": c.n,
        **{f"abundance_{g}": float(share[i]) for i, g in enumerate(GUILDS)},
        "abundance_probiotic_strain": prob / total if total > 0 else 0.0,
        "shannon_diversity": gut.shannon(),
        "butyrate_mM": float(lum[F["butyrate"]].mean()),
        "barrier_integrity": float(gut.epithelium.integrity.mean()),
        "permeability_lm_ratio": float(lm_ratio_sites(gut.epithelium, p, sealed).mean()),  # the barrier's one L/M rule
        "lactate_mM": float(lum[F["lactate"]].mean()),
        "lumen_lps_ug_per_ml": float(lum[F["lps"]].mean()),
        "oxygen_mucosa_uM": float(lum[F["oxygen"], :, 0].mean()),
    }
