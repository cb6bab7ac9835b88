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
from . import compiled_cells

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
# Bile-acid sensitivity (1 = fully sensitive): deoxycholate disrupts Gram-positive membranes; lactobacilli
# partly resist (bile-salt hydrolases); Bacteroides and Enterobacteriaceae are bile-tolerant (Begley 2005 FEMS
# Microbiol Rev; David 2014: the animal-based diet raised bile-tolerant taxa and lowered fibre-fermenting Firmicutes).
BILE_SENSITIVE = np.array([0.5, 1.0, 1.0, 0.0, 0.0])


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
    antibiotic_death_per_h: np.ndarray | None = None  # (guilds, places) the antibiotic part of death_per_h


class KineticsWork:
    """Reusable buffers for repeated ``metabolise`` calls on the same number of places.

    Arrays in a ``Metabolism`` made with a work object are views of its buffers: they are
    overwritten by the next call that uses the same work object.
    """

    def __init__(self, n_places: int):
        G, S, P = len(GUILDS), len(SUBSTRATES), int(n_places)
        self.n_places = P
        self.params = np.empty((len(PLACE_PARAMS) + 2, P))  # per-place parameters, volume, reference CFU
        self.growth = np.empty((G, P))
        self.death = np.empty((G, P))
        self.abx_death = np.empty((G, P))
        self.uptake = np.empty((S, P))
        self.made = np.empty((4, P))  # lactate, butyrate, LPS, GABA made
        self.weighted = np.empty((3, P))
        self._weights = np.empty((3, G))
        self._weights_for: np.ndarray | None = None

    def biomass_weights(self, lps_ug_per_1e12cfu_h: np.ndarray) -> np.ndarray:
        """Rows: LPS release per guild, facultative (oxygen-using) guilds, lactic-acid bacteria."""
        if self._weights_for is not lps_ug_per_1e12cfu_h:
            self._weights[0] = lps_ug_per_1e12cfu_h
            self._weights[1] = FACULTATIVE
            self._weights[2] = 0.0
            self._weights[2, _LAB] = 1.0
            self._weights_for = lps_ug_per_1e12cfu_h
        return self._weights


_PATHO = G_IDX["pathobionts"]
_BACT = G_IDX["bacteroides"]
_BUT = G_IDX["butyrate_producers"]
_LAB = slice(min(LAB), max(LAB) + 1)
assert tuple(range(min(LAB), max(LAB) + 1)) == LAB
O2_SENSITIVITY = 1.0 - OXYGEN_TOLERANCE
SUBSTRATE_ROWS = [F[s] for s in SUBSTRATES]
assert SUBSTRATE_ROWS == list(range(SUBSTRATE_ROWS[0], SUBSTRATE_ROWS[0] + len(SUBSTRATES)))
# parameters that may differ per place (the well-mixed gut's hosts), in compiled_cells.metabolise's row order
PLACE_PARAMS = ("monod_k_carbohydrate_mm", "monod_k_lactate_mm", "oxygen_half_um", "pathobiont_oxygen_boost",
                 "acid_inhibition_lactate_mm", "bacteroides_acid_half_mm", "yield_cfu_per_mmol_hexose",
                 "phage_lysis_per_h", "lactate_per_hexose_mol_per_mol", "fibre_to_butyrate_mol_per_mol",
                 "lactate_to_butyrate_mol_per_mol", "gaba_per_lab_cfu")


