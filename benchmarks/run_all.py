"""Run every benchmark script in benchmarks/ and collect their JSON into one file.

Scripts named ``bench_*.py`` are run one after another (never in parallel: they would
measure each other), each in its own process with the same interpreter; known ones that are
missing (other parts of the project may add them later) are listed as skipped.

    PYTHONPATH=. python benchmarks/run_all.py [--quick] [--skip NAME ...] [--only NAME ...] [--out FILE]

The whole set takes 30-60 minutes on 2 cores (bench_dask_1000 alone 10-30, bench_classroom ~10);
``--skip bench_dask_1000 --skip bench_classroom`` leaves about 10.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
EXPECTED = ("bench_microbes", "bench_memory", "bench_host", "bench_trial", "bench_sweeps", "bench_dashboard", "bench_population", "bench_cli")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="pass --quick to scripts that take it")
    ap.add_argument("--out", type=Path, default=HERE / "results.json", help="where to write the collected JSON")
    ap.add_argument("--skip", action="append", default=[], metavar="NAME", help="leave out this benchmark (repeatable)")
    ap.add_argument("--only", action="append", default=[], metavar="NAME", help="run only this benchmark (repeatable)")
    args = ap.parse_args()
    found = sorted(p.stem for p in HERE.glob("bench_*.py"))
    unknown = sorted(set(args.skip + args.only) - set(found))
    if unknown:
        ap.error(f"no benchmark named {', '.join(unknown)}; choose from {', '.join(found)}")
    names = [n for n in EXPECTED if n in found] + [n for n in found if n not in EXPECTED]
    names = [n for n in names if n not in args.skip and (not args.only or n in args.only)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
    # a partial run (--only/--skip) updates the collected file: the other benchmarks' figures stay
    try:
        before = json.loads(args.out.read_text()) if args.out.exists() else {}
    except ValueError:
        ap.error(f"{args.out} is not JSON; move it away or pass another --out")
    results, status = dict(before.get("results", {})), dict(before.get("status", {}))
    for name in EXPECTED:
        if name not in found and not args.only:
            status[name] = "skipped: script not present"
            print(f"[run_all] {name}: skipped (not present)", file=sys.stderr)
    for name in names:
        script = HERE / f"{name}.py"
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "r.json"
            cmd = [sys.executable, str(script), "--json", str(out)] + (["--quick"] if args.quick else [])
            print(f"[run_all] {name} ...", file=sys.stderr, flush=True)
            t0 = time.perf_counter()
            proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
            took = time.perf_counter() - t0
            if proc.returncode == 2 and "usage:" in proc.stderr:  # a script without --json/--quick: plain run
                proc = subprocess.run([sys.executable, str(script)], cwd=ROOT, env=env, capture_output=True, text=True)
                took = time.perf_counter() - t0
                if proc.returncode == 0:
                    out.write_text(_last_json(proc.stdout))
            if proc.returncode == 0 and out.exists():
                results[name] = json.loads(out.read_text())
                status[name] = f"ok in {took:.0f} s"
                print(proc.stdout.split("\n{", 1)[0])  # the script's table
            else:
                results.pop(name, None)  # no stale figures beside a failure
                status[name] = f"failed (exit {proc.returncode}) after {took:.0f} s: {proc.stderr.strip().splitlines()[-1:] or ''}"
            print(f"[run_all] {name}: {status[name]}", file=sys.stderr, flush=True)
    from gutbrain_sim.core.outputs import write_json

    write_json(args.out, {"status": status, "results": results})
    print(f"[run_all] wrote {args.out}", file=sys.stderr)
    return 0 if all(status[n].startswith(("ok", "skipped")) for n in names) else 1


def _last_json(stdout: str) -> str:
    """The last JSON document a script printed (after its table), or an empty object."""
    start = stdout.rfind("\n{")
    text = stdout[start + 1:] if start >= 0 else stdout[stdout.find("{"):]
    try:
        json.loads(text)
        return text
    except ValueError:
        return "{}"


if __name__ == "__main__":
    sys.exit(main())
