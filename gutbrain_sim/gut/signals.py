"""What passes between the gut and the host each hour (arrays over people; scalars for one agent gut)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class HostToGut:
    """What the gut reads of the host this hour."""

    tnf_pg_per_ml: np.ndarray
    cortisol_excess: np.ndarray  # stress damaging the barrier (host barrier_stress_drive: the chronic cortisol excess), >= 0


@dataclass
class GutReadout:
    """What the host reads of the gut this hour, and this hour's events."""

    lps_flux_pg_per_h: np.ndarray
    mucosal_butyrate_mm: np.ndarray
    gaba_umol_per_h: np.ndarray
    probiotic_cfu: np.ndarray
    translocated_bacteria: np.ndarray
    translocated_probiotic_bacteria: np.ndarray
    resistance_transfer_events: np.ndarray
    # administered strains' contact with vagal afferent endings: the mucosal mean of each site's saturating
    # contact, occupancy / (strain_vagal_half_occupancy + occupancy), 0-1 (``barrier.barrier_hour``)
    strain_vagal_contact: np.ndarray | float = 0.0
