"""gutbrain classroom: a class runs one blinded virtual trial together (students join with a code; the teacher unblinds)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser("classroom", help="start a class trial: each student who joins plays one blinded participant")
    p.add_argument("--trial", default="probiotic_mdd",
                   help="the trial the class runs: a bundled spec name (probiotic_mdd, ssri_plus_probiotic_mdd, ...) or a .toml "
                        "(default probiotic_mdd: probiotic vs placebo in MDD)")
    p.add_argument("--size", type=int, default=30, help="places in the class trial (students; default 30)")
    p.add_argument("--weeks", type=int, default=None, help="trial length in weeks, 2-12 (default: the spec's, 8 for probiotic_mdd)")
    p.add_argument("--seed", type=int, default=1, help="the class trial's seed (default 1): the same seed gives the same class trial")
    p.add_argument("--code", default=None, help="the class code students type (default: 4 random letters)")
    p.add_argument("--out", default=None, help="folder for the class trial (default results/class_<trial>_seed<seed>)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to bind (default 127.0.0.1: this computer only; 0.0.0.0 lets the class's computers in)")
    p.add_argument("--port", type=int, default=8766, help="port (default 8766; 0 picks a free one)")
    p.add_argument("--teacher-key", default=None, help=argparse.SUPPRESS)  # tests fix the teacher link
    p.set_defaults(func=main)


def main(args) -> int:
    from ..app.class_trial import ClassTrial, new_code, new_teacher_key, normalise_code
    from ..core.errors import UserInputError
    from ..core.outputs import check_writable, output_folder
    from .dashboard import exposure_warning, port_problem, reachable_addresses, solara_env

    code = normalise_code(args.code) if args.code is not None else new_code()
    if not code.isalnum() or not 3 <= len(code) <= 12:
        raise UserInputError(f"--code must be 3-12 letters or digits, got {args.code!r}")
    out = Path(args.out) if args.out else output_folder("results", f"{Path(args.trial).stem}_seed{args.seed}", prefix="class_",
                                                        what="class trial")
    ClassTrial(Path(args.trial), args.size, args.seed, out, weeks=args.weeks)  # validates everything before the server starts
    check_writable(out)
    problem = port_problem(args.host, args.port)
    if problem:
        raise UserInputError(problem)
    port = args.port or free_port(args.host)
    warning = exposure_warning(args.host, port)
    if warning:
        sys.stderr.write(warning + "\n")
    hosts = reachable_addresses() if warning else [args.host]
    address = " or ".join(f"http://{h}:{port}/" for h in hosts) or f"http://{args.host}:{port}/"
    key = args.teacher_key or new_teacher_key()
    env = solara_env(
        # a student whose computer crashed (no page-close message) counts as left after 2 minutes
        SOLARA_KERNEL_CULL_TIMEOUT=os.environ.get("SOLARA_KERNEL_CULL_TIMEOUT", "2m"),
        **{"GUTBRAIN_CLASS_SPEC": str(args.trial), "GUTBRAIN_CLASS_SIZE": str(args.size), "GUTBRAIN_CLASS_SEED": str(args.seed),
            "GUTBRAIN_CLASS_OUT": str(out.resolve()), "GUTBRAIN_CLASS_OUT_AS_GIVEN": str(out),
            "GUTBRAIN_CLASS_CODE": code, "GUTBRAIN_CLASS_TEACHER_KEY": key,
            "GUTBRAIN_CLASS_ADDRESS": address, "GUTBRAIN_CLASS_WEEKS": str(args.weeks or "")})
    sys.stdout.write(f"gutbrain classroom: class code {code}; students open {address}\n"
                     f"teacher's page (keep it to yourself): http://{args.host if not warning else '127.0.0.1'}:{port}/?teacher={key}\n"
                     f"class trial folder: {out} (Ctrl-C stops the class). Teaching model, not medical advice.\n")
    sys.stdout.flush()
    cmd = [sys.executable, "-m", "solara", "run", "gutbrain_sim.app.class_page:page", "--host", args.host, "--port", str(port),
           "--no-check-version", "--production", "--no-open", "--log-level", "warning"]
    os.execve(cmd[0], cmd, env)  # the server replaces this process, so signals reach it directly
    return 0  # pragma: no cover


def free_port(host: str) -> int:
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]
