"""Tryptophan, vagus, GABA, BDNF and the slow effects of treatments (SSRI, expectancy, psychotherapy).

Cytokines (IDO) and cortisol (TDO) shunt tryptophan to kynurenine; the serotonin index follows
plasma tryptophan, raised by an SSRI. Mucosal butyrate raises vagal afferent tone,
inflammation lowers it; gut GABA (made by lactobacilli and bifidobacteria, an administered
strain's included) and the vagus set central GABA. Administered strains holding mucosal adhesion
places excite vagal afferents by contact (Perez-Burgos 2013; the gut reports the contact), which
vagotomy or the strain_vagus knock-out cuts. Cortisol and inflammation lower BDNF; an
SSRI raises it. The host reads no probiotic CFU: an administered strain reaches the brain only
through what it changes in the gut (barrier contact -> LPS -> inflammation and cortisol,
butyrate, GABA).
"""

from __future__ import annotations

import numpy as np

from ..params import PARAMETERS
from .rates import capped, relax_tau

# the dietary tryptophan at which plasma tryptophan is trp_plasma_um (the diet parameter's default)
REFERENCE_TRP_MG_PER_DAY = PARAMETERS["tryptophan_mg_per_day"].default


def advance_tryptophan(v: dict, u, p, dt_h: float, il6_excess, cort_excess) -> None:
    """5. IDO (cytokines) and TDO (cortisol) shunt tryptophan to kynurenine."""
    ido = capped(1.0 + p.ido_per_il6 * il6_excess, p.ido_induction_capacity) * (1.0 - u.ido_blocked)
    tdo = 1.0 + p.tdo_per_cortisol * cort_excess
    ido_share = p.ido_share_of_kynurenine_flux
    # relative flux through IDO+TDO (1 = healthy). TDO (tdo >= 1: cortisol only induces it) keeps at
    # least half of it (ido_share <= 0.5), so blocking IDO never stops tryptophan breakdown
    kyn_share = ido_share * ido + (1.0 - ido_share) * tdo
    base_kyn_frac = p.kynurenine_path_fraction
    trp_target = p.trp_plasma_um * (p.tryptophan_mg_per_day / REFERENCE_TRP_MG_PER_DAY) / (1 - base_kyn_frac + base_kyn_frac * kyn_share)
    v["trp_um"] = relax_tau(v["trp_um"], trp_target, p.trp_turnover_h, dt_h)
    kyn_target = p.kyn_trp_healthy_umol_per_mmol / 1000.0 * v["trp_um"] * kyn_share
    v["kyn_um"] = relax_tau(v["kyn_um"], kyn_target, p.trp_turnover_h, dt_h)


def advance_brain(v: dict, gut, u, p, dt_h: float, il6_excess, cort_excess, settle: bool) -> None:
    """6. Vagus and GABA; slow treatment effects; BDNF; serotonin index."""
    butyrate_rel = gut.mucosal_butyrate_mm / p.healthy_mucosal_butyrate_mm
    # administered strains touching the mucosa excite vagal afferent endings (Perez-Burgos 2013), a local contact
    # the gut reports as the share of afferent endings they reach; cut by vagotomy or the strain_vagus knock-out
    strain = p.strain_vagal_gain * gut.strain_vagal_contact * (1.0 - u.strain_vagus_blocked)  # vagotomy: below
    vagal = (
        1.0
        + p.vagal_butyrate_gain * np.clip(butyrate_rel - 1.0, -1.0, 1.0)
        - p.vagal_inflammation_loss * il6_excess
        + strain
    )
    v["vagal_tone"] = np.clip(vagal, 0.0, 5.0) * u.vagus_intact
    v["strain_vagal_tone"] = np.minimum(strain, v["vagal_tone"]) * np.ones_like(v["vagal_tone"])
    gaba_rel = np.maximum(gut.gaba_umol_per_h, 1e-6) / p.healthy_gut_gaba_umol_per_h
    gaba = 1.0 + p.gaba_vagal_gain * (v["vagal_tone"] - 1.0) + p.gut_gaba_gain * np.clip(np.log2(gaba_rel), -p.gut_gaba_max_doublings, p.gut_gaba_max_doublings) * u.vagus_intact
    v["gaba_index"] = np.clip(gaba, 0.0, 5.0)
    v["ssri_effect"] = relax_tau(v["ssri_effect"], u.ssri, p.ssri_onset_days * 24.0, dt_h)
    rising = u.expectancy > v["expectancy_effect"]
    v["expectancy_effect"] = relax_tau(v["expectancy_effect"], u.expectancy, np.where(rising, p.expectancy_rise_days * 24.0, p.expectancy_fade_days * 24.0), dt_h)
    v["therapy_effect"] = relax_tau(v["therapy_effect"], u.psychotherapy, p.psychotherapy_onset_days * 24.0, dt_h)
    # cortisol and inflammation lower BDNF (whatever lowers them restores it); SSRIs raise it
    bdnf_loss = p.bdnf_cortisol_loss * cort_excess + p.bdnf_inflammation_loss * il6_excess
    bdnf_target = 1.0 - bdnf_loss + p.ssri_bdnf_gain * v["ssri_effect"]
    bdnf_target = np.clip(bdnf_target, p.bdnf_index_floor, p.bdnf_index_ceiling)
    v["bdnf_index"] = bdnf_target if settle else relax_tau(v["bdnf_index"], bdnf_target, p.bdnf_time_constant_days * 24.0, dt_h)
    trp_rel = v["trp_um"] / p.trp_plasma_um
    v["serotonin_index"] = np.clip(trp_rel * (1.0 + p.ssri_serotonin_gain * v["ssri_effect"]), 0.0, 5.0)
