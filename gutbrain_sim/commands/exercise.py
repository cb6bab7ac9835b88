"""gutbrain exercise list / check NAME: the classroom exercises and their expected answers."""

from __future__ import annotations

import sys


def register(sub) -> None:
    p = sub.add_parser("exercise", help="classroom exercises: list them, or run one's check to print its answers")
    ex = p.add_subparsers(dest="exercise_command", metavar="ACTION")
    ls = ex.add_parser("list", help="list the exercises (name, class time, scenarios, title)")
    ls.set_defaults(func=list_main)
    ck = ex.add_parser("check", help="run an exercise's seeded simulations and print the expected answers with units")
    ck.add_argument("names", nargs="*", metavar="NAME", help="exercise name(s); see `gutbrain exercise list`")
    ck.add_argument("--all", action="store_true", help="check every exercise")
    ck.add_argument("--write", action="store_true", help="also write the answers into docs/exercises/NAME.md")
    ck.add_argument("--verify", action="store_true", help="exit 1 if docs/exercises/NAME.md differs from the fresh answers")
    ck.set_defaults(func=check_main)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def list_main(args) -> int:
    from ..teaching.exercises import exercises

    for ex in exercises().values():
        print(f"{ex.name:30s} {ex.minutes:3d} min  {', '.join(ex.scenarios):60s} {ex.title}")
    return 0


def check_main(args) -> int:
    from ..core.errors import UserInputError
    from ..teaching.exercises import exercises, get, stale_markdown, sync_markdown

    if args.all:
        chosen = list(exercises().values())
    elif args.names:
        chosen = [get(n) for n in args.names]  # validates every name before any work
    else:
        raise UserInputError("name an exercise (see `gutbrain exercise list`) or pass --all")
    status = 0
    for ex in chosen:
        sys.stderr.write(f"running {ex.name} ...\n")
        result = ex.run()
        print(result.text())
        if not result.ok:
            sys.stderr.write(f"gutbrain: {ex.name}: a claim in the exercise no longer holds in the model\n")
            status = 1
        if args.write and sync_markdown(result):
            print(f"  wrote docs/exercises/{ex.name}.md")
        elif args.verify and stale_markdown(result):
            sys.stderr.write(f"gutbrain: docs/exercises/{ex.name}.md is out of date; run `gutbrain exercise check {ex.name} --write`\n")
            status = 1
    return status
