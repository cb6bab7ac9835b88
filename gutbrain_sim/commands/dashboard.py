"""gutbrain dashboard: serve the Solara teaching dashboard (binds 127.0.0.1 unless told otherwise)."""

from __future__ import annotations

import errno
import os
import socket
import sys


def register(sub) -> None:
    p = sub.add_parser("dashboard", help="start the teaching dashboard in the browser (Solara)")
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this computer only)")
    p.add_argument("--port", type=int, default=8765, help="port (default 8765; 0 picks a free one)")
    p.set_defaults(func=main)


def port_problem(host: str, port: int) -> str | None:
    """Why the server could not listen on host:port (None if it can)."""
    if not 0 <= port <= 65535:
        return f"--port {port} is not a port number (0-65535)"
    if port == 0:
        return None
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return f"port {port} on {host} is already in use; choose another with --port N (or --port 0 for a free one)"
            return f"cannot listen on {host}:{port} ({exc.strerror or exc})"
    return None


ALL_INTERFACES = ("", "0", "0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0", "::0")


def reachable_addresses() -> list[str]:
    """This computer's addresses other people may reach (best effort, no network traffic)."""
    found: list[str] = []
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None):
            addr = info[4][0]
            if not addr.startswith("127.") and addr != "::1" and addr not in found:
                found.append(addr)
    except OSError:
        pass
    return found


def exposure_warning(host: str, port: int) -> str | None:
    """A warning when ``host`` binds every interface (any spelling of it), naming the reachable addresses."""
    if host.strip() not in ALL_INTERFACES:
        return None
    where = ", ".join(f"http://{a}:{port}" if ":" not in a else f"http://[{a}]:{port}" for a in reachable_addresses())
    return (f"gutbrain: warning: --host {host!r} binds every network interface: anyone on the network can reach this "
            f"dashboard at {where or 'this computer’s addresses'}; use --host 127.0.0.1 to keep it to this computer")


def solara_command(host: str, port: int) -> list[str]:
    return [sys.executable, "-m", "solara", "run", "gutbrain_sim.app.main:page", "--host", host, "--port", str(port),
            "--no-check-version", "--production", "--no-open", "--log-level", "warning"]


def solara_env(**extra: str) -> dict[str, str]:
    """The environment both servers (dashboard, classroom) run under: no telemetry, no hook check, and no
    "This website runs on Solara" banner (it sits over the bottom-right corner of a figure on a projector).
    A setting already in the environment wins; ``extra`` are the server's own variables."""
    env = dict(os.environ)
    for key, value in (("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False"), ("SOLARA_CHECK_HOOKS", "off"),
                       ("SOLARA_THEME_SHOW_BANNER", "False")):
        env.setdefault(key, value)
    env.update(extra)
    return env


def main(args) -> int:
    from ..core.errors import UserInputError

    problem = port_problem(args.host, args.port)
    if problem:
        raise UserInputError(problem)
    warning = exposure_warning(args.host, args.port)
    if warning:
        sys.stderr.write(warning + "\n")
    env = solara_env()
    sys.stdout.write(f"gutbrain dashboard on http://{args.host}:{args.port} (Ctrl-C stops it). Teaching model, not medical advice.\n")
    sys.stdout.flush()
    cmd = solara_command(args.host, args.port)
    os.execve(cmd[0], cmd, env)  # the server replaces this process, so signals reach it directly
    return 0  # pragma: no cover
