"""Bad scenario files: one line naming file, table and key with what is allowed; exit 2; no traceback; nothing run."""

import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([ROOT, os.environ.get("PYTHONPATH", "")])}
HEAD = 'name = "t"\nduration_days = 10\nhost = "healthy"\n'
PROBIOTIC = '[[interventions]]\ntype = "probiotic"\nstart_day = 1\nstop_day = 5\n'


def gutbrain(*args, cwd):
    return subprocess.run([sys.executable, "-m", "gutbrain_sim.cli", *args], capture_output=True, text=True,
                          timeout=120, cwd=cwd, env=ENV)


def one_line(r) -> str:
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
    assert "Traceback" not in r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, r.stderr
    return lines[0]


CASES = {
    "unknown top key": (HEAD + 'colour = "red"\n', ["colour", "allowed", "interventions", "params"]),
    "unknown host": ('duration_days = 10\nhost = "hamster"\n', ["host", "hamster", "rodent", "immunocompromised", "elderly"]),
    "code as host is data": ('duration_days = 10\nhost = "__import__(\'os\').system(\'touch PWNED\')"\n', ["unknown host", "healthy"]),
    "unknown intervention type": (HEAD + '[[interventions]]\ntype = "probiotc"\nstart_day = 1\n',
                                  ["[[interventions]] #1", "probiotc", "probiotic", "lps_challenge", "knockout"]),
    "missing intervention type": (HEAD + '[[interventions]]\nstart_day = 1\n', ["[[interventions]] #1", "type", "fmt"]),
    "unknown intervention field": (HEAD + PROBIOTIC + "dose = 5\n",
                                   ["[[interventions]] #1", "probiotic", "'dose'", "dose_cfu_per_day", "viability", "contamination"]),
    "unknown param": (HEAD + "[params]\nfibre_g_per_dya = 3\n", ["[params]", "fibre_g_per_dya", "fibre_g_per_day"]),
    "wrong type top": ('duration_days = "ten"\nhost = "healthy"\n', ["duration_days", "number of days", "'ten'"]),
    "wrong type param": (HEAD + '[params]\ntransit_h = "slow"\n', ["[params]", "transit_h", "[12, 120] h"]),
    "wrong type field": (HEAD + PROBIOTIC + 'viability = "high"\n', ["#1", "probiotic.viability", "[0, 1]", "'high'"]),
    "wrong type list": (HEAD + PROBIOTIC + 'strains = "lactobacillus"\n', ["probiotic.strains", "list", "bifidobacterium"]),
    "unknown strain": (HEAD + PROBIOTIC + 'strains = ["lactobacilus"]\n', ["probiotic.strains", "lactobacilus", "'lactobacillus'"]),
    "unknown choice": (HEAD + '[[interventions]]\ntype = "prebiotic"\nstart_day = 1\nfibre = "pectin"\n',
                       ["prebiotic.fibre", "pectin", "inulin", "fos", "gos"]),
    "bool as number": (HEAD + PROBIOTIC + "dose_cfu_per_day = true\n", ["probiotic.dose_cfu_per_day", "CFU/day"]),
    "out of range field": (HEAD + PROBIOTIC + "viability = 1.5\n", ["probiotic.viability=1.5", "out of range", "[0, 1]"]),
    "out of range lps": (HEAD + '[[interventions]]\ntype = "lps_challenge"\nstart_day = 1\ndose_ng_per_kg = 40\n',
                         ["lps_challenge.dose_ng_per_kg", "[0, 4] ng/kg"]),
    "out of range param": (HEAD + "[params]\ntransit_h = 500\n", ["[params]", "transit_h", "[12, 120] h"]),
    "out of range seed": (HEAD + "seed = -3\n", ["seed", "[0, 4294967295]"]),
    "reversed dates": (HEAD + '[[interventions]]\ntype = "probiotic"\nstart_day = 6\nstop_day = 2\n',
                       ["#1", "stop_day (2) must be after start_day (6)"]),
    "negative day": (HEAD + '[[interventions]]\ntype = "placebo"\nstart_day = -1\n', ["placebo.start_day", "[0, 3650]"]),
    "start after the end": (HEAD + '[[interventions]]\ntype = "placebo"\nstart_day = 12\n', ["start_day 12", "duration_days=10"]),
    "overlapping dates": (HEAD + PROBIOTIC + '[[interventions]]\ntype = "probiotic"\nstart_day = 4\nstop_day = 8\n',
                          ["#1 and #2", "probiotic", "overlap", "1-5", "4-8"]),
    "not on the hour": (HEAD + '[[interventions]]\ntype = "placebo"\nstart_day = 3.3\n', ["placebo.start_day=3.3", "on the hour", "3.29167", "3.33333"]),
    "single event with stop": (HEAD + '[[interventions]]\ntype = "lps_challenge"\nstart_day = 1\nstop_day = 2\n',
                               ["lps_challenge", "single event", "start_day only"]),
    "acute stress with stop": (HEAD + '[[interventions]]\ntype = "stressor"\nkind = "acute"\nstart_day = 1\nstop_day = 2\n',
                               ["#1", "acute stressor", "hours", "chronic"]),
    "unknown fmt donor": (HEAD + '[[interventions]]\ntype = "fmt"\nstart_day = 1\ndonor = "my_friend"\n',
                          ["fmt.donor", "my_friend", "host profile", "healthy", "summary.json"]),
    "interventions not tables": (HEAD + "interventions = [1, 2]\n", ["[[interventions]] #1", "table"]),
    "params not a table": (HEAD + "params = 3\n", ["[params]", "table"]),
    "malformed": ("duration_days = [5\n", ["malformed TOML"]),
}


