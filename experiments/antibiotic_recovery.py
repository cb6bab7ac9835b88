"""Antibiotic recovery with and without a probiotic or FMT afterwards: Shannon diversity and
butyrate producers of healthy adults through a 7-day broad-spectrum course and 8 weeks after.

Uses the scenario files antibiotic_course / antibiotics_then_probiotic / antibiotics_then_fmt when
they exist in scenarios/ (their interventions), else the same schedule built here.

    python experiments/antibiotic_recovery.py [--people 30] [--gut mixed|agent] [--out DIR]
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
from gutbrain_sim.scenario import list_scenarios, load_scenario  # noqa: E402
from gutbrain_sim.trials.cohort import one_arm  # noqa: E402

DAYS = 7 + 7 + 56
COURSE = {"type": "antibiotic", "spectrum": "broad", "start_day": 7, "stop_day": 14}
BUILT_IN = {
    "antibiotic_course": [COURSE],
    "antibiotics_then_probiotic": [COURSE, {"type": "probiotic", "start_day": 14, "stop_day": 42, "dose_cfu_per_day": 1e10}],
    "antibiotics_then_fmt": [COURSE, {"type": "fmt", "start_day": 15, "donor": "healthy", "fraction": 0.3}],
}
COLOURS = {"antibiotic_course": "#999999", "antibiotics_then_probiotic": "#CC79A7", "antibiotics_then_fmt": "#009E73"}


def schedule(name: str):
    files = list_scenarios()
    if name in files:
        return list(load_scenario(files[name]).interventions), f"scenarios/{name}.toml"
    return [intervention_from_dict(d, name, DAYS) for d in BUILT_IN[name]], "built in"


def main() -> None:
    p = parser("Antibiotic recovery with and without probiotic or FMT", "antibiotic_recovery")
    p.add_argument("--people", type=int, default=30)
    p.add_argument("--gut", choices=("mixed", "agent"), default="mixed")
    args = p.parse_args()
    rows = []
    for name in BUILT_IN:
        ivs, origin = schedule(name)
        g = one_arm("healthy", ivs, args.people, args.seed, gut=args.gut, prefix="abx")
        for h in range(-7 * 24, 0):
            g.step(h)
        for h in range(DAYS * 24):
            if h % 24 == 12:
                m = g.measure()
                rows.append({"arm": name, "origin": origin, "day": h / 24, "shannon_mean": float(m["shannon_diversity"].mean()),
                             "shannon_sd": float(m["shannon_diversity"].std()),
                             "butyrate_producers": float(m["abundance_butyrate_producers"].mean()),
                             "pathobionts": float(m["abundance_pathobionts"].mean())})
            g.step(h)
    df = pd.DataFrame(rows)
    write_csv(f"{args.out}/recovery.csv", df)
    fig, axes = plt.subplots(1, 2, figsize=(11, 4), constrained_layout=True)
    for name, d in df.groupby("arm", sort=False):
        base = d[d.day < 7].shannon_mean.mean()
        axes[0].plot(d.day, d.shannon_mean / base, color=COLOURS[name], label=name.replace("_", " "))
        axes[1].plot(d.day, d.butyrate_producers, color=COLOURS[name], label=name.replace("_", " "))
    for ax in axes:
        ax.axvspan(7, 14, color="#E69F00", alpha=0.15, lw=0)
        ax.set_xlabel("day")
        ax.legend(fontsize=8)
    axes[0].axhline(0.9, color="black", ls=":", lw=0.8)
    axes[0].set_ylabel("Shannon diversity (fraction of pre-course mean)")
    axes[1].set_ylabel("butyrate producers (share of biomass)")
    fig.suptitle(f"7-day broad-spectrum antibiotic (shaded), {args.people} healthy adults, {args.gut} gut (teaching model, not medical advice)")
    write_figure(f"{args.out}/recovery.png", fig)
    end = df[df.day == df.day.max()]
    print(end[["arm", "shannon_mean", "butyrate_producers"]].to_string(index=False))
    print("final / baseline Shannon:", {a: round(float(np.mean(d[d.day > DAYS - 2].shannon_mean) / d[d.day < 7].shannon_mean.mean()), 3) for a, d in df.groupby("arm")})


if __name__ == "__main__":
    main()
