"""Host physiology (pure numpy, vectorised over hosts); no Mesa import below this package."""

from .host import (
    HOST_STATE,
    MOOD_PATHWAYS,
    GutSignals,
    HostInputs,
    HostState,
    advance_host,
    diet_multiplier,
    init_host,
)

__all__ = ["HOST_STATE", "MOOD_PATHWAYS", "GutSignals", "HostInputs", "HostState", "advance_host", "diet_multiplier", "init_host"]
