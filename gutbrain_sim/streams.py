"""Named random streams: each subsystem and intervention draws from its own generator.

A stream is derived from the run's seed and a stable name, so switching an intervention on
does not reshuffle any other stream ("common random numbers" for paired comparisons).
"""

from __future__ import annotations

import zlib

import numpy as np


def stable_key(name: str) -> int:
    """A process-independent integer for ``name`` (Python's hash() is salted per process)."""
    return zlib.crc32(name.encode("utf-8"))


def stream(seed: int, name: str) -> np.random.Generator:
    """The generator for subsystem ``name`` under run seed ``seed``."""
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence([int(seed) & 0xFFFFFFFF, stable_key(name)])))


class Streams:
    """Lazily created named streams for one run."""

    def __init__(self, seed: int):
        self.seed = int(seed)
        self._made: dict[str, np.random.Generator] = {}

    def __getitem__(self, name: str) -> np.random.Generator:
        gen = self._made.get(name)
        if gen is None:
            gen = self._made[name] = stream(self.seed, name)
        return gen
