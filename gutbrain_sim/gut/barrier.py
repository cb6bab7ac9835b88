"""The barrier's hour, written once for every gut: epithelium, L/M, LPS flux, live-bacteria crossings.

Each gut hands over what is its own, as arrays ``[person, site]`` (a site is a grid column of
the agent gut or a segment of the well-mixed gut; one person's gut may pass ``[site]``):

* ``Mucosa``: LPS, butyrate and fibre at the mucosa (and fibre one row in), the CFU of
  pathobionts and Bacteroides per column in the two rows next to the epithelium, and the share
  of each site's adhesion places held by administered strains (their tight-junction repair);
* a ``crossings(fail, failing, dt_h)`` function: how many live bacteria cross this hour where
  sites fail, (events, of which administered strains) per person. The agent gut counts each
  colony near the mucosa, the well-mixed gut the biomass near it; both draw from each person's
  own stream. Expected crossings are bacterial_translocation_per_cfu x CFU near the mucosa x
  failure x dt_h x (1 - immune_clearance), each gut multiplying in its own order (per colony,
  per site) so that its random draws are those it always made.

``barrier_hour`` does the rest, for both guts, in this order:

1. the epithelium's hour (``Epithelium.step``: damage, repair, mucus; a sealed barrier is held shut);
2. LPS into the blood: lps_translocation_pg_per_h x site mean of (L/M x mucosal LPS), where
   L/M is ``lm_ratio_sealed`` while the barrier is sealed;
3. mucosal butyrate for the host: its site mean; the strains' contact with vagal afferents
   (``strain_vagal_contact``): the site mean of each site's saturating strain occupancy;
4. crossings, only for unsealed people with a failing site (integrity below 0.5).

A site mean sums a person's sites as one contiguous row and divides by their number, so a
person's numbers are the same alone or in a cohort. ``weights`` (the well-mixed gut's segment
lengths over an equal share, ``[1, site]``) weight the sum.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..physiology.rates import saturating
from .epithelium import BarrierInputs, Epithelium, mucosal_contact
from .signals import GutReadout


@dataclass
class Mucosa:
    """What the epithelium meets this hour, arrays ``[person, site]`` (or ``[site]`` for one person)."""

    lps_ug_per_ml: np.ndarray
    butyrate_mm: np.ndarray
    fibre_mm: np.ndarray  # at the mucosa
    fibre_next_mm: np.ndarray  # one row in (the agent gut's row 1, the well-mixed gut's lumen)
    near_pathobiont_cfu: np.ndarray  # per column, the two rows touching the epithelium
    near_bacteroides_cfu: np.ndarray
    probiotic_occupancy: np.ndarray  # share of the site's adhesion places held by administered strains (0-1)


@dataclass
class BarrierHour:
    """The barrier's part of what the host reads this hour, per person."""

    lps_flux_pg_per_h: np.ndarray
    mucosal_butyrate_mm: np.ndarray
    translocated_bacteria: np.ndarray
    translocated_probiotic_bacteria: np.ndarray
    strain_vagal_contact: np.ndarray | float = 0.0  # see ``strain_vagal_contact``

    def readout(self, gaba_umol_per_h, probiotic_cfu, resistance_transfer_events) -> GutReadout:
        return GutReadout(self.lps_flux_pg_per_h, self.mucosal_butyrate_mm, gaba_umol_per_h, probiotic_cfu,
                          self.translocated_bacteria, self.translocated_probiotic_bacteria, resistance_transfer_events,
                          self.strain_vagal_contact)


Crossings = Callable[[np.ndarray, np.ndarray, float], tuple]


def site_mean(factors: tuple, weights: np.ndarray | None = None) -> np.ndarray:
    """Mean over the last axis (sites) of the product of ``factors`` (times ``weights`` first, if given),
    each person's sites summed as one contiguous row."""
    prod = factors[0] if weights is None else weights * factors[0]
    for f in factors[1:]:
        prod = prod * f
    return np.ascontiguousarray(prod).sum(axis=-1) / prod.shape[-1]


def per_person(v):
    """A parameter given per site (a column ``[person, 1]``) as one value per person."""
    return v[:, 0] if isinstance(v, np.ndarray) and v.ndim == 2 else v


def lm_ratio_sites(epithelium: Epithelium, p, sealed) -> np.ndarray:
    """The lactulose/mannitol ratio each site would show (``lm_ratio_sealed`` where ``sealed``, per person)."""
    sealed = np.asarray(sealed, bool)
    return np.where(sealed[..., None], p.lm_ratio_sealed, epithelium.lm_ratio(p))


