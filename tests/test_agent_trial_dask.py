"""Issue #18: an agent-gut trial at the size of a real one (2 x 50 people, 8 weeks, two replicates) on a
local 2-worker Dask cluster writes byte-identical outputs to one process (long tier: minutes of CPU)."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from conftest import write_tiny_trial


def _trial(*args) -> float:
    """Run ``gutbrain trial ...``; wall seconds."""
    t = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "gutbrain_sim.cli", "trial", *args], capture_output=True, text=True, timeout=3600)
    assert r.returncode == 0, r.stderr
    assert "agent gut" in r.stdout and "2 replicate(s)" in r.stdout, r.stdout
    return time.perf_counter() - t


def _files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.long
def test_a_2x50_8_week_agent_gut_trial_on_a_local_2_worker_dask_cluster_equals_one_process(tmp_path):
    pytest.importorskip("dask.distributed")
    spec = write_tiny_trial(tmp_path / "agent_2x50.toml", name="agent_2x50", n_per_arm=50, duration_weeks=8, replicates=2,
                            seed=18, probiotic_dose_cfu_per_day=1e10)
    one = _trial(str(spec), "--gut", "agent", "--out", str(tmp_path / "one"))
    spread = _trial(str(spec), "--gut", "agent", "--scheduler", "local", "--workers", "2", "--out", str(tmp_path / "dask"))
    expected, got = _files(tmp_path / "one"), _files(tmp_path / "dask")
    assert "trial_summary.json" in expected and set(got) == set(expected)
    assert [k for k in expected if got[k] != expected[k]] == []
    print(f"2 x 50, 8 weeks, 2 replicates, agent gut: one process {one:.0f} s wall, 2-worker local Dask cluster {spread:.0f} s wall")
