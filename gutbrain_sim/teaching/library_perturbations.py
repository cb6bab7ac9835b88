"""Classroom exercises 6-11: what changes the gut and what follows (prebiotics, a critically ill host,
stopping the probiotic, antibiotics and recovery, stress, the knock-outs).

How the checks are written (scenarios as data, arms sharing a seed): see ``library``.
"""

from __future__ import annotations

import numpy as np

from ..hosts import profile
from ..params import PARAMETERS
from .exercises import (
    PROBIOTIC,
    ExerciseResult,
    at,
    exercise,
    last_week,
    scenario_spec,
    simulate,
    simulate_group,
    window,
)


# --------------------------------------------------------------------------- 6
@exercise("prebiotics_feed_probiotics", "Prebiotics feed the probiotic (and the residents)", 35,
          ("prebiotic_only", "synbiotic", "probiotic_mdd_8w"))
def _prebiotics(r: ExerciseResult) -> None:
    days = 28
    base = simulate(scenario_spec("healthy_baseline", "healthy", days, 1))
    pre = simulate(scenario_spec("prebiotic_only", "healthy", days, 1, [{"type": "prebiotic", "fibre": "gos", "g_per_day": 7.0}]))
    pro = simulate(scenario_spec("probiotic", "healthy", days, 1, [PROBIOTIC]))
    syn = simulate(scenario_spec("synbiotic", "healthy", days, 1, [{"type": "synbiotic", "fibre": "gos", "g_per_day": 7.0}]))
    res = {}
    for label, df in (("nothing", base), ("GOS 7 g/day", pre), ("probiotic", pro), ("synbiotic", syn)):
        res[label] = (
            r.add(f"Bifidobacterium share, week 4 - {label}", 100 * last_week(df, "abundance_bifidobacterium", days), "%"),
            r.add(f"administered strain share, week 4 - {label}", 100 * last_week(df, "abundance_probiotic_strain", days), "%", 2),
            r.add(f"luminal lactate, week 4 - {label}", last_week(df, "lactate_mM", days), "mM"),
            r.add(f"luminal butyrate, week 4 - {label}", last_week(df, "butyrate_mM", days), "mM"),
        )
    r.claim("GOS alone raises the Bifidobacterium share", res["GOS 7 g/day"][0] > res["nothing"][0])
    r.claim("the synbiotic raises the Bifidobacterium share more than the probiotic alone", res["synbiotic"][0] > res["probiotic"][0])
    r.claim("in both arms the administered strain stays under 1% of biomass: GOS mostly feeds the resident bifidobacteria",
            res["synbiotic"][1] < 1.0 and res["probiotic"][1] < 1.0 and res["synbiotic"][0] - res["probiotic"][0] > 5.0)
    r.claim("GOS raises luminal lactate (bifidobacteria and lactobacilli ferment it)", res["GOS 7 g/day"][2] > res["nothing"][2])


# --------------------------------------------------------------------------- 7
@exercise("critically_ill_side_effects", "Side effects in a critically ill host", 35,
          ("probiotic_immunocompromised", "probiotic_mdd_8w"))
