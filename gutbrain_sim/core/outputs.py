"""Where outputs go and how they land: names from files become folder names only through
``folder_name``; a run's files are written into a temporary folder beside (or inside) the target
and moved into place at the end (``landing``), and every file goes to a temporary name first.

A reader never sees half a file, and a failed run (full disk, no permission) leaves no partial
output behind: one line names the problem.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import UserInputError

MAX_NAME_CHARS = 100
_SAFE_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]*")
STAGE_PREFIX = ".gutbrain-partial-"  # temporary folders; a folder with this prefix is never a finished output


def folder_name(name: object, what: str = "name", where: str | None = None) -> str:
    """``name`` (from a scenario, trial spec or sweep spec) as one folder name, or a one-line error.

    Letters, digits, '_', '-' and '.' only, 1-100 characters, not starting with '.': so never
    empty, '.', '..', hidden, absolute, or holding a separator."""
    if not isinstance(name, str) or not 0 < len(name) <= MAX_NAME_CHARS or not _SAFE_NAME.fullmatch(name):
        raise UserInputError(f"{what} {name!r} cannot be a folder name: use 1-{MAX_NAME_CHARS} letters, digits, "
                             "'_', '-' or '.' (not first), or choose the folder with --out", where=where)
    return name


def output_folder(root: str | Path, name: object, *, prefix: str = "", what: str = "name", where: str | None = None) -> Path:
    """``root/<prefix><name>``: the folder a named output goes to when no --out is given. It is
    always directly under ``root``: a symbolic link at that place is refused (it would lead out)."""
    root = Path(root)
    out = root / f"{prefix}{folder_name(name, what, where)}"
    if out.is_symlink():
        raise UserInputError(f"is a symbolic link; outputs for {what} {name!r} go under {root}/ only: "
                             "remove the link or choose the folder with --out", where=str(out))
    return out


# ------------------------------------------------------------------------- one run, whole or nothing
def _existing_ancestor(path: Path) -> Path:
    """The nearest part of ``path`` that exists (``path`` itself if it does); a file on the way is an error."""
    for part in (path, *path.parents):
        if part.exists():
            if not part.is_dir():
                what = "exists and is not a folder" if part == path else f"is a file, so it cannot hold {path}"
                raise UserInputError(what, where=str(part))
            return part
        if part.is_symlink():  # a dangling link
            raise UserInputError("is a symbolic link to nothing", where=str(part))
    return Path(".")


def os_reason(exc: OSError) -> str:
    """What an ``OSError`` means, in words."""
    return {errno.ENOSPC: "the disk is full", errno.EDQUOT: "the disk quota is used up",
            errno.EROFS: "the file system is read-only", errno.EACCES: "permission denied",
            errno.EPERM: "permission denied", errno.ENOTDIR: "a part of the path is a file, not a folder",
            errno.ENAMETOOLONG: "the path is too long"}.get(exc.errno, exc.strerror or type(exc).__name__)


def write_problem(exc: OSError, path: Path | str) -> UserInputError:
    """An ``OSError`` from writing outputs as one line (what failed, where, what to do)."""
    return UserInputError(f"cannot write outputs: {os_reason(exc)}; nothing was written (choose another --out)", where=str(path))


def check_writable(out: str | Path) -> None:
    """Before any work: ``out`` is (or can become) a folder this process can write in; one line if not."""
    out = Path(out)
    base = _existing_ancestor(out)
    try:
        probe = tempfile.mkdtemp(prefix=STAGE_PREFIX, dir=base)
        os.rmdir(probe)
    except OSError as exc:
        raise write_problem(exc, base) from None


def _make_parents(folder: Path) -> list[Path]:
    """Create ``folder``'s missing parents; return the ones created (outermost first)."""
    missing = [p for p in reversed(folder.parents) if not p.exists()]
    for p in missing:
        p.mkdir()
    return missing


@contextmanager
def landing(out: str | Path) -> Iterator[Path]:
    """Yield a temporary folder to write a run's outputs into; move them into ``out`` at the end.

    The temporary folder sits beside ``out`` (inside it if ``out`` exists, so the move is a
    rename on the same file system). On any error it is removed with the folders made for it,
    and an ``OSError`` becomes a one-line ``UserInputError``: the outputs land whole or not at all.
    """
    out = Path(out)
    _existing_ancestor(out)
    made: list[Path] = []
    stage: Path | None = None
    try:
        try:
            exists = out.is_dir()
            if not exists:
                made = _make_parents(out)
            stage = Path(tempfile.mkdtemp(prefix=STAGE_PREFIX, dir=out if exists else out.parent))
            yield stage
            if not exists and not out.exists():
                os.rename(stage, out)
                stage = None
            else:
                for f in sorted(stage.iterdir()):
                    os.replace(f, out / f.name)  # replaces a file (or a link) of that name, never follows it
        except OSError as exc:
            raise write_problem(exc, out) from None
    finally:
        if stage is not None:
            shutil.rmtree(stage, ignore_errors=True)
        if stage is not None or not out.exists():
            for p in reversed(made):
                try:
                    p.rmdir()
                except OSError:
                    break


def atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(tmp_path)`` and rename the result to ``path`` (same folder, same filesystem)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; outputs are ordinary files
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def text_above(path: Path, mark: str, default: str) -> str:
    """A generated page's hand-written part: its text above ``mark``, kept when the part below is
    written again; ``default`` (e.g. the title) when there is no page yet or it has no mark."""
    if path.exists():
        old = path.read_text(encoding="utf-8")
        if mark in old:
            return old.split(mark)[0]
    return default


def write_text(path: Path, text: str) -> None:
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_json(path: Path, data) -> None:
    write_text(path, json.dumps(data, indent=2, sort_keys=False, allow_nan=False) + "\n")


def write_csv(path: Path, frame) -> None:
    atomic_write(path, lambda tmp: frame.to_csv(tmp, index=False, float_format="%.6g", lineterminator="\n"))


def write_figure(path: Path, fig) -> None:
    # no metadata: the same run gives the same bytes
    atomic_write(path, lambda tmp: fig.savefig(tmp, format="png", dpi=100, metadata={"Software": None}))
