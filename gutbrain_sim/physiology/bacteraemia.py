"""Bacteria in the blood: transient crossings, established lineages, clinical bacteraemia episodes.

The gut hands over, per person and hour, how many live bacteria reached the blood (its
crossings: ``translocated_bacteria``, of which the administered strain's
``translocated_probiotic_bacteria``). Almost all of them are gone within the hour: phagocytes
of the liver (Kupffer cells) and spleen and the neutrophils clear blood bacteria at
``blood_clearance_per_h`` x immune competence (``immune_clearance``). That is transient
bacteraemia, far below what a blood culture detects (a few bacteria in 5 L of blood when
0.1 CFU/mL, 500 bacteria, are needed).

A clinical bacteraemia needs a lineage that takes hold. A crossing bacterium resists serum
killing with probability ``blood_seed_fraction_gut`` (the person's own gut bacteria) or
``blood_seed_fraction_probiotic`` (the administered strain); in the blood it divides at
``blood_growth_per_h`` (lambda) and is cleared at mu = ``blood_clearance_per_h`` x
``immune_clearance``. A lineage started by one bacterium escapes extinction with probability
max(0, 1 - mu / lambda) (linear birth-death process), so only hosts whose clearance is below the
bacteria's growth can carry an established bacteraemia at all: never a healthy host
(``immune_clearance`` 0.999), sometimes a critically ill one.

Per person and source (gut, strain), each hour:

1. new established founders: Binomial(crossings, seed fraction x take-hold probability);
2. the established load (bacteria in the whole blood) grows at lambda - mu, minus
   ``bacteraemia_treatment_kill_per_h`` while an episode is being treated, plus the founders;
   a load below half a bacterium is gone;
3. a blood culture is positive while load / ``blood_volume_ml`` >= ``blood_culture_detection_cfu_per_ml``;
4. an EPISODE starts (counted once) when cultures have been positive for
   ``bacteraemia_confirm_h`` hours in a row, and is treated from then on; it resolves after
   ``bacteraemia_resolution_h`` hours of negative cultures. Only after that can the same
   person and source start a new episode: an episode is never counted again each hour.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SOURCES = ("gut", "probiotic")  # the person's own gut bacteria (pathobionts and commensals), the administered strain


@dataclass
class Blood:
    """Established bacteria in the blood and the episode clock, arrays ``[source, person]``."""

    load: np.ndarray  # established viable bacteria in the whole blood (bacteria)
    positive_h: np.ndarray  # hours blood cultures have been positive in a row
    negative_h: np.ndarray  # hours blood cultures have been negative in a row
    episode: np.ndarray  # bool: an episode is under way (and treated)

    @classmethod
    def clear(cls, n: int) -> Blood:
        z = np.zeros((len(SOURCES), n))
        return cls(z.copy(), z.copy(), z.copy(), np.zeros((len(SOURCES), n), bool))

    def take(self, idx) -> Blood:
        return Blood(*(a[:, idx].copy() for a in (self.load, self.positive_h, self.negative_h, self.episode)))

    def cfu_per_ml(self, p) -> np.ndarray:
        """Established viable bacteria per mL of blood, both sources, per person."""
        return self.load.sum(axis=0) / np.asarray(p.blood_volume_ml, float)


def take_hold_probability(p) -> np.ndarray | float:
    """Chance that one serum-resistant bacterium in the blood founds a lineage that does not die out:
    max(0, 1 - clearance / growth), clearance = blood_clearance_per_h x immune_clearance (per person)."""
    mu = np.asarray(p.blood_clearance_per_h, float) * np.asarray(p.immune_clearance, float)
    return np.clip(1.0 - mu / np.asarray(p.blood_growth_per_h, float), 0.0, 1.0)


def blood_hour(blood: Blood, crossings: np.ndarray, p, rng, dt_h: float = 1.0, strain_rng=None) -> np.ndarray:
    """One hour of the blood (module docstring, steps 1-4); ``crossings``: live bacteria that reached
    the blood this hour, ``[source, person]`` (int); ``rng``: each person's own stream (``PeopleRNG``),
    ``strain_rng`` the one for the administered strains' seeds (default ``rng``; the engine's is apart, so the
    residents' draws do not depend on whether strains crossed: numpy's binomial draws nothing for n = 0).
    Returns the episodes that started this hour, ``[source, person]`` (0 or 1)."""
    n = crossings.shape[1]
    hold = np.broadcast_to(take_hold_probability(p), (n,))
    seeds = np.zeros(crossings.shape, np.int64)
    if (hold > 0).any() and crossings.any():
        chance = np.stack([np.broadcast_to(np.asarray(f, float), (n,)) for f in (p.blood_seed_fraction_gut, p.blood_seed_fraction_probiotic)]) * hold
        seeds = np.stack([rng.binomial(crossings[0], chance[0]), (rng if strain_rng is None else strain_rng).binomial(crossings[1], chance[1])])
    mu = np.asarray(p.blood_clearance_per_h, float) * np.asarray(p.immune_clearance, float)
    net = np.asarray(p.blood_growth_per_h, float) - mu - np.asarray(p.bacteraemia_treatment_kill_per_h, float) * blood.episode
    load = blood.load * np.exp(net * dt_h) + seeds
    blood.load = np.where(load < 0.5, 0.0, load)
    positive = blood.load / np.asarray(p.blood_volume_ml, float) >= np.asarray(p.blood_culture_detection_cfu_per_ml, float)
    blood.positive_h = np.where(positive, blood.positive_h + dt_h, 0.0)
    blood.negative_h = np.where(positive, 0.0, blood.negative_h + dt_h)
    onset = ~blood.episode & (blood.positive_h >= np.asarray(p.bacteraemia_confirm_h, float))
    resolved = blood.episode & (blood.negative_h >= np.asarray(p.bacteraemia_resolution_h, float))
    blood.episode = (blood.episode | onset) & ~resolved
    return onset.astype(np.int64)
