"""Shared helpers for the experiment scripts: output folder argument and the trial-spec folder."""

from __future__ import annotations

import argparse
from pathlib import Path

HERE = Path(__file__).resolve().parent
TRIALS = HERE / "trials"
RESULTS = HERE.parent / "results"


def parser(description: str, default_out: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=description + " (teaching model, not medical advice)")
    p.add_argument("--out", default=str(RESULTS / default_out), help=f"output folder (default: results/{default_out})")
    p.add_argument("--seed", type=int, default=1, help="random seed")
    return p
