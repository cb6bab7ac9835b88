"""What a run measures: the timeseries columns (name, unit, meaning) and end-of-run summaries.

``TIMESERIES`` is the output contract of ``timeseries.csv`` (one row per recorded hour).
"""

from __future__ import annotations

from dataclasses import dataclass

from .params import GUILDS


@dataclass(frozen=True)
class Column:
    unit: str
    description: str


TIMESERIES: dict[str, Column] = {
    "time_h": Column("h", "hours since the start of the scenario"),
    "day": Column("day", "day of the scenario (fractional)"),
    "microbes_total": Column("colonies", "colony super-individuals in the lumen and on the mucosa"),
    **{f"abundance_{g}": Column("fraction", f"share of bacterial biomass: {g} (incl. administered strains)") for g in GUILDS},
    "abundance_probiotic_strain": Column("fraction", "share of biomass that is the administered probiotic strain"),
    "shannon_diversity": Column("nats", "Shannon diversity over taxa (natural log)"),
    "butyrate_mM": Column("mM", "mean luminal butyrate"),
    "barrier_integrity": Column("0-1", "mean tight-junction integrity"),
    "permeability_lm_ratio": Column("ratio", "lactulose/mannitol ratio (healthy ~0.03)"),
    "plasma_lps_pg_per_ml": Column("pg/mL", "plasma endotoxin"),
    "tnf_pg_per_ml": Column("pg/mL", "plasma TNF"),
    "il6_pg_per_ml": Column("pg/mL", "plasma IL-6"),
    "crp_mg_per_l": Column("mg/L", "C-reactive protein"),
    "cortisol_nmol_per_l": Column("nmol/L", "plasma cortisol"),
    "kyn_trp_ratio": Column("umol/mmol", "kynurenine/tryptophan ratio"),
    "serotonin_index": Column("x healthy", "brain serotonin signalling"),
    "bdnf_index": Column("x healthy", "brain BDNF"),
    "gaba_index": Column("x healthy", "central GABA signalling"),
    "vagal_tone": Column("x healthy", "vagal afferent signalling"),
    "depression_hamd": Column("HAM-D-17 (0-52)", "depression score"),
    "anxiety_hama": Column("HAM-A (0-56)", "anxiety score"),
    "translocated_bacteria": Column("bacteria", "cumulative live bacteria that crossed the barrier and reached the blood (most are cleared within the hour: transient, undetectable)"),
    "translocated_probiotic_bacteria": Column("bacteria", "of these, cumulative bacteria of the administered strain"),
    "blood_bacteria_cfu_per_ml": Column("CFU/mL", "established viable bacteria per mL of blood (blood cultures positive from blood_culture_detection_cfu_per_ml)"),
    "bacteraemia_episodes": Column("episodes", "cumulative clinical bacteraemia episodes (positive blood cultures for bacteraemia_confirm_h; one count per episode, onset to resolution)"),
    "bacteraemia_probiotic_episodes": Column("episodes", "of these, cumulative episodes caused by the administered strain (the rest: the person's own gut bacteria)"),
    "resistance_transfer_events": Column("colonies", "cumulative resistance-gene transfers between colonies: unit colonies' worth of CFU "
                                         "that received the gene (whole ones)"),
    "stress_perceived": Column("stress units", "perceived stress"),
    "lactate_mM": Column("mM", "mean luminal lactate"),
    "lumen_lps_ug_per_ml": Column("ug/mL", "mean luminal LPS"),
    "oxygen_mucosa_uM": Column("uM", "mean oxygen at the mucosal surface"),
    "il10_pg_per_ml": Column("pg/mL", "plasma IL-10"),
    "tryptophan_uM": Column("uM", "plasma tryptophan"),
}
COLUMNS = tuple(TIMESERIES)
# cumulative event counts (integers), reset at the end of the warm-up
GUT_COUNTERS = ("translocated_bacteria", "translocated_probiotic_bacteria", "resistance_transfer_events")  # GutReadout fields
COUNTERS = (*GUT_COUNTERS, "bacteraemia_episodes", "bacteraemia_probiotic_episodes")
INTEGER_COLUMNS = ("time_h", "microbes_total", *COUNTERS)


def timeseries_frame(columns):
    """A timeseries table (pandas DataFrame) in the contract's column order and types, from a
    mapping or DataFrame of columns: the one form in which runs and trial recordings are written."""
    import pandas as pd

    df = pd.DataFrame({c: columns[c] for c in COLUMNS})
    for c in INTEGER_COLUMNS:
        df[c] = df[c].astype(int)
    return df
ABUNDANCE_COLUMNS = tuple(f"abundance_{g}" for g in GUILDS)

# Healthy reference ranges used by tests and the dashboard's severity shading.
HAMD_BANDS = ((0, 7, "normal"), (8, 16, "mild"), (17, 23, "moderate"), (24, 52, "severe"))  # Zimmerman 2013
HAMA_BANDS = ((0, 17, "mild or none"), (18, 24, "mild-moderate"), (25, 30, "moderate-severe"), (31, 56, "severe"))


def summarise(source, scenario_dict: dict, final_composition: dict[str, float]) -> dict:
    """End-of-run summary: start, end, min, max and mean of every measured column.

    ``source`` is the run's timeseries (a pandas DataFrame) or, for a run recorded with
    ``record="summary"``, its ``recording.RunSummary``: both give the same summary.
    """
    if hasattr(source, "iloc"):  # a DataFrame
        def stats_of(col: str) -> dict:
            s = source[col]
            return {"start": s.iloc[0], "end": s.iloc[-1], "min": s.min(), "max": s.max(), "mean": s.mean()}
    else:
        def stats_of(col: str) -> dict:
            return {k: source.value(col, k) for k in ("start", "end", "min", "max", "mean")}
    out: dict = {"scenario": scenario_dict.get("name"), "hours": int(stats_of("time_h")["end"])}
    stats = {}
    for col in COLUMNS:
        if col in ("time_h", "day"):
            continue
        stats[col] = {"unit": TIMESERIES[col].unit, **{k: _r(v) for k, v in stats_of(col).items()}}
    out["metrics"] = stats
    out["final_composition"] = {g: _r(v) for g, v in final_composition.items()}
    out["translocated_bacteria"] = int(stats_of("translocated_bacteria")["end"])
    out["bacteraemia_episodes"] = int(stats_of("bacteraemia_episodes")["end"])
    out["bacteraemia_probiotic_episodes"] = int(stats_of("bacteraemia_probiotic_episodes")["end"])
    out["not_medical_advice"] = "gutbrain_sim is a teaching model, not medical advice."
    return out


def _r(x) -> float:
    return float(f"{float(x):.6g}")
