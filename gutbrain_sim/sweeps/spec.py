"""Sweep specs: a TOML file (or dict) -> a validated ``SweepSpec``, every mistake one line.

A spec names a base scenario, a design (grid, random, sobol, morris), the swept parameters
(model parameters by name, or intervention fields as ``interventions.N.FIELD``), seeds,
metrics (``column:statistic``) and an optional paired control run per point. Default ranges
come from the declarations in ``gutbrain_sim.params`` and the interventions' ``FIELDS``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import UserInputError, close_names
from ..core.outputs import folder_name
from ..interventions import REGISTRY
from ..params import PARAMETERS
from ..scenario import Scenario, read_toml_file, resolve_scenario, scenario_from_dict
from .measures import Metric, parse_metric

MAX_SPEC_BYTES = 256 * 1024
TOP_KEYS = ("name", "description", "scenario", "host", "duration_days", "seeds", "record_every_h",
            "design", "parameters", "metrics", "paired")
DESIGN_KINDS = ("grid", "random", "sobol", "morris")
# design keys each kind accepts, with defaults
DESIGN_KEYS = {
    "grid": {"levels": 3},
    "random": {"points": 10, "seed": 1},
    "sobol": {"base_samples": 8, "seed": 1},
    "morris": {"trajectories": 4, "levels": 4, "seed": 1},
}
PARAM_KEYS = ("name", "low", "high", "scale", "values", "levels")
PAIRED_KEYS = ("without", "set")
_IV_NAME = re.compile(r"interventions\.(\d+)\.([A-Za-z_][A-Za-z0-9_]*)")


@dataclass(frozen=True)
class Target:
    """One swept quantity: a model parameter or one field of one intervention."""

    name: str
    unit: str
    low: float | None  # declared range (None: not numeric)
    high: float | None
    integer: bool = False
    iv_index: int | None = None  # intervention slot, or None for a model parameter
    iv_field: str | None = None

    @property
    def numeric(self) -> bool:
        return self.low is not None


@dataclass(frozen=True)
class SweepParam:
    target: Target
    low: float | None
    high: float | None
    scale: str = "linear"
    values: tuple | None = None  # explicit grid values
    levels: int | None = None

    @property
    def name(self) -> str:
        return self.target.name


@dataclass(frozen=True)
class Paired:
    """The control run of each point: some interventions switched off and/or values set."""

    without: tuple[int, ...] = ()  # base intervention slots left out (other streams unchanged: named by type and hour)
    set: dict[str, Any] = field(default_factory=dict)  # name -> value, same naming as parameters


@dataclass
class SweepSpec:
    name: str
    description: str
    source: str  # where it came from (file path or "<dict>")
    base: Scenario
    seeds: tuple[int, ...]
    record_every_h: int
    design: str
    design_options: dict[str, int]
    parameters: list[SweepParam]
    metrics: list[Metric]
    paired: Paired | None = None
    targets: dict[str, Target] = field(default_factory=dict)  # every name usable in `set`

    def metric_columns(self) -> list[str]:
        """Result columns: each metric, and with a paired control its control value and effect."""
        out = []
        for m in self.metrics:
            out.append(m.label)
            if self.paired is not None:
                out += [f"{m.label}:control", f"{m.label}:effect"]
        return out


def load_sweep(spec: SweepSpec | dict | str | Path) -> SweepSpec:
    """A ``SweepSpec`` from a spec object, a dict in the TOML layout, or a TOML file path."""
    if isinstance(spec, SweepSpec):
        return spec
    if isinstance(spec, dict):
        return sweep_from_dict(spec, where="sweep spec", folder=Path.cwd())
    path = Path(spec)
    if path.is_file() and path.stat().st_size == 0:
        raise UserInputError("file is empty; a sweep spec needs at least scenario and [[parameters]]", where=str(path))
    data = read_toml_file(path, max_bytes=MAX_SPEC_BYTES)
    return sweep_from_dict(data, where=str(path), folder=path.parent, default_name=path.stem)


def sweep_from_dict(d: dict, where: str, folder: Path | None = None, default_name: str = "sweep") -> SweepSpec:
    if not isinstance(d, dict):
        raise UserInputError("a sweep spec must be a TOML table", where=where)
    for key in d:
        if key not in TOP_KEYS:
            raise UserInputError(f"unknown key {key!r}; {close_names(key, TOP_KEYS, limit=20)}", where=where)
    name = folder_name(_text(d, "name", default_name, where), "name", where)  # the sweep's folder by default
    base = _base_scenario(d, where, folder or Path.cwd())
    targets = _targets(base)
    params = _parameters(d.get("parameters"), targets, base, where)
    design, options = _design(d.get("design", {}), where)
    _check_design_fit(design, params, where)
    seeds = _seeds(d.get("seeds", 1), where)
    record = d.get("record_every_h", 1)
    if isinstance(record, bool) or not isinstance(record, int) or not 1 <= record <= 24 * 30:
        raise UserInputError(f"record_every_h must be a whole number of hours in [1, 720], got {record!r}", where=where)
    metrics_raw = d.get("metrics", ["depression_hamd:end"])
    if not isinstance(metrics_raw, list) or not metrics_raw:
        raise UserInputError("metrics must be a non-empty list like [\"depression_hamd:end\"]", where=f"{where} metrics")
    metrics = [parse_metric(m, f"{where} metrics", base.duration_days) for m in metrics_raw]
    labels = [m.label for m in metrics]
    if len(set(labels)) != len(labels):
        raise UserInputError("a metric is listed twice", where=f"{where} metrics")
    paired = _paired(d["paired"], base, targets, f"{where} [paired]") if "paired" in d else None
    return SweepSpec(name, _text(d, "description", "", where), where, base, seeds, record, design, options,
                     params, metrics, paired, targets)


# ----------------------------------------------------------------------------- pieces
def _text(d: dict, key: str, default: str, where: str) -> str:
    v = d.get(key, default)
    if not isinstance(v, str):
        raise UserInputError(f"{key} must be text, got {v!r}", where=where)
    return v


def _base_scenario(d: dict, where: str, folder: Path) -> Scenario:
    raw = d.get("scenario", "healthy_baseline")
    if isinstance(raw, dict):
        base = scenario_from_dict(raw, where=f"{where} [scenario]")
    elif isinstance(raw, str) and raw.strip():
        local = folder / raw
        try:
            base = resolve_scenario(str(local) if local.is_file() else raw)
        except UserInputError as exc:
            raise UserInputError(str(exc), where=f"{where} scenario") from None
    else:
        raise UserInputError("scenario must be a scenario name, a .toml path or a [scenario] table", where=f"{where} scenario")
    changes = {k: d[k] for k in ("host", "duration_days") if k in d}
    if changes:
        try:  # validates host and duration against the interventions
            base = base.with_changes(**changes)
        except UserInputError as exc:
            raise UserInputError(str(exc), where=where) from None
    return base


def _targets(base: Scenario) -> dict[str, Target]:
    """Every sweepable name: model parameters and the fields of the base scenario's interventions."""
    out = {name: Target(name, s.unit, s.low, s.high, s.integer) for name, s in PARAMETERS.items()}
    for i, iv in enumerate(base.interventions):
        cls = REGISTRY[iv.TYPE]
        slots = ["start_day"] + ([] if cls.SINGLE_EVENT else ["stop_day"])
        for f in slots:
            out[f"interventions.{i}.{f}"] = Target(f"interventions.{i}.{f}", "days", 0.0, base.duration_days, False, i, f)
        for f, fs in cls.FIELDS.items():
            numeric = fs.kind in (int, float) and fs.low is not None
            out[f"interventions.{i}.{f}"] = Target(
                f"interventions.{i}.{f}", fs.unit, fs.low if numeric else None, fs.high if numeric else None,
                fs.kind is int, i, f)
    return out


