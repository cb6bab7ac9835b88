"""Sweep throughput: speed-up from 1 to 2 worker processes and the sweep machinery's overhead
per run (store, metrics, scheduling), on runs of about a second or more.

    PYTHONPATH=. python benchmarks/bench_sweeps.py [--runs 16] [--days 21] [--repeats 3]

Serial and 2-worker sweeps alternate ``--repeats`` times and medians are reported, so drifting
load from other programs biases neither side. Prints one JSON object, then a short table.
Wall-clock figures are only as clean as the machine is idle: see ``load_average_1min``.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
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


def cpu_s() -> float:
    t = os.times()
    return t.user + t.system


def direct(runs: int, days: float) -> tuple[float, float]:
    """The same runs as plain model runs in a loop: no store, no pool, no metrics."""
    import numpy as np

    from gutbrain_sim import GutBrainModel
    from gutbrain_sim.scenario import Scenario

    c0, t0 = cpu_s(), time.perf_counter()
    for fibre in np.linspace(10, 40, runs):
        m = GutBrainModel(Scenario(duration_days=days, seed=1), record_every_h=6, fibre_g_per_day=float(fibre))
        m.run()
        m.timeseries()
    return time.perf_counter() - t0, cpu_s() - c0


def sweep(runs: int, days: float, workers: int):
    """Wall s, CPU s of this process, the results, and each run's own elapsed seconds."""
    from gutbrain_sim.sweeps import STORE_NAME, run_sweep

    with tempfile.TemporaryDirectory() as tmp:
        c0, t0 = cpu_s(), time.perf_counter()
        frame = run_sweep(spec(runs, days), out=Path(tmp) / "s", workers=workers, progress=False)
        wall, cpu = time.perf_counter() - t0, cpu_s() - c0
        con = sqlite3.connect(Path(tmp) / "s" / STORE_NAME)
        elapsed = [r[0] for r in con.execute("SELECT elapsed_s FROM runs")]
        con.close()
    return wall, cpu, frame, elapsed


def pool_start_s() -> tuple[float, float]:
    """Seconds until a fresh 2-process pool has answered one task per worker: the first pool
    of this process (fork server start + model import), then a later one (fork only)."""
    import concurrent.futures as cf

    from gutbrain_sim.sweeps.executor import _pool_context, _pool_worker_init

    out = []
    for _ in range(2):
        t0 = time.perf_counter()
        ctx = _pool_context()
        lifeline, keep_alive = ctx.Pipe(duplex=False)
        with cf.ProcessPoolExecutor(2, mp_context=ctx, initializer=_pool_worker_init, initargs=(lifeline,)) as pool:
            list(pool.map(abs, [-1, -2]))
        out.append(time.perf_counter() - t0)
        keep_alive.close()
        lifeline.close()
    return out[0], out[1]


def plain_pair(runs: int, days: float) -> float:
    """What the machine gives two processes right now: two independent interpreters each run
    half the runs in a plain loop (timed inside, after imports); the slower one's seconds."""
    cmd = [sys.executable, __file__, "--plain-half", str(runs // 2), "--days", str(days)]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    return max(float(p.communicate()[0].split()[-1]) for p in procs)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=16, help="runs per sweep (default 16)")
    ap.add_argument("--days", type=float, default=21, help="simulated days per run after the 7-day warm-up (default 21)")
    ap.add_argument("--repeats", type=int, default=3, help="alternating serial/parallel repeats (default 3)")
    ap.add_argument("--plain-half", type=int, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.plain_half is not None:  # one half of plain_pair()
        direct(1, 1)
        print(direct(args.plain_half, args.days)[0])
        return
    cold, warm = pool_start_s()
    direct(1, 1)  # warm imports and caches
    rows = []
    for _ in range(args.repeats):
        td, cd = direct(args.runs, args.days)
        t1, c1, f1, e1 = sweep(args.runs, args.days, 1)
        t2, _, f2, e2 = sweep(args.runs, args.days, 2)
        tp = plain_pair(args.runs, args.days)
        rows.append({"direct_s": td, "direct_cpu_s": cd, "serial_s": t1, "serial_cpu_s": c1, "parallel_s": t2, "plain_pair_s": tp,
                     "run_s_serial": statistics.median(e1), "run_s_parallel": statistics.median(e2),
                     "identical": bool(f1.equals(f2))})
    med = {k: statistics.median(r[k] for r in rows) for k in rows[0] if k != "identical"}
    n = args.runs
    result = {
        "runs": n,
        "simulated_days_per_run": args.days,
        "repeats": args.repeats,
        "cpu_count": os.cpu_count(),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "model_s_per_run": round(med["direct_s"] / n, 3),
        "sweep_1_worker_s": round(med["serial_s"], 2),
        "sweep_2_workers_s": round(med["parallel_s"], 2),
        "speedup_2_vs_1": round(med["serial_s"] / med["parallel_s"], 2),
        "speedup_each_repeat": [round(r["serial_s"] / r["parallel_s"], 2) for r in rows],
        # the same split over two plain processes, no sweep machinery: what the cores allowed
        "machine_speedup_plain_2_processes": round(med["direct_s"] / med["plain_pair_s"], 2),
        "machine_speedup_each_repeat": [round(r["direct_s"] / r["plain_pair_s"], 2) for r in rows],
        "overhead_s_per_run_serial": round((med["serial_s"] - med["direct_s"]) / n, 4),
        "overhead_cpu_s_per_run_serial": round((med["serial_cpu_s"] - med["direct_cpu_s"]) / n, 4),
        "run_s_median_serial": round(med["run_s_serial"], 3),
        "run_s_median_in_pool": round(med["run_s_parallel"], 3),  # > serial: the cores were shared
        "pool_start_first_s": round(cold, 2),
        "pool_start_later_s": round(warm, 2),
        "identical_results": all(r["identical"] for r in rows),
    }
    print(json.dumps(result, indent=2))
    table = [
        ("model run (direct loop)", f"{result['model_s_per_run']:.2f} s per run"),
        ("sweep, 1 worker (median)", f"{med['serial_s']:.1f} s"),
        ("sweep, 2 workers (median)", f"{med['parallel_s']:.1f} s"),
        ("speed-up 2 vs 1", f"{result['speedup_2_vs_1']:.2f}x (each repeat: {result['speedup_each_repeat']}; goal >= 1.6x)"),
        ("same split, 2 plain processes", f"{result['machine_speedup_plain_2_processes']:.2f}x "
                                          f"(each repeat: {result['machine_speedup_each_repeat']}): what the cores allowed"),
        ("sweep overhead per run, wall / CPU", f"{1000 * result['overhead_s_per_run_serial']:.0f} ms / "
                                               f"{1000 * result['overhead_cpu_s_per_run_serial']:.0f} ms"),
        ("one run alone / in the pool", f"{result['run_s_median_serial']:.2f} s / {result['run_s_median_in_pool']:.2f} s"),
        ("2-worker pool start, first / later", f"{cold:.2f} s / {warm:.2f} s"),
        ("load average (1 min) at the end", f"{result['load_average_1min']:.1f} on {os.cpu_count()} cores"),
        ("1 and 2 workers identical", str(result["identical_results"])),
    ]
    width = max(len(a) for a, _ in table)
    print("\n".join(f"{a:<{width}}  {b}" for a, b in table))


if __name__ == "__main__":
    main()
