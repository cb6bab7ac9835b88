"""Names never choose a path, and a run lands whole or not at all (issue 17).

Each hostile name or broken disk gives one line on stderr, exit 2, and nothing written outside
the output root: no folder, no partial files, no temporary folder left behind.
"""

from __future__ import annotations

import errno
import json
import subprocess
from pathlib import Path

import pytest

from gutbrain_sim.cli import main as cli_main
from gutbrain_sim.core.errors import UserInputError
from gutbrain_sim.core.outputs import STAGE_PREFIX, folder_name, landing, output_folder

RUN_FILES = {"timeseries.csv", "summary.json", "provenance.json", "scenario.toml", "overview.png"}
TINY_TRIAL = ('population = "healthy"\nn_per_arm = 2\nduration_weeks = 1\n'
              '[[arms]]\nname = "placebo"\n[[arms.interventions]]\ntype = "placebo"\n'
              '[[arms]]\nname = "probiotic"\n[[arms.interventions]]\ntype = "probiotic"\n')
TRIAL_FILES = {"trial_summary.json", "participants.csv", "timecourse.csv", "trial_spec.toml", "forest.png", "timecourse.png"}
ESCAPES = ["/any/absolute/ESCAPED", "..", ".", "a/b", "../../elsewhere", "/../../../../elsewhere/x", "a\\b", ".hidden",
           "x" * 101, "tab\there", "new\nline", "nul\x00", "caf\u00e9", " ", "-"[:0]]


def cli(args, capsys) -> tuple[int, list[str]]:
    try:
        rc = cli_main([str(a) for a in args])
    except SystemExit as exc:
        rc = exc.code
    err = [ln for ln in capsys.readouterr().err.splitlines() if ln.strip()]
    return rc, err


def tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def scenario_file(folder: Path, name: str, days: float = 0.25) -> Path:
    f = folder / "s.toml"
    f.write_text(f'name = {json.dumps(name)}\nduration_days = {days}\nhost = "healthy"\n')  # a JSON string is a TOML one
    return f


# ----------------------------------------------------------------------------------- folder_name
@pytest.mark.parametrize("name", ESCAPES)
def test_folder_name_refuses_paths_and_odd_names_with_one_line(name):
    with pytest.raises(UserInputError) as info:
        folder_name(name, "scenario name", "f.toml")
    assert "\n" not in str(info.value) and "cannot be a folder name" in str(info.value)


@pytest.mark.parametrize("name", ["healthy_baseline", "probiotic-mdd.v2", "A1", "x" * 100])
def test_folder_name_keeps_safe_names_as_they_are(name):
    assert folder_name(name) == name