def _unknown_target(name: str, targets: dict[str, Target], base: Scenario, where: str) -> UserInputError:
    m = _IV_NAME.fullmatch(name)
    if m:
        i = int(m.group(1))
        if i >= len(base.interventions):
            n = len(base.interventions)
            have = f"interventions.0 .. interventions.{n - 1}" if n else "none"
            return UserInputError(f"{name!r}: the base scenario has {n} interventions ({have})", where=where)
        fields = [t.split(".")[-1] for t in targets if t.startswith(f"interventions.{i}.")]
        return UserInputError(f"{name!r}: {base.interventions[i].TYPE} has no field {m.group(2)!r}; "
                              f"{close_names(m.group(2), fields, limit=20)}", where=where)
    return UserInputError(f"unknown parameter {name!r}; {close_names(name, list(PARAMETERS))} "
                          "(intervention fields are named interventions.N.FIELD)", where=where)


def _number(v: object) -> bool:
    return not isinstance(v, bool) and isinstance(v, int | float) and math.isfinite(v)


def _parameters(raw, targets: dict[str, Target], base: Scenario, where: str) -> list[SweepParam]:
    if not isinstance(raw, list) or not raw or not all(isinstance(x, dict) for x in raw):
        raise UserInputError("give at least one [[parameters]] table with a name (e.g. name = \"fibre_g_per_day\")", where=f"{where} [[parameters]]")
    out: list[SweepParam] = []
    for k, p in enumerate(raw):
        w = f"{where} [[parameters]] #{k + 1}"
        for key in p:
            if key not in PARAM_KEYS:
                raise UserInputError(f"unknown key {key!r}; {close_names(key, PARAM_KEYS)}", where=w)
        name = p.get("name")
        if not isinstance(name, str):
            raise UserInputError("name is required: a parameter name or interventions.N.FIELD", where=w)
        t = targets.get(name)
        if t is None:
            raise _unknown_target(name, targets, base, w)
        if any(q.name == name for q in out):
            raise UserInputError(f"{name!r} is swept twice", where=w)
        out.append(_one_parameter(p, t, f"{w} ({name})"))
    return out


