"""Host profiles (data in data/hosts.toml) and drawing individual hosts from them.

A profile gives parameter means, person-to-person variation, a starting community and the
severity of a current depressive episode. Individuals are drawn from a named random stream,
so the same seed gives the same person.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from .core.errors import UserInputError, close_names
from .core.limits import parse_json, parse_toml
from .gut.community import HEALTHY_COMPOSITION
from .params import GUILDS, PARAMETERS, ParamSet, check_overrides, defaults
from .physiology import HOST_STATE

MAX_SUMMARY_BYTES = 1024 * 1024


@dataclass(frozen=True)
class HostProfile:
    name: str
    description: str
    params: dict[str, float]
    variation: dict[str, float]
    composition: tuple[float, ...]
    episode_hamd: float = 0.0
    initial: dict[str, float] = field(default_factory=dict)
    interventions: tuple[dict, ...] = ()


PROFILE_KEYS = ("description", "params", "variation", "composition", "episode_hamd", "initial", "interventions")
PROFILE_FILE_SUFFIX = ".toml"  # a host named like this is a profile file (e.g. from `gutbrain profile import`)
MAX_PROFILE_BYTES = 256 * 1024


def profile_from_dict(name: str, d: object, where: str) -> HostProfile:
    if not isinstance(d, dict):
        raise UserInputError("a host profile is a table of description, params, variation, composition, ...", where=where)
    extra = set(d) - set(PROFILE_KEYS)
    if extra:
        raise UserInputError(f"unknown key {sorted(extra)[0]!r}; allowed: {', '.join(sorted(PROFILE_KEYS))}", where=where)
    if not isinstance(d.get("params", {}), dict):
        raise UserInputError("params must be a table of parameter = value", where=where)
    params = check_overrides(d.get("params", {}), where=where)
    variation = d.get("variation", {})
    if not isinstance(variation, dict):
        raise UserInputError("variation must be a table of parameter = CV", where=where)
    for k, cv in variation.items():
        if k not in PARAMETERS or not isinstance(cv, int | float) or not 0 <= cv <= 2:
            raise UserInputError(f"variation {k!r} must name a parameter with a CV in [0, 2]", where=where)
    comp = d.get("composition", HEALTHY_COMPOSITION.tolist())
    if (not isinstance(comp, list) or len(comp) != len(GUILDS) or not all(isinstance(c, int | float) and np.isfinite(c) for c in comp)
            or min(comp) < 0 or sum(comp) <= 0):
        raise UserInputError(f"composition needs {len(GUILDS)} non-negative shares ({', '.join(GUILDS)})", where=where)
    initial = d.get("initial", {})
    if not isinstance(initial, dict):
        raise UserInputError("initial must be a table of host state = value", where=where)
    for k in initial:
        if k not in HOST_STATE:
            raise UserInputError(f"initial {k!r} is not a host state variable; {close_names(k, list(HOST_STATE))}", where=where)
    episode = d.get("episode_hamd", 0.0)
    if not isinstance(episode, int | float) or not 0 <= episode <= 52:
        raise UserInputError("episode_hamd must be a number of HAM-D points in [0, 52]", where=where)
    description = d.get("description", "")
    interventions = d.get("interventions", [])
    if not isinstance(description, str) or not isinstance(interventions, list):
        raise UserInputError("description must be text and interventions a list of tables", where=where)
    return HostProfile(name, description, params, dict(variation), tuple(float(c) for c in comp),
                       float(episode), dict(initial), tuple(interventions))


@lru_cache(maxsize=1)
def profiles() -> dict[str, HostProfile]:
    """The packaged profiles (data/hosts.toml)."""
    text = resources.files("gutbrain_sim").joinpath("data/hosts.toml").read_text(encoding="utf-8")
    return {name: profile_from_dict(name, d, f"hosts.toml [{name}]") for name, d in tomllib.loads(text).items()}


def profile_file(path: str | Path, where: str | None = None) -> HostProfile:
    """A profile file holding exactly one profile table (as `gutbrain profile import` writes)."""
    p = Path(path)
    label = f"{where} {path}" if where else str(path)
    if not p.is_file():
        raise UserInputError(f"no host profile file {str(path)!r} (a host is a profile name, "
                             f"{', '.join(profiles())}, or a .toml file written by `gutbrain profile import`)", where=where)
    if p.stat().st_size > MAX_PROFILE_BYTES:
        raise UserInputError(f"over {MAX_PROFILE_BYTES // 1024} KB; a host profile is far smaller", where=label)
    try:
        data = parse_toml(p.read_text(encoding="utf-8"), label)
    except UnicodeDecodeError:
        raise UserInputError("not UTF-8 text", where=label) from None
    if len(data) != 1:
        raise UserInputError(f"a profile file holds exactly one [name] table, found {len(data)}", where=label)
    name, table = next(iter(data.items()))
    return profile_from_dict(name, table, f"{label} [{name}]")


def profile(name: str, where: str | None = None) -> HostProfile:
    """A packaged profile by name, or a profile file (a host ending in .toml)."""
    if isinstance(name, str) and name.endswith(PROFILE_FILE_SUFFIX):
        return profile_file(name, where)
    all_profiles = profiles()
    if name not in all_profiles:
        raise UserInputError(f"unknown host {name!r}; {close_names(name, list(all_profiles))} "
                             "(or a .toml profile file)", where=where)
    return all_profiles[name]


def draw_hosts(prof: HostProfile, overrides: dict[str, float], n: int, rng: np.random.Generator) -> tuple[ParamSet, np.ndarray]:
    """Parameters for n individuals (arrays where they vary) and each one's episode severity.

    Scenario overrides replace the profile mean; variation is applied around it and clipped
    to the parameter's declared range.
    """
    values: dict[str, object] = defaults()
    values.update(prof.params)
    values.update(overrides)
    for name in sorted(prof.variation):
        cv = prof.variation[name]
        if cv <= 0:
            continue
        spec = PARAMETERS[name]
        sigma = np.sqrt(np.log(1 + cv * cv))
        draw = float(values[name]) * rng.lognormal(-sigma * sigma / 2, sigma, n)
        values[name] = np.clip(draw, spec.low, spec.high)
    sigma = float(values["episode_onset_sigma"])
    episode = prof.episode_hamd * rng.lognormal(-sigma * sigma / 2, sigma, n) if prof.episode_hamd > 0 else np.zeros(n)
    if n == 1:
        values = {k: (float(v[0]) if isinstance(v, np.ndarray) else v) for k, v in values.items()}
    return ParamSet.trusted(values), episode


def donor_composition(donor: str, where: str | None = None) -> np.ndarray:
    """Guild shares of an FMT donor: a host profile's community, or the final community of a
    saved run (a folder written by ``gutbrain run``, or its summary.json)."""
    if donor in profiles() or donor.endswith(PROFILE_FILE_SUFFIX):
        comp = np.array(profile(donor, where).composition)
        return comp / comp.sum()
    path = Path(donor)
    summary = path / "summary.json" if path.is_dir() else path
    if not summary.is_file():
        raise UserInputError(f"donor {donor!r} is neither a host profile ({', '.join(profiles())}) "
                             "nor a run folder with summary.json (written by `gutbrain run`)", where=where)
    if summary.stat().st_size > MAX_SUMMARY_BYTES:
        raise UserInputError(f"{summary}: over {MAX_SUMMARY_BYTES} bytes; a run's summary.json is far smaller", where=where)
    try:
        data = parse_json(summary.read_text(encoding="utf-8"), str(summary))
        comp = np.array([float(data["final_composition"][g]) for g in GUILDS])
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise UserInputError(f"{summary}: needs final_composition with a share for each of {', '.join(GUILDS)} "
                             f"({type(exc).__name__}: {exc})", where=where) from None
    if not np.all(np.isfinite(comp)) or (comp < 0).any() or comp.sum() <= 0:
        raise UserInputError(f"{summary}: final_composition must be non-negative shares with a positive sum", where=where)
    return comp / comp.sum()
