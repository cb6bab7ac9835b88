"""`gutbrain run` tells a person at a terminal what it is doing (stages, a bar over simulated
hours) and adds nothing when its output is piped."""

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios


def run_with_terminal_stderr(argv: list[str], cwd) -> tuple[int, str, str]:
    """Run ``gutbrain argv`` with stderr on a pseudo-terminal (100 columns) and stdout on a pipe."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    proc = subprocess.Popen([sys.executable, "-m", "gutbrain_sim.cli", *argv], stdout=subprocess.PIPE, stderr=slave, cwd=cwd)
    os.close(slave)
    chunks = []
    while True:  # until the child closes the terminal (EIO on Linux, b"" elsewhere)
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    out = proc.stdout.read().decode()
    proc.stdout.close()
    return proc.wait(timeout=600), out, b"".join(chunks).decode(errors="replace")


def test_run_shows_stages_and_a_bar_on_a_terminal_and_nothing_when_piped(tmp_path):
    argv = ["run", "healthy_baseline", "--days", "2", "--seed", "4"]
    status, out, err = run_with_terminal_stderr([*argv, "--out", str(tmp_path / "tty")], tmp_path)
    assert status == 0, err
    for stage in ("loading the model", "building healthy_baseline", "writing outputs to"):
        assert f"gutbrain: {stage}" in err, err[-2000:]
    assert "/48 [" in err and "%|" in err  # the bar over 48 simulated hours
    assert err.rstrip(" ").endswith("\x1b[K")  # the last stage line is cleared before the results

    piped = subprocess.run([sys.executable, "-m", "gutbrain_sim.cli", *argv, "--out", str(tmp_path / "pipe")],
                           capture_output=True, text=True, cwd=tmp_path, timeout=600)
    assert piped.returncode == 0 and piped.stderr == ""
    assert piped.stdout == out.replace(str(tmp_path / "tty"), str(tmp_path / "pipe"))
    assert (tmp_path / "tty" / "timeseries.csv").read_bytes() == (tmp_path / "pipe" / "timeseries.csv").read_bytes()


def test_a_bad_scenario_on_a_terminal_still_ends_in_one_error_line(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('duration_days = 5\nhost = "hamster"\n')
    status, out, err = run_with_terminal_stderr(["run", str(bad), "--out", str(tmp_path / "o")], tmp_path)
    assert status == 2 and out == ""
    last = err.split("\x1b[K")[-1]  # what stays on the screen after the stage line is cleared
    assert last.count("\n") == 1 and "hamster" in last and "Traceback" not in err
    assert not (tmp_path / "o").exists()
