"""gutbrain_sim: an agent-based teaching simulation of the gut-brain axis.

A teaching model, not medical advice. Probiotics are modelled as an add-on to standard
care, not a replacement for it.

    >>> import gutbrain_sim
    >>> result = gutbrain_sim.run("healthy_baseline", days=7, seed=1)
    >>> result.timeseries[["day", "depression_hamd"]].tail(1)  # doctest: +SKIP
"""

__version__ = "0.1.0"

from .core.errors import UserInputError  # noqa: E402
from .model import GutBrainModel  # noqa: E402
from .runner import run  # noqa: E402
from .scenario import Scenario, load_scenario, resolve_scenario  # noqa: E402

__all__ = ["GutBrainModel", "Scenario", "UserInputError", "load_scenario", "resolve_scenario", "run", "__version__"]