def metabolise(conc: np.ndarray, biomass_cfu: np.ndarray, volume_l, traits: GuildTraits, p, dt_h: float,
               reference_cfu: float, work: KineticsWork | None = None) -> Metabolism:
    """Growth, uptake and products for biomass ``(guilds, places)`` in fields ``(fields, places)``.

    Uptake is capped by what is there: when demand for a substrate exceeds its amount, every
    guild's growth on it is scaled down in proportion (competition for a shared pool).
    ``reference_cfu`` is the average community biomass of one place (phage lysis scale).
    Parameters may be scalars or per-place arrays ``(places,)``. ``work`` (optional) holds
    buffers reused between calls (see ``KineticsWork``); results are identical either way.
    """
    P = conc.shape[1]
    w = work if work is not None and work.n_places == P else KineticsWork(P)
    prm = w.params  # scalars or per-place arrays, one row each, in compiled_cells.metabolise's order
    for k, name in enumerate(PLACE_PARAMS):
        prm[k] = getattr(p, name)
    prm[-2] = volume_l
    prm[-1] = reference_cfu
    oxygen = conc[F["oxygen"]]
    any_abx = compiled_cells.metabolise(
        conc[SUBSTRATE_ROWS[0]:SUBSTRATE_ROWS[-1] + 1], oxygen, conc[F["lactate"]], conc[F["butyrate"]],
        conc[F["antibiotic"]], biomass_cfu, prm, float(dt_h), traits.growth_max_per_h, traits.death_per_h,
        traits.antibiotic_kill, PREFERENCE, O2_SENSITIVITY, w.biomass_weights(traits.lps_ug_per_1e12cfu_h),
        _PATHO, _BACT, _BUT, _LAB.start, _LAB.stop, w.growth, w.death, w.abx_death, w.uptake, w.made, w.weighted)
    oxygen_used = oxygen_consumed(oxygen, w.weighted[1], dt_h)
    return Metabolism(w.growth, w.death, w.uptake, w.made[0], w.made[1], w.made[2], oxygen_used, w.made[3],
                      w.abx_death if any_abx else None)


def bile_death_per_h(fat_g_per_day, p) -> np.ndarray:
    """Extra death per guild from bile acids when dietary fat is above its reference: (guilds,) for one person,
    (guilds, people) for an array of intakes; zero at or below the reference."""
    excess = np.maximum(np.asarray(fat_g_per_day, float) / p.bile_reference_fat_g_per_day - 1.0, 0.0)
    return p.bile_kill_per_h * np.multiply.outer(BILE_SENSITIVE, excess)


def oxygen_consumed(oxygen, oxygen_weighted_cfu, dt_h: float):
    """Oxygen (uM) the facultative microbes take up in ``dt_h`` from ``oxygen``, given their
    oxygen-weighted biomass (``KineticsWork.weighted[1]``, CFU); one form for every gut layout."""
    return oxygen * (1.0 - np.exp(-oxygen_weighted_cfu / 2e11 * dt_h))


def apply_metabolism(conc: np.ndarray, m: Metabolism) -> None:
    """Write uptake and products into the field array in place."""
    conc[SUBSTRATE_ROWS[0]:SUBSTRATE_ROWS[-1] + 1] -= m.uptake_mm
    conc[F["lactate"]] += m.lactate_made_mm
    conc[F["butyrate"]] += m.butyrate_made_mm
    conc[F["lps"]] += m.lps_made_ug_per_ml
    conc[F["oxygen"]] -= m.oxygen_used_um
    np.maximum(conc, 0.0, out=conc)


def absorption_factors(p, dt_h: float) -> tuple:
    """Fractions of (lactate and butyrate, LPS, antibiotic) left after ``dt_h`` of absorption/decay."""
    scfa = np.exp(-p.scfa_absorption_per_h * dt_h)
    return scfa, np.exp(-p.luminal_lps_clearance_per_h * dt_h), np.exp(-np.log(2.0) / p.antibiotic_half_life_h * dt_h)


def absorb(conc: np.ndarray, p, dt_h: float, factors: tuple | None = None) -> None:
    """Host absorption of SCFA/lactate, LPS degradation and antibiotic decay (first order).

    ``factors``: ``absorption_factors(p, dt_h)`` computed once, for callers that repeat it.
    """
    scfa, lps, abx = factors if factors is not None else absorption_factors(p, dt_h)
    conc[F["lactate"]] *= scfa
    conc[F["butyrate"]] *= scfa
    conc[F["lps"]] *= lps
    conc[F["antibiotic"]] *= abx


def mucin_supply_mm_per_h(p, mucosal_volume_l: float) -> float:
    """Mucin glycans secreted into the mucosal layer each hour, as mM hexose in that volume."""
    return p.mucin_g_per_day / 24.0 * HEXOSE_MMOL_PER_G / mucosal_volume_l


def epithelial_oxygen(mucosal_butyrate_mm, p):
    """Oxygen at the mucosal surface: colonocytes burning butyrate keep it hypoxic (Byndloss 2017)."""
    use = mucosal_butyrate_mm / (p.butyrate_repair_half_mm + mucosal_butyrate_mm)
    return p.epithelial_oxygen_um * (1.0 - 0.9 * use)
