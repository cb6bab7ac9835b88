"""gutbrain calibrate --check: run every calibration target and print target, range, model value, pass/fail;
gutbrain calibrate --sources: simulate the experiments the parameters cite and print paper vs model."""

from __future__ import annotations

import json
from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser("calibrate", help="check the model against the calibration targets (data/targets.toml)")
    p.add_argument("--check", action="store_true", help="run every target and report pass/fail (exit 1 on any failure)")
    p.add_argument("--sources", action="store_true", help="simulate the cited source experiments (about a minute): experiment, paper, paper's figure, model's figure, pass/fail; exit 1 on a miss")
    p.add_argument("--write-doc", action="store_true",
                   help="with --sources: also write docs/validation.md from the table; with --check (or --from): also write the "
                        "table below the generated mark of docs/calibration.md and its results to docs/calibration_results.json")
    p.add_argument("--from", dest="from_json", default=None, metavar="FILE.json",
                   help="with --write-doc: write docs/calibration.md from the results a check saved (no new run)")
    p.add_argument("--pathways", nargs="?", const=20, type=int, default=None, metavar="N",
                   help="the probiotic's effect by mechanism: paired knock-outs and knock-ins in N MDD people (default 20; "
                        "about 50 s at 20), with --seed; prints the total, each mechanism's share (the mean of the two), "
                        "their sum, the overlap they leave out and the all-off effect")
    p.add_argument("--quick", action="store_true", help="fewer replicate trials and people (a few minutes); a target missed by less than 2 standard errors of its estimate is 'near', not a failure")
    p.add_argument("--out", default=None, metavar="FILE.json", help="write the results as JSON (default: results/calibration.json)")
    p.add_argument("--seed", type=int, default=2026, help="random seed (default 2026)")
    p.add_argument("--workers", type=int, default=None,
                   help="local processes for the trial targets' replicates (default 1); with --scheduler local, the local Dask workers")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="run the trial targets' replicates on a Dask cluster: a scheduler address (tcp://host:8786) or 'local'; "
                        "the results are the same as in one process")
    p.add_argument("--gut", choices=("mixed", "agent"), default="mixed",
                   help="gut of the trial targets' participants (C1-C5, C11, C12): mixed (fast; default) or agent (agent-based gut, "
                        "hours: use --scheduler)")
    p.set_defaults(func=main)


def _fmt(x) -> str:
    if x is None:
        return "-"
    if isinstance(x, float) and abs(x) == float("inf"):
        return "inf"
    return f"{x:.3g}"


def sources_main(args) -> int:
    from ..core.outputs import write_text
    from ..teaching.docs_tables import ROOT
    from ..validation.source_runs import counts_line
    from ..validation.sources import run_sources, validation_markdown

    checks = run_sources(seed=args.seed)
    print(f"{'experiment':30s} {'paper':34s} {'paper figure':28s} {'model figure':28s} result")
    for c in checks:
        print(f"{c.key:30s} {c.paper[:34]:34s} {c.paper_figure[:28]:28s} {c.model_figure[:28]:28s} {c.verdict}")
    missed = [c.key for c in checks if c.reproduced is False]
    print(counts_line(checks))
    if args.write_doc:
        path = ROOT / "docs" / "validation.md"
        write_text(path, validation_markdown(checks, args.seed))
        print(f"wrote {path}")
    return 1 if missed else 0


def pathways_main(args) -> int:
    from ..trials.pathways import flag_people
    from ..validation.probiotic_pathways import pathway_breakdown

    print("\n".join(pathway_breakdown("mdd", flag_people(args.pathways), args.seed).lines()))
    return 0


def main(args) -> int:
    from ..core.environment import git_commit
    from ..core.errors import UserInputError
    from ..core.outputs import check_writable, write_json, write_problem
    from ..sweeps.cluster import cluster_from_flags, worker_count
    from ..validation.calibration import PENDING, check_targets, targets_version
    from ..validation.calibration_doc import run_facts

    worker_count(args.workers)
    if args.from_json is not None:
        if not args.write_doc or args.check or args.sources:
            raise UserInputError("--from goes with --write-doc alone (it writes docs/calibration.md from saved results)")
        return write_doc(_read_results(Path(args.from_json)))
    if args.write_doc and not (args.sources or args.check):
        raise UserInputError("--write-doc goes with --sources (docs/validation.md), --check or --from (docs/calibration.md)")
    if args.sources:
        return sources_main(args)
    if args.pathways is not None:
        if args.check:
            raise UserInputError("--pathways goes without --check (it prints the probiotic's effect by mechanism)")
        return pathways_main(args)
    if not args.check:
        raise UserInputError("give --check (the calibration targets), --sources (the cited source experiments) or --pathways")

    out = Path(args.out) if args.out else Path("results") / "calibration.json"
    if out.suffix != ".json":
        raise UserInputError(f"--out must name a .json file, got {str(out)!r}")
    if out.exists() and out.is_dir():
        raise UserInputError("is a folder; --out must name a .json file", where=str(out))
    check_writable(out.parent)  # before the long check
    commit = git_commit()  # the code the check runs (HEAD may move while it runs)
    with cluster_from_flags(args.scheduler, args.workers) as executor:
        results = check_targets(quick=args.quick, progress=True, seed=args.seed, workers=args.workers or 1, executor=executor,
                                gut=args.gut)
    print(f"{'target':24s} {'range':>18s} {'model value':>12s}  {'unit':28s} result")
    for r in results:
        rng = f"[{_fmt(r.range[0])}, {_fmt(r.range[1])}]" if r.range else "(see check)"
        print(f"{r.target:24s} {rng:>18s} {_fmt(r.value):>12s}  {r.unit[:28]:28s} {r.verdict}")
    failed = [r.target for r in results if r.verdict == "FAIL"]
    near = [r.target for r in results if r.verdict == "near"]
    doc = {**run_facts(args.quick, args.seed, args.gut, commit), "targets_version": targets_version(), "passed": not failed,
           "failed": failed, "near": near, "pending": sorted(PENDING), "targets": [r.as_dict() for r in results],
           "note": "gutbrain_sim is a teaching model, not medical advice."}
    doc = json.loads(json.dumps(doc, default=float).replace("-Infinity", "null").replace("Infinity", "null"))
    try:
        write_json(out, doc)
    except OSError as exc:
        raise write_problem(exc, out) from None
    if args.write_doc:
        write_doc(doc)
    print(f"{len(results) - len(failed) - len(near)}/{len(results)} targets pass; details in {out}")
    if near:
        print(f"near (outside the range by less than 2 standard errors of a quick estimate): {', '.join(near)}; "
              "the full check (without --quick) decides")
    return 1 if failed else 0


def _read_results(path: Path) -> dict:
    from ..core.errors import UserInputError

    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UserInputError(f"cannot read calibration results: {exc}", where=str(path)) from None
    if not isinstance(doc, dict) or not isinstance(doc.get("targets"), list):
        raise UserInputError("not the results of gutbrain calibrate --check (no 'targets' list)", where=str(path))
    return doc


def write_doc(doc: dict) -> int:
    """docs/calibration.md (hand-written head kept) and docs/calibration_results.json from one results record."""
    from ..core.outputs import write_json, write_text
    from ..teaching.docs_tables import ROOT
    from ..validation.calibration import PENDING, targets
    from ..validation.calibration_doc import PAGE, RESULTS, page_text

    write_json(ROOT / RESULTS, doc)
    write_text(ROOT / PAGE, page_text(ROOT / PAGE, doc, targets(), PENDING))
    print(f"wrote {ROOT / PAGE} and {ROOT / RESULTS}")
    return 0
