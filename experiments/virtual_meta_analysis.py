"""A virtual meta-analysis: many small probiotic trials in MDD, pooled with and without
small-study and publication bias, against the model's true effect.

    python experiments/virtual_meta_analysis.py [--out DIR]
"""

from __future__ import annotations

from _common import TRIALS, parser

from gutbrain_sim.trials.run import load_trial_spec, run_trial


def main() -> None:
    p = parser("Virtual meta-analysis with small-study and publication bias", "virtual_meta_analysis")
    args = p.parse_args()
    for label, bias in (("biased", True), ("unbiased", False)):
        spec = load_trial_spec(TRIALS / "meta_analysis_probiotic_mdd.toml")
        if not bias:
            spec.meta_analysis.small_study_bias_hamd = 0.0
            spec.meta_analysis.publication_bias = False
        result = run_trial(spec, seed=args.seed, progress=True)
        result.write(f"{args.out}/{label}")
        m = result.summary["meta_analysis"]
        print(f"{label:9s} published {m['published']}/{m['trials']}: pooled published g = {m['pooled_published']['pooled_hedges_g']}, "
              f"all trials g = {m['pooled_all']['pooled_hedges_g']}, true g = {m['true_hedges_g']}, inflation = {m['inflation']}")


if __name__ == "__main__":
    main()
