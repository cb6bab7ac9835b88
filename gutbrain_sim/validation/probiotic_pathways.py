"""The probiotic's effect by mechanism: paired knock-outs and knock-ins (issue #14).

The same people (common random numbers, as ``probiotic_targets.paired_effects``) run under
placebo and under the probiotic with every mechanism on, with each mechanism switched off
alone, with each mechanism on alone (every other one in ``MECHANISMS`` off), and with all of
them off (HAM-D points, treatment - placebo: negative = the probiotic helps). A mechanism's
knock-out share is the total minus the effect without it; its knock-in share is the effect
with it alone minus the effect with all off. Where mechanisms overlap (two routes that do the
same thing: each alone does it, so knocking either out loses little) knock-out shares add up
to less than the total; where they need each other, to more. A mechanism's ``share`` is the
mean of the two, its Shapley value when the mechanisms interact at most in pairs: then the
shares add up to the total minus the all-off effect exactly. What they do not attribute
(interactions of three or more mechanisms, and the all-off effect, 0 in both guts) is
reported as ``overlap`` = total - sum of shares. The nested CRH share within ``vagal`` stays a
knock-out share (the total minus the effect with only the strains' CRH damping off), not in the
sum. The strains' crossings of a failing barrier and their blood seeds draw from their own
streams (``gut.strain_crossing``, ``host.strain_bacteraemia``), and in the agent gut so do their
colonies' movement, stirring, adhesion, survival and division (gut.strain_streams), so with every
mechanism off the arms are equal, also where barriers fail, in both guts
(tests/test_strain_streams.py).

The mechanisms as they exist in the code, each with the parameter that switches it off (all of
them touch only administered strains, so placebo runs are the same with them off):

* ``tight_junctions``: adhered strains speed junction repair where injury is opening them
  (gut.epithelium; ``probiotic_tj_repair_gain`` = 0).
* ``vagal``: strain contact excites vagal afferents (physiology.brain: ``strain_vagal_tone``,
  raising vagal tone and through it central GABA) and, through that tone, damps the CRH drive
  (physiology.hpa, ``strain_crh_damping``); ``strain_vagal_gain`` = 0, the same as the
  ``{"type": "knockout", "link": "strain_vagus"}`` intervention. Its CRH part alone is reported
  as a nested share (``strain_crh_damping`` = 0), not added to the others.
* ``immune``: strains holding the mucosa damp IL-6 production (physiology.immune, their regulatory signalling; CRP
  follows), so less IL-6 drives IDO, the HPA axis, BDNF loss and, above its threshold, depression
  (``strain_il6_damping`` = 0). Not vagal: the vagal switch leaves it.
* ``microbial``: the strains' metabolism in the lumen and mucus (hexose -> lactate, the acid that
  slows pathobionts and Bacteroides, lactate cross-fed to butyrate, GABA, competition for
  substrate) and their growth, all scaled by ``probiotic_growth_factor`` (gut.mixed: their
  biomass enters the shared kinetics weighted by it); 0 makes them inert passengers that still
  adhere, so their contact (and the three routes above) barely changes. Inert, they neither give nor
  take a resistance gene either (agent gut: compiled.resistance_contacts_into).
* ``bacteraemia``: strains crossing a failing barrier found lineages in the blood
  (physiology.bacteraemia, ``blood_seed_fraction_probiotic`` = 0).

No off switch is needed for bacteriocins or for competition for adhesion sites: the code has
neither (strains bind the outer mucus without taking a resident site, gut.mixed / agent_gut).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from .probiotic_targets import PROBIOTIC, WARMUP_DAYS, WEEKS, end_of_trial_means

MECHANISMS: dict[str, dict] = {
    "tight_junctions": {"probiotic_tj_repair_gain": 0.0},
    "vagal": {"strain_vagal_gain": 0.0},
    "immune": {"strain_il6_damping": 0.0},
    "microbial": {"probiotic_growth_factor": 0.0},
    "bacteraemia": {"blood_seed_fraction_probiotic": 0.0},
}
NESTED: dict[str, tuple[str, dict]] = {"vagal_crh": ("vagal", {"strain_crh_damping": 0.0})}  # part of a mechanism's share


@dataclass
class PathwayBreakdown:
    host: str
    n: int
    seed: int
    total: float  # probiotic - placebo, mean end-of-trial HAM-D, every mechanism on
    total_se: float
    without: dict[str, float]  # the effect with that mechanism off alone
    alone: dict[str, float]  # the effect with only that mechanism on, minus all_off (its knock-in share)
    shares: dict[str, float]  # the mean of the knock-out share (total - without[m]) and the knock-in share (alone[m])
    sum_of_shares: float
    all_off: float  # the effect with every mechanism off
    all_off_max_abs: float  # largest single person's |probiotic - placebo| with every mechanism off
    nested: dict[str, float] = field(default_factory=dict)  # knock-out shares within a mechanism (not in the sum)

    @property
    def overlap(self) -> float:
        """What the shares do not attribute: total - sum of shares (0 when the mechanisms interact at most in pairs)."""
        return self.total - self.sum_of_shares

    @property
    def sum_ratio(self) -> float:
        return self.sum_of_shares / self.total if self.total else math.nan

    def summary(self) -> dict:
        """The figures, keyed as a trial summary's ``pathways`` block holds them (trials.pathways; unrounded here)."""
        return {"total": self.total, "total_se": self.total_se, "shares": dict(self.shares), "without": dict(self.without),
                "alone": dict(self.alone), "nested": {m: {"share": s, "within": NESTED[m][0]} for m, s in self.nested.items()},
                "sum_of_shares": self.sum_of_shares, "sum_ratio": self.sum_ratio, "overlap": self.overlap,
                "all_off": self.all_off, "all_off_max_abs": self.all_off_max_abs}

    def lines(self) -> list[str]:
        return breakdown_lines(self.summary(), f"{self.host}, {self.n} people, seed {self.seed}")


