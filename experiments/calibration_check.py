"""The full calibration check (targets version 2: C1-C16, >= 100 replicate trials): the same as
``gutbrain calibrate --check``, writing results/calibration/calibration.json; ``--write-doc`` also
rewrites docs/calibration.md's generated table (and docs/calibration_results.json) from it.

    python experiments/calibration_check.py [--quick] [--workers 2] [--out DIR] [--write-doc]
"""

from __future__ import annotations

import sys

from _common import parser

from gutbrain_sim.cli import main as cli


def main() -> int:
    p = parser("Full calibration check against ../shared/calibration/targets.toml", "calibration")
    p.add_argument("--quick", action="store_true")
    p.add_argument("--workers", type=int, default=1)
    p.add_argument("--write-doc", action="store_true", help="also write docs/calibration.md from the results")
    args = p.parse_args()
    argv = ["calibrate", "--check", "--out", f"{args.out}/calibration.json", "--workers", str(args.workers)]
    return cli(argv + (["--quick"] if args.quick else []) + (["--write-doc"] if args.write_doc else []))


if __name__ == "__main__":
    sys.exit(main())