def _write_special(f, kind):
    if kind == "empty":
        f.write_bytes(b"")
        return ["empty", "duration_days"]
    if kind == "binary":
        f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
        return ["binary"]
    if kind == "huge":
        f.write_text(HEAD + "# padding\n" * 40_000)
        return ["bytes", "limited to 262144"]
    if kind == "latin-1":
        f.write_bytes(HEAD.encode() + 'description = "caf\xe9"\n'.encode("latin-1"))
        return ["not UTF-8"]
    f.mkdir()
    return ["not a regular file"]


@pytest.fixture(scope="module")
def validated(tmp_path_factory):
    """All bad files checked by one `gutbrain validate` call (one subprocess keeps this fast)."""
    d = tmp_path_factory.mktemp("bad")
    expected = {}
    for i, case in enumerate(sorted(CASES)):
        f = d / f"case{i:02d}.toml"
        f.write_text(CASES[case][0], encoding="utf-8")
        expected[str(f)] = (case, CASES[case][1])
    for kind in ("empty", "binary", "huge", "latin-1", "directory"):
        f = d / f"{kind}.toml"
        expected[str(f)] = (kind, _write_special(f, kind))
    before = sorted(p.name for p in d.iterdir())
    r = gutbrain("validate", *expected, cwd=d)
    assert sorted(p.name for p in d.iterdir()) == before  # nothing written, nothing run
    return r, expected


def test_validate_exits_2_without_traceback(validated):
    r, expected = validated
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stdout == ""  # no file passed


@pytest.mark.parametrize("case", sorted(CASES) + ["empty", "binary", "huge", "latin-1", "directory"])
def test_each_bad_file_is_one_line_naming_file_table_key_and_allowed(validated, case):
    r, expected = validated
    path, needles = next((f, n) for f, (c, n) in expected.items() if c == case)
    lines = [ln for ln in r.stderr.splitlines() if ln.startswith(f"gutbrain: error: {path}")]
    assert len(lines) == 1, r.stderr
    for n in needles:
        assert n in lines[0], (n, lines[0])
    assert len(r.stderr.splitlines()) == len(expected)  # one line per bad file, nothing else


def test_run_refuses_a_bad_file_before_writing_anything(tmp_path):
    f = tmp_path / "bad.toml"
    f.write_text(HEAD + PROBIOTIC + "viability = 7\n")
    out = tmp_path / "out"
    line = one_line(gutbrain("run", str(f), "--out", str(out), cwd=tmp_path))
    assert "probiotic.viability=7" in line
    assert not out.exists()


def test_validate_reports_each_bad_file_and_passes_good_ones(tmp_path):
    good, bad = tmp_path / "good.toml", tmp_path / "bad.toml"
    good.write_text(HEAD + PROBIOTIC)
    bad.write_text(HEAD + 'colour = "red"\n')
    r = gutbrain("validate", str(good), str(bad), cwd=tmp_path)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stdout.startswith(f"ok  {good}")
    assert one_line(r).startswith(f"gutbrain: error: {bad}")
