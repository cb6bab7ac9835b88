"""Class mode in a real browser: a teacher and a class of students against one `gutbrain classroom`
server on a loaded machine. One student leaves early (a missing value), the others run to the end
(two by default, ten in the long tier); the teacher's live result counts each student exactly once;
after unblinding every student sees their arm and the exported class result equals the class
trial's own data (participants.csv).
"""

from __future__ import annotations

import csv
import io
import sys
import time

import pytest

from .conftest import ARTIFACTS, free_port, start_server, stop_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CODE, KEY = "TEST", "teacherkey1"


@pytest.fixture()
def classroom(chromium_path, tmp_path):
    port = free_port()
    out = tmp_path / "class"
    proc = start_server([sys.executable, "-m", "gutbrain_sim.cli", "classroom", "--size", "12", "--weeks", "2", "--seed", "5",
                         "--code", CODE, "--teacher-key", KEY, "--out", str(out), "--host", "127.0.0.1", "--port", str(port)],
                        port, ARTIFACTS / "class-server.log")
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
    context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
    page = context.new_page()
    page.goto(url, timeout=180_000)  # generous: the machine is loaded
    return context, page


def join(page, code: str) -> None:
    page.wait_for_selector(".gb-join", timeout=90_000)
    box = page.get_by_label("Class code", exact=True)
    box.fill(code)
    page.locator(".gb-join").click()


TEN_UNDER_LOAD = pytest.mark.xfail(strict=False, reason="issue #15: its earlier timeouts were the 'To the end' bug (fixed: "
                                   "it stopped at day 7 of 14); not yet run strictly at load ~29 since")


@pytest.mark.parametrize("n_students", [2, pytest.param(10, marks=[pytest.mark.long, TEN_UNDER_LOAD])],
                         ids=["2-students", "10-students"])
def test_class_runs_end_to_end_and_unblinds_to_the_data(browser, classroom, busy_machine, n_students):
    """Two students by default (minutes); the ten-student class (about 13 min at load ~30) is in the long tier."""
    url, out, proc = classroom
    teacher_ctx, teacher = open_page(browser, f"{url}?teacher={KEY}", 1920, 1080)
    students = []
    try:
        wait_text(teacher, ".gb-teacher-code", lambda t: t.strip() == CODE, 90)
        # a wrong code lets nobody in
        ctx, wrong = open_page(browser, url)
        students.append((ctx, wrong))
        join(wrong, "ZZZZ")
        wrong.wait_for_selector(".gb-join-error", timeout=60_000)
        join(wrong, CODE.lower())  # the code is read case-blind: this one joins, then leaves early
        wrong.wait_for_selector(".gb-my-arm", timeout=60_000)
        for _ in range(n_students):
            ctx, page = open_page(browser, url)
            students.append((ctx, page))
            join(page, CODE)
        for _, page in students:
            assert "hidden until the teacher unblinds" in page.locator(".gb-my-arm").inner_text(timeout=60_000)
        # a student who reloads the page rejoins as the same student (the address holds their token)
        reloaded = students[1][1]
        before = reloaded.get_by_text("You are participant").first.inner_text(timeout=60_000)
        reloaded.reload(timeout=180_000)
        assert reloaded.get_by_text("You are participant").first.inner_text(timeout=120_000) == before
        # the early leaver closes the page: a missing value on the teacher's screen
        students[0][1].close(run_before_unload=True)  # as a browser tab is closed: the page tells the server
        students[0][0].close()
        wait_text(teacher, ".gb-class-count", lambda t: "1 left" in t)
        for _, page in students[1:]:
            page.locator(".gb-to-end:not([disabled])").wait_for(timeout=300_000)  # the class trial is prepared
            page.locator(".gb-to-end").click()
        for _, page in students[1:]:
            page.wait_for_selector(".gb-class-done", timeout=120_000)
        text = wait_text(teacher, ".gb-class-count", lambda t: f"{n_students} finished" in t)
        assert text.startswith(f"{n_students + 1} of 12 joined") and "1 left" in text, text
        blinded = teacher.locator(".gb-class-table").inner_text()
        assert "arm A" in blinded and "arm B" in blinded and "placebo" not in blinded
        shoot(teacher, "class-teacher-1920x1080")
        teacher.set_viewport_size({"width": 1280, "height": 800})
        shoot(teacher, "class-teacher-1280x800")
        shoot(students[1][1], "class-student-1280x800")
        teacher.locator(".gb-unblind").click()
        teacher.wait_for_selector(".gb-unblinded", timeout=60_000)
        arms = [wait_text(page, ".gb-my-arm", lambda t: t.startswith("Unblinded"), 60) for _, page in students[1:]]
        with teacher.expect_download() as dl:
            teacher.get_by_role("button", name="Class result (CSV)").click()
        exported = dl.value.path().read_text()
        rows = list(csv.DictReader(io.StringIO("".join(line + "\n" for line in exported.splitlines() if not line.startswith("#")))))
        # every student exactly once; the leaver is a missing value; the numbers are the trial's own
        assert sorted(int(r["student"]) for r in rows) == list(range(1, n_students + 2))
        assert [r["status"] for r in rows].count("finished") == n_students and rows[0]["status"] == "left (missing)"
        assert rows[0]["hamd_final_points"] == ""
        data = list(csv.DictReader((out / "participants.csv").open()))
        by_person = {(d["arm"], int(d["participant"])): d for d in data}
        assert len({(r["arm"], r["participant"]) for r in rows}) == len(rows)  # no person given twice
        responders = {}
        for r, arm_text in zip(rows[1:], arms, strict=True):
            d = by_person[(r["arm"], int(r["participant"]))]
            assert float(r["hamd_baseline_points"]) == pytest.approx(float(d["depression_hamd_baseline"]), abs=1e-3)
            assert float(r["hamd_final_points"]) == pytest.approx(float(d["depression_hamd_final"]), abs=1e-3)
            assert r["responder"] == d["responder"]
            assert r["arm"].replace("_", " ") in arm_text  # the student was shown their own arm
            responders[r["arm"]] = responders.get(r["arm"], 0) + (d["responder"] == "True")
        table = teacher.locator(".gb-class-table").inner_text()
        for arm, n in responders.items():
            finished = sum(r["arm"] == arm and r["status"] == "finished" for r in rows)
            assert f"{n} of {finished}" in [line for line in table.splitlines() if line.startswith(arm)][0].replace("\t", " ")
        assert proc.poll() is None
    finally:
        for ctx, _ in students[1:]:
            ctx.close()
        teacher_ctx.close()


def shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)