def _one_parameter(p: dict, t: Target, w: str) -> SweepParam:
    scale = p.get("scale", "linear")
    if scale not in ("linear", "log"):
        raise UserInputError(f"scale must be 'linear' or 'log', got {scale!r}", where=w)
    levels = p.get("levels")
    if levels is not None and (isinstance(levels, bool) or not isinstance(levels, int) or not 2 <= levels <= 1000):
        raise UserInputError(f"levels must be a whole number in [2, 1000], got {levels!r}", where=w)
    if "values" in p:
        vals = p["values"]
        if not isinstance(vals, list) or not vals:
            raise UserInputError("values must be a non-empty list", where=w)
        if any(k in p for k in ("low", "high", "levels", "scale")):
            raise UserInputError("give either values or low/high (with levels/scale), not both", where=w)
        if t.numeric:
            vals = [_in_range(v, t, t.low, t.high, w) for v in vals]
        if len({repr(v) for v in vals}) != len(vals):
            raise UserInputError("values lists a value twice", where=w)
        return SweepParam(t, None, None, scale, tuple(vals), None)
    if not t.numeric:
        raise UserInputError(f"{t.name} is not a number; give its choices as values = [...] (grid designs only)", where=w)
    low = _in_range(p.get("low", t.low), t, t.low, t.high, f"{w} low")
    high = _in_range(p.get("high", t.high), t, t.low, t.high, f"{w} high")
    if not low < high:
        raise UserInputError(f"low ({low:g}) must be below high ({high:g})", where=w)
    if scale == "log" and low <= 0:
        raise UserInputError(f"scale = 'log' needs low > 0 (declared range [{t.low:g}, {t.high:g}] {t.unit}); give a positive low", where=w)
    return SweepParam(t, float(low), float(high), scale, None, levels)


def _in_range(v, t: Target, low: float, high: float, w: str) -> float:
    if not _number(v) or not low <= v <= high:
        raise UserInputError(f"{v!r} is not allowed; {t.name} must be a number in [{low:g}, {high:g}] {t.unit}", where=w)
    if t.integer and v != int(v):
        raise UserInputError(f"{t.name} must be a whole number, got {v!r}", where=w)
    return int(v) if t.integer else float(v)


