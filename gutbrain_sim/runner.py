"""One run from a scenario to its outputs: timeseries, summary, provenance and overview figure
(or, recorded as summaries only, summary, provenance and scenario)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .core.environment import environment
from .core.errors import UserInputError
from .core.outputs import check_writable, landing, write_csv, write_figure, write_json, write_text
from .metrics import summarise
from .model import GutBrainModel
from .params import check_overrides
from .scenario import Scenario, resolve_scenario

OUTPUT_FILES = ("timeseries.csv", "summary.json", "provenance.json", "scenario.toml", "overview.png")
SUMMARY_OUTPUT_FILES = ("summary.json", "provenance.json", "scenario.toml")  # record="summary"


@dataclass
class RunResult:
    scenario: Scenario
    model: GutBrainModel
    timeseries: object  # pandas DataFrame; None for a run recorded with record="summary"
    summary: dict

    def provenance(self) -> dict:
        return provenance(self.scenario, self.model)


def prepare(scenario: Scenario | str, days: float | None = None, seed: int | None = None,
            overrides: dict | None = None) -> Scenario:
    """Resolve and validate everything before any work or output (bad input -> UserInputError)."""
    sc = resolve_scenario(scenario) if isinstance(scenario, str | Path) else scenario
    changes = {}
    if days is not None:
        changes["duration_days"] = days
    if seed is not None:
        changes["seed"] = seed
    if overrides:
        changes["params"] = {**sc.params, **check_overrides(overrides, where="--set")}
    return sc.with_changes(**changes) if changes else sc


def run(scenario: Scenario | str = "healthy_baseline", *, days: float | None = None, seed: int | None = None,
        overrides: dict | None = None, out: str | Path | None = None, progress: bool = False,
        record_every_h: int = 1, record: str = "rows") -> RunResult:
    """Run a scenario; return its timeseries (a DataFrame) and summary; write outputs to ``out``.

    ``record="summary"`` keeps running aggregates instead of rows (fixed memory for any
    length): the summary is the same, ``timeseries`` is None, and ``out`` receives
    ``SUMMARY_OUTPUT_FILES`` only.

    Example: ``gutbrain_sim.run("probiotic_mdd_8w", days=56, seed=3).timeseries``
    """
    sc = prepare(scenario, days, seed, overrides)
    if out is not None:
        check_output_folder(Path(out), record)
    model = GutBrainModel(sc, record_every_h=record_every_h, record=record)
    return run_model(model, out=out, progress=progress)


def run_model(model: GutBrainModel, *, out: str | Path | None = None, progress: bool = False) -> RunResult:
    """Run a built model to the end of its scenario; summarise it and write its outputs to ``out``."""
    sc = model.scenario
    if progress:
        from tqdm import tqdm

        with tqdm(total=model.duration_h - model.time_h, unit="h", desc=f"{sc.name}", leave=False) as bar:
            model.run(progress=bar.update)
    else:
        model.run()
    df = model.timeseries() if model.summary is None else None
    summary = summarise(df if df is not None else model.summary, sc.to_dict(), model.final_composition())
    result = RunResult(sc, model, df, summary)
    if out is not None:
        with landing(Path(out)) as stage:  # whole or nothing
            write_outputs(result, stage)
    return result


def check_output_folder(out: Path, record: str = "rows") -> None:
    """Before any work: ``out`` must be a folder this process can write in (or can become one);
    a summaries-only run must not leave an earlier run's timeseries.csv or overview.png beside
    its new summary.json."""
    check_writable(out)
    if record == "summary":
        stale = [name for name in OUTPUT_FILES if name not in SUMMARY_OUTPUT_FILES and (out / name).exists()]
        if stale:
            raise UserInputError(f"holds {stale[0]} from an earlier run, which a summaries-only run would leave "
                                 "out of date beside its new summary.json; choose another --out or remove it", where=str(out))


def write_outputs(result: RunResult, out: Path) -> None:
    check_output_folder(out, result.model.record)
    if result.timeseries is not None:
        write_csv(out / "timeseries.csv", result.timeseries)
    write_json(out / "summary.json", result.summary)
    write_json(out / "provenance.json", result.provenance())
    write_text(out / "scenario.toml", result.scenario.to_toml())
    if result.timeseries is None:
        return
    import matplotlib.pyplot as plt

    from .plots import overview_figure

    fig = overview_figure(result.timeseries, result.scenario)
    try:
        write_figure(out / "overview.png", fig)
    finally:
        plt.close(fig)


def host_file_record(host: str, composition) -> dict:
    """A host given as a profile file: its SHA-256 and community (as the model loaded it), so the
    run stays traceable if the file changes."""
    from .hosts import PROFILE_FILE_SUFFIX

    if not host.endswith(PROFILE_FILE_SUFFIX):
        return {}
    import hashlib
    from pathlib import Path

    return {"host_profile_file": {"sha256": hashlib.sha256(Path(host).read_bytes()).hexdigest(), "composition": list(composition)}}


def provenance(sc: Scenario, model: GutBrainModel) -> dict:
    import mesa

    params = {}
    for k, v in model.p.items():
        params[k] = float(v) if isinstance(v, float | int | np.floating) else np.asarray(v).tolist()
    return {
        **environment(),
        "seed": sc.seed,
        "scenario": sc.to_dict(),
        "host_profile": sc.host,
        **host_file_record(sc.host, model.profile.composition),
        "parameters": params,
        "numpy": np.__version__,
        "mesa": mesa.__version__,
        "time_step_h": 1,
        "record": model.record,
        "record_every_h": model.record_every_h,
        "note": "gutbrain_sim is a teaching model, not medical advice.",
    }
