"""Classroom exercises 1-5: the gut-brain chain and what a probiotic does for mood (dysbiosis to
inflammation, probiotic versus placebo, mice versus people, add-on to an SSRI, product quality).

How the checks are written (scenarios as data, arms sharing a seed): see ``library``.
"""

from __future__ import annotations

from ..hosts import profile
from ..params import PARAMETERS
from .exercises import (
    PLACEBO,
    PROBIOTIC,
    ExerciseResult,
    exercise,
    last_week,
    scenario_spec,
    simulate,
    simulate_group,
    window,
)

# --------------------------------------------------------------------------- 1
ANTI_ANAEROBE = {"type": "antibiotic", "spectrum": "anti_anaerobe", "start_day": 7, "stop_day": 14}


@exercise("dysbiosis_leaky_gut", "From dysbiosis to a leaky gut to inflammation", 40,
          ("healthy_baseline", "antibiotic_course"))
def _dysbiosis(r: ExerciseResult) -> None:
    # groups, not one drawn person (issue #14): the same 40 people with and without the course, well-mixed gut
    days, n, seed = 28, 40, 1
    rows = [
        ("abundance_butyrate_producers", "butyrate-producer share of biomass", 100, "%"),
        ("butyrate_mM", "luminal butyrate", 1, "mM"),
        ("oxygen_mucosa_uM", "oxygen at the mucosal surface", 1, "uM"),
        ("abundance_pathobionts", "pathobiont share of biomass", 100, "%"),
        ("barrier_integrity", "tight-junction integrity", 1, "0-1"),
        ("permeability_lm_ratio", "lactulose/mannitol ratio", 1, "ratio"),
        ("plasma_lps_pg_per_ml", "plasma endotoxin (LPS)", 1, "pg/mL"),
        ("il6_pg_per_ml", "plasma IL-6", 1, "pg/mL"),
        ("crp_mg_per_l", "C-reactive protein", 1, "mg/L"),
        ("depression_hamd", "depression score", 1, "HAM-D points"),
    ]
    arms = [simulate_group("dysbiosis", "healthy", days, seed, n, ivs, tuple(row[0] for row in rows)) for ivs in ([], [ANTI_ANAEROBE])]
    v = {}
    for col, label, scale, unit in rows:  # daily row d is the end of day d: rows 13-20 span days 14-21
        b, d = (r.add(f"{label}, days 14-21 - {arm} (mean of {n} people)", scale * float(g["daily"][col][13:21].mean()), unit)
                for g, arm in zip(arms, ("no antibiotic", "after the anti-anaerobe course"), strict=True))
        v[col] = (b, d)

    def up(col):
        return v[col][1] > v[col][0]

    r.claim("the course depletes butyrate producers and luminal butyrate",
            not up("abundance_butyrate_producers") and not up("butyrate_mM"))
    r.claim("with less butyrate burned by colonocytes, the mucosa holds more oxygen and pathobionts gain",
            up("oxygen_mucosa_uM") and up("abundance_pathobionts"))
    r.claim("the barrier loosens: integrity falls, the L/M ratio rises", not up("barrier_integrity") and up("permeability_lm_ratio"))
    r.claim("more endotoxin reaches the blood; IL-6 and CRP rise", up("plasma_lps_pg_per_ml") and up("il6_pg_per_ml") and up("crp_mg_per_l"))
    r.claim("the depression score rises (inflammation reaches mood)", up("depression_hamd"))


# --------------------------------------------------------------------------- 2
@exercise("probiotic_vs_placebo", "Probiotic versus placebo for depression", 45,
          ("probiotic_mdd_8w", "placebo"))
def _probiotic_vs_placebo(r: ExerciseResult) -> None:
    days = 56
    none = simulate(scenario_spec("mdd_untreated", "mdd", days, 3))
    plac = simulate(scenario_spec("placebo", "mdd", days, 3, [PLACEBO]))
    prob = simulate(scenario_spec("probiotic_mdd_8w", "mdd", days, 3, [PROBIOTIC]))
    start = r.add("HAM-D at the start (day 0-2 mean, all arms)", window(none, "depression_hamd", 0, 2), "HAM-D points")
    n = r.add("HAM-D in week 8, no treatment", last_week(none, "depression_hamd", days), "HAM-D points")
    pl = r.add("HAM-D in week 8, placebo", last_week(plac, "depression_hamd", days), "HAM-D points")
    pr = r.add("HAM-D in week 8, probiotic", last_week(prob, "depression_hamd", days), "HAM-D points")
    r.add("placebo response (placebo - no treatment)", pl - n, "HAM-D points")
    diff = r.add("probiotic effect beyond placebo (probiotic - placebo)", pr - pl, "HAM-D points")
    r.add("plasma IL-6 in week 8, placebo", last_week(plac, "il6_pg_per_ml", days), "pg/mL")
    r.add("plasma IL-6 in week 8, probiotic", last_week(prob, "il6_pg_per_ml", days), "pg/mL")
    r.add("BDNF index in week 8, placebo", last_week(plac, "bdnf_index", days), "x healthy")
    r.add("BDNF index in week 8, probiotic", last_week(prob, "bdnf_index", days), "x healthy")
    r.claim("the placebo arm ends lower than no treatment (expectancy alone helps)", pl < n)
    r.claim("the probiotic arm ends lower than the placebo arm", diff < 0)
    r.claim("the probiotic arm has less IL-6 and more BDNF than the placebo arm",
            last_week(prob, "il6_pg_per_ml", days) < last_week(plac, "il6_pg_per_ml", days)
            and last_week(prob, "bdnf_index", days) > last_week(plac, "bdnf_index", days))
    r.claim("the person is still depressed after 8 weeks in every arm (HAM-D > 7)", min(n, pl, pr) > 7 and start > 7)