def _design(raw, where: str) -> tuple[str, dict[str, int]]:
    w = f"{where} [design]"
    if not isinstance(raw, dict):
        raise UserInputError("[design] must be a table with kind = grid, random, sobol or morris", where=w)
    kind = raw.get("kind", "grid")
    if kind not in DESIGN_KINDS:
        raise UserInputError(f"kind={kind!r} is not allowed; {close_names(str(kind), DESIGN_KINDS)}", where=w)
    allowed = DESIGN_KEYS[kind]
    options = dict(allowed)
    for key, v in raw.items():
        if key == "kind":
            continue
        if key not in allowed:
            raise UserInputError(f"{key!r} does not apply to a {kind} design; allowed: kind, {', '.join(allowed)}", where=w)
        top = 2**32 - 1 if key == "seed" else 100000
        lo = 0 if key == "seed" else (2 if key == "levels" else 1)
        if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= top:
            raise UserInputError(f"{key} must be a whole number in [{lo}, {top}], got {v!r}", where=w)
        options[key] = v
    if kind == "sobol":
        n = options["base_samples"]
        if n < 2 or n & (n - 1):
            raise UserInputError(f"base_samples must be a power of 2 (2, 4, 8, 16, ...) for Sobol' sequences, got {n}", where=w)
    if kind == "morris" and options["levels"] % 2:
        raise UserInputError(f"levels must be even for a Morris design, got {options['levels']}", where=w)
    return kind, options


def _check_design_fit(design: str, params: list[SweepParam], where: str) -> None:
    for p in params:
        if design != "grid" and p.values is not None:
            raise UserInputError(f"{p.name}: values = [...] is for grid designs; a {design} design needs low/high", where=f"{where} [[parameters]]")
        if design != "grid" and p.levels is not None:
            raise UserInputError(f"{p.name}: levels per parameter is for grid designs", where=f"{where} [[parameters]]")
    if design in ("sobol", "morris") and len(params) < 2:
        raise UserInputError(f"a {design} design needs at least 2 parameters, got {len(params)}", where=f"{where} [[parameters]]")


def _seeds(raw, where: str) -> tuple[int, ...]:
    w = f"{where} seeds"
    if _number(raw) and isinstance(raw, int):
        if not 1 <= raw <= 10000:
            raise UserInputError(f"seeds must be a count in [1, 10000] or a list of seeds, got {raw!r}", where=w)
        return tuple(range(1, raw + 1))
    if isinstance(raw, list) and raw and all(isinstance(s, int) and not isinstance(s, bool) and 0 <= s < 2**32 for s in raw):
        if len(set(raw)) != len(raw):
            raise UserInputError("a seed is listed twice", where=w)
        return tuple(raw)
    raise UserInputError(f"seeds must be a count (e.g. 3 for seeds 1, 2, 3) or a list of whole numbers in [0, 4294967295], got {raw!r}", where=w)


def _paired(raw, base: Scenario, targets: dict[str, Target], w: str) -> Paired:
    if not isinstance(raw, dict):
        raise UserInputError("[paired] must be a table with without = [...] and/or set = {...}", where=w)
    for key in raw:
        if key not in PAIRED_KEYS:
            raise UserInputError(f"unknown key {key!r}; {close_names(key, PAIRED_KEYS)}", where=w)
    without_raw = raw.get("without", [])
    if isinstance(without_raw, str):
        without_raw = [without_raw]
    if not isinstance(without_raw, list):
        raise UserInputError("without must be a list of intervention types or interventions.N", where=w)
    slots: list[int] = []
    types = [iv.TYPE for iv in base.interventions]
    for item in without_raw:
        m = re.fullmatch(r"interventions\.(\d+)", item) if isinstance(item, str) else None
        if m and int(m.group(1)) < len(types):
            slots.append(int(m.group(1)))
        elif isinstance(item, str) and item in types:
            slots += [i for i, t in enumerate(types) if t == item]
        else:
            allowed = sorted(set(types)) + [f"interventions.{i}" for i in range(len(types))]
            raise UserInputError(f"without: {item!r} is not an intervention of the base scenario; allowed: {', '.join(allowed) or 'none (it has no interventions)'}", where=w)
    sets = raw.get("set", {})
    if not isinstance(sets, dict):
        raise UserInputError("set must be a table of name = value", where=w)
    checked: dict[str, Any] = {}
    for name, v in sets.items():
        t = targets.get(name)
        if t is None:
            raise _unknown_target(name, targets, base, f"{w} set")
        checked[name] = _in_range(v, t, t.low, t.high, f"{w} set") if t.numeric else v
    if not slots and not checked:
        raise UserInputError("[paired] needs without = [...] or set = {...}; otherwise the control equals the run", where=w)
    return Paired(tuple(sorted(set(slots))), checked)
