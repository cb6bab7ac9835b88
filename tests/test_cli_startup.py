"""The listing and help commands start without the heavy libraries (a bound, not a timing:
benchmarks/bench_cli.py measures the seconds), and a reader that stops early ends them quietly."""

import json
import subprocess
import sys

import pytest

HEAVY = ("numba", "matplotlib", "mesa", "solara", "pandas", "scipy")


def loaded_after(code: str) -> dict:
    """Which heavy top-level packages are in sys.modules after running ``code`` in a fresh interpreter."""
    probe = code + f"\nimport sys, json\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))))"
    r = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout.strip().splitlines()[-1])


def test_importing_the_cli_or_the_package_loads_no_heavy_library():
    assert loaded_after("import gutbrain_sim.cli") == []
    assert loaded_after("import gutbrain_sim") == []


@pytest.mark.parametrize("argv", [["scenarios"], ["exercise", "list"], ["--help"], ["trial", "--help"], ["params"]])
def test_listing_and_help_commands_load_no_heavy_library(argv):
    code = ("import contextlib, io\nfrom gutbrain_sim import cli\n"
            "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
            f"    try: status = cli.main({argv!r})\n"
            "    except SystemExit as e: status = e.code\n"
            "assert status == 0 and out.getvalue().strip(), (status, out.getvalue())\n")
    assert loaded_after(code) == []


def test_the_lazy_package_attributes_still_resolve():
    import gutbrain_sim

    assert gutbrain_sim.load_scenario.__module__ == "gutbrain_sim.scenario"
    assert gutbrain_sim.GutBrainModel.__name__ == "GutBrainModel"
    assert {"run", "GutBrainModel", "Scenario", "UserInputError"} <= set(dir(gutbrain_sim))
    with pytest.raises(AttributeError):
        _ = gutbrain_sim.no_such_name


@pytest.mark.parametrize("argv", [["scenarios"], ["exercise", "list"], ["params"], ["--help"]])
def test_a_closed_pipe_ends_the_command_quietly(argv):
    # the read end is closed before the command has written anything, so every write meets EPIPE
    p = subprocess.Popen([sys.executable, "-m", "gutbrain_sim.cli", *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdout.close()
    err = p.stderr.read().decode()
    status = p.wait(timeout=120)
    assert err == ""
    assert status in (0, 141)  # 141 = 128 + SIGPIPE, what `cat` or `ls` report in the same place


def test_a_reader_that_takes_one_line_gets_it():
    r = subprocess.run(f"{sys.executable} -m gutbrain_sim.cli scenarios | head -1", shell=True, capture_output=True, text=True, timeout=120)
    assert r.stderr == ""
    assert len(r.stdout.splitlines()) == 1 and " d " in r.stdout
