"""GutBrainModel: one person's gut and body as a Mesa model. One step = one hour.

The model is the one-person case of the engine (``engine.People``, n = 1), whose
docstring holds the step order: 1. schedule, 2. gut, 3. host. This face adds:
  4. record - one row of every timeseries column (every ``record_every_h``): stored by
              the DataCollector (``record="rows"``) or folded into constant-memory running
              summaries (``record="summary"``: start, end, min, max, mean; ``recording.RunSummary``)

Time: ``time_h`` counts whole hours from the end of the warm-up. The step that starts at
hour t applies the interventions active in hour t (``start_day = d`` -> first active hour
24*d) and ends with ``time_h = t + 1``; the row it records is stamped t + 1. So rows up to
and including 24*d are untouched by an intervention starting on day d.

Randomness: every subsystem and every intervention draws from its own named stream
(``Streams(seed)[name]``; names in ``engine.intervention_stream_names``), so two runs with
one seed that differ only by an intervention are identical, to the byte, until it first acts.
The person is a ``Person`` agent (``model.agents``), a view onto row 0 of the engine.
"""

from __future__ import annotations

import copy
from functools import partial

import mesa
import numpy as np

from .core.errors import UserInputError
from .core.streams import Streams
from .engine import People
from .gut.interface import GUT_KINDS
from .hosts import draw_hosts, profile
from .interventions import Intervention, intervention_from_dict
from .metrics import COLUMNS, COUNTERS, timeseries_frame
from .params import GUILDS, PARAMETERS, check_overrides
from .recording import RECORD_MODES, RunSummary, check_windows, planned_rows
from .scenario import Scenario, resolve_scenario

WARMUP_DAYS = 7  # unrecorded settling of gut and host before time 0
# the host-state numbers a Person agent exposes by name (for agent reporters)
PERSON_VALUES = ("depression_hamd", "anxiety_hama", "plasma_lps_pg_per_ml", "tnf_pg_per_ml", "il6_pg_per_ml", "crp_mg_per_l",
                 "cortisol_nmol_per_l", "stress_perceived", "serotonin_index", "bdnf_index", "gaba_index", "vagal_tone")


class Person(mesa.Agent):
    """One person (or animal): a view onto row ``row`` of an engine (``engine.People``).

    Host values read through by name (``person.depression_hamd``, see ``PERSON_VALUES``), so
    Mesa agent reporters work in a single run and in a cohort alike.
    """

    def __init__(self, model: mesa.Model, people: People, row: int):
        super().__init__(model)
        self.people, self.row = people, row

    def value(self, name: str) -> float:
        """A host state variable of this person (units: ``physiology.HOST_STATE``)."""
        return float(self.people.state.values[name][self.row])

    def __getattr__(self, name: str):
        if name in PERSON_VALUES:
            return self.value(name)
        raise AttributeError(name)


