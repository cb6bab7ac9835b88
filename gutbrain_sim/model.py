"""GutBrainModel: one host's gut and body as a Mesa model. One step = one hour.

Step order (written once; ``step()`` reads as this list):
  1. schedule   - the clock advances; active interventions write this hour's exposure
                  (diet, doses, drugs, stress, knock-outs); low mood worsens the diet
  2. gut        - lumen inflow, microbial metabolism, colonies (grow, divide, die, move,
                  adhere, wash out, swap resistance genes), fields, barrier, translocation
  3. host       - blood LPS, cytokines, HPA axis, tryptophan, vagus, GABA, BDNF, mood
  4. record     - one row of metrics (every ``record_every_h``): stored by the DataCollector
                  (``record="rows"``) or folded into constant-memory running summaries
                  (``record="summary"``: start, end, min, max, mean; ``recording.RunSummary``)

Time: ``time_h`` counts whole hours from the end of the warm-up. The step that starts at
hour t applies the interventions active in hour t (``start_day = d`` -> first active hour
24*d) and ends with ``time_h = t + 1``; the row it records is stamped t + 1. So rows up to
and including 24*d are untouched by an intervention starting on day d.

Randomness: every subsystem and every intervention draws from its own named stream
(``Streams(seed)[name]``; names in ``intervention_stream_names``), so two runs with one
seed that differ only by an intervention are identical, to the byte, until it first acts.
"""

from __future__ import annotations

import copy
from functools import partial

import mesa
import numpy as np

from .errors import UserInputError
from .gut.agent_gut import AgentGut, Dose, GutExposure
from .hosts import draw_hosts, profile
from .interventions import Exposure, Intervention, intervention_from_dict
from .metrics import COLUMNS, measure
from .params import GUILDS, PARAMETERS, check_overrides
from .physiology import GutSignals, HostInputs, advance_host, diet_multiplier, init_host
from .recording import RECORD_MODES, RunSummary, check_windows, planned_rows
from .scenario import Scenario, resolve_scenario
from .streams import Streams

WARMUP_DAYS = 7  # unrecorded settling of gut and host before time 0


