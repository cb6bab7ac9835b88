"""gutbrain run SCENARIO: one simulation to timeseries.csv, summary.json, provenance.json, overview.png
(with ``--record summary``: summary.json, provenance.json and scenario.toml only, in fixed memory;
with ``--parquet``: also timeseries.parquet, the timeseries' Parquet twin, and tidy.parquet, the
timeseries as one tidy table; units in the Parquet metadata)."""

from __future__ import annotations

from pathlib import Path

RECORD_HELP = ("what to keep: 'rows' (default) writes timeseries.csv (one row every --record-every hours), "
               "summary.json, provenance.json, scenario.toml and overview.png; 'summary' keeps only each column's "
               "start, end, min, max and mean (the same numbers, in fixed memory for any --days) and writes "
               "summary.json, provenance.json and scenario.toml: no timeseries.csv, no overview.png")


def register(sub) -> None:
    p = sub.add_parser("run", help="run one scenario and write its outputs")
    p.add_argument("scenario", nargs="?", help="a scenario name from scenarios/ or a path to a .toml file")
    p.add_argument("--days", type=float, help="simulated days (default: the scenario's duration_days)")
    p.add_argument("--seed", type=int, help="random seed (default: the scenario's seed)")
    p.add_argument("--out", default=None, help="output folder (default: results/<scenario name>)")
    p.add_argument("--set", action="append", metavar="NAME=VALUE", help="override a parameter (repeatable); `gutbrain params` lists them")
    p.add_argument("--record-every", type=int, default=1, metavar="H", help="record a row every H hours (default 1)")
    p.add_argument("--record", choices=("rows", "summary"), default="rows", help=RECORD_HELP)
    p.add_argument("--parquet", action="store_true", help="also write timeseries.parquet (the CSV's twin) and tidy.parquet (the "
                   "timeseries as one tidy table, as `gutbrain export`) beside the CSVs, units in the Parquet metadata (needs pyarrow: pip install '.[parquet]')")
    p.add_argument("--from-trial", metavar="DIR", help="replay one participant of a trial written with `gutbrain trial --record-people` "
                   "(instead of a scenario): their timeseries.csv equals DIR/people/ARM/replicateR_participantK.csv byte for byte")
    p.add_argument("--arm", help="with --from-trial: the participant's arm")
    p.add_argument("--participant", type=int, metavar="K", help="with --from-trial: the participant's number in participants.csv")
    p.add_argument("--replicate", type=int, default=0, metavar="R", help="with --from-trial: the participant's replicate (default 0)")
    p.set_defaults(func=main)


def main(args) -> int:
    from ..core.errors import UserInputError
    from ..core.progress import Progress

    if args.from_trial is not None or args.arm is not None or args.participant is not None:
        return _replay(args)
    if args.scenario is None:
        raise UserInputError("give a scenario (`gutbrain scenarios` lists them), or --from-trial DIR --arm ARM --participant K")
    if args.parquet:
        _check_parquet(args)
    with Progress() as progress:  # stages and a bar on stderr when it is a terminal, nothing when piped
        progress.stage("loading the model")
        from ..cli import parse_set
        from ..core.outputs import landing, output_folder
        from ..core.tidy import PARQUET_NAME
        from ..model import GutBrainModel
        from ..runner import (
            OUTPUT_FILES,
            SUMMARY_OUTPUT_FILES,
            check_output_folder,
            prepare,
            run_model,
            write_outputs,
        )

        sc = prepare(args.scenario, args.days, args.seed, parse_set(args.set))  # validates before any output
        out = Path(args.out) if args.out else output_folder("results", sc.name, what="scenario name", where=args.scenario)
        check_output_folder(out, args.record)
        progress.stage(f"building {sc.name} (host, gut, compiled kernels)")
        model = GutBrainModel(sc, record_every_h=args.record_every, record=args.record)
        progress.done()
        result = run_model(model, progress=progress.enabled)  # the bar over simulated hours
        progress.stage(f"writing outputs to {out}")
        with landing(out) as stage:  # whole or nothing
            write_outputs(result, stage)
            if args.parquet:
                _write_parquet(stage, out.name)
    end = result.summary["metrics"]
    print(f"{sc.name}: {sc.duration_days:g} days, seed {sc.seed}, host {sc.host}")
    for key in ("depression_hamd", "anxiety_hama", "plasma_lps_pg_per_ml", "permeability_lm_ratio", "crp_mg_per_l"):
        m = end[key]
        print(f"  {key:24s} start {m['start']:>9.4g}  end {m['end']:>9.4g}  ({m['unit']})")
    print(f"  bacteria into the blood {result.summary['translocated_bacteria']} (transient, cleared)")
    print(f"  bacteraemia episodes    {result.summary['bacteraemia_episodes']} "
          f"(of which the administered strain {result.summary['bacteraemia_probiotic_episodes']})")
    written = SUMMARY_OUTPUT_FILES if args.record == "summary" else OUTPUT_FILES
    print(f"outputs in {out}/ ({', '.join(written + (('timeseries.parquet', PARQUET_NAME) if args.parquet else ()))})")
    print("teaching model, not medical advice")
    return 0


