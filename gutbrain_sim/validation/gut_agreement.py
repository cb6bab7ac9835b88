"""The two guts' contract: the well-mixed gut is the agent gut's mean field, and this shows it.

``compare(cases, people)`` runs the same people (same draws, same streams) once on each gut
for every case (a host profile at baseline, or a library scenario) and compares, for each
measure in ``MEASURES`` at days 0, 14 and 28, the two medians and interquartile ranges.
They agree when the medians are within ``RELATIVE_TOLERANCE`` of each other (or within the
measure's absolute floor, for values near zero) and the interquartile ranges overlap.
``gutbrain compare-guts`` prints the table and exits 1 on any disagreement;
docs/gut_agreement.md holds it, generated.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..hosts import profile, profiles
from ..scenario import resolve_scenario
from ..trials.cohort import Arm, ArmPlan, draw_arm

RELATIVE_TOLERANCE = 0.15  # medians within 15% of the agent gut's
DAYS = (0, 14, 28)
# measure -> (unit, absolute floor: medians this close agree whatever their ratio)
MEASURES = {
    "plasma_lps_pg_per_ml": ("pg/mL", 1.0),
    "permeability_lm_ratio": ("ratio", 0.003),
    "abundance_pathobionts": ("fraction", 0.005),
    "abundance_butyrate_producers": ("fraction", 0.005),
    "butyrate_mM": ("mM", 1.0),
    "shannon_diversity": ("nats", 0.1),
    "il6_pg_per_ml": ("pg/mL", 0.3),
    "crp_mg_per_l": ("mg/L", 0.3),
    "cortisol_nmol_per_l": ("nmol/L", 20.0),
    "depression_hamd": ("HAM-D points", 1.5),
    "anxiety_hama": ("HAM-A points", 1.5),
}
SCENARIOS = ("healthy_baseline", "antibiotic_course", "probiotic_mdd_8w", "prebiotic_only", "western_diet", "lps_challenge")
WARMUP_H = 7 * 24


@dataclass
class Row:
    case: str
    measure: str
    day: int
    agent: tuple[float, float, float]  # quartiles 25, 50, 75
    mixed: tuple[float, float, float]

    @property
    def ratio(self) -> float:
        a, m = self.agent[1], self.mixed[1]
        return m / a if a != 0 else (1.0 if m == 0 else float("inf"))

    @property
    def agree(self) -> bool:
        a, m = self.agent[1], self.mixed[1]
        close = abs(m - a) <= max(RELATIVE_TOLERANCE * abs(a), MEASURES[self.measure][1])
        overlap = self.mixed[0] <= self.agent[2] + MEASURES[self.measure][1] and self.agent[0] <= self.mixed[2] + MEASURES[self.measure][1]
        return bool(close and overlap)


def cases() -> list[tuple[str, str, list, dict]]:
    """(case name, host, interventions, parameter overrides): every profile at baseline, then the scenarios."""
    out = [(f"{name} (baseline)", name, [], {}) for name in profiles()]
    for name in SCENARIOS:
        sc = resolve_scenario(name)
        out.append((f"scenario {name}", sc.host, sc.interventions, dict(sc.params)))
    return out


def run_case(host: str, interventions: list, params: dict, people: int, seed: int, gut: str, progress=None) -> dict[int, dict]:
    """day -> measure -> values over people, for ``people`` people of ``host`` on one gut."""
    prof = profile(host)
    arm = Arm(prof, ArmPlan(host, list(interventions)), 0, draw_arm(prof, params, 0, [people], seed, prefix="compare"), seed, gut=gut)
    arm.advance(WARMUP_H, -WARMUP_H, settle_last=True)
    out = {}
    t = 0
    for day in DAYS:
        arm.advance(day * 24 - t, t, progress=progress)
        t = day * 24
        m = arm.measure()
        out[day] = {k: m[k].copy() for k in MEASURES}
    return out


def compare(people: int = 20, seed: int = 2026, only: list[str] | None = None, progress=None) -> list[Row]:
    rows = []
    for name, host, ivs, params in cases():
        if only and not any(o in name for o in only):
            continue
        runs = {gut: run_case(host, ivs, params, people, seed, gut, progress) for gut in ("agent", "mixed")}
        for day in DAYS:
            for measure in MEASURES:
                q = {gut: tuple(float(x) for x in np.percentile(runs[gut][day][measure], (25, 50, 75))) for gut in runs}
                rows.append(Row(name, measure, day, q["agent"], q["mixed"]))
    return rows


def table(rows: list[Row], people: int) -> str:
    """Markdown table of every comparison (medians, ratio, IQRs, verdict)."""
    lines = [f"{people} people per gut kind and case (the same people on both guts); medians agree within "
             f"{RELATIVE_TOLERANCE:.0%} or the measure's absolute floor, and interquartile ranges overlap.", "",
             "| case | measure | day | agent median (IQR) | mixed median (IQR) | mixed/agent | agree |", "|---|---|---:|---|---|---:|---|"]
    for r in rows:
        unit = MEASURES[r.measure][0]
        lines.append(f"| {r.case} | {r.measure} ({unit}) | {r.day} | {_fmt(r.agent)} | {_fmt(r.mixed)} | {r.ratio:.2f} | "
                     f"{'yes' if r.agree else '**no**'} |")
    bad = [r for r in rows if not r.agree]
    lines += ["", f"{len(rows) - len(bad)} of {len(rows)} comparisons agree."]
    return "\n".join(lines)


def floors_table() -> str:
    return "\n".join(["| measure | unit | absolute floor |", "|---|---|---:|"]
                     + [f"| {k} | {u} | {f:g} |" for k, (u, f) in MEASURES.items()])


def _fmt(q) -> str:
    return f"{q[1]:.4g} ({q[0]:.3g}-{q[2]:.3g})"
