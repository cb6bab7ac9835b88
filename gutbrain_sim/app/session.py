"""One dashboard user's state: the settings they chose, the model they are stepping, its history.

Pure Python (no Solara): the page holds one ``Session`` per browser tab, so no session ever
sees another's model. Every setting is kept as scenario data and checked by the same
validators as a scenario file; nothing a user enters is evaluated as code. A model error is
caught here and shown in that session only.
"""

from __future__ import annotations

import copy
import logging
import math
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np

from ..core.errors import UserInputError
from ..hosts import profile, profiles
from ..interventions import REGISTRY
from ..metrics import COLUMNS
from ..model import GutBrainModel
from ..params import PARAMETERS, ParamSpec
from ..scenario import (
    MAX_SCENARIO_BYTES,
    Scenario,
    list_scenarios,
    load_scenario,
    read_toml_file,
    scenario_from_dict,
)
from .trial_run import TrialRun

# Scenarios that start on something interesting, in order of preference (PhET: open on a story).
PREFERRED_START = ("probiotic_mdd_8w", "probiotic_depression_8w", "antibiotic_course", "mdd_probiotic", "healthy_baseline")
PLOT_POINTS = 400  # the plots show at most this many points, whatever the length of the history
LOG = logging.getLogger("gutbrain_sim.app")  # unexpected errors go to the server's log (stderr)
KNOCKOUT_LABELS = {"vagus": "Cut the vagus nerve", "ido": "Block IDO (tryptophan -> kynurenine)", "barrier": "Seal the gut barrier",
                   "strain_vagus": "Block probiotic strains' contact with vagal nerve endings"}


def default_scenario_name() -> str:
    names = list(list_scenarios())
    for name in PREFERRED_START:
        if name in names:
            return name
    return names[0] if names else ""


def upload_label(name: str) -> str:
    """How an uploaded scenario appears in the scenario picker (apart from any file of the same name)."""
    return f"uploaded: {name}"


def one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if isinstance(exc, UserInputError) else f"{type(exc).__name__}: {text}"


def slider_step(spec: ParamSpec) -> float:
    """A step that puts the default exactly on the slider's grid (so the slider cannot nudge it)."""
    if spec.integer:
        return 1
    span = spec.high - spec.low
    step = 10.0 ** math.floor(math.log10(span / 200.0)) if span > 0 else 1.0
    for _ in range(8):
        k = (spec.default - spec.low) / step
        if abs(k - round(k)) < 1e-6:
            return step
        step /= 10.0
    return step


class History:
    """The recorded rows as growing numpy arrays, read from the model's DataCollector incrementally."""

    def __init__(self):
        self.n = 0
        self.cols: dict[str, np.ndarray] = {c: np.empty(1024) for c in COLUMNS}

    def sync(self, model: GutBrainModel) -> None:
        src = model.datacollector.model_vars
        total = len(src["time_h"])
        if total == self.n:
            return
        need = total
        cap = len(self.cols["time_h"])
        if need > cap:
            new_cap = max(need, 2 * cap)
            for c, arr in self.cols.items():
                grown = np.empty(new_cap)
                grown[: self.n] = arr[: self.n]
                self.cols[c] = grown
        for c in COLUMNS:
            self.cols[c][self.n: total] = src[c][self.n: total]
        self.n = total

    def view(self, max_points: int = PLOT_POINTS) -> dict[str, np.ndarray]:
        """Every column thinned to at most ``max_points`` rows (always keeping the newest row)."""
        if self.n <= max_points:
            idx = slice(0, self.n)
        else:
            idx = np.unique(np.linspace(0, self.n - 1, max_points).round().astype(int))
        return {c: arr[: self.n][idx] for c, arr in self.cols.items()}


@dataclass
class WhatIf:
    label: str
    without: dict[str, np.ndarray]
    with_: dict[str, np.ndarray]
    days: float


