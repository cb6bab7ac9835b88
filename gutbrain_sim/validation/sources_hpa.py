"""Source experiments of the strains' action on the HPA axis (``strain_crh_damping``): the pooled fall of cortisol in
healthy people on probiotics (Jain 2024), which sets the rate, and the attenuated cortisol response to an acute stressor
after four weeks of B. longum 1714 (Allen 2016), which the model must then show in direction.

The pooled figure is a standardised mean difference (SMD) of cortisol. The model's people differ far less in cortisol than
real people do (no person-to-person variation of the HPA set point in the profiles: a healthy 08:00 cortisol SD of
~2% of the mean), so an SMD computed on the model's own spread would be meaningless. The SMD is turned into a fraction
with a measured between-person spread instead: the 95% reference range of the morning peak in 33 healthy adults
sampled every 20 min (Debono 2009: 15.5 ug/dL, 11.7-20.6), a log-scale SD of 0.144. Single samples, as most trials
took, vary more than that peak, so the fraction is the smaller of the two readings (a conservative rate).
"""

from __future__ import annotations

import math

import numpy as np

from .source_runs import SourceCheck, morning_change, trace

JAIN = "Jain 2024 Nutrients 16:3564 (PMID 39458560; 35 RCTs in healthy populations)"
JAIN_SMD = (-0.30, -0.58, -0.03)  # healthy-population subgroup: SMD and its 95% CI
DEBONO = "Debono 2009 (PMC2684472; 33 healthy adults, 20-min sampling)"
PEAK_LOG_SD = math.log(20.6 / 11.7) / (2 * 1.96)  # between-person SD of ln(morning peak cortisol): 0.144
ALLEN = "Allen 2016 Transl Psychiatry 6:e939 (PMID 27801892; 22 healthy men, within-subject, 4 weeks each)"

# the C1/C2 product at the top of the trials' usual 1e9-1e10 CFU/day, as in Jain's pool (doses and products vary):
# the largest usual dose gives the strains the most contact, so the rate read from it is the smallest
PRODUCT = {"type": "probiotic", "dose_cfu_per_day": 1e10, "expectancy": 0.0}
WEEKS = 8


def paper_fall(smd: float) -> float:
    """A cortisol SMD as a fractional change of cortisol (log-scale SD of the healthy morning peak)."""
    return math.expm1(smd * PEAK_LOG_SD)


def probiotic_cortisol_fall(seed: int, n: int = 30, params: dict | None = None) -> float:
    """Healthy people on the product for ``WEEKS`` weeks against the same people without it (common random numbers):
    the fractional change of their 08:00 cortisol over the last week."""
    return morning_change("healthy", n, seed, PRODUCT, WEEKS * 168, ("cortisol_nmol_per_l",), params)["cortisol_nmol_per_l"]


def jain_cortisol_check(seed: int, n: int = 30) -> SourceCheck:
    want, lo, hi = (paper_fall(s) for s in JAIN_SMD)
    got = probiotic_cortisol_fall(seed, n)
    return SourceCheck("probiotic_cortisol_healthy", f"probiotic 1e10 CFU/day, {WEEKS} weeks, healthy adults: 08:00 cortisol, "
                       "same people without it", JAIN + "; SMD as a fraction with " + DEBONO,
                       f"SMD -0.30 (-0.58, -0.03) = {want:+.1%} ({lo:+.1%} to {hi:+.1%})", f"{got:+.1%}",
                       ("strain_crh_damping", "strain_vagal_gain", "strain_vagal_half_occupancy"), lo <= got <= hi)


def allen_stress_check(seed: int, n: int = 22) -> SourceCheck:
    """B. longum 1714 for 4 weeks, then a socially evaluated cold pressor test (an acute stressor of under an hour at
    10:00): the cortisol the test adds over the next 3 h, against the same people after placebo (within-subject, as the
    paper's crossover). The paper's dose is not in its
    abstract: the strain is given at 1e9 CFU/day, the low end of the usual range."""
    strain = {"type": "probiotic", "strains": ["bifidobacterium"], "dose_cfu_per_day": 1e9, "expectancy": 0.0}
    t0 = 28 * 24 + 10
    secpt = {"type": "stressor", "kind": "acute", "magnitude": 3.0, "hours": 1, "start_day": t0 / 24}
    keys = ("cortisol_nmol_per_l",)
    rise = {}
    for name, ivs in (("placebo", []), ("strain", [strain])):
        # the rise against the same people on the same product without the test (cortisol falls through the morning)
        x = trace("healthy", n, seed, ivs + [secpt], t0 + 4, keys)["cortisol_nmol_per_l"]
        calm = trace("healthy", n, seed, ivs, t0 + 4, keys)["cortisol_nmol_per_l"]
        rise[name] = float(np.mean((x - calm)[t0 + 1:t0 + 4].sum(axis=0)))
    share = rise["strain"] / rise["placebo"] - 1.0 if rise["placebo"] > 0 else math.nan
    return SourceCheck("allen_secpt_cortisol", "B. longum 1714 (1e9 CFU/day assumed), 4 weeks, healthy men: cortisol rise over 3 h "
                       "after a socially evaluated cold pressor test, against placebo", ALLEN,
                       "attenuated (direction; the size was not read from the paper)",
                       f"{share:+.1%} ({rise['strain']:.0f} vs {rise['placebo']:.0f} nmol/L x h)",
                       ("strain_crh_damping",), rise["strain"] < rise["placebo"])


def hpa_checks(seed: int) -> list[SourceCheck]:
    return [jain_cortisol_check(seed), allen_stress_check(seed)]
