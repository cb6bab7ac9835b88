"""gutbrain export: any results folder (run, trial, sweep) as one tidy table (CSV or Parquet with units)."""

from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("export", help="turn a results folder (run, trial or sweep) into one tidy table: CSV, or Parquet with units")
    p.add_argument("folder", help="a folder written by `gutbrain run`, `gutbrain trial` or `gutbrain sweep`")
    p.add_argument("--out", help="file to write, .csv or .parquet (default FOLDER/tidy.csv)")
    p.add_argument("--force", action="store_true", help="replace an existing output file")
    p.set_defaults(func=main)


def main(args) -> int:
    from pathlib import Path

    from ..core.errors import UserInputError
    from ..core.outputs import check_writable, write_problem
    from ..core.tidy import tidy_frame, write_tidy

    folder = Path(args.folder)
    out = Path(args.out) if args.out else folder / "tidy.csv"
    if out.suffix not in (".csv", ".parquet"):
        raise UserInputError(f"--out {str(out)!r} must end in .csv or .parquet")
    if out.is_dir():
        raise UserInputError(f"--out {out} is a folder; give a file name ending in .csv or .parquet")
    if out.exists() and not args.force:
        raise UserInputError(f"{out} exists; choose another --out or add --force to replace it")
    frame = tidy_frame(folder)
    check_writable(out.parent if str(out.parent) else ".")
    try:
        write_tidy(frame, out, folder.resolve().name)
    except OSError as exc:
        raise write_problem(exc, out) from None
    kinds = ", ".join(f"{k} {n:,}" for k, n in frame["source"].value_counts(sort=False).items())
    print(f"wrote {out}: {len(frame):,} rows ({kinds}), {frame['variable'].nunique()} variables, units in the 'unit' column"
          + (" and the Parquet metadata" if out.suffix == ".parquet" else ""))
    return 0
