"""Blood and innate immunity: plasma endotoxin (gut-derived and intravenous), TNF, IL-10, IL-6, CRP and acute sickness mood.

Two kinds of endotoxin reach the blood. Gut-derived LPS arrives slowly and is mostly bound to
lipoproteins (chylomicrons, HDL, LBP), which neutralise most of its activity; an intravenous
bolus (experimental endotoxemia) is free LPS, far more potent per pg and cleared within hours.
Both are measured together as plasma endotoxin. The basal TNF and IL-6 are a healthy person's, whose blood
carries the healthy reference's gut endotoxin: gut-derived LPS drives TLR4 only beyond that reference, an IV
bolus on top of it. TLR4 activation drives TNF (15-min half-life) in two ways: graded, in proportion to the
bound-LPS equivalents (the chronic gut path and the low-dose part of a bolus), and through the all-or-none switch of
single monocytes by free LPS (Tay 2010: digital NF-kB activation, fewer cells responding at lower doses), whose
responding fraction rises steeply with the bolus and stays on for a while after the LPS is cleared. The switch makes
the steep dose-response of human endotoxaemia (0.8 ng/kg: a few-fold TNF; 4 ng/kg: thousands of pg/mL).
TNF drives IL-6 and IL-10; the liver answers IL-6 with CRP after a synthesis lag of hours, so
CRP peaks about a day after an acute challenge. Cytokines above the acute range bring sickness
mood within hours, gone when they fall (Reichenberg 2001; Engler 2017).
"""

from __future__ import annotations

import numpy as np

from .rates import LN2, relax, saturating


def advance_blood(v: dict, gut, u, p, dt_h: float) -> None:
    """2. Plasma LPS: bound (from the gut, fat-boosted uptake) and free (IV boluses); total as the assay sees it."""
    fat_boost = 1.0 + p.fat_lps_uptake_per_g * u.meal_fat_g
    lps_in_pg_per_ml_h = gut.lps_flux_pg_per_h * fat_boost / p.plasma_volume_ml
    bound_target = lps_in_pg_per_ml_h / (LN2 / p.plasma_lps_half_life_h)
    bound = v["plasma_lps_pg_per_ml"] - v["lps_free_pg_per_ml"]
    bound = relax(bound, bound_target, p.plasma_lps_half_life_h, dt_h)
    # a bolus given during the hour has, on average, half an hour of clearance behind it
    free = relax(v["lps_free_pg_per_ml"], 0.0, p.iv_lps_half_life_h, dt_h)
    free = free + u.lps_iv_pg / p.plasma_volume_ml * np.exp(-LN2 * 0.5 * dt_h / p.iv_lps_half_life_h)
    v["lps_free_pg_per_ml"] = free
    v["plasma_lps_pg_per_ml"] = np.maximum(bound, 0.0) + free


def monocyte_switch_fraction(free_lps_pg_per_ml, p):
    """Fraction of blood monocytes that free (intravenous) LPS at this plasma level switches on (0-1)."""
    # below a millionth of the half-switching level no monocyte is on (and the power cannot underflow)
    ratio = np.maximum(free_lps_pg_per_ml / p.monocyte_switch_lps_pg_per_ml, 1e-6)
    x = ratio ** p.monocyte_switch_hill
    return np.where(ratio > 1e-6, x / (1.0 + x), 0.0)


def strain_il6_share(contact, p):
    """Share of IL-6 production administered strains' mucosal contact (0-1, the gut's ``strain_vagal_contact``)
    leaves: 1 without strains; ``strain_il6_damping`` x contact removed, saturating (never all of it)."""
    x = p.strain_il6_damping * np.asarray(contact, float)
    return 1.0 / (1.0 + x)


