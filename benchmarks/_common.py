"""Shared helpers for the benchmark scripts: the machine's description, timing, and output."""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as `python benchmarks/x.py` from a checkout
    sys.path.insert(0, str(ROOT))


def machine() -> dict:
    """What the figures were measured on, including how busy the machine was."""
    import mesa
    import numpy as np

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu_model": cpu,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "mesa": mesa.__version__,
        "platform": platform.platform(),
        "loadavg_1_5_15min": [round(x, 2) for x in os.getloadavg()],
    }


class Clock:
    """Wall time and this process's CPU time of one measured block (CPU time is what the
    code itself costs; wall time also holds waiting for a core other processes hold)."""

    def __enter__(self) -> Clock:
        self._w, self._c = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc) -> None:
        self.wall = time.perf_counter() - self._w
        self.cpu = time.process_time() - self._c


def summary(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}


def parser(description: str) -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--json", type=Path, help="also write the JSON result to this file")
    ap.add_argument("--quick", action="store_true", help="fewer repeats (a smoke run, not for the record)")
    return ap


def emit(name: str, result: dict, table: list[str], json_path: Path | None) -> None:
    """Print the short table, then the JSON (one document), and optionally write it to a file."""
    result = {"benchmark": name, "machine": machine(), **result}
    print("\n".join(table))
    print(json.dumps(result, indent=1, default=float))
    if json_path is not None:
        from gutbrain_sim.core.outputs import write_json

        write_json(json_path, result)


def warmed_agent_gut(host: str):
    """The gut of a 1-person ``host`` arm (agent gut, seed 1) after 6 warm-up hours (-48 to -43), and
    ``hour(t)``, which steps it through hour t on that arm's own exposures (host TNF 3 pg/mL, no cortisol excess)."""
    from gutbrain_sim.gut.per_person import gut_exposure
    from gutbrain_sim.trials.cohort import one_arm

    arm = one_arm(host, [], 1, 1, gut="agent")
    gut = arm.gut.guts[0]

    def hour(t):
        gut.step(t, gut_exposure(arm.exposure(t), 0, 1, gut.p.colon_bacteria_cfu), 3.0, 0.0)

    for t in range(-48, -42):
        hour(t)
    return gut, hour
