"""Virtual trial wall time: one 2 x 50-participant, 8-week trial, and 100 replicates of it.

The trial is ``experiments/trials/probiotic_mdd.toml`` (placebo vs probiotic in MDD, the well-mixed
gut the trials use by default). Goals from the experiments issue: one trial in under 60 s on this
2-core machine, 100 replicates in under 10 min. The single trial is repeated and the median and
best wall times reported; 100 replicates are timed once with 1 worker process and once with 2.
Analysis and statistics are included (``run_trial`` returns the analysed result); writing files
and plots is not.

    PYTHONPATH=. python benchmarks/bench_trial.py [--quick] [--json out.json]
"""

from __future__ import annotations

from _common import ROOT, Clock, emit, parser, summary

from gutbrain_sim.trials.run import run_trial

SPEC = ROOT / "experiments" / "trials" / "probiotic_mdd.toml"
ONE_TRIAL_GOAL_S = 60.0
HUNDRED_GOAL_S = 600.0


def time_trial(replicates: int, workers: int) -> tuple[float, float, float]:
    """Wall s, CPU s of this process, and the pooled depression Hedges' g (a check that it ran)."""
    with Clock() as clk:
        result = run_trial(SPEC, replicates=replicates, workers=workers)
    g = _depression_g(result.summary, pooled=replicates > 1)
    return clk.wall, clk.cpu, g


def _depression_g(summary_: dict, pooled: bool) -> float:
    contrasts = summary_["pooled"]["contrasts"] if pooled else summary_["contrasts"]
    for c in contrasts:
        if c["outcome"] == "depression_hamd":
            return float(c["pooled_hedges_g"] if pooled else c["hedges_g"])
    raise RuntimeError("no depression contrast in the trial summary")


def main() -> None:
    args = parser(__doc__.splitlines()[0]).parse_args()
    repeats = 1 if args.quick else 3
    hundred = 10 if args.quick else 100
    one = [time_trial(1, 1) for _ in range(repeats)]
    many = {w: time_trial(hundred, w) for w in (1, 2)}
    one_wall = summary([w for w, _, _ in one])
    result = {
        "spec": str(SPEC.relative_to(ROOT)),
        "one_trial": {"participants": 100, "weeks": 8, "wall_s": one_wall,
                      "cpu_s_median": summary([c for _, c, _ in one])["median"],
                      "goal_s": ONE_TRIAL_GOAL_S, "hedges_g_depression": one[0][2]},
        "replicates": {str(w): {"n": hundred, "wall_s": many[w][0], "cpu_s_main_process": many[w][1],
                                "pooled_hedges_g_depression": many[w][2]} for w in many},
        "replicates_goal_s": HUNDRED_GOAL_S * hundred / 100,
        "identical_1_vs_2_workers": many[1][2] == many[2][2],
    }
    table = [
        f"virtual trial {SPEC.name}: 2 arms x 50 participants, 8 weeks (well-mixed gut)",
        f"  one trial              {one_wall['median']:6.1f} s wall median (best {one_wall['min']:.1f} s; goal < {ONE_TRIAL_GOAL_S:.0f} s)",
        f"  {hundred} replicates, 1 worker {many[1][0]:6.1f} s wall (goal < {HUNDRED_GOAL_S * hundred / 100:.0f} s)",
        f"  {hundred} replicates, 2 workers{many[2][0]:6.1f} s wall; same pooled g as 1 worker: {result['identical_1_vs_2_workers']}",
    ]
    emit("bench_trial", result, table, args.json)


if __name__ == "__main__":
    main()