def advance_immunity(v: dict, p, gr_sensitivity, il6_stress_drive, dt_h: float, strain_contact=0.0) -> np.ndarray:
    """3. TNF (TLR4, braked by cortisol, IL-10 and the vagal reflex), IL-10, IL-6, CRP, sickness mood.

    ``strain_contact``: administered strains' mucosal contact (0-1); their regulatory signalling damps IL-6
    production as a whole (``strain_il6_damping``; not through the vagus, so vagotomy leaves it).

    Returns IL-6 above basal (pg/mL), which drives the HPA axis, IDO, BDNF and the vagus."""
    cort_rel = v["cortisol_24h_nmol_per_l"] / p.cortisol_mean_nmol_per_l
    # glucocorticoid resistance of immune cells under chronic stress blunts cortisol's brake on
    # cytokines (Miller, Cohen & Ritchey 2002; Pariante & Lightman 2008)
    suppress_cort = 1.0 - p.cortisol_cytokine_suppression * gr_sensitivity * np.clip(cort_rel - 1.0, -1.0, 3.0)
    suppress_il10 = 1.0 / (1.0 + v["il10_pg_per_ml"] / p.il10_half_suppression_pg_per_ml)
    suppress_vagal = 1.0 - p.vagal_anti_inflammatory * np.minimum(v["vagal_tone"], p.vagal_anti_inflammatory_max_tone) + p.vagal_anti_inflammatory
    suppression = np.clip(suppress_cort * suppress_il10 * suppress_vagal, 0.05, 3.0)
    bound = v["plasma_lps_pg_per_ml"] - v["lps_free_pg_per_ml"]
    # the basal TNF and IL-6 are a healthy person's, measured with a healthy gut's endotoxin already in the
    # blood: gut-derived LPS drives TLR4 only beyond the healthy reference (else it would be counted twice)
    gut_drive = np.maximum(bound - p.healthy_plasma_lps_pg_per_ml, 0.0)
    tlr4_lps = gut_drive + p.free_lps_potency * v["lps_free_pg_per_ml"]  # in bound-LPS equivalents
    graded = saturating(tlr4_lps, p.tnf_lps_ec50_pg_per_ml)
    # monocytes switched on by free LPS: the fraction rises as a Hill curve of its concentration; a switched-on cell
    # goes on making TNF after the LPS is gone, so the fraction falls only as fast as the switch wears off
    switch_target = monocyte_switch_fraction(v["lps_free_pg_per_ml"], p)
    v["monocytes_switched_on"] = np.maximum(switch_target, relax(v["monocytes_switched_on"], switch_target,
                                                                 p.monocyte_switch_half_life_h, dt_h))
    tnf_lps = p.tnf_max_pg_per_ml * graded + p.tnf_switch_max_pg_per_ml * v["monocytes_switched_on"]
    tnf_target = p.tnf_basal_pg_per_ml + tnf_lps * suppression
    v["tnf_pg_per_ml"] = relax(v["tnf_pg_per_ml"], tnf_target, p.tnf_half_life_h, dt_h)
    tnf_excess = np.maximum(v["tnf_pg_per_ml"] - p.tnf_basal_pg_per_ml, 0.0)
    v["il10_pg_per_ml"] = relax(v["il10_pg_per_ml"], p.il10_per_tnf * tnf_excess, p.il10_half_life_h, dt_h)
    il6_target = p.il6_basal_pg_per_ml + p.il6_per_tnf * tnf_excess + p.il6_stress_pg_per_ml * il6_stress_drive
    # strains holding the mucosa (lactobacilli, bifidobacteria) induce regulatory signalling that lowers systemic IL-6
    # and with it CRP (Gawlik-Kotelnicka 2025: CRP -21% against placebo in depressed adults, TNF unchanged)
    il6_target = il6_target * strain_il6_share(strain_contact, p)
    v["il6_pg_per_ml"] = relax(v["il6_pg_per_ml"], il6_target, p.il6_half_life_h, dt_h)
    # hepatic acute-phase response: IL-6 induces CRP synthesis, which takes hours to build
    acute_il6 = np.maximum(v["il6_pg_per_ml"] - p.sickness_il6_threshold_pg_per_ml, 0.0)
    drive = p.crp_per_il6_mg_per_l * (v["il6_pg_per_ml"] + p.crp_acute_phase_gain * acute_il6)
    synthesis_target = drive / (1.0 + drive / p.crp_synthesis_capacity_mg_per_l)
    v["crp_synthesis_mg_per_l"] = relax(v["crp_synthesis_mg_per_l"], synthesis_target, p.crp_synthesis_half_life_h, dt_h)
    v["crp_mg_per_l"] = relax(v["crp_mg_per_l"], v["crp_synthesis_mg_per_l"], p.crp_half_life_h, dt_h)
    # sickness mood: cytokines in the acute range (an infection, an endotoxin challenge) lower mood within hours
    v["sickness_mood_hamd"] = relax(v["sickness_mood_hamd"], np.minimum(p.sickness_mood_per_il6 * acute_il6, 20.0),
                                    p.sickness_mood_half_life_h, dt_h)
    return np.maximum(v["il6_pg_per_ml"] - p.il6_basal_pg_per_ml, 0.0)