def _replay(args) -> int:
    from ..core.errors import UserInputError
    from ..core.progress import Progress

    missing = [flag for flag, v in (("--from-trial", args.from_trial), ("--arm", args.arm), ("--participant", args.participant)) if v is None]
    if missing:
        raise UserInputError(f"replaying a trial participant needs --from-trial, --arm and --participant (missing: {', '.join(missing)})")
    extra = [flag for flag, v in (("a scenario", args.scenario), ("--days", args.days), ("--seed", args.seed), ("--set", args.set)) if v]
    if extra or args.record != "rows" or args.record_every != 1:
        raise UserInputError("a replayed participant runs exactly as in the trial: drop "
                             + ", ".join(extra + (["--record/--record-every"] if args.record != "rows" or args.record_every != 1 else [])))
    if args.parquet:
        _check_parquet(args)
    with Progress() as progress:
        progress.stage("loading the model")
        from ..core.outputs import landing, output_folder
        from ..runner import check_output_folder, run_model, write_outputs
        from ..trials.replay import participant_model

        progress.stage(f"rebuilding participant {args.participant} of arm {args.arm}")
        model = participant_model(args.from_trial, args.arm, args.participant, args.replicate)
        out = Path(args.out) if args.out else output_folder("results", model.scenario.name, what="trial name", where=args.from_trial)
        check_output_folder(out)
        progress.done()
        result = run_model(model, progress=progress.enabled)
        progress.stage(f"writing outputs to {out}")
        with landing(out) as stage:  # whole or nothing
            write_outputs(result, stage)
            if args.parquet:
                _write_parquet(stage, out.name)
    end = result.summary["metrics"]["depression_hamd"]
    print(f"{model.scenario.description}: HAM-D {end['start']:.1f} at screening -> {end['end']:.1f} at week "
          f"{model.scenario.duration_days / 7:g} (one row a day from screening, hour -168)")
    print(f"outputs in {out}/ (timeseries.csv, summary.json, provenance.json, scenario.toml, overview.png"
          + (", timeseries.parquet, tidy.parquet)" if args.parquet else ")"))
    print("teaching model, not medical advice")
    return 0


def _write_parquet(stage: Path, name: str) -> None:
    """The timeseries' Parquet twin and the tidy table, inside the landing folder."""
    from ..core.tidy import write_folder_parquet, write_parquet_twin

    write_parquet_twin(stage / "timeseries.csv")
    write_folder_parquet(stage, name)


def _check_parquet(args) -> None:
    """``--parquet`` is refused before anything runs: without pyarrow, or with no timeseries to tabulate."""
    from ..core.errors import UserInputError
    from ..core.tidy import require_pyarrow

    if args.record == "summary":
        raise UserInputError("--parquet writes the timeseries as a tidy table, and --record summary keeps no timeseries: drop one")
    require_pyarrow()
