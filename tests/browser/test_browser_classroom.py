"""Class mode in a real browser: a teacher and a class of students against one `gutbrain classroom`
server on a loaded machine. One student leaves early (a missing value), the others run to the end
(two by default, ten in the long tier); the teacher's live result counts each student exactly once;
after unblinding every student sees their arm and the exported class result equals the class
trial's own data (participants.csv).

The two-student run also takes the teacher guide's screenshots (docs/teacher_guide.md, "Class
mode"): each step at 1280x800 and 1920x1080 (a resize of the same page), always into the test
artifacts, and with GUTBRAIN_WRITE_SCREENSHOTS=1 also into docs/screenshots/ (PNG, palette-compressed;
that run has six students, so the guide's class result has an effect size).
tests/test_docs_screenshots.py checks the guide's images exist at their stated sizes.
"""

from __future__ import annotations

import csv
import io
import os
import sys
import time

import pytest

from .conftest import ARTIFACTS, ROOT, free_port, start_server, stop_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CODE, KEY = "TEST", "teacherkey1"
SIZES = ((1280, 800), (1920, 1080))  # a classroom projector / laptop, and a full-HD screen
DOCS_SHOTS = ROOT / "docs" / "screenshots"


@pytest.fixture()
def classroom(chromium_path, tmp_path):
    port = free_port()
    out = tmp_path / "class"
    proc = start_server(
        [
            sys.executable,
            "-m",
            "gutbrain_sim.cli",
            "classroom",
            "--size",
            "12",
            "--weeks",
            "2",
            "--seed",
            "5",
            "--code",
            CODE,
            "--teacher-key",
            KEY,
            "--out",
            "class",  # as a teacher types it: the page shows this folder, relative to where the server started
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        port,
        ARTIFACTS / "class-server.log",
        cwd=tmp_path,
    )
    yield f"http://127.0.0.1:{port}/", out, proc
    stop_server(proc)


def wait_text(page, selector: str, predicate, timeout_s: float = 180) -> str:
    """Wait until the text of ``selector`` satisfies ``predicate`` (generous: the machine is loaded)."""
    deadline, text = time.time() + timeout_s, ""
    while time.time() < deadline:
        loc = page.locator(selector)
        if loc.count():
            text = loc.first.inner_text()
            if predicate(text):
                return text
        page.wait_for_timeout(200)
    raise AssertionError(f"{selector}: still {text!r}")


def open_page(browser, url: str, width: int = 1280, height: int = 800):
    context = browser.new_context(
        viewport={"width": width, "height": height}, accept_downloads=True
    )
    page = context.new_page()
    page.goto(url, timeout=180_000)  # generous: the machine is loaded
    return context, page


def join(page, code: str) -> None:
    page.wait_for_selector(".gb-join", timeout=90_000)
    box = page.get_by_label("Class code", exact=True)
    box.fill(code)
    page.locator(".gb-join").click()




@pytest.mark.parametrize(
    "n_students",
    [2, pytest.param(10, marks=pytest.mark.long)],
    ids=["2-students", "10-students"],
)
def test_class_runs_end_to_end_and_unblinds_to_the_data(
    browser, classroom, busy_machine, n_students
):
    """Two students by default (minutes); the ten-student class (about 13 min at load ~30) is in the long tier."""
    url, out, proc = classroom
    teacher_ctx, teacher = open_page(browser, f"{url}?teacher={KEY}", 1920, 1080)
    students = []
    try:
        wait_text(teacher, ".gb-teacher-code", lambda t: t.strip() == CODE, 90)
        guide = n_students == 2  # the default run takes the teacher guide's screenshots
        if guide and os.environ.get("GUTBRAIN_WRITE_SCREENSHOTS") == "1":
            # the guide's class: at least two finished per arm (blocks of 4), so g shows
            n_students = 6
        if guide:
            shoot(teacher, "class-1-teacher-code")
        # a wrong code lets nobody in
        ctx, wrong = open_page(browser, url)
        students.append((ctx, wrong))
        if guide:
            wrong.wait_for_selector(".gb-join", timeout=90_000)
            wrong.get_by_label("Class code", exact=True).fill(CODE)
            shoot(wrong, "class-2-student-join")
        join(wrong, "ZZZZ")
        wrong.wait_for_selector(".gb-join-error", timeout=60_000)
        join(wrong, CODE.lower())  # the code is read case-blind: this one joins, then leaves early
        wrong.wait_for_selector(".gb-my-arm", timeout=60_000)
        for _ in range(n_students):
            ctx, page = open_page(browser, url)
            students.append((ctx, page))
            join(page, CODE)
        for _, page in students:
            assert "hidden until the teacher unblinds" in page.locator(".gb-my-arm").inner_text(
                timeout=60_000
            )
        # a student who reloads the page rejoins as the same student (the address holds their token)
        reloaded = students[1][1]
        before = reloaded.get_by_text("You are participant").first.inner_text(timeout=60_000)
        reloaded.reload(timeout=180_000)
        assert (
            reloaded.get_by_text("You are participant").first.inner_text(timeout=120_000) == before
        )
        # the early leaver closes the page: a missing value on the teacher's screen
        students[0][1].close(
            run_before_unload=True
        )  # as a browser tab is closed: the page tells the server
        students[0][0].close()
        wait_text(teacher, ".gb-class-count", lambda t: "1 left" in t)
        if (
            guide
        ):  # a student one week into the trial: each +1 week moves the clock by exactly 7 days
            page = students[1][1]
            page.locator(".gb-to-end:not([disabled])").wait_for(timeout=300_000)
            for _ in range(2):  # from the screening week (day -7) to day 7
                before = day_of(page.locator(".gb-class-clock").inner_text())
                page.get_by_role("button", name="+1 week").click()
                wait_text(page, ".gb-class-clock", lambda t, b=before: day_of(t) == b + 7, 120)
            shoot(page, "class-3-student-run", scroll_to=".gb-class-clock")
        for _, page in students[1:]:
            page.locator(".gb-to-end:not([disabled])").wait_for(
                timeout=300_000
            )  # the class trial is prepared
            page.locator(".gb-to-end").click()
        for _, page in students[1:]:
            page.wait_for_selector(".gb-class-done", timeout=120_000)
        text = wait_text(teacher, ".gb-class-count", lambda t: f"{n_students} finished" in t)
        assert text.startswith(f"{n_students + 1} of 12 joined") and "1 left" in text, text
        blinded = teacher.locator(".gb-class-table").inner_text()
        assert "arm A" in blinded and "arm B" in blinded and "placebo" not in blinded
        if guide:
            shoot(teacher, "class-4-teacher-live", scroll_to=".gb-class-count")
        teacher.locator(".gb-unblind").click()
        teacher.wait_for_selector(".gb-unblinded", timeout=60_000)
        # the replay command names the folder as the teacher typed it, not the server's absolute path
        assert "gutbrain run --from-trial class --arm ARM" in teacher.locator("body").inner_text()
        arms = [
            wait_text(page, ".gb-my-arm", lambda t: t.startswith("Unblinded"), 60)
            for _, page in students[1:]
        ]
        if guide:
            shoot(teacher, "class-5-teacher-unblinded", scroll_to=".gb-unblinded")
            shoot(students[1][1], "class-6-student-unblinded")
        with teacher.expect_download() as dl:
            teacher.get_by_role("button", name="Class result (CSV)").click()
        exported = dl.value.path().read_text()
        rows = list(
            csv.DictReader(
                io.StringIO(
                    "".join(
                        line + "\n" for line in exported.splitlines() if not line.startswith("#")
                    )
                )
            )
        )
        # every student exactly once; the leaver is a missing value; the numbers are the trial's own
        assert sorted(int(r["student"]) for r in rows) == list(range(1, n_students + 2))
        assert [r["status"] for r in rows].count("finished") == n_students and rows[0][
            "status"
        ] == "left (missing)"
        assert rows[0]["hamd_final_points"] == ""
        data = list(csv.DictReader((out / "participants.csv").open()))
        by_person = {(d["arm"], int(d["participant"])): d for d in data}
        assert len({(r["arm"], r["participant"]) for r in rows}) == len(
            rows
        )  # no person given twice
        responders = {}
        for r, arm_text in zip(rows[1:], arms, strict=True):
            d = by_person[(r["arm"], int(r["participant"]))]
            assert float(r["hamd_baseline_points"]) == pytest.approx(
                float(d["depression_hamd_baseline"]), abs=1e-3
            )
            assert float(r["hamd_final_points"]) == pytest.approx(
                float(d["depression_hamd_final"]), abs=1e-3
            )
            assert r["responder"] == d["responder"]
            assert r["arm"].replace("_", " ") in arm_text  # the student was shown their own arm
            responders[r["arm"]] = responders.get(r["arm"], 0) + (d["responder"] == "True")
        table = teacher.locator(".gb-class-table").inner_text()
        for arm, n in responders.items():
            finished = sum(r["arm"] == arm and r["status"] == "finished" for r in rows)
            assert f"{n} of {finished}" in [
                line for line in table.splitlines() if line.startswith(arm)
            ][0].replace("\t", " ")
        assert proc.poll() is None
    finally:
        for ctx, _ in students[1:]:
            ctx.close()
        teacher_ctx.close()


def day_of(clock: str) -> int:
    """The day number in the student's clock, "Day 7 of 14 (week 1)"."""
    return int(clock.split()[1])


def shoot(page, name: str, scroll_to: str | None = None) -> None:
    """Screenshots of what the page shows now, at each of SIZES (a resize of the same page; the
    page's own size is restored afterwards): test-artifacts/NAME-WxH.png, and a compressed copy
    in docs/screenshots/ when GUTBRAIN_WRITE_SCREENSHOTS=1."""
    ARTIFACTS.mkdir(exist_ok=True)
    own = page.viewport_size
    try:
        for width, height in SIZES:
            page.set_viewport_size({"width": width, "height": height})
            if scroll_to:
                page.locator(scroll_to).first.evaluate("e => e.scrollIntoView({block: 'start'})")
            path = ARTIFACTS / f"{name}-{width}x{height}.png"
            page.screenshot(path=str(path), full_page=False, animations="disabled")
            if os.environ.get("GUTBRAIN_WRITE_SCREENSHOTS") == "1":
                write_docs_copy(path)
    finally:
        page.set_viewport_size(own)


def write_docs_copy(path) -> None:
    """A 256-colour PNG copy in docs/screenshots/ (a UI screenshot keeps its look at about half
    the bytes), written whole or not at all."""
    from PIL import Image

    DOCS_SHOTS.mkdir(parents=True, exist_ok=True)
    with Image.open(path) as img:
        small = img.convert("RGB").quantize(
            colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
    tmp = DOCS_SHOTS / f".{path.name}.tmp"
    small.save(tmp, format="PNG", optimize=True)
    tmp.replace(DOCS_SHOTS / path.name)
