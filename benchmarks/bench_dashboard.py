"""Dashboard speed: one Play frame (6 simulated hours + redraw of the Live tab) at the start and after 8 weeks.

'panels' is the 'Over time' update: the bqplot marks get the new data (serialized as a page would be
sent it, inside a Solara kernel context); 'gut' the gut picture (PNG); 'chain' the chain's numbers.

Run: PYTHONPATH=. python benchmarks/bench_dashboard.py [--quick] [--json out.json]   (prints JSON, then a short table)
Budget (issue 5): step plus redraw under 150 ms at the default size; flat as the history grows.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time

os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
os.environ.setdefault("SOLARA_CHECK_HOOKS", "off")

HOURS_PER_FRAME = 6
REPEATS = 15
BUDGET_MS = 150.0


def frame_parts(session, gut, panels) -> dict[str, float]:
    from gutbrain_sim.app.chain import active_rules, chain_links, pathway_breakdown

    t0 = time.perf_counter()
    session.step(HOURS_PER_FRAME)
    t1 = time.perf_counter()
    gut.draw(session.model, "butyrate")
    t2 = time.perf_counter()
    panels.update(session.history.view())
    t3 = time.perf_counter()
    chain_links(session.model), pathway_breakdown(session.model), active_rules(session.model)
    t4 = time.perf_counter()
    return {"step_ms": (t1 - t0) * 1e3, "gut_ms": (t2 - t1) * 1e3, "panels_ms": (t3 - t2) * 1e3, "chain_ms": (t4 - t3) * 1e3,
            "frame_ms": (t4 - t0) * 1e3}


def measure(session, gut, panels, repeats: int = REPEATS) -> dict[str, float]:
    frame_parts(session, gut, panels)  # settle (first frame after a background redraw)
    runs = [frame_parts(session, gut, panels) for _ in range(repeats)]
    return {k: round(statistics.median(r[k] for r in runs), 1) for k in runs[0]}


def solara_frame_ms(days_before: int) -> float:
    """A whole Solara render of the Live tab after one +1 h step (widget diffing included)."""
    import ipyvuetify as v
    import solara

    from gutbrain_sim.app import main

    sessions = []
    original = main.Session

    def make():
        s = original()
        sessions.append(s)
        return s

    main.Session = make
    try:
        _, rc = solara.render(solara.AppLayout(children=[main.Page()]), handle_error=False)
        sessions[-1].step(days_before * 24)
        step = rc.find(v.Btn, children=["Step"]).widget
        step.click()
        times = []
        for _ in range(5):
            t = time.perf_counter()
            step.click()
            times.append((time.perf_counter() - t) * 1e3)
        rc.close()
        return round(statistics.median(times), 1)
    finally:
        main.Session = original


def kernel_context():
    """A Solara kernel context like a served page's, whose websocket swallows the messages."""
    import solara.server.app  # noqa: F401 - patches ipywidgets' comms to send through the context's kernel
    from solara.server import kernel
    from solara.server import kernel_context as kc

    class Sink:
        def send(self, *args, **kwargs):
            pass

        def close(self):
            pass

    k = kernel.Kernel()
    k.session.websockets.add(Sink())
    return kc.VirtualKernelContext(id="bench", kernel=k, session_id="bench")


def main() -> int:
    from _common import machine, parser

    from gutbrain_sim.app.figures import GutPainter
    from gutbrain_sim.app.live_plots import OverTime
    from gutbrain_sim.app.session import Session
    from gutbrain_sim.core.outputs import write_json

    args = parser(__doc__.splitlines()[0]).parse_args()
    repeats = 5 if args.quick else REPEATS
    session = Session("healthy_baseline")
    gut = GutPainter(session.model.gut.length, session.model.gut.width)
    with kernel_context():  # widgets send their messages as in a served page
        panels = OverTime(session.scenario())
        start = measure(session, gut, panels, repeats)
        session.step(8 * 7 * 24 - session.model.time_h)
        later = measure(session, gut, panels, repeats)
    result = {
        "benchmark": "bench_dashboard", "machine": machine(), "scenario": "healthy_baseline", "hours_per_frame": HOURS_PER_FRAME, "repeats": repeats, "budget_ms": BUDGET_MS,
        "colonies": int(session.model.gut.colonies.n), "history_rows_after_8_weeks": int(session.history.n),
        "start": start, "after_8_weeks": later,
        "solara_render_ms": {"start": solara_frame_ms(0), "after_8_weeks": solara_frame_ms(56)},
    }
    result["load_average_1min"] = round(os.getloadavg()[0], 2)
    result["cpus"] = os.cpu_count()
    result["within_budget"] = max(start["frame_ms"], later["frame_ms"]) < BUDGET_MS
    print(json.dumps(result, indent=2))
    if args.json is not None:
        write_json(args.json, result)
    print(f"\n{'':16s}{'step':>8s}{'gut':>8s}{'panels':>8s}{'chain':>8s}{'frame':>8s}{'solara':>8s}   (ms, median)")
    for label, key in (("start", "start"), ("after 8 weeks", "after_8_weeks")):
        r = result[key]
        print(f"{label:16s}{r['step_ms']:8.1f}{r['gut_ms']:8.1f}{r['panels_ms']:8.1f}{r['chain_ms']:8.1f}{r['frame_ms']:8.1f}"
              f"{result['solara_render_ms'][key]:8.1f}")
    print(f"frame = {HOURS_PER_FRAME} simulated hours + redraw of the Live tab; budget {BUDGET_MS:g} ms; "
          f"load average {result['load_average_1min']} on {result['cpus']} CPUs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
