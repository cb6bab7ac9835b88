"""Start-up time of the ``gutbrain`` command: listing and help answer within ~1 s (issue #16).

Each command runs in a fresh process (as a user types it), several times; the table gives the
median, minimum and maximum wall time, next to a bare ``python -c pass`` (the interpreter's
own start-up, which no change here can remove). Output goes to /dev/null.

    PYTHONPATH=. python benchmarks/bench_cli.py [--quick] [--json out.json]
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from _common import ROOT, emit, parser, summary

COMMANDS = (("scenarios",), ("exercise", "list"), ("--help",), ("params",), ("trial", "--help"))
GOAL_S = 1.0


def gutbrain() -> list[str]:
    """The installed console script beside this interpreter, else ``python -m gutbrain_sim.cli``."""
    script = Path(sys.executable).with_name("gutbrain")
    return [str(script)] if script.exists() else [sys.executable, "-m", "gutbrain_sim.cli"]


def time_command(cmd: list[str], repeats: int, env: dict) -> dict:
    walls = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        walls.append(time.perf_counter() - t0)
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} exited {proc.returncode}: {proc.stderr.decode()[-300:]}")
    return summary(walls)


def main() -> None:
    args = parser(__doc__.splitlines()[0]).parse_args()
    repeats = 3 if args.quick else 9
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
    base = gutbrain()
    rows = [{"command": "python -c pass", "wall_s": time_command([sys.executable, "-c", "pass"], repeats, env)}]
    for c in COMMANDS:
        rows.append({"command": "gutbrain " + " ".join(c), "wall_s": time_command([*base, *c], repeats, env)})
    slow = [r["command"] for r in rows[1:] if r["wall_s"]["median"] > GOAL_S]
    table = [f"CLI start-up, wall time over {repeats} runs each (goal: median <= {GOAL_S:g} s)",
             f"{'command':28s} {'median s':>9} {'min s':>7} {'max s':>7}"]
    for r in rows:
        w = r["wall_s"]
        table.append(f"{r['command']:28s} {w['median']:>9.2f} {w['min']:>7.2f} {w['max']:>7.2f}")
    table.append("all within the goal" if not slow else f"over the goal: {', '.join(slow)}")
    emit("bench_cli", {"repeats": repeats, "launcher": " ".join(Path(b).name for b in base) if shutil.which(base[0]) else base[0],
                       "goal_median_s": GOAL_S, "rows": rows, "over_goal": slow}, table, args.json)


if __name__ == "__main__":
    main()
