"""Stress and the HPA axis: perceived stress, allostatic load, CRH -> ACTH -> cortisol, and the stress drive on the gut barrier.

Vagal tone reaches the HPA axis by two inputs that never count the same tone twice. The tone the gut's own
butyrate and inflammation set (vagal tone without the strains' part) damps, or when low releases, the stress-driven
CRH drive (``vagal_hpa_damping``). The tone administered strains add by touching the mucosa (``strain_vagal_tone``)
is one input of its own: it damps the whole CRH drive (``strain_crh_damping``, down to ``strain_crh_floor``), at a
rate read from the probiotic trials' pooled fall of cortisol in healthy people (gutbrain_sim.validation.sources_hpa).

Perceived stress is the external load plus the everyday baseline plus what low mood adds
(stress generation, Hammen 2005), which saturates: perceived stress has a ceiling, so the
mood -> stress -> mood loop stays bounded by physiology. Expecting to be helped relieves part
of the distress above the everyday level: this is how the placebo response enters the body.

The barrier feels stress two ways: the chronic excess of the 24-h cortisol mean damages its
junctions (``barrier_stress_drive``, dimensionless, repaired at the epithelium's slow rate),
and an acute CRH -> mucosal mast-cell response to a rise in stress opens them reversibly
(``junction_opening``, the share of junctions open): the opening follows the mast cells within
the hour and closes with its own half-life of hours once their mediators are gone; mast-cell
activation fades as mediator stores deplete (Vanuytsel 2014: public speaking raised
small-intestinal L/M in healthy volunteers; peripheral CRH did the same, and a mast-cell
stabiliser blocked both).

Injected CRH (``crh_injection``) enters the plasma and is eliminated with its own half-life (``iv_crh_half_life_h``).
It acts where plasma reaches: the pituitary (ACTH follows the hypothalamic drive plus the injected CRH's drive, so
cortisol rises as in the CRH stimulation test) and, a hypothesis read in the same units, the mucosal mast cells
(its drive adds to the acute stress-driven CRH they answer; Vanuytsel 2014: peripheral CRH raised L/M, and the mast-cell
stabiliser DSCG blocked it).
"""

from __future__ import annotations

import numpy as np

from ..params import PARAMETERS
from .rates import LN2, capped, relax, relax_tau

# Perceived stress of an unstressed healthy adult (the default of ``stress_baseline``): the HPA
# axis and IL-6 respond to stress above this everyday level, so chronic stress raises cortisol.
REFERENCE_STRESS = PARAMETERS["stress_baseline"].default
# a person's placebo responsiveness (``placebo_response_hamd``) relative to the typical trial participant's
PLACEBO_TYPICAL_HAMD = PARAMETERS["placebo_response_hamd"].default
_I0_OF_2 = 2.2795853023360673  # modified Bessel function I0(2): mean of exp(2 cos x)


def circadian_drive(hour_of_day, p):
    """Daily CRH drive (mean 1): a sharp waking peak and a long flat night nadir (von Mises shape).

    The drive leads the cortisol peak by ~1.5 h (the CRH -> ACTH -> cortisol lag).
    """
    phase = 2 * np.pi * (hour_of_day - (p.cortisol_peak_hour - p.crh_cortisol_lag_h)) / 24.0
    return 1.0 + p.cortisol_circadian_amplitude * (np.exp(2.0 * np.cos(phase)) / _I0_OF_2 - 1.0)


def perceived_stress(v: dict, u, p) -> tuple[np.ndarray, np.ndarray]:
    """Perceived stress now, and what it would be without expectancy (stress units).

    Low mood generates stress, saturating (a bounded loop); expectancy relieves a share of the
    stress above the everyday level."""
    dep_excess = np.maximum(v["depression_hamd"] - p.hamd_normal_max, 0.0)
    from_mood = p.mood_stress_feedback * dep_excess / (1.0 + dep_excess / p.mood_stress_half_hamd)
    raw = u.stress + p.stress_baseline + from_mood
    responsiveness = np.asarray(p.placebo_response_hamd, float) / PLACEBO_TYPICAL_HAMD
    relief = np.clip(p.placebo_stress_relief * responsiveness * v["expectancy_effect"], 0.0, p.placebo_relief_max)
    relieved = raw - relief * np.maximum(raw - REFERENCE_STRESS, 0.0)
    return np.clip(relieved, 0.0, 10.0), np.clip(raw, 0.0, 10.0)


def advance_load(v: dict, p, dt_h: float) -> np.ndarray:
    """1. Allostatic load follows perceived stress over weeks; returns GR sensitivity (1 healthy)."""
    load_target = np.clip(v["stress_perceived"] - p.allostatic_stress_onset, 0.0, 1.0)
    v["allostatic_load"] = relax_tau(v["allostatic_load"], load_target, p.allostatic_time_constant_days * 24.0, dt_h)
    return 1.0 - p.gr_resistance_at_full_load * v["allostatic_load"]


