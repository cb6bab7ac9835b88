"""The sweep store: one SQLite database per sweep folder, one row per finished run.

Crash safety: the database runs in WAL mode with ``synchronous=FULL`` and each run is
committed in its own transaction the moment it finishes, so a killed process or a power cut
loses at most the runs still in flight, never a committed one, and never leaves half a row.
``(point_id, seed)`` is the primary key and rows are inserted with a plain ``INSERT``: a run
that is already stored is never computed again, and a duplicate would be an error, not a
silent second row. A fingerprint of everything that determines the results (design points,
scenarios, metrics, package version) guards against mixing two different sweeps in one
folder, and an exclusive lock file stops two processes running the same sweep at once.
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any

from ..core.errors import UserInputError

STORE_NAME = "sweep.sqlite"
LOCK_NAME = ".sweep.lock"


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class SweepStore:
    """Open (or create) the store of one sweep in ``folder``; use as a context manager."""

    def __init__(self, folder: Path, fingerprint: str, param_names: list[str], metric_names: list[str],
                 spec_json: str):
        self.folder = Path(folder)
        if self.folder.exists() and not self.folder.is_dir():
            raise UserInputError("exists and is not a folder", where=str(self.folder))
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserInputError(f"cannot create the sweep folder ({exc.strerror})", where=str(self.folder)) from None
        self.path = self.folder / STORE_NAME
        self.params = list(param_names)
        self.metrics = list(metric_names)
        self._lock = _take_lock(self.folder / LOCK_NAME)
        try:
            self.db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self._setup(fingerprint, spec_json)
        except sqlite3.DatabaseError as exc:
            self.close()
            raise UserInputError(f"not a readable sweep store ({exc}); delete it or choose another --out", where=str(self.path)) from None
        except BaseException:
            self.close()
            raise

    def _setup(self, fingerprint: str, spec_json: str) -> None:
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            row = db.execute("SELECT value FROM meta WHERE key='fingerprint'").fetchone()
            if row is not None and row[0] != fingerprint:
                raise UserInputError(
                    "holds the results of a different sweep (its spec or the model version changed); "
                    "use another --out folder or delete this one", where=str(self.path))
            if row is None:
                cols = ", ".join([f"{_q(p)}" for p in self.params] + [f"{_q(m)} REAL" for m in self.metrics])
                db.execute(
                    "CREATE TABLE runs (point_id INTEGER NOT NULL, seed INTEGER NOT NULL, "
                    f"{cols + ', ' if cols else ''}elapsed_s REAL NOT NULL, session INTEGER NOT NULL, "
                    "PRIMARY KEY (point_id, seed))")
                db.execute("CREATE TABLE sessions (session INTEGER PRIMARY KEY, started_unix REAL NOT NULL, "
                           "workers TEXT NOT NULL, todo INTEGER NOT NULL)")
                db.executemany("INSERT INTO meta VALUES (?, ?)", [
                    ("fingerprint", fingerprint), ("spec", spec_json),
                    ("params", json.dumps(self.params)), ("metrics", json.dumps(self.metrics))])
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    # ------------------------------------------------------------------ use
    def done_keys(self) -> set[tuple[int, int]]:
        return {(int(a), int(b)) for a, b in self.db.execute("SELECT point_id, seed FROM runs")}

    def begin_session(self, workers: str, todo: int) -> int:
        cur = self.db.execute("INSERT INTO sessions (started_unix, workers, todo) VALUES (?, ?, ?)",
                              (time.time(), workers, todo))
        return int(cur.lastrowid)

    def add(self, point_id: int, seed: int, params: dict[str, Any], metrics: dict[str, float],
            elapsed_s: float, session: int) -> None:
        """Commit one finished run (its own transaction: all of the row or none of it)."""
        names = ["point_id", "seed", *self.params, *self.metrics, "elapsed_s", "session"]
        values = [point_id, seed, *(params[p] for p in self.params), *(metrics[m] for m in self.metrics),
                  elapsed_s, session]
        self.db.execute(f"INSERT INTO runs ({', '.join(map(_q, names))}) VALUES ({', '.join('?' * len(names))})",
                        values)

    def frame(self, timing: bool = False):
        """All finished runs as a DataFrame sorted by (point_id, seed)."""
        import pandas as pd

        cols = ["point_id", "seed", *self.params, *self.metrics] + (["elapsed_s", "session"] if timing else [])
        rows = self.db.execute(f"SELECT {', '.join(map(_q, cols))} FROM runs ORDER BY point_id, seed").fetchall()
        return pd.DataFrame(rows, columns=cols)

    def close(self) -> None:
        db = getattr(self, "db", None)
        if db is not None:
            db.close()
            self.db = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> SweepStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _take_lock(path: Path):
    """An exclusive lock on the sweep folder (filelock: fcntl on POSIX, msvcrt on Windows);
    released by the operating system if the process dies."""
    from filelock import FileLock, Timeout

    lock = FileLock(path)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise UserInputError("another sweep is running in this folder right now; wait for it or use another --out",
                             where=str(path.parent)) from None
    return lock
