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
    """Lazily created named streams for one run, or for one person of a cohort.

    ``root`` names the person: ``Streams(seed, root)[name]`` is ``stream(seed, root + name)``.
    A single run's person has the empty root; person k of arm a in replicate r of a trial has
    ``person_root(prefix, r, a, k)``. So a person's draws never depend on who else is simulated
    with them, and a trial participant can be replayed alone (``engine.People``).
    """

    def __init__(self, seed: int, root: str = ""):
        self.seed = int(seed)
        self.root = root
        self._made: dict[str, np.random.Generator] = {}

    def __getitem__(self, name: str) -> np.random.Generator:
        gen = self._made.get(name)
        if gen is None:
            gen = self._made[name] = stream(self.seed, self.root + name)
        return gen


def person_root(prefix: str, replicate: int, arm: int, person: int) -> str:
    """The stream-name root of one cohort member: the one naming rule for people in trials.

    ``person`` counts the people drawn for that arm and replicate (before any screening), so
    it names the same person whoever else is enrolled."""
    return f"{prefix}.rep{replicate}.arm{arm}.p{person}."


class PeopleRNG:
    """Draws for n people at once, each person's value from their own generator.

    ``draw(size)`` with ``size == n`` (or a shape ending in n) gives person i the next values
    of generator i, so a person's numbers are the same whether simulated alone or in a crowd.
    """

    def __init__(self, gens: list[np.random.Generator]):
        self.gens = gens
        self.n = len(gens)

    def _per_person(self, draw, size) -> np.ndarray:
        shape = (self.n,) if size is None else ((size,) if isinstance(size, int | np.integer) else tuple(size))
        if shape[-1] != self.n:
            raise ValueError(f"draws for {self.n} people need a size ending in {self.n}, got {shape}")
        lead = shape[:-1]
        k = int(np.prod(lead)) if lead else 1
        out = np.empty((k, self.n))
        for i, g in enumerate(self.gens):
            out[:, i] = draw(g, k)
        return out.reshape(shape)

    def random(self, size=None) -> np.ndarray:
        return self._per_person(lambda g, k: g.random(k), size)

    def standard_normal(self, size=None) -> np.ndarray:
        return self._per_person(lambda g, k: g.standard_normal(k), size)

    def lognormal(self, mean=0.0, sigma=1.0, size=None) -> np.ndarray:
        return self._per_person(lambda g, k: g.lognormal(mean, sigma, k), size)

    def normal(self, loc=0.0, scale=1.0, size=None) -> np.ndarray:
        return self._per_person(lambda g, k: g.normal(loc, scale, k), size)

    def uniform(self, low=0.0, high=1.0, size=None) -> np.ndarray:
        return self._per_person(lambda g, k: g.uniform(low, high, k), size)

    def poisson(self, lam) -> np.ndarray:
        """Poisson counts for rates whose last axis is people."""
        lam = np.asarray(lam, float)
        out = np.empty(lam.shape, np.int64)
        for i, g in enumerate(self.gens):
            out[..., i] = g.poisson(lam[..., i])
        return out

    def binomial(self, n, prob) -> np.ndarray:
        """Binomial counts for trials and chances whose last axis is people (no draw where n or prob is 0)."""
        n, prob = np.broadcast_arrays(np.asarray(n, np.int64), np.asarray(prob, float))
        out = np.empty(n.shape, np.int64)
        for i, g in enumerate(self.gens):
            out[..., i] = g.binomial(n[..., i], prob[..., i])
        return out

    def take(self, idx) -> PeopleRNG:
        return PeopleRNG([self.gens[int(i)] for i in idx])
