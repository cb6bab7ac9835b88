"""What the causal-chain and rules panels say now: each link's value, how hard it pushes, and why.

Pure reading of the model's current state (no Solara), so it is tested on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..gut.barrier import lm_ratio_sites
from ..params import GUILDS, PARAMETERS
from ..physiology import diet_multiplier

# Which declared parameter sets the strength of each mood pathway (its weight).
PATHWAY_PARAMETER = {
    "inflammation": "weight_inflammation_hamd",
    "cortisol": "weight_cortisol_hamd",
    "tryptophan": "weight_serotonin_hamd",
    "bdnf": "weight_bdnf_hamd",
    "vagus_gaba": "weight_gaba_hamd",
    "placebo": "placebo_response_hamd",
    "treatment": "psychotherapy_hamd",
}
PATHWAY_LABELS = {
    "inflammation": "inflammation (IL-6)",
    "cortisol": "stress hormone (cortisol, allostatic load)",
    "tryptophan": "tryptophan -> serotonin",
    "bdnf": "BDNF (brain plasticity)",
    "vagus_gaba": "vagus nerve and GABA",
    "placebo": "placebo (expectancy)",
    "treatment": "psychotherapy",
}


@dataclass(frozen=True)
class Link:
    key: str
    title: str
    value: str  # the link's current state, with units
    push: str  # how strongly it pushes the next link now, in words with a number
    strength: float  # signed push for the bar: > 0 worsens, < 0 protects (HAM-D points or relative change)
    unit: str  # unit of ``strength``


def push_text(worse: str, better: str, pts: float, unit: str = "HAM-D points") -> str:
    """A pathway's push in words that read right in both directions (``worse`` when it adds points)."""
    if pts >= 0.05:
        return f"{worse} adds {pts:.1f} {unit}"
    if pts <= -0.05:
        return f"{better} takes {-pts:.1f} {unit} off"
    return f"{better}: no effect now (0.0 {unit})"


def _f(x) -> float:
    return float(np.asarray(x).ravel()[0])


