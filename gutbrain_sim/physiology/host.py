"""Host physiology, vectorised over hosts: the state, its units and ranges, and the order of one hour.

Pure numpy: no Mesa. Every state variable is an array of shape (n_hosts,), so the same
code advances one host (the dashboard) or ten thousand (virtual trials). Parameters may be
floats or arrays of the same shape. The rules live by concept in ``immune`` (blood and
cytokines), ``hpa`` (stress, cortisol, the barrier's stress drive), ``brain`` (tryptophan,
vagus, GABA, BDNF, treatments) and ``mood`` (the episode's course, pathways, fluctuation).

Order inside ``advance_host`` (one hour):
  1. stress: external + mood feedback (bounded) - expectancy relief; allostatic load, GR resistance
  2. blood: plasma LPS, gut-derived (lipoprotein-bound) and intravenous (free); clearance
  3. immunity: TNF, IL-10, IL-6, CRP (after a hepatic lag), sickness mood
  4. HPA: injected CRH in plasma; CRH -> ACTH -> cortisol; the barrier's stress drive (cortisol excess) and
     mast-cell junction opening
  5. tryptophan: IDO (cytokines) and TDO (cortisol) shunt to kynurenine
  6. vagus and GABA; slow treatment effects (SSRI, expectancy, psychotherapy); BDNF
  7. mood: the episode's clock; depression (HAM-D) and anxiety (HAM-A) relax toward their
     targets, plus correlated fluctuations
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .brain import advance_brain, advance_tryptophan
from .hpa import (
    REFERENCE_STRESS,
    advance_hpa,
    advance_iv_crh,
    advance_load,
    circadian_drive,
    perceived_stress,
)
from .immune import advance_blood, advance_immunity
from .mood import advance_episode, advance_mood
from .rates import ones


@dataclass(frozen=True)
class StateVar:
    unit: str
    low: float
    high: float
    description: str


# Declared once: unit and allowed range of every host state variable.
HOST_STATE: dict[str, StateVar] = {
    "plasma_lps_pg_per_ml": StateVar("pg/mL", 0.0, 1e6, "plasma endotoxin (bound + free, as the assay measures it)"),
    "lps_free_pg_per_ml": StateVar("pg/mL", 0.0, 1e6, "free (intravenous) endotoxin in plasma"),
    "monocytes_switched_on": StateVar("0-1", 0.0, 1.0, "fraction of blood monocytes switched on (all-or-none) by free intravenous LPS"),
    "tnf_pg_per_ml": StateVar("pg/mL", 0.0, 1e4, "plasma TNF"),
    "il6_pg_per_ml": StateVar("pg/mL", 0.0, 1e5, "plasma IL-6"),  # septic shock: 1e4-1e5 pg/mL
    "il10_pg_per_ml": StateVar("pg/mL", 0.0, 1e4, "plasma IL-10"),
    "crp_synthesis_mg_per_l": StateVar("mg/L", 0.0, 500.0, "hepatic CRP synthesis, as the CRP level it is heading to"),
    "crp_mg_per_l": StateVar("mg/L", 0.0, 500.0, "C-reactive protein"),
    "sickness_mood_hamd": StateVar("HAM-D points", 0.0, 20.0, "acute sickness mood while cytokines are in the acute range"),
    "crh_rel": StateVar("x healthy mean", 0.0, 50.0, "hypothalamic CRH drive"),
    "acth_rel": StateVar("x healthy mean", 0.0, 50.0, "pituitary ACTH"),
    "cortisol_nmol_per_l": StateVar("nmol/L", 0.0, 5000.0, "plasma cortisol"),
    "cortisol_24h_nmol_per_l": StateVar("nmol/L", 0.0, 5000.0, "24-h running mean of cortisol"),
    "crh_iv_ng_per_ml": StateVar("ng/mL", 0.0, 1e4, "injected (intravenous) CRH in plasma"),
    "stress_crh_adapted": StateVar("x healthy CRH drive", 0.0, 50.0, "stress-driven CRH the gut mucosa has adapted to"),
    "mast_cell_activation": StateVar("x healthy CRH drive", 0.0, 50.0, "acute CRH-driven mucosal mast-cell activation"),
    "barrier_stress_drive": StateVar("dimensionless", 0.0, 100.0, "stress damaging the gut barrier: the 24-h cortisol excess"),
    "junction_opening": StateVar("0-1", 0.0, 1.0, "share of gut tight junctions held open by mast-cell mediators (reversible)"),
    "allostatic_load": StateVar("0-1", 0.0, 1.0, "accumulated chronic stress burden"),
    "stress_perceived": StateVar("stress units", 0.0, 10.0, "perceived stress now"),
    "trp_um": StateVar("uM", 0.0, 300.0, "plasma tryptophan"),
    "kyn_um": StateVar("uM", 0.0, 100.0, "plasma kynurenine"),
    "serotonin_index": StateVar("x healthy", 0.0, 5.0, "brain serotonin signalling"),
    "bdnf_index": StateVar("x healthy", 0.0, 3.0, "brain BDNF"),
    "vagal_tone": StateVar("x healthy", 0.0, 5.0, "vagal afferent signalling from the gut"),
    "strain_vagal_tone": StateVar("x healthy", 0.0, 5.0, "the part of vagal tone administered strains add by touching the mucosa (0 after vagotomy or the strain_vagus knock-out)"),
    "strain_vagal_hama": StateVar("HAM-A points", 0.0, 56.0, "anxiety relief the strains' vagal route carries now (through central GABA): its share of a probiotic's anxiety effect"),
    "gaba_index": StateVar("x healthy", 0.0, 5.0, "central GABA signalling"),
    "ssri_effect": StateVar("0-1", 0.0, 1.0, "SSRI therapeutic effect (builds over days)"),
    "expectancy_effect": StateVar("0-1", 0.0, 1.0, "expectancy (placebo) effect"),
    "therapy_effect": StateVar("0-1", 0.0, 1.0, "psychotherapy effect"),
    "episode_onset_hamd": StateVar("HAM-D points", 0.0, 52.0, "the current episode's extra severity when first met"),
    "episode_clock_days": StateVar("days", 0.0, 1e6, "how far the episode's course has run (slower under stress)"),
    "episode_clock_untreated_days": StateVar("days", 0.0, 1e6, "the same clock without expectancy's stress relief"),
    "episode_hamd": StateVar("HAM-D points", 0.0, 52.0, "current depressive episode's extra severity"),
    "mood_noise_hamd": StateVar("HAM-D points", -30.0, 30.0, "day-to-day fluctuation of depression"),
    "anxiety_noise_hama": StateVar("HAM-A points", -30.0, 30.0, "day-to-day fluctuation of anxiety (correlated with depression's)"),
    "depression_core_hamd": StateVar("HAM-D points", 0.0, 52.0, "depression without the daily fluctuation"),
    "depression_hamd": StateVar("HAM-D-17, 0-52", 0.0, 52.0, "depression score"),
    "anxiety_core_hama": StateVar("HAM-A points", 0.0, 56.0, "anxiety without the daily fluctuation"),
    "anxiety_hama": StateVar("HAM-A, 0-56", 0.0, 56.0, "anxiety score"),
}

# What each pathway adds to the depression target now (HAM-D points); for the dashboard's breakdown.
MOOD_PATHWAYS = ("inflammation", "cortisol", "tryptophan", "bdnf", "vagus_gaba", "placebo", "treatment")


@dataclass
class GutSignals:
    """What the gut hands the host each hour (arrays of shape (n_hosts,))."""

    lps_flux_pg_per_h: np.ndarray
    mucosal_butyrate_mm: np.ndarray
    gaba_umol_per_h: np.ndarray
    strain_vagal_contact: np.ndarray | float = 0.0  # administered strains touching vagal afferent endings, 0-1 (gut.barrier)


@dataclass
class HostInputs:
    """Per-hour inputs from the schedule and interventions (arrays of shape (n_hosts,))."""

    stress: np.ndarray  # external perceived stress, stress units
    meal_fat_g: np.ndarray  # fat eaten in the last meal_fat_window_h hours (engine.meal_fat_recent), g
    lps_iv_pg: np.ndarray  # intravenous endotoxin given this hour, pg
    ssri: np.ndarray  # 0-1: dose taken (adherence)
    expectancy: np.ndarray  # 0-1: believes they are being treated
    psychotherapy: np.ndarray  # 0-1
    vagus_intact: np.ndarray  # 1, or 0 after vagotomy
    ido_blocked: np.ndarray  # 1 if IDO is blocked
    strain_vagus_blocked: np.ndarray | float = 0.0  # 1: knock-out of the strains' contact route to vagal afferents
    crh_iv_ug: np.ndarray | float = 0.0  # intravenous CRH given this hour, ug

    @classmethod
    def quiet(cls, n: int) -> HostInputs:
        z = np.zeros(n)
        return cls(z, z.copy(), z.copy(), z.copy(), z.copy(), z.copy(), np.ones(n), z.copy())


@dataclass
class HostState:
    """All host state variables as arrays; see HOST_STATE for units and ranges."""

    values: dict[str, np.ndarray] = field(default_factory=dict)
    pathways: dict[str, np.ndarray] = field(default_factory=dict)

    def __getitem__(self, key: str) -> np.ndarray:
        return self.values[key]

    @property
    def n(self) -> int:
        return len(next(iter(self.values.values())))

    def copy(self) -> HostState:
        return HostState({k: v.copy() for k, v in self.values.items()}, {k: v.copy() for k, v in self.pathways.items()})

    def out_of_range(self) -> list[str]:
        """Names of variables with NaN/inf or values outside their declared range."""
        bad = []
        for k, v in self.values.items():
            spec = HOST_STATE[k]
            if not np.all(np.isfinite(v)) or np.any(v < spec.low - 1e-9) or np.any(v > spec.high + 1e-9):
                bad.append(k)
        return bad


def init_host(p, n: int, depression_episode_hamd=0.0) -> HostState:
    """Hosts at an approximate healthy steady state (a warm-up run settles the rest)."""
    cort = ones(p, n, "cortisol_mean_nmol_per_l")
    trp = ones(p, n, "trp_plasma_um")
    il6 = ones(p, n, "il6_basal_pg_per_ml")
    episode = np.broadcast_to(np.asarray(depression_episode_hamd, float), (n,)).copy()
    dep = ones(p, n, "depression_trait_hamd") + episode
    anx = ones(p, n, "anxiety_trait_hama")
    crp = il6 * ones(p, n, "crp_per_il6_mg_per_l")
    z = np.zeros(n)
    v = {
        "plasma_lps_pg_per_ml": ones(p, n, "healthy_plasma_lps_pg_per_ml"), "lps_free_pg_per_ml": z.copy(), "monocytes_switched_on": z.copy(),
        "tnf_pg_per_ml": ones(p, n, "tnf_basal_pg_per_ml"), "il6_pg_per_ml": il6, "il10_pg_per_ml": z.copy(),
        "crp_synthesis_mg_per_l": crp.copy(), "crp_mg_per_l": crp, "sickness_mood_hamd": z.copy(),
        "crh_rel": np.ones(n), "acth_rel": np.ones(n), "cortisol_nmol_per_l": cort.copy(), "cortisol_24h_nmol_per_l": cort.copy(),
        "crh_iv_ng_per_ml": z.copy(), "stress_crh_adapted": z.copy(), "mast_cell_activation": z.copy(), "barrier_stress_drive": z.copy(), "junction_opening": z.copy(),
        "allostatic_load": z.copy(), "stress_perceived": ones(p, n, "stress_baseline"),
        "trp_um": trp, "kyn_um": trp * ones(p, n, "kyn_trp_healthy_umol_per_mmol") / 1000.0,
        "serotonin_index": np.ones(n), "bdnf_index": np.ones(n), "vagal_tone": np.ones(n), "gaba_index": np.ones(n),
        "strain_vagal_tone": z.copy(), "strain_vagal_hama": z.copy(),
        "ssri_effect": z.copy(), "expectancy_effect": z.copy(), "therapy_effect": z.copy(),
        "episode_onset_hamd": episode.copy(), "episode_clock_days": z.copy(), "episode_clock_untreated_days": z.copy(),
        "episode_hamd": episode, "mood_noise_hamd": z.copy(), "anxiety_noise_hama": z.copy(),
        "depression_core_hamd": dep.copy(), "depression_hamd": dep.copy(), "anxiety_core_hama": anx.copy(), "anxiety_hama": anx.copy(),
    }
    return HostState(v, {k: z.copy() for k in MOOD_PATHWAYS})


def advance_host(s: HostState, gut: GutSignals, u: HostInputs, p, t_h: float, dt_h: float, noise: np.ndarray,
                 settle: bool = False) -> None:
    """Advance every host by ``dt_h`` hours in place.

    ``noise``: independent standard normal draws of shape (2, n): row 0 drives depression's
    fluctuation, row 1 anxiety's (correlated with depression's inside ``mood``).
    ``settle``: BDNF, depression and anxiety take their current targets this hour instead of
    relaxing toward them (days to weeks). Used once at the end of a warm-up: the person has
    lived with this gut and this physiology for a while before we meet them, so their mood
    already reflects it rather than climbing toward it in the first weeks of a run."""
    v = s.values
    noise = np.asarray(noise, float).reshape(2, -1)
    v["stress_perceived"], stress_raw = perceived_stress(v, u, p)  # 1
    gr_sensitivity = advance_load(v, p, dt_h)
    advance_blood(v, gut, u, p, dt_h)  # 2
    il6_stress = np.clip(v["stress_perceived"] - REFERENCE_STRESS, 0.0, p.il6_stress_full_units) / p.il6_stress_full_units
    il6_excess = advance_immunity(v, p, gr_sensitivity, il6_stress, dt_h, gut.strain_vagal_contact)  # 3
    advance_iv_crh(v, u, p, dt_h)  # 4
    cort_excess = advance_hpa(v, p, t_h, dt_h, il6_excess, gr_sensitivity)
    advance_tryptophan(v, u, p, dt_h, il6_excess, cort_excess)  # 5
    advance_brain(v, gut, u, p, dt_h, il6_excess, cort_excess, settle)  # 6
    advance_episode(v, p, stress_raw, dt_h)  # 7
    advance_mood(s, p, dt_h, noise, settle)


def diet_multiplier(s: HostState, p) -> np.ndarray:
    """Low mood worsens diet (a hypothesis: params/host.py, diet_mood_feedback): fraction of planned fibre actually eaten
    (sugar rises by the inverse; fat does not change)."""
    dep_excess = np.maximum(s["depression_hamd"] - p.hamd_normal_max, 0.0)
    return np.clip(1.0 - p.diet_mood_feedback * dep_excess, p.diet_mood_min_fraction, 1.0)


def host_state_names() -> list[str]:
    return list(HOST_STATE)


__all__ = [
    "HOST_STATE",
    "MOOD_PATHWAYS",
    "GutSignals",
    "HostInputs",
    "HostState",
    "advance_host",
    "circadian_drive",
    "diet_multiplier",
    "init_host",
]
