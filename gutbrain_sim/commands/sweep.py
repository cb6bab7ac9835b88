"""gutbrain sweep SPEC: run (or resume) a parameter sweep into a folder with its SQLite store,
results.csv, and heatmaps or sensitivity indices (with ``--parquet``: also results.parquet and
sensitivity.parquet, the CSVs' Parquet twins)."""

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
    p.add_argument("--parquet", action="store_true",
                   help="also write a Parquet twin of every CSV (results.parquet, sensitivity.parquet): the same columns and "
                        "numbers, units in the Parquet metadata (needs pyarrow: pip install '.[parquet]'); a folder that has "
                        "results.parquet keeps it in step on every resume")
    p.add_argument("--no-plots", action="store_true", help="skip figures and sensitivity tables")
    p.set_defaults(func=main)


def main(args) -> int:
    from ..core.errors import UserInputError
    from ..core.outputs import check_writable, output_folder
    from ..core.tidy import require_pyarrow, twin_path
    from ..sweeps import RESULTS_NAME, STORE_NAME, build_design, load_sweep, run_sweep, write_report
    from ..sweeps.cluster import cluster_from_flags

    spec = load_sweep(args.spec)  # validates before any output
    n_runs = len(build_design(spec).points) * len(spec.seeds)
    out = Path(args.out) if args.out else output_folder("results", spec.name, what="sweep name", where=args.spec)
    check_writable(out)  # before any run
    parquet = args.parquet or twin_path(out / RESULTS_NAME).exists()  # a folder with Parquet keeps its twin in step
    if parquet:
        try:
            require_pyarrow()  # before any run
        except UserInputError as exc:
            if args.parquet:
                raise
            raise UserInputError(f"{exc} (this folder has results.parquet, which a resume keeps in step)") from None
    before = _stamp(out / RESULTS_NAME)
    t0 = time.perf_counter()
    finished = False
    try:
        with cluster_from_flags(args.scheduler, args.workers) as executor:
            frame = run_sweep(spec, out=out, workers=args.workers if executor is None else None, executor=executor,
                              progress=not args.no_progress and sys.stderr.isatty())
        finished = True
    finally:  # results.csv is rewritten even after Ctrl-C (a snapshot of the store): its twin follows it
        if parquet and (finished or _stamp(out / RESULTS_NAME) != before) and (out / RESULTS_NAME).is_file():
            _twin(out / RESULTS_NAME)
    elapsed = time.perf_counter() - t0
    files = [] if args.no_plots else write_report(spec, frame, out)
    if parquet:
        files += [_twin(f) for f in files if f.suffix == ".csv"]
    print(f"{spec.name}: {len(frame)} of {n_runs} runs stored ({spec.design} design, "
          f"{len(spec.parameters)} parameters, {len(spec.seeds)} seeds per point), {elapsed:.1f} s")
    print(f"outputs in {out}/ ({STORE_NAME}, {RESULTS_NAME}" + (", results.parquet" if parquet else "") + ", sweep_spec.json"
          + "".join(f", {f.name}" for f in files) + ")")
    print("teaching model, not medical advice")
    if len(frame) < n_runs:
        sys.stderr.write("gutbrain: sweep incomplete; rerun the same command to resume\n")
        return 1
    return 0


def _twin(csv: Path) -> Path:
    """``csv``'s Parquet twin, or none at all: a twin that could not be refreshed is removed, so it
    never disagrees with its CSV."""
    from ..core.outputs import write_problem
    from ..core.tidy import twin_path, write_parquet_twin

    try:
        return write_parquet_twin(csv)
    except BaseException as exc:
        twin_path(csv).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise write_problem(exc, twin_path(csv)) from None
        raise


def _stamp(path: Path) -> tuple | None:
    """Which version of a file is there (results.csv is replaced, never edited in place)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size
