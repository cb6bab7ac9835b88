"""gutbrain_sim: an agent-based teaching simulation of the gut-brain axis.

A teaching model, not medical advice. Probiotics are modelled as an add-on to standard
care, not a replacement for it.

    >>> import gutbrain_sim
    >>> result = gutbrain_sim.run("healthy_baseline", days=7, seed=1)
    >>> result.timeseries[["day", "depression_hamd"]].tail(1)  # doctest: +SKIP

The names below are imported on first use (PEP 562), so ``import gutbrain_sim`` and the
``gutbrain`` command's listing and help answer without loading Mesa, numba or matplotlib.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

# public name -> module that defines it
_LAZY = {
    "UserInputError": "core.errors",
    "GutBrainModel": "model",
    "run": "runner",
    "Scenario": "scenario",
    "load_scenario": "scenario",
    "resolve_scenario": "scenario",
}

__all__ = [*sorted(_LAZY), "__version__"]


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
