"""gutbrain run SCENARIO: one simulation to timeseries.csv, summary.json, provenance.json, overview.png
(with ``--record summary``: summary.json, provenance.json and scenario.toml only, in fixed memory)."""

from __future__ import annotations

import sys
from pathlib import Path

RECORD_HELP = ("what to keep: 'rows' (default) writes timeseries.csv (one row every --record-every hours), "
               "summary.json, provenance.json, scenario.toml and overview.png; 'summary' keeps only each column's "
               "start, end, min, max and mean (the same numbers, in fixed memory for any --days) and writes "
               "summary.json, provenance.json and scenario.toml: no timeseries.csv, no overview.png")


def register(sub) -> None:
    p = sub.add_parser("run", help="run one scenario and write its outputs")
    p.add_argument("scenario", help="a scenario name from scenarios/ or a path to a .toml file")
    p.add_argument("--days", type=float, help="simulated days (default: the scenario's duration_days)")
    p.add_argument("--seed", type=int, help="random seed (default: the scenario's seed)")
    p.add_argument("--out", default=None, help="output folder (default: results/<scenario name>)")
    p.add_argument("--set", action="append", metavar="NAME=VALUE", help="override a parameter (repeatable); `gutbrain params` lists them")
    p.add_argument("--record-every", type=int, default=1, metavar="H", help="record a row every H hours (default 1)")
    p.add_argument("--record", choices=("rows", "summary"), default="rows", help=RECORD_HELP)
    p.set_defaults(func=main)


def main(args) -> int:
    from ..cli import parse_set
    from ..outputs import output_folder
    from ..runner import OUTPUT_FILES, SUMMARY_OUTPUT_FILES, check_output_folder, prepare, run

    sc = prepare(args.scenario, args.days, args.seed, parse_set(args.set))  # validates before any output
    out = Path(args.out) if args.out else output_folder("results", sc.name, what="scenario name", where=args.scenario)
    check_output_folder(out, args.record)
    result = run(sc, out=out, progress=sys.stderr.isatty(), record_every_h=args.record_every, record=args.record)
    end = result.summary["metrics"]
    print(f"{sc.name}: {sc.duration_days:g} days, seed {sc.seed}, host {sc.host}")
    for key in ("depression_hamd", "anxiety_hama", "plasma_lps_pg_per_ml", "permeability_lm_ratio", "crp_mg_per_l"):
        m = end[key]
        print(f"  {key:24s} start {m['start']:>9.4g}  end {m['end']:>9.4g}  ({m['unit']})")
    print(f"  bacteremia events       {result.summary['bacteremia_events']}")
    written = SUMMARY_OUTPUT_FILES if args.record == "summary" else OUTPUT_FILES
    print(f"outputs in {out}/ ({', '.join(written)})")
    print("teaching model, not medical advice")
    return 0
