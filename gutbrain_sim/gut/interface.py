"""One interface for the gut of n people, and the agent-based gut behind it.

A gut takes, each hour, the exposure (``interventions.Exposure``: diet, doses, antibiotic,
knock-outs) and what it reads of the host (``HostToGut``), and returns what the host reads
(``GutReadout``), every field an array over people. Two implementations:

* ``AgentGuts``: one agent-based gut per person (``agent_gut.AgentGut``: colonies as array
  rows on a grid), the rich model a class watches;
* ``mixed.MixedGut``: every person's gut as well-mixed segments in one set of arrays, the
  agent gut's mean field (``gutbrain compare-guts`` shows where they agree).

Both also give the same readouts (``readouts()``: the microbiome and barrier columns of the
timeseries), ``take`` (keep some people), ``update_reservoir`` (daily) and ``problems``.
"""

from __future__ import annotations

import numpy as np

from ..params import GUILDS
from .agent_gut import AgentGut, Dose, GutExposure
from .kinetics import F
from .signals import GutReadout, HostToGut

GUT_KINDS = ("agent", "mixed")
__all__ = ["GUT_KINDS", "AgentGuts", "GutReadout", "HostToGut", "gut_exposure", "make_gut"]


def make_gut(kind: str, p, n: int, streams: list, rng, composition):
    """The gut of ``n`` people: ``streams[i]`` are person i's named streams, ``rng`` draws per person."""
    from ..core.errors import UserInputError

    if kind == "agent":
        return AgentGuts(p, streams, composition)
    if kind == "mixed":
        from .mixed import MixedGut

        return MixedGut(p, n, rng, np.array(composition, float))
    raise UserInputError(f"gut must be one of {', '.join(GUT_KINDS)}, got {kind!r}")


def person_params(p, i: int, n: int):
    """Person i's parameters as floats (arrays over people indexed at i)."""
    from ..params import ParamSet

    return ParamSet.trusted({k: (float(v[i]) if isinstance(v, np.ndarray) and v.shape == (n,) else v) for k, v in p.items()})


class AgentGuts:
    """One agent-based gut per person behind the n-person interface."""

    def __init__(self, p, streams: list, composition):
        n = len(streams)
        self.guts = [AgentGut(person_params(p, i, n), streams[i], composition) for i in range(n)]

    @property
    def n(self) -> int:
        return len(self.guts)

    def step(self, t_h: int, e, host: HostToGut) -> GutReadout:
        n = self.n
        out = np.zeros((7, n))
        for i, gut in enumerate(self.guts):
            r = gut.step(t_h, gut_exposure(e, i, n, gut.p.colon_bacteria_cfu), float(host.tnf_pg_per_ml[i]),
                         float(host.cortisol_excess[i]))
            out[:, i] = (r.lps_flux_pg_per_h, r.mucosal_butyrate_mm, r.gaba_umol_per_h, r.probiotic_cfu,
                         r.bacteremia_events, r.bacteremia_probiotic_events, r.resistance_transfer_events)
        counts = out[4:].astype(np.int64)
        return GutReadout(out[0], out[1], out[2], out[3], counts[0], counts[1], counts[2])

    def update_reservoir(self) -> None:
        for gut in self.guts:
            gut.update_reservoir()

    def readouts(self, e=None) -> dict[str, np.ndarray]:
        """The microbiome and barrier columns of the timeseries, per person."""
        rows = [_agent_readout(g, e is not None and e.barrier_sealed) for g in self.guts]
        return {k: np.array([r[k] for r in rows]) for k in rows[0]}

    def guild_cfu(self) -> np.ndarray:
        return np.array([g.guild_cfu() for g in self.guts]).T

    def take(self, idx, p=None, rng=None) -> None:
        self.guts = [self.guts[int(i)] for i in idx]

    def problems(self) -> list[str]:
        bad = []
        for g in self.guts:
            if not np.all(np.isfinite(g.lumen.conc)) or (g.lumen.conc < 0).any():
                bad.append("lumen fields")
            c = g.colonies
            if not np.all(np.isfinite(c.cfu)) or (c.cfu <= 0).any():
                bad.append("colony cfu")
            if (g.epithelium.integrity < 0).any() or (g.epithelium.integrity > 1).any():
                bad.append("barrier integrity")
        return sorted(set(bad))


def gut_exposure(e, i: int, n: int, colon_bacteria_cfu: float) -> GutExposure:
    """Person i's share of an n-person exposure, as the agent gut takes it (the one exposure -> dose adapter)."""
    doses = [Dose(g, float(np.broadcast_to(cfu, (n,))[i]), prob, res) for g, cfu, prob, res in e.doses]
    if e.donor_share is not None:
        doses += [Dose(g, float(share * colon_bacteria_cfu), False) for g, share in enumerate(e.donor_share) if share > 0]
    return GutExposure(
        carbs_g_per_day={k: float(v[i]) for k, v in e.carbs_g_per_day.items()},
        antibiotic_mic=float(e.antibiotic_mic[i]),
        antibiotic_kill=e.antibiotic_kill,
        doses=doses,
        lps_added_ug=float(e.lps_added_ug[i]) if e.lps_added_ug is not None else 0.0,
        barrier_sealed=e.barrier_sealed,
    )


def _agent_readout(gut: AgentGut, sealed: bool) -> dict[str, float]:
    guild = gut.guild_cfu()
    total = float(guild.sum())
    c = gut.colonies
    prob = float(c.cfu[c.probiotic].sum())
    share = guild / total if total > 0 else np.zeros_like(guild)
    lum = gut.lumen.conc
    p = gut.p
    return {
        "microbes_total": c.n,
        **{f"abundance_{g}": float(share[i]) for i, g in enumerate(GUILDS)},
        "abundance_probiotic_strain": prob / total if total > 0 else 0.0,
        "shannon_diversity": gut.shannon(),
        "butyrate_mM": float(lum[F["butyrate"]].mean()),
        "barrier_integrity": float(gut.epithelium.integrity.mean()),
        "permeability_lm_ratio": float(p.lm_ratio_sealed) if sealed else float(gut.epithelium.lm_ratio(p).mean()),
        "lactate_mM": float(lum[F["lactate"]].mean()),
        "lumen_lps_ug_per_ml": float(lum[F["lps"]].mean()),
        "oxygen_mucosa_uM": float(lum[F["oxygen"], :, 0].mean()),
    }
