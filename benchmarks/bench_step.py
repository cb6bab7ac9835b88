"""The single-person agent gut's hour (``AgentGut.step`` alone, no host), this code against an older checkout, paired.

What the population work must not slow down: one person's gut stepped on its own (the
dashboard's and ``GutBrainModel``'s path). Each round times, in fresh subprocesses one after
the other, this checkout and (with ``--baseline DIR``) the code in DIR: a 1-person ``mdd`` arm's
gut, 6 warm-up hours, then 24 timed hours x ``--repeats``, CPU time; the rounds alternate
which runs first. Reported: CPU us per gut-hour (median of each run's median) per code and
their ratio per round.

    PYTHONPATH=. python benchmarks/bench_step.py [--quick] [--rounds 4] [--baseline DIR] [--json out.json]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from _common import emit, parser, summary, warmed_agent_gut

HERE = Path(__file__).resolve().parent


def gut_hours(repeats: int) -> dict:
    """CPU s per hour of one person's ``AgentGut.step`` (per repeat of 24 hours) and the colonies."""
    import time

    gut, hour = warmed_agent_gut("mdd")
    per_hour, colonies = [], []
    for r in range(repeats):
        colonies.append(gut.colonies.n)
        c = time.process_time()
        for t in range(24):
            hour(-42 + 24 * r + t)
        per_hour.append((time.process_time() - c) / 24)
    return {"cpu_s_per_hour": sorted(per_hour)[len(per_hour) // 2], "colonies": sum(colonies) / len(colonies)}


def run_in(directory: Path, repeats: int) -> dict:
    # the code in ``directory`` first on the path once the script is imported (its _common puts this checkout first),
    # and checked: before this, "baseline" runs timed this checkout's code
    code = (f"import sys, json; sys.path.insert(0, {str(HERE)!r}); import bench_step as b; sys.path.insert(0, {str(directory)!r}); "
            f"import gutbrain_sim; assert gutbrain_sim.__file__.startswith({str(Path(directory).resolve())!r}), gutbrain_sim.__file__; "
            f"print(json.dumps(b.gut_hours({repeats})))")
    env = {**os.environ, "PYTHONPATH": str(directory)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    ap = parser(__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=4)
    ap.add_argument("--baseline", type=Path, help="a checkout of older code to time alternately with this one")
    args = ap.parse_args()
    repeats = 2 if args.quick else 6
    codes = {"this": HERE.parent} | ({"baseline": args.baseline} if args.baseline else {})
    runs: dict[str, list[dict]] = {k: [] for k in codes}
    for r in range(args.rounds):
        for name in (list(codes) if r % 2 == 0 else list(codes)[::-1]):
            runs[name].append(run_in(codes[name], repeats))
    us = {k: [1e6 * x["cpu_s_per_hour"] for x in v] for k, v in runs.items()}
    result = {"repeats": repeats, "rounds": args.rounds, "uptime_load_1_5_15": [round(x, 2) for x in os.getloadavg()],
              "us_per_gut_hour": {k: summary(v) for k, v in us.items()},
              "colonies": {k: v[0]["colonies"] for k, v in runs.items()}}
    table = [f"AgentGut.step alone, one mdd person (~{result['colonies']['this']:.0f} colonies), CPU us per hour "
             f"(load {result['uptime_load_1_5_15']})",
             *[f"  {k:9s} " + " ".join(f"{x:7.0f}" for x in v) + f"  median {result['us_per_gut_hour'][k]['median']:.0f}"
               for k, v in us.items()]]
    if args.baseline:
        ratio = [a / b for a, b in zip(us["this"], us["baseline"], strict=True)]
        result["this_over_baseline_per_round"] = ratio
        table.append("  this / baseline per round: " + " ".join(f"{x:.2f}" for x in ratio) + " (< 1: faster)")
    emit("bench_step", result, table, args.json)


if __name__ == "__main__":
    main()
