"""Washout after stopping: a probiotic taken daily for 3 weeks, then stopped; the strain's share
of the community sampled daily at 07:00 (before the day's dose), in both gut representations.

    python experiments/washout.py [--people 20] [--out DIR]
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from _common import parser  # noqa: E402

from gutbrain_sim.core.outputs import write_csv, write_figure  # noqa: E402
from gutbrain_sim.interventions import intervention_from_dict  # noqa: E402
from gutbrain_sim.trials.cohort import one_arm  # noqa: E402

DAYS = 35
DOSE = {"type": "probiotic", "start_day": 0, "stop_day": 21, "dose_cfu_per_day": 1e10}


def main() -> None:
    p = parser("Probiotic washout after 3 weeks of daily doses", "washout")
    p.add_argument("--people", type=int, default=20)
    p.add_argument("--agent-people", type=int, default=4, help="people simulated with the agent-based gut (slower)")
    args = p.parse_args()
    rows = []
    for gut, n in (("mixed", args.people), ("agent", args.agent_people)):
        g = one_arm("healthy", [intervention_from_dict(DOSE, "washout", DAYS)], n, args.seed, gut=gut, prefix="washout")
        for h in range(-7 * 24, DAYS * 24):
            g.step(h)
            if h >= 0 and (h + 1) % 24 == 7:
                share = g.measure()["abundance_probiotic_strain"]
                rows += [{"gut": gut, "person": i, "day": (h + 1) / 24, "probiotic_share": float(x)} for i, x in enumerate(share)]
    df = pd.DataFrame(rows)
    write_csv(f"{args.out}/washout.csv", df)
    fig, ax = plt.subplots(figsize=(7, 4), constrained_layout=True)
    for gut, colour in (("mixed", "#0072B2"), ("agent", "#D55E00")):
        d = df[df.gut == gut].groupby("day").probiotic_share.median()
        ax.semilogy(d.index, np.maximum(d.to_numpy(), 1e-9), "-o", ms=3, color=colour, label=f"{gut} gut (median)")
    ax.axvline(21, color="black", ls=":", lw=0.8)
    ax.set_xlabel("day (doses on days 0-20)")
    ax.set_ylabel("administered strain, share of biomass (fraction, log)")
    ax.set_title("Washout after stopping (teaching model, not medical advice)")
    ax.legend(fontsize=8)
    write_figure(f"{args.out}/washout.png", fig)
    on = df[(df.day > 14) & (df.day < 21.5)].groupby("gut").probiotic_share.median()
    for gut in on.index:
        after = df[(df.gut == gut) & (df.day > 21)].groupby("day").probiotic_share.median() / on[gut]
        print(gut, "share of on-treatment level by day after stopping:", np.round(after.to_numpy()[:8], 3))


if __name__ == "__main__":
    main()
