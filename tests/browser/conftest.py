"""Browser tests: Debian's chromium driven by playwright against a real dashboard server.

Skipped with a reason when chromium or playwright is missing, unless GUTBRAIN_REQUIRE_BROWSER=1
(CI), where a missing browser fails. Screenshots go to test-artifacts/ (gitignored).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


def _missing() -> str | None:
    if shutil.which("chromium") is None:
        return "Debian's chromium is not installed (apt-get install -y chromium; .ci/setup does it)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install playwright)"
    return None


@pytest.fixture(scope="session")
def chromium_path() -> str:
    why = _missing()
    if why:
        if os.environ.get("GUTBRAIN_REQUIRE_BROWSER") == "1":
            pytest.fail(f"GUTBRAIN_REQUIRE_BROWSER=1 but {why}")
        pytest.skip(why)
    return shutil.which("chromium")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(cmd: list[str], port: int, log: Path, cwd: Path = ROOT) -> subprocess.Popen:
    env = {**os.environ, "SOLARA_TELEMETRY_MIXPANEL_ENABLE": "False", "SOLARA_CHECK_HOOKS": "off",
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    ARTIFACTS.mkdir(exist_ok=True)
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    deadline = time.time() + 90
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError(f"server did not answer on port {port}: {log.read_text()[-2000:]}")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="session")
def dashboard(chromium_path):
    """`gutbrain dashboard` on a free loopback port; yields its URL."""
    port = free_port()
    proc = start_server([sys.executable, "-m", "gutbrain_sim.cli", "dashboard", "--host", "127.0.0.1", "--port", str(port)],
                        port, ARTIFACTS / "dashboard-server.log")
    yield f"http://127.0.0.1:{port}/", proc
    stop_server(proc)


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield b
        b.close()

# busy_machine (two busy processes for the test) is in tests/conftest.py, shared with the kill tests
