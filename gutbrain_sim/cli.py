"""The ``gutbrain`` command. Each subcommand lives in ``gutbrain_sim/commands/<name>.py``
and defines ``register(subparsers)``; ``COMMANDS`` lists them (in help order). This module
turns user mistakes into one-line errors with exit status 2.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from .core.errors import UserInputError

# the subcommand modules of gutbrain_sim/commands, listed once (tests/test_cli_errors.py checks
# that every module there is listed)
# what a shell reports for a command whose reader closed the pipe (128 + SIGPIPE), as `cat` or `ls` give
SIGPIPE_STATUS = 141

COMMANDS = ("calibrate", "classroom", "compare_guts", "dashboard", "docs", "exercise", "export", "meta_analysis", "params", "profile", "run",
            "scenarios", "sweep", "trial")


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one line on stderr and exit status 2."""

    def error(self, message: str):
        sys.stderr.write(f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")
        raise SystemExit(2)


def parse_set(items: list[str] | None) -> dict[str, float]:
    """``--set name=value`` pairs as numbers."""
    out: dict[str, float] = {}
    for item in items or []:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise UserInputError(f"--set expects name=value, got {item!r}")
        try:
            out[name.strip()] = float(value)
        except ValueError:
            raise UserInputError(f"--set {name.strip()}: {value!r} is not a number") from None
    return out


def build_parser() -> OneLineParser:
    from . import __version__

    parser = OneLineParser(prog="gutbrain", description="gutbrain_sim: teaching simulation of the gut-brain axis (not medical advice).")
    parser.add_argument("--version", action="version", version=f"gutbrain_sim {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    for name in COMMANDS:
        importlib.import_module(f"{__package__}.commands.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; a reader that stops early (``gutbrain scenarios | head``) ends it quietly."""
    try:
        try:
            return _main(argv)
        finally:  # --help, --version and usage errors exit through here too
            sys.stdout.flush()  # inside the try: a closed pipe found at interpreter exit prints a traceback
    except BrokenPipeError:
        # nobody reads stdout any more: send what is still buffered nowhere (no "Exception ignored"), say nothing
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return SIGPIPE_STATUS


def _main(argv: list[str] | None) -> int:
    os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except UserInputError as exc:
        sys.stderr.write(f"gutbrain: error: {exc}\n")
        return 2
    except BrokenPipeError:
        raise  # the reader went away (main ends quietly); not a file problem
    except OSError as exc:  # a file that cannot be read or written (full disk, permissions): one line, not a traceback
        from .core.outputs import os_reason

        sys.stderr.write(f"gutbrain: error: {UserInputError(os_reason(exc), where=exc.filename and str(exc.filename))}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("gutbrain: interrupted; finished outputs were kept, nothing half-written was left\n")
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