def strain_spread_kernel(length: int, fraction: float) -> np.ndarray:
    """``[from column, to column]`` shares (each row sums to 1) in which the agent gut spreads an adhered strain
    colony's CFU along the mucosa for its contact (``spread_strains``): a normal spread of SD ``fraction`` of the
    colon's ``length`` columns, reflected at both ends (its CFU stays on the mucosa); 0 keeps each colony in its column.
    A colony stands for ~5e8 cells of a dose (0.1 unit colony as swallowed), cells that in the gut were stirred over the
    caecum before they bound and ride the outer mucus together after, not a clump in one column: held in one column, its
    occupancy (~5e-3 of the places) saturates the contact there and leaves the columns between colonies bare, so the
    same CFU touched about half as much as spread (``strain_contact_spread_fraction``)."""
    x = np.arange(length, dtype=float)
    if fraction <= 0.0:
        return np.eye(length)
    sd = fraction * length
    d = x[:, None] - x[None, :]
    k = np.exp(-0.5 * (d / sd) ** 2) + np.exp(-0.5 * ((x[:, None] + x[None, :] + 1.0) / sd) ** 2)
    k += np.exp(-0.5 * ((2.0 * length - 1.0 - x[:, None] - x[None, :]) / sd) ** 2)
    return k / k.sum(axis=1, keepdims=True)


def spread_strains(held: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Adhered strain CFU per column (``[column]`` or ``[person, column]``) spread along the mucosa by ``kernel``
    (``strain_spread_kernel``; ``[person, from, to]`` for a cohort), summed column by column in the same order for
    one person and a cohort, so a person's numbers are the same alone or in a cohort. Columns no one's strains hold
    are skipped (adding their exact zeros changes nothing): without strains the spread costs one test."""
    out = np.zeros(np.shape(held))
    held_anywhere = held.reshape(-1, held.shape[-1]).any(axis=0)
    for c in np.flatnonzero(held_anywhere).tolist():
        out += kernel[..., c, :] * held[..., c:c + 1]
    return out


def strain_vagal_contact(occupancy: np.ndarray, p, weights: np.ndarray | None = None) -> np.ndarray:
    """Administered strains touching vagal afferent endings, per person (0-1): at each site the share of its
    adhesion places the strains hold, saturating at ``strain_vagal_half_occupancy`` (a local contact, so CFU
    swallowed count only through the cells that reach the mucosa), averaged over the sites (Perez-Burgos 2013:
    luminal L. rhamnosus JB-1 excites mesenteric vagal afferents within minutes)."""
    return site_mean((saturating(occupancy, p.strain_vagal_half_occupancy),), weights)


def barrier_hour(epithelium: Epithelium, mucosa: Mucosa, tnf_pg_per_ml, cortisol_excess, sealed: bool, p, unit_cfu,
                 width: int, dt_h: float, crossings: Crossings, weights: np.ndarray | None = None) -> BarrierHour:
    """One hour of the barrier (module docstring). ``p``: parameters as floats or per-person columns ``[person, 1]``;
    ``tnf_pg_per_ml`` and ``cortisol_excess`` per person; ``unit_cfu``: a colony's size (float or ``[person, 1]``)."""
    patho_contact, bact_contact = mucosal_contact(mucosa.near_pathobiont_cfu, mucosa.near_bacteroides_cfu, unit_cfu, width)
    inputs = BarrierInputs(
        lps_ug_per_ml=mucosa.lps_ug_per_ml,
        butyrate_mm=mucosa.butyrate_mm,
        pathobiont_contact=patho_contact,
        bacteroides_contact=bact_contact,
        fibre_mm=(mucosa.fibre_mm + mucosa.fibre_next_mm) / 2,
        tnf_pg_per_ml=np.asarray(tnf_pg_per_ml, float)[..., None],
        cortisol_excess=np.asarray(cortisol_excess, float)[..., None],
        probiotic_occupancy=mucosa.probiotic_occupancy,
        sealed=sealed,
    )
    epithelium.step(inputs, p, dt_h, weights)
    ratio = p.lm_ratio_sealed if sealed else epithelium.lm_ratio(p)
    lps_flux = per_person(p.lps_translocation_pg_per_h) * site_mean((ratio, mucosa.lps_ug_per_ml), weights)
    butyrate = site_mean((mucosa.butyrate_mm,), weights)
    people = epithelium.integrity.shape[:-1]
    events, probiotic_events = np.zeros(people, np.int64), np.zeros(people, np.int64)
    if not sealed:
        failing = epithelium.integrity.min(axis=-1) < 0.5
        if failing.any():
            events, probiotic_events = crossings(epithelium.failure(), failing, dt_h)
    return BarrierHour(lps_flux, butyrate, events, probiotic_events, strain_vagal_contact(mucosa.probiotic_occupancy, p, weights))