# --------------------------------------------------------------------------- 3
@exercise("animals_vs_humans", "Why the anxiety effect in mice does not carry over to people", 40,
          ("rodent_anxiety_probiotic", "vagus_cut", "probiotic_mdd_8w"))
def _animals_vs_humans(r: ExerciseResult) -> None:
    days = 28
    knock = {"type": "knockout", "link": "vagus"}
    m_none = simulate(scenario_spec("rodent_control", "rodent", days, 5))
    m_prob = simulate(scenario_spec("rodent_anxiety_probiotic", "rodent", days, 5, [PROBIOTIC]))
    m_cut0 = simulate(scenario_spec("rodent_vagotomy", "rodent", days, 5, [knock]))
    m_cut = simulate(scenario_spec("vagus_cut", "rodent", days, 5, [PROBIOTIC, knock]))
    h_plac = simulate(scenario_spec("human_placebo", "healthy", days, 5, [PLACEBO], stress_baseline=1.0))
    h_prob = simulate(scenario_spec("human_probiotic", "healthy", days, 5, [PROBIOTIC], stress_baseline=1.0))
    r.add("vagal_anxiolysis_gain, rodent profile", profile("rodent").params["vagal_anxiolysis_gain"], "x")
    r.add("vagal_anxiolysis_gain, human default", PARAMETERS["vagal_anxiolysis_gain"].default, "x")
    mc = r.add("mouse HAM-A equivalent, days 21-28, no probiotic", last_week(m_none, "anxiety_hama", days), "HAM-A points")
    mp = r.add("mouse HAM-A equivalent, days 21-28, probiotic", last_week(m_prob, "anxiety_hama", days), "HAM-A points")
    mv0 = r.add("mouse HAM-A equivalent, days 21-28, vagotomy, no probiotic", last_week(m_cut0, "anxiety_hama", days), "HAM-A points")
    mv = r.add("mouse HAM-A equivalent, days 21-28, vagotomy + probiotic", last_week(m_cut, "anxiety_hama", days), "HAM-A points")
    r.add("mouse GABA index, probiotic", last_week(m_prob, "gaba_index", days), "x healthy")
    r.add("mouse GABA index, probiotic + vagotomy", last_week(m_cut, "gaba_index", days), "x healthy")
    hp = r.add("human HAM-A, days 21-28, placebo", last_week(h_plac, "anxiety_hama", days), "HAM-A points")
    hq = r.add("human HAM-A, days 21-28, probiotic", last_week(h_prob, "anxiety_hama", days), "HAM-A points")
    r.add("mouse anxiety effect (probiotic - no probiotic)", mp - mc, "HAM-A points")
    r.add("mouse anxiety effect after vagotomy (probiotic - no probiotic)", mv - mv0, "HAM-A points")
    r.add("human anxiety effect (probiotic - placebo)", hq - hp, "HAM-A points")
    r.claim("the probiotic lowers anxiety in the mouse", mp < mc)
    r.claim("after vagotomy the probiotic no longer lowers the mouse's anxiety (effect under 10% of the intact one)",
            abs(mv - mv0) < 0.1 * abs(mp - mc))
    r.claim("vagotomy itself raises the mouse's anxiety (the gut's GABA signal is lost)", mv0 > mc)
    r.claim("the human effect beyond placebo is less than a third of the mouse effect", abs(hq - hp) < abs(mp - mc) / 3)
    mouse = profile("rodent").params  # issue #14: the same capsule in a colon ~1/800 of an adult's
    r.add("mouse colon content / an adult's (the dose is this much denser)", mouse["body_mass_kg"] * mouse["colon_content_ml_per_kg"]
          / (PARAMETERS["body_mass_kg"].default * PARAMETERS["colon_content_ml_per_kg"].default), "x", 3)
    mv_rise = r.add("mouse vagal tone rise, days 21-28 (probiotic - no probiotic)", last_week(m_prob, "vagal_tone", days) - last_week(m_none, "vagal_tone", days), "x healthy")
    hv_rise = r.add("human vagal tone rise, days 21-28 (probiotic - placebo)", last_week(h_prob, "vagal_tone", days) - last_week(h_plac, "vagal_tone", days), "x healthy")
    r.claim("the capsule's strains raise the mouse's vagal tone more than 3 times as much as a person's", mv_rise > 3 * abs(hv_rise))


