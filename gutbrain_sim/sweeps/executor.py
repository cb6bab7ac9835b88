"""Running a sweep: the worker function, the executors (serial, process pool, any
``concurrent.futures.Executor`` such as Dask's), the progress bar, the store and results.csv.

Workers receive plain data (scenario dicts, seeds, metric specs) and return plain data; only
the main process writes to the store, one committed transaction per finished run. Results do
not depend on the executor: every run's randomness comes from its own seed.
"""

from __future__ import annotations

import concurrent.futures as cf
import hashlib
import json
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from .. import __version__
from ..core.environment import environment
from ..core.errors import UserInputError
from ..core.outputs import atomic_write, check_writable, output_folder, write_json
from ..scenario import scenario_from_dict
from .cluster import check_executor, worker_count
from .design import build_design, make_tasks
from .measures import compute, compute_from_summary, summary_answers, summary_windows
from .spec import SweepSpec, load_sweep
from .store import SweepStore

RESULTS_NAME = "results.csv"


def run_task(task: dict) -> dict:
    """One (point, seed): run the scenario (and its paired control, same seed); return metrics.

    A module-level function of plain data in and out, so process pools (spawn) and Dask can
    ship it to other processes. When every metric can be answered from running summaries the
    runs keep those instead of rows (``task["record"]``: "auto", the default, or "rows" to
    force rows); the values are the same floats either way.
    """
    t0 = time.perf_counter()
    metrics = task["metrics"]
    record = task.get("record", "auto")
    if record not in ("auto", "rows"):
        raise UserInputError(f"record must be 'auto' or 'rows', got {record!r}", where="sweep task")
    summary = record == "auto" and summary_answers(metrics)
    values = _run_one(task["scenario"], task, summary, "sweep task")
    if task["control"] is not None:
        cvalues = _run_one(task["control"], task, summary, "sweep task control")
        for m in metrics:
            values[f"{m.label}:control"] = cvalues[m.label]
            values[f"{m.label}:effect"] = values[m.label] - cvalues[m.label]
    return {"point_id": task["point_id"], "seed": task["seed"], "metrics": values,
            "elapsed_s": time.perf_counter() - t0}


def _run_one(scenario: dict, task: dict, summary: bool, where: str) -> dict[str, float]:
    from ..model import GutBrainModel

    sc = scenario_from_dict(scenario, where)
    sc.seed = int(task["seed"])
    metrics = task["metrics"]
    if summary:
        model = GutBrainModel(sc, record_every_h=task["record_every_h"], record="summary",
                              summary_windows=summary_windows(metrics))
        model.run()
        return compute_from_summary(model.summary, metrics)
    model = GutBrainModel(sc, record_every_h=task["record_every_h"])
    model.run()
    return compute(model.timeseries(), metrics)


def _pool_worker_init(lifeline) -> None:
    """Pool workers leave Ctrl-C to the main process (which stops them: no tracebacks), and
    exit by themselves when the main process dies (SIGKILL, OOM killer): ``lifeline`` is the
    read end of a pipe whose only write end the main process holds, so it reports EOF then."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        try:
            lifeline.recv()
        except (EOFError, OSError):
            pass
        os._exit(1)

    threading.Thread(target=watch, name="gutbrain-lifeline", daemon=True).start()


def _pool_context():
    """Where it exists (Linux, macOS), a fork server that has imported the model once: each
    worker is then a cheap fork of it instead of a fresh interpreter importing Mesa (~1 s
    CPU each; the server also lives on for later sweeps in this process). Otherwise spawn."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload([__name__])
        return ctx
    return multiprocessing.get_context("spawn")


def fingerprint(spec: SweepSpec, tasks: list[dict]) -> str:
    """A hash of everything that determines the results, except the seeds (more may be added)."""
    ident = {
        "version": __version__,
        "metrics": [m.label for m in spec.metrics],
        "record_every_h": spec.record_every_h,
        "points": sorted({(t["point_id"], json.dumps([t["scenario"], t["control"]], sort_keys=True, default=str))
                          for t in tasks}),
    }
    return hashlib.sha256(json.dumps(ident, sort_keys=True, default=str).encode()).hexdigest()


