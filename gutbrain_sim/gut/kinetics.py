"""Microbial rate laws shared by every gut representation (agent-based grid and well-mixed).

Functions take concentrations shaped (..., n_places) — grid cells or hosts — and biomass
shaped (n_guilds, n_places); they return rates in the same layout. Both gut models call
exactly these functions, so they run on the same rates.

Units: carbohydrates in mM hexose equivalents, lactate and butyrate in mM, LPS in ug/mL,
oxygen in uM, antibiotic in multiples of the MIC, biomass in CFU, time in hours.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..params import GUILDS, guild_vector

# Lumen fields, in the order of the stacked field array.
FIELDS = ("fibre", "inulin", "fos", "gos", "sugar", "mucin", "lactate", "butyrate", "lps", "oxygen", "antibiotic")
FIELD_UNITS = {
    "fibre": "mM hexose", "inulin": "mM hexose", "fos": "mM hexose", "gos": "mM hexose",
    "sugar": "mM", "mucin": "mM hexose", "lactate": "mM", "butyrate": "mM", "lps": "ug/mL", "oxygen": "uM", "antibiotic": "x MIC",
}
F = {name: i for i, name in enumerate(FIELDS)}
CARBS = ("fibre", "inulin", "fos", "gos", "sugar", "mucin")
SUBSTRATES = CARBS + ("lactate",)  # what microbes take up
HEXOSE_MMOL_PER_G = 1000.0 / 162.0  # anhydro-hexose units per gram of carbohydrate
G_IDX = {g: i for i, g in enumerate(GUILDS)}
LAB = (G_IDX["lactobacillus"], G_IDX["bifidobacterium"])  # lactic-acid bacteria

# Which substrates each guild can use (relative preference, 0-1). Qualitative, from
# SCIENCE.md and Flint 2012 (Nat Rev Gastro Hepatol): bifidobacteria favour GOS/FOS and
# inulin; lactobacilli sugars and FOS/GOS; butyrate producers fibre, inulin and lactate
# (cross-feeding, Duncan 2004); Bacteroides broad fibre and host mucin glycans (Sonnenburg
# 2005; Desai 2016); pathobionts simple sugars.
#                          fibre inulin fos  gos  sugar mucin lactate
PREFERENCE = np.array([
    [0.00, 0.20, 0.60, 0.50, 1.00, 0.00, 0.00],  # lactobacillus
    [0.15, 0.80, 1.00, 1.00, 1.00, 0.10, 0.00],  # bifidobacterium
    [0.90, 0.90, 0.30, 0.10, 0.20, 0.05, 1.00],  # butyrate_producers
    [0.85, 0.60, 0.30, 0.20, 0.30, 1.00, 0.00],  # bacteroides
    [0.00, 0.00, 0.10, 0.00, 0.60, 0.05, 0.00],  # pathobionts
])
# Oxygen tolerance: 1 = indifferent (aerotolerant), 0 = strictly inhibited; pathobionts gain.
OXYGEN_TOLERANCE = np.array([1.0, 0.3, 0.0, 0.5, 1.0])
ACID_SENSITIVE = np.array([0.0, 0.0, 0.0, 0.0, 1.0])
FACULTATIVE = np.array([0.5, 0.0, 0.0, 0.0, 1.0])  # who consumes oxygen


@dataclass(frozen=True)
class GuildTraits:
    """Per-guild parameter vectors, read once from a ParamSet (scalar parameters)."""

    growth_max_per_h: np.ndarray
    death_per_h: np.ndarray
    antibiotic_kill: np.ndarray
    lps_ug_per_1e12cfu_h: np.ndarray
    adhesion_per_h: np.ndarray

    @classmethod
    def from_params(cls, p) -> GuildTraits:
        return cls(
            guild_vector(p, "growth_max_per_h"),
            guild_vector(p, "death_per_h"),
            guild_vector(p, "antibiotic_kill"),
            guild_vector(p, "lps_ug_per_1e12cfu_h"),
            guild_vector(p, "adhesion_per_h"),
        )


@dataclass
class Metabolism:
    """One hour of microbial metabolism in each place."""

    growth_per_h: np.ndarray  # (guilds, places) specific growth rate actually achieved
    death_per_h: np.ndarray  # (guilds, places) background + antibiotic killing
    uptake_mm: np.ndarray  # (substrates, places) concentration taken up this step
    lactate_made_mm: np.ndarray  # (places,)
    butyrate_made_mm: np.ndarray  # (places,)
    lps_made_ug_per_ml: np.ndarray  # (places,)
    oxygen_used_um: np.ndarray  # (places,)
    gaba_umol: np.ndarray  # (places,)


def metabolise(conc: np.ndarray, biomass_cfu: np.ndarray, volume_l, traits: GuildTraits, p, dt_h: float,
               reference_cfu: float) -> Metabolism:
    """Growth, uptake and products for biomass ``(guilds, places)`` in fields ``(fields, places)``.

    Uptake is capped by what is there: when demand for a substrate exceeds its amount, every
    guild's growth on it is scaled down in proportion (competition for a shared pool).
    ``reference_cfu`` is the average community biomass of one place (phage lysis scale).
    """
    subs = conc[[F[s] for s in SUBSTRATES]]  # (S, P)
    k = np.array([p.monod_k_carbohydrate_mm] * len(CARBS) + [p.monod_k_lactate_mm])[:, None]
    sat = subs / (k + subs)  # (S, P)
    oxygen = conc[F["oxygen"]]
    o2 = oxygen / (p.oxygen_half_um + oxygen)
    o2_factor = 1.0 - (1.0 - OXYGEN_TOLERANCE)[:, None] * o2[None, :]
    o2_factor = o2_factor + (np.arange(len(GUILDS)) == G_IDX["pathobionts"])[:, None] * p.pathobiont_oxygen_boost * o2[None, :]
    lactate = conc[F["lactate"]]
    acid = 1.0 / (1.0 + (lactate / p.acid_inhibition_lactate_mm) ** 2)
    acid_factor = 1.0 - ACID_SENSITIVE[:, None] * (1.0 - acid[None, :])
    acidity = lactate + conc[F["butyrate"]]
    acid_factor[G_IDX["bacteroides"]] = 1.0 / (1.0 + (acidity / p.bacteroides_acid_half_mm) ** 2)
    # specific growth per guild per substrate (G, S, P), total capped at growth max
    mu_gs = traits.growth_max_per_h[:, None, None] * PREFERENCE[:, :, None] * sat[None, :, :]
    total = mu_gs.sum(axis=1)
    cap = np.minimum(1.0, traits.growth_max_per_h[:, None] / np.maximum(total, 1e-12))
    mu_gs *= (cap * o2_factor * acid_factor)[:, None, :]
    # demand in mM over dt: CFU * 1/h / (CFU/mmol) / L
    yield_ = p.yield_cfu_per_mmol_hexose
    demand = np.einsum("gsp,gp->sp", mu_gs, biomass_cfu) * dt_h / yield_ / volume_l
    limit = np.minimum(1.0, subs / np.maximum(demand, 1e-30))
    mu_gs *= limit[None, :, :]
    uptake = demand * limit  # (S, P) mM
    growth = mu_gs.sum(axis=1)

    abx = conc[F["antibiotic"]]
    kill = 0.5 * abx / (1.0 + abx)  # 1/h at full susceptibility
    phage = p.phage_lysis_per_h * biomass_cfu / reference_cfu  # kill the winner: density-dependent
    death = traits.death_per_h[:, None] + traits.antibiotic_kill[:, None] * kill[None, :] + phage

    # products (mM): lactic-acid bacteria make lactate; butyrate producers make butyrate
    carb_slice = slice(0, len(CARBS))
    lab_uptake = np.einsum("gsp,gp->p", mu_gs[list(LAB), carb_slice], biomass_cfu[list(LAB)]) * dt_h / yield_ / volume_l
    bi = G_IDX["butyrate_producers"]
    but_carb = (mu_gs[bi, carb_slice] * biomass_cfu[bi]).sum(axis=0) * dt_h / yield_ / volume_l
    but_lac = mu_gs[bi, len(CARBS)] * biomass_cfu[bi] * dt_h / yield_ / volume_l
    lactate_made = lab_uptake * p.lactate_per_hexose_mol_per_mol
    butyrate_made = but_carb * p.fibre_to_butyrate_mol_per_mol + but_lac * p.lactate_to_butyrate_mol_per_mol
    lps_made = (traits.lps_ug_per_1e12cfu_h[:, None] * biomass_cfu).sum(axis=0) / 1e12 * dt_h / (volume_l * 1000.0)
    facultative = (FACULTATIVE[:, None] * biomass_cfu).sum(axis=0)
    oxygen_used = oxygen * (1.0 - np.exp(-facultative / 2e11 * dt_h))
    gaba = p.gaba_per_lab_cfu * biomass_cfu[list(LAB)].sum(axis=0) * dt_h
    return Metabolism(growth, death, uptake, lactate_made, butyrate_made, lps_made, oxygen_used, gaba)


def apply_metabolism(conc: np.ndarray, m: Metabolism) -> None:
    """Write uptake and products into the field array in place."""
    for i, s in enumerate(SUBSTRATES):
        conc[F[s]] -= m.uptake_mm[i]
    conc[F["lactate"]] += m.lactate_made_mm
    conc[F["butyrate"]] += m.butyrate_made_mm
    conc[F["lps"]] += m.lps_made_ug_per_ml
    conc[F["oxygen"]] -= m.oxygen_used_um
    np.maximum(conc, 0.0, out=conc)


def absorb(conc: np.ndarray, p, dt_h: float) -> None:
    """Host absorption of SCFA/lactate, LPS degradation and antibiotic decay (first order)."""
    scfa = np.exp(-p.scfa_absorption_per_h * dt_h)
    conc[F["lactate"]] *= scfa
    conc[F["butyrate"]] *= scfa
    conc[F["lps"]] *= np.exp(-p.luminal_lps_clearance_per_h * dt_h)
    conc[F["antibiotic"]] *= np.exp(-np.log(2.0) / p.antibiotic_half_life_h * dt_h)


def mucin_supply_mm_per_h(p, mucosal_volume_l: float) -> float:
    """Mucin glycans secreted into the mucosal layer each hour, as mM hexose in that volume."""
    return p.mucin_g_per_day / 24.0 * HEXOSE_MMOL_PER_G / mucosal_volume_l


def epithelial_oxygen(mucosal_butyrate_mm, p):
    """Oxygen at the mucosal surface: colonocytes burning butyrate keep it hypoxic (Byndloss 2017)."""
    use = mucosal_butyrate_mm / (p.butyrate_repair_half_mm + mucosal_butyrate_mm)
    return p.epithelial_oxygen_um * (1.0 - 0.9 * use)
