"""What a result was computed with: the package version, the git commit (in a checkout; from a
wheel, the version and a hash of the installed package files), and the versions of the
libraries that shape the numbers, read from installed metadata (no imports)."""

from __future__ import annotations

import hashlib
import json
import platform
import re
import subprocess
from functools import cache
from importlib import metadata
from pathlib import Path

from .. import __version__

# every runtime dependency whose version can change a number, a file or a figure
LIBRARIES = ("numpy", "numba", "llvmlite", "scipy", "pandas", "SALib", "mesa", "matplotlib", "tqdm",
             "tomli-w", "filelock", "solara", "pyarrow", "dask", "distributed")


PACKAGE = Path(__file__).resolve().parents[1]
SOURCE_SUFFIXES = (".py", ".toml", ".tsv", ".txt", ".json", ".csv")


@cache
def source_hash() -> str:
    """SHA-256 of the package's own files (code and data; relative path and bytes of each, in
    sorted order): equal on two machines exactly when the installed sources are equal."""
    digest = hashlib.sha256()
    for path in sorted(f for f in PACKAGE.rglob("*") if f.suffix in SOURCE_SUFFIXES and "__pycache__" not in f.parts):
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


@cache
def git_commit() -> str:
    """The checkout's HEAD commit (40 hex digits); installed from a wheel or without git,
    ``"<version>+src.<first 12 hex digits of source_hash()>"``, which names the sources as exactly."""
    here = PACKAGE.parent
    if (here / ".git").exists():
        try:
            r = subprocess.run(["git", "-C", str(here), "rev-parse", "HEAD"], capture_output=True, text=True, timeout=5)
            if re.fullmatch(r"[0-9a-f]{40}", r.stdout.strip()):
                return r.stdout.strip()
        except (OSError, subprocess.SubprocessError):
            pass
    return f"{__version__}+src.{source_hash()[:12]}"


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
            "source_sha256": source_hash(), "python": platform.python_version(), "libraries": library_versions()}


def fingerprint() -> str:
    """A short hash of the package version, Python and library versions: equal fingerprints
    mean the same numbers for the same inputs (compared across Dask workers)."""
    env = environment()
    env.pop("git_commit")
    env.pop("source_sha256")
    return hashlib.sha256(json.dumps(env, sort_keys=True).encode()).hexdigest()[:16]


def identity() -> dict[str, str]:
    """What must agree between this process and every worker of a cluster: the package version,
    its source hash and the environment fingerprint (Python and library versions)."""
    return {"version": __version__, "source_sha256": source_hash(), "fingerprint": fingerprint()}