class Host(mesa.Agent):
    """The person (or animal): the model's one rich agent, holding physiology and gut."""

    def __init__(self, model: GutBrainModel, params, episode_hamd: float):
        super().__init__(model)
        self.params = params
        self.physiology = init_host(params, 1, episode_hamd)
        self.gut = AgentGut(params, model.streams, model.random, model.profile.composition)


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
        **kwargs: parameter overrides by name (e.g. ``fibre_g_per_day=30``).
    """

    def __init__(self, scenario: Scenario | str | None = None, *, seed: int | None = None, host: str | None = None,
                 interventions: list | None = None, record_every_h: int = 1, record: str = "rows",
                 summary_windows: tuple[str, ...] = (), **kwargs):
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
        super().__init__(seed=sc.seed)
        self.scenario = sc
        self.streams = Streams(sc.seed)
        self.profile = profile(sc.host)
        self.p, episode = draw_hosts(self.profile, sc.params, 1, self.streams["host.traits"])
        self.standing = [intervention_from_dict(d, f"host {sc.host}") for d in self.profile.interventions]
        self.interventions = copy.deepcopy(sc.interventions)
        self.intervention_streams = intervention_stream_names(self.interventions)
        self.host = Host(self, self.p, float(episode[0]))
        self.gut = self.host.gut
        self.host_state = self.host.physiology
        for name, value in self.profile.initial.items():
            self.host_state.values[name][:] = value
        self.counters = {"bacteremia_events": 0, "bacteremia_probiotic_events": 0, "resistance_transfer_events": 0}
        self.record_every_h = int(record_every_h)
        self.exposure_sealed = False
        self.time_h = -WARMUP_DAYS * 24
        self.last_exposure: Exposure | None = None
        for hour in range(WARMUP_DAYS * 24):  # the last warm-up hour settles mood (see advance_host)
            self._advance_hour(settle=hour == WARMUP_DAYS * 24 - 1)
        self.counters = dict.fromkeys(self.counters, 0)
        self.record = record
        self.datacollector: mesa.DataCollector | None = None
        self.summary: RunSummary | None = None
        if record == "rows":
            self.datacollector = mesa.DataCollector(model_reporters={c: partial(_read_column, column=c) for c in COLUMNS})
        else:
            self.summary = RunSummary(COLUMNS, planned_rows(self.duration_h, self.record_every_h), self.record_every_h, windows)
        self._record()

    @property
    def duration_h(self) -> int:
        return int(round(self.scenario.duration_days * 24))

    @property
    def day(self) -> float:
        return self.time_h / 24.0

    def step(self) -> None:
        """One hour: the numbered order in the module docstring."""
        self._advance_hour()
        if self.time_h % self.record_every_h == 0:
            self._record()
        if self.time_h >= self.duration_h:
            self.running = False

    def _advance_hour(self, settle: bool = False) -> None:
        exposure = self._schedule()
        readout = self._gut(exposure)
        self._host(exposure, readout, settle)
        self.time_h += 1

    # ------------------------------------------------------------------ phases
    def _schedule(self) -> Exposure:
        """1. Active interventions write this hour's exposure; mood feeds back on diet."""
        p, t = self.p, self.time_h
        diet_mult = diet_multiplier(self.host_state, p)
        diet = {
            "fibre": np.atleast_1d(p.fibre_g_per_day * diet_mult),
            "sugar": np.atleast_1d(p.sugar_g_per_day / diet_mult),
            "fat": np.atleast_1d(p.fat_g_per_day / diet_mult),
        }
        e = Exposure.baseline(1, diet)
        for i, iv in enumerate(self.standing):  # the host's own standing treatment, always on
            iv.act(e, t, self.streams[f"host.standing.{i}.{iv.TYPE}"])
        if t >= 0:
            for iv, name in zip(self.interventions, self.intervention_streams, strict=True):
                if iv.active(t):
                    iv.act(e, t, self.streams[name])
        self.last_exposure = e
        self.exposure_sealed = e.barrier_sealed
        return e

    def _gut(self, e: Exposure):
        """2. The gut's hour."""
        doses = [Dose(g, float(cfu[0]), prob, res) for g, cfu, prob, res in e.doses]
        if e.donor_share is not None:
            doses += [Dose(g, float(share * self.p.colon_bacteria_cfu), False) for g, share in enumerate(e.donor_share) if share > 0]
        ge = GutExposure(
            carbs_g_per_day={k: float(v[0]) for k, v in e.carbs_g_per_day.items()},
            antibiotic_mic=float(e.antibiotic_mic[0]),
            antibiotic_kill=e.antibiotic_kill,
            doses=doses,
            lps_added_ug=float(e.lps_added_ug[0]) if e.lps_added_ug is not None else 0.0,
            barrier_sealed=e.barrier_sealed,
        )
        v = self.host_state.values
        cort_excess = float(v["barrier_stress_drive"][0])
        r = self.gut.step(self.time_h, ge, float(v["tnf_pg_per_ml"][0]), cort_excess)
        if self.time_h % 24 == 23:
            self.gut.update_reservoir()
        self.counters["bacteremia_events"] += r.bacteremia_events
        self.counters["bacteremia_probiotic_events"] += r.bacteremia_probiotic_events
        self.counters["resistance_transfer_events"] += r.resistance_transfers
        return r

    def _host(self, e: Exposure, r, settle: bool = False) -> None:
        """3. The host's hour."""
        signals = GutSignals(
            np.array([r.lps_flux_pg_per_h]), np.array([r.mucosal_butyrate_mm]),
            np.array([r.gaba_umol_per_h]), np.array([r.probiotic_cfu]),
        )
        fat_last_4h = _meal_fat_last_4h(self.time_h, e.fat_g_per_day) + e.extra_fat_g
        u = HostInputs(e.stress, fat_last_4h, e.lps_iv_pg, e.ssri, e.expectancy, e.psychotherapy, e.vagus_intact, e.ido_blocked)
        noise = self.streams["host.mood_noise"].standard_normal((2, 1))
        advance_host(self.host_state, signals, u, self.p, float(self.time_h), 1.0, noise, settle)

    def _record(self) -> None:
        """4. One row of metrics: stored, or folded into the running summary (no random draws)."""
        self._row = measure(self)
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
        df = self.datacollector.get_model_vars_dataframe().reset_index(drop=True)
        df["time_h"] = df["time_h"].astype(int)
        df["microbes_total"] = df["microbes_total"].astype(int)
        for c in ("bacteremia_events", "bacteremia_probiotic_events", "resistance_transfer_events"):
            df[c] = df[c].astype(int)
        return df[list(COLUMNS)]

    def final_composition(self) -> dict[str, float]:
        g = self.gut.guild_cfu()
        return {name: float(g[i] / g.sum()) for i, name in enumerate(GUILDS)}

    def state_problems(self) -> list[str]:
        """Host variables outside their declared ranges, and gut arrays with NaN/inf/negatives."""
        bad = self.host_state.out_of_range()
        if not np.all(np.isfinite(self.gut.lumen.conc)) or (self.gut.lumen.conc < 0).any():
            bad.append("lumen fields")
        c = self.gut.colonies
        if not np.all(np.isfinite(c.cfu)) or (c.cfu <= 0).any():
            bad.append("colony cfu")
        if (self.gut.epithelium.integrity < 0).any() or (self.gut.epithelium.integrity > 1).any():
            bad.append("barrier integrity")
        return bad


def intervention_stream_names(interventions: list[Intervention]) -> list[str]:
    """A stable random-stream name per intervention: its type, first hour and rank among
    same-type interventions starting that hour. Adding, removing or reordering other
    interventions leaves every other stream untouched (common random numbers)."""
    seen: dict[str, int] = {}
    names = []
    for iv in interventions:
        key = f"intervention.{iv.TYPE}.h{iv.window_h()[0]}"
        seen[key] = seen.get(key, -1) + 1
        names.append(f"{key}.{seen[key]}")
    return names


def _read_column(model: GutBrainModel, column: str):
    """Reads one column of the row measured at the end of the step (measured once per record)."""
    return model._row[column]


def _meal_fat_last_4h(t_h: int, fat_g_per_day: np.ndarray) -> np.ndarray:
    from .gut.lumen import MEAL_HOURS

    hour = t_h % 24
    meals = sum(1 for m in MEAL_HOURS if 0 <= (hour - m) % 24 < 4)
    return fat_g_per_day / len(MEAL_HOURS) * meals
