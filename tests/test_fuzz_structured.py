"""Structured fuzz of every kind of file a user or a stranger can hand in (issue #17): scenario,
trial spec, sweep spec, FMT donor summary, trial folder for --from-trial, dashboard upload,
microbiome table (`gutbrain profile import`) and host profile file (a scenario's host).

Each mutated file must end in success or in one line ``gutbrain: error: ...`` with exit 2:
never a traceback, and nothing written (the working folder stays empty; no --out is given,
so hostile names are what would choose the folder). The simulation itself is replaced by a
stop sign once a file has passed validation: this fuzzes reading, not the model.
200 files per kind by default, 2,000 more per kind in the long tier, `pytest --long` (fixed seeds).
"""

from __future__ import annotations

import io
import json
import tomllib
from pathlib import Path

import pytest
from fuzzing import json_bytes, mutants, toml_bytes

from gutbrain_sim.cli import main as cli_main
from gutbrain_sim.scenario import list_scenarios

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_N, SLOW_N = 200, 2000
KINDS = ("scenario", "trial", "sweep", "donor", "replay", "upload", "table", "profile")


class Accepted(BaseException):  # noqa: N818 - a stop sign, not an error: the file passed validation
    """Raised where the simulation would start."""


def _stop(*args, **kwargs):
    raise Accepted