def _critically_ill(r: ExerciseResult) -> None:
    # groups, not one drawn person: an episode is rare, so one person's count is luck (issue #14)
    days, n, seed = 28, 40, 2
    cols = ("barrier_integrity",)
    healthy = simulate_group("side_effects_healthy", "healthy", days, seed, n, [PROBIOTIC], cols)
    groups = {dose: simulate_group("side_effects_ill", "immunocompromised", days, seed, n,
                                   [{**PROBIOTIC, "dose_cfu_per_day": dose}] if dose else [], cols)
              for dose in (0.0, 1e10, 4.5e11)}

    def per_100(g, key):
        return 100.0 * float(g["counters"][key].sum()) / n

    def median(g, key):
        return float(np.median(g["counters"][key]))

    h = r.add(f"bacteraemia episodes per 100 people in {days} days, healthy people on the probiotic (1e10 CFU/day)",
              per_100(healthy, "bacteraemia_episodes"), "episodes per 100 people", 3)
    hx = r.add("live bacteria reaching the blood per person, healthy people (median)", median(healthy, "translocated_bacteria"), "bacteria", 4)
    n0 = r.add("bacteraemia episodes per 100 people, critically ill, no probiotic", per_100(groups[0.0], "bacteraemia_episodes"),
               "episodes per 100 people", 3)
    x0 = r.add("live bacteria reaching the blood per person, critically ill, no probiotic (median)",
               median(groups[0.0], "translocated_bacteria"), "bacteria", 4)
    sick = r.add(f"people with at least one episode, critically ill, no probiotic (of {n})",
                 int((groups[0.0]["counters"]["bacteraemia_episodes"] > 0).sum()), "people", 3)
    most = r.add("most episodes in one person, critically ill, no probiotic", int(groups[0.0]["counters"]["bacteraemia_episodes"].max()),
                 "episodes", 3)
    r.add("bacteraemia episodes per 100 people, critically ill, 1e10 CFU/day", per_100(groups[1e10], "bacteraemia_episodes"),
              "episodes per 100 people", 3)
    ip = r.add("of these, from the administered strain (1e10 CFU/day)", per_100(groups[1e10], "bacteraemia_probiotic_episodes"),
               "episodes per 100 people", 3)
    r.add("bacteraemia episodes per 100 people, critically ill, 4.5e11 CFU/day", per_100(groups[4.5e11], "bacteraemia_episodes"),
          "episodes per 100 people", 3)
    r.add("of these, from the administered strain (4.5e11 CFU/day)", per_100(groups[4.5e11], "bacteraemia_probiotic_episodes"),
          "episodes per 100 people", 3)
    x_lo = r.add("administered-strain bacteria reaching the blood per 100 people, 1e10 CFU/day",
                 per_100(groups[1e10], "translocated_probiotic_bacteria"), "bacteria per 100 people", 3)
    x_hi = r.add("administered-strain bacteria reaching the blood per 100 people, 4.5e11 CFU/day",
                 per_100(groups[4.5e11], "translocated_probiotic_bacteria"), "bacteria per 100 people", 3)
    r.add("barrier integrity, days 21-28, healthy people on the probiotic (median)",
          float(np.median(healthy["daily"]["barrier_integrity"][21:].mean(axis=0))), "0-1")
    r.add("barrier integrity, days 21-28, critically ill people on 1e10 CFU/day (median)",
          float(np.median(groups[1e10]["daily"]["barrier_integrity"][21:].mean(axis=0))), "0-1")
    r.add("immune_clearance, healthy default", PARAMETERS["immune_clearance"].default, "fraction", 4)
    r.add("immune_clearance, immunocompromised profile", profile("immunocompromised").params["immune_clearance"], "fraction", 4)
    r.claim(f"none of the {n} healthy people has a bacteraemia episode, and no live bacterium reaches their blood", h == 0 and hx == 0)
    r.claim("critically ill people have episodes even without a probiotic (their own gut bacteria), yet most have none in 4 weeks",
            n0 > 0 and sick < n / 2)
    r.claim("an episode is not a crossing: hundreds of bacteria reach each ill person's blood, a few episodes follow",
            x0 > 300 and most <= 3)
    # 45x the dose, a few times the crossings (the strain closes failing sites; test_safety measures the ratio on 60 people):
    # at a standard dose too few of the strain cross in 40 people for a ratio, and its episodes are too rare to rank
    r.claim("in critically ill people, a high-dose product sends more of the administered strain into the blood than a "
            "standard dose", x_lo < x_hi)
    r.claim("at a standard dose, the strain causes an episode in few people (under 10 per 100 in 4 weeks)", ip < 10.0)


# --------------------------------------------------------------------------- 8
@exercise("stopping_the_probiotic", "What happens when the probiotic is stopped", 30,
          ("probiotic_washout",))
