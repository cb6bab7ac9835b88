"""Class mode under a class: one `gutbrain classroom` server, a teacher's page and N student pages
(Debian chromium + playwright), each student joining and running their person to the end.

Run: PYTHONPATH=. python benchmarks/bench_classroom.py [--quick] [--sessions N] [--json out.json]
Slow (minutes: 30 browser pages on 2 cores); not part of the test suite. --quick: 6 sessions, 2 weeks.
Reports: time to prepare the class trial, time from the first join to every student finished,
a student's frame time (one "+1 week" click to the new day on screen), server memory per session.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def start(port: int, sessions: int, weeks: int, out: Path) -> subprocess.Popen:
    env = {**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False", "SOLARA_CHECK_HOOKS": "off"}
    proc = subprocess.Popen([sys.executable, "-m", "gutbrain_sim.cli", "classroom", "--size", str(sessions), "--weeks", str(weeks),
                             "--code", "BENCH", "--teacher-key", "benchkey", "--out", str(out), "--port", str(port)],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(600):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2):
                return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("the classroom server did not start")


def main() -> int:
    from _common import emit, parser

    ap = parser(__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=30)
    args = ap.parse_args()
    sessions, weeks = (6, 2) if args.quick else (args.sessions, 8)
    if shutil.which("chromium") is None:
        print("bench_classroom: Debian's chromium is needed (apt-get install -y chromium)", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    from gutbrain_sim.commands.classroom import free_port

    port = free_port("127.0.0.1")
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        proc = start(port, sessions, weeks, Path(tmp) / "class")
        url = f"http://127.0.0.1:{port}/"
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
                teacher = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
                teacher.goto(f"{url}?teacher=benchkey", timeout=300_000)
                teacher.locator("text=Class trial ready").wait_for(timeout=900_000)
                prepare_s = time.perf_counter() - t0
                base_mb = rss_mb(proc.pid)
                pages, frames = [], []
                t_join = time.perf_counter()
                for _ in range(sessions):
                    page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
                    page.goto(url, timeout=300_000)
                    page.get_by_label("Class code", exact=True).fill("BENCH")
                    page.locator(".gb-join").click()
                    pages.append(page)
                for page in pages:
                    page.locator(".gb-class-clock").wait_for(timeout=300_000)
                    before = page.locator(".gb-class-clock").inner_text()
                    t = time.perf_counter()
                    page.get_by_role("button", name="+1 week").click()
                    page.wait_for_function(f"document.querySelector('.gb-class-clock').innerText !== {before!r}", timeout=300_000)
                    frames.append(time.perf_counter() - t)
                for page in pages:
                    page.locator(".gb-to-end").click()
                for page in pages:
                    page.locator(".gb-class-done").wait_for(timeout=600_000)
                teacher.locator(f"text={sessions} finished").wait_for(timeout=300_000)
                class_s = time.perf_counter() - t_join
                all_mb = rss_mb(proc.pid)
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    result = {"sessions": sessions, "weeks": weeks, "quick": bool(args.quick),
              "prepare_class_trial_s": round(prepare_s, 1), "join_to_all_finished_s": round(class_s, 1),
              "student_frame_s": {"median": round(statistics.median(frames), 2), "max": round(max(frames), 2)},
              "server_rss_mb": {"before_students": round(base_mb), "with_all_students": round(all_mb),
                                "per_session": round((all_mb - base_mb) / sessions, 1)}}
    table = [f"class of {sessions} ({weeks} weeks): prepare {prepare_s:.1f} s, join to all finished {class_s:.1f} s",
             f"student frame (+1 week): median {statistics.median(frames):.2f} s, max {max(frames):.2f} s",
             f"server memory: {base_mb:.0f} MB -> {all_mb:.0f} MB ({(all_mb - base_mb) / sessions:.1f} MB per session)"]
    emit("bench_classroom", result, table, args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
