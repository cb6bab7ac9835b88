"""gutbrain run SCENARIO: one simulation to timeseries.csv, summary.json, provenance.json, overview.png."""

from __future__ import annotations

import sys
from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser("run", help="run one scenario and write its outputs")
    p.add_argument("scenario", help="a scenario name from scenarios/ or a path to a .toml file")
    p.add_argument("--days", type=float, help="simulated days (default: the scenario's duration_days)")
    p.add_argument("--seed", type=int, help="random seed (default: the scenario's seed)")
    p.add_argument("--out", default=None, help="output folder (default: results/<scenario name>)")
    p.add_argument("--set", action="append", metavar="NAME=VALUE", help="override a parameter (repeatable); `gutbrain params` lists them")
    p.add_argument("--record-every", type=int, default=1, metavar="H", help="record a row every H hours (default 1)")
    p.set_defaults(func=main)


def main(args) -> int:
    from ..cli import parse_set
    from ..runner import prepare, run

    sc = prepare(args.scenario, args.days, args.seed, parse_set(args.set))  # validates before any output
    out = Path(args.out) if args.out else Path("results") / sc.name
    result = run(sc, out=out, progress=sys.stderr.isatty(), record_every_h=args.record_every)
    end = result.summary["metrics"]
    print(f"{sc.name}: {sc.duration_days:g} days, seed {sc.seed}, host {sc.host}")
    for key in ("depression_hamd", "anxiety_hama", "plasma_lps_pg_per_ml", "permeability_lm_ratio", "crp_mg_per_l"):
        m = end[key]
        print(f"  {key:24s} start {m['start']:>9.4g}  end {m['end']:>9.4g}  ({m['unit']})")
    print(f"  bacteremia events       {result.summary['bacteremia_events']}")
    print(f"outputs in {out}/ (timeseries.csv, summary.json, provenance.json, scenario.toml, overview.png)")
    print("teaching model, not medical advice")
    return 0
