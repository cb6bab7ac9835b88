"""gutbrain params: every parameter with default, unit, range and source."""

from __future__ import annotations


def register(sub) -> None:
    p = sub.add_parser("params", help="list every parameter (default, unit, range, source)")
    p.add_argument("--group", help="only this group (e.g. 'mood', 'barrier')")
    p.set_defaults(func=main)


def main(args) -> int:
    from ..core.errors import UserInputError, close_names
    from ..params import PARAMETERS

    groups = sorted({s.group for s in PARAMETERS.values()})
    if args.group and args.group not in groups:
        raise UserInputError(f"unknown group {args.group!r}; {close_names(args.group, groups)}")
    for s in PARAMETERS.values():
        if args.group and s.group != args.group:
            continue
        print(f"{s.name:38s} {s.default:>10g} {s.unit:22s} [{s.low:g}, {s.high:g}]  {s.description}  ({s.source}; {s.evidence})")
    return 0
