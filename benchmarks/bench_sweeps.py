"""Sweep throughput: speed-up from 1 to 2 worker processes and the sweep machinery's overhead
per run (store, metrics, scheduling), on runs of about a second or more.

    PYTHONPATH=. python benchmarks/bench_sweeps.py [--runs 16] [--days 21]

Prints one JSON object, then a short table. Timings are wall-clock on whatever else the
machine is doing: run it on a quiet machine for clean figures.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path


def spec(runs: int, days: float) -> dict:
    return {
        "name": "bench_sweeps", "duration_days": days, "record_every_h": 6, "seeds": 1,
        "scenario": {"host": "healthy", "duration_days": days},
        "design": {"kind": "grid", "levels": runs},
        "parameters": [{"name": "fibre_g_per_day", "low": 10, "high": 40}],
        "metrics": ["depression_hamd:end", "butyrate_mM:mean"],
    }


def direct(runs: int, days: float) -> float:
    """The same runs as plain model runs in a loop: no store, no pool, no metrics."""
    import numpy as np

    from gutbrain_sim import GutBrainModel
    from gutbrain_sim.scenario import Scenario

    t0 = time.perf_counter()
    for fibre in np.linspace(10, 40, runs):
        m = GutBrainModel(Scenario(duration_days=days, seed=1), record_every_h=6, fibre_g_per_day=float(fibre))
        m.run()
        m.timeseries()
    return time.perf_counter() - t0


def cpu_s() -> float:
    """CPU seconds used by this process and its finished (joined) children, e.g. pool workers."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def sweep(runs: int, days: float, workers: int) -> tuple[float, float, object]:
    from gutbrain_sim.sweeps import run_sweep

    with tempfile.TemporaryDirectory() as tmp:
        c0, t0 = cpu_s(), time.perf_counter()
        frame = run_sweep(spec(runs, days), out=Path(tmp) / "s", workers=workers, progress=False)
        return time.perf_counter() - t0, cpu_s() - c0, frame


def commit_ms(n: int = 50) -> float:
    """Milliseconds to commit one run to the store (its own fsync'd WAL transaction)."""
    from gutbrain_sim.sweeps import SweepStore

    with tempfile.TemporaryDirectory() as tmp, SweepStore(Path(tmp), "bench", ["x"], ["m:end"], "{}") as store:
        session = store.begin_session("bench", n)
        t0 = time.perf_counter()
        for i in range(n):
            store.add(i, 1, {"x": float(i)}, {"m:end": 1.0}, 0.0, session)
        return 1000 * (time.perf_counter() - t0) / n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=16, help="runs per sweep (default 16)")
    ap.add_argument("--days", type=float, default=21, help="simulated days per run after the 7-day warm-up (default 21)")
    args = ap.parse_args()
    direct(1, 1)  # warm imports and caches
    c0 = cpu_s()
    t_direct = direct(args.runs, args.days)
    c_direct = cpu_s() - c0
    t1, c1, f1 = sweep(args.runs, args.days, 1)
    t2, c2, f2 = sweep(args.runs, args.days, 2)
    identical = bool(f1.equals(f2))
    # Wall-clock figures suffer when other programs share the cores; CPU seconds do much less.
    # On an idle machine the 2-worker wall time is about its CPU time / 2 (both cores busy).
    idle_speedup = c1 / (c2 / 2)
    per_run = t_direct / args.runs
    result = {
        "runs": args.runs,
        "simulated_days_per_run": args.days,
        "cpu_count": os.cpu_count(),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "model_s_per_run": round(per_run, 3),
        "sweep_1_worker_s": round(t1, 2),
        "sweep_2_workers_s": round(t2, 2),
        "speedup_2_vs_1": round(t1 / t2, 2),
        "overhead_s_per_run_serial": round((t1 - t_direct) / args.runs, 4),
        "overhead_fraction_serial": round((t1 - t_direct) / t_direct, 4),
        "overhead_cpu_s_per_run_serial": round((c1 - c_direct) / args.runs, 4),
        "store_commit_ms": round(commit_ms(), 2),
        "speedup_2_vs_1_idle_estimate_from_cpu": round(idle_speedup, 2),
        "pool_cost_s": round(t2 - t1 / 2, 2),  # spawn + imports in the workers + scheduling
        "cpu_s_direct": round(c_direct, 2),
        "cpu_s_sweep_1_worker": round(c1, 2),
        "cpu_s_sweep_2_workers": round(c2, 2),  # incl. worker start-up; ~= 1 worker if contention explains a slow 2-worker run
        "identical_results": identical,
    }
    print(json.dumps(result, indent=2))
    rows = [
        ("model run (direct loop)", f"{per_run:.2f} s per run"),
        ("sweep, 1 worker", f"{t1:.1f} s ({t1 / args.runs:.2f} s per run)"),
        ("sweep, 2 workers", f"{t2:.1f} s ({t2 / args.runs:.2f} s per run)"),
        ("speed-up 2 vs 1", f"{t1 / t2:.2f}x (goal >= 1.6x)"),
        ("speed-up on an idle machine (from CPU s)", f"{idle_speedup:.2f}x (estimate)"),
        ("sweep overhead per run, wall / CPU", f"{1000 * (t1 - t_direct) / args.runs:.0f} ms / "
                                               f"{1000 * (c1 - c_direct) / args.runs:.0f} ms"),
        ("store commit per run", f"{result['store_commit_ms']:.1f} ms"),
        ("pool start-up and scheduling", f"{t2 - t1 / 2:.1f} s"),
        ("CPU s: direct / 1 worker / 2 workers", f"{c_direct:.1f} / {c1:.1f} / {c2:.1f}"),
        ("load average (1 min) at the end", f"{result['load_average_1min']:.1f} on {os.cpu_count()} cores"),
        ("1 and 2 workers identical", str(identical)),
    ]
    width = max(len(a) for a, _ in rows)
    print("\n".join(f"{a:<{width}}  {b}" for a, b in rows), file=sys.stdout)


if __name__ == "__main__":
    main()
