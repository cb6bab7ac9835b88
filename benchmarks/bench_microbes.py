"""Microbe-updates per second of the agent-based gut, against one CellAgent per colony.

A microbe-update is one colony taken through one hour of every rule (eat, grow, swap genes,
die, divide, move, adhere/detach, wash out) together with the fields and barrier of that
hour. For each size the gut is built with ``colonies_target`` = size, so the step starts with
about that many colonies; colonies then wash out faster than they regrow (the healthy steady
state holds ~1/4 of the target, see docs/performance.md), so a few steps are timed on a fresh
gut and the actual colony count at the start of each step is what is counted.

Reported: per step cost (median and minimum over repeats, CPU and wall time), updates per
second, the fitted exponent of cost per step against colonies (goal <= 1.1), the speed-up
over ``reference_cellagent.py`` measured in the same run (goal >= 25x at 5,000), and the full
``GutBrainModel.step`` (host, schedule, recording) at the same targets after its warm-up.

    PYTHONPATH=. python benchmarks/bench_microbes.py [--quick] [--json out.json]
"""

from __future__ import annotations

import time

import numpy as np
from _common import Clock, emit, parser, summary

from gutbrain_sim.core.streams import Streams
from gutbrain_sim.gut.agent_gut import AgentGut, GutExposure
from gutbrain_sim.hosts import draw_hosts, profile

SIZES = (1_000, 5_000, 20_000, 100_000)
REFERENCE_BUDGET_S = 60.0  # the reference runs at a size only while it stays under this


def _params(size: int):
    p, _ = draw_hosts(profile("healthy"), {"colonies_target": size}, 1, Streams(1)["host.traits"])
    return p


def _exposure(p) -> GutExposure:
    return GutExposure(carbs_g_per_day={"fibre": float(p.fibre_g_per_day), "sugar": float(p.sugar_g_per_day)})


def time_agent_gut(size: int, repeats: int, steps: int) -> dict:
    p = _params(size)
    e = _exposure(p)
    cpu, wall, counts = [], [], []
    for r in range(repeats):
        gut = AgentGut(p, Streams(r))
        gut.step(0, e, 2.0, 0.0)  # untimed: first-touch of buffers
        n_sum = 0
        with Clock() as clk:
            for t in range(1, steps + 1):
                n_sum += gut.colonies.n
                gut.step(t, e, 2.0, 0.0)
        cpu.append(clk.cpu / steps)
        wall.append(clk.wall / steps)
        counts.append(n_sum / steps)
    return _result(cpu, wall, counts)


def time_reference(size: int, repeats: int, steps: int, budget_s: float) -> dict | None:
    from reference_cellagent import ReferenceGut

    p = _params(size)
    e = _exposure(p)
    cpu, wall, counts = [], [], []
    spent = 0.0
    for r in range(repeats):
        t0 = time.perf_counter()
        ref = ReferenceGut(p, seed=r, start_from=AgentGut(p, Streams(r)))
        ref.step(0, e)
        n_sum = 0
        with Clock() as clk:
            for t in range(1, steps + 1):
                n_sum += ref.n_colonies
                ref.step(t, e)
        cpu.append(clk.cpu / steps)
        wall.append(clk.wall / steps)
        counts.append(n_sum / steps)
        spent += time.perf_counter() - t0
        if spent * (r + 2) / (r + 1) > budget_s:  # another repeat would pass the budget
            break
    return _result(cpu, wall, counts)


def _result(cpu, wall, counts) -> dict:
    c = float(np.mean(counts))
    return {
        "colonies_mean": c,
        "cpu_s_per_step": summary(cpu),
        "wall_s_per_step": summary(wall),
        "updates_per_s_cpu_median": c / float(np.median(cpu)),
        "updates_per_s_wall_best": c / min(wall),
        "updates_per_s_wall_median": c / float(np.median(wall)),
    }


def time_full_model(size: int, steps: int) -> dict:
    from gutbrain_sim import GutBrainModel

    t0 = time.perf_counter()
    m = GutBrainModel(None, seed=1, colonies_target=size)
    build = time.perf_counter() - t0
    counts, cpu, wall = [], [], []
    for _ in range(steps):
        counts.append(m.gut.colonies.n)
        with Clock() as clk:
            m.step()
        cpu.append(clk.cpu)
        wall.append(clk.wall)
    c = float(np.mean(counts))
    return {"colonies_target": size, "colonies_mean": c, "build_with_warmup_s": build,
            "cpu_s_per_step": summary(cpu), "wall_s_per_step": summary(wall),
            "updates_per_s_cpu_median": c / float(np.median(cpu))}


