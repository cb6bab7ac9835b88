"""Virtual randomised trials: spec -> screened, randomised participants -> effect sizes and figures.

A trial runs like a real one (SCIENCE.md 10-11): people are drawn from a host profile and
settle for ``warmup_days``; at screening (one week before baseline) a rater scores HAM-D with
error and those at or above the inclusion threshold enrol (so baseline scores regress to the
mean); at baseline every arm starts its interventions and, when blinded, every participant
gets the same expectancy; raters score HAM-D, HAM-A and a lab measures CRP every assessment
week; some drop out (last observation carried forward). The primary effect is Hedges g of the
end-of-trial scores, treatment minus control (negative = benefit).

API: ``load_trial_spec(path)``, ``trial_spec_from_dict(d, where)``, ``run_trial(spec, ...)`` ->
``TrialResult`` with ``.summary``, ``.participants``, ``.write(out_dir)``, ``.forest_figure()``,
``.timecourse_figure()``. Teaching model, not medical advice.
"""

from __future__ import annotations

import math
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..core.errors import UserInputError
from .analysis import analyse
from .cohort import ArmPlan, Cohort
from .spec import OUTCOMES, TrialSpec, gut_kind, load_trial_spec, trial_spec_from_dict

__all__ = ["TrialResult", "TrialSpec", "load_trial_spec", "run_trial", "trial_spec_from_dict", "OUTCOMES"]

SCALE_MAX = {"depression_hamd": 52.0, "anxiety_hama": 56.0}
CRP_LAB_CV = 0.05  # assay coefficient of variation
SCREEN_OVERSAMPLE = 1.4  # people drawn per place when screening (most candidates of depression profiles qualify)
MAX_HOSTS_PER_CHUNK = 2500  # well-mixed gut: replicates run in chunks of at most this many people per arm
TRAIT_COLUMNS = ("age_years", "bmi_kg_per_m2", "fibre_g_per_day", "stress_baseline", "transit_h", "depression_trait_hamd", "placebo_response_hamd")


# ---------------------------------------------------------------------------- running
def _rate(true: np.ndarray, outcome: str, noise_sd: float, g) -> np.ndarray:
    """What a rater (or the lab) records for a true value."""
    if outcome == "crp_mg_per_l":
        return np.round(true * g.lognormal(0.0, CRP_LAB_CV, true.size), 2)
    sd = noise_sd * (1.0 if outcome == "depression_hamd" else 1.1)
    return np.clip(np.round(true + sd * g.standard_normal(true.size)), 0.0, SCALE_MAX[outcome])


def candidates(spec: TrialSpec, sizes: list[int]) -> list[int]:
    """People drawn per arm and replicate: more than the places when screening will turn some away."""
    over = SCREEN_OVERSAMPLE if spec.inclusion_threshold is not None else 1.0
    return [int(math.ceil(k * over)) for k in sizes]


def warm_up(people, spec: TrialSpec, progress=None) -> None:
    """The people's life before screening (``warmup_days``, mood settled at the end); event
    counters start at screening. ``people``: a ``Cohort`` or one replayed person's engine."""
    warm_h = spec.warmup_days * 24
    people.advance(warm_h, -(warm_h + 168), settle_last=True, progress=progress)
    for g in getattr(people, "groups", [people]):
        g.counters = {k: np.zeros(g.n, np.int64) for k in g.counters}