def _washout(r: ExerciseResult) -> None:
    stop, days, seed = 21, 42, 1  # the person of scenarios/probiotic_washout.toml (seed 1)
    df = simulate(scenario_spec("probiotic_washout", "mdd", days, seed, [{**PROBIOTIC, "stop_day": stop}]))
    on = window(df, "abundance_probiotic_strain", stop - 3, stop)
    r.add("administered strain share, last 3 days on treatment", 100 * on, "%", 2)
    for d in (stop + 1, stop + 3, stop + 7):
        r.add(f"administered strain share on day {d} ({d - stop} d after stopping)", 100 * at(df, "abundance_probiotic_strain", d), "%", 2)
    after = df[df["day"] > stop]
    below = after[after["abundance_probiotic_strain"] < 0.01 * on]
    gone_day = float(below["day"].iloc[0]) - stop if not below.empty else float("nan")
    r.add("days after stopping until below 1% of the on-treatment level", gone_day, "days", 2)
    # vagal tone and mood over a group of 20 (one engine, the trials' well-mixed gut), each person stopped vs
    # the same person carrying on: one person's 0.01 difference flipped with a redraw (issue #14)
    n, cols = 20, ("vagal_tone", "depression_hamd")
    g_stop = simulate_group("washout", "mdd", days, seed, n, [{**PROBIOTIC, "stop_day": stop}], cols)["daily"]
    g_kept = simulate_group("washout", "mdd", days, seed, n, [PROBIOTIC], cols)["daily"]
    vagal_on, vagal_off = g_stop["vagal_tone"][stop - 7:stop].mean(axis=0), g_stop["vagal_tone"][35:days].mean(axis=0)
    vagal_kept = g_kept["vagal_tone"][35:days].mean(axis=0)
    hamd_stop, hamd_kept = g_stop["depression_hamd"][35:days].mean(axis=0), g_kept["depression_hamd"][35:days].mean(axis=0)
    v_on = r.add(f"vagal tone, last week on treatment (median of {n} people)", float(np.median(vagal_on)), "x healthy")
    v_off = r.add("vagal tone, days 35-42, 2-3 weeks after stopping (median)", float(np.median(vagal_off)), "x healthy")
    r.add("vagal tone, days 35-42, had they carried on (median)", float(np.median(vagal_kept)), "x healthy")
    v_fell = r.add(f"people whose vagal tone in days 35-42 is below what it would have been on the probiotic (of {n})",
                   int((vagal_off < vagal_kept).sum()), "people", 3)
    h_off = r.add("HAM-D in days 35-42 after stopping (median)", float(np.median(hamd_stop)), "HAM-D points")
    h_kept = r.add("HAM-D in days 35-42 had they carried on (median)", float(np.median(hamd_kept)), "HAM-D points")
    h_worse = r.add(f"people with a higher HAM-D in days 35-42 than had they carried on (of {n})", int((hamd_stop > hamd_kept).sum()),
                    "people", 3)
    # washout differs between people (calibration C8: a few in 48 still carry the strain a week
    # after stopping), so the claim is judged over five people, this one included
    gone = []
    for other in range(seed, seed + 5):
        d = df if other == seed else simulate(scenario_spec("probiotic_washout", "mdd", days, other, [{**PROBIOTIC, "stop_day": stop}]))
        gone.append(at(d, "abundance_probiotic_strain", stop + 7) < 0.1 * window(d, "abundance_probiotic_strain", stop - 3, stop))
    r.add("of 5 people, strain below a tenth of its on-treatment level by day 28", sum(gone), "people")
    r.claim("in most people the strain washes out within a week of stopping (below a tenth of its on-treatment level by day 28, "
            "in at least 3 of 5)", sum(gone) >= 3)
    r.claim(f"vagal tone falls back once the strain is gone: the median is lower than on treatment, and lower than had they "
            f"carried on in at least {3 * n // 4} of {n} people", v_off < v_on and v_fell >= 3 * n // 4)
    r.claim(f"after stopping, mood is worse than had the probiotic been continued (median, and in at least {3 * n // 4} of {n} "
            "people): the effect does not last", h_off > h_kept and h_worse >= 3 * n // 4)


# --------------------------------------------------------------------------- 9
@exercise("antibiotics_recovery", "Antibiotics and recovery", 40,
          ("antibiotic_course", "antibiotics_then_fmt", "antibiotics_then_probiotic"))
def _antibiotics(r: ExerciseResult) -> None:
    days = 56
    abx = {"type": "antibiotic", "spectrum": "broad", "start_day": 7, "stop_day": 14}
    alone = simulate(scenario_spec("antibiotic_course", "healthy", days, 6, [abx]))
    fmt = simulate(scenario_spec("antibiotics_then_fmt", "healthy", days, 6, [abx, {"type": "fmt", "start_day": 15}]))
    pro = simulate(scenario_spec("antibiotics_then_probiotic", "healthy", days, 6, [abx, {**PROBIOTIC, "start_day": 14, "stop_day": 42}]))
    base = r.add("Shannon diversity before the course (days 0-7)", window(alone, "shannon_diversity", 0, 7), "nats")
    post = alone[alone["day"] >= 7]
    i = post["shannon_diversity"].idxmin()
    low = r.add("lowest Shannon diversity during/after the course", post.loc[i, "shannon_diversity"], "nats")
    r.add("day of the lowest diversity", post.loc[i, "day"], "day", 3)
    r.add("drop in diversity at its lowest", 100 * (1 - low / base), "% of baseline")
    r.add("pathobiont share at its peak after the course", 100 * post["abundance_pathobionts"].max(), "%")
    r.add("plasma LPS at its peak after the course", post["plasma_lps_pg_per_ml"].max(), "pg/mL")
    d28 = r.add("diversity on day 28 (2 weeks after the last dose)", 100 * window(alone, "shannon_diversity", 27, 28) / base, "% of baseline")
    d56 = r.add("diversity on day 56 (6 weeks after), antibiotics alone", 100 * window(alone, "shannon_diversity", 55, 56) / base, "% of baseline")
    f56 = r.add("diversity on day 56, antibiotics then FMT on day 15", 100 * window(fmt, "shannon_diversity", 55, 56) / base, "% of baseline")
    r.add("diversity on day 56, antibiotics then probiotic days 14-42", 100 * window(pro, "shannon_diversity", 55, 56) / base, "% of baseline")
    r.claim("the course cuts diversity by at least 30%", low < 0.7 * base)
    r.claim("diversity is recovering two weeks after the last dose", d28 > 100 * low / base)
    # rewritten 2026-12-05 (issue #14 host science changed this person's course): one FMT does not
    # reliably beat natural regrowth six weeks on in this model; the lesson is that it does not hurt. Session 16 (the
    # mucosa sheds in proportion, no lottery of colonies): 99.8 against 94.0% of baseline (was 98.7 against 94.5), so
    # the claim asks only that FMT does not trail
    r.claim("six weeks on, the FMT run is not more than 5 points behind antibiotics alone (one FMT adds taxa; most also "
            "return from the reservoir)", f56 >= d56 - 5.0)


# --------------------------------------------------------------------------- 10
@exercise("stress_and_the_gut", "Stress acting on the gut", 35, ("exam_week", "chronic_stress"))
def _stress(r: ExerciseResult) -> None:
    days = 28
    stress = {"type": "stressor", "kind": "chronic", "magnitude": 1.5, "start_day": 7, "stop_day": 21}
    base = simulate(scenario_spec("healthy_baseline", "healthy", days, 1))
    st = simulate(scenario_spec("chronic_stress", "healthy", days, 1, [stress]))
    pairs = [
        ("cortisol_nmol_per_l", "plasma cortisol (mean)", "nmol/L"),
        ("barrier_integrity", "tight-junction integrity", "0-1"),
        ("permeability_lm_ratio", "lactulose/mannitol ratio", "ratio"),
        ("plasma_lps_pg_per_ml", "plasma LPS", "pg/mL"),
        ("il6_pg_per_ml", "plasma IL-6", "pg/mL"),
        ("depression_hamd", "depression score", "HAM-D points"),
        ("anxiety_hama", "anxiety score", "HAM-A points"),
    ]
    v = {}
    for col, label, unit in pairs:
        b = r.add(f"{label}, days 14-21, no stress", window(base, col, 14, 21), unit)
        s = r.add(f"{label}, days 14-21, under stress", window(st, col, 14, 21), unit)
        v[col] = (b, s)
    rec = r.add("lactulose/mannitol ratio, days 25-28 (a week after the stress ends)", window(st, "permeability_lm_ratio", 25, 28), "ratio")
    r.claim("stress raises cortisol", v["cortisol_nmol_per_l"][1] > v["cortisol_nmol_per_l"][0])
    r.claim("stress opens the barrier (higher L/M ratio) and more LPS reaches the blood",
            v["permeability_lm_ratio"][1] > v["permeability_lm_ratio"][0] and v["plasma_lps_pg_per_ml"][1] > v["plasma_lps_pg_per_ml"][0])
    r.claim("the barrier closes again after the stress ends", rec < v["permeability_lm_ratio"][1])


# --------------------------------------------------------------------------- 11
@exercise("knockouts", "What each knock-out reveals", 45, ("vagus_cut", "probiotic_mdd_8w"))
def _knockouts(r: ExerciseResult) -> None:
    days = 28
    runs = {"none": simulate(scenario_spec("mdd_untreated", "mdd", days, 8))}
    for link in ("vagus", "ido", "barrier"):
        runs[link] = simulate(scenario_spec(f"knockout_{link}", "mdd", days, 8, [{"type": "knockout", "link": link}]))
    cols = [
        ("plasma_lps_pg_per_ml", "plasma LPS", "pg/mL"),
        ("il6_pg_per_ml", "IL-6", "pg/mL"),
        ("kyn_trp_ratio", "kynurenine/tryptophan", "umol/mmol"),
        ("vagal_tone", "vagal tone", "x healthy"),
        ("depression_hamd", "HAM-D", "HAM-D points"),
        ("anxiety_hama", "HAM-A", "HAM-A points"),
    ]
    v = {}
    for link, df in runs.items():
        for col, label, unit in cols:
            v[link, col] = r.add(f"{label}, week 4 - {'no knock-out' if link == 'none' else link + ' cut'}", last_week(df, col, days), unit)
    prob = simulate(scenario_spec("probiotic_mdd_4w", "mdd", days, 8, [PROBIOTIC]))
    prob_cut = simulate(scenario_spec("probiotic_vagus_cut", "mdd", days, 8, [PROBIOTIC, {"type": "knockout", "link": "vagus"}]))
    a = r.add("HAM-D, week 4 - probiotic", last_week(prob, "depression_hamd", days), "HAM-D points")
    b = r.add("HAM-D, week 4 - probiotic with the vagus cut", last_week(prob_cut, "depression_hamd", days), "HAM-D points")
    r.claim("sealing the barrier lowers plasma LPS and IL-6", v["barrier", "plasma_lps_pg_per_ml"] < v["none", "plasma_lps_pg_per_ml"]
            and v["barrier", "il6_pg_per_ml"] < v["none", "il6_pg_per_ml"])
    r.claim("blocking IDO lowers the kynurenine/tryptophan ratio", v["ido", "kyn_trp_ratio"] < v["none", "kyn_trp_ratio"])
    r.claim("cutting the vagus drops vagal tone to 0", v["vagus", "vagal_tone"] < 0.01)
    r.claim("with the vagus cut the probiotic helps less", b > a)
