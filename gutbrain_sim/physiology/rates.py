"""Shared rate laws of the host physiology: exact relaxation over a step, saturation and organ capacity.

Linear relaxations use the exact exponential update, so one-hour steps are stable for any
half-life (a 15-min TNF half-life included).
"""

from __future__ import annotations

import numpy as np

LN2 = float(np.log(2.0))


def relax(x, target, half_life_h, dt_h):
    """Exact solution of dx/dt = (target - x) * ln2 / half_life over dt."""
    return target + (x - target) * np.exp(-LN2 * dt_h / half_life_h)


def relax_tau(x, target, tau_h, dt_h):
    """Exact solution of dx/dt = (target - x) / tau over dt."""
    return target + (x - target) * np.exp(-dt_h / tau_h)


def saturating(x, ec50):
    return x / (ec50 + x)


def capped(x, cap):
    """Saturation that leaves the healthy value 1 unchanged: f(1) = 1, f(x -> inf) = cap + 1.

    Organs have finite capacity (adrenal cortisol output, hepatic CRP synthesis, IDO induction).
    """
    return x * (1.0 + 1.0 / cap) / (1.0 + x / cap)


def ones(p, n: int, name: str) -> np.ndarray:
    """Parameter ``name`` as an array of shape (n,) (scalar or per-host)."""
    return np.broadcast_to(np.asarray(p[name], dtype=float), (n,)).astype(float)