# --------------------------------------------------------------------------- 4
@exercise("add_on_not_replacement", "Probiotics as an add-on to an antidepressant, not a replacement", 45,
          ("ssri_alone", "ssri_plus_probiotic", "probiotic_mdd_8w"))
def _add_on(r: ExerciseResult) -> None:
    days = 56
    ssri = {"type": "ssri"}
    plac = simulate(scenario_spec("placebo", "mdd", days, 3, [PLACEBO]))
    s = simulate(scenario_spec("ssri_alone", "mdd", days, 3, [ssri]))
    sp = simulate(scenario_spec("ssri_plus_probiotic", "mdd", days, 3, [ssri, PROBIOTIC]))
    p = simulate(scenario_spec("probiotic_mdd_8w", "mdd", days, 3, [PROBIOTIC]))
    a = r.add("HAM-D in week 8, placebo", last_week(plac, "depression_hamd", days), "HAM-D points")
    b = r.add("HAM-D in week 8, SSRI alone", last_week(s, "depression_hamd", days), "HAM-D points")
    c = r.add("HAM-D in week 8, SSRI + probiotic", last_week(sp, "depression_hamd", days), "HAM-D points")
    d = r.add("HAM-D in week 8, probiotic instead of the SSRI", last_week(p, "depression_hamd", days), "HAM-D points")
    r.add("serotonin index in week 8, SSRI alone", last_week(s, "serotonin_index", days), "x healthy")
    r.add("serotonin index in week 8, probiotic alone", last_week(p, "serotonin_index", days), "x healthy")
    r.add("SSRI effect beyond placebo", b - a, "HAM-D points")
    r.add("extra effect of adding the probiotic to the SSRI", c - b, "HAM-D points")
    r.claim("SSRI + probiotic ends lower than the SSRI alone", c < b)
    r.claim("SSRI + probiotic ends lower than the probiotic alone", c < d)
    r.claim("only the SSRI raises the serotonin index above 1",
            last_week(s, "serotonin_index", days) > 1.0 > last_week(p, "serotonin_index", days))


# --------------------------------------------------------------------------- 5
@exercise("product_quality", "Product quality: CFU, viability and contamination", 35,
          ("probiotic_mdd_8w", "low_quality_probiotic", "contaminated_probiotic"))
def _product_quality(r: ExerciseResult) -> None:
    days = 28
    arms = [
        ("as labelled, 1e10 CFU/day", {}),
        ("10% viable (1e9 live CFU/day)", {"viability": 0.1}),
        ("1e9 CFU/day as labelled", {"dose_cfu_per_day": 1e9}),
        ("contaminated (5% pathobionts)", {"contamination": 0.05}),
    ]
    plac = simulate(scenario_spec("placebo", "mdd", days, 7, [PLACEBO]))
    out = {}
    for label, opts in arms:
        df = simulate(scenario_spec("product", "mdd", days, 7, [{**PROBIOTIC, **opts}]))
        out[label] = {
            "strain": r.add(f"administered strain share, week 4 - {label}", 100 * last_week(df, "abundance_probiotic_strain", days), "%", 2),
            "vagal": r.add(f"vagal tone, week 4 - {label}", last_week(df, "vagal_tone", days), "x healthy"),
            "lps": r.add(f"plasma LPS, week 4 - {label}", last_week(df, "plasma_lps_pg_per_ml", days), "pg/mL"),
            "hamd": r.add(f"HAM-D, week 4 - {label}", last_week(df, "depression_hamd", days), "HAM-D points"),
        }
    r.add("plasma LPS, week 4 - placebo", last_week(plac, "plasma_lps_pg_per_ml", days), "pg/mL")
    pl_hamd = r.add("HAM-D, week 4 - placebo", last_week(plac, "depression_hamd", days), "HAM-D points")
    full, low, dose9, bad = (out[a[0]] for a in arms)
    r.claim("a 10%-viable product leaves fewer live bacteria in the gut than the labelled one", low["strain"] < full["strain"])
    r.claim("a 10%-viable 1e10 product acts exactly like a 1e9 product (live CFU is what counts, not the label)",
            all(abs(low[k] - dose9[k]) <= 1e-9 * max(1.0, abs(dose9[k])) for k in low))
    # the strains act where they adhere (issue #14): less endotoxin crosses, and their contact excites vagal afferents
    r.claim("the labelled product lets less endotoxin into the blood and gives a lower HAM-D than the low-quality one",
            full["lps"] < low["lps"] and full["hamd"] < low["hamd"])
    r.claim("the labelled product beats placebo on HAM-D", full["hamd"] < pl_hamd)
    r.claim("in this host (intact barrier, mucosal immunity) 5% contamination raises plasma LPS by less than a quarter",
            bad["lps"] < 1.25 * full["lps"])
