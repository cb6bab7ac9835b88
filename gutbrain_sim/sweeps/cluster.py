"""Where many runs go (sweeps, replicate trials, calibration): the ``--workers`` count, and Dask
clusters: connect to a scheduler (or start a local cluster), and refuse a cluster whose workers
run other package sources or library versions than this process, with one line, before anything
is written. Dask is optional: ``pip install 'gutbrain_sim[dask]'``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from ..core.environment import identity
from ..core.errors import UserInputError

CONNECT_TIMEOUT_S = 30
INSTALL_HINT = "pip install 'gutbrain_sim[dask]'"
MAX_WORKERS = 256


def worker_count(workers, where: str = "--workers") -> int | None:
    """``workers`` checked: None (the caller's default) or a whole number in [1, MAX_WORKERS]."""
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int) or not 1 <= workers <= MAX_WORKERS):
        raise UserInputError(f"must be a whole number in [1, {MAX_WORKERS}], got {workers!r}", where=where)
    return workers


def is_dask(executor) -> bool:
    """Whether ``executor`` is a Dask client's executor (``client.get_executor()``)."""
    return type(executor).__module__.startswith("distributed")


def check_executor(executor, where: str = "executor") -> None:
    """A Dask executor given through the Python API: its workers must match this process (one line otherwise)."""
    if is_dask(executor):
        check_workers(executor._client, where=where)


def executor_slots(executor) -> int:
    """How many tasks ``executor`` runs at once: a process pool's workers, a Dask cluster's worker
    threads; 0 when it cannot tell."""
    if is_dask(executor):
        return sum(w.get("nthreads", 1) for w in executor._client.scheduler_info()["workers"].values())
    return int(getattr(executor, "_max_workers", 0) or 0)


@contextmanager
def cluster_from_flags(scheduler: str | None, workers: int | None) -> Iterator:
    """The executor the CLI's ``--scheduler``/``--workers`` name: a checked Dask executor, or None
    (the command then runs ``workers`` local processes itself)."""
    worker_count(workers)
    if scheduler is None:
        yield None
        return
    with dask_executor(scheduler.strip(), workers) as executor:  # checks every worker's version first
        yield executor


def _distributed(where: str):
    try:
        import distributed
    except ImportError:
        raise UserInputError(f"Dask is not installed; {INSTALL_HINT}", where=where) from None
    return distributed


def worker_identity() -> dict[str, str]:
    """Run on each worker: what it would compute with (imported there, not shipped from here)."""
    from gutbrain_sim.core.environment import identity as on_worker

    return on_worker()


def check_workers(client, expected: dict[str, str] | None = None, where: str = "--scheduler") -> int:
    """Ask every worker of ``client`` for its identity; one-line error unless all equal ``expected``
    (default: this process's). Returns the number of workers."""
    expected = identity() if expected is None else expected
    try:
        answers = client.run(worker_identity)
    except Exception as exc:  # a worker without gutbrain_sim, or one that died mid-call
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UserInputError(f"could not ask the Dask workers for their gutbrain_sim version ({first}); "
                             f"install gutbrain_sim on every worker", where=where) from None
    if not answers:
        raise UserInputError("the Dask cluster has no workers", where=where)
    for address, got in sorted(answers.items()):
        if got != expected:
            differ = ", ".join(f"{k} {got.get(k)!s:.16} (here {v:.16})" for k, v in expected.items() if got.get(k) != v)
            raise UserInputError(f"refusing a mixed-version cluster: worker {address} differs from this machine: "
                                 f"{differ}; install the same gutbrain_sim and libraries everywhere", where=where)
    return len(answers)


@contextmanager
def dask_executor(scheduler: str, workers: int | None = None, wait_s: float = CONNECT_TIMEOUT_S) -> Iterator:
    """Yield a ``concurrent.futures`` executor on a checked Dask cluster, closed on exit.

    ``scheduler`` is a scheduler address (``tcp://host:8786``) or ``"local"``: a local cluster of
    ``workers`` single-threaded worker processes on this machine (default: the CPU count).
    """
    distributed = _distributed("--scheduler")
    if scheduler == "local":
        import os

        n = workers or os.cpu_count() or 1
        cluster = distributed.LocalCluster(n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                                           dashboard_address=None)
        try:
            with distributed.Client(cluster) as client:
                client.wait_for_workers(n, timeout=wait_s)
                check_workers(client)
                yield client.get_executor()
        finally:
            cluster.close()
        return
    if workers is not None:
        raise UserInputError("--workers starts a local cluster; with a scheduler address the cluster decides",
                             where="--workers")
    try:
        client = distributed.Client(scheduler, timeout=wait_s)
    except (OSError, TimeoutError, ValueError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UserInputError(f"cannot reach the Dask scheduler {scheduler!r}: {first}", where="--scheduler") from None
    with client:
        try:
            client.wait_for_workers(1, timeout=wait_s)
        except TimeoutError:
            raise UserInputError(f"the Dask scheduler {scheduler!r} has no workers after {wait_s:g} s",
                                 where="--scheduler") from None
        check_workers(client)
        yield client.get_executor()