def advance_iv_crh(v: dict, u, p, dt_h: float) -> None:
    """4a. Injected CRH: this hour's dose spread into its volume (half an hour's elimination on average for a dose
    given within the hour), the plasma CRH already there eliminated."""
    dose_ug = np.asarray(u.crh_iv_ug, float)
    level = relax(v["crh_iv_ng_per_ml"], 0.0, p.iv_crh_half_life_h, dt_h)
    v["crh_iv_ng_per_ml"] = level + dose_ug / p.iv_crh_volume_l * np.exp(-LN2 * 0.5 * dt_h / p.iv_crh_half_life_h)


def advance_hpa(v: dict, p, t_h: float, dt_h: float, il6_excess, gr_sensitivity) -> np.ndarray:
    """4. CRH -> ACTH -> cortisol with daily rhythm, GR feedback, stress, cytokine and vagal inputs;
    then the barrier's stress drive. Returns the 24-h cortisol excess (fraction above the healthy mean, >= 0)."""
    hour = (t_h % 24.0) + dt_h
    # the gut's own vagal tone (butyrate, inflammation): the strains' part is the separate input below, never counted twice
    own_tone = v["vagal_tone"] - v["strain_vagal_tone"]
    vagal_damp = np.clip(1.0 - p.vagal_hpa_damping * (own_tone - 1.0), 0.3, 1.5)
    stress_crh = p.stress_cortisol_gain * np.maximum(v["stress_perceived"] - REFERENCE_STRESS, 0.0) * vagal_damp
    # administered strains' vagal afferent signal (last hour's strain_vagal_tone; 0 without strains, after vagotomy or the
    # strain_vagus knock-out) damps the hypothalamic CRH drive as a whole: probiotics lowered basal cortisol in healthy
    # people (Jain 2024 meta-analysis), not only its stress response
    strain_damp = np.clip(1.0 - p.strain_crh_damping * v["strain_vagal_tone"], p.strain_crh_floor, 1.0)
    drive = circadian_drive(hour, p) * (1.0 + stress_crh + p.cytokine_hpa_gain * il6_excess) * strain_damp
    cort_ratio = v["cortisol_nmol_per_l"] / p.cortisol_mean_nmol_per_l
    g = p.gr_feedback_strength * gr_sensitivity
    feedback = (1.0 + g) / (1.0 + g * cort_ratio)
    v["crh_rel"] = relax(v["crh_rel"], capped(drive * feedback, p.crh_drive_capacity), p.crh_half_life_h, dt_h)
    # plasma CRH reaches the pituitary directly; its receptors saturate at the hypothalamic drive's own capacity
    # (100 ug IV gives ~6x the healthy drive, well below it; the bound keeps ACTH in range at the largest doses)
    injected = np.minimum(p.iv_crh_drive_per_ng_per_ml * v["crh_iv_ng_per_ml"], p.crh_drive_capacity)
    v["acth_rel"] = relax(v["acth_rel"], v["crh_rel"] + injected, p.acth_half_life_h, dt_h)
    adrenal = capped(v["acth_rel"], p.adrenal_capacity)
    v["cortisol_nmol_per_l"] = relax(v["cortisol_nmol_per_l"], adrenal * p.cortisol_mean_nmol_per_l, p.cortisol_half_life_h, dt_h)
    v["cortisol_24h_nmol_per_l"] = relax_tau(v["cortisol_24h_nmol_per_l"], v["cortisol_nmol_per_l"], 24.0, dt_h)
    cort_excess = np.maximum(v["cortisol_24h_nmol_per_l"] / p.cortisol_mean_nmol_per_l - 1.0, 0.0)

    # acute CRH -> mast cells: responds to stress-driven CRH above the level the mucosa has adapted to
    # (mediator stores deplete and refill over hours), so a sudden stressor acts within the hour and
    # a steady one does not keep degranulating mast cells
    adapted = v["stress_crh_adapted"]
    acute = np.maximum(stress_crh - adapted, 0.0) + injected  # injected CRH reaches the mucosa through the blood
    v["mast_cell_activation"] = relax(v["mast_cell_activation"], acute, p.mast_cell_half_life_h, dt_h)
    v["stress_crh_adapted"] = relax(adapted, stress_crh, p.mast_cell_adaptation_half_life_h, dt_h)
    # mast-cell mediators (tryptase -> PAR2, TNF) open tight junctions through MLCK within minutes, a reversible
    # opening that closes with its own half-life once the mediators are gone; only the chronic cortisol excess damages
    opened = np.clip(p.mast_cell_barrier_gain * v["mast_cell_activation"], 0.0, 1.0)
    opening = v["junction_opening"]
    v["junction_opening"] = np.where(opened > opening, relax(opening, opened, p.mast_cell_half_life_h, dt_h),
                                     relax(opening, opened, p.junction_closing_half_life_h, dt_h))
    v["barrier_stress_drive"] = np.clip(cort_excess, 0.0, 100.0)
    return cort_excess


__all__ = ["REFERENCE_STRESS", "advance_hpa", "advance_iv_crh", "advance_load", "circadian_drive", "perceived_stress"]
