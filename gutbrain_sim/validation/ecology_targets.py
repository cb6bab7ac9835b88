"""Calibration targets of the microbial ecology (targets version 2): the antibiotic course (C7
diversity, C16 pathobiont bloom and mood) and the Western diet (C15).

C7 and C16 follow the same healthy individuals with the agent-based gut (``GutBrainModel``)
through one 7-day broad-spectrum course (days 7-14) and 8 weeks after; C15 runs a cohort on
the well-mixed gut (the cohorts' default) from a fibre-rich diet to a Western diet.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .target_checks import TargetResult, host_group

COURSE = (7, 14)  # days of the antibiotic course
COLUMNS = ("shannon_diversity", "abundance_pathobionts", "depression_hamd")


@lru_cache(maxsize=4)
def antibiotic_course(n: int, seed: int) -> dict[str, np.ndarray]:
    """Daily (00:00) series of ``COLUMNS`` for ``n`` healthy people (seeds ``seed``..``seed + n - 1``) through the
    course and 56 days after: arrays (people, days 0-70). Cached: C7 and C16 read the same runs."""
    from ..model import GutBrainModel
    from ..scenario import Scenario

    abx = [{"type": "antibiotic", "spectrum": "broad", "start_day": COURSE[0], "stop_day": COURSE[1]}]
    out = {c: [] for c in COLUMNS}
    for i in range(n):
        m = GutBrainModel(Scenario(name="c7", duration_days=COURSE[1] + 56, seed=seed + i, host="healthy"), interventions=abx,
                          record_every_h=24)
        m.run()
        df = m.timeseries().set_index("day")
        for c in COLUMNS:
            out[c].append(df[c].loc[[float(d) for d in range(COURSE[1] + 57)]].to_numpy())
    return {c: np.array(v) for c, v in out.items()}


def _baseline(x: np.ndarray) -> np.ndarray:
    return x[:, :COURSE[0] + 1].mean(axis=1)  # days 0-7, before the first dose


def check_antibiotic(t: dict, n: int, seed: int) -> TargetResult:
    """C7: Shannon diversity through the course: a fall of >= 30 % by day 4 of the course, then a gradual recovery
    (the median person still below 90 % of baseline 3 and 7 days after the last dose), >= 90 % by 8 weeks in most,
    incomplete in some."""
    sh = antibiotic_course(n, seed)["shannon_diversity"]
    rel = sh / _baseline(sh)[:, None]
    day4, after3, after7, week8 = (rel[:, d] for d in (COURSE[0] + 4, COURSE[1] + 3, COURSE[1] + 7, COURSE[1] + 56))
    drop = 1.0 - float(np.median(day4))
    most = float(np.mean(week8 >= 0.9))
    c = t["C7_antibiotic_recovery"]
    ok = drop >= 0.30 and np.median(after3) < 0.9 and np.median(after7) < 0.9 and most > 0.5 and bool((week8 < 0.97).any())
    return TargetResult("C7_antibiotic_recovery", c["what"], None, round(drop, 3), "fractional Shannon fall by day 4", bool(ok), c["check"],
                        {"individuals": n, "median_fraction_3_days_after_last_dose": round(float(np.median(after3)), 3),
                         "median_fraction_7_days_after_last_dose": round(float(np.median(after7)), 3),
                         "share_recovered_90pct_at_8_weeks": round(most, 3), "recovered_fraction_each": [round(float(x), 3) for x in week8]})


def check_antibiotic_bloom(t: dict, n: int, seed: int) -> TargetResult:
    """C16: pathobiont abundance peaks >= 2x its baseline during the course or within 2 weeks after it, then falls back
    (weeks 6-8 after the course below half the peak, median person); HAM-D 4 weeks after the last dose (5-day mean)
    within 2 points of baseline in the median person."""
    runs = antibiotic_course(n, seed)
    pb, hamd = runs["abundance_pathobionts"], runs["depression_hamd"]
    base = np.maximum(_baseline(pb), 1e-12)
    peak = pb[:, COURSE[0]:COURSE[1] + 15].max(axis=1) / base
    late = pb[:, COURSE[1] + 42:COURSE[1] + 57].mean(axis=1) / base
    bloom, back = float(np.median(peak)), float(np.median(late / peak))
    d = COURSE[1] + 28
    mood = hamd[:, d - 2:d + 3].mean(axis=1) - _baseline(hamd)
    mood_change = float(np.median(mood))
    c = t["C16_antibiotic_bloom"]
    ok = bloom >= 2.0 and back <= 0.5 and abs(mood_change) <= 2.0
    return TargetResult("C16_antibiotic_bloom", c["what"], [2.0, float("inf")], round(bloom, 2), "pathobiont peak / baseline (median)", bool(ok),
                        c["check"], {"individuals": n, "peak_each": [round(float(x), 2) for x in peak],
                                     "median_weeks_6_8_over_peak": round(back, 3),
                                     "median_hamd_change_4_weeks_after_points": round(mood_change, 2),
                                     "hamd_change_each_points": [round(float(x), 2) for x in mood]})


FIBRE_RICH = {"type": "diet", "fibre_g_per_day": 30.0, "fat_g_per_day": 70.0, "sugar_g_per_day": 2.0}
WESTERN = {"type": "diet", "fibre_g_per_day": 10.0, "fat_g_per_day": 130.0, "sugar_g_per_day": 4.0}  # as scenarios/western_diet.toml


def check_western_diet(t: dict, n: int, seed: int) -> TargetResult:
    """C15: healthy adults (well-mixed gut) eat a fibre-rich diet for 2 weeks, then a Western diet for 4 weeks; week 4
    of the Western diet (days 35-42) against the last fibre-rich week (days 7-14), each a mean of hourly samples
    (plasma LPS over the whole day: meals included)."""
    days = 42
    g = host_group("healthy", n, seed, [{**FIBRE_RICH, "start_day": 0, "stop_day": 14}, {**WESTERN, "start_day": 14, "stop_day": days}],
               days=days)
    for h in range(-28 * 24, 0):
        g.step(h)
    names = ("abundance_pathobionts", "abundance_butyrate_producers", "butyrate_mM", "plasma_lps_pg_per_ml")
    rows = {k: [] for k in names}
    for h in range(days * 24):
        g.step(h)
        m = g.measure()
        for k in names:
            rows[k].append(m[k].copy())
    x = {k: np.array(v).reshape(days, 24, -1).mean(axis=1) for k, v in rows.items()}  # (days, people): day means
    ratio = {k: v[35:42].mean(axis=0) / np.maximum(v[7:14].mean(axis=0), 1e-12) for k, v in x.items()}
    share = {"pathobionts_up": float(np.mean(ratio["abundance_pathobionts"] > 1.0)),
             "butyrate_producers_down": float(np.mean(ratio["abundance_butyrate_producers"] < 1.0)),
             "butyrate_down": float(np.mean(ratio["butyrate_mM"] < 1.0)),
             "plasma_lps_up_30pct": float(np.mean(ratio["plasma_lps_pg_per_ml"] >= 1.3))}
    lps_rise = float(np.median(ratio["plasma_lps_pg_per_ml"]) - 1.0)
    c = t["C15_western_diet"]
    ok = lps_rise >= 0.30 and all(v >= 0.8 for k, v in share.items() if k != "plasma_lps_up_30pct")
    return TargetResult("C15_western_diet", c["what"], [0.30, float("inf")], round(lps_rise, 3), "median plasma LPS rise by week 4", bool(ok),
                        c["check"], {"hosts": n, **{f"share_{k}": round(v, 3) for k, v in share.items()},
                                     **{f"median_ratio_{k}": round(float(np.median(v)), 3) for k, v in ratio.items()}})
