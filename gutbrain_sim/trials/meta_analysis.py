"""A virtual meta-analysis: many small probiotic trials, run by the model, rated and published
the way real ones are, then pooled (target C1b; docs/meta_analysis.md).

Each trial is drawn with its own design (trials/meta_designs.py): who is enrolled (MDD, MDD on
an antidepressant, milder symptoms) above which screening HAM-D, how many, for how long, and
which product (genera, labelled dose, share alive, contaminants) taken how faithfully. The
model makes each trial's effect from its design; trials disagree because of that and of their
own sampling noise, never through a between-trial variance parameter. A share of trials
(``meta_high_risk_share``) are at high risk of bias (raters not blind or biased, participants who
can tell their arm): the treatment arm's rated score moves by ``meta_rater_bias_smd`` control-arm
SDs. A trial is published with probability
``meta_publish_significant`` if it found a significant benefit, else
``meta_publish_nonsignificant``. A share of trials (``meta_outcome_switching_share``) switch
outcomes: instead of the prespecified end-of-trial HAM-D score they report the most favourable
of what they recorded (the HAM-D score or its change from baseline at any week from
``meta_switch_earliest_fraction`` of the trial to its end), as real trials do (Chan 2004,
Dwan 2008/2013). The choice exploits each trial's own sampling noise, so it helps small trials
most. The published trials are pooled (random effects), with Q, I-squared and an Egger
regression test of small-study asymmetry; ``prespecified_published_pool`` pools what would
have been published had every trial reported its prespecified outcome (same publication draws).

The statistics (``rated_effect``, ``outcome_effects``, ``reported_outcome``, ``publish``,
``egger_test``, ``pool``) take plain numbers,
so they are tested apart from the (slow) simulation in ``run_meta_analysis``.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
from scipy import stats

from ..core.streams import stream
from ..params import PARAMETERS
from .meta_designs import draw_designs, trial_spec
from .stats import Effect, Pooled, hedges_g, random_effects_with

TAU2_METHOD = "DL"  # as most published pools (DerSimonian-Laird)


def bias_defaults() -> dict[str, float]:
    """The declared bias parameters (gutbrain_sim/params/trials.py, group "meta-analysis bias")."""
    names = ("meta_high_risk_share", "meta_rater_bias_smd", "meta_publish_nonsignificant", "meta_publish_significant",
             "meta_outcome_switching_share", "meta_switch_earliest_fraction")
    return {k: PARAMETERS[k].default for k in names}


def rated_effect(treatment, control, high_risk: bool, rater_bias_smd: float) -> Effect:
    """Hedges g of rated end-of-trial scores; biased raters move every treated participant's
    score by ``rater_bias_smd`` control-arm SDs (negative = looks better)."""
    t = np.asarray(treatment, float)
    c = np.asarray(control, float)
    if high_risk:
        t = t + rater_bias_smd * float(c.std(ddof=1))
    return hedges_g(t, c)


def outcome_effects(treatment_weekly, control_weekly, high_risk: bool, rater_bias_smd: float,
                    earliest_fraction: float) -> dict[str, Effect]:
    """Hedges g of every depression outcome a trial records, by name: ``end_week{w}`` (rated score at
    week w) and ``change_week{w}`` (week w minus week 0), for w from ``ceil(earliest_fraction x
    duration)`` (at least 1) to the end. Rows are participants, columns weeks 0..duration. Biased
    raters shift every treated post-baseline score as in ``rated_effect`` (by the control arm's SD
    at that week). The prespecified outcome, ``end_week{duration}``, is exactly ``rated_effect`` of
    the end-of-trial scores."""
    t = np.asarray(treatment_weekly, float)
    c = np.asarray(control_weekly, float)
    weeks = t.shape[1] - 1
    out = {}
    for w in range(max(1, math.ceil(earliest_fraction * weeks)), weeks + 1):
        out[f"end_week{w}"] = rated_effect(t[:, w], c[:, w], high_risk, rater_bias_smd)
        shift = rater_bias_smd * float(c[:, w].std(ddof=1)) if high_risk else 0.0
        out[f"change_week{w}"] = hedges_g(t[:, w] + shift - t[:, 0], c[:, w] - c[:, 0])
    return out


def reported_outcome(effects: dict[str, Effect], prespecified: str, switches: bool) -> str:
    """The outcome a trial reports as primary: a trial that switches reports its most favourable
    (most negative finite g; ties to the first recorded), any other its ``prespecified`` one."""
    if not switches:
        return prespecified
    finite = [name for name, e in effects.items() if math.isfinite(e.hedges_g)]
    return min(finite, key=lambda name: effects[name].hedges_g) if finite else prespecified


def publish(effects: list[Effect], p_significant: float, p_nonsignificant: float, seed: int) -> list[bool]:
    """Which trials are published: a significant benefit (p < 0.05, g < 0) with ``p_significant``,
    any other result with ``p_nonsignificant`` (stream "meta.publication")."""
    g = stream(seed, "meta.publication")
    out = []
    for e in effects:
        benefit = math.isfinite(e.p_value) and e.p_value < 0.05 and e.hedges_g < 0
        out.append(bool(g.random() < (p_significant if benefit else p_nonsignificant)))
    return out


@dataclass(frozen=True)
class Egger:
    intercept: float  # in units of g/SE at 1/SE -> 0; negative = small trials show more benefit
    se: float
    t: float
    p_value: float
    k: int


def egger_test(effects, ses) -> Egger:
    """Egger's regression test (Egger 1997): regress g/SE on 1/SE; the intercept measures
    funnel asymmetry (two-sided t-test, k - 2 degrees of freedom)."""
    y = np.asarray(effects, float)
    s = np.asarray(ses, float)
    ok = np.isfinite(y) & np.isfinite(s) & (s > 0)
    y, s = y[ok], s[ok]
    k = y.size
    if k < 3:
        return Egger(math.nan, math.nan, math.nan, math.nan, k)
    z, precision = y / s, 1.0 / s
    x = np.column_stack([np.ones(k), precision])
    beta, *_ = np.linalg.lstsq(x, z, rcond=None)
    resid = z - x @ beta
    sigma2 = float(resid @ resid) / (k - 2)
    cov = sigma2 * np.linalg.inv(x.T @ x)
    se = math.sqrt(cov[0, 0])
    t = float(beta[0]) / se if se > 0 else math.nan
    p = float(2.0 * stats.t.sf(abs(t), k - 2)) if math.isfinite(t) else math.nan
    return Egger(float(beta[0]), se, t, p, k)


def pool(effects: list[Effect]) -> Pooled:
    """Random-effects pooled Hedges g (``TAU2_METHOD``) with Q and I-squared."""
    return random_effects_with([e.hedges_g for e in effects], [e.se ** 2 for e in effects], TAU2_METHOD)


# ------------------------------------------------------------------ the simulation
@dataclass
class MetaResult:
    trials: pd.DataFrame  # one row per trial, published or not
    summary: dict


@dataclass(frozen=True)
class TrialData:
    """What one simulated trial leaves for the meta-analysis: nothing here depends on the bias parameters."""

    weekly: np.ndarray  # rated HAM-D, one row a participant, one column a week (0 .. duration)
    treated: np.ndarray  # bool, one a participant: in the probiotic arm
    true_final: np.ndarray  # true (unrated) end-of-trial HAM-D, one a participant


def simulate_trial(design, seed: int, params: dict | None = None) -> TrialData:
    """Run one design (``trial_spec``) with the model."""
    from .run import run_trial

    r = run_trial(trial_spec(design, int(seed), params))
    df = r.participants
    return TrialData(r.weekly_hamd.to_numpy(), (df.arm == "probiotic").to_numpy(), df.depression_hamd_final_true.to_numpy())


def trial_seeds(k: int, seed: int) -> list[int]:
    """The model seed of each of a literature's ``k`` trials (stream "meta.trial_seeds")."""
    return [int(s) for s in stream(seed, "meta.trial_seeds").integers(0, 2**31, k)]


