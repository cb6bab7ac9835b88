"""The probiotic targets C1 (MDD), C2 (healthy) and C11 (SSRI vs probiotic): a paired-seed estimate and the full trials.

A paired-seed estimate runs the same people twice (same draws, same streams: common random
numbers), once under placebo and once under the treatment, both blinded (expectancy from the
screening week on, as in a trial), and reports the mean end-of-trial HAM-D difference and a
standardised effect (difference / SD of end scores in the control run). It has no sampling
noise from allocation, so a few dozen people bound the true effect that replicate trials of
150 per arm estimate (``check_probiotic_trials``, ``gutbrain calibrate --check`` and the long
test tier).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..interventions import intervention_from_dict
from ..trials.cohort import one_arm

WEEKS = 8
WARMUP_DAYS = 21
PROBIOTIC = {"type": "probiotic", "dose_cfu_per_day": 1e10, "expectancy": 0.0}
SSRI = {"type": "ssri", "expectancy": 0.0}


@dataclass
class PairedEffect:
    host: str
    n: int
    hamd_difference: float  # treatment - placebo, mean of the paired end-of-trial differences, HAM-D points
    hamd_difference_se: float  # standard error of that mean, HAM-D points
    g: float  # hamd_difference / SD of the placebo run's end scores (a large-sample Hedges g)
    responders_placebo: float  # share with >= 50% fall from baseline
    responders_treatment: float
    pathways: dict  # treatment - placebo, mean over the last week of the mood pathways and their inputs (strain_*: the strains' routes)


def screening_arm(host: str, interventions: list, n: int, seed: int, params: dict | None, warmup_days: int = WARMUP_DAYS):
    """``n`` people of ``host`` (the paired estimates' draws) after ``warmup_days`` of life, at the start of a trial's
    screening week (clock hour -168)."""
    arm = one_arm(host, interventions, n, seed, prefix="paired", params=params)
    warm_h = warmup_days * 24
    arm.advance(warm_h, -(warm_h + 168), settle_last=True)
    return arm


def end_of_trial_means(host: str, interventions: list[dict], n: int, seed: int, params: dict | None, *,
                       weeks: int = WEEKS, warmup_days: int = WARMUP_DAYS) -> tuple[dict, np.ndarray]:
    """Mean of the last week's mood pathways (and the end HAM-D) of ``n`` people of ``host`` under ``interventions``
    for ``weeks`` after ``warmup_days`` and a blinded screening week. An intervention without a ``start_day`` (the
    module's constants) runs the whole trial; one with it (a trial arm's, ``Intervention.to_dict``) keeps its window."""
    days = weeks * 7
    ivs = [intervention_from_dict(d if "start_day" in d else {**d, "stop_day": days}, "paired estimate", days) for d in interventions]
    arm = screening_arm(host, ivs, n, seed, params, warmup_days)
    arm.expectancy = np.ones(n)  # blinded: everyone expects to be helped from screening on
    arm.advance(168, -168)
    baseline = arm.state["depression_hamd"].copy()
    arm.advance(days * 24 - 168, 0)
    last = {k: [] for k in ("depression_hamd", "anxiety_hama", "plasma_lps_pg_per_ml", "il6_pg_per_ml", "cortisol_nmol_per_l",
                            "vagal_tone", "strain_vagal_tone", "strain_vagal_hama")}  # strain_*: the strains' vagal route's share
    for h in range(days * 24 - 168, days * 24):
        arm.step(h)
        for k in last:
            last[k].append(arm.state[k].copy())
    out = {k: np.mean(v, axis=0) for k, v in last.items()}
    # the strains' HPA route: the share of the CRH drive their vagal signal removes (physiology.hpa; the floor aside)
    out["strain_crh_damping"] = np.asarray(arm.p["strain_crh_damping"], float) * out["strain_vagal_tone"]
    out["permeability_lm_ratio"] = arm.measure()["permeability_lm_ratio"]
    out["end_hamd"] = arm.state["depression_hamd"].copy()
    return out, baseline


def paired_effects(host: str, treatments: dict[str, dict], n: int, seed: int, params: dict | None = None) -> dict[str, PairedEffect]:
    """Each treatment against placebo in the same ``n`` people of ``host`` (module docstring); placebo runs once."""
    placebo, base = end_of_trial_means(host, [], n, seed, params)
    sd = float(placebo["end_hamd"].std(ddof=1))
    out = {}
    for name, treatment in treatments.items():
        treated, base_t = end_of_trial_means(host, [treatment], n, seed, params)
        if not np.array_equal(base, base_t):
            raise RuntimeError("paired runs must start from the same people")
        d = treated["end_hamd"] - placebo["end_hamd"]
        resp = [float(np.mean(r["end_hamd"] <= 0.5 * base)) for r in (placebo, treated)]
        path = {k: round(float(np.mean(treated[k] - placebo[k])), 4) for k in placebo if k != "end_hamd"}
        out[name] = PairedEffect(host, n, float(d.mean()), float(d.std(ddof=1) / math.sqrt(n)), float(d.mean()) / max(sd, 1e-9),
                                 resp[0], resp[1], path)
    return out


def probiotic_results(trials: dict, t: dict) -> list:
    """C1 and C11 from the large three-arm MDD trial (``trials["mdd_large"]``), C2 from the healthy trial."""
    from .target_checks import TargetResult, g_se, in_range, is_near, median_g, replicate_gs

    large, healthy = trials["mdd_large"], trials["healthy"]
    g1, anx1 = median_g(large, "probiotic"), median_g(large, "probiotic", "anxiety_hama")
    diff1 = -float(np.mean([c["mean_difference"] for c in replicate_gs(large, "probiotic")]))
    k1 = len(replicate_gs(large, "probiotic"))
    n1 = int((large.participants.arm == "probiotic").sum() // max(k1, 1))
    c1 = t["C1_probiotic_mdd"]
    diff_ok = 0.5 <= diff1 <= 2.0
    out = [TargetResult("C1_probiotic_mdd", c1["what"], c1["range"], round(g1, 3), "Hedges g", in_range(g1, c1["range"]) and diff_ok, c1["check"],
                        {"replicates": k1, "per_arm": n1, "mean_end_hamd_difference_points": round(diff1, 3),
                         "median_hedges_g_anxiety": round(anx1, 3), "anxiety_smaller_than_depression": bool(abs(anx1) < abs(g1))},
                        is_near(g1, c1["range"], g_se(large, "probiotic"), diff_ok))]
    g2 = median_g(healthy, "probiotic")
    k2 = len(replicate_gs(healthy, "probiotic"))
    c2 = t["C2_probiotic_healthy"]
    smaller = abs(g2) < abs(g1)
    se2 = g_se(healthy, "probiotic")
    # "smaller than C1" within two standard errors of the two medians' difference: not settled by so few replicates
    smaller_near = abs(g2) - abs(g1) <= 2.0 * math.hypot(se2, g_se(large, "probiotic"))
    ok2 = in_range(g2, c2["range"])
    out.append(TargetResult("C2_probiotic_healthy", c2["what"], c2["range"], round(g2, 3), "Hedges g", ok2 and smaller,
                            c2["check"], {"replicates": k2, "smaller_than_C1": bool(smaller), "median_g_C1": round(g1, 3)},
                            (ok2 or is_near(g2, c2["range"], se2, True)) and smaller_near))
    g_ssri = median_g(large, "ssri")
    P = large.participants
    resp_ssri, resp_prob = float(P[P.arm == "ssri"].responder.mean()), float(P[P.arm == "probiotic"].responder.mean())
    c11 = t["C11_ssri_vs_probiotic"]
    out.append(TargetResult("C11_ssri_vs_probiotic", c11["what"], None, round(abs(g_ssri) - abs(g1), 3), "|g_ssri| - |g_probiotic|",
                            abs(g_ssri) > abs(g1) and resp_ssri > resp_prob, c11["check"],
                            {"replicates": k1, "per_arm": n1, "median_g_ssri": round(g_ssri, 3), "median_g_probiotic": round(g1, 3),
                             "responders_ssri": round(resp_ssri, 3), "responders_probiotic": round(resp_prob, 3)}))
    return out
