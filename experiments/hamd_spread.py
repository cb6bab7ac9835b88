"""Where does the end-of-trial HAM-D spread of an MDD placebo arm come from? Turn one source off at a time.

The same people of the mdd profile (common random numbers: every block holds the same draws and
the same noise streams) live through a placebo arm as a trial runs it: a 21-day warm-up,
screening one week before baseline (rater error 2 points, HAM-D >= 18 enrols), expectancy from
screening on, 8 weeks. Each block switches one source of between-person spread off: the size of
the current episode (``episode_onset_sigma``), one of the profile's per-person parameter CVs
(set to the profile's mean), day-to-day mood fluctuation, the mood -> diet feedback; the rater's
share is the difference between rated and true end scores. No dropout (a trial's 15% with the
last observation carried forward adds about 8 points^2 of variance on top).

    python experiments/hamd_spread.py --seed 2026                       # ~12 min at load 7 on 2 cores
    python experiments/hamd_spread.py --seed 2026 --base-sigma 0.35     # the episode spread before issue #14

Prints one row per block and writes ``results/hamd_spread/hamd_spread.csv``. Teaching model, not medical advice.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import parser  # noqa: E402

from gutbrain_sim.engine import People  # noqa: E402
from gutbrain_sim.hosts import profile  # noqa: E402
from gutbrain_sim.interventions import intervention_from_dict  # noqa: E402
from gutbrain_sim.params import PARAMETERS, ParamSet  # noqa: E402
from gutbrain_sim.trials.cohort import draw_arm  # noqa: E402

RATER_SD, INCLUSION, WARMUP_DAYS, WEEKS = 2.0, 18.0, 21, 8


def blocks(prof, base_sigma: float) -> dict[str, dict]:
    """Block name -> what it switches off: sigma (episode spread), cv0 (profile CVs), set (parameter values)."""
    main = ("depression_trait_hamd", "episode_remaining_days", "placebo_response_hamd", "stress_baseline")
    out = {"base": {"sigma": base_sigma}, "episode_onset_sigma=0": {"sigma": 0.0}}
    out.update({f"cv {k}=0": {"sigma": base_sigma, "cv0": [k]} for k in main})
    out["cv other=0"] = {"sigma": base_sigma, "cv0": [k for k in prof.variation if k not in main]}
    out["mood_noise_hamd=0"] = {"sigma": base_sigma, "set": {"mood_noise_hamd": 0.0}}
    out["diet_mood_feedback=0"] = {"sigma": base_sigma, "set": {"diet_mood_feedback": 0.0}}
    out["all of these=0"] = {"sigma": 0.0, "cv0": list(prof.variation), "set": {"mood_noise_hamd": 0.0, "diet_mood_feedback": 0.0}}
    return out


def build(prof, n: int, seed: int, spec: dict[str, dict]) -> People:
    d = draw_arm(prof, None, 0, [n], seed, prefix="spread")
    drawn_sigma = float(d.p["episode_onset_sigma"])
    # each person's standard normal behind their episode size, to redraw it at another sigma
    z = (np.log(d.episode_hamd / prof.episode_hamd) + drawn_sigma ** 2 / 2) / drawn_sigma if drawn_sigma > 0 else np.zeros(n)
    names = list(spec)
    values = {}
    for k, v in dict(d.p).items():
        if np.ndim(v) == 0 and not any(k in b.get("set", {}) for b in spec.values()):
            values[k] = v
            continue
        arr = np.broadcast_to(np.asarray(v, float), (n,))
        cols = []
        for b in names:
            a = arr.copy()
            if k in spec[b].get("cv0", []):
                a[:] = float(np.mean(arr)) if k == "il6_basal_pg_per_ml" else float(prof.params.get(k, PARAMETERS[k].default))
            if k in spec[b].get("set", {}):
                a[:] = spec[b]["set"][k]
            cols.append(a)
        values[k] = np.concatenate(cols)
    episode = np.concatenate([prof.episode_hamd * np.exp(-s * s / 2 + s * z) for s in (spec[b]["sigma"] for b in names)])
    placebo = intervention_from_dict({"type": "placebo"}, "hamd_spread", 7 * WEEKS)
    return People(prof, ParamSet.trusted(values), episode, list(d.roots) * len(names), seed, [placebo], gut="mixed")


def run(n: int, seed: int, base_sigma: float) -> pd.DataFrame:
    prof = profile("mdd")
    spec = blocks(prof, base_sigma)
    people = build(prof, n, seed, spec)
    warm = WARMUP_DAYS * 24
    people.advance(warm, -(warm + 168), settle_last=True)
    g = np.random.default_rng(seed)
    err = [np.tile(g.standard_normal(n), len(spec)) * RATER_SD for _ in range(3)]  # screening, baseline, end

    def rate(true, e):
        return np.clip(np.round(true + e), 0.0, 52.0)

    screen = rate(people.state.values["depression_hamd"], err[0])
    people.expectancy = np.ones(people.n)
    people.advance(168, -168)
    base = rate(people.state.values["depression_hamd"], err[1])
    people.advance(7 * WEEKS * 24, 0)
    true_end = people.state.values["depression_hamd"].copy()
    end = rate(true_end, err[2])
    rows = []
    for i, name in enumerate(spec):
        sl = slice(i * n, (i + 1) * n)
        ok = screen[sl] >= INCLUSION
        b, e = base[sl][ok], end[sl][ok]
        rows.append({"off": name, "enrolled": int(ok.sum()), "screening_above_30": float(np.mean(screen[sl][ok] > 30)),
                     "baseline_mean": float(b.mean()), "baseline_sd": float(b.std(ddof=1)),
                     "end_mean": float(e.mean()), "end_sd": float(e.std(ddof=1)), "end_sd_true": float(true_end[sl][ok].std(ddof=1)),
                     "responders": float(np.mean(b - e >= 0.5 * b))})
    out = pd.DataFrame(rows)
    out["end_variance_removed"] = out.end_sd.iloc[0] ** 2 - out.end_sd ** 2
    return out


def main(argv=None) -> None:
    p = parser("End-of-trial HAM-D spread of an MDD placebo arm by source", "hamd_spread")
    p.add_argument("--n", type=int, default=160, help="people drawn per block (default 160)")
    p.add_argument("--base-sigma", type=float, default=None, help="episode_onset_sigma of the base blocks (default: the declared value)")
    a = p.parse_args(argv)
    sigma = PARAMETERS["episode_onset_sigma"].default if a.base_sigma is None else a.base_sigma
    t0 = time.time()
    df = run(a.n, a.seed, sigma).round(3)
    print(f"episode_onset_sigma {sigma}, {a.n} people a block, seed {a.seed} ({time.time() - t0:.0f} s)")
    print(df.to_string(index=False))
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    df.to_csv(out / "hamd_spread.csv", index=False)


if __name__ == "__main__":
    main()