def breakdown_lines(b: dict, who: str, indent: str = "") -> list[str]:
    """The printed breakdown, the one form for ``gutbrain calibrate --pathways`` and a trial's printed summary: a title
    naming ``who``, the total, one line per mechanism (its share, the effect without it, its effect alone), the nested
    shares, the sum, the overlap the shares do not attribute and the all-off check. ``b``:
    ``PathwayBreakdown.summary()`` or a trial summary's ``pathways`` block (rounded, a ratio it cannot give as None)."""
    ratio = b["sum_ratio"]
    ratio_text = f"{ratio:.1%} of the total" if ratio is not None and math.isfinite(ratio) else "n/a (total 0)"
    i = indent + "  "
    out = [f"{indent}probiotic effect by mechanism: {who} (HAM-D points, probiotic - placebo)",
           f"{i}total            {b['total']:+.3f} HAM-D points (SE {b['total_se']:.3f})"]
    out += [f"{i}{m:<16} {s:+.3f} HAM-D points  (effect without it {b['without'][m]:+.3f}, alone {b['alone'][m]:+.3f})"
            for m, s in b["shares"].items()]
    out += [f"{i}  {m:<14} {d['share']:+.3f} HAM-D points  (part of {d['within']}: its knock-out share)" for m, d in b["nested"].items()]
    out.append(f"{i}sum of shares    {b['sum_of_shares']:+.3f} HAM-D points = {ratio_text}")
    out.append(f"{i}overlap          {b['overlap']:+.3f} HAM-D points  (total - sum of shares: not attributed)")
    out.append(f"{i}all mechanisms off {b['all_off']:+.4f} HAM-D points (largest person {b['all_off_max_abs']:.4f})")
    return out


def _merged(params: dict | None, *offs: dict) -> dict:
    out = dict(params or {})
    for o in offs:
        out.update(o)
    return out


def pathway_breakdown(host: str, n: int, seed: int, params: dict | None = None, nested: bool = True, *,
                      probiotic: dict = PROBIOTIC, background: list[dict] | tuple = (), weeks: int = WEEKS,
                      warmup_days: int = WARMUP_DAYS) -> PathwayBreakdown:
    """Paired knock-outs and knock-ins of the probiotic's mechanisms in ``n`` people of ``host`` (module docstring).

    ``probiotic``: the product (an intervention dict; default 1e10 CFU/day, the whole trial); ``background``:
    interventions both runs get (e.g. an add-on trial's SSRI); ``weeks``, ``warmup_days``: the trial's length and
    the life before screening. The defaults are the 8-week MDD estimate ``gutbrain calibrate --pathways`` prints."""
    background = list(background)
    timing = {"weeks": weeks, "warmup_days": warmup_days}
    placebo, base = end_of_trial_means(host, background, n, seed, params, **timing)

    def effect(*offs: dict) -> np.ndarray:
        treated, base_t = end_of_trial_means(host, [*background, probiotic], n, seed, _merged(params, *offs), **timing)
        if not np.array_equal(base, base_t):
            raise RuntimeError("paired runs must start from the same people")
        return treated["end_hamd"] - placebo["end_hamd"]

    d = effect()
    total = float(d.mean())
    without = {m: float(effect(off).mean()) for m, off in MECHANISMS.items()}
    d_off = effect(*MECHANISMS.values())
    all_off = float(d_off.mean())
    alone = {m: float(effect(*(o for k, o in MECHANISMS.items() if k != m)).mean()) - all_off for m in MECHANISMS}
    shares = {m: ((total - without[m]) + alone[m]) / 2.0 for m in MECHANISMS}
    inner = {m: total - float(effect(off).mean()) for m, (_, off) in NESTED.items()} if nested else {}
    return PathwayBreakdown(host, n, seed, total, float(d.std(ddof=1) / math.sqrt(n)), without, alone, shares,
                            float(sum(shares.values())), all_off, float(np.abs(d_off).max()), inner)


if __name__ == "__main__":  # python -m gutbrain_sim.validation.probiotic_pathways [host] [n] [seed]
    import sys

    a = sys.argv[1:]
    print("\n".join(pathway_breakdown(a[0] if a else "mdd", int(a[1]) if len(a) > 1 else 20, int(a[2]) if len(a) > 2 else 7).lines()))
