"""The numba decorator of the compiled kernels (``compiled.py``, ``compiled_cells.py``, ``squeeze.py``, ...),
and the rule that keeps their on-disk cache true to the code.

numba keys a cached kernel on its own source file only: a kernel that calls (and inlines) a kernel of
another file keeps its old machine code when that other file changes (numba's documentation, "Cache
invalidation fails to recognize changes in functions defined in a different file"). So the package's
kernels are cached as one: a stamp beside the cache records a hash of every source file of this folder,
and when it differs the folder's cached kernels are dropped before any kernel is compiled.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numba

GUT_DIR = Path(__file__).parent
STAMP_NAME = "gutbrain_kernels.stamp"


def sources_hash(folder: Path = GUT_DIR) -> str:
    """Hash of the names and bytes of every ``*.py`` file in ``folder`` (16 hex digits)."""
    h = hashlib.sha256()
    for f in sorted(folder.glob("*.py")):
        h.update(f.name.encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def drop_stale_cache(folder: Path = GUT_DIR) -> int:
    """Remove the cached kernels in ``folder/__pycache__`` if the folder's sources changed since they were
    written; returns how many files were removed. Nothing happens where the folder is read-only (numba then
    caches elsewhere or not at all) or when another process removed them first."""
    cache = folder / "__pycache__"
    stamp = cache / STAMP_NAME
    now = sources_hash(folder)
    try:
        if stamp.read_text() == now:
            return 0
    except OSError:
        pass
    removed = 0
    for f in list(cache.glob("*.nbi")) + list(cache.glob("*.nbc")):
        try:
            f.unlink()
            removed += 1
        except OSError:
            pass
    try:
        cache.mkdir(exist_ok=True)
        tmp = cache / f"{STAMP_NAME}.{now}.tmp"
        tmp.write_text(now)
        tmp.replace(stamp)
    except OSError:
        pass
    return removed


drop_stale_cache()


def kernel(func):
    """Compile on first call; cache the machine code next to this file or, if that is read-only,
    in the user's cache directory (numba picks). With nowhere writable numba refuses
    ``cache=True``: compile in memory then (each process pays the compile time).
    numpy's error model: x / 0 gives inf or nan as in numpy instead of raising, and without
    that check per division the compiler vectorises the loops (5x faster ``metabolise``)."""
    try:
        return numba.njit(cache=True, error_model="numpy")(func)
    except RuntimeError:
        return numba.njit(cache=False, error_model="numpy")(func)