def _toml(path: Path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def scenario_sources() -> list[dict]:
    return [_toml(p) for p in list_scenarios().values()]


def trial_sources() -> list[dict]:
    return [_toml(p) for p in sorted((ROOT / "gutbrain_sim" / "data" / "trials").glob("*.toml"))]


def sweep_sources() -> list[dict]:
    base = _toml(ROOT / "experiments" / "fibre_probiotic_sweep.toml")
    sobol = {"name": "s", "scenario": "healthy_baseline", "duration_days": 2, "seeds": [1, 2],
             "design": {"kind": "sobol", "base_samples": 4, "seed": 3},
             "parameters": [{"name": "fibre_g_per_day"}, {"name": "transit_h", "low": 20, "high": 60}],
             "metrics": ["butyrate_mM:end"]}
    morris = {"scenario": "mdd_untreated", "design": {"kind": "morris", "trajectories": 2, "levels": 4},
              "parameters": [{"name": "fibre_g_per_day"}, {"name": "transit_h"}]}
    grid = {"scenario": "healthy_baseline", "parameters": [{"name": "fibre_g_per_day", "values": [10, 20, 30]}],
            "design": {"kind": "grid"}, "paired": {"set": {"fibre_g_per_day": 5}}}
    return [base, sobol, morris, grid]


def donor_sources() -> list[dict]:
    from gutbrain_sim.params import GUILDS

    share = 1 / len(GUILDS)
    return [{"scenario": {"name": "donor", "host": "healthy"}, "translocated_bacteria": 0,
             "metrics": {"depression_hamd": {"start": 1.0, "end": 0.5, "unit": "HAM-D-17 (0-52)"}},
             "final_composition": {g: share for g in GUILDS}}]


def profile_sources() -> list[dict]:
    from gutbrain_sim.hosts import profiles

    text = (ROOT / "gutbrain_sim" / "data" / "hosts.toml").read_text(encoding="utf-8")
    return [{name: table} for name, table in tomllib.loads(text).items() if name in profiles()]


def table_sources() -> list[bytes]:
    return [p.read_bytes() for p in sorted((ROOT / "gutbrain_sim" / "data" / "profiles").iterdir()) if p.is_file()]


# ------------------------------------------------------------------------------------- the harness
def outcome(argv: list[str], capsys) -> tuple[str, str]:
    """('accepted' | 'rejected' | 'BAD', stderr) of one CLI call."""
    try:
        rc = cli_main(argv)
    except Accepted:
        return "accepted", capsys.readouterr().err
    except SystemExit as exc:
        rc = exc.code
    except Exception as exc:  # any escape is a finding
        return "BAD", f"{type(exc).__name__}: {exc}"[:300]
    err = capsys.readouterr().err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    if rc == 0 and "Traceback" not in err:
        return "accepted", err
    if rc == 2 and len(lines) == 1 and lines[0].startswith("gutbrain: error: "):
        return "rejected", err
    return "BAD", f"exit {rc}: {err[-300:]}"


def fuzz(kind: str, n: int, seed: int, tmp_path: Path, capsys, monkeypatch) -> dict:
    """Run ``n`` mutants of ``kind``; return counts and the first findings."""
    import gutbrain_sim.model
    import gutbrain_sim.runner  # noqa: F401 - see below
    import gutbrain_sim.sweeps
    import gutbrain_sim.trials.replay
    import gutbrain_sim.trials.run

    # Every module that binds a patched name at import (`from .model import GutBrainModel`, `from .core.outputs
    # import write_text`) is imported before the patches: one first imported during a fuzz call would keep the stop
    # sign after the test (test_model_core's run() raised Accepted when run after this file alone).
    monkeypatch.setattr(gutbrain_sim.model, "GutBrainModel", _stop)  # `gutbrain run` builds it after validating
    monkeypatch.setattr(gutbrain_sim.trials.run, "run_trial", _stop)
    monkeypatch.setattr(gutbrain_sim.sweeps, "run_sweep", _stop)
    monkeypatch.setattr(gutbrain_sim.trials.replay, "People", _stop)  # after the folder's files were read
    if kind == "table":
        import gutbrain_sim.core.outputs

        monkeypatch.setattr(gutbrain_sim.core.outputs, "write_text", _stop)  # where the profile file would be written
    work = tmp_path / "work"  # the working folder: must stay empty
    work.mkdir()
    inputs = tmp_path / "in"
    inputs.mkdir()
    monkeypatch.chdir(work)
    counts = {"accepted": 0, "rejected": 0, "BAD": 0}
    findings: list[str] = []
    for i, (argv, label) in enumerate(_cases(kind, n, seed, inputs)):
        if kind == "upload":
            result, err = _upload_outcome(argv)
        else:
            result, err = outcome(argv, capsys)
        written = sorted(str(p.relative_to(work)) for p in work.rglob("*"))
        if written:
            result, err = "BAD", f"wrote {written[:3]}"
            for p in sorted(work.rglob("*"), reverse=True):
                p.unlink() if p.is_file() or p.is_symlink() else p.rmdir()
        counts[result] += 1
        if result == "BAD" and len(findings) < 5:
            findings.append(f"#{i} {label}: {err}")
    return {"kind": kind, "files": n, **counts, "findings": findings}


def _write(folder: Path, name: str, data: bytes) -> Path:
    p = folder / name
    p.write_bytes(data)
    return p


def _cases(kind: str, n: int, seed: int, inputs: Path):
    """(argv, label) per mutant; files are written into ``inputs`` (outside the working folder)."""
    if kind == "scenario":
        for m in mutants(scenario_sources(), n, seed):
            yield ["run", str(_write(inputs, "scenario.toml", m.data))], "+".join(m.ops)
    elif kind == "trial":
        for m in mutants(trial_sources(), n, seed):
            yield ["trial", str(_write(inputs, "trial.toml", m.data))], "+".join(m.ops)
    elif kind == "sweep":
        for m in mutants(sweep_sources(), n, seed):
            yield ["sweep", str(_write(inputs, "sweep.toml", m.data))], "+".join(m.ops)
    elif kind == "donor":
        scenario = _write(inputs, "fmt.toml", toml_bytes({
            "name": "fmt_from_file", "duration_days": 10, "host": "healthy",
            "interventions": [{"type": "fmt", "start_day": 2, "donor": str(inputs / "summary.json")}]}))
        for m in mutants(donor_sources(), n, seed, dump=json_bytes, json_only=True):
            _write(inputs, "summary.json", m.data)
            yield ["run", str(scenario)], "+".join(m.ops)
    elif kind == "replay":
        yield from _replay_cases(n, seed, inputs)
    elif kind == "profile":
        scenario = _write(inputs, "uses_profile.toml", toml_bytes({"name": "p", "duration_days": 2, "host": str(inputs / "prof.toml")}))
        for m in mutants(profile_sources(), n, seed):
            _write(inputs, "prof.toml", m.data)
            yield ["run", str(scenario)], "+".join(m.ops)
    elif kind == "table":
        yield from _table_cases(n, seed, inputs)
    else:
        for m in mutants(scenario_sources(), n, seed):
            yield m, "+".join(m.ops)


def _replay_cases(n: int, seed: int, inputs: Path):
    """A trial folder (spec, summary, participants) with one of its three files mutated."""
    import random

    spec = next(s for s in trial_sources() if s["name"] == "probiotic_mdd")  # it has a probiotic arm
    summary = {"trial": spec["name"], "seed": 5, "gut": "mixed", "n_replicates": 1, "n_per_arm": 4}
    csv = "arm,replicate,participant,drawn_as,baseline_hamd\n" + "".join(
        f"{arm},0,{k},{k},20.0\n" for arm in ("placebo", "probiotic") for k in range(4))
    folder = inputs / "trial"
    folder.mkdir(exist_ok=True)
    rnd = random.Random(seed)
    spec_m = mutants([spec], n, seed)
    summary_m = mutants([summary], n, seed + 1, dump=json_bytes, json_only=True)
    for _ in range(n):
        which = rnd.randrange(3)
        _write(folder, "trial_spec.toml", next(spec_m).data if which == 0 else toml_bytes(spec))
        s = next(summary_m)
        _write(folder, "trial_summary.json", s.data if which == 1 else json_bytes(summary))
        _write(folder, "participants.csv", _mutate_csv(csv, rnd) if which == 2 else csv.encode())
        yield ["run", "--from-trial", str(folder), "--arm", "probiotic", "--participant", str(rnd.choice((0, 1, 3, 9)))], f"file {which}"


def _table_cases(n: int, seed: int, inputs: Path):
    """The shipped microbiome tables with cells, lines and bytes mutated, read by `gutbrain profile import`."""
    import random

    from fuzzing import mutate_text

    rnd = random.Random(seed)
    sources = table_sources()
    cells = ("", "nan", "-1", "1e308", "inf", "x", "0", "1e-320", "\u202e", "g__", "k__Bacteria|", "|||", "9" * 400)
    for _ in range(n):
        lines = rnd.choice(sources).decode("utf-8").split("\n")
        for _ in range(rnd.choice((1, 2, 5))):
            i = rnd.randrange(len(lines))
            fields = lines[i].split("\t")
            op = rnd.randrange(4)
            if op == 0:
                fields[rnd.randrange(len(fields))] = rnd.choice(cells)
            elif op == 1 and len(fields) > 1:
                del fields[rnd.randrange(len(fields))]
            elif op == 2:
                fields.append(rnd.choice(cells))
            else:
                lines.insert(i, rnd.choice(("#clade_name\tsample_a\tsample_b", "clade_name\ta\tb", "genus,abundance", "\t\t")))
            lines[i] = "\t".join(fields)
        raw, label = "\n".join(lines).encode("utf-8", "surrogatepass"), "cells"
        if rnd.random() < 0.3:
            raw, label = mutate_text(raw, rnd)
        table = _write(inputs, "table.txt", raw)
        extra = rnd.choice(([], [], ["--sample", "a"], ["--format", "metaphlan"], ["--format", "tsv"]))
        yield ["profile", "import", str(table), "--name", "fuzzed", *extra], label


def _mutate_csv(csv: str, rnd) -> bytes:
    rows = [r.split(",") for r in csv.strip().split("\n")]
    for _ in range(rnd.choice((1, 2, 3))):
        r = rnd.randrange(len(rows))
        c = rnd.randrange(max(1, len(rows[r])))
        op = rnd.randrange(4)
        if op == 0 and rows[r]:
            rows[r][c] = rnd.choice(("", "nan", "-1", "1e30", "x", '"', "9" * 40, "0.5", "inf", "\u202e"))
        elif op == 1 and rows[r]:
            del rows[r][c]
        elif op == 2:
            rows[r].append("extra")
        else:
            rows.insert(r, list(rows[r]))
    text = "\n".join(",".join(r) for r in rows) + "\n"
    if rnd.random() < 0.1:
        return text.encode()[: rnd.randrange(len(text))] + b"\xff\x00"
    return text.encode()


# ------------------------------------------------------------------------------------- the upload
_SESSION = {}


def _upload_outcome(m) -> tuple[str, str]:
    """A dashboard upload: accepted, or one-line UserInputError with the session's settings unchanged."""
    from gutbrain_sim.app.session import Session
    from gutbrain_sim.core.errors import UserInputError

    if "s" not in _SESSION:
        Session.reset = lambda self: None  # the model is not rebuilt: this fuzzes reading the upload
        _SESSION["s"] = Session("healthy_baseline")
    s = _SESSION["s"]
    before = json.dumps(s.settings, sort_keys=True, default=str)
    try:
        s.load_upload("upload.toml", len(m.data), io.BytesIO(m.data))
    except UserInputError as exc:
        after = json.dumps(s.settings, sort_keys=True, default=str)
        if "\n" in str(exc) or after != before:
            return "BAD", f"message {str(exc)[:200]!r}, settings changed: {after != before}"
        return "rejected", str(exc)
    except Exception as exc:
        return "BAD", f"{type(exc).__name__}: {exc}"[:300]
    return "accepted", ""


# ------------------------------------------------------------------------------------- the tests
@pytest.fixture
def restore_session_reset():
    from gutbrain_sim.app.session import Session

    saved = Session.reset
    yield
    Session.reset = saved
    _SESSION.clear()


@pytest.mark.parametrize("kind", KINDS)
def test_fuzzed_files_end_in_success_or_one_line(kind, tmp_path, capsys, monkeypatch, restore_session_reset):
    report = fuzz(kind, DEFAULT_N, seed=2026, tmp_path=tmp_path, capsys=capsys, monkeypatch=monkeypatch)
    assert report["BAD"] == 0, report
    assert report["rejected"] >= DEFAULT_N // 10 and report["accepted"] >= 1, report  # both paths were exercised


@pytest.mark.long
@pytest.mark.parametrize("kind", KINDS)
def test_two_thousand_fuzzed_files_per_kind(kind, tmp_path, capsys, monkeypatch, restore_session_reset):
    report = fuzz(kind, SLOW_N, seed=17, tmp_path=tmp_path, capsys=capsys, monkeypatch=monkeypatch)
    print(json.dumps(report))
    assert report["BAD"] == 0, report
