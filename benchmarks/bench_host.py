"""Host physiology advanced for many hosts at once: host-hours per second.

``gutbrain_sim.physiology.advance_host`` is pure numpy over arrays of hosts; this times one
simulated hour for 1, 100 and 10,000 hosts (per-host parameters drawn from the
``mild_depression`` profile, so parameters really are arrays), with gut signals and inputs
held at healthy values.

    PYTHONPATH=. python benchmarks/bench_host.py [--quick] [--json out.json]
"""

from __future__ import annotations

import numpy as np
from _common import Clock, emit, parser, summary

from gutbrain_sim.core.streams import Streams
from gutbrain_sim.hosts import draw_hosts, profile
from gutbrain_sim.physiology import GutSignals, HostInputs, advance_host, init_host

SIZES = (1, 100, 10_000)


def time_hosts(n: int, hours: int, repeats: int) -> dict:
    streams = Streams(1)
    p, episode = draw_hosts(profile("mild_depression"), {}, n, streams["host.traits"])
    state = init_host(p, n, episode)
    gut = GutSignals(np.full(n, 800.0), np.full(n, 15.0), np.full(n, 50.0))
    u = HostInputs.quiet(n)
    noise_rng = streams["host.mood_noise"]
    cpu, wall = [], []
    t = 0
    for _ in range(repeats):
        noise = noise_rng.standard_normal((hours, 2, n))  # depression and anxiety rows (advance_host)
        with Clock() as clk:
            for h in range(hours):
                advance_host(state, gut, u, p, float(t), 1.0, noise[h])
                t += 1
        cpu.append(clk.cpu / hours)
        wall.append(clk.wall / hours)
    problems = state.out_of_range()
    return {"hosts": n, "cpu_s_per_hour": summary(cpu), "wall_s_per_hour": summary(wall),
            "host_hours_per_s_cpu_median": n / float(np.median(cpu)), "host_hours_per_s_wall_best": n / min(wall),
            "states_out_of_range": problems}


def main() -> None:
    args = parser(__doc__.splitlines()[0]).parse_args()
    hours, repeats = (24, 2) if args.quick else (168, 5)
    rows = [time_hosts(n, hours, repeats) for n in SIZES]
    table = ["host physiology (advance_host), one simulated hour", f"{'hosts':>7} {'us/hour (CPU med)':>18} {'host-hours/s (CPU)':>19} {'(wall best)':>12}"]
    for r in rows:
        table.append(f"{r['hosts']:>7} {r['cpu_s_per_hour']['median'] * 1e6:>18.1f} {r['host_hours_per_s_cpu_median']:>19.3g} {r['host_hours_per_s_wall_best']:>12.3g}")
    emit("bench_host", {"hours_per_repeat": hours, "repeats": repeats, "rows": rows}, table, args.json)


if __name__ == "__main__":
    main()