def _run_chunk(spec: TrialSpec, first: int, sizes: list[int], seed: int, gut: str, progress=None, record_people: bool = False) -> dict:
    """Run replicates ``first .. first+len(sizes)-1`` side by side; return per-participant arrays.

    ``record_people``: also keep every person's timeseries (every column, one row a day from
    screening on), which ``gutbrain run --from-trial`` reproduces byte for byte."""
    threshold = spec.inclusion_threshold
    cand = candidates(spec, sizes)
    arms = [ArmPlan(a.name, a.interventions) for a in spec.arms]
    cohort = Cohort(spec.population, arms, cand, seed=seed, gut=gut, params=spec.params, duration_days=spec.duration_days,
                    first_replicate=first)
    warm_up(cohort, spec, progress)
    screened, filled = [], []
    for g in cohort.groups:  # screening one week before baseline
        true = g.state["depression_hamd"]
        score = _rate(true, "depression_hamd", spec.rater_noise_hamd, g.rng("rater.screening"))
        keep, n_filled = [], 0
        for sl, k in zip(g.slices(), sizes, strict=True):
            idx = np.arange(sl.start, sl.stop)
            if threshold is None:
                chosen = idx[:k]
            else:
                ok = idx[score[idx] >= threshold]
                chosen = ok[:k]
                if chosen.size < k:  # too few qualified: the highest scorers fill the places
                    rest = np.setdiff1d(idx, chosen)
                    extra = rest[np.argsort(-score[rest], kind="stable")][: k - chosen.size]
                    n_filled += extra.size
                    chosen = np.sort(np.concatenate([chosen, extra]))
            keep.append(chosen)
        keep = np.concatenate(keep)
        screened.append(score[keep])
        filled.append(n_filled)
        cohort.take(g, keep)
        g.expectancy = np.full(g.n, spec.expectancy) if spec.blinded else None
    recorded = [[g.measure()] for g in cohort.groups] if record_people else None

    def advance_week(start_h: int) -> None:
        if recorded is None:
            cohort.advance(168, start_h, progress=progress)
            return
        for day in range(7):
            cohort.advance(24, start_h + 24 * day, progress=progress)
            for k, g in enumerate(cohort.groups):
                recorded[k].append(g.measure())

    advance_week(-168)

    weeks = int(spec.duration_weeks)
    visit_weeks = sorted(set(range(0, weeks + 1, spec.assessment_interval_weeks)) | {weeks})
    per_week_drop = 1.0 - (1.0 - spec.dropout) ** (1.0 / weeks) if spec.dropout > 0 else 0.0
    out = []
    records = [dict(rated={o: [] for o in OUTCOMES}, true={o: [] for o in OUTCOMES}, dropped=np.full(g.n, -1)) for g in cohort.groups]
    baseline_gut = [g.measure() for g in cohort.groups]
    for week in range(weeks + 1):
        if week > 0:
            advance_week((week - 1) * 168)
        for k, g in enumerate(cohort.groups):
            rec = records[k]
            now = g.measure()
            if week > 0 and per_week_drop > 0:
                leave = (g.rng("dropout").random(g.n) < per_week_drop) & (rec["dropped"] < 0)
                rec["dropped"][leave] = week
            seen = (rec["dropped"] < 0) & (week in visit_weeks)
            for o in OUTCOMES:
                rated = _rate(now[o], o, spec.rater_noise_hamd, g.rng(f"rater.{o}"))
                prev = rec["rated"][o][-1] if rec["rated"][o] else rated
                rec["rated"][o].append(np.where(seen | (week == 0), rated, prev))  # last observation carried forward
                rec["true"][o].append(now[o].copy())
    for k, g in enumerate(cohort.groups):
        rec = records[k]
        people = cohort.participants(g)
        traits = {name: np.array([a.traits()[name] for a in people]) for name in TRAIT_COLUMNS}
        out.append({
            "arm": g.name, "replicate": g.replicate.copy(), "row": np.arange(g.n), "person": g.person.copy(),
            "traits": traits, "screening_hamd": screened[k], "filled": filled[k],
            "baseline_gut": {key: baseline_gut[k][key] for key in ("shannon_diversity", "abundance_butyrate_producers", "abundance_pathobionts")},
            "rated": {o: np.array(v) for o, v in rec["rated"].items()}, "true": {o: np.array(v) for o, v in rec["true"].items()},
            "dropped": rec["dropped"], "translocated_bacteria": g.counters["translocated_bacteria"].copy(),
            "translocated_probiotic_bacteria": g.counters["translocated_probiotic_bacteria"].copy(),
            "bacteraemia_episodes": g.counters["bacteraemia_episodes"].copy(),
            "bacteraemia_probiotic_episodes": g.counters["bacteraemia_probiotic_episodes"].copy(),
            "trajectory": None if recorded is None else _trajectory(recorded[k]),
        })
    return {"groups": out, "first": first, "sizes": sizes}


def _trajectory(rows: list[dict]) -> dict[str, np.ndarray]:
    """Daily measurements from screening (hour -168) on, as column -> (days, people)."""
    out = {c: np.array([r[c] for r in rows]) for c in rows[0]}
    out["time_h"] = np.repeat((-168 + 24 * np.arange(len(rows)))[:, None], out["depression_hamd"].shape[1], axis=1)
    out["day"] = out["time_h"] / 24.0
    return out