class GutBrainModel(mesa.Model):
    """The gut-brain axis of one host.

    Args:
        scenario: a ``Scenario``, a scenario name from ``scenarios/`` or a TOML path; None
            for a healthy host with no interventions.
        seed: overrides the scenario's seed.
        host: overrides the scenario's host profile.
        interventions: extra interventions (objects or tables in the scenario format).
        record_every_h: record a timeseries row every N hours (memory for long runs).
        record: ``"rows"`` keeps every recorded row (``timeseries()``); ``"summary"`` keeps
            only running aggregates of the same rows in fixed memory (``self.summary``, a
            ``RunSummary``: start, end, min, max, mean per column, identical to the rows'
            numbers; the run must not go past its scenario's duration).
        summary_windows: with ``record="summary"``, window means to keep as well, e.g.
            ``("mean_last_7d",)`` (memory bounded by the window, not by the run).
        gut: "agent" (colonies on a grid; the dashboard's gut view) or "mixed" (well-mixed).
        **kwargs: parameter overrides by name (e.g. ``fibre_g_per_day=30``).
    """

    def __init__(self, scenario: Scenario | str | None = None, *, seed: int | None = None, host: str | None = None,
                 interventions: list | None = None, record_every_h: int = 1, record: str = "rows",
                 summary_windows: tuple[str, ...] = (), gut: str = "agent", **kwargs):
        sc = resolve_scenario(scenario) if isinstance(scenario, str) else copy.deepcopy(scenario or Scenario())
        if seed is not None:
            sc.seed = int(seed)
        if host is not None:
            profile(host)
            sc.host = host
        unknown = [k for k in kwargs if k not in PARAMETERS]
        if unknown:
            check_overrides({unknown[0]: 0}, where="GutBrainModel")
        sc.params = {**sc.params, **check_overrides(kwargs, where="GutBrainModel")}
        for iv in interventions or []:
            sc.interventions.append(iv if isinstance(iv, Intervention) else intervention_from_dict(iv, "GutBrainModel interventions"))
        if int(record_every_h) < 1:
            raise UserInputError(f"record_every_h must be a whole number >= 1, got {record_every_h!r}")
        if record not in RECORD_MODES:
            raise UserInputError(f"record must be one of {', '.join(RECORD_MODES)}, got {record!r}", where="GutBrainModel")
        windows = check_windows(summary_windows, "GutBrainModel summary_windows")
        if windows and record != "summary":
            raise UserInputError("summary_windows needs record=\"summary\" (rows mode keeps every row)", where="GutBrainModel")
        if gut not in GUT_KINDS:
            raise UserInputError(f"gut must be one of {', '.join(GUT_KINDS)}, got {gut!r}", where="GutBrainModel")
        super().__init__(seed=sc.seed)
        self.scenario = sc
        self.streams = Streams(sc.seed)
        self.profile = profile(sc.host)
        p, episode = draw_hosts(self.profile, sc.params, 1, self.streams["host.traits"])
        people = People(self.profile, p, episode, [""], sc.seed, sc.interventions, gut=gut)
        people.advance(WARMUP_DAYS * 24, -WARMUP_DAYS * 24, settle_last=True)
        people.counters = {k: np.zeros(1, np.int64) for k in COUNTERS}
        self._begin(people, 0, record_every_h, record, windows)

    @classmethod
    def from_people(cls, people: People, scenario: Scenario, *, time_h: int, record_every_h: int = 1,
                    record: str = "rows") -> GutBrainModel:
        """A model around an engine person already under way at clock hour ``time_h`` (e.g. a
        trial participant replayed alone; ``replay.participant_model``). It records from
        ``time_h`` and runs until ``scenario.duration_days``."""
        if people.n != 1:
            raise UserInputError(f"a GutBrainModel holds one person, got {people.n}", where="GutBrainModel.from_people")
        model = cls.__new__(cls)
        mesa.Model.__init__(model, seed=scenario.seed)
        model.scenario, model.streams, model.profile = scenario, Streams(scenario.seed), people.profile
        model._begin(people, time_h, record_every_h, record, ())
        return model

    def _begin(self, people: People, time_h: int, record_every_h: int, record: str, windows: tuple) -> None:
        """Hold the engine's person as an agent and record the first row."""
        self.people = people
        self.person = Person(self, people, 0)
        self.record_every_h = int(record_every_h)
        self.time_h = int(time_h)
        self.record = record
        self.datacollector: mesa.DataCollector | None = None
        self.summary: RunSummary | None = None
        if record == "rows":
            self.datacollector = mesa.DataCollector(model_reporters={c: partial(_read_column, column=c) for c in COLUMNS})
        else:
            self.summary = RunSummary(COLUMNS, planned_rows(self.duration_h - self.time_h, self.record_every_h), self.record_every_h, windows)
        self._record()

    # ------------------------------------------------------------------ the engine's row 0
    @property
    def p(self):
        return self.people.p

    @property
    def host_state(self):
        return self.people.state

    @property
    def gut(self):
        """The person's gut: an ``AgentGut`` (colonies, lumen, epithelium) or the n = 1 ``MixedGut``."""
        g = self.people.gut
        return g.guts[0] if hasattr(g, "guts") else g

    @property
    def interventions(self) -> list[Intervention]:
        return self.people.interventions

    @property
    def standing(self) -> list[Intervention]:
        return self.people.standing

    @property
    def last_exposure(self):
        return self.people.last_exposure

    @property
    def exposure_sealed(self) -> bool:
        e = self.people.last_exposure
        return bool(e is not None and e.barrier_sealed)

    @property
    def counters(self) -> dict[str, int]:
        return {k: int(v[0]) for k, v in self.people.counters.items()}

    @property
    def duration_h(self) -> int:
        return int(round(self.scenario.duration_days * 24))

    @property
    def day(self) -> float:
        return self.time_h / 24.0

    def step(self) -> None:
        """One hour: the engine's numbered order (``engine`` docstring), then 4. record."""
        self.people.step(self.time_h)
        self.time_h += 1
        if self.time_h % self.record_every_h == 0:
            self._record()
        if self.time_h >= self.duration_h:
            self.running = False

    def _record(self) -> None:
        """4. One row of metrics: stored, or folded into the running summary (no random draws)."""
        values = self.people.measure()
        self._row = {"time_h": self.time_h, "day": self.time_h / 24.0,
                     **{c: _scalar(values[c][0]) for c in COLUMNS if c not in ("time_h", "day")}}
        if self.summary is None:
            self.datacollector.collect(self)
        else:
            self.summary.add(self._row)

    # ------------------------------------------------------------------ results
    def run(self, days: float | None = None, progress=None) -> None:
        """Run to the end of the scenario (or for ``days`` more days)."""
        end = self.duration_h if days is None else self.time_h + int(round(days * 24))
        while self.time_h < end:
            self.step()
            if progress is not None:
                progress(1)
        if self.time_h >= self.duration_h:
            self.running = False

    def timeseries(self):
        """The recorded timeseries as a pandas DataFrame with the contract's columns."""
        if self.summary is not None:
            raise UserInputError("this run kept summaries only (record=\"summary\"): read model.summary, "
                                 "or use record=\"rows\" for the timeseries", where="GutBrainModel.timeseries")
        return timeseries_frame(self.datacollector.get_model_vars_dataframe().reset_index(drop=True))

    def final_composition(self) -> dict[str, float]:
        g = self.people.gut.guild_cfu()[:, 0]
        return {name: float(g[i] / g.sum()) for i, name in enumerate(GUILDS)}

    def state_problems(self) -> list[str]:
        """Host variables outside their declared ranges, and gut arrays with NaN/inf/negatives."""
        return self.people.problems()


def _scalar(x):
    return int(x) if isinstance(x, np.integer) else float(x)


def _read_column(model: GutBrainModel, column: str):
    """Reads one column of the row measured at the end of the step (measured once per record)."""
    return model._row[column]