def fitted_exponent(rows: list[dict], key: str, stat: str = "median") -> float:
    """Slope of log(cost per step) against log(colonies)."""
    x = np.log([r["colonies_mean"] for r in rows])
    y = np.log([r[key][stat] for r in rows])
    return float(np.polyfit(x, y, 1)[0])


def main() -> None:
    args = parser(__doc__.splitlines()[0]).parse_args()
    repeats, steps = (2, 4) if args.quick else (7, 8)
    agent, reference, full = [], [], []
    reference_stopped = None
    for size in SIZES:
        row = {"size": size, **time_agent_gut(size, repeats, steps)}
        agent.append(row)
        if reference_stopped is None:
            ref = time_reference(size, max(2, repeats // 2), steps, REFERENCE_BUDGET_S / (2 if args.quick else 1))
            per_step_wall = ref["wall_s_per_step"]["median"]
            reference.append({"size": size, **ref})
            # a full reference repeat at the next size (~size x 5 more) would pass the budget
            if per_step_wall * (steps + 1) * 5 * 1.1 > REFERENCE_BUDGET_S:
                reference_stopped = f"stopped after {size}: the next size would take over {REFERENCE_BUDGET_S:.0f} s"
    for size in SIZES:
        full.append(time_full_model(size, 12 if args.quick else 48))

    speedups = []
    for a, r in zip(agent, reference, strict=False):
        speedups.append({
            "size": a["size"],
            "cpu": r["cpu_s_per_step"]["median"] / r["colonies_mean"] / (a["cpu_s_per_step"]["median"] / a["colonies_mean"]),
            "wall_best": r["wall_s_per_step"]["min"] / r["colonies_mean"] / (a["wall_s_per_step"]["min"] / a["colonies_mean"]),
        })
    at5k = next(a for a in agent if a["size"] == 5_000)
    s5k = next((s for s in speedups if s["size"] == 5_000), None)
    result = {
        "repeats": repeats, "timed_steps_per_repeat": steps,
        "agent_gut": agent, "reference_cellagent": reference, "reference_note": reference_stopped,
        "full_model_step": full,
        "exponent_cpu_median": fitted_exponent(agent, "cpu_s_per_step"),
        "exponent_wall_min": fitted_exponent(agent, "wall_s_per_step", "min"),
        "speedup": speedups,
        "goals": {
            "updates_per_s_at_5k_cpu": at5k["updates_per_s_cpu_median"],
            "updates_per_s_at_5k_wall_best": at5k["updates_per_s_wall_best"],
            "updates_per_s_at_5k_goal": 7e6,
            "speedup_at_5k_cpu": s5k and s5k["cpu"], "speedup_at_5k_wall_best": s5k and s5k["wall_best"],
            "speedup_goal": 25.0,
            "exponent_goal": 1.1,
        },
    }
    table = ["agent gut (AgentGut.step) vs one CellAgent per colony; CPU-time medians (wall-time best)",
             f"{'target':>8} {'colonies':>9} {'ms/step':>16} {'M upd/s':>14} {'ref ms/step':>12} {'ref M upd/s':>11} {'speed-up':>9}"]
    for a in agent:
        r = next((x for x in reference if x["size"] == a["size"]), None)
        s = next((x for x in speedups if x["size"] == a["size"]), None)
        table.append(
            f"{a['size']:>8} {a['colonies_mean']:>9.0f} {a['cpu_s_per_step']['median'] * 1e3:>7.3f} ({a['wall_s_per_step']['min'] * 1e3:>6.3f})"
            f" {a['updates_per_s_cpu_median'] / 1e6:>5.2f} ({a['updates_per_s_wall_best'] / 1e6:>5.2f})"
            + (f" {r['cpu_s_per_step']['median'] * 1e3:>12.1f} {r['updates_per_s_cpu_median'] / 1e6:>11.3f} {s['cpu']:>8.1f}x"
               if r else f" {'-':>12} {'-':>11} {'-':>9}"))
    table.append(f"cost-per-step exponent 1k->100k: {result['exponent_cpu_median']:.2f} (CPU medians), "
                 f"{result['exponent_wall_min']:.2f} (wall minima); goal <= 1.1")
    table.append("full GutBrainModel.step after warm-up (colonies settle near 1/4 of the target):")
    for f in full:
        table.append(f"  target {f['colonies_target']:>7}: {f['colonies_mean']:>7.0f} colonies, "
                     f"{f['cpu_s_per_step']['median'] * 1e3:.3f} ms/step CPU, {f['updates_per_s_cpu_median'] / 1e6:.2f} M upd/s")
    emit("bench_microbes", result, table, args.json)


if __name__ == "__main__":
    main()
