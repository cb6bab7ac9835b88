"""Trial specs as data: a TOML file -> a validated ``TrialSpec`` (and back to TOML).

Every key is checked; every problem is one line naming the file, the table or key, and
what is allowed (the CLI turns it into exit status 2).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ..core.checks import flag, known_keys, number, text
from ..core.errors import UserInputError, close_names
from ..gut.interface import GUT_KINDS
from ..hosts import profile
from ..interventions import Intervention, intervention_from_dict
from ..scenario import check_overlaps, dumps_toml, params_table, read_toml_file

OUTCOMES = ("depression_hamd", "anxiety_hama", "crp_mg_per_l")
# Inclusion threshold on the screening HAM-D by population (typical of the trials each mimics);
# populations not listed enrol everyone drawn.
DEFAULT_INCLUSION_HAMD = {"mdd": 18.0, "mdd_on_ssri": 14.0, "mild_depression": 8.0}
TOP_KEYS = (
    "name", "description", "population", "n_per_arm", "duration_weeks", "replicates", "seed", "control",
    "assessment_interval_weeks", "dropout", "rater_noise_hamd", "inclusion_hamd_min", "blinded", "expectancy",
    "warmup_days", "gut", "params", "arms", "pathways",
)
ARM_KEYS = ("name", "interventions")


@dataclass
class ArmSpec:
    name: str
    interventions: list[Intervention] = field(default_factory=list)
    tables: list[dict] = field(default_factory=list)  # as written, for the spec's TOML copy


@dataclass
class TrialSpec:
    name: str = "trial"
    description: str = ""
    population: str = "mdd"
    n_per_arm: int = 50
    duration_weeks: float = 8.0
    replicates: int = 1
    seed: int = 1
    control: str | None = None
    assessment_interval_weeks: int = 1
    dropout: float = 0.15
    rater_noise_hamd: float = 2.0
    inclusion_hamd_min: float | None = None
    blinded: bool = True
    expectancy: float = 1.0
    warmup_days: int = 21
    gut: str = "mixed"  # "mixed" (well-mixed gut, fast) or "agent" (agent-based gut per person); docs/model.md section 6
    params: dict[str, float] = field(default_factory=dict)
    arms: list[ArmSpec] = field(default_factory=list)
    pathways: int | None = None  # people in the probiotic's breakdown by mechanism (trials.pathways); None: not asked

    @property
    def duration_days(self) -> float:
        return 7.0 * self.duration_weeks

    @property
    def control_arm(self) -> str:
        return self.control or self.arms[0].name

    @property
    def inclusion_threshold(self) -> float | None:
        if self.inclusion_hamd_min is not None:
            return self.inclusion_hamd_min
        return DEFAULT_INCLUSION_HAMD.get(self.population)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "name": self.name, "description": self.description, "population": self.population,
            "n_per_arm": self.n_per_arm, "duration_weeks": self.duration_weeks, "replicates": self.replicates,
            "seed": self.seed, "control": self.control_arm, "assessment_interval_weeks": self.assessment_interval_weeks,
            "dropout": self.dropout, "rater_noise_hamd": self.rater_noise_hamd, "blinded": self.blinded,
            "expectancy": self.expectancy, "warmup_days": self.warmup_days, "gut": self.gut,
        }
        if self.inclusion_threshold is not None:
            d["inclusion_hamd_min"] = self.inclusion_threshold
        if self.params:
            d["params"] = dict(self.params)
        if self.pathways is not None:  # only when asked: other specs' copies stay byte for byte as they were
            d["pathways"] = self.pathways
        d["arms"] = [{"name": a.name, "interventions": [iv.to_dict() for iv in a.interventions]} for a in self.arms]
        return d

    def to_toml(self) -> str:
        d = self.to_dict()
        for arm in d["arms"]:
            for iv in arm["interventions"]:
                if iv.get("stop_day") is None:
                    iv.pop("stop_day", None)
        return dumps_toml(d)


def list_trial_specs() -> dict[str, Path]:
    """The bundled trial specs (package data ``gutbrain_sim/data/trials``; in a checkout,
    ``experiments/trials`` is a symlink to that folder)."""
    folder = Path(str(resources.files("gutbrain_sim").joinpath("data", "trials")))
    return {p.stem: p for p in sorted(folder.glob("*.toml"))}


def load_trial_spec(path: str | Path) -> TrialSpec:
    """Read and validate a trial spec: a TOML file, or the name of a bundled spec
    (``probiotic_mdd``; see ``list_trial_specs``)."""
    p = Path(path)
    name = str(path)
    if p.suffix != ".toml" and "/" not in name and not p.exists():
        known = list_trial_specs()
        if name not in known:
            raise UserInputError(f"no trial spec named {name!r}; {close_names(name, list(known), limit=20)}")
        p = known[name]
    d = read_toml_file(p)
    d.setdefault("name", p.stem)
    return trial_spec_from_dict(d, where=str(p))


def _number(d, key, where, low, high, *, integer=False, default=None, shown=None):
    """``d[key]`` checked as a number in [low, high] (whole if ``integer``), or ``default`` if absent."""
    return number(d[key], key, where, low, high, whole=integer, shown=shown) if key in d else default


def _bool(d, key, where, default):
    return flag(d[key], key, where) if key in d else default


def gut_kind(value, where: str | None = None) -> str:
    """``value`` checked as a gut kind ("agent" or "mixed"; one-line error naming both otherwise)."""
    if not isinstance(value, str) or value not in GUT_KINDS:
        allowed = " or ".join(f'"{k}"' for k in GUT_KINDS)
        raise UserInputError(f"gut must be {allowed}, got {value!r}", where=where)
    return value


def trial_spec_from_dict(d: dict, where: str = "trial spec") -> TrialSpec:
    """Validate a trial spec given as a dict (the parsed TOML)."""
    if not isinstance(d, dict):
        raise UserInputError("a trial spec must be a TOML table", where=where)
    if "meta_analysis" in d:
        raise UserInputError("[meta_analysis] is no longer part of a trial spec; run `gutbrain meta-analysis` (docs/meta_analysis.md)",
                             where=where)
    known_keys(d, TOP_KEYS, where)
    s = TrialSpec()
    for key in ("name", "description"):
        if key in d:
            setattr(s, key, text(d[key], key, where, blank_ok=key == "description"))
    if "population" not in d:
        raise UserInputError("population is missing; give a host profile name (e.g. population = \"mdd\")", where=where)
    if not isinstance(d["population"], str):
        raise UserInputError(f"population must be a host profile name, got {d['population']!r}", where=where)
    profile(d["population"], where=f"{where} population")
    s.population = d["population"]
    s.n_per_arm = _number(d, "n_per_arm", where, 2, 5000, integer=True, default=s.n_per_arm)
    s.duration_weeks = _number(d, "duration_weeks", where, 1, 104, default=s.duration_weeks)
    if s.duration_weeks != int(s.duration_weeks):
        raise UserInputError(f"duration_weeks must be a whole number of weeks, got {d['duration_weeks']!r}", where=where)
    s.duration_weeks = float(int(s.duration_weeks))
    s.replicates = _number(d, "replicates", where, 1, 10000, integer=True, default=s.replicates)
    s.seed = _number(d, "seed", where, 0, 2**32 - 1, integer=True, default=s.seed, shown=f"[0, {2**32 - 1}]")
    s.assessment_interval_weeks = _number(d, "assessment_interval_weeks", where, 1, 52, integer=True, default=1)
    s.dropout = _number(d, "dropout", where, 0.0, 0.9, default=s.dropout)
    s.rater_noise_hamd = _number(d, "rater_noise_hamd", where, 0.0, 10.0, default=s.rater_noise_hamd)
    s.inclusion_hamd_min = _number(d, "inclusion_hamd_min", where, 0.0, 52.0, default=None)
    s.blinded = _bool(d, "blinded", where, True)
    s.expectancy = _number(d, "expectancy", where, 0.0, 1.0, default=1.0)
    s.warmup_days = _number(d, "warmup_days", where, 7, 365, integer=True, default=s.warmup_days)
    if "gut" in d:
        s.gut = gut_kind(d["gut"], where)
    s.params = params_table(d, where)
    s.arms = _arms(d.get("arms"), where, s.duration_days)
    names = [a.name for a in s.arms]
    if "control" in d:
        if not isinstance(d["control"], str) or d["control"] not in names:
            raise UserInputError(f"control {d['control']!r} is not an arm; allowed: {', '.join(names)}", where=where)
        s.control = d["control"]
    if "pathways" in d:
        from .pathways import people, probiotic_arm

        s.pathways = people(d["pathways"], where)
        if s.pathways is not None:
            probiotic_arm(s, where)
    return s


def _arms(arms, where: str, duration_days: float) -> list[ArmSpec]:
    if not isinstance(arms, list) or not arms:
        raise UserInputError("give at least two [[arms]] tables, each with a name and [[arms.interventions]]", where=where)
    out: list[ArmSpec] = []
    for i, a in enumerate(arms):
        w = f"{where} [[arms]] #{i + 1}"
        if not isinstance(a, dict):
            raise UserInputError("each [[arms]] entry must be a table", where=w)
        known_keys(a, ARM_KEYS, w, suggest=False)
        name = a.get("name")
        if not isinstance(name, str) or not name.strip() or not name.replace("_", "").replace("-", "").isalnum():
            raise UserInputError(f"name must be a short word (letters, digits, _ or -), got {name!r}", where=w)
        if name in [x.name for x in out]:
            raise UserInputError(f"two arms are named {name!r}; arm names must differ", where=w)
        tables = a.get("interventions", [])
        if not isinstance(tables, list):
            raise UserInputError("interventions must be [[arms.interventions]] tables", where=w)
        ivs = []
        for j, t in enumerate(tables):
            wi = f"{w} ({name}) [[arms.interventions]] #{j + 1}"
            if isinstance(t, dict) and "stop_day" not in t and t.get("type") not in ("high_fat_meal", "lps_challenge", "crh_injection", "fmt"):
                t = {**t, "stop_day": duration_days}  # default: the whole trial
            iv = intervention_from_dict(t, wi, duration_days)
            ivs.append(iv)
        check_overlaps(ivs, f"{w} ({name})")
        out.append(ArmSpec(name, ivs, list(tables)))
    if len(out) < 2:
        raise UserInputError("a trial needs at least two [[arms]] (e.g. placebo and treatment)", where=where)
    return out
