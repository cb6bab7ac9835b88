"""benchmarks/run_all.py: a partial run updates the collected file and keeps the other benchmarks' figures."""

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "benchmarks" / "run_all.py"


def _run(*args):
    return subprocess.run([sys.executable, str(SCRIPT), *args], cwd=ROOT, capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})


def test_only_one_benchmark_keeps_the_others_figures(tmp_path):
    out = tmp_path / "results.json"
    out.write_text(json.dumps({"status": {"bench_memory": "ok in 35 s"}, "results": {"bench_memory": {"x": 1}}}))
    r = _run("--only", "bench_host", "--quick", "--out", str(out))
    assert r.returncode == 0, r.stderr
    got = json.loads(out.read_text())
    assert got["results"]["bench_memory"] == {"x": 1} and got["status"]["bench_memory"] == "ok in 35 s"
    assert got["status"]["bench_host"].startswith("ok in ") and got["results"]["bench_host"]["benchmark"] == "bench_host"
    assert set(got["status"]) == {"bench_memory", "bench_host"}  # nothing else ran or was marked skipped


def test_an_unknown_name_is_one_line_and_writes_nothing(tmp_path):
    out = tmp_path / "results.json"
    r = _run("--only", "bench_nope", "--out", str(out))
    assert r.returncode == 2 and "no benchmark named bench_nope" in r.stderr and "Traceback" not in r.stderr
    assert not out.exists()


def _leaves(o):
    if isinstance(o, dict):
        for v in o.values():
            yield from _leaves(v)
    elif isinstance(o, list):
        for v in o:
            yield from _leaves(v)
    else:
        yield o


# bench_host and bench_microbes had stopped running (a changed noise shape, the lumen's removed Mesa grid) and nothing
# noticed: every script's --quick form runs here in the long tier (about 6 minutes); bench_sweeps has no --quick
QUICK = ("bench_microbes", "bench_memory", "bench_host", "bench_trial", "bench_dashboard", "bench_population", "bench_cli",
         "bench_step", "bench_classroom", "bench_dask_1000")


@pytest.mark.long
@pytest.mark.parametrize("name", QUICK)
def test_every_benchmark_still_runs_and_records_its_machine(name, tmp_path):
    out = tmp_path / "r.json"
    r = subprocess.run([sys.executable, str(ROOT / "benchmarks" / f"{name}.py"), "--quick", "--json", str(out)], cwd=ROOT,
                       capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert r.returncode == 0, r.stderr[-2000:]
    got = json.loads(out.read_text())
    assert got["machine"]["nproc"] == os.cpu_count()
    numbers = [v for v in _leaves(got) if isinstance(v, float)]
    assert numbers and all(math.isfinite(v) for v in numbers)
