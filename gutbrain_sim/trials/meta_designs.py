"""How the small trials of a virtual meta-analysis differ from one another: each design
feature declared once (unit, range, how it is drawn, source), and the draw of one trial's
design from them (target C1b; docs/meta_analysis.md).

Nothing here sets a trial's effect. Each feature changes what the model simulates (who is
enrolled, how ill, which product, how much of it is alive and taken, for how long), and the
model makes each trial's effect from that. There is no between-trial variance parameter.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..core.streams import stream


@dataclass(frozen=True)
class Feature:
    """One way trials differ: ``draw`` is "log-uniform", "uniform", "integer" (inclusive) or
    "choice" (``values`` with ``shares``)."""

    name: str
    unit: str
    draw: str
    values: tuple
    shares: tuple[float, ...] | None
    source: str


FEATURES = {f.name: f for f in (
    Feature("n_per_arm", "participants per arm", "log-uniform", (15, 50), None,
            "target C1b (15-50 per arm); SCIENCE.md: typical trials n = 20-60 per arm"),
    Feature("population", "host profile", "choice", ("mdd", "mdd_on_ssri", "mild_depression"), (0.4, 0.35, 0.25),
            "assumption, from the kinds of trial the pools mix (SCIENCE.md; Liu 2019, Asad 2024/25): diagnosed MDD on "
            "the probiotic alone, MDD with the probiotic added to an antidepressant, and depressive symptoms below MDD; "
            "SCIENCE.md gives no per-trial table, so the shares are not from one"),
    Feature("inclusion_hamd_mdd", "HAM-D-17 points", "integer", (14, 20), None,
            "assumption: screening thresholds of MDD trials (HAM-D >= 14 to >= 20); higher threshold = more severe baseline"),
    Feature("inclusion_hamd_on_ssri", "HAM-D-17 points", "integer", (12, 16), None,
            "assumption: residual-symptom thresholds of add-on trials in people already treated"),
    Feature("inclusion_hamd_mild", "HAM-D-17 points", "integer", (7, 12), None,
            "assumption: thresholds of trials in mild or subclinical depressive symptoms"),
    Feature("duration_weeks", "weeks", "integer", (4, 8), None, "SCIENCE.md: typical trials 4-8 weeks"),
    Feature("dose_cfu_per_day", "CFU/day (labelled)", "log-uniform", (1e9, 1e10), None, "SCIENCE.md: typical trials 1e9-1e10 CFU/day"),
    Feature("strains", "genera in the product", "choice",
            (("lactobacillus", "bifidobacterium"), ("lactobacillus",), ("bifidobacterium",)), (0.5, 0.3, 0.2),
            "assumption: most trial products are Lactobacillus + Bifidobacterium mixtures, fewer a single genus"),
    Feature("viability", "fraction of the label alive", "uniform", (0.1, 1.0), None,
            "Drago 2010: 4 of 13 products matched their label, others held 0.1-0.6 of it (library: low_quality_probiotic)"),
    Feature("contaminated", "product", "choice", ("yes", "no"), (0.1, 0.9),
            "assumption: a minority of products carry contaminants (Drago 2010 found mislabelled and contaminated products; "
            "library: contaminated_probiotic)"),
    Feature("contamination", "pathobionts per labelled CFU", "uniform", (0.0, 0.05), None,
            "assumption: below the library's contaminated_probiotic (0.2), which shows a badly made product"),
    Feature("adherence", "fraction of doses taken", "uniform", (0.7, 0.95), None,
            "assumption: capsule counts in supplement trials usually report 70-95%; applied as a lower mean daily dose "
            "(the probiotic intervention has no per-day adherence of its own)"),
)}


def _draw(f: Feature, g: np.random.Generator):
    lo, hi = f.values[0], f.values[-1]
    if f.draw == "log-uniform":
        return math.exp(g.uniform(math.log(lo), math.log(hi)))
    if f.draw == "uniform":
        return float(g.uniform(lo, hi))
    if f.draw == "integer":
        return int(g.integers(lo, hi + 1))
    return f.values[int(g.choice(len(f.values), p=f.shares))]


@dataclass(frozen=True)
class TrialDesign:
    trial: int
    population: str
    inclusion_hamd_min: int
    n_per_arm: int
    duration_weeks: int
    dose_cfu_per_day: float  # labelled
    strains: tuple[str, ...]
    viability: float
    contamination: float
    adherence: float
    high_risk: bool  # outcome raters not blind (meta_high_risk_share)
    switches_outcome: bool = False  # reports its most favourable recorded outcome (meta_outcome_switching_share)

    @property
    def live_dose_cfu_per_day(self) -> float:
        """Live CFU swallowed per day on average: label x viability x adherence."""
        return self.dose_cfu_per_day * self.viability * self.adherence


def draw_designs(k: int, seed: int, high_risk_share: float, switching_share: float = 0.0) -> list[TrialDesign]:
    """``k`` trial designs, each drawn independently from ``FEATURES`` (stream "meta.designs";
    trial i's design is the same whatever ``k``). Whether a trial switches outcomes is drawn last,
    so the rest of every design is the same whatever ``switching_share``."""
    out = []
    for i in range(k):
        g = stream(seed, f"meta.designs.trial{i + 1}")
        d = {name: _draw(f, g) for name, f in FEATURES.items() if not name.startswith("inclusion_")}
        pop = d["population"]
        threshold = _draw(FEATURES[{"mdd": "inclusion_hamd_mdd", "mdd_on_ssri": "inclusion_hamd_on_ssri"}.get(pop, "inclusion_hamd_mild")], g)
        out.append(TrialDesign(
            trial=i + 1, population=pop, inclusion_hamd_min=threshold, n_per_arm=int(round(d["n_per_arm"])),
            duration_weeks=d["duration_weeks"], dose_cfu_per_day=float(f"{d['dose_cfu_per_day']:.2g}"), strains=tuple(d["strains"]),
            viability=round(d["viability"], 2), contamination=round(d["contamination"], 3) if d["contaminated"] == "yes" else 0.0,
            adherence=round(d["adherence"], 2), high_risk=bool(g.random() < high_risk_share),
            switches_outcome=bool(g.random() < switching_share)))
    return out


def trial_spec(d: TrialDesign, seed: int, params: dict | None = None):
    """The trial spec that runs design ``d`` (blinded, placebo vs the trial's product)."""
    from .spec import trial_spec_from_dict

    product = {"type": "probiotic", "dose_cfu_per_day": float(f"{d.dose_cfu_per_day * d.adherence:.3g}"), "viability": d.viability,
               "strains": list(d.strains), "contamination": d.contamination}
    spec = {"name": f"meta_trial{d.trial}", "population": d.population, "n_per_arm": d.n_per_arm, "duration_weeks": d.duration_weeks,
            "inclusion_hamd_min": float(d.inclusion_hamd_min), "seed": seed, "blinded": True,
            "arms": [{"name": "placebo", "interventions": [{"type": "placebo"}]}, {"name": "probiotic", "interventions": [product]}]}
    if params:
        spec["params"] = dict(params)
    return trial_spec_from_dict(spec, where=f"meta-analysis trial {d.trial}")


def design_table() -> list[dict]:
    """Every feature as a row (for docs/meta_analysis.md)."""
    return [{"feature": f.name, "unit": f.unit, "draw": f.draw, "values": f.values, "shares": f.shares, "source": f.source}
            for f in FEATURES.values()]
