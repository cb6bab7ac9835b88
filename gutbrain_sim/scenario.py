"""Scenarios as data: TOML file -> validated ``Scenario`` -> TOML again (exact round trip).

Timing: days may be fractional to the hour (``start_day = 3.375`` is 09:00 on day 3); an
intervention with ``start_day = d`` takes effect at hour 24*d, the first hour of day d, and
not before (details in ``interventions``). Nothing in a scenario file is executed; every key is checked against the declared fields
and parameters, and every problem is reported as one line naming the file, the table, the
key and what is allowed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import tomli_w

from .core.checks import known_keys, number, text
from .core.errors import UserInputError, close_names
from .core.limits import parse_toml
from .hosts import profile
from .interventions import Intervention, intervention_from_dict
from .params import check_overrides

MAX_SCENARIO_BYTES = 256 * 1024
TOP_KEYS = ("name", "description", "duration_days", "seed", "host", "params", "interventions")
# same-type interventions may overlap only when these fields differ
_OVERLAP_KEY = {"knockout": "link", "stressor": "kind", "high_fat_meal": None, "lps_challenge": None, "crh_injection": None, "fmt": None}


@dataclass
class Scenario:
    name: str = "custom"
    description: str = ""
    duration_days: float = 28.0
    seed: int = 1
    host: str = "healthy"
    params: dict[str, float] = field(default_factory=dict)
    interventions: list[Intervention] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "description": self.description,
            "duration_days": self.duration_days,
            "seed": self.seed,
            "host": self.host,
            "params": dict(self.params),
            "interventions": [iv.to_dict() for iv in self.interventions],
        }

    def to_toml(self) -> str:
        return dumps_toml(self.to_dict())

    def with_changes(self, **changes) -> Scenario:
        """A validated copy with some top-level values changed. A shortened run (e.g.
        ``--days 3``) keeps its later interventions; they simply never act."""
        d = self.to_dict()
        d.update(changes)
        return scenario_from_dict(d, where=f"scenario {self.name!r}", late_starts_ok=True)


def read_toml_file(path: str | Path, *, max_bytes: int = MAX_SCENARIO_BYTES) -> dict:
    """Read a TOML file defensively: missing, huge, binary, non-UTF-8 or malformed -> one line."""
    p = Path(path)
    where = str(p)
    if not p.exists():
        raise UserInputError("file not found", where=where)
    if not p.is_file():
        raise UserInputError("not a regular file", where=where)
    size = p.stat().st_size
    if size == 0:
        raise UserInputError("file is empty; a scenario needs at least duration_days and host", where=where)
    if size > max_bytes:
        raise UserInputError(f"file is {size} bytes; scenario files are limited to {max_bytes} bytes", where=where)
    raw = p.read_bytes()
    if b"\x00" in raw:
        raise UserInputError("file is binary, not TOML text", where=where)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UserInputError(f"file is not UTF-8 text (byte {exc.start})", where=where) from None
    return parse_toml(text, where)  # depth, keys and list items limited; never a RecursionError


def load_scenario(path: str | Path) -> Scenario:
    return scenario_from_dict(read_toml_file(path), where=str(path))


def scenario_from_dict(d: dict, where: str = "scenario", *, late_starts_ok: bool = False) -> Scenario:
    """Validate a scenario table (as read from TOML). ``late_starts_ok`` allows interventions
    that start after the end of the run (a file that does this is almost surely a mistake)."""
    if not isinstance(d, dict):
        raise UserInputError("a scenario must be a TOML table", where=where)
    known_keys(d, TOP_KEYS, where)
    s = Scenario()
    for key in ("name", "description", "host"):
        if key in d:
            setattr(s, key, text(d[key], key, where, blank_ok=key == "description"))
    if "duration_days" in d:
        s.duration_days = number(d["duration_days"], "duration_days", where, 1 / 24, 3650, unit="days", shown="[0.042, 3650]")
    if "seed" in d:
        s.seed = number(d["seed"], "seed", where, 0, 2**32 - 1, whole=True, int_only=True, shown="[0, 4294967295]")
    profile(s.host, where=f"{where} host")
    s.params = params_table(d, where)
    ivs = d.get("interventions", [])
    if not isinstance(ivs, list):
        raise UserInputError("interventions must be [[interventions]] tables", where=where)
    s.interventions = [
        intervention_from_dict(iv, where=f"{where} [[interventions]] #{i + 1}", duration_days=None if late_starts_ok else s.duration_days)
        for i, iv in enumerate(ivs)
    ]
    check_overlaps(s.interventions, where)
    return s


def params_table(d: dict, where: str) -> dict[str, float]:
    """The file's [params] table (may be absent), checked against the declared parameters."""
    params = d.get("params", {})
    if not isinstance(params, dict):
        raise UserInputError("[params] must be a table of name = number", where=where)
    return check_overrides(params, where=f"{where} [params]")


def check_overlaps(ivs: list[Intervention], where: str) -> None:
    """Two interventions of one type may not act in the same hour (a stressor of another
    kind, a knock-out of another link, and single events such as meals are allowed)."""
    for i, a in enumerate(ivs):
        for j in range(i + 1, len(ivs)):
            b = ivs[j]
            if a.TYPE != b.TYPE:
                continue
            key = _OVERLAP_KEY.get(a.TYPE, "")
            if key is None or (key and getattr(a, key) != getattr(b, key)):
                continue
            (a0, a1), (b0, b1) = a.window_h(), b.window_h()
            if a0 < b1 and b0 < a1:
                raise UserInputError(
                    f"[[interventions]] #{i + 1} and #{j + 1}: two {a.TYPE} interventions overlap "
                    f"(days {a0 / 24:g}-{a1 / 24:g} and {b0 / 24:g}-{b1 / 24:g}); give them separate windows "
                    "(stop_day is exclusive) or merge them",
                    where=where,
                )


# ---------------------------------------------------------------------------- TOML writer
def dumps_toml(d: dict[str, Any]) -> str:
    """A scenario or trial table as TOML text that ``tomllib`` reads back to the same table.
    Written by tomli-w, which escapes every control character (``\\r``, ``\\x01``) and keeps
    unicode; a value TOML cannot hold (None, an object) raises TypeError."""
    return tomli_w.dumps(d)


def scenario_dir() -> Path:
    """The scenario library: package data (``gutbrain_sim/data/scenarios``), so a wheel carries
    it; in a checkout the top-level ``scenarios/`` is a symlink to the same folder."""
    return Path(str(resources.files("gutbrain_sim").joinpath("data", "scenarios")))


def list_scenarios() -> dict[str, Path]:
    return {p.stem: p for p in sorted(scenario_dir().glob("*.toml"))}


def resolve_scenario(name_or_path: str) -> Scenario:
    """A path to a TOML file, or the name of a file in scenarios/."""
    p = Path(name_or_path)
    if p.suffix == ".toml" or p.exists() or "/" in name_or_path:
        return load_scenario(p)
    known = list_scenarios()
    if name_or_path not in known:
        raise UserInputError(f"no scenario named {name_or_path!r}; {close_names(name_or_path, list(known), limit=40)}")
    return load_scenario(known[name_or_path])
