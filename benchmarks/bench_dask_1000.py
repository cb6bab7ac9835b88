"""A 1,000-person agent-gut trial in one process and on a local 2-worker Dask cluster: byte-identical outputs, the times.

The trial (issue #18's "1,000-person agent-gut trial on a local 2-worker Dask cluster"): people
with MDD, placebo against a probiotic (1e10 CFU/day), 2 arms x 250 people x 2 replicates =
1,000 people, the shortest spec the trial runner accepts: 7 days' warm-up (its minimum), the
screening week and 1 week of treatment, so 21 simulated days = 504 agent-gut hours per person.
The agent gut runs one replicate per task (``trials.run.replicate_chunks``), so each worker
holds a whole 500-person cohort. Both runs go through the CLI (``gutbrain trial ... --gut
agent``, then with ``--scheduler local --workers 2``: the path of
tests/test_agent_trial_dask.py), each in its own process; every output file is compared
byte for byte. Reported: wall seconds of each run, and the one-process run's nominal person-hours/s
(enrolled people x 504 h; screening draws ~1.4x as many people for the first 14 days, so the
true rate is higher).

    PYTHONPATH=. python benchmarks/bench_dask_1000.py [--quick] [--json out.json]

``--quick``: 2 x 25 x 2 (100 people), a smoke run of the same path.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, emit, parser

SPEC = """name = "{name}"
population = "mdd"
n_per_arm = {n_per_arm}
duration_weeks = 1
warmup_days = 7
replicates = 2
seed = 18

[[arms]]
name = "placebo"
interventions = [{{ type = "placebo" }}]

[[arms]]
name = "probiotic"
interventions = [{{ type = "probiotic", dose_cfu_per_day = 1e10 }}]
"""
HOURS_PER_PERSON = 24 * (7 + 7 + 7)  # warm-up, screening week, one week of treatment


def trial(spec: Path, out: Path, *flags: str) -> float:
    """``gutbrain trial spec --gut agent --out out [flags]`` in a fresh process; wall seconds."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    t = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "gutbrain_sim.cli", "trial", str(spec), "--gut", "agent", "--out", str(out), *flags],
                       capture_output=True, text=True, env=env, timeout=7200)
    wall = time.perf_counter() - t
    if r.returncode != 0 or "agent gut" not in r.stdout:
        raise SystemExit(f"trial failed ({' '.join(flags) or 'one process'}):\n{r.stdout}\n{r.stderr}")
    return wall


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def main() -> None:
    ap = parser(__doc__.splitlines()[0])
    args = ap.parse_args()
    n_per_arm = 25 if args.quick else 250
    people = 2 * 2 * n_per_arm
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        spec = tmp / "agent_1000.toml"
        spec.write_text(SPEC.format(name=f"agent_{people}", n_per_arm=n_per_arm), encoding="utf-8")
        load_before = [round(x, 2) for x in os.getloadavg()]
        one = trial(spec, tmp / "one")
        spread = trial(spec, tmp / "dask", "--scheduler", "local", "--workers", "2")
        expected, got = files(tmp / "one"), files(tmp / "dask")
    differ = sorted(k for k in set(expected) | set(got) if expected.get(k) != got.get(k))
    result = {
        "people": people, "arms": 2, "n_per_arm": n_per_arm, "replicates": 2, "hours_per_person": HOURS_PER_PERSON,
        "one_process_wall_s": one, "dask_2_workers_wall_s": spread,
        "one_process_nominal_person_hours_per_s_wall": people * HOURS_PER_PERSON / one,
        "files": len(expected), "files_differing": differ, "identical": not differ and len(expected) > 0,
        "uptime_load_1_5_15_before_after": [load_before, [round(x, 2) for x in os.getloadavg()]],
    }
    table = [f"agent-gut trial, {people} people (2 arms x {n_per_arm} x 2 replicates), {HOURS_PER_PERSON} h each "
             f"(load {load_before} -> {result['uptime_load_1_5_15_before_after'][1]})",
             f"  one process: {one:.0f} s wall ({result['one_process_nominal_person_hours_per_s_wall']:.0f} nominal person-hours/s)",
             f"  local 2-worker Dask cluster: {spread:.0f} s wall ({one / spread:.2f}x)",
             f"  outputs: {len(expected)} files, " + ("byte-identical" if result["identical"] else f"DIFFERENT: {differ[:5]}")]
    emit("bench_dask_1000", result, table, args.json)
    if not result["identical"]:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
