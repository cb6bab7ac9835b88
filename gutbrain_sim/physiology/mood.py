"""Mood: the course of a depressive episode, what each pathway adds, and day-to-day fluctuation of depression and anxiety.

The natural course. A current episode (``episode_onset_hamd`` extra HAM-D points when we meet
the person) runs for ``episode_remaining_days`` more days (drawn per person: some remit within
weeks, many go on for months; Whiteford 2013), then recovers over ``episode_recovery_days``.
Its clock runs slower under perceived stress (stress maintains episodes: Hammen 2005), so
whatever lowers perceived stress (less stress, better mood, expecting to be helped) brings
remission forward. Spontaneous remission and regression to the mean (people enrol at a bad
moment of their fluctuation) are part of the untreated course; expectancy adds to them only
through this mechanism, never as a subtraction from the score. The "placebo" pathway shows
what the expectancy-shortened course has removed: the episode now minus the same person's
episode on the clock without expectancy.

Scores saturate near the top of their scales (``scale_saturation``): a drawn severity beyond
the scale approaches the ceiling without pinning anyone at it.

Fluctuation: depression and anxiety each have an Ornstein-Uhlenbeck fluctuation with a 3-day
memory, driven by correlated innovations built from two independent standard normal rows.
"""

from __future__ import annotations

import numpy as np

from .hpa import REFERENCE_STRESS
from .rates import relax_tau

HAMD_TOP, HAMA_TOP = 52.0, 56.0  # the scales' maxima (HAM-D-17, HAM-A)


def scale_saturation(x, knee: float, top: float):
    """Symptom scores saturate near the top of the scale: linear up to ``knee``, then approaching ``top``
    smoothly (no one has every item at its maximum for long), so severity beyond the scale never pins a
    person at the ceiling."""
    room = top - knee
    return np.where(x <= knee, x, knee + room * (1.0 - np.exp(-(x - knee) / room)))


def episode_severity(onset_hamd, clock_days, p) -> np.ndarray:
    """The episode's extra severity (HAM-D points) at a point of its course."""
    past = np.maximum(clock_days - p.episode_remaining_days, 0.0)
    return onset_hamd * np.exp(-past / p.episode_recovery_days)


def advance_episode(v: dict, p, stress_raw, dt_h: float) -> None:
    """The episode's clock: one day per day at everyday stress, slower under stress; with and without expectancy."""
    def rate(stress):
        return 1.0 / (1.0 + p.episode_stress_slowing * np.maximum(stress - REFERENCE_STRESS, 0.0))

    v["episode_clock_days"] = v["episode_clock_days"] + rate(v["stress_perceived"]) * dt_h / 24.0
    v["episode_clock_untreated_days"] = v["episode_clock_untreated_days"] + rate(stress_raw) * dt_h / 24.0
    v["episode_hamd"] = episode_severity(v["episode_onset_hamd"], v["episode_clock_days"], p)


def mood_cortisol_excess(v: dict, p) -> np.ndarray:
    """24-h cortisol above a healthy unstressed person's own 24-h level, as a fraction of the declared healthy mean.

    The HPA's daily curve (a sharp waking peak, capped CRH and adrenal output) averages below
    ``cortisol_mean_nmol_per_l``; ``cortisol_mood_reference`` is that average, so cortisol adds
    depression and anxiety from the healthy person's own level up, not from a level healthy people never reach."""
    return np.maximum(v["cortisol_24h_nmol_per_l"] / p.cortisol_mean_nmol_per_l - p.cortisol_mood_reference, 0.0)


