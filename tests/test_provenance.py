"""Every provenance.json names the package version, the commit (in a checkout) and the versions
of the libraries that shape the numbers; the sweep lock works through filelock."""

from __future__ import annotations

import re
import sys

from gutbrain_sim import __version__
from gutbrain_sim.core.environment import environment, fingerprint


def test_environment_lists_versions_and_commit():
    env = environment()
    assert env["version"] == __version__ and env["package"] == "gutbrain_sim"
    for lib in ("numpy", "numba", "scipy", "pandas", "SALib", "mesa", "matplotlib", "tomli-w", "filelock"):
        assert re.match(r"\d+\.\d+", env["libraries"][lib]), lib
    assert env["git_commit"] is None or re.fullmatch(r"[0-9a-f]{40}", env["git_commit"])
    assert re.fullmatch(r"[0-9a-f]{16}", fingerprint()) and fingerprint() == fingerprint()


def test_sweeps_import_without_fcntl(monkeypatch):
    # Windows has no fcntl: the store must not import it at module level
    monkeypatch.setitem(sys.modules, "fcntl", None)
    for name in [m for m in sys.modules if m.startswith("gutbrain_sim.sweeps")]:
        monkeypatch.delitem(sys.modules, name)
    import gutbrain_sim.sweeps.store as store

    assert not hasattr(store, "fcntl")
