"""The teacher guide's and README's screenshots exist, are PNGs at the size their name states and
are small; every screenshot in docs/screenshots/ is used. The class-mode browser test takes them
(GUTBRAIN_WRITE_SCREENSHOTS=1, tests/browser/test_browser_classroom.py)."""

from __future__ import annotations

import re
import struct
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "docs" / "screenshots"
PAGES = {"docs/teacher_guide.md": "screenshots/", "README.md": "docs/screenshots/"}
MAX_BYTES = 300_000  # 300 kB per image
LINK = re.compile(r"\]\(([^)\s]+\.png)\)")
SIZE_IN_NAME = re.compile(r"-(\d+)x(\d+)\.png$")


def png_size(path: Path) -> tuple[int, int]:
    """Width and height in pixels from the PNG header (signature, then the IHDR chunk)."""
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR", f"{path.name} is not a PNG"
    return struct.unpack(">II", head[16:24])


def referenced() -> dict[str, list[str]]:
    """Screenshot file name -> the pages that show or link it."""
    found: dict[str, list[str]] = {}
    for page, prefix in PAGES.items():
        for target in LINK.findall((ROOT / page).read_text(encoding="utf-8")):
            if target.startswith(prefix):
                found.setdefault(target.removeprefix(prefix), []).append(page)
    return found


def test_the_guide_shows_both_sizes_of_every_class_mode_step():
    names = referenced()
    steps = {SIZE_IN_NAME.sub("", n) for n in names}
    assert len(steps) >= 5, sorted(names)  # code, join, a student's run, live result, unblinded
    for step in steps:
        assert {f"{step}-1280x800.png", f"{step}-1920x1080.png"} <= set(names), step
    assert any("README.md" in pages for pages in names.values()), (
        "the README shows no class-mode screenshot"
    )


@pytest.mark.parametrize("name", sorted(referenced()))
def test_every_referenced_screenshot_exists_at_its_stated_size(name):
    path = SHOTS / name
    assert path.is_file(), f"{referenced()[name]} point at missing docs/screenshots/{name}"
    stated = SIZE_IN_NAME.search(name)
    assert stated, f"{name}: the name states no size (NAME-WIDTHxHEIGHT.png)"
    assert png_size(path) == (int(stated[1]), int(stated[2])), name
    assert path.stat().st_size < MAX_BYTES, f"{name}: {path.stat().st_size} bytes"


def test_no_screenshot_is_left_unused():
    assert sorted(p.name for p in SHOTS.glob("*.png") if p.name not in referenced()) == []


def test_png_size_reads_the_header(tmp_path):
    ihdr = b"IHDR" + struct.pack(">IIBBBBB", 1280, 800, 8, 2, 0, 0, 0)
    fake = tmp_path / "x.png"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + ihdr + b"\0" * 4)
    assert png_size(fake) == (1280, 800)
    fake.write_bytes(b"GIF89a" + b"\0" * 30)
    with pytest.raises(AssertionError, match="not a PNG"):
        png_size(fake)
