"""gutbrain sweep SPEC: run (or resume) a parameter sweep into a folder with its SQLite store,
results.csv, and heatmaps or sensitivity indices."""

from __future__ import annotations

import sys
import time
from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser("sweep", help="run or resume a parameter sweep (grid, random, sobol, morris)")
    p.add_argument("spec", help="a sweep spec .toml file (see docs/sweeps.md)")
    p.add_argument("--out", default=None, help="sweep folder (default: results/<spec name>); rerun to resume")
    p.add_argument("--workers", type=int, default=None,
                   help="worker processes (default: CPU count; 1 = serial); with --scheduler local, the local Dask workers")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="run on a Dask cluster: a scheduler address (tcp://host:8786) or 'local' for a local cluster of "
                        "--workers processes; every worker must run the same gutbrain_sim and libraries "
                        "(pip install 'gutbrain_sim[dask]')")
    p.add_argument("--no-progress", action="store_true", help="no progress bar (there is none anyway when stderr is not a terminal)")
    p.add_argument("--no-plots", action="store_true", help="skip figures and sensitivity tables")
    p.set_defaults(func=main)


def main(args) -> int:
    from ..core.outputs import check_writable, output_folder
    from ..sweeps import RESULTS_NAME, STORE_NAME, build_design, load_sweep, run_sweep, write_report
    from ..sweeps.cluster import cluster_from_flags

    spec = load_sweep(args.spec)  # validates before any output
    n_runs = len(build_design(spec).points) * len(spec.seeds)
    out = Path(args.out) if args.out else output_folder("results", spec.name, what="sweep name", where=args.spec)
    check_writable(out)  # before any run
    t0 = time.perf_counter()
    with cluster_from_flags(args.scheduler, args.workers) as executor:
        frame = run_sweep(spec, out=out, workers=args.workers if executor is None else None, executor=executor,
                          progress=not args.no_progress and sys.stderr.isatty())
    elapsed = time.perf_counter() - t0
    files = [] if args.no_plots else write_report(spec, frame, out)
    print(f"{spec.name}: {len(frame)} of {n_runs} runs stored ({spec.design} design, "
          f"{len(spec.parameters)} parameters, {len(spec.seeds)} seeds per point), {elapsed:.1f} s")
    print(f"outputs in {out}/ ({STORE_NAME}, {RESULTS_NAME}, sweep_spec.json"
          + "".join(f", {f.name}" for f in files) + ")")
    print("teaching model, not medical advice")
    if len(frame) < n_runs:
        sys.stderr.write("gutbrain: sweep incomplete; rerun the same command to resume\n")
        return 1
    return 0
