"""Dose and duration grid: median Hedges g of probiotic vs placebo in MDD for each daily dose and
trial length (no clear dose-response between 1e9 and 1e10 CFU/day is expected: SCIENCE.md).

    python experiments/dose_duration_grid.py [--replicates 20] [--out DIR]
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from _common import parser  # noqa: E402

from gutbrain_sim.core.outputs import write_csv, write_figure  # noqa: E402
from gutbrain_sim.trials.run import run_trial, trial_spec_from_dict  # noqa: E402

DOSES = (1e8, 1e9, 1e10, 1e11)
WEEKS = (4, 8, 12)


def main() -> None:
    p = parser("Dose x duration grid of the probiotic effect in MDD", "dose_duration_grid")
    p.add_argument("--replicates", type=int, default=20)
    args = p.parse_args()
    if args.replicates < 2:
        p.error("--replicates must be at least 2: the grid reports the median Hedges g over replicate trials")
    rows = []
    for weeks in WEEKS:
        for dose in DOSES:
            spec = trial_spec_from_dict({
                "name": f"dose_{dose:.0e}_{weeks}w", "population": "mdd", "n_per_arm": 50, "duration_weeks": weeks,
                "replicates": args.replicates, "seed": args.seed,
                "arms": [{"name": "placebo", "interventions": [{"type": "placebo"}]},
                         {"name": "probiotic", "interventions": [{"type": "probiotic", "dose_cfu_per_day": dose}]}]}, where="grid")
            s = run_trial(spec, progress=True).summary
            c = next(c for c in s["pooled"]["contrasts"] if c["outcome"] == "depression_hamd")
            rows.append({"dose_cfu_per_day": dose, "duration_weeks": weeks, "median_hedges_g": c["median_hedges_g"],
                         "pooled_hedges_g": c["pooled_hedges_g"], "ci_low": c["ci_low"], "ci_high": c["ci_high"]})
    df = pd.DataFrame(rows)
    write_csv(f"{args.out}/grid.csv", df)
    grid = df.pivot(index="duration_weeks", columns="dose_cfu_per_day", values="median_hedges_g")
    fig, ax = plt.subplots(figsize=(6.5, 4), constrained_layout=True)
    im = ax.imshow(grid.to_numpy(), cmap="cividis_r", aspect="auto")
    ax.set_xticks(range(len(DOSES)), [f"{d:.0e}" for d in DOSES])
    ax.set_yticks(range(len(WEEKS)), [str(w) for w in WEEKS])
    for (i, j), v in np.ndenumerate(grid.to_numpy()):
        ax.text(j, i, f"{v:+.2f}", ha="center", va="center", color="white" if v < grid.to_numpy().mean() else "black")
    ax.set_xlabel("probiotic dose (CFU/day)")
    ax.set_ylabel("trial duration (weeks)")
    fig.colorbar(im, label="median Hedges g on HAM-D (< 0 = benefit)")
    ax.set_title("Dose and duration (teaching model, not medical advice)")
    write_figure(f"{args.out}/grid.png", fig)
    print(grid.round(3).to_string())


if __name__ == "__main__":
    main()
