"""gutbrain scenarios / gutbrain validate FILE...: list and check scenario files."""

from __future__ import annotations

import sys


def register(sub) -> None:
    p = sub.add_parser("scenarios", help="list the scenario library with one-line descriptions")
    p.set_defaults(func=list_main)
    v = sub.add_parser("validate", help="check scenario files without running them")
    v.add_argument("files", nargs="+", help="scenario .toml files")
    v.set_defaults(func=validate_main)


def list_main(args) -> int:
    from ..scenario import list_scenarios, load_scenario

    for name, path in list_scenarios().items():
        sc = load_scenario(path)
        first = sc.description.split(". ")[0].rstrip(".")
        print(f"{name:34s} {sc.duration_days:>5g} d  {sc.host:18s} {first}")
    return 0


def validate_main(args) -> int:
    from ..core.errors import UserInputError
    from ..scenario import load_scenario

    bad = 0
    for f in args.files:
        try:
            sc = load_scenario(f)
            print(f"ok  {f}: {sc.name}, {sc.duration_days:g} days, host {sc.host}, {len(sc.interventions)} interventions")
        except UserInputError as exc:
            bad += 1
            sys.stderr.write(f"gutbrain: error: {exc}\n")
    return 2 if bad else 0