def replicate_chunks(sizes: list[int], gut: str, slots: int = 1) -> list[tuple[int, list[int]]]:
    """The tasks a trial's replicates run as: (first replicate, people per arm of each), whole
    replicates only, so one worker always holds whole cohorts. The agent gut takes one replicate
    a task (its memory grows with people); the well-mixed gut batches replicates (its cost is
    mostly per hour, not per person) into at most ``MAX_HOSTS_PER_CHUNK`` people per arm and at
    least ``slots`` tasks, for ``slots`` workers. Results do not depend on the chunks: every
    person's numbers come from their own streams, whoever shares their engine."""
    if gut == "agent":
        return [(r, [k]) for r, k in enumerate(sizes)]
    n_tasks = max(min(slots, len(sizes)), 1)
    out = []
    for part in np.array_split(np.arange(len(sizes)), n_tasks):
        start, stop = int(part[0]), int(part[-1]) + 1
        while start < stop:
            end, total = start, 0
            while end < stop and (total == 0 or total + sizes[end] <= MAX_HOSTS_PER_CHUNK):
                total += sizes[end]
                end += 1
            out.append((start, sizes[start:end]))
            start = end
    return out


def override(spec: TrialSpec, replicates: int | None = None, seed: int | None = None, gut: str | None = None,
             pathways: int | None = None) -> TrialSpec:
    """Set the spec's replicates, seed, gut kind and pathways people where given (checked; one-line error otherwise):
    a command-line flag wins over the spec's key."""
    if replicates is not None:
        if isinstance(replicates, bool) or not isinstance(replicates, int) or not 1 <= replicates <= 10000:
            raise UserInputError(f"replicates must be a whole number in [1, 10000], got {replicates!r}")
        spec.replicates = replicates
    if seed is not None:
        if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**32:
            raise UserInputError(f"seed must be a whole number in [0, 4294967295], got {seed!r}")
        spec.seed = seed
    if gut is not None:
        spec.gut = gut_kind(gut)
    if pathways is not None:
        from .pathways import flag_people, probiotic_arm

        spec.pathways = flag_people(pathways)
        probiotic_arm(spec, "--pathways")
    return spec


def run_trial(spec: TrialSpec | str | Path, *, replicates: int | None = None, seed: int | None = None,
              progress: bool = False, gut: str | None = None, workers: int = 1, executor: Executor | None = None,
              record_people: bool = False) -> TrialResult:
    """Run a virtual trial (with ``replicates`` independent repetitions) and analyse it.

    Args:
        spec: a ``TrialSpec`` or a path to its TOML file.
        replicates, seed: override the spec's values.
        progress: show a progress bar on stderr.
        gut: "mixed" (fast well-mixed gut for all participants at once) or "agent" (agent-based gut each);
            overrides the spec's ``gut`` (default: the spec's, itself "mixed" unless the spec says).
        workers: local processes for the replicates (``replicate_chunks``); 1 runs in this process.
        executor: any ``concurrent.futures.Executor`` instead (e.g. a Dask client's
            ``get_executor()``, whose workers must run the same package sources and libraries:
            checked first); used as given and not shut down. ``workers`` is then ignored.
        record_people: keep every participant's daily timeseries (``TrialResult.people``,
            written to ``people/``), each one reproducible alone (``replay``).

    The results are byte-identical for any ``workers`` and any executor.
    """
    if not isinstance(spec, TrialSpec):
        spec = load_trial_spec(spec)
    override(spec, replicates, seed, gut)
    gut = spec.gut
    from ..sweeps.cluster import (  # the executors sweeps use too
        check_executor,
        executor_slots,
        worker_count,
    )

    worker_count(workers, where="workers")
    check_executor(executor)
    sizes = [spec.n_per_arm] * spec.replicates
    chunks = replicate_chunks(sizes, gut, executor_slots(executor) if executor is not None else workers)
    hours_each = 24 * (spec.warmup_days + 7 + 7 * int(spec.duration_weeks))
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=hours_each * len(chunks), unit="h", desc=f"trial {spec.name}", leave=False)
    try:
        if executor is None and (workers == 1 or len(chunks) == 1):
            parts = [_run_chunk(spec, first, s, spec.seed, gut, bar.update if bar is not None else None, record_people)
                     for first, s in chunks]
        elif executor is None:
            with ProcessPoolExecutor(max_workers=min(workers, len(chunks))) as pool:
                parts = _gather(pool, spec, chunks, gut, record_people, bar, hours_each)
        else:
            parts = _gather(executor, spec, chunks, gut, record_people, bar, hours_each)
    finally:
        if bar is not None:
            bar.close()
    result = TrialResult(spec, *analyse(spec, parts, gut), people=_people_tables(parts) if record_people else None)
    if spec.pathways is not None:  # opt-in: the probiotic's effect by mechanism (trials.pathways)
        from .pathways import pathways_block

        result.summary["pathways"] = pathways_block(spec)
    return result


