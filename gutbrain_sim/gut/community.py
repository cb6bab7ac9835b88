"""The reference community the guts start from: guild shares and taxon weights within a guild."""

from __future__ import annotations

import numpy as np

# Healthy adult composition by biomass across the five modelled guilds (starting point; the
# kinetics set the steady state). Arumugam 2011; Qin 2010: Bacteroidetes ~30-50%, Firmicutes
# butyrate producers ~20-40%, Bifidobacterium 2-10%, Proteobacteria 1-5%, Lactobacillus <1-2%.
# Host profiles without a ``composition`` start from it (data/hosts.toml).
HEALTHY_COMPOSITION = np.array([0.02, 0.07, 0.33, 0.53, 0.05])
# Within a guild, taxa have uneven abundance (a few dominant, several rare).
TAXON_WEIGHTS = np.array([0.30, 0.22, 0.15, 0.11, 0.08, 0.06, 0.05, 0.03])


def initial_taxon_cfu(total_cfu: float, composition=HEALTHY_COMPOSITION) -> np.ndarray:
    """CFU of every taxon (guild-major) for a community of ``total_cfu`` with guild shares ``composition``."""
    per_guild = total_cfu * np.asarray(composition) / np.sum(composition)
    return (per_guild[:, None] * TAXON_WEIGHTS[None, :]).ravel()


def refuge_day(reservoir: np.ndarray, full: np.ndarray, present: np.ndarray, antibiotic_mic, kill_by_taxon: np.ndarray, p) -> np.ndarray:
    """The crypt/ileal seed bank after one day (taxa on axis 0; a trailing hosts axis broadcasts).

    The refuge feels ``refuge_antibiotic_exposure`` of the luminal killing (the kinetics' rate at
    unit susceptibility, 0.5 a / (1 + a) per hour at ``antibiotic_mic`` x MIC, times each taxon's
    susceptibility, for 24 h); taxa gone from the gut fade from it (x ``refuge_fade_per_day`` a day); a taxon gone from
    the gut whose stock falls below ``refuge_loss_fraction`` of its usual size is lost from the
    refuge too (exactly 0: it sends no more seeds and comes back only by environmental
    immigration, ``immigrant_taxa``), as some species after antibiotics; and the taxa still in the
    gut re-stock it toward its usual size ``full`` at ``refuge_refill_per_day`` (from 0 too, once
    an immigrant has taken hold). Its total, relative to ``full``'s, scales how many seeds reach
    the gut (recovery limited by recolonisation)."""
    a = np.asarray(antibiotic_mic, float)
    kill = p.refuge_antibiotic_exposure * kill_by_taxon * (24.0 * 0.5 * a / (1.0 + a))
    r = reservoir * np.exp(-kill) * np.where(present, 1.0, p.refuge_fade_per_day)
    r = np.where(~present & (r < p.refuge_loss_fraction * full), 0.0, r)
    return r + p.refuge_refill_per_day * (full - r) * present  # only taxa still in the gut re-stock it


def immigrant_rate(reservoir: np.ndarray, p, dt_h: float) -> np.ndarray:
    """Expected seed colonies from outside the body (food, other people) of each taxon in ``dt_h``
    hours: ``environmental_immigration_per_day`` for a taxon lost from the seed bank (reservoir
    exactly 0, ``refuge_day``), none for the others (the seed bank's own seeds, far more, bring
    those back). Both guts draw Poisson counts of half-unit colonies at this rate into the caecum."""
    return np.where(reservoir == 0.0, p.environmental_immigration_per_day * dt_h / 24.0, 0.0)


def draw_carriers(rng: np.random.Generator, carriers_per_guild, n_guilds: int) -> np.ndarray:
    """(taxa,) bool, guild-major: which taxa of each guild carry the resistance gene in this person
    (``resistance_carrier_taxa_per_guild`` of them, drawn without regard to abundance: one permutation
    of the guild's taxa each, from the person's "gut.carriers" stream, so both gut kinds draw the same)."""
    per = TAXON_WEIGHTS.size
    k = int(np.clip(round(float(carriers_per_guild)), 1, per))
    out = np.zeros((n_guilds, per), bool)
    for g in range(n_guilds):
        out[g, rng.permutation(per)[:k]] = True
    return out.ravel()


def draw_strain_permissive(rng: np.random.Generator, permissive_share) -> bool:
    """Whether this person's mucosa lets administered strains colonise it ("permissive", Zmora 2018), or
    only lets them ride the loose outer mucus out ("resistant"): one uniform from the person's own
    "gut.strain_niche" stream (both gut kinds draw the same; no other stream is touched, so runs
    without a probiotic are unchanged), below ``probiotic_permissive_share``."""
    return bool(rng.random() < float(permissive_share))


def resistant_mix(shares: np.ndarray, carrier: np.ndarray, axis: int = 0) -> np.ndarray:
    """The taxon mix of the resistant part of a community whose within-guild mix is ``shares`` (taxa
    of a guild on ``axis``): the mix restricted to the carrier taxa (``carrier``, broadcast to
    ``shares``) and renormalised; where none of the mix is a carrier taxon (a resistant strain from
    outside, a colony of lost carriers) the mix itself, whose taxa then carry the gene."""
    c = shares * carrier
    total = c.sum(axis=axis, keepdims=True)
    return np.where(total > 0, c / np.where(total > 0, total, 1.0), shares)
