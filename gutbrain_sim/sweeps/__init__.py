"""Parameter sweeps: specs, designs (grid, random, Sobol, Morris), a crash-safe SQLite store
that resumes, pluggable executors (process pool, Dask) and sensitivity analysis.

    >>> from gutbrain_sim.sweeps import run_sweep
    >>> df = run_sweep("experiments/fibre_probiotic_sweep.toml", out="results/fp")  # doctest: +SKIP

A teaching model, not medical advice. See docs/sweeps.md.
"""

from .analysis import sensitivity, write_report
from .design import Design, Point, build_design, make_tasks
from .executor import RESULTS_NAME, run_sweep, run_task
from .measures import STATISTICS, Metric, parse_metric
from .spec import SweepSpec, load_sweep, sweep_from_dict
from .store import STORE_NAME, SweepStore

__all__ = [
    "RESULTS_NAME", "STATISTICS", "STORE_NAME", "Design", "Metric", "Point", "SweepSpec", "SweepStore",
    "build_design", "load_sweep", "make_tasks", "parse_metric", "run_sweep", "run_task", "sensitivity",
    "sweep_from_dict", "write_report",
]
