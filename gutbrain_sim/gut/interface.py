"""One interface for the gut of n people, and the agent-based gut behind it.

A gut takes, each hour, the exposure (``interventions.Exposure``: diet, doses, antibiotic,
knock-outs) and what it reads of the host (``HostToGut``), and returns what the host reads
(``GutReadout``), every field an array over people. Two implementations:

* ``AgentGuts``: one agent-based gut per person (``agent_gut.AgentGut``: colonies as array
  rows on a grid), the rich model a class watches, stored and stepped as one cohort
  (``agent_guts.py``: one colony table, one kernel call per phase for everyone);
* ``mixed.MixedGut``: every person's gut as well-mixed segments in one set of arrays, the
  agent gut's mean field (``gutbrain compare-guts`` shows where they agree).

Both also give the same readouts (``readouts()``: the microbiome and barrier columns of the
timeseries), ``take`` (keep some people), ``update_reservoir`` (daily) and ``problems``.
"""

from __future__ import annotations

import numpy as np

from .agent_guts import AgentGuts
from .per_person import gut_exposure
from .signals import GutReadout, HostToGut

GUT_KINDS = ("agent", "mixed")
__all__ = ["GUT_KINDS", "AgentGuts", "GutReadout", "HostToGut", "gut_exposure", "make_gut"]


def make_gut(kind: str, p, n: int, streams: list, rng, composition):
    """The gut of ``n`` people: ``streams[i]`` are person i's named streams, ``rng`` draws per person."""
    from ..core.errors import UserInputError

    if kind == "agent":
        return AgentGuts(p, streams, composition)
    if kind == "mixed":
        from ..core.streams import PeopleRNG
        from .community import draw_carriers, draw_strain_permissive
        from .mixed import MixedGut

        k = np.broadcast_to(np.asarray(p.resistance_carrier_taxa_per_guild, float), (n,))
        carrier = np.stack([draw_carriers(s["gut.carriers"], k[i], len(composition)) for i, s in enumerate(streams)], axis=1)
        share = np.broadcast_to(np.asarray(p.probiotic_permissive_share, float), (n,))
        permissive = [draw_strain_permissive(s["gut.strain_niche"], share[i]) for i, s in enumerate(streams)]  # as AgentGut
        return MixedGut(p, n, rng, np.array(composition, float), PeopleRNG([s["gut.immigration"] for s in streams]), carrier,
                        permissive, PeopleRNG([s["gut.strain_crossing"] for s in streams]))
    raise UserInputError(f"gut must be one of {', '.join(GUT_KINDS)}, got {kind!r}")
