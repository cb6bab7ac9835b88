"""From genus abundances to the model's five guilds, and from there to a host profile file.

The genus -> guild table is data (``data/genus_guilds.toml``, versioned, a source per guild).
Genera the table does not list are *unmapped*: reported, and left out of the starting
community, whose guild shares are renormalised over the mapped part. A guild the sample does
not show at all starts at ``BELOW_DETECTION_SHARE`` instead of zero: a profile's zero means
"below the method's detection limit", and a guild with no colonies could never grow back.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..core.errors import UserInputError
from ..params import GUILDS

BELOW_DETECTION_SHARE = 1e-3  # share of the starting community for a guild the table does not detect


@dataclass(frozen=True)
class GuildTable:
    version: int
    genus_to_guild: dict[str, str]  # lower-case genus -> guild
    sources: dict[str, str]


@lru_cache(maxsize=1)
def guild_table() -> GuildTable:
    raw = tomllib.loads(resources.files("gutbrain_sim").joinpath("data/genus_guilds.toml").read_text(encoding="utf-8"))
    lookup: dict[str, str] = {}
    for guild, entry in raw["guilds"].items():
        if guild not in GUILDS:
            raise ValueError(f"genus_guilds.toml: {guild!r} is not a guild ({', '.join(GUILDS)})")
        for genus in entry["genera"]:
            if genus.lower() in lookup:
                raise ValueError(f"genus_guilds.toml: {genus} is listed under two guilds")
            lookup[genus.lower()] = guild
    return GuildTable(int(raw["version"]), lookup, {g: raw["guilds"][g]["source"] for g in GUILDS})


@dataclass(frozen=True)
class Mapping:
    guild_share: dict[str, float]  # share of the whole sample per guild (0-1)
    unmapped_share: float  # share of the sample in genera the table does not list (0-1)
    unmapped_top: tuple[tuple[str, float], ...]  # the largest unmapped genera and their shares
    composition: tuple[float, ...]  # starting guild shares for the model, summing to 1, in GUILDS order


def map_to_guilds(abundance: dict[str, float], where: str) -> Mapping:
    total = sum(abundance.values())
    if total <= 0:
        raise UserInputError("every abundance is zero", where=where)
    table = guild_table()
    guild = dict.fromkeys(GUILDS, 0.0)
    unmapped: dict[str, float] = {}
    for genus, value in abundance.items():
        g = table.genus_to_guild.get(genus.lower())
        if g is None:
            unmapped[genus] = unmapped.get(genus, 0.0) + value / total
        else:
            guild[g] += value / total
    mapped = sum(guild.values())
    if mapped <= 0:
        top = ", ".join(sorted(unmapped, key=lambda k: -unmapped[k])[:5])
        raise UserInputError(f"none of its genera belongs to a model guild (largest: {top}); "
                             "see `gutbrain profile guilds` for the genera each guild takes", where=where)
    raw = [max(guild[g] / mapped, BELOW_DETECTION_SHARE) for g in GUILDS]
    composition = tuple(round(v / sum(raw), 6) for v in raw)
    top = tuple(sorted(unmapped.items(), key=lambda kv: (-kv[1], kv[0]))[:5])
    return Mapping(guild, 1.0 - mapped, top, composition)


def profile_table(name: str, base, mapping: Mapping, source_text: str) -> dict:
    """The TOML table of a host profile: ``base``'s physiology with the measured community."""
    entry: dict = {
        "description": f"{base.description.rstrip('.')}; starting community from {source_text}",
        "composition": list(mapping.composition),
        "episode_hamd": base.episode_hamd,
        "params": dict(base.params),
        "variation": dict(base.variation),
    }
    if base.initial:
        entry["initial"] = dict(base.initial)
    if base.interventions:
        entry["interventions"] = [dict(i) for i in base.interventions]
    return {name: entry}


def report_lines(mapping: Mapping, kind: str, n_genera: int) -> list[str]:
    lines = [f"read {n_genera} genera ({kind} table); genus -> guild table version {guild_table().version}"]
    for g, start in zip(GUILDS, mapping.composition, strict=True):
        lines.append(f"  {g.replace('_', ' '):20s} {100 * mapping.guild_share[g]:6.2f} % of the sample -> starts at {100 * start:6.2f} %")
    lines.append(f"  unmapped             {100 * mapping.unmapped_share:6.2f} % of the sample (left out; the model has five guilds)")
    if mapping.unmapped_top:
        lines.append("  largest unmapped: " + ", ".join(f"{g} {100 * s:.1f} %" for g, s in mapping.unmapped_top))
    return lines
