"""Trial analysis: the participants' rated scores -> per-arm statistics, contrasts against the
control (Hedges g), pooling over replicates.

``trials.run_trial`` simulates; this module only reads the groups it returns.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .spec import OUTCOMES, TrialSpec
from .stats import hedges_g, random_effects

MEANINGFUL_CHANGE_HAMD = 3.9  # Rush 2021: minimal clinically important HAM-D change
REMISSION_HAMD = 7.0
OUTCOME_UNITS = {"depression_hamd": "HAM-D-17 points (0-52)", "anxiety_hama": "HAM-A points (0-56)", "crp_mg_per_l": "mg/L"}
WEEKLY_PREFIX = "_rated_hamd_week"
NOT_MEDICAL_ADVICE = "gutbrain_sim is a teaching model, not medical advice."


def _frames(spec: TrialSpec, parts: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame]:
    rows, course = [], []
    arm_order = {a.name: i for i, a in enumerate(spec.arms)}
    for part in parts:
        for grp in part["groups"]:
            n = len(grp["row"])
            d = {"replicate": grp["replicate"], "arm": np.full(n, grp["arm"])}
            d.update(grp["traits"])
            d.update({f"baseline_{k}": v for k, v in grp["baseline_gut"].items()})
            d["screening_hamd"] = grp["screening_hamd"]
            d["dropout_week"] = np.where(grp["dropped"] >= 0, grp["dropped"], np.nan)
            for o in OUTCOMES:
                d[f"{o}_baseline"] = grp["rated"][o][0]
                d[f"{o}_final"] = grp["rated"][o][-1]
            d["depression_hamd_final_true"] = grp["true"]["depression_hamd"][-1]
            for w, week_scores in enumerate(grp["rated"]["depression_hamd"]):  # split off below, never written
                d[f"{WEEKLY_PREFIX}{w}"] = week_scores
            d["translocated_bacteria"] = grp["translocated_bacteria"]
            d["translocated_probiotic_bacteria"] = grp["translocated_probiotic_bacteria"]
            d["bacteraemia_episodes"] = grp["bacteraemia_episodes"]
            d["bacteraemia_probiotic_episodes"] = grp["bacteraemia_probiotic_episodes"]
            frame = pd.DataFrame(d)
            frame.insert(2, "participant", np.arange(n) - np.searchsorted(grp["replicate"], grp["replicate"]))
            frame.insert(3, "drawn_as", grp["person"])  # the person's index among those drawn for the arm (replay)
            frame["_arm_order"] = arm_order[grp["arm"]]
            rows.append(frame)
            weeks = grp["rated"]["depression_hamd"].shape[0]
            for w in range(weeks):
                for rep in np.unique(grp["replicate"]):
                    sel = grp["replicate"] == rep
                    row = {"replicate": int(rep), "arm": grp["arm"], "week": w, "n": int(sel.sum())}
                    for o in OUTCOMES:
                        x = grp["rated"][o][w][sel]
                        row[o] = float(x.mean())
                        row[f"{o}_sd"] = float(x.std(ddof=1)) if x.size > 1 else 0.0
                    course.append(row)
    df = pd.concat(rows, ignore_index=True).sort_values(["replicate", "_arm_order", "participant"], kind="stable")
    df = df.drop(columns="_arm_order").reset_index(drop=True)
    weekly_columns = [c for c in df.columns if c.startswith(WEEKLY_PREFIX)]
    weekly = df[weekly_columns].rename(columns=lambda c: int(c[len(WEEKLY_PREFIX):]))
    df = df.drop(columns=weekly_columns)
    h = df["depression_hamd_baseline"]
    change = h - df["depression_hamd_final"]
    df["responder"] = change >= 0.5 * h
    df["remitter"] = df["depression_hamd_final"] <= REMISSION_HAMD
    df["meaningful_change"] = change >= MEANINGFUL_CHANGE_HAMD
    course = pd.DataFrame(course)  # in replicate, arm, week order whichever chunks the replicates ran in
    course = course.sort_values(["replicate", "arm", "week"], key=lambda c: c.map(arm_order) if c.name == "arm" else c, kind="stable")
    return df, course.reset_index(drop=True), weekly


def _r(x: float, digits: int = 4) -> float | None:
    return None if x is None or not math.isfinite(x) else round(float(x), digits)


def _arm_stats(df: pd.DataFrame, spec: TrialSpec) -> dict:
    out = {}
    for arm in spec.arms:
        a = df[df.arm == arm.name]
        s = {"n": int(len(a)), "completers": int(a.dropout_week.isna().sum())}
        for o in OUTCOMES:
            s[o] = {"unit": OUTCOME_UNITS[o], "baseline_mean": _r(a[f"{o}_baseline"].mean()), "baseline_sd": _r(a[f"{o}_baseline"].std()),
                    "end_mean": _r(a[f"{o}_final"].mean()), "end_sd": _r(a[f"{o}_final"].std()),
                    "change_mean": _r((a[f"{o}_final"] - a[f"{o}_baseline"]).mean())}
        s["responders"] = _r(a.responder.mean())
        s["remitters"] = _r(a.remitter.mean())
        s["meaningful_change"] = _r(a.meaningful_change.mean())
        s["translocated_bacteria"] = int(a.translocated_bacteria.sum())
        s["bacteraemia_episodes"] = int(a.bacteraemia_episodes.sum())
        s["bacteraemia_probiotic_episodes"] = int(a.bacteraemia_probiotic_episodes.sum())
        s["people_with_bacteraemia"] = int((a.bacteraemia_episodes > 0).sum())
        out[arm.name] = s
    return out


def _contrasts(df: pd.DataFrame, spec: TrialSpec, column: str = "{o}_final") -> list[dict]:
    ctrl = spec.control_arm
    out = []
    for arm in spec.arms:
        if arm.name == ctrl:
            continue
        for o in OUTCOMES:
            col = column.format(o=o)
            if col not in df:
                continue
            e = hedges_g(df.loc[df.arm == arm.name, col], df.loc[df.arm == ctrl, col])
            out.append({"treatment": arm.name, "control": ctrl, "outcome": o, "hedges_g": _r(e.hedges_g), "ci_low": _r(e.ci_low),
                        "ci_high": _r(e.ci_high), "p_value": _r(e.p_value, 6), "mean_difference": _r(e.mean_difference),
                        "se": _r(e.se), "n_treatment": e.n_treatment, "n_control": e.n_control})
    return out


def _pool(replicate_contrasts: list[list[dict]]) -> list[dict]:
    out = []
    for i, c in enumerate(replicate_contrasts[0]):
        gs = [rc[i]["hedges_g"] for rc in replicate_contrasts]
        ses = [rc[i]["se"] for rc in replicate_contrasts]
        ok = [(g, s) for g, s in zip(gs, ses, strict=True) if g is not None and s is not None]
        pooled = random_effects([g for g, _ in ok], [s * s for _, s in ok])
        out.append({"treatment": c["treatment"], "control": c["control"], "outcome": c["outcome"], "k": pooled.k,
                    "median_hedges_g": _r(float(np.median([g for g, _ in ok]))) if ok else None,
                    "pooled_hedges_g": _r(pooled.pooled), "ci_low": _r(pooled.ci_low), "ci_high": _r(pooled.ci_high),
                    "i2": _r(pooled.i2), "tau2": _r(pooled.tau2, 6),
                    "share_significant": _r(float(np.mean([rc[i]["p_value"] is not None and rc[i]["p_value"] < 0.05 for rc in replicate_contrasts])))})
    return out


def analyse(spec: TrialSpec, parts: list[dict], gut: str) -> tuple[dict, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The trial summary, one row per participant, the arms' weekly means and each participant's rated
    HAM-D at every week (columns 0..duration, rows as the participants; ``TrialResult``'s parts)."""
    df, course, weekly = _frames(spec, parts)
    screen_filled = int(sum(grp["filled"] for part in parts for grp in part["groups"]))
    summary = {
        "trial": spec.name, "description": spec.description, "population": spec.population, "n_per_arm": spec.n_per_arm,
        "duration_weeks": spec.duration_weeks, "n_replicates": spec.replicates,
        "seed": spec.seed, "gut": gut, "control": spec.control_arm, "blinded": spec.blinded,
        "inclusion_hamd_min": spec.inclusion_threshold, "dropout": spec.dropout, "rater_noise_hamd": spec.rater_noise_hamd,
        "outcomes": {o: OUTCOME_UNITS[o] for o in OUTCOMES},
        "effect_size": "Hedges g of end-of-trial scores (last observation carried forward), treatment minus control; negative = benefit",
        "scope": "arms and contrasts: all participants of all replicates together",
        "places_filled_below_threshold": screen_filled,
        "arms": _arm_stats(df, spec),
        "contrasts": _contrasts(df, spec),
    }
    reps_ids = sorted(df.replicate.unique())
    if len(reps_ids) > 1:
        reps = []
        for r in reps_ids:
            d = df[df.replicate == r]
            reps.append({"replicate": int(r), "n_per_arm": int((d.arm == spec.control_arm).sum()), "contrasts": _contrasts(d, spec)})
        summary["replicates"] = reps
        summary["pooled"] = {"method": "DerSimonian-Laird random effects over replicates", "contrasts": _pool([r["contrasts"] for r in reps])}
    summary["not_medical_advice"] = NOT_MEDICAL_ADVICE
    return summary, df, course, weekly
