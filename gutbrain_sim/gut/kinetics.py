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
    antibiotic_death_per_h: np.ndarray | None = None  # (guilds, places) the antibiotic part of death_per_h


class KineticsWork:
    """Reusable buffers for repeated ``metabolise`` calls on the same number of places.

    Arrays in a ``Metabolism`` made with a work object are views of its buffers: they are
    overwritten by the next call that uses the same work object.
    """

    def __init__(self, n_places: int):
        G, S, P = len(GUILDS), len(SUBSTRATES), int(n_places)
        self.n_places = P
        self.mu = np.empty((G, S, P))
        self.sat = np.empty((S, P))
        self.gp = np.empty((G, S, P))  # growth max x preference, broadcast once per traits
        self._gp_for: np.ndarray | None = None
        self.o2f = np.empty((G, P))
        self.fac = np.empty((G, P))
        self.growth = np.empty((G, P))
        self.death = np.empty((G, P))
        self.demand = np.empty((S, P))
        self.limit = np.empty((S, P))
        self.uptake = np.empty((S, P))
        self.acid = np.empty((2, P))
        self.acid_k = np.empty((2, P))
        self.made = np.empty((3, P))
        self.weighted = np.empty((3, P))
        self._weights = np.empty((3, G))
        self._weights_for: np.ndarray | None = None

    def growth_x_preference(self, growth_max_per_h: np.ndarray) -> np.ndarray:
        if self._gp_for is not growth_max_per_h:
            self.gp[:] = (growth_max_per_h[:, None] * PREFERENCE)[:, :, None]
            self._gp_for = growth_max_per_h
        return self.gp

    def biomass_weights(self, lps_ug_per_1e12cfu_h: np.ndarray) -> np.ndarray:
        """Rows: LPS release per guild, facultative (oxygen-using) guilds, lactic-acid bacteria."""
        if self._weights_for is not lps_ug_per_1e12cfu_h:
            self._weights[0] = lps_ug_per_1e12cfu_h
            self._weights[1] = FACULTATIVE
            self._weights[2] = 0.0
            self._weights[2, _LAB] = 1.0
            self._weights_for = lps_ug_per_1e12cfu_h
        return self._weights


