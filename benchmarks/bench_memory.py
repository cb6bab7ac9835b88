"""Memory: peak resident memory of a 365-day run, bytes per microbe, and bounded history.

Each recording mode runs in its own child process so that its peak (``ru_maxrss``) is its own:
the healthy host for 365 simulated days with a timeseries row recorded every hour
(``record_every_h=1``), once a day (``record_every_h=24``), and as summaries only
(``record="summary"``, hourly rows folded into running aggregates; again with the rows of a
7-day window kept for ``mean_last_7d``). The
history is measured after 30, 90 and 365 simulated days as the bytes its Python objects hold
(lists, boxed numbers, arrays; the same measure for every mode), and at the end as the
DataFrame it becomes. Run time (CPU and wall) excludes those measurements. Bytes per microbe: the colony
table's row layout, and tracemalloc's count for a 100,000-row table.

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

from gutbrain_sim.recording import held_bytes

MODES = {"hourly rows": ("rows", 1), "daily rows": ("rows", 24), "summary": ("summary", 1), "summary+7d": ("summary", 1)}
CHECKPOINTS_DAYS = (30, 90, 365)


def child(days: float, mode: str) -> dict:
    """Run in a fresh process: one long run, its peak memory and history size over time."""
    from gutbrain_sim import GutBrainModel
    from gutbrain_sim.scenario import Scenario

    record, every = MODES[mode]
    base_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0, c0 = time.perf_counter(), time.process_time()
    extra = {"summary_windows": ("mean_last_7d",)} if mode == "summary+7d" else {}
    m = GutBrainModel(Scenario(duration_days=days, seed=1), record_every_h=every, record=record, **extra)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    history = {}
    for day in [d for d in CHECKPOINTS_DAYS if d < days] + [days]:
        t0, c0 = time.perf_counter(), time.process_time()
        m.run(days=day - m.time_h / 24)
        wall, cpu = wall + time.perf_counter() - t0, cpu + time.process_time() - c0
        held = m.summary if m.summary is not None else m.datacollector.model_vars
        history[f"{day:g}"] = held_bytes(held)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if m.summary is not None:
        rows, frame_mb = m.summary.rows, None
    else:
        df = m.timeseries()
        rows, frame_mb = len(df), df.memory_usage(deep=True).sum() / 2**20
    c = m.gut.colonies
    return {
        "mode": mode, "record": record, "record_every_h": every, "days": days, "wall_s": wall, "cpu_s": cpu,
        "rss_after_import_mb": base_kb / 1024, "peak_rss_mb": peak_kb / 1024,
        "rows_recorded": rows, "history_bytes_by_day": history,
        "history_mb": history[f"{days:g}"] / 2**20,
        "history_bytes_per_row": history[f"{days:g}"] / rows if record == "rows" else None,
        "history_dataframe_mb": frame_mb,
        "colonies_at_end": c.n, "colony_table_capacity": c.capacity(),
    }


def colony_table_bytes(rows: int = 100_000) -> dict:
    from gutbrain_sim.gut.colonies import ColonyTable

    tracemalloc.start()
    t = ColonyTable(capacity=rows)
    t.add(x=0.5, y=0, guild=0, taxon=0, cfu=1.0, adhered=False, probiotic=False, resistant_share=0.0, growth_mult=1.0)
    t.reserve(rows)
    size, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"rows": rows, "layout_bytes_per_row": t.nbytes_per_row(), "traced_bytes_per_row": size / rows}


def main() -> None:
    ap = parser(__doc__.splitlines()[0])
    ap.add_argument("--child", nargs=2, metavar=("DAYS", "MODE"), help=argparse_hidden())
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(float(args.child[0]), args.child[1])))
        return
    days = 30.0 if args.quick else 365.0
    runs = []
    for mode in MODES:
        out = subprocess.run([sys.executable, __file__, "--child", str(days), mode], check=True,
                             capture_output=True, text=True, env=os.environ.copy())
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    per_row = colony_table_bytes()
    by = {r["mode"]: r for r in runs}
    hourly, daily, summ = by["hourly rows"], by["daily rows"], by["summary"]
    marks = list(summ["history_bytes_by_day"])
    result = {
        "runs": runs, "colony_table": per_row,
        "history_growth_kb_per_recorded_day_hourly": hourly["history_mb"] * 1024 / days,
        "peak_difference_mb_hourly_vs_daily": hourly["peak_rss_mb"] - daily["peak_rss_mb"],
        "peak_difference_mb_hourly_vs_summary": hourly["peak_rss_mb"] - summ["peak_rss_mb"],
        "summary_history_growth_bytes_30_to_365d": {m: by[m]["history_bytes_by_day"][marks[-1]] - by[m]["history_bytes_by_day"][marks[0]]
                                                    for m in ("summary", "summary+7d")},
    }
    table = [f"memory of a {days:.0f}-day healthy run (5,000-colony target); history = bytes its Python objects hold",
             f"{'recording':>12} {'rows':>6} {'peak RSS MB':>12} " + " ".join(f"{'history @' + d + ' d':>16}" for d in marks)
             + f" {'(DataFrame MB)':>15} {'run s CPU':>10} {'wall':>6}"]
    for r in runs:
        frame = f"{r['history_dataframe_mb']:.2f}" if r["history_dataframe_mb"] is not None else "-"
        table.append(f"{r['mode']:>12} {r['rows_recorded']:>6} {r['peak_rss_mb']:>12.1f} "
                     + " ".join(f"{_kb(r['history_bytes_by_day'][d]):>16}" for d in marks)
                     + f" {frame:>15} {r['cpu_s']:>10.1f} {r['wall_s']:>6.1f}")
    table.append(f"colony table: {per_row['layout_bytes_per_row']} bytes per microbe by layout, "
                 f"{per_row['traced_bytes_per_row']:.1f} traced at {per_row['rows']:,} rows")
    emit("bench_memory", result, table, args.json)


def _kb(n: int) -> str:
    return f"{n / 1024:,.1f} KB" if n < 2**20 else f"{n / 2**20:,.2f} MB"


def argparse_hidden():
    import argparse

    return argparse.SUPPRESS


if __name__ == "__main__":
    main()
