"""Replicate the meta-analyses: probiotic vs placebo in MDD and in healthy adults, prebiotic alone,
SSRI, and SSRI plus probiotic (add-on), each as many virtual trials; compare with the literature.

    python experiments/meta_analysis_replication.py [--replicates 100] [--out DIR]
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from _common import TRIALS, parser  # noqa: E402

from gutbrain_sim.core.outputs import write_csv, write_figure  # noqa: E402
from gutbrain_sim.trials.run import run_trial  # noqa: E402

# published depression effects (Hedges g / SMD, negative = benefit) and their sources (SCIENCE.md)
LITERATURE = {
    "probiotic_mdd": (-0.50, -0.58, -0.42, "Sa Filho 2026 umbrella"),
    "probiotic_healthy": (-0.24, -0.47, -0.03, "Liu 2019; Huang 2016"),
    "prebiotic_mdd": (-0.28, -0.61, 0.04, "Asad 2024/25"),
    "ssri_mdd": (-0.29, -0.33, -0.25, "Cipriani 2018"),
    "ssri_plus_probiotic_mdd": (None, None, None, "add-on trials: few, heterogeneous"),
}


def main() -> None:
    p = parser("Meta-analysis replication: virtual trials vs published effect sizes", "meta_analysis_replication")
    p.add_argument("--replicates", type=int, default=100, help="virtual trials per comparison (default 100)")
    p.add_argument("--workers", type=int, default=1)
    args = p.parse_args()
    rows = []
    for name in LITERATURE:
        result = run_trial(TRIALS / f"{name}.toml", replicates=args.replicates, seed=args.seed, progress=True, workers=args.workers)
        result.write(f"{args.out}/{name}")
        for c in result.summary["pooled"]["contrasts"]:
            lit = LITERATURE[name] if c["outcome"] == "depression_hamd" else (None, None, None, "")
            rows.append({"comparison": name, "outcome": c["outcome"], "median_hedges_g": c["median_hedges_g"],
                         "pooled_hedges_g": c["pooled_hedges_g"], "ci_low": c["ci_low"], "ci_high": c["ci_high"], "i2": c["i2"],
                         "share_significant": c["share_significant"], "literature_g": lit[0], "literature_low": lit[1],
                         "literature_high": lit[2], "literature_source": lit[3]})
    df = pd.DataFrame(rows)
    write_csv(f"{args.out}/comparison.csv", df)
    dep = df[df.outcome == "depression_hamd"].reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(8, 4.5), constrained_layout=True)
    for i, r in dep.iterrows():
        ax.plot([r.ci_low, r.ci_high], [i, i], color="#0072B2", lw=2)
        ax.plot(r.pooled_hedges_g, i, "D", color="#0072B2", label="model (pooled over virtual trials)" if i == 0 else None)
        if r.literature_g is not None and pd.notna(r.literature_g):
            ax.plot([r.literature_low, r.literature_high], [i + 0.25, i + 0.25], color="#D55E00", lw=2)
            ax.plot(r.literature_g, i + 0.25, "o", color="#D55E00", label="published" if i == 0 else None)
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(range(len(dep)), dep.comparison)
    ax.invert_yaxis()
    ax.set_xlabel("Hedges g on HAM-D (treatment - control; < 0 = benefit)")
    ax.set_title("Virtual trials vs meta-analyses (teaching model, not medical advice)")
    ax.legend(fontsize=8)
    write_figure(f"{args.out}/comparison.png", fig)
    print(dep[["comparison", "median_hedges_g", "pooled_hedges_g", "literature_g"]].to_string(index=False))


if __name__ == "__main__":
    main()