_N_CARBS = len(CARBS)
_PATHO = G_IDX["pathobionts"]
_BACT = G_IDX["bacteroides"]
_BUT = G_IDX["butyrate_producers"]
_LAB = slice(min(LAB), max(LAB) + 1)
assert tuple(range(min(LAB), max(LAB) + 1)) == LAB
_O2_SENSITIVITY = 1.0 - OXYGEN_TOLERANCE
_SUBSTRATE_ROWS = [F[s] for s in SUBSTRATES]
_SUBSTRATES_CONTIGUOUS = _SUBSTRATE_ROWS == list(range(_SUBSTRATE_ROWS[0], _SUBSTRATE_ROWS[0] + len(SUBSTRATES)))


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
    nc = _N_CARBS
    if _SUBSTRATES_CONTIGUOUS:
        subs = conc[_SUBSTRATE_ROWS[0]:_SUBSTRATE_ROWS[-1] + 1]  # (S, P) view
    else:
        subs = conc[_SUBSTRATE_ROWS]
    sat = w.sat
    np.add(subs[:nc], p.monod_k_carbohydrate_mm, out=sat[:nc])
    np.add(subs[nc], p.monod_k_lactate_mm, out=sat[nc])
    np.divide(subs, sat, out=sat)  # Monod saturation
    oxygen = conc[F["oxygen"]]
    o2 = oxygen / (p.oxygen_half_um + oxygen)
    o2f = w.o2f
    np.multiply(_O2_SENSITIVITY[:, None], o2, out=o2f)
    np.subtract(1.0, o2f, out=o2f)
    o2f[_PATHO] += p.pathobiont_oxygen_boost * o2
    # acid inhibition: pathobionts by lactate, bacteroides by total acidity (lactate + butyrate)
    acid = w.acid
    np.copyto(acid[0], conc[F["lactate"]])
    np.add(acid[0], conc[F["butyrate"]], out=acid[1])
    acid_k = w.acid_k
    acid_k[0] = p.acid_inhibition_lactate_mm
    acid_k[1] = p.bacteroides_acid_half_mm
    acid /= acid_k
    acid **= 2
    acid += 1.0
    np.divide(1.0, acid, out=acid)
    # specific growth per guild per substrate (G, S, P), total capped at growth max
    mu = w.mu
    np.multiply(w.growth_x_preference(traits.growth_max_per_h), sat[None, :, :], out=mu)
    fac = w.fac
    np.add.reduce(mu, axis=1, out=fac)
    np.maximum(fac, 1e-12, out=fac)
    np.divide(traits.growth_max_per_h[:, None], fac, out=fac)
    np.minimum(1.0, fac, out=fac)  # cap
    fac *= o2f
    fac[_PATHO] *= 1.0 - (1.0 - acid[0])
    fac[_BACT] *= acid[1]
    mu *= fac[:, None, :]
    # demand in mM over dt: CFU * 1/h / (CFU/mmol) / L
    yield_ = p.yield_cfu_per_mmol_hexose
    demand = np.einsum("gsp,gp->sp", mu, biomass_cfu, out=w.demand)
    demand *= dt_h
    demand /= yield_
    demand /= volume_l
    limit = w.limit
    np.maximum(demand, 1e-30, out=limit)
    np.divide(subs, limit, out=limit)
    np.minimum(1.0, limit, out=limit)
    mu *= limit[None, :, :]
    uptake = np.multiply(demand, limit, out=w.uptake)  # (S, P) mM
    growth = np.add.reduce(mu, axis=1, out=w.growth)

    abx = conc[F["antibiotic"]]
    death = w.death  # background + antibiotic + phage lysis ("kill the winner": density-dependent)
    np.multiply(p.phage_lysis_per_h, biomass_cfu, out=death)
    death /= reference_cfu
    abx_death = None
    if abx.any():
        kill = 0.5 * abx / (1.0 + abx)  # 1/h at full susceptibility
        abx_death = traits.antibiotic_kill[:, None] * kill[None, :]
        death += traits.death_per_h[:, None] + abx_death
    else:  # no antibiotic anywhere: its term is exactly zero
        death += traits.death_per_h[:, None]

    # products (mM): lactic-acid bacteria make lactate; butyrate producers make butyrate
    made = w.made  # carbohydrate taken up by LAB, by butyrate producers, lactate by butyrate producers
    np.einsum("gsp,gp->p", mu[_LAB, :nc], biomass_cfu[_LAB], out=made[0])
    np.einsum("sp,p->p", mu[_BUT, :nc], biomass_cfu[_BUT], out=made[1])
    np.multiply(mu[_BUT, nc], biomass_cfu[_BUT], out=made[2])
    made *= dt_h
    made /= yield_
    made /= volume_l
    lactate_made = made[0] * p.lactate_per_hexose_mol_per_mol
    butyrate_made = made[1] * p.fibre_to_butyrate_mol_per_mol + made[2] * p.lactate_to_butyrate_mol_per_mol
    # guild-weighted biomass: LPS release, facultative (oxygen-using) and lactic-acid bacteria
    weighted = np.einsum("kg,gp->kp", w.biomass_weights(traits.lps_ug_per_1e12cfu_h), biomass_cfu, out=w.weighted)
    lps_made = weighted[0] / 1e12 * dt_h / (volume_l * 1000.0)
    oxygen_used = oxygen * (1.0 - np.exp(-weighted[1] / 2e11 * dt_h))
    gaba = p.gaba_per_lab_cfu * weighted[2] * dt_h
    return Metabolism(growth, death, uptake, lactate_made, butyrate_made, lps_made, oxygen_used, gaba, abx_death)


def apply_metabolism(conc: np.ndarray, m: Metabolism) -> None:
    """Write uptake and products into the field array in place."""
    if _SUBSTRATES_CONTIGUOUS:
        conc[_SUBSTRATE_ROWS[0]:_SUBSTRATE_ROWS[-1] + 1] -= m.uptake_mm
    else:
        for i, row in enumerate(_SUBSTRATE_ROWS):
            conc[row] -= m.uptake_mm[i]
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