class Session:
    """Settings (as scenario data), the live model, and its history."""

    def __init__(self, scenario_name: str | None = None):
        self.lock = threading.RLock()
        self.frame_drawn = threading.Event()  # set when the page has drawn the last frame (the play loop waits for it)
        self.still = threading.Event()  # set while no step is under way: the clock stands where it shows
        self.still.set()
        self.error: str | None = None
        self.whatif: WhatIf | None = None
        self.trial = TrialRun()
        self.uploaded: dict | None = None  # this session's last uploaded scenario, as loaded
        self.from_upload = False  # whether the current settings started from that upload
        self.load(scenario_name or default_scenario_name())

    # ------------------------------------------------------------------ settings
    def scenario_choices(self) -> list[str]:
        """The scenario picker's entries: the files in scenarios/, then this session's upload (if any)."""
        names = list(list_scenarios())
        if self.uploaded is not None:
            names.append(upload_label(self.uploaded["name"]))
        return names

    def scenario_items(self) -> list[dict]:
        """The picker's entries grouped by topic (v-select items with headers); the upload, if any, last."""
        from .outcomes import grouped_items

        items = grouped_items({name: read_toml_file(path).get("host", "") for name, path in list_scenarios().items()})
        if self.uploaded is not None:
            label = upload_label(self.uploaded["name"])
            items += [{"header": "Your uploaded file"}, {"text": label, "value": label}]
        return items

    @property
    def scenario_choice(self) -> str:
        """The picker entry the current settings started from (always one of ``scenario_choices()``)."""
        return upload_label(self.scenario_name) if self.from_upload else self.scenario_name

    def load(self, scenario_name: str) -> None:
        """Start from a scenario file in scenarios/, or from this session's upload when given its
        picker entry ("uploaded: <name>"); its settings become the current ones."""
        if self.uploaded is not None and scenario_name == upload_label(self.uploaded["name"]):
            self._use(self.uploaded["name"], copy.deepcopy(self.uploaded), from_upload=True)
            return
        path = list_scenarios().get(scenario_name)
        if path is None:
            raise UserInputError(f"no scenario named {scenario_name!r}")
        self._use(scenario_name, load_scenario(path).to_dict(), from_upload=False)

    def _use(self, name: str, settings: dict, *, from_upload: bool) -> None:
        with self.lock:  # settings and model change together
            self.scenario_name, self.settings, self.from_upload = name, settings, from_upload
            self.reset()

    def load_upload(self, filename: str, size: int, stream: BinaryIO) -> None:
        """Load an uploaded scenario file: size-capped, then validated exactly like a file on disk.

        Only TOML is parsed (nothing is evaluated or unpickled). On any problem the current
        settings stay as they were and a one-line ``UserInputError`` names the file.
        """
        name = Path(str(filename)).name or "upload.toml"
        where = f"uploaded file {name}"
        if not name.lower().endswith(".toml"):
            raise UserInputError("only .toml scenario files can be loaded", where=where)
        if size > MAX_SCENARIO_BYTES:
            raise UserInputError(f"file is {size} bytes; scenario files are limited to {MAX_SCENARIO_BYTES} bytes", where=where)
        raw = stream.read(MAX_SCENARIO_BYTES + 1)
        if len(raw) > MAX_SCENARIO_BYTES:
            raise UserInputError(f"file is over {MAX_SCENARIO_BYTES} bytes; scenario files are limited to that", where=where)
        with tempfile.TemporaryDirectory(prefix="gutbrain-upload-") as tmp:
            path = Path(tmp) / name
            path.write_bytes(raw)
            try:
                table = read_toml_file(path)
            except UserInputError as exc:  # same checks as a file; name the upload, not the temp path
                raise UserInputError(str(exc).replace(f"{path}: ", ""), where=where) from None
        settings = scenario_from_dict(table, where=where).to_dict()
        with self.lock:
            old = (self.scenario_name, self.settings, self.from_upload)
            try:
                self._use(settings["name"], settings, from_upload=True)
            except Exception:
                self._use(old[0], old[1], from_upload=old[2])
                raise
            self.uploaded = copy.deepcopy(settings)

    def scenario(self) -> Scenario:
        """The current settings, validated exactly like a scenario file."""
        return scenario_from_dict(copy.deepcopy(self.settings), where="dashboard settings")

    def change(self, **changes) -> None:
        """Change top-level settings (host, seed, duration_days, ...) and restart from day 0."""
        trial = {**copy.deepcopy(self.settings), **changes}
        scenario_from_dict(copy.deepcopy(trial), where="dashboard settings")  # validate first
        self.settings = trial
        self.reset()

    def inherited_value(self, name: str) -> float:
        """What a parameter is when the scenario does not set it: the host profile's, else the default."""
        return profile(self.settings["host"]).params.get(name, PARAMETERS[name].default)

    def param_value(self, name: str) -> float:
        return self.settings["params"].get(name, self.inherited_value(name))

    def set_param(self, name: str, value: float) -> None:
        params = dict(self.settings["params"])
        value = PARAMETERS[name].check(value, where="dashboard slider")
        if value == self.inherited_value(name):
            params.pop(name, None)
        else:
            params[name] = value
        self.change(params=params)

    # ------------------------------------------------------------------ interventions
    def interventions_of(self, kind: str) -> list[dict]:
        return [iv for iv in self.settings["interventions"] if iv["type"] == kind]

    def set_intervention(self, kind: str, on: bool, start_day: float | None = None, stop_day: float | None = None,
                         **fields) -> None:
        """Switch an intervention type on/off, or move its window; other interventions are kept in order."""
        ivs = [dict(iv) for iv in self.settings["interventions"]]
        match = [i for i, iv in enumerate(ivs) if iv["type"] == kind and all(iv.get(k) == v for k, v in fields.items())]
        if not on:
            ivs = [iv for i, iv in enumerate(ivs) if i not in match]
        else:
            if match:
                iv = ivs[match[0]]
            else:
                iv = {"type": kind, "start_day": 0.0, **fields}
                if not REGISTRY[kind].SINGLE_EVENT:
                    iv["stop_day"] = float(self.settings["duration_days"])
                ivs.append(iv)
            if start_day is not None:
                iv["start_day"] = float(start_day)
            if stop_day is not None and not REGISTRY[kind].SINGLE_EVENT:
                iv["stop_day"] = float(stop_day)
        self.change(interventions=ivs)

    def knockout_on(self, link: str) -> bool:
        return any(iv.get("link") == link for iv in self.interventions_of("knockout"))

    def set_knockout(self, link: str, on: bool) -> None:
        self.set_intervention("knockout", on, link=link)

    # ------------------------------------------------------------------ running
    def reset(self) -> None:
        """Rebuild the model from the current settings (day 0): the same model the first screen showed."""
        with self.lock:
            self.error = None
            self.generation = getattr(self, "generation", 0) + 1  # views rebuild their painters on a new model
            self.model = GutBrainModel(self.scenario(), record_every_h=1)
            self.history = History()
            self.history.sync(self.model)

    @property
    def finished(self) -> bool:
        return self.model.time_h >= self.model.duration_h

    def step(self, hours: int = 1, stop: threading.Event | None = None) -> int:
        """Advance up to ``hours`` (never past the end, never past a set ``stop``: it is checked every
        model hour); returns the hours done. Errors stop this session only, and are logged."""
        done = 0
        with self.lock:
            if self.error:
                return 0
            self.still.clear()
            try:
                while done < hours and not self.finished and not (stop is not None and stop.is_set()):
                    self.model.step()
                    done += 1
            except Exception as exc:  # a model error must stay in this session
                self.error = f"The model stopped at day {self.model.day:.2f}: {one_line(exc)}"
                LOG.error("dashboard session: %s", self.error, exc_info=True)
            finally:
                self.history.sync(self.model)
                self.still.set()
        return done

    def clock(self) -> str:
        t = self.model.time_h
        return f"Day {t // 24}, {t % 24:02d}:00"

    # ------------------------------------------------------------------ what-if
    def run_whatif(self, kind: str, start_day: float, days: float, progress=None) -> WhatIf:
        """The current host twice, same seed and streams: without and with one intervention type."""
        base = [dict(iv) for iv in self.settings["interventions"] if iv["type"] != kind]
        existing = self.interventions_of(kind)
        added = dict(existing[0]) if existing else {"type": kind}
        added["start_day"] = float(start_day)
        duration = float(self.settings["duration_days"])
        if not REGISTRY[kind].SINGLE_EVENT:
            added["stop_day"] = max(float(added.get("stop_day", duration)), float(start_day) + 1.0)
        days = min(float(days), duration)
        runs = []
        for ivs in (base, base + [added]):
            sc = scenario_from_dict({**copy.deepcopy(self.settings), "interventions": ivs}, where="what-if")
            m = GutBrainModel(sc, record_every_h=1)
            m.run(days=days, progress=progress)
            h = History()
            h.sync(m)
            runs.append(h.view(10_000))
        self.whatif = WhatIf(f"{kind} from day {start_day:g}", runs[0], runs[1], days)
        return self.whatif

    # ------------------------------------------------------------------ export
    def export_toml(self) -> str:
        return self.scenario().to_toml()

    def export_csv(self) -> str:
        with self.lock:
            frame = self.model.timeseries()
        return frame.to_csv(index=False, float_format="%.6g", lineterminator="\n")


def host_names() -> list[str]:
    return list(profiles())