def chain_links(model) -> list[Link]:
    """gut -> barrier -> blood -> immune -> HPA / tryptophan -> brain -> mood -> back to the gut."""
    from .outcomes import outcome_label, points

    host = model.scenario.host
    unit = points(host)
    gut, p = model.gut, model.p
    v, pw = model.host_state.values, model.host_state.pathways
    g = gut.guild_cfu()
    share = g / g.sum() if g.sum() > 0 else np.zeros_like(g)
    but = float(gut.lumen.conc[_field("butyrate"), :, 0].mean())
    but_rel = but / float(p.healthy_mucosal_butyrate_mm)
    integ = float(gut.epithelium.integrity.mean())
    lm = float(lm_ratio_sites(gut.epithelium, p, model.exposure_sealed).mean())  # the barrier's one L/M rule
    lps = _f(v["plasma_lps_pg_per_ml"])
    lps_rel, lm_rel = lps / float(p.healthy_plasma_lps_pg_per_ml), lm / float(p.healthy_lm_ratio)  # healthy references: the declared parameters (gutbrain_sim/params/)
    il6, tnf, crp = _f(v["il6_pg_per_ml"]), _f(v["tnf_pg_per_ml"]), _f(v["crp_mg_per_l"])
    cort24 = _f(v["cortisol_24h_nmol_per_l"])
    kyn_trp = 1000.0 * _f(v["kyn_um"]) / max(_f(v["trp_um"]), 1e-9)
    diet = _f(diet_multiplier(model.host_state, p))
    brain = _f(pw["bdnf"]) + _f(pw["vagus_gaba"])
    return [
        Link("gut", "Gut microbes",
             f"butyrate producers {share[GUILDS.index('butyrate_producers')]:.0%}, pathobionts {share[GUILDS.index('pathobionts')]:.1%}",
             f"butyrate at the gut wall {but:.1f} mM ({but_rel:.2f} x healthy)", 1.0 - but_rel, "x healthy butyrate missing"),
        Link("barrier", "Gut barrier", f"integrity {integ:.2f} (0-1), lactulose/mannitol {lm:.3f}",
             f"leak lets endotoxin through: {lm_rel:.2f} x healthy permeability", lm_rel - 1.0, "x healthy leak, above 1"),
        Link("blood", "Blood", f"plasma LPS {lps:.1f} pg/mL", f"{lps_rel:.2f} x healthy endotoxin reaches immune cells",
             lps_rel - 1.0, "x healthy LPS, above 1"),
        Link("immune", "Immune system", f"TNF {tnf:.1f} pg/mL, IL-6 {il6:.1f} pg/mL, CRP {crp:.1f} mg/L",
             push_text("inflammation", "low inflammation", _f(pw["inflammation"]), unit), _f(pw["inflammation"]), unit),
        Link("hpa", "Stress axis (HPA)", f"cortisol 24-h mean {cort24:.0f} nmol/L ({cort24 / float(p.cortisol_mean_nmol_per_l):.2f} x healthy)",
             push_text("high cortisol", "calm stress axis", _f(pw["cortisol"]), unit), _f(pw["cortisol"]), unit),
        Link("tryptophan", "Tryptophan", f"kynurenine/tryptophan {kyn_trp:.0f} umol/mmol, serotonin index {_f(v['serotonin_index']):.2f}",
             push_text("serotonin shortfall", "serotonin above normal", _f(pw["tryptophan"]), unit), _f(pw["tryptophan"]), unit),
        Link("brain", "Brain", f"BDNF {_f(v['bdnf_index']):.2f}, GABA {_f(v['gaba_index']):.2f}, vagal tone {_f(v['vagal_tone']):.2f} (x healthy)",
             push_text("low BDNF and vagus/GABA", "BDNF and vagus/GABA", brain, unit), brain, unit),
        Link("mood", "Mood -> back to the gut", f"{outcome_label(host, 'depression_hamd')}: {_f(v['depression_hamd']):.1f}; "
             f"{outcome_label(host, 'anxiety_hama')}: {_f(v['anxiety_hama']):.1f}",
             f"low mood cuts the fibre eaten to {diet:.0%} of plan", 1.0 - diet, "fraction of fibre lost"),
    ]


def pathway_breakdown(model) -> list[tuple[str, float]]:
    """HAM-D points each pathway adds to the depression target now (negative = protects)."""
    pw = model.host_state.pathways
    return [(name, _f(pw[name])) for name in PATHWAY_PARAMETER]


@dataclass(frozen=True)
class Rule:
    title: str
    now: str
    evidence: str


def active_rules(model) -> list[Rule]:
    """Plain language: what each active rule does right now, and the kind of evidence behind it."""
    t = model.time_h
    rules = []
    for iv in model.standing:
        rules.append(Rule(f"{iv.TYPE.replace('_', ' ')} (the host's standing treatment)", iv.DESCRIPTION, iv.EVIDENCE))
    for iv in model.interventions:
        if t >= 0 and iv.active(t):
            rules.append(Rule(f"{iv.TYPE.replace('_', ' ')} (active: day {iv.start_day:g} to {_stop(iv)})", iv.DESCRIPTION, iv.EVIDENCE))
    for name, points in sorted(pathway_breakdown(model), key=lambda kv: -abs(kv[1])):
        if abs(points) < 0.05:
            continue
        spec = PARAMETERS[PATHWAY_PARAMETER[name]]
        verb = "adds" if points > 0 else "takes off"
        rules.append(Rule(f"mood pathway: {PATHWAY_LABELS[name]}",
                          f"now {verb} {abs(points):.1f} {unit_of(model)}. Rule: {spec.description} ({spec.default:g} {spec.unit}).",
                          f"{spec.evidence}: {spec.source}"))
    return rules


def unit_of(model) -> str:
    from .outcomes import points

    return points(model.scenario.host)


def _stop(iv) -> str:
    return "the end" if not np.isfinite(iv.stop_day) else f"{iv.stop_day:g}"


def _field(name: str) -> int:
    from ..gut.kinetics import F

    return F[name]
