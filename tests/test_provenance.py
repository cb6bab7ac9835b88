"""Every provenance.json names the package version, the commit (in a checkout) and the versions
of the libraries that shape the numbers; the sweep lock works through filelock."""

from __future__ import annotations

import re
import subprocess
import sys

from gutbrain_sim import __version__
from gutbrain_sim.core.environment import environment, fingerprint


def test_environment_lists_versions_and_commit():
    env = environment()
    assert env["version"] == __version__ and env["package"] == "gutbrain_sim"
    for lib in ("numpy", "numba", "scipy", "pandas", "SALib", "mesa", "matplotlib", "tomli-w", "filelock"):
        assert re.match(r"\d+\.\d+", env["libraries"][lib]), lib
    assert re.fullmatch(r"[0-9a-f]{40}", env["git_commit"])  # this checkout's HEAD
    assert re.fullmatch(r"[0-9a-f]{64}", env["source_sha256"])
    assert re.fullmatch(r"[0-9a-f]{16}", fingerprint()) and fingerprint() == fingerprint()


def test_sweeps_import_without_fcntl():
    # Windows has no fcntl: the store must not import it at module level. In a fresh interpreter:
    # re-importing the sweeps package here would leave gutbrain_sim.sweeps bound to a second copy
    # of its modules, and later tests' monkeypatches would miss the copy the CLI calls.
    code = ("import sys; sys.modules['fcntl'] = None\n"
            "import gutbrain_sim.sweeps.store as store\n"
            "assert not hasattr(store, 'fcntl'), 'fcntl imported at module level'\n"
            "print('ok')")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and r.stdout.strip() == "ok", r.stderr


def test_without_a_checkout_the_commit_names_the_version_and_the_sources(tmp_path, monkeypatch):
    """Installed from a wheel (no .git beside the package), git_commit is never None: it is the
    version and a hash of the package files, and that hash moves when one byte of a file does."""
    import shutil

    import gutbrain_sim.core.environment as environment

    copy = tmp_path / "site" / "gutbrain_sim"
    shutil.copytree(environment.PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(environment, "PACKAGE", copy)
    environment.git_commit.cache_clear()
    environment.source_hash.cache_clear()
    try:
        first = environment.git_commit()
        assert re.fullmatch(re.escape(__version__) + r"\+src\.[0-9a-f]{12}", first), first
        assert first.endswith(environment.source_hash()[:12])
        (copy / "params" / "spec.py").write_bytes((copy / "params" / "spec.py").read_bytes() + b"\n")
        environment.source_hash.cache_clear()
        environment.git_commit.cache_clear()
        assert environment.git_commit() != first
    finally:
        environment.git_commit.cache_clear()
        environment.source_hash.cache_clear()
