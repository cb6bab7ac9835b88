"""The fixed numbers the interventions use, declared once with unit, plausible range, source and
evidence label (as ``params.PARAMETERS`` declares the model's parameters; docs/model.md section 6
shows them, generated). They are properties of the products and the schedule, the same for every
person, so they are not per-person parameters and ``--set`` does not reach them."""

from __future__ import annotations

from ..params import ParamSpec

G = "interventions"
CONSTANTS: dict[str, ParamSpec] = {s.name: s for s in (
    ParamSpec("contaminant_lps_fg_per_cell", 15.0, "fg/cell", 3.0, 50.0,
              "LPS a contaminating Gram-negative cell of a low-quality probiotic carries into the lumen with it",
              "Watson 1977 Appl Environ Microbiol 33:940 (LPS per bacterium from the Limulus assay and direct counts; "
              "~15 fg an E. coli-sized cell); order of magnitude: ~2e6 LPS molecules of ~10 kDa in an E. coli outer membrane, ~30 fg",
              "in_vitro", G),
    ParamSpec("product_batch_sigma", 0.2, "log-scale SD", 0.0, 1.0,
              "day-to-day variation of a probiotic's viable count: each day's live dose (and contamination) is multiplied by "
              "a batch factor drawn from LogNormal(0, sigma), clipped to [product_batch_min, product_batch_max]",
              "no measurement gives this value: assumed (~20% spread of viable counts between doses; labelled and counted CFU "
              "of commercial products differ by more, Drago 2010, which `viability` carries)", "hypothesis", G),
    ParamSpec("product_batch_min", 0.3, "x labelled", 0.0, 1.0, "lowest batch factor (clip of the lognormal draw)",
              "bound on a rare draw (6 sigma below at sigma 0.2)", "convention", G),
    ParamSpec("product_batch_max", 3.0, "x labelled", 1.0, 10.0, "highest batch factor (clip of the lognormal draw)",
              "bound on a rare draw (5.5 sigma above at sigma 0.2)", "convention", G),
    ParamSpec("meal_fat_window_h", 4, "h", 2, 8,
              "hours a meal's fat counts as just eaten (the meals' fat the host reads each hour, and how long a high_fat_meal "
              "acts; chylomicrons carry gut LPS into the blood meanwhile)",
              "Erridge 2007 Am J Clin Nutr (plasma endotoxin ~50% up after a high-fat breakfast, within hours); calibration "
              "target C6 (a rise within 4 h, back within 12 h)", "human", G, integer=True),
    ParamSpec("waking_hour_start", 7, "h of day", 0, 23, "first waking hour: a chronic stressor acts from this hour",
              "a 16-h waking day, 07:00-23:00 (adult sleep 7-9 h)", "convention", G, integer=True),
    ParamSpec("waking_hour_end", 23, "h of day", 1, 24, "first hour of sleep: a chronic stressor acts before this hour",
              "a 16-h waking day, 07:00-23:00 (adult sleep 7-9 h)", "convention", G, integer=True),
)}

LPS_UG_PER_CONTAMINANT_CELL = CONSTANTS["contaminant_lps_fg_per_cell"].default / 1e9  # fg -> ug
BATCH_SIGMA = CONSTANTS["product_batch_sigma"].default
BATCH_RANGE = (CONSTANTS["product_batch_min"].default, CONSTANTS["product_batch_max"].default)
MEAL_FAT_WINDOW_H = int(CONSTANTS["meal_fat_window_h"].default)
WAKING_HOURS = (int(CONSTANTS["waking_hour_start"].default), int(CONSTANTS["waking_hour_end"].default))

# Per-guild susceptibility multipliers of each antibiotic spectrum (lactobacilli, bifidobacteria, butyrate
# producers, Bacteroides, pathobionts), applied to antibiotic_kill. Evidence: hypothesis, directions from
# the spectra of typical drugs (anaerobe-active drugs spare facultative Enterobacteriaceae; Gram-negative
# drugs spare Gram-positive fermenters); the sizes are assumed.
ANTIBIOTIC_SPECTRA = {
    "broad": (1.0, 1.0, 1.0, 1.0, 1.0),  # e.g. amoxicillin-clavulanate, ciprofloxacin+
    # pathobionts 0: Enterobacteriaceae are intrinsically resistant to clindamycin and metronidazole, and rise during
    # clindamycin/lincomycin therapy while Bacteroides fall (Leigh & Simmons 1978 J Clin Pathol 31:439, 160 patients)
    "anti_anaerobe": (0.3, 1.0, 1.2, 1.2, 0.0),  # e.g. clindamycin, metronidazole
    "gram_negative": (0.1, 0.1, 0.2, 0.8, 1.2),  # e.g. fluoroquinolone-like
}
