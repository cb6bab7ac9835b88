"""The full calibration check (C1-C10, >= 100 replicate trials): the same as
``gutbrain calibrate --check``, writing results/calibration/calibration.json.

    python experiments/calibration_check.py [--quick] [--workers 2] [--out DIR]
"""

from __future__ import annotations

import sys

from _common import parser

from gutbrain_sim.cli import main as cli


def main() -> int:
    p = parser("Full calibration check against ../shared/calibration/targets.toml", "calibration")
    p.add_argument("--quick", action="store_true")
    p.add_argument("--workers", type=int, default=1)
    args = p.parse_args()
    argv = ["calibrate", "--check", "--out", f"{args.out}/calibration.json", "--workers", str(args.workers)]
    return cli(argv + (["--quick"] if args.quick else []))


if __name__ == "__main__":
    sys.exit(main())