@pytest.mark.parametrize("name", ["/any/absolute/ESCAPED", "..", "a/b", "/../../../../elsewhere/x"])
def test_scenario_names_that_are_paths_write_nothing(tmp_path, capsys, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    scenario_file(tmp_path, name)
    before = tree(tmp_path)
    rc, err = cli(["run", "s.toml"], capsys)
    assert rc == 2 and len(err) == 1 and "cannot be a folder name" in err[0], err
    assert tree(tmp_path) == before
    assert not Path("/any").exists() and not (tmp_path.parent / "elsewhere").exists()


@pytest.mark.parametrize("name", ["/../../../../elsewhere/trial", "..", "a/b"])
def test_trial_names_that_are_paths_write_nothing(tmp_path, capsys, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.toml").write_text(f'name = "{name}"\n' + TINY_TRIAL)
    rc, err = cli(["trial", "t.toml"], capsys)
    assert rc == 2 and len(err) == 1 and "cannot be a folder name" in err[0], err
    assert tree(tmp_path) == {"t.toml"}


@pytest.mark.parametrize("name", ["..", "/abs", "a/b", ".hidden"])
def test_sweep_names_that_are_paths_are_refused_at_load(tmp_path, capsys, monkeypatch, name):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "w.toml").write_text(f'name = "{name}"\nscenario = "healthy_baseline"\nduration_days = 1\n'
                                     '[[parameters]]\nname = "fibre_g_per_day"\nlevels = [10, 20]\n')
    rc, err = cli(["sweep", "w.toml", "--workers", "1", "--no-progress"], capsys)
    assert rc == 2 and len(err) == 1 and "cannot be a folder name" in err[0], err
    assert tree(tmp_path) == {"w.toml"}


def test_a_symlink_inside_the_output_root_is_not_followed(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / "evil").symlink_to(elsewhere, target_is_directory=True)
    scenario_file(tmp_path, "evil")
    rc, err = cli(["run", "s.toml"], capsys)
    assert rc == 2 and len(err) == 1 and "symbolic link" in err[0], err
    assert list(elsewhere.iterdir()) == []
    with pytest.raises(UserInputError):
        output_folder(tmp_path / "results", "evil")


def test_a_link_inside_an_existing_output_folder_is_replaced_not_written_through(tmp_path, capsys):
    out, victim = tmp_path / "out", tmp_path / "victim.json"
    out.mkdir()
    victim.write_text("keep me\n")
    (out / "summary.json").symlink_to(victim)
    rc, err = cli(["run", scenario_file(tmp_path, "ok"), "--out", out], capsys)
    assert rc == 0, err
    assert victim.read_text() == "keep me\n" and not (out / "summary.json").is_symlink()
    assert {p.name for p in out.iterdir()} == RUN_FILES


# ---------------------------------------------------------------------------- whole or nothing
def test_a_run_lands_whole_beside_files_it_does_not_own(tmp_path, capsys):
    out = tmp_path / "deep" / "out"
    f = scenario_file(tmp_path, "ok")
    assert cli(["run", f, "--out", out], capsys)[0] == 0
    assert {p.name for p in out.iterdir()} == RUN_FILES
    (out / "notes.txt").write_text("mine\n")
    assert cli(["run", f, "--out", out], capsys)[0] == 0  # a rerun replaces its own files only
    assert {p.name for p in out.iterdir()} == RUN_FILES | {"notes.txt"}
    assert not any(p.name.startswith(STAGE_PREFIX) for p in tmp_path.rglob("*"))


def test_output_under_a_file_is_refused_before_simulating(tmp_path, capsys, monkeypatch):
    (tmp_path / "afile").write_text("x")
    import gutbrain_sim.runner as runner

    monkeypatch.setattr(runner, "GutBrainModel", None)  # simulating would fail loudly
    rc, err = cli(["run", scenario_file(tmp_path, "ok"), "--out", tmp_path / "afile" / "sub"], capsys)
    assert rc == 2 and len(err) == 1 and "is a file" in err[0], err
    assert tree(tmp_path) == {"afile", "s.toml"}


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EACCES, errno.EROFS, errno.ENOTDIR])
def test_a_write_error_mid_run_leaves_nothing_and_one_line(tmp_path, capsys, monkeypatch, code):
    import gutbrain_sim.runner as runner

    def failing_figure(path, fig):
        raise OSError(code, "simulated", str(path))

    monkeypatch.setattr(runner, "write_figure", failing_figure)  # the last file of the run
    f = scenario_file(tmp_path, "ok")
    rc, err = cli(["run", f, "--out", tmp_path / "results" / "new"], capsys)
    assert rc == 2 and len(err) == 1 and "nothing was written" in err[0], err
    assert tree(tmp_path) == {"s.toml"}  # not even results/
    old = tmp_path / "old"
    old.mkdir()
    (old / "summary.json").write_text("{}\n")
    rc, err = cli(["run", f, "--out", old], capsys)
    assert rc == 2 and len(err) == 1
    assert tree(old) == {"summary.json"} and (old / "summary.json").read_text() == "{}\n"  # the earlier run is untouched


def test_a_trial_that_cannot_be_written_leaves_nothing(tmp_path, capsys, monkeypatch):
    import gutbrain_sim.core.outputs as outputs

    def full(path, fig):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(outputs, "write_figure", full)
    (tmp_path / "t.toml").write_text('name = "tiny"\n' + TINY_TRIAL)
    rc, err = cli(["trial", tmp_path / "t.toml", "--out", tmp_path / "out"], capsys)
    assert rc == 2 and len(err) == 1 and "the disk is full" in err[0], err
    assert tree(tmp_path) == {"t.toml"}


def test_landing_removes_its_folder_on_any_error(tmp_path):
    with pytest.raises(KeyboardInterrupt), landing(tmp_path / "a" / "b") as stage:
        (stage / "half.csv").write_text("1,2\n")
        raise KeyboardInterrupt
    assert tree(tmp_path) == set()


# ------------------------------------------------------------------------ real small / read-only disks
def _mount(args: list[str], where: Path) -> None:
    r = subprocess.run(["mount", *args, str(where)], capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({r.stderr.strip() or r.returncode}); the monkeypatched tests cover it")


@pytest.fixture
def small_disk(tmp_path):
    where = tmp_path / "small"
    where.mkdir()
    _mount(["-t", "tmpfs", "-o", "size=64k", "tmpfs"], where)
    yield where
    subprocess.run(["umount", str(where)], check=False)


@pytest.fixture
def read_only_disk(tmp_path):
    where = tmp_path / "ro"
    where.mkdir()
    _mount(["-t", "tmpfs", "-o", "size=1m,ro", "tmpfs"], where)
    yield where
    subprocess.run(["umount", str(where)], check=False)


def test_a_full_disk_gives_one_line_and_an_empty_disk(small_disk, tmp_path, capsys):
    rc, err = cli(["run", scenario_file(tmp_path, "ok", days=2), "--out", small_disk / "run"], capsys)
    assert rc == 2 and len(err) == 1 and "the disk is full" in err[0], err
    assert list(small_disk.iterdir()) == []


def test_a_read_only_disk_is_refused_before_simulating(read_only_disk, tmp_path, capsys, monkeypatch):
    import gutbrain_sim.runner as runner

    monkeypatch.setattr(runner, "GutBrainModel", None)
    rc, err = cli(["run", scenario_file(tmp_path, "ok"), "--out", read_only_disk / "run"], capsys)
    assert rc == 2 and len(err) == 1 and "read-only" in err[0], err
    assert list(read_only_disk.iterdir()) == []
