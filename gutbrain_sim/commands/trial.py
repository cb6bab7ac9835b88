"""gutbrain trial SPEC: a virtual randomised trial to trial_summary.json, participants.csv and figures
(with ``--parquet``: also a Parquet twin of every CSV)."""

from __future__ import annotations

import sys
from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser("trial", help="run a virtual randomised trial from a trial spec (TOML)")
    p.add_argument("spec", help="a trial spec .toml, or the name of a bundled one (probiotic_mdd, ssri_mdd, ...; in a checkout: experiments/trials/)")
    p.add_argument("--replicates", type=int, help="independent repetitions of the trial (default: the spec's replicates)")
    p.add_argument("--seed", type=int, help="random seed (default: the spec's seed)")
    p.add_argument("--out", default=None, help="output folder (default: results/trial_<spec name>)")
    p.add_argument("--gut", choices=("mixed", "agent"), default=None,
                   help="gut representation: mixed (fast, all participants at once) or agent (agent-based gut per person); "
                        "overrides the spec's gut key (default: the spec's, itself mixed unless it says gut = \"agent\")")
    p.add_argument("--workers", type=int, default=None,
                   help="local processes for the replicates (default 1); with --scheduler local, the local Dask workers; "
                        "the results are the same for any number")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="run the replicates on a Dask cluster, one replicate trial (or a batch of whole ones) per task: "
                        "a scheduler address (tcp://host:8786) or 'local'; every worker must run the same gutbrain_sim "
                        "and libraries (pip install 'gutbrain_sim[dask]')")
    p.add_argument("--record-people", action="store_true",
                   help="also write every participant's daily timeseries to people/ARM/replicateR_participantK.csv; "
                        "`gutbrain run --from-trial OUT --arm ARM --participant K` replays one alone, byte for byte")
    p.add_argument("--parquet", action="store_true",
                   help="also write a Parquet twin of every CSV (participants.parquet, timecourse.parquet, people/**/*.parquet): "
                        "the same columns and numbers, units in the Parquet metadata (needs pyarrow: pip install '.[parquet]')")
    p.add_argument("--pathways", nargs="?", const=20, type=int, default=None, metavar="N",
                   help="also report the probiotic's effect by mechanism (tight junctions, vagal, immune, microbial, "
                        "bacteraemia; HAM-D points, probiotic - placebo) in the summary: paired knock-outs and knock-ins in N "
                        "people (default 20) of the trial's population, with its probiotic arm's product, length and seed; "
                        "costs 14 runs of N people (N = 20, 8 weeks: about 50 s of CPU more, 5 times a 2 x 30 trial alone). "
                        "Needs an arm other than the control with a probiotic; the spec key pathways = true (or N) does the same")
    p.set_defaults(func=main)


def main(args) -> int:
    from ..core.progress import Progress
    from ..sweeps.cluster import cluster_from_flags, worker_count

    worker_count(args.workers)
    if args.parquet:
        from ..core.tidy import require_pyarrow

        require_pyarrow()  # before any simulating
    with Progress() as progress:  # stages and a bar on stderr when it is a terminal, nothing when piped
        progress.stage("loading the model")
        from ..core.outputs import check_writable, landing, output_folder
        from ..trials.run import load_trial_spec, override, run_trial

        spec = override(load_trial_spec(args.spec), args.replicates, args.seed, args.gut,
                        args.pathways)  # validates before any work or output
        out = Path(args.out) if args.out else output_folder("results", spec.name, prefix="trial_", what="trial name", where=args.spec)
        check_writable(out)
        progress.done()
        with cluster_from_flags(args.scheduler, args.workers) as executor:  # a Dask cluster is checked before any run
            result = run_trial(spec, progress=progress.enabled,
                               workers=args.workers or 1, executor=executor, record_people=args.record_people)
        progress.stage(f"writing outputs to {out}")
        with landing(out) as stage:  # whole or nothing
            result.write(stage, parquet=args.parquet)
    s = result.summary
    print(f"{s['trial']}: {s['population']} population, {s['n_per_arm']} per arm, {s['duration_weeks']:g} weeks, "
          f"{s['n_replicates']} replicate(s), seed {s['seed']}, {s['gut']} gut")
    for arm, a in s["arms"].items():
        d = a["depression_hamd"]
        print(f"  {arm:14s} n={a['n']:<5d} HAM-D {d['baseline_mean']:.1f} -> {d['end_mean']:.1f}  responders {100 * a['responders']:.0f}%  "
              f"remitters {100 * a['remitters']:.0f}%  bacteraemia episodes {a['bacteraemia_episodes']} "
              f"(strain {a['bacteraemia_probiotic_episodes']})")
    pooled = {(c["treatment"], c["outcome"]): c for c in s.get("pooled", {}).get("contrasts", [])}
    for c in s["contrasts"]:
        g = ("g n/a (no spread within the arms)" if c["hedges_g"] is None else  # e.g. 2 people a arm with equal scores
             f"g={c['hedges_g']:+.2f} [{c['ci_low']:+.2f}, {c['ci_high']:+.2f}]")
        line = f"  {c['treatment']} vs {c['control']} {c['outcome']:16s} {g}"
        p = pooled.get((c["treatment"], c["outcome"]))
        if p and None not in (p["median_hedges_g"], p["pooled_hedges_g"], p["i2"]):
            line += f"  median g over replicates {p['median_hedges_g']:+.2f}, pooled {p['pooled_hedges_g']:+.2f} (I2 {100 * p['i2']:.0f}%)"
        print(line)
    if "pathways" in s:
        from ..trials.pathways import pathway_lines

        print("\n".join(pathway_lines(s["pathways"])))
    print(f"outputs in {out}/ (trial_summary.json, provenance.json, participants.csv, timecourse.csv, trial_spec.toml, forest.png, "
          "timecourse.png" + (", people/" if args.record_people else "")
          + (", a .parquet twin of each CSV" if args.parquet else "") + ")")
    print("teaching model, not medical advice", file=sys.stdout)
    return 0