def simulate_trials(designs, seed: int, params: dict | None = None, workers: int = 1, progress=None) -> list[TrialData]:
    """Every design's trial, in design order; ``workers`` > 1 runs them in that many local processes
    (the same numbers either way: each trial has its own seed)."""
    from concurrent.futures import ProcessPoolExecutor

    seeds = trial_seeds(len(designs), seed)
    if workers <= 1:
        out = []
        for d, s in zip(designs, seeds, strict=True):
            out.append(simulate_trial(d, s, params))
            if progress is not None:
                progress(len(out), len(designs))
        return out
    with ProcessPoolExecutor(max_workers=workers) as ex:
        futures = [ex.submit(simulate_trial, d, s, params) for d, s in zip(designs, seeds, strict=True)]
        out = []
        for f in futures:
            out.append(f.result())
            if progress is not None:
                progress(len(out), len(designs))
        return out


def literature_designs(k: int, seed: int, bias: dict | None = None) -> list:
    """The designs of a literature of ``k`` trials under the bias parameters (``draw_designs``)."""
    b = {**bias_defaults(), **(bias or {})}
    return draw_designs(k, seed, b["meta_high_risk_share"], b["meta_outcome_switching_share"])


def run_meta_analysis(k: int = 20, seed: int = 1, params: dict | None = None, bias: dict | None = None,
                      progress=None, workers: int = 1) -> MetaResult:
    """Run ``k`` small trials with the model (each its own seed), rate, publish and pool them.

    ``params``: model parameter overrides for every trial; ``bias``: overrides of
    ``bias_defaults()``; ``progress``: called with (trials done, k); ``workers``: local processes."""
    b = {**bias_defaults(), **(bias or {})}
    designs = literature_designs(k, seed, b)
    return meta_analyse(designs, simulate_trials(designs, seed, params, workers, progress), seed, b)