def run_sweep(spec: SweepSpec | dict | str | Path, out: str | Path | None = None, workers: int | None = None,
              executor: cf.Executor | None = None, progress: bool = True, max_in_flight: int | None = None):
    """Run (or resume) a sweep; return its results as a pandas DataFrame.

    Args:
        spec: a spec file path, a dict in the TOML layout, or a ``SweepSpec``.
        out: the sweep folder (default ``results/<spec name>``): ``sweep.sqlite`` (the store),
            ``results.csv`` and ``sweep_spec.json``. Rerunning with the same folder resumes.
        workers: processes for the default process pool (default: CPU count); 1 runs in this
            process.
        executor: any ``concurrent.futures.Executor`` (e.g. ``dask_client.get_executor()``);
            it is used as given and not shut down. ``workers`` is then ignored. A Dask
            executor's workers must run the same package sources and library versions as this
            process (checked first; one-line ``UserInputError`` otherwise).
        progress: show a tqdm progress bar on stderr.
        max_in_flight: runs submitted ahead of the results (default 2 per worker; 64 for a
            given executor), so an interrupted sweep leaves little queued work behind.

    Example::

        df = run_sweep("experiments/fibre_probiotic_sweep.toml", out="results/fp", workers=2)
    """
    spec = load_sweep(spec)
    worker_count(workers)
    design = build_design(spec)
    tasks = make_tasks(spec, design)
    check_executor(executor)  # a Dask client's executor: one version everywhere
    out = Path(out) if out is not None else output_folder("results", spec.name, what="sweep name", where=spec.source)
    check_writable(out)
    params = [p.name for p in spec.parameters]
    with SweepStore(out, fingerprint(spec, tasks), params, spec.metric_columns(), spec_json(spec)) as store:
        for stale in out.glob(f".{RESULTS_NAME}.*.tmp"):  # left by a power cut mid-write; we hold the lock
            stale.unlink(missing_ok=True)
        done = store.done_keys()
        todo = [t for t in tasks if (t["point_id"], t["seed"]) not in done]
        n_workers = workers or os.cpu_count() or 1
        label = type(executor).__name__ if executor is not None else (f"{n_workers} processes" if n_workers > 1 else "serial")
        session = store.begin_session(label, len(todo))
        values = {pt.point_id: pt.values for pt in design.points}
        bar = _bar(spec.name, len(tasks), len(tasks) - len(todo), progress)

        def commit(result: dict) -> None:
            store.add(result["point_id"], result["seed"], values[result["point_id"]], result["metrics"],
                      result["elapsed_s"], session)
            if bar is not None:
                bar.update(1)

        try:
            _execute(todo, commit, executor, n_workers, max_in_flight)
        finally:
            if bar is not None:
                bar.close()
            frame = store.frame()
            write_results(frame, out / RESULTS_NAME)  # a consistent snapshot, even when interrupted
    write_json(out / "sweep_spec.json", json.loads(spec_json(spec)))
    write_json(out / "provenance.json", environment())
    frame.attrs["sweep"] = spec.name
    frame.attrs["complete"] = len(frame) == len(tasks)
    return frame


def _bar(name: str, total: int, initial: int, progress: bool):
    if not progress:
        return None
    from tqdm import tqdm

    return tqdm(total=total, initial=initial, desc=f"sweep {name}", unit="run", file=sys.stderr, smoothing=0.1)


def _execute(todo: list[dict], commit: Callable[[dict], None], executor: cf.Executor | None,
             workers: int, max_in_flight: int | None) -> None:
    if not todo:
        return
    if executor is None and workers == 1:
        for task in todo:
            commit(run_task(task))
        return
    own = executor is None
    if own:
        workers = min(workers, max(1, len(todo)))
        ctx = _pool_context()
        lifeline, keep_alive = ctx.Pipe(duplex=False)
        executor = cf.ProcessPoolExecutor(workers, mp_context=ctx, initializer=_pool_worker_init, initargs=(lifeline,))
    limit = max_in_flight or (2 * workers if own else 64)
    pending: set[cf.Future] = set()
    queue = iter(todo)
    clean = False
    try:
        while True:
            while len(pending) < limit and (task := next(queue, None)) is not None:
                pending.add(executor.submit(run_task, task))
            if not pending:
                break
            finished, pending = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
            failed = None
            for fut in finished:
                if fut.exception() is None:
                    commit(fut.result())
                elif failed is None:
                    failed = fut
            if failed is not None:
                failed.result()  # raises the worker's exception; finished runs stay committed
        clean = True
    finally:
        for fut in pending:
            fut.cancel()
        if own:
            if not clean:  # interrupted or failed: stop the workers now rather than let them finish
                for proc in list(getattr(executor, "_processes", {}).values()):
                    proc.terminate()
            executor.shutdown(wait=True, cancel_futures=True)
            keep_alive.close()
            lifeline.close()


def write_results(frame, path: Path) -> None:
    """results.csv at full precision (round-trip floats), written to a temp name and renamed."""
    atomic_write(path, lambda tmp: frame.to_csv(tmp, index=False, lineterminator="\n"))


def spec_json(spec: SweepSpec) -> str:
    """The resolved spec as JSON (provenance; stored in the database and beside it)."""
    d = {
        "name": spec.name, "description": spec.description, "source": spec.source,
        "base_scenario": spec.base.to_dict(), "seeds": list(spec.seeds), "record_every_h": spec.record_every_h,
        "design": {"kind": spec.design, **spec.design_options},
        "parameters": [{"name": p.name, "unit": p.target.unit, "low": p.low, "high": p.high, "scale": p.scale,
                        "values": list(p.values) if p.values is not None else None, "levels": p.levels}
                       for p in spec.parameters],
        "metrics": [{"label": m.label, "unit": m.unit} for m in spec.metrics],
        "paired": None if spec.paired is None else {"without": [f"interventions.{i}" for i in spec.paired.without],
                                                    "set": spec.paired.set},
        "version": __version__,
        "note": "gutbrain_sim is a teaching model, not medical advice.",
    }
    return json.dumps(d, indent=2, default=str, allow_nan=False)

