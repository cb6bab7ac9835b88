"""Agent-gut trials at population scale: person-hours/s of the batched agent gut against the kernel's limit.

An arm of ``mdd`` people on the agent gut (``cohort.one_arm(..., gut="agent")``: the engine's
hour, host included) is timed at 1, 10 and 100 people (and 1,000 with ``--big``), in CPU
seconds of this process (the machine is shared). Reported: person-hours/s per cohort size,
microbe-updates/s (colonies x hours / s), the one-person gut's own rate at the same colony
count (``AgentGut.step`` alone, no host: the practical limit), memory per person (tracemalloc,
the difference between 100 and 10 people, and the 100-person gut's arrays per person), and the exponent of a log-log fit of time per hour
against people. ``--baseline DIR`` also times the same arms with the code in DIR (e.g. an
export of an older commit) in a subprocess, for the speed-up.

    PYTHONPATH=. python benchmarks/bench_population.py [--quick] [--big] [--baseline DIR] [--json out.json]
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
from _common import emit, parser, summary, warmed_agent_gut

GOALS = {"speedup_at_100": 4.0, "updates_vs_kernel": 0.5, "mb_per_person": 2.0, "exponent": 1.05}
HOURS = {1: 24, 10: 8, 100: 4, 1000: 1}
HOST = "mdd"


def time_arm(n: int, hours: int, repeats: int, seed: int = 1) -> dict:
    """CPU s per simulated hour of an n-person agent-gut arm (after a 6-hour warm-up), and its colonies."""
    from gutbrain_sim.trials.cohort import one_arm

    arm = one_arm(HOST, [], n, seed, gut="agent")
    arm.advance(6, -48)
    per_hour, colonies = [], []
    for r in range(repeats):
        colonies.append(sum(g.colonies.n for g in arm.gut.guts))
        c = time.process_time()
        arm.advance(hours, -42 + r * hours)
        per_hour.append((time.process_time() - c) / hours)
    return {"people": n, "hours_per_repeat": hours, "cpu_s_per_hour": summary(per_hour), "colonies": float(np.mean(colonies))}


def kernel_limit(repeats: int) -> dict:
    """Microbe-updates/s of one person's ``AgentGut.step`` alone (no host engine around it): the first
    person of a 1-person arm, fed that arm's own exposures (so at the cohort's colony count)."""
    gut, hour = warmed_agent_gut(HOST)
    rates, colonies = [], []
    for r in range(repeats):
        n0 = gut.colonies.n
        c = time.process_time()
        for t in range(24):
            hour(-42 + 24 * r + t)
        rates.append((n0 + gut.colonies.n) / 2 * 24 / (time.process_time() - c))
        colonies.append((n0 + gut.colonies.n) / 2)
    return {"colonies": float(np.mean(colonies)), "updates_per_s": summary(rates)}


def memory_per_person() -> tuple[float, dict]:
    """Traced bytes held by a 100-person arm minus a 10-person arm, per extra person (MB), after a
    1-person arm has paid the one-time costs (imports, compiled kernels: ~15 MB, which would
    otherwise count in the 10-person arm); and the 100-person arm's bytes per person by component:
    each array of the cohort's gut (``AgentGuts``; an array serving under two names counts once),
    the colony rows per person's page, and the rest (each person's ``AgentGut``, streams, host)."""
    from gutbrain_sim.trials.cohort import one_arm

    one_arm(HOST, [], 1, 1, gut="agent").advance(1, -48)
    held, parts = {}, {}
    for n in (10, 100):
        gc.collect()
        tracemalloc.start()
        arm = one_arm(HOST, [], n, 1, gut="agent")
        arm.advance(2, -48)
        held[n] = tracemalloc.get_traced_memory()[0]
        if n == 100:
            g = arm.gut
            owners = {}
            for k, v in vars(g).items():
                if isinstance(v, np.ndarray) and v.base is None:
                    owners.setdefault(id(v), (k, v))
            parts = {k: v.nbytes / n for k, v in sorted(owners.values(), key=lambda kv: -kv[1].nbytes) if v.nbytes >= 1000 * n}
            parts["smaller arrays"] = sum(v.nbytes for _k, v in owners.values()) / n - sum(parts.values())
            parts["rows_per_page"], parts["colonies_per_person"] = g.page, float(g.count.mean())
        del arm
        tracemalloc.stop()
    mb = (held[100] - held[10]) / 90 / 1e6
    parts["rest"] = mb * 1e6 - sum(v for k, v in parts.items() if k not in ("rows_per_page", "colonies_per_person"))
    return mb, parts


def baseline(directory: Path, sizes: list[int], repeats: int) -> dict:
    """The same arms timed with the code in ``directory`` (a subprocess with that PYTHONPATH)."""
    # ``directory`` first on the path once the script is imported (its _common puts this checkout first), and checked
    code = (f"import sys, json; sys.path.insert(0, {str(Path(__file__).parent)!r}); import bench_population as b; "
            f"sys.path.insert(0, {str(directory)!r}); import gutbrain_sim; "
            f"assert gutbrain_sim.__file__.startswith({str(directory.resolve())!r}), gutbrain_sim.__file__; "
            f"print(json.dumps([b.time_arm(n, b.HOURS[n], {repeats}) for n in {sizes!r}]))")
    env = {**os.environ, "PYTHONPATH": str(directory)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    return {str(r["people"]): r for r in json.loads(out.strip().splitlines()[-1])}


def main() -> None:
    ap = parser(__doc__.splitlines()[0])
    ap.add_argument("--big", action="store_true", help="also 1,000 people (minutes, ~1.1 GB)")
    ap.add_argument("--baseline", type=Path, help="a checkout of older code to time the same arms with")
    args = ap.parse_args()
    repeats = 1 if args.quick else 5
    sizes = [1, 10, 100] + ([1000] if args.big else [])
    runs = {n: time_arm(n, HOURS[n], repeats) for n in sizes}
    rate = {n: n / r["cpu_s_per_hour"]["median"] for n, r in runs.items()}
    updates = {n: r["colonies"] / r["cpu_s_per_hour"]["median"] for n, r in runs.items()}
    big = max(sizes)
    limit = kernel_limit(repeats)
    fit = np.polyfit(np.log(sizes), np.log([runs[n]["cpu_s_per_hour"]["median"] for n in sizes]), 1)
    fit_10 = np.polyfit(np.log(sizes[1:]), np.log([runs[n]["cpu_s_per_hour"]["median"] for n in sizes[1:]]), 1)
    mb, parts = memory_per_person()
    result = {
        "host": HOST, "repeats": repeats, "uptime_load_1_5_15": [round(x, 2) for x in os.getloadavg()],
        "arms": {str(n): {**runs[n], "person_hours_per_s": rate[n], "microbe_updates_per_s": updates[n]} for n in sizes},
        "single_person_rate_person_hours_per_s": rate[1],
        "kernel_limit": limit,
        "kernel_person_hours_per_s": limit["updates_per_s"]["median"] / limit["colonies"],  # one gut's colonies alone, no host
        "updates_vs_kernel_at_largest": updates[big] / limit["updates_per_s"]["median"],
        "memory_mb_per_person": mb,
        "memory_bytes_per_person_by_array": parts,
        "scaling_exponent_all_sizes": float(fit[0]),
        "scaling_exponent_from_10": float(fit_10[0]),
        "goals": GOALS,
    }
    table = [f"agent-gut arm of {HOST} people, CPU time (load {result['uptime_load_1_5_15']})",
             *[f"  {n:5d} people  {rate[n]:8.0f} person-hours/s  {updates[n] / 1e6:6.2f} M microbe-updates/s  "
               f"({runs[n]['colonies'] / n:.0f} colonies/person)" for n in sizes],
             f"  one gut alone (AgentGut.step, no host): {limit['updates_per_s']['median'] / 1e6:.2f} M updates/s at "
             f"{limit['colonies']:.0f} colonies ({result['kernel_person_hours_per_s']:.0f} gut-hours/s); batched/limit at {big}: {result['updates_vs_kernel_at_largest']:.2f} "
             f"(goal >= {GOALS['updates_vs_kernel']})",
             f"  memory {mb:.2f} MB/person (goal <= {GOALS['mb_per_person']}); exponent {fit[0]:.3f} over all sizes, "
             f"{fit_10[0]:.3f} from 10 (goal <= {GOALS['exponent']})",
             f"  of which arrays of the cohort's gut ({parts['rows_per_page']} rows a page, {parts['colonies_per_person']:.0f} colonies): "
             + ", ".join(f"{k} {v / 1e3:.0f}" for k, v in parts.items() if k not in ("rows_per_page", "colonies_per_person") and v >= 5e3)
             + " kB"]
    if args.baseline is not None:
        base = baseline(args.baseline, [n for n in sizes if n <= 100], repeats)
        result["baseline"] = {"code": str(args.baseline), "arms": base,
                              "speedup": {k: base[k]["cpu_s_per_hour"]["median"] / runs[int(k)]["cpu_s_per_hour"]["median"] for k in base}}
        table.append("  speed-up over the baseline code: " + ", ".join(f"{v:.2f}x at {k}" for k, v in result["baseline"]["speedup"].items())
                     + f" (goal >= {GOALS['speedup_at_100']}x at 100)")
    emit("bench_population", result, table, args.json)


if __name__ == "__main__":
    main()