def _gather(executor: Executor, spec: TrialSpec, chunks, gut: str, record_people: bool, bar, hours_each: int) -> list[dict]:
    """Every chunk on ``executor``; the parts in chunk order (as one process would make them)."""
    futures = [executor.submit(_run_chunk, spec, first, s, spec.seed, gut, None, record_people) for first, s in chunks]
    try:
        for fut in as_completed(futures):
            fut.result()  # a failed chunk raises here, at once
            if bar is not None:
                bar.update(hours_each)
        return [f.result() for f in futures]
    finally:
        for fut in futures:
            fut.cancel()


def _people_tables(parts: list[dict]) -> dict[tuple[str, int, int], object]:
    """(arm, replicate, participant) -> that person's daily timeseries (``metrics.timeseries_frame``)."""
    from ..metrics import timeseries_frame

    out = {}
    for part in parts:
        for grp in part["groups"]:
            t = grp["trajectory"]
            participant = np.arange(len(grp["replicate"])) - np.searchsorted(grp["replicate"], grp["replicate"])
            for i, (rep, k) in enumerate(zip(grp["replicate"], participant, strict=True)):
                out[(grp["arm"], int(rep), int(k))] = timeseries_frame({c: v[:, i] for c, v in t.items()})
    return out


# ---------------------------------------------------------------------------- result
@dataclass
class TrialResult:
    spec: TrialSpec
    summary: dict
    participants: pd.DataFrame
    timecourse: pd.DataFrame
    weekly_hamd: pd.DataFrame | None = None  # rated HAM-D, one row a participant, one column a week (not written)
    people: dict | None = None  # (arm, replicate, participant) -> daily timeseries, with record_people

    def forest_figure(self):
        from .plots import forest_figure

        return forest_figure(self)

    def timecourse_figure(self):
        from .plots import timecourse_figure

        return timecourse_figure(self)

    def write(self, out_dir: str | Path, parquet: bool = False) -> list[Path]:
        """Write trial_summary.json, provenance.json, participants.csv, timecourse.csv, trial_spec.toml, forest.png,
        timecourse.png (and people/ when recorded); ``parquet``: also every CSV's Parquet twin (needs pyarrow)."""
        import matplotlib.pyplot as plt

        from ..core.environment import environment
        from ..core.outputs import write_csv, write_figure, write_json, write_text

        out = Path(out_dir)
        if out.exists() and not out.is_dir():
            raise UserInputError("exists and is not a folder", where=str(out))
        if parquet:
            from ..core.tidy import require_pyarrow, write_parquet_twin

            require_pyarrow()
        write_json(out / "trial_summary.json", self.summary)
        write_json(out / "provenance.json", {**environment(), "seed": self.summary.get("seed"), "gut": self.summary.get("gut"),
                                               "trial": self.spec.name})
        tables = [(out / "participants.csv", self.participants), (out / "timecourse.csv", self.timecourse)]
        tables += [(out / "people" / person_file(arm, rep, k), frame) for (arm, rep, k), frame in (self.people or {}).items()]
        for path, frame in tables[:2]:
            write_csv(path, frame)
        write_text(out / "trial_spec.toml", self.spec.to_toml())
        for name, make in (("forest.png", self.forest_figure), ("timecourse.png", self.timecourse_figure)):
            fig = make()
            try:
                write_figure(out / name, fig)
            finally:
                plt.close(fig)
        written = [out / f for f in ("trial_summary.json", "participants.csv", "timecourse.csv", "trial_spec.toml", "forest.png", "timecourse.png")]
        for path, frame in tables[2:]:
            write_csv(path, frame)
            written.append(path)
        if parquet:
            written += [write_parquet_twin(path) for path, _ in tables]
        return written


def person_file(arm: str, replicate: int, participant: int) -> str:
    """Where a recorded participant's timeseries lives inside a trial's ``people/`` folder."""
    return f"{arm}/replicate{replicate}_participant{participant}.csv"