def advance_mood(s, p, dt_h: float, noise: np.ndarray, settle: bool) -> None:
    """7. Depression (HAM-D) and anxiety (HAM-A) relax toward their targets, plus fluctuation and sickness mood."""
    v, pw = s.values, s.pathways
    cort_excess = mood_cortisol_excess(v, p)
    il6_mood = np.maximum(v["il6_pg_per_ml"] - p.il6_mood_threshold_pg_per_ml, 0.0)
    pw["inflammation"] = p.weight_inflammation_hamd * il6_mood / (1.0 + il6_mood / p.inflammation_mood_half_pg_per_ml)
    pw["cortisol"] = p.weight_cortisol_hamd * cort_excess + p.allostatic_lock_in_hamd * v["allostatic_load"]
    pw["tryptophan"] = p.weight_serotonin_hamd * (1.0 - v["serotonin_index"])
    pw["bdnf"] = p.weight_bdnf_hamd * (1.0 - v["bdnf_index"])
    # a GABA deficit deepens depression (all of HAM-D); GABA signalling above normal relieves only HAM-D's anxiety and
    # insomnia items (gaba_mood_surplus_share): an anxiolytic lowers HAM-D a little without treating the core of depression
    gaba_gap = 1.0 - v["gaba_index"]
    pw["vagus_gaba"] = p.weight_gaba_hamd * (np.maximum(gaba_gap, 0.0) - p.gaba_mood_surplus_share * np.maximum(-gaba_gap, 0.0))
    pw["treatment"] = -p.psychotherapy_hamd * v["therapy_effect"]
    untreated = episode_severity(v["episode_onset_hamd"], v["episode_clock_untreated_days"], p)
    pw["placebo"] = v["episode_hamd"] - untreated
    dep_target = scale_saturation(np.maximum(p.depression_trait_hamd + untreated + sum(pw.values()), 0.0), p.hamd_saturation_knee, HAMD_TOP)
    tau_mood = p.mood_time_constant_days * 24.0
    v["depression_core_hamd"] = dep_target if settle else np.clip(relax_tau(v["depression_core_hamd"], dep_target, tau_mood, dt_h), 0.0, HAMD_TOP)

    # fluctuation: correlated innovations from two independent standard normal rows
    rho = p.anxiety_depression_noise_correlation
    z_dep = noise[0]
    z_anx = rho * noise[0] + np.sqrt(1.0 - rho * rho) * noise[1]
    a = np.exp(-dt_h / (p.mood_noise_memory_days * 24.0))
    v["mood_noise_hamd"] = np.clip(a * v["mood_noise_hamd"] + p.mood_noise_hamd * np.sqrt(1 - a * a) * z_dep, -30, 30)
    v["anxiety_noise_hama"] = np.clip(a * v["anxiety_noise_hama"] + p.anxiety_noise_hama * np.sqrt(1 - a * a) * z_anx, -30, 30)
    v["depression_hamd"] = np.clip(v["depression_core_hamd"] + v["mood_noise_hamd"] + v["sickness_mood_hamd"], 0.0, HAMD_TOP)

    anx_target = (
        p.anxiety_trait_hama
        + p.weight_inflammation_hama * il6_mood / (1.0 + il6_mood / p.inflammation_mood_half_pg_per_ml)
        + p.weight_cortisol_hama * cort_excess
        - p.vagal_anxiolysis_gain * p.weight_gaba_hama * (v["gaba_index"] - 1.0)
        + p.anxiety_from_depression * np.maximum(v["depression_core_hamd"] - p.hamd_normal_max, 0.0)
    )
    anx_target = scale_saturation(np.maximum(anx_target, 0.0), p.hama_saturation_knee, HAMA_TOP)
    # the strains' vagal route's share of anxiety relief (before saturation): its tone through central GABA
    v["strain_vagal_hama"] = np.clip(p.vagal_anxiolysis_gain * p.weight_gaba_hama * p.gaba_vagal_gain * v["strain_vagal_tone"], 0.0, HAMA_TOP)
    v["anxiety_core_hama"] = anx_target if settle else np.clip(relax_tau(v["anxiety_core_hama"], anx_target, tau_mood, dt_h), 0.0, HAMA_TOP)
    sickness_anx = p.sickness_anxiety_per_hamd * v["sickness_mood_hamd"]
    v["anxiety_hama"] = np.clip(v["anxiety_core_hama"] + v["anxiety_noise_hama"] + sickness_anx, 0.0, HAMA_TOP)