def meta_analyse(designs, data: list[TrialData], seed: int, bias: dict | None = None) -> MetaResult:
    """Rate, report, publish and pool simulated trials (``data``, one per design): the biases act
    here, after the model, so one set of simulated trials can be judged under other bias values."""
    b = {**bias_defaults(), **(bias or {})}
    rated, prespecified, chosen, true, rows = [], [], [], [], []
    for d, t in zip(designs, data, strict=True):
        effects = outcome_effects(t.weekly[t.treated], t.weekly[~t.treated], d.high_risk, b["meta_rater_bias_smd"],
                                  b["meta_switch_earliest_fraction"])
        first = f"end_week{d.duration_weeks}"
        chosen.append(reported_outcome(effects, first, d.switches_outcome))
        rated.append(effects[chosen[-1]])
        prespecified.append(effects[first])
        true.append(hedges_g(t.true_final[t.treated], t.true_final[~t.treated]))
    published = publish(rated, b["meta_publish_significant"], b["meta_publish_nonsignificant"], seed)
    for d, e, pre, name, tr, pub in zip(designs, rated, prespecified, chosen, true, published, strict=True):
        rows.append({**asdict(d), "strains": "+".join(d.strains), "live_dose_cfu_per_day": float(f"{d.live_dose_cfu_per_day:.3g}"), "hedges_g": e.hedges_g, "se": e.se, "ci_low": e.ci_low,
                     "ci_high": e.ci_high, "p_value": e.p_value, "mean_difference_hamd": e.mean_difference, "reported_outcome": name,
                     "prespecified_hedges_g": pre.hedges_g, "prespecified_se": pre.se, "true_hedges_g": tr.hedges_g, "published": pub})
    return MetaResult(pd.DataFrame(rows), summarise(rated, published, true, seed, b, prespecified))


def summarise(rated: list[Effect], published: list[bool], true: list[Effect], seed: int, bias: dict,
              prespecified: list[Effect] | None = None) -> dict:
    """Pooled g of the published and of all trials, I-squared and Egger's test; with ``prespecified``
    (every trial's prespecified outcome), also the pool published had no trial switched outcomes
    (publication redrawn from the same stream)."""
    pub = [e for e, p in zip(rated, published, strict=True) if p]

    def block(effects):
        p, eg = pool(effects), egger_test([e.hedges_g for e in effects], [e.se for e in effects])
        return {"k": p.k, "pooled_hedges_g": _r(p.pooled), "ci_low": _r(p.ci_low), "ci_high": _r(p.ci_high), "q": _r(p.q),
                "i2_percent": _r(100 * p.i2, 1), "tau2": _r(p.tau2), "egger_intercept": _r(eg.intercept), "egger_p": _r(eg.p_value)}

    out = {"seed": seed, "trials": len(rated), "published": len(pub),
           "outcome": "HAM-D-17 end-of-trial score, or the most favourable recorded HAM-D outcome in trials that switch; Hedges g (negative = benefit)",
           "bias": bias, "method": f"random effects ({TAU2_METHOD})", "published_pool": block(pub), "all_trials_pool": block(rated),
           "true_pool": block(true), "note": "true_pool: same trials, unrated (true) scores, every trial; a teaching model, not medical advice"}
    if prespecified is not None:
        kept = publish(prespecified, bias["meta_publish_significant"], bias["meta_publish_nonsignificant"], seed)
        out["prespecified_published_pool"] = block([e for e, p in zip(prespecified, kept, strict=True) if p])
    return out


def _r(x: float, digits: int = 4) -> float | None:
    return None if x is None or not math.isfinite(x) else round(float(x), digits)
