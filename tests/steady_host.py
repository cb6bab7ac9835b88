"""One resting host run at a steady strain contact with steady healthy gut signals: the shared set-up of the strains'
host-side tests (test_strain_hpa, test_strain_immune, test_strain_vagus)."""

from __future__ import annotations

import numpy as np

from gutbrain_sim.params import ParamSet
from gutbrain_sim.physiology import GutSignals, HostInputs, advance_host, init_host


def host_at_steady_contact(contact: float, hours: int, p: ParamSet | None = None, stress: float = 0.0, **inputs) -> dict:
    """The host state after ``hours`` hourly steps at strain ``contact`` (gut LPS 8.3e3 pg/h, healthy butyrate and
    GABA), perceived ``stress``, and any other ``HostInputs`` field set to a constant by keyword."""
    p = p or ParamSet()
    s = init_host(p, 1)
    gut = GutSignals(np.array([8.3e3]), np.array([p.healthy_mucosal_butyrate_mm]), np.array([p.healthy_gut_gaba_umol_per_h]),
                     np.array([contact]))
    u = HostInputs.quiet(1)
    u.stress = np.array([stress])
    for k, v in inputs.items():
        setattr(u, k, np.array([v]))
    for h in range(hours):
        advance_host(s, gut, u, p, float(h), 1.0, np.zeros((2, 1)))
    return s
