"""Shared fixtures: short runs reused by several tests (each run is deterministic)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def pytest_addoption(parser):
    parser.addoption("--long", action="store_true", help="also run the long tier (tests marked long)")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--long") or os.environ.get("GUTBRAIN_LONG") == "1":
        return
    skip = pytest.mark.skip(reason="long tier: run with pytest --long")
    for item in items:
        if "long" in item.keywords:
            item.add_marker(skip)


def mixed_twin(host: str, seed: int):
    """The person ``GutBrainModel(seed=seed, host=host)`` draws, as the engine's one person on the well-mixed gut."""
    from gutbrain_sim.core.streams import Streams
    from gutbrain_sim.engine import People
    from gutbrain_sim.hosts import draw_hosts, profile

    prof = profile(host)
    p, episode = draw_hosts(prof, {}, 1, Streams(seed)["host.traits"])
    return People(prof, p, episode, [""], seed, gut="mixed")


def run_days(days: float, seed: int = 11, host: str = "healthy", interventions=None, record_every_h: int = 1, **overrides):
    from gutbrain_sim import GutBrainModel
    from gutbrain_sim.scenario import Scenario

    sc = Scenario(name="test", duration_days=days, seed=seed, host=host)
    m = GutBrainModel(sc, interventions=interventions, record_every_h=record_every_h, **overrides)
    m.run()
    return m


@pytest.fixture(scope="session")
def healthy_180():
    """The healthy baseline for 180 days, recorded every 6 h."""
    return run_days(180, seed=1, record_every_h=6)
