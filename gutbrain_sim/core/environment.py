"""What a result was computed with: the package version, the git commit (in a checkout) and the
versions of the libraries that shape the numbers, read from installed metadata (no imports)."""

from __future__ import annotations

import hashlib
import json
import platform
import subprocess
from functools import cache
from importlib import metadata
from pathlib import Path

from .. import __version__

# every runtime dependency whose version can change a number, a file or a figure
LIBRARIES = ("numpy", "numba", "llvmlite", "scipy", "pandas", "SALib", "mesa", "matplotlib", "tqdm",
             "tomli-w", "filelock", "solara", "pyarrow", "dask", "distributed")


@cache
def git_commit() -> str | None:
    """The checkout's HEAD commit, or None when installed from a wheel (no .git beside the package)."""
    here = Path(__file__).resolve().parents[2]
    if not (here / ".git").exists():
        return None
    try:
        r = subprocess.run(["git", "-C", str(here), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=5)
        return r.stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


def library_versions() -> dict[str, str | None]:
    """Installed version of each library in LIBRARIES (None: not installed)."""
    out: dict[str, str | None] = {}
    for name in LIBRARIES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def environment() -> dict:
    """The block every provenance.json carries."""
    return {"package": "gutbrain_sim", "version": __version__, "git_commit": git_commit(),
            "python": platform.python_version(), "libraries": library_versions()}


def fingerprint() -> str:
    """A short hash of the package version, Python and library versions: equal fingerprints
    mean the same numbers for the same inputs (compared across Dask workers)."""
    env = environment()
    env.pop("git_commit")
    return hashlib.sha256(json.dumps(env, sort_keys=True).encode()).hexdigest()[:16]
