"""Sensitivity analysis of finished sweeps (SALib): Sobol S1/ST and Morris mu*/sigma, and
the sweep report (sensitivity tables and figures) written beside the results.

Each design point's output is the mean over its seeds, so seed noise averages out before the
indices are computed; with one seed per point, noise shows up as spurious sensitivity.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from ..core.errors import UserInputError
from ..core.outputs import write_csv, write_figure
from .design import Design, build_design
from .measures import unit_of
from .spec import SweepSpec, load_sweep


def point_means(frame, metric: str, n_points: int) -> np.ndarray:
    """The metric averaged over seeds, one value per design point in point_id order."""
    if metric not in frame.columns:
        raise UserInputError(f"no metric {metric!r} in the results; have: {', '.join(c for c in frame.columns if ':' in c)}")
    means = frame.groupby("point_id")[metric].mean()
    if len(means) != n_points:
        raise UserInputError(f"the sweep is incomplete ({len(means)} of {n_points} design points); rerun it to finish")
    return means.sort_index().to_numpy(dtype=float)


def sensitivity(spec: SweepSpec | dict | str | Path, frame, metric: str, design: Design | None = None):
    """Sobol (S1, S1_conf, ST, ST_conf) or Morris (mu, mu_star, mu_star_conf, sigma) indices
    of ``metric`` for each parameter, as a DataFrame (95% confidence intervals, bootstrap)."""
    import pandas as pd

    spec = load_sweep(spec)
    design = design or build_design(spec)
    if spec.design not in ("sobol", "morris"):
        raise UserInputError(f"sensitivity indices need a sobol or morris design, this sweep is {spec.design}")
    y = point_means(frame, metric, len(design.points))
    seed = spec.design_options["seed"]
    names = design.problem["names"]
    if not np.all(np.isfinite(y)):
        raise UserInputError(f"{metric} has non-finite values; cannot compute sensitivity indices")
    if spec.design == "sobol":
        from SALib.analyze import sobol

        r = sobol.analyze(design.problem, y, calc_second_order=False, conf_level=0.95, seed=seed)
        cols = ("S1", "S1_conf", "ST", "ST_conf")
    else:
        from SALib.analyze import morris

        r = morris.analyze(design.problem, design.samples, y, conf_level=0.95,
                           num_levels=spec.design_options["levels"], seed=seed)
        cols = ("mu", "mu_star", "mu_star_conf", "sigma")
    out = pd.DataFrame({"parameter": names, **{c: np.asarray(r[c], dtype=float) for c in cols}})
    out.insert(1, "metric", metric)
    return out


def safe_name(label: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", label)


def write_report(spec: SweepSpec | dict | str | Path, frame, out: str | Path) -> list[Path]:
    """Figures and tables for a finished sweep; returns the files written.

    grid with >= 2 parameters: heatmap_<metric>.png for each metric and paired effect (first
    two parameters, mean over seeds and any other parameters); sobol/morris: sensitivity.csv
    (every result column) and sobol_<metric>.png or morris_<metric>.png for each metric and
    paired effect.
    """
    import matplotlib.pyplot as plt

    from . import plots as sweep_plots

    spec = load_sweep(spec)
    out = Path(out)
    design = build_design(spec)
    written: list[Path] = []
    metrics = spec.metric_columns()
    if not frame.attrs.get("complete", True) or frame.empty:
        return written
    if spec.design == "grid" and len(spec.parameters) >= 2:
        x, y = spec.parameters[0], spec.parameters[1]
        for m in (m for m in metrics if not m.endswith(":control")):
            fig = sweep_plots.heatmap(frame, x.name, y.name, m, x_unit=x.target.unit, y_unit=y.target.unit,
                                      unit=unit_of(m), title=f"{spec.name}: {m}")
            written.append(_save(fig, out / f"heatmap_{safe_name(m)}.png", plt))
    elif spec.design in ("sobol", "morris"):
        import pandas as pd

        tables = [sensitivity(spec, frame, m, design) for m in metrics]
        table = pd.concat(tables, ignore_index=True)
        write_csv(out / "sensitivity.csv", table)
        written.append(out / "sensitivity.csv")
        for m, t in zip(metrics, tables, strict=True):
            if m.endswith(":control"):
                continue
            plot = sweep_plots.sobol_bars if spec.design == "sobol" else sweep_plots.morris_scatter
            fig = plot(t, title=f"{spec.name}: {m}", unit=unit_of(m))
            written.append(_save(fig, out / f"{spec.design}_{safe_name(m)}.png", plt))
    return written


def _save(fig, path: Path, plt) -> Path:
    try:
        write_figure(path, fig)
    finally:
        plt.close(fig)
    return path
