"""The numba decorator of the compiled kernels (``compiled.py``, ``compiled_cells.py``, ``squeeze.py``, ...)."""

from __future__ import annotations

import numba


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
