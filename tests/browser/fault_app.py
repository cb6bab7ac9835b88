"""The dashboard with one injected fault, for the classroom test: a model with seed 13 raises on its next step.

Served with ``solara run tests/browser/fault_app.py``; the fault lives only in this test process.
"""

from gutbrain_sim.app.main import page  # noqa: F401
from gutbrain_sim.model import GutBrainModel

FAULT_SEED = 13
_step = GutBrainModel.step


def _faulty_step(self):
    if self.scenario.seed == FAULT_SEED:
        raise RuntimeError("injected fault for the classroom test")
    return _step(self)


GutBrainModel.step = _faulty_step
