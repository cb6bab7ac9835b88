"""Products that act on the gut community: live bacteria (probiotic), the fibre that feeds them
(prebiotic), both (synbiotic), an antibiotic course and a faecal transplant. What is given is kept
apart from when (``base``): each kind says only what it adds to the hour's exposure."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from ..params import GUILDS
from .base import DOSE_HOUR, EXPECTANCY, Exposure, Intervention, daily_dose_now, field_spec
from .constants import ANTIBIOTIC_SPECTRA, BATCH_RANGE, BATCH_SIGMA, LPS_UG_PER_CONTAMINANT_CELL
from .data import FieldSpec

FIBRE_KINDS = ("inulin", "fos", "gos")


def add_product_doses(e: Exposure, strains, dose_cfu, viability, contamination, resistant, rng) -> None:
    """A day's probiotic dose: live CFU of each strain, plus any contaminating pathobionts."""
    batch = np.clip(rng.lognormal(0.0, BATCH_SIGMA, e.n), *BATCH_RANGE)  # batch-to-batch viable count variation
    live = dose_cfu * viability * batch
    for s in strains:
        e.doses.append((GUILDS.index(s), live / len(strains), True, bool(resistant)))
    if contamination > 0:
        e.doses.append((GUILDS.index("pathobionts"), dose_cfu * contamination * batch, False, False))
        # Gram-negative contaminants carry their LPS (constants: contaminant_lps_fg_per_cell)
        e.lps_added_ug = e.lps_added_ug + dose_cfu * contamination * batch * LPS_UG_PER_CONTAMINANT_CELL


PROBIOTIC_FIELDS = {
    "strains": field_spec(("lactobacillus", "bifidobacterium"), "guilds", "which genera the product contains", choices=("lactobacillus", "bifidobacterium", "butyrate_producers"), kind=list),
    "dose_cfu_per_day": field_spec(1e10, "CFU/day", "labelled dose", 0.0, 1e13),
    "viability": field_spec(1.0, "fraction", "fraction of the labelled dose alive (real products: often 0.1-0.6, Drago 2010)", 0.0, 1.0),
    "contamination": field_spec(0.0, "fraction", "pathobionts per labelled CFU in a low-quality product", 0.0, 0.5),
    "carries_resistance": field_spec(False, "yes/no", "the strain carries a transferable antibiotic-resistance gene", kind=bool),
    "dose_hour": DOSE_HOUR,
    "expectancy": EXPECTANCY,
}
PREBIOTIC_FIELDS = {
    "fibre": field_spec("gos", "kind", "which prebiotic fibre", choices=FIBRE_KINDS, kind=str),
    "g_per_day": field_spec(7.0, "g/day", "prebiotic taken per day", 0.0, 40.0),
    "expectancy": EXPECTANCY,
}


@dataclass
class Probiotic(Intervention):
    TYPE: ClassVar[str] = "probiotic"
    DESCRIPTION: ClassVar[str] = ("Live bacteria taken daily; they pass through and adhere briefly. Where they hold adhesion places they "
                                  "tighten junctions (less LPS -> less inflammation and cortisol) and excite vagal afferent endings; "
                                  "their lactate and GABA join the gut's. The dose is diluted in the host's own colon (dense in a mouse).")
    EVIDENCE: ClassVar[str] = ("strain actions in the gut only: tight-junction contact (Karczewski 2010, human, direction; strength "
                               "calibrated to C1), contact with vagal afferents (Perez-Burgos 2013, Bravo 2011: animal; size assumed), "
                               "lactate cross-feeding and GABA (in vitro rates); no CFU -> host shortcut")
    FIELDS: ClassVar[dict[str, FieldSpec]] = PROBIOTIC_FIELDS

    def act(self, e, t_h, rng):
        e.expectancy = np.maximum(e.expectancy, self.expectancy)
        if daily_dose_now(t_h, self.dose_hour):
            add_product_doses(e, self.strains, self.dose_cfu_per_day, self.viability, self.contamination, self.carries_resistance, rng)


@dataclass
class Prebiotic(Intervention):
    TYPE: ClassVar[str] = "prebiotic"
    DESCRIPTION: ClassVar[str] = "Fermentable fibre (inulin, FOS, GOS) that feeds the guilds able to eat it."
    EVIDENCE: ClassVar[str] = "human RCTs (microbiome, cortisol); depression effect not significant"
    FIELDS: ClassVar[dict[str, FieldSpec]] = PREBIOTIC_FIELDS

    def act(self, e, t_h, rng):
        e.expectancy = np.maximum(e.expectancy, self.expectancy)
        e.carbs_g_per_day[self.fibre] = e.carbs_g_per_day[self.fibre] + self.g_per_day


@dataclass
class Synbiotic(Intervention):
    TYPE: ClassVar[str] = "synbiotic"
    DESCRIPTION: ClassVar[str] = "A probiotic and a prebiotic taken together."
    EVIDENCE: ClassVar[str] = ("the probiotic's strain actions (tight-junction contact calibrated to C1; vagal afferent contact, animal) plus "
                               "the prebiotic's fibre; few human RCTs")
    FIELDS: ClassVar[dict[str, FieldSpec]] = {**PROBIOTIC_FIELDS, **PREBIOTIC_FIELDS}

    def act(self, e, t_h, rng):
        Probiotic.act(self, e, t_h, rng)
        Prebiotic.act(self, e, t_h, rng)


@dataclass
class Antibiotic(Intervention):
    TYPE: ClassVar[str] = "antibiotic"
    DESCRIPTION: ClassVar[str] = ("An oral antibiotic course: kills susceptible guilds in the lumen while it lasts, and some of the "
                                  "crypt/ileal seed bank the community regrows from, so recovery takes weeks.")
    EVIDENCE: ClassVar[str] = ("human cohort studies (Dethlefsen & Relman 2011; Palleja 2018) for the fall, the pathobiont bloom and "
                               "the weeks-long recovery; seed-bank exposure, its re-stocking and mucosal site turnover calibrated to C7/C16")
    FIELDS: ClassVar[dict[str, FieldSpec]] = {
        "spectrum": field_spec("broad", "kind", "which guilds it hits", choices=tuple(ANTIBIOTIC_SPECTRA), kind=str),
        "strength_mic": field_spec(8.0, "x MIC", "luminal concentration while taken, in multiples of the MIC", 0.0, 100.0),
    }

    def act(self, e, t_h, rng):
        e.antibiotic_mic = np.maximum(e.antibiotic_mic, self.strength_mic)
        e.antibiotic_kill = np.array(ANTIBIOTIC_SPECTRA[self.spectrum])


@dataclass
class FMT(Intervention):
    TYPE: ClassVar[str] = "fmt"
    SINGLE_EVENT: ClassVar[bool] = True
    DESCRIPTION: ClassVar[str] = "Faecal microbiota transplant: a donor community seeded into the colon at once."
    EVIDENCE: ClassVar[str] = "human (Suez 2018 after antibiotics; recurrent C. difficile)"
    FIELDS: ClassVar[dict[str, FieldSpec]] = {
        "donor": field_spec("healthy", "host profile or run folder", "where the donor community comes from", kind=str),
        "fraction": field_spec(0.3, "fraction", "donor CFU relative to a full resident community", 0.0, 1.0),
    }

    def check(self, where):
        from ..hosts import donor_composition

        donor_composition(self.donor, where=f"{where} fmt.donor")

    def act(self, e, t_h, rng):
        from ..hosts import donor_composition

        e.donor_share = donor_composition(self.donor) * self.fraction
