"""Host physiology, vectorised over hosts: blood, immunity, HPA axis, tryptophan, BDNF, GABA, vagus, mood.

Pure numpy: no Mesa. Every state variable is an array of shape (n_hosts,), so the same
code advances one host (the dashboard) or ten thousand (virtual trials). Parameters may be
floats or arrays of the same shape. Linear relaxations use the exact exponential update,
so one-hour steps are stable for any half-life.

Order inside ``advance_host`` (one hour):
  1. stress: external + mood feedback; allostatic load and GR resistance
  2. blood: plasma LPS from gut flux, fat-boosted uptake and IV boluses; clearance
  3. immunity: TNF (TLR4, suppressed by cortisol, IL-10 and vagal reflex), IL-10, IL-6, CRP
  4. HPA: CRH -> ACTH -> cortisol with daily rhythm, GR feedback, cytokine and vagal inputs
  5. tryptophan: IDO (cytokines) and TDO (cortisol) shunt to kynurenine
  6. vagus and GABA; BDNF; treatments' slow effects (SSRI, expectancy, psychotherapy)
  7. mood: depression (HAM-D) and anxiety (HAM-A) relax toward their targets, plus noise
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..params import PARAMETERS

LN2 = float(np.log(2.0))
# Perceived stress of an unstressed healthy adult (the default of ``stress_baseline``): the HPA
# axis and IL-6 respond to stress above this everyday level, so chronic stress raises cortisol.
REFERENCE_STRESS = PARAMETERS["stress_baseline"].default
PLACEBO_REFERENCE_HAMD = 20.0  # psychological burden (trait + episode, HAM-D points) at which expectancy relief = placebo_response_hamd


@dataclass(frozen=True)
class StateVar:
    unit: str
    low: float
    high: float
    description: str


# Declared once: unit and allowed range of every host state variable.
HOST_STATE: dict[str, StateVar] = {
    "plasma_lps_pg_per_ml": StateVar("pg/mL", 0.0, 1e6, "plasma endotoxin"),
    "tnf_pg_per_ml": StateVar("pg/mL", 0.0, 1e4, "plasma TNF"),
    "il6_pg_per_ml": StateVar("pg/mL", 0.0, 1e4, "plasma IL-6"),
    "il10_pg_per_ml": StateVar("pg/mL", 0.0, 1e4, "plasma IL-10"),
    "crp_mg_per_l": StateVar("mg/L", 0.0, 500.0, "C-reactive protein"),
    "crh_rel": StateVar("x healthy mean", 0.0, 50.0, "hypothalamic CRH drive"),
    "acth_rel": StateVar("x healthy mean", 0.0, 50.0, "pituitary ACTH"),
    "cortisol_nmol_per_l": StateVar("nmol/L", 0.0, 5000.0, "plasma cortisol"),
    "cortisol_24h_nmol_per_l": StateVar("nmol/L", 0.0, 5000.0, "24-h running mean of cortisol"),
    "allostatic_load": StateVar("0-1", 0.0, 1.0, "accumulated chronic stress burden"),
    "stress_perceived": StateVar("stress units", 0.0, 10.0, "perceived stress now"),
    "trp_um": StateVar("uM", 0.0, 300.0, "plasma tryptophan"),
    "kyn_um": StateVar("uM", 0.0, 100.0, "plasma kynurenine"),
    "serotonin_index": StateVar("x healthy", 0.0, 5.0, "brain serotonin signalling"),
    "bdnf_index": StateVar("x healthy", 0.0, 3.0, "brain BDNF"),
    "vagal_tone": StateVar("x healthy", 0.0, 5.0, "vagal afferent signalling from the gut"),
    "gaba_index": StateVar("x healthy", 0.0, 5.0, "central GABA signalling"),
    "ssri_effect": StateVar("0-1", 0.0, 1.0, "SSRI therapeutic effect (builds over weeks)"),
    "expectancy_effect": StateVar("0-1", 0.0, 1.0, "expectancy (placebo) effect"),
    "therapy_effect": StateVar("0-1", 0.0, 1.0, "psychotherapy effect"),
    "episode_hamd": StateVar("HAM-D points", 0.0, 52.0, "current depressive episode's extra severity"),
    "mood_noise_hamd": StateVar("HAM-D points", -30.0, 30.0, "day-to-day fluctuation"),
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
    probiotic_cfu: np.ndarray


@dataclass
class HostInputs:
    """Per-hour inputs from the schedule and interventions (arrays of shape (n_hosts,))."""

    stress: np.ndarray  # external perceived stress, stress units
    meal_fat_g: np.ndarray  # fat eaten in the last 4 h, g
    lps_iv_pg: np.ndarray  # intravenous endotoxin given this hour, pg
    ssri: np.ndarray  # 0-1: dose taken (adherence)
    expectancy: np.ndarray  # 0-1: believes they are being treated
    psychotherapy: np.ndarray  # 0-1
    vagus_intact: np.ndarray  # 1, or 0 after vagotomy
    ido_blocked: np.ndarray  # 1 if IDO is blocked

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


def _relax(x, target, half_life_h, dt_h):
    """Exact solution of dx/dt = (target - x) * ln2 / half_life over dt."""
    return target + (x - target) * np.exp(-LN2 * dt_h / half_life_h)


def _relax_tau(x, target, tau_h, dt_h):
    return target + (x - target) * np.exp(-dt_h / tau_h)


def _saturating(x, ec50):
    return x / (ec50 + x)


def _capped(x, cap):
    """Saturation that leaves the healthy value 1 unchanged: f(1) = 1, f(x -> inf) = cap + 1.

    Organs have finite capacity (adrenal cortisol output, hepatic CRP synthesis, IDO induction).
    """
    return x * (1.0 + 1.0 / cap) / (1.0 + x / cap)


# Capacity limits, relative to the healthy value (physiological maxima)
CRH_DRIVE_CAP = 20.0  # hypothalamic drive
ADRENAL_CAP = 10.0  # cortisol up to ~11x the daily mean (~2400 nmol/L), severe illness
IDO_CAP = 9.0  # IDO activity up to 10x baseline (Schrocksnadel 2006)
CRP_CAP_MG_PER_L = 400.0  # sepsis-level CRP


_I0_OF_2 = 2.2795853023360673  # modified Bessel function I0(2): mean of exp(2 cos x)


def circadian_drive(hour_of_day, p):
    """Daily CRH drive (mean 1): a sharp waking peak and a long flat night nadir (von Mises shape).

    The drive leads the cortisol peak by ~1.5 h (the CRH -> ACTH -> cortisol lag).
    """
    phase = 2 * np.pi * (hour_of_day - (p.cortisol_peak_hour - 1.5)) / 24.0
    return 1.0 + p.cortisol_circadian_amplitude * (np.exp(2.0 * np.cos(phase)) / _I0_OF_2 - 1.0)


def _ones(p, n, name):
    return np.broadcast_to(np.asarray(p[name], dtype=float), (n,)).astype(float)


def init_host(p, n: int, depression_episode_hamd=0.0) -> HostState:
    """Hosts at an approximate healthy steady state (a warm-up run settles the rest)."""
    cort = _ones(p, n, "cortisol_mean_nmol_per_l")
    trp = _ones(p, n, "trp_plasma_um")
    kyn = trp * _ones(p, n, "kyn_trp_healthy_umol_per_mmol") / 1000.0
    il6 = _ones(p, n, "il6_basal_pg_per_ml")
    episode = np.broadcast_to(np.asarray(depression_episode_hamd, float), (n,)).copy()
    dep = _ones(p, n, "depression_trait_hamd") + episode
    anx = _ones(p, n, "anxiety_trait_hama")
    z = np.zeros(n)
    v = {
        "plasma_lps_pg_per_ml": np.full(n, 8.0),
        "tnf_pg_per_ml": _ones(p, n, "tnf_basal_pg_per_ml"),
        "il6_pg_per_ml": il6,
        "il10_pg_per_ml": z.copy(),
        "crp_mg_per_l": il6 * _ones(p, n, "crp_per_il6_mg_per_l"),
        "crh_rel": np.ones(n),
        "acth_rel": np.ones(n),
        "cortisol_nmol_per_l": cort.copy(),
        "cortisol_24h_nmol_per_l": cort.copy(),
        "allostatic_load": z.copy(),
        "stress_perceived": _ones(p, n, "stress_baseline"),
        "trp_um": trp,
        "kyn_um": kyn,
        "serotonin_index": np.ones(n),
        "bdnf_index": np.ones(n),
        "vagal_tone": np.ones(n),
        "gaba_index": np.ones(n),
        "ssri_effect": z.copy(),
        "expectancy_effect": z.copy(),
        "therapy_effect": z.copy(),
        "episode_hamd": episode,
        "mood_noise_hamd": z.copy(),
        "depression_core_hamd": dep.copy(),
        "depression_hamd": dep.copy(),
        "anxiety_core_hama": anx.copy(),
        "anxiety_hama": anx.copy(),
    }
    return HostState(v, {k: z.copy() for k in MOOD_PATHWAYS})


def advance_host(s: HostState, gut: GutSignals, u: HostInputs, p, t_h: float, dt_h: float, noise: np.ndarray,
                 settle: bool = False) -> None:
    """Advance every host by ``dt_h`` hours in place. ``noise`` is standard normal, shape (n,).

    ``settle``: BDNF, depression and anxiety take their current targets this hour instead of
    relaxing toward them (days to weeks). Used once at the end of a warm-up: the person has
    lived with this gut and this physiology for a while before we meet them, so their mood
    already reflects it rather than climbing toward it in the first weeks of a run."""
    v = s.values
    dep_excess = np.maximum(v["depression_hamd"] - 7.0, 0.0)

    # 1. stress and allostatic load ---------------------------------------------------
    stress = u.stress + p.stress_baseline + p.mood_stress_feedback * dep_excess
    # expecting to be helped (and being cared for in a trial) relieves part of the distress
    stress = stress - p.placebo_stress_relief * v["expectancy_effect"] * np.maximum(stress - REFERENCE_STRESS, 0.0)
    v["stress_perceived"] = np.clip(stress, 0.0, 10.0)
    load_target = np.clip(stress - 0.5, 0.0, 1.0)
    v["allostatic_load"] = _relax_tau(v["allostatic_load"], load_target, p.allostatic_time_constant_days * 24.0, dt_h)
    gr_sensitivity = 1.0 - p.gr_resistance_at_full_load * v["allostatic_load"]

    # 2. blood: plasma LPS ----------------------------------------------------------------
    fat_boost = 1.0 + p.fat_lps_uptake_per_g * u.meal_fat_g
    lps_in_pg_per_ml_h = gut.lps_flux_pg_per_h * fat_boost / p.plasma_volume_ml
    k_lps = LN2 / p.plasma_lps_half_life_h
    lps_target = lps_in_pg_per_ml_h / k_lps
    lps = _relax(v["plasma_lps_pg_per_ml"], lps_target, p.plasma_lps_half_life_h, dt_h)
    lps = lps + u.lps_iv_pg / p.plasma_volume_ml * np.exp(-k_lps * dt_h * 0.5)
    v["plasma_lps_pg_per_ml"] = lps

    # 3. immunity ------------------------------------------------------------------------
    cort_rel = v["cortisol_24h_nmol_per_l"] / p.cortisol_mean_nmol_per_l
    # glucocorticoid resistance of immune cells under chronic stress blunts cortisol's brake on
    # cytokines (Miller, Cohen & Ritchey 2002; Pariante & Lightman 2008)
    suppress_cort = 1.0 - p.cortisol_cytokine_suppression * gr_sensitivity * np.clip(cort_rel - 1.0, -1.0, 3.0)
    suppress_il10 = 1.0 / (1.0 + v["il10_pg_per_ml"] / 20.0)
    suppress_vagal = 1.0 - p.vagal_anti_inflammatory * np.minimum(v["vagal_tone"], 2.0) + p.vagal_anti_inflammatory
    suppression = np.clip(suppress_cort * suppress_il10 * suppress_vagal, 0.05, 3.0)
    tnf_target = p.tnf_basal_pg_per_ml + p.tnf_max_pg_per_ml * _saturating(lps, p.tnf_lps_ec50_pg_per_ml) * suppression
    v["tnf_pg_per_ml"] = _relax(v["tnf_pg_per_ml"], tnf_target, p.tnf_half_life_h, dt_h)
    tnf_excess = np.maximum(v["tnf_pg_per_ml"] - p.tnf_basal_pg_per_ml, 0.0)
    v["il10_pg_per_ml"] = _relax(v["il10_pg_per_ml"], p.il10_per_tnf * tnf_excess, p.il10_half_life_h, dt_h)
    il6_target = (
        p.il6_basal_pg_per_ml
        + p.il6_per_tnf * tnf_excess
        + p.il6_stress_pg_per_ml * np.clip(v["stress_perceived"] - REFERENCE_STRESS, 0.0, 3.0) / 3.0
    )
    v["il6_pg_per_ml"] = _relax(v["il6_pg_per_ml"], il6_target, p.il6_half_life_h, dt_h)
    crp_drive = p.crp_per_il6_mg_per_l * v["il6_pg_per_ml"]
    crp_target = crp_drive / (1.0 + crp_drive / CRP_CAP_MG_PER_L)
    v["crp_mg_per_l"] = _relax(v["crp_mg_per_l"], crp_target, p.crp_half_life_h, dt_h)
    il6_excess = np.maximum(v["il6_pg_per_ml"] - p.il6_basal_pg_per_ml, 0.0)

    # 4. HPA axis --------------------------------------------------------------------------
    hour = (t_h % 24.0) + dt_h
    vagal_damp = np.clip(1.0 - p.vagal_hpa_damping * (v["vagal_tone"] - 1.0), 0.3, 1.5)
    stress_drive = p.stress_cortisol_gain * np.maximum(stress - REFERENCE_STRESS, 0.0) * vagal_damp
    drive = circadian_drive(hour, p) * (1.0 + stress_drive + p.cytokine_hpa_gain * il6_excess)
    cort_ratio = v["cortisol_nmol_per_l"] / p.cortisol_mean_nmol_per_l
    g = p.gr_feedback_strength * gr_sensitivity
    feedback = (1.0 + g) / (1.0 + g * cort_ratio)
    v["crh_rel"] = _relax(v["crh_rel"], _capped(drive * feedback, CRH_DRIVE_CAP), p.crh_half_life_h, dt_h)
    v["acth_rel"] = _relax(v["acth_rel"], v["crh_rel"], p.acth_half_life_h, dt_h)
    adrenal = _capped(v["acth_rel"], ADRENAL_CAP)
    v["cortisol_nmol_per_l"] = _relax(v["cortisol_nmol_per_l"], adrenal * p.cortisol_mean_nmol_per_l, p.cortisol_half_life_h, dt_h)
    v["cortisol_24h_nmol_per_l"] = _relax_tau(v["cortisol_24h_nmol_per_l"], v["cortisol_nmol_per_l"], 24.0, dt_h)
    cort_excess = np.maximum(v["cortisol_24h_nmol_per_l"] / p.cortisol_mean_nmol_per_l - 1.0, 0.0)

    # 5. tryptophan -> kynurenine ----------------------------------------------------------
    ido = _capped(1.0 + p.ido_per_il6 * il6_excess, IDO_CAP) * (1.0 - u.ido_blocked)
    tdo = 1.0 + p.tdo_per_cortisol * cort_excess
    kyn_share = 0.5 * ido + 0.5 * tdo  # relative flux through IDO+TDO (1 = healthy)
    base_kyn_frac = 0.5  # half of tryptophan turnover goes down the kynurenine path in health
    trp_target = p.trp_plasma_um * (p.tryptophan_mg_per_day / 900.0) / (1 - base_kyn_frac + base_kyn_frac * kyn_share)
    v["trp_um"] = _relax_tau(v["trp_um"], trp_target, p.trp_turnover_h, dt_h)
    kyn_target = p.kyn_trp_healthy_umol_per_mmol / 1000.0 * v["trp_um"] * kyn_share
    v["kyn_um"] = _relax_tau(v["kyn_um"], kyn_target, p.trp_turnover_h, dt_h)

    # 6. vagus, GABA, BDNF, slow treatment effects ------------------------------------------
    probiotic_signal = _saturating(gut.probiotic_cfu, p.probiotic_signal_ec50_cfu)
    butyrate_rel = gut.mucosal_butyrate_mm / p.healthy_mucosal_butyrate_mm
    vagal = (
        1.0
        + p.vagal_butyrate_gain * np.clip(butyrate_rel - 1.0, -1.0, 1.0)
        + p.vagal_probiotic_gain * probiotic_signal
        - p.vagal_inflammation_loss * il6_excess
    )
    v["vagal_tone"] = np.clip(vagal, 0.0, 5.0) * u.vagus_intact
    gaba_rel = np.maximum(gut.gaba_umol_per_h, 1e-6) / p.healthy_gut_gaba_umol_per_h
    gaba = 1.0 + p.gaba_vagal_gain * (v["vagal_tone"] - 1.0) + p.gut_gaba_gain * np.clip(np.log2(gaba_rel), -2.0, 2.0) * u.vagus_intact
    v["gaba_index"] = np.clip(gaba, 0.0, 5.0)
    tau_onset = p.ssri_onset_days * 24.0
    v["ssri_effect"] = _relax_tau(v["ssri_effect"], u.ssri, tau_onset, dt_h)
    v["expectancy_effect"] = _relax_tau(v["expectancy_effect"], u.expectancy, np.where(u.expectancy > v["expectancy_effect"], 7 * 24.0, 21 * 24.0), dt_h)
    v["therapy_effect"] = _relax_tau(v["therapy_effect"], u.psychotherapy, 28 * 24.0, dt_h)
    # cortisol and inflammation lower BDNF; a probiotic signal (via the vagus) prevents part of
    # that loss (it restores, it does not raise BDNF above health: Bercik 2011); SSRIs raise it
    bdnf_loss = p.bdnf_cortisol_loss * cort_excess + p.bdnf_inflammation_loss * il6_excess
    bdnf_target = (
        1.0
        - bdnf_loss * (1.0 - p.bdnf_probiotic_gain * probiotic_signal * u.vagus_intact)
        + p.ssri_bdnf_gain * v["ssri_effect"]
    )
    bdnf_target = np.clip(bdnf_target, 0.2, 2.5)
    v["bdnf_index"] = bdnf_target if settle else _relax_tau(v["bdnf_index"], bdnf_target, p.bdnf_time_constant_days * 24.0, dt_h)
    trp_rel = v["trp_um"] / p.trp_plasma_um
    v["serotonin_index"] = np.clip(trp_rel * (1.0 + p.ssri_serotonin_gain * v["ssri_effect"]), 0.0, 5.0)

    # 7. mood -----------------------------------------------------------------------------
    pw = s.pathways
    # inflammation weighs on mood above the low-grade threshold (the 'inflamed' subgroup)
    il6_mood = np.maximum(v["il6_pg_per_ml"] - p.il6_mood_threshold_pg_per_ml, 0.0)
    pw["inflammation"] = p.weight_inflammation_hamd * il6_mood
    pw["cortisol"] = p.weight_cortisol_hamd * cort_excess + p.allostatic_lock_in_hamd * v["allostatic_load"]
    pw["tryptophan"] = p.weight_serotonin_hamd * (1.0 - v["serotonin_index"])
    pw["bdnf"] = p.weight_bdnf_hamd * (1.0 - v["bdnf_index"])
    # a GABA deficit deepens depression; above-normal GABA signalling is not antidepressant
    # (GABA-ergic drugs such as benzodiazepines do not treat depression)
    pw["vagus_gaba"] = p.weight_gaba_hamd * np.maximum(1.0 - v["gaba_index"], 0.0)
    pw["treatment"] = -p.psychotherapy_hamd * v["therapy_effect"]
    v["episode_hamd"] = _relax_tau(v["episode_hamd"], 0.0, p.episode_remission_days * 24.0, dt_h)
    # expectancy relieves a share of the psychological (non-modelled) part of the symptoms:
    # placebo responses grow with severity (Rief 2009; Furukawa 2016) and cannot push a
    # healthy score below zero; the biological pathways add to it
    psychological = p.depression_trait_hamd + v["episode_hamd"]
    severity = np.clip(psychological / PLACEBO_REFERENCE_HAMD, 0.0, 1.5)
    pw["placebo"] = -p.placebo_response_hamd * v["expectancy_effect"] * severity
    dep_target = psychological + sum(pw.values())
    tau_mood = p.mood_time_constant_days * 24.0
    dep_target = np.clip(dep_target, 0, 52)
    v["depression_core_hamd"] = dep_target if settle else np.clip(_relax_tau(v["depression_core_hamd"], dep_target, tau_mood, dt_h), 0, 52)
    # Ornstein-Uhlenbeck fluctuation with a 3-day memory; stationary SD = mood_noise_hamd
    a = np.exp(-dt_h / 72.0)
    v["mood_noise_hamd"] = np.clip(a * v["mood_noise_hamd"] + p.mood_noise_hamd * np.sqrt(1 - a * a) * noise, -30, 30)
    v["depression_hamd"] = np.clip(v["depression_core_hamd"] + v["mood_noise_hamd"], 0.0, 52.0)

    anx_target = (
        p.anxiety_trait_hama
        + p.weight_inflammation_hama * np.maximum(v["il6_pg_per_ml"] - p.il6_mood_threshold_pg_per_ml, 0.0)
        + p.weight_cortisol_hama * cort_excess
        - p.vagal_anxiolysis_gain * p.weight_gaba_hama * (v["gaba_index"] - 1.0)
        + p.anxiety_from_depression * np.maximum(v["depression_core_hamd"] - 7.0, 0.0)
        + p.placebo_anxiety_fraction * pw["placebo"]
    )
    anx_target = np.clip(anx_target, 0, 56)
    v["anxiety_core_hama"] = anx_target if settle else np.clip(_relax_tau(v["anxiety_core_hama"], anx_target, tau_mood, dt_h), 0, 56)
    v["anxiety_hama"] = np.clip(v["anxiety_core_hama"] + 1.1 * v["mood_noise_hamd"], 0.0, 56.0)


def diet_multiplier(s: HostState, p) -> np.ndarray:
    """Low mood worsens diet: fraction of planned fibre actually eaten (fat/sugar rise by the inverse)."""
    dep_excess = np.maximum(s["depression_hamd"] - 7.0, 0.0)
    return np.clip(1.0 - p.diet_mood_feedback * dep_excess, 0.3, 1.0)


def host_state_names() -> list[str]:
    return list(HOST_STATE)


__all__ = [
    "HOST_STATE",
    "MOOD_PATHWAYS",
    "GutSignals",
    "HostInputs",
    "HostState",
    "advance_host",
    "diet_multiplier",
    "init_host",
    "circadian_drive",
]
