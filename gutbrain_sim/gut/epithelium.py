"""The epithelial barrier: one site per column of mucosa, with tight-junction integrity and mucus.

Integrity (0-1) is damaged by luminal LPS, pathobiont contact (shielded by mucus), plasma
TNF and excess cortisol, and repaired with butyrate support and, where administered strains
have adhered, by their contact with the epithelium (TLR2 -> ZO-1/occludin at tight junctions:
Karczewski 2010): a local action that saturates in the share of a site's adhesion places the
strains hold, so a dose acts through how many of its cells adhere, not through CFU swallowed,
and that speeds the reassembly of junctions injury is opening, so it mends in proportion to
the injury under way: the share of the damage beyond the everyday wear of a healthy barrier
at its reference L/M (``everyday_wear``), judged on the whole barrier as its L/M is, so a
healthy gut has next to nothing for it to mend.
Junctions the host's mast-cell mediators hold open (``open_junctions``, a reversible MLCK-driven opening)
leak as lost integrity does while they are open, but neither count as damage nor let live bacteria cross
(``failure`` reads integrity only: the paracellular leak pathway passes molecules, not cells).
Leak per site follows the lactulose/mannitol ratio; LPS flux into blood is permeability
x luminal LPS at the mucosa (SCIENCE.md, chain link 4).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..physiology.rates import saturating


@dataclass
class BarrierInputs:
    """Per-site (arrays of n_sites) and host-level (scalars) inputs for one hour."""

    lps_ug_per_ml: np.ndarray
    butyrate_mm: np.ndarray
    pathobiont_contact: np.ndarray  # pathobiont CFU near the mucosa / reference
    bacteroides_contact: np.ndarray
    fibre_mm: np.ndarray
    tnf_pg_per_ml: float | np.ndarray
    cortisol_excess: float | np.ndarray  # fraction above the healthy 24-h mean
    probiotic_occupancy: float | np.ndarray  # share of the site's mucosal adhesion places held by administered strains (0-1)
    sealed: bool = False  # knock-out: barrier held shut


def mucosal_contact(near_pathobiont_cfu, near_bacteroides_cfu, unit_cfu, width_cells):
    """Pathobiont and Bacteroides contact with the mucosa (``BarrierInputs``' two contact
    inputs) from the CFU in the two rows next to it, per column: relative to half a column of
    colonies at the unit size, and Bacteroides to five times that. One form for every gut."""
    ref = unit_cfu * width_cells * 0.5
    return near_pathobiont_cfu / ref, near_bacteroides_cfu / (ref * 5)


def everyday_wear(p):
    """Damage a healthy barrier carries, per unit of its own repair: at steady state integrity is
    repair / (repair + damage), and the healthy reference person's integrity is the one that gives
    ``healthy_lm_ratio`` (``Epithelium.lm_ratio``)."""
    healthy_integrity = 1.0 - (p.healthy_lm_ratio - p.lm_ratio_sealed) / p.lm_ratio_per_integrity_loss
    return np.maximum(1.0 - healthy_integrity, 0.0) / healthy_integrity


class Epithelium:
    def __init__(self, n_sites: int, integrity: float = 0.9, mucus: float = 0.9):
        self.integrity = np.full(n_sites, integrity)
        self.mucus = np.full(n_sites, mucus)
        self.junction_opening: float | np.ndarray = 0.0  # share of junctions the host's mast cells hold open (per person)

    def open_junctions(self, share) -> None:
        """The host's mast-cell mediators hold this share (0-1, per person) of the tight junctions open this hour:
        a reversible opening on top of the junctions' integrity, read by L/M and LPS flux (``lm_ratio``)."""
        share = np.asarray(share, float)
        self.junction_opening = share[..., None] if share.ndim and self.integrity.ndim == 2 else share

    def take(self, idx) -> Epithelium:
        """People ``idx`` (first axis) of a per-person barrier, their junctions held as open as they were
        (a screened cohort's person reads the same L/M as that person run alone)."""
        kept = Epithelium(0)
        kept.integrity, kept.mucus = self.integrity[idx].copy(), self.mucus[idx].copy()
        opening = self.junction_opening
        kept.junction_opening = opening[idx].copy() if np.ndim(opening) else opening
        return kept

    def step(self, u: BarrierInputs, p, dt_h: float, weights: np.ndarray | None = None) -> None:
        """One hour at every site; ``weights``: each site's length over an equal share (the well-mixed gut's segments,
        ``[person, site]``, mean 1), None for equal sites (the agent gut's columns)."""
        if u.sealed:
            self.integrity[:] = 1.0
            return
        foraging = u.bacteroides_contact * (1.0 - u.fibre_mm / (u.fibre_mm + 5.0))
        m_rate_in = p.mucus_renewal_per_h
        m_rate_out = p.mucus_erosion_per_h * foraging
        m_target = m_rate_in / (m_rate_in + m_rate_out)
        self.mucus[:] = m_target + (self.mucus - m_target) * np.exp(-(m_rate_in + m_rate_out) * dt_h)

        support = 0.3 + 0.7 * u.butyrate_mm / (p.butyrate_repair_half_mm + u.butyrate_mm)
        damage = (
            p.barrier_damage_lps_per_h * u.lps_ug_per_ml
            + p.barrier_damage_pathobiont_per_h * u.pathobiont_contact * (1.0 - 0.7 * self.mucus)
            + p.barrier_damage_tnf_per_h * u.tnf_pg_per_ml / 10.0
            + p.barrier_damage_cortisol_per_h * np.maximum(u.cortisol_excess, 0.0)
        )
        # adhered strains speed the reassembly of junctions that injury is opening (TLR2 -> ZO-1/occludin
        # back to the junction): extra repair in proportion to the injury under way, the damage beyond the
        # everyday wear a healthy barrier carries at its reference L/M (healthy_lm_ratio), so a leaky,
        # inflamed gut has something for them to mend and a healthy one next to nothing (healthy volunteers:
        # L. plantarum for 7 days left small-intestinal permeability unchanged, Mujagic 2017; live LGG lessened
        # the rise an indomethacin injury caused, Gotteland 2001); bounded by the epithelium's own repair
        # machinery (at most gain x its own rate where injury far exceeds it)
        contact = saturating(u.probiotic_occupancy, p.probiotic_tj_half_occupancy)
        own = p.barrier_repair_per_h * support
        # judged on the whole barrier, as its L/M is: the share of the damage beyond a healthy barrier's wear
        per_site = damage / own if weights is None else weights * damage / own
        wear_ratio = np.mean(per_site, axis=-1, keepdims=True)  # the person's damage per unit own repair, length-weighted
        injury = damage * np.maximum(1.0 - everyday_wear(p) / np.maximum(wear_ratio, 1e-12), 0.0)
        repair = own + p.probiotic_tj_repair_gain * contact * own * injury / (own + injury)
        total = repair + damage
        target = repair / total
        self.integrity[:] = target + (self.integrity - target) * np.exp(-total * dt_h)

    def lm_ratio(self, p) -> np.ndarray:
        """Lactulose/mannitol ratio each site would show: the junctions intact and not held open are sealed."""
        return p.lm_ratio_sealed + p.lm_ratio_per_integrity_loss * (1.0 - self.integrity * (1.0 - self.junction_opening))

    def failure(self) -> np.ndarray:
        """0 while integrity >= 0.5; rises to 1 as the site fails completely (live bacteria cross)."""
        return np.clip((0.5 - self.integrity) / 0.5, 0.0, 1.0) ** 2
