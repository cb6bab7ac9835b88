"""Memory: peak resident memory of a 365-day run, bytes per microbe, and bounded history.

Each configuration runs in its own child process so that its peak (``ru_maxrss``) is its own:
the healthy host for 365 simulated days with a timeseries row recorded every hour
(``record_every_h=1``) and once a day (``record_every_h=24``). The recorded history grows by
one row per record; its size is measured as the DataFrame it becomes and as the
DataCollector's lists. Bytes per microbe: the colony table's row layout, and tracemalloc's
count for a 100,000-row table.

    PYTHONPATH=. python benchmarks/bench_memory.py [--quick] [--json out.json]
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc

from _common import emit, parser

RECORD_EVERY = (1, 24)


def child(days: float, record_every_h: int) -> dict:
    """Run in a fresh process: one long run, its peak memory and history size."""
    from gutbrain_sim import GutBrainModel

    base_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    m = GutBrainModel(None, seed=1, record_every_h=record_every_h)
    m.scenario.duration_days = days
    m.run()
    wall = time.perf_counter() - t0
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    df = m.timeseries()
    vars_ = m.datacollector.model_vars
    # list slots plus one boxed number per value (floats/ints outside the small-int cache)
    collector_bytes = sum(sys.getsizeof(v) + sum(sys.getsizeof(x) for x in v) for v in vars_.values())
    c = m.gut.colonies
    return {
        "days": days, "record_every_h": record_every_h, "wall_s": wall,
        "rss_after_import_mb": base_kb / 1024, "peak_rss_mb": peak_kb / 1024,
        "rows_recorded": len(df), "columns": df.shape[1],
        "history_dataframe_mb": df.memory_usage(deep=True).sum() / 2**20,
        "history_collector_mb": collector_bytes / 2**20,
        "history_bytes_per_row": collector_bytes / max(len(df), 1),
        "colonies_at_end": c.n, "colony_table_capacity": c.capacity(),
    }


def colony_table_bytes(rows: int = 100_000) -> dict:
    from gutbrain_sim.gut.colonies import ColonyTable

    tracemalloc.start()
    t = ColonyTable(capacity=rows)
    t.add(x=0.5, y=0, guild=0, taxon=0, cfu=1.0, adhered=False, probiotic=False, resistant=False, growth_mult=1.0)
    t.reserve(rows)
    size, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"rows": rows, "layout_bytes_per_row": t.nbytes_per_row(), "traced_bytes_per_row": size / rows}


def main() -> None:
    ap = parser(__doc__.splitlines()[0])
    ap.add_argument("--child", nargs=2, type=float, metavar=("DAYS", "EVERY_H"), help=argparse_hidden())
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child[0], int(args.child[1]))))
        return
    days = 30.0 if args.quick else 365.0
    runs = []
    for every in RECORD_EVERY:
        out = subprocess.run([sys.executable, __file__, "--child", str(days), str(every)], check=True,
                             capture_output=True, text=True, env=os.environ.copy())
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    per_row = colony_table_bytes()
    one, daily = runs
    extra_rows = one["rows_recorded"] - daily["rows_recorded"]
    result = {
        "runs": runs, "colony_table": per_row,
        "history_growth_kb_per_recorded_day_hourly": one["history_collector_mb"] * 1024 / days,
        "peak_difference_mb_hourly_vs_daily": one["peak_rss_mb"] - daily["peak_rss_mb"],
        "extra_rows_hourly": extra_rows,
    }
    table = [f"memory of a {days:.0f}-day healthy run (5,000-colony target)",
             f"{'record every':>13} {'rows':>6} {'peak RSS MB':>12} {'history MB (lists)':>19} {'(DataFrame)':>12} {'run s':>7}"]
    for r in runs:
        table.append(f"{r['record_every_h']:>11} h {r['rows_recorded']:>6} {r['peak_rss_mb']:>12.1f} "
                     f"{r['history_collector_mb']:>19.2f} {r['history_dataframe_mb']:>12.2f} {r['wall_s']:>7.1f}")
    table.append(f"colony table: {per_row['layout_bytes_per_row']} bytes per microbe by layout, "
                 f"{per_row['traced_bytes_per_row']:.1f} traced at {per_row['rows']:,} rows")
    emit("bench_memory", result, table, args.json)


def argparse_hidden():
    import argparse

    return argparse.SUPPRESS


if __name__ == "__main__":
    main()
