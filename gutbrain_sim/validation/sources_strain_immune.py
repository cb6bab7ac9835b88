"""Source experiment of the strains' action on systemic inflammation (``strain_il6_damping``): the fall of CRP against
placebo in adults with depressive disorders on L. helveticus Rosell-52 + B. longum Rosell-175 for 60 days
(Gawlik-Kotelnicka 2025, PRO-DEMET secondary analysis), which sets the rate. Since the MDD profile's low-grade
inflammation was fitted to Osimo 2019 the strains' barrier and LPS routes alone reproduce the fall, so the rate read is 0
(the parameter's source text has the figures).

The paper reports the fall as a percentage (-21.3%, P = .047, d = .249, 88 people per protocol) with no confidence
interval in its abstract; the interval used here is the normal approximation from the P value (SE = 21.3 / 1.99
percentage points): -42% to -0.4%. TNF did not differ between arms, which the model must also show: "not different"
is read as a fall smaller than the trial could have detected, 1.96 x CV x sqrt(2 / 44) = 19% with 44 per arm (88 per
protocol, split evenly: an assumption) and a between-person TNF coefficient of variation of 0.45 (an assumption,
typical of plasma TNF; the abstract gives no spread). As for the cortisol check (sources_hpa), the product is given at the
top of the usual 1e9-1e10 CFU/day (the paper's abstract does not give the dose): the most contact, the smallest rate.
"""

from __future__ import annotations

from .source_runs import SourceCheck, morning_change
from .sources_hpa import PRODUCT

GAWLIK = ("Gawlik-Kotelnicka 2025 Curr Neuropharmacol (doi 10.2174/011570159X371175251002220658; PRO-DEMET, adults with "
          "depressive disorders, 60 days, 88 per protocol)")
PAPER_FALL = -0.213
PAPER_SE = 0.213 / 1.99  # from P = .047 (two-sided, normal approximation)
PAPER_CI = (PAPER_FALL - 1.96 * PAPER_SE, PAPER_FALL + 1.96 * PAPER_SE)
DAYS = 60
TNF_UNDETECTABLE = 1.96 * 0.45 * (2 / 44) ** 0.5  # the smallest TNF change the trial could have detected (module docstring)


def probiotic_marker_change(seed: int, n: int = 30, params: dict | None = None,
                            keys: tuple[str, ...] = ("crp_mg_per_l", "tnf_pg_per_ml")) -> dict[str, float]:
    """Adults with MDD on the product for ``DAYS`` days against the same people without it (common random numbers):
    the fractional change of each marker at 08:00 over the last week."""
    return morning_change("mdd", n, seed, PRODUCT, DAYS * 24, keys, params)


def gawlik_crp_check(seed: int, n: int = 30, got: dict[str, float] | None = None) -> SourceCheck:
    """The check's row; ``got``: ``probiotic_marker_change(seed, n)`` when already run (not run again)."""
    got = probiotic_marker_change(seed, n) if got is None else got
    lo, hi = PAPER_CI
    crp, tnf = got["crp_mg_per_l"], got["tnf_pg_per_ml"]
    return SourceCheck("probiotic_crp_depression", f"probiotic 1e10 CFU/day, {DAYS} days, adults with MDD: 08:00 CRP and TNF, "
                       "same people without it", GAWLIK,
                       f"CRP {PAPER_FALL:+.1%} ({lo:+.0%} to {hi:+.1%}, from P = .047); TNF not different (|change| < {TNF_UNDETECTABLE:.0%})",
                       f"CRP {crp:+.1%}; TNF {tnf:+.1%}", ("strain_il6_damping", "strain_vagal_half_occupancy"),
                       lo <= crp <= hi and abs(tnf) < TNF_UNDETECTABLE)


def strain_immune_checks(seed: int) -> list[SourceCheck]:
    return [gawlik_crp_check(seed)]
