"""gutbrain docs --write / --check: rebuild or verify the generated tables in the documentation."""

from __future__ import annotations

import sys


def register(sub) -> None:
    p = sub.add_parser("docs", help="rebuild (--write) or verify (--check) the generated tables in README.md and docs/")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="rewrite every generated block from the code")
    mode.add_argument("--check", action="store_true", help="exit 1 if a document disagrees with the code (the default)")
    p.set_defaults(func=main)


def main(args) -> int:
    from ..teaching.docs_tables import BLOCKS, stale, write

    if args.write:
        changed = write()
        print("updated: " + ", ".join(changed) if changed else "all generated blocks were already current")
        return 0
    bad = stale()
    if bad:
        for b in bad:
            sys.stderr.write(f"gutbrain: out of date: {b}\n")
        sys.stderr.write("gutbrain: run `gutbrain docs --write` to rebuild them from the code\n")
        return 1
    n = sum(len(b) for b in BLOCKS.values())
    print(f"all {n} generated blocks in {len(BLOCKS)} files match the code")
    return 0
