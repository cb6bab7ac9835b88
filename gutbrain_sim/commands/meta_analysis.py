"""gutbrain meta-analysis: a virtual meta-analysis of small, biased, selectively published probiotic trials."""

from __future__ import annotations

import sys
from pathlib import Path


def register(sub) -> None:
    p = sub.add_parser("meta-analysis", help="run many small probiotic trials with documented biases and pool the published ones (target C1b)")
    p.add_argument("--trials", type=int, default=20, help="small trials to run (default 20; each takes one to two minutes)")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1; same seed, same outputs)")
    p.add_argument("--out", default="results/meta_analysis", help="output folder (default results/meta_analysis)")
    p.add_argument("--workers", type=int, default=1, help="local processes running the trials side by side (default 1; same outputs for any number)")
    p.set_defaults(func=main)


def main(args) -> int:
    from ..core.errors import UserInputError
    from ..core.progress import Progress

    if not 3 <= args.trials <= 500:
        raise UserInputError(f"--trials must be a whole number in [3, 500], got {args.trials}")
    if not 0 <= args.seed < 2**32:
        raise UserInputError(f"--seed must be a whole number in [0, 4294967295], got {args.seed}")
    if not 1 <= args.workers <= 64:
        raise UserInputError(f"--workers must be a whole number in [1, 64], got {args.workers}")
    with Progress() as progress:
        progress.stage("loading the model")
        import matplotlib.pyplot as plt

        from ..core.outputs import check_writable, landing, write_csv, write_figure, write_json
        from ..trials.meta_analysis import run_meta_analysis
        from ..trials.meta_plots import meta_figure

        out = Path(args.out)
        check_writable(out)
        progress.done()
        progress.done()
        bar = None
        if progress.enabled:
            from tqdm import tqdm

            bar = tqdm(total=args.trials, unit="trial", desc="meta-analysis", file=sys.stderr, leave=False)
        try:
            result = run_meta_analysis(args.trials, args.seed, progress=None if bar is None else lambda i, k: bar.update(1),
                                       workers=args.workers)
        finally:
            if bar is not None:
                bar.close()
        progress.stage(f"writing outputs to {out}")
        with landing(out) as stage:  # whole or nothing
            write_csv(stage / "trials.csv", result.trials)
            write_json(stage / "meta_summary.json", result.summary)
            fig = meta_figure(result.trials, result.summary)
            try:
                write_figure(stage / "forest_funnel.png", fig)
            finally:
                plt.close(fig)
    s = result.summary
    for key, name in (("published_pool", "published"), ("all_trials_pool", "all trials"), ("true_pool", "true scores")):
        p = s[key]
        print(f"  {name:12s} k={p['k']:<3d} pooled g={p['pooled_hedges_g']} [{p['ci_low']}, {p['ci_high']}]  I2={p['i2_percent']}%  "
              f"Egger intercept {p['egger_intercept']} (p={p['egger_p']})")
    print(f"outputs in {out}/ (trials.csv, meta_summary.json, forest_funnel.png)")
    print("teaching model, not medical advice")
    return 0
