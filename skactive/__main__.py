"""``python -m skactive`` / ``skactive``: compare query strategies on a data set.

Every strategy runs in simulation mode on the same random splits and seeds;
the command prints one row per strategy (AULC, accuracy at the budget, labels
needed to reach 95% of the full-data accuracy), and can write the curves as a
PNG and the numbers as JSON. Bad arguments get a one-line error and exit
code 2.
"""

import argparse
import json
import math
import os
import sys

import numpy as np

from . import __version__
from ._datafiles import DATASETS, DataFileError, load_dataset

DEFAULT_STRATEGIES = "margin,random"
TARGET_SHARE = 0.95  # "labels to reach 95% of the full-data accuracy"


class UsageError(Exception):
    """A problem with the command line or the data it names: one line, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(message)


def _positive_int(text):
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return value


def _n_jobs(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected an integer, got {text!r}")
    if value == 0:
        raise argparse.ArgumentTypeError(
            "0 jobs is not allowed; use 1, 2, ... or -1 for all cores"
        )
    return value


def _share(text):
    try:
        value = float(text)
    except ValueError:
        value = None
    if value is None or not 0 < value < 1:
        raise argparse.ArgumentTypeError(
            f"expected a number between 0 and 1, got {text!r}"
        )
    return value


def build_parser():
    parser = _Parser(
        prog="skactive",
        description=(
            "Compare active learning query strategies: simulate labeling a data set "
            "with each strategy (a scaled LogisticRegression learns from the labels) "
            "and report how fast each one learns."
        ),
    )
    parser.add_argument(
        "--dataset", default="digits", metavar="NAME_OR_PATH",
        help=f"one of {', '.join(DATASETS)}, or a .csv (with a header row) or .npy "
             "file; files need --label-column (default: digits)",
    )
    parser.add_argument(
        "--label-column", metavar="COLUMN",
        help="column holding the labels in a data file: its header name or its index "
             "(0-based, negative counts from the end)",
    )
    parser.add_argument(
        "--strategies", default=DEFAULT_STRATEGIES, metavar="LIST",
        help=f"comma-separated, from {', '.join(available_strategies())} "
             f"(default: {DEFAULT_STRATEGIES})",
    )
    parser.add_argument("--budget", type=_positive_int, metavar="N", default=150,
                        help="labels per run, the random seed included (default: 150)")
    parser.add_argument("--n-initial", type=_positive_int, metavar="N", default=10,
                        help="random seed labels per run (default: 10)")
    parser.add_argument("--batch-size", type=_positive_int, metavar="N", default=10,
                        help="labels queried at a time (default: 10)")
    parser.add_argument("--repeats", type=_positive_int, metavar="N", default=3,
                        help="runs per strategy, each on a new random split "
                             "(default: 3)")
    parser.add_argument("--test-size", type=_share, metavar="SHARE", default=0.25,
                        help="share of the data held out for testing (default: 0.25)")
    parser.add_argument("--n-jobs", type=_n_jobs, metavar="N", default=1,
                        help="runs in parallel; -1 for all cores (default: 1)")
    parser.add_argument("--seed", type=int, metavar="N", default=0,
                        help="random seed for splits and runs (default: 0)")
    parser.add_argument("--plot", metavar="PNG",
                        help="write the learning curves to this image")
    parser.add_argument("--json", metavar="PATH",
                        help="write all the numbers to this JSON file")
    parser.add_argument("--quiet", action="store_true",
                        help="no progress bar and no description, only the table")
    parser.add_argument("--version", action="version",
                        version=f"skactive {__version__}")
    return parser


# -- strategies ---------------------------------------------------------------


def available_strategies():
    """Command-line name -> strategy, for every single-model strategy with
    default settings: ``margin`` for ``margin_sampling``, ``core_set`` for
    ``CoreSet()``. Discovered, so new strategies appear without edits here."""
    import inspect
    import re

    from .strategies import get_strategy_tags
    from .utils.discovery import all_strategies

    found = {}
    for name, obj in all_strategies():
        if inspect.isclass(obj):
            parameters = inspect.signature(obj).parameters.values()
            if any(p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
                   for p in parameters):
                continue  # needs arguments (CostWeighted, AdaptiveStrategy)
            short, obj = re.sub(r"(?<=[a-z])(?=[A-Z])", "_", name).lower(), obj()
        else:
            short = name.removesuffix("_sampling")
        if not get_strategy_tags(obj).committee:
            found[short] = obj
    return dict(sorted(found.items()))


def parse_strategies(text):
    available = available_strategies()
    choices = ", ".join(available)
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names:
        raise UsageError(f"--strategies is empty; choose from {choices}")
    chosen = {}
    for name in names:
        short = name.removesuffix("_sampling")
        if short not in available:
            raise UsageError(f"unknown strategy {name!r}; choose from {choices}")
        if short in chosen:
            raise UsageError(f"strategy {short!r} is listed twice in --strategies")
        chosen[short] = available[short]
    return chosen


# -- data ---------------------------------------------------------------------


def check_experiment(X, y, name, args):
    """Refuse settings that cannot give a meaningful comparison."""
    classes, counts = np.unique(y, return_counts=True)
    if classes.shape[0] < 2:
        raise UsageError(f"{name} has a single class; a classifier needs at least two")
    if counts.min() < 2:
        raise UsageError(
            f"class {classes[counts.argmin()].item()!r} of {name} has a single "
            "sample; every class needs at least two (one to learn from, one to "
            "test on)"
        )
    n_samples = y.shape[0]
    n_test = math.ceil(args.test_size * n_samples)
    n_pool = n_samples - n_test
    if n_test < classes.shape[0] or n_pool < classes.shape[0]:
        raise UsageError(
            f"{name} has {n_samples} samples in {classes.shape[0]} classes: too few to "
            f"split with --test-size {args.test_size}"
        )
    if args.budget > n_pool:
        raise UsageError(
            f"--budget {args.budget} is larger than the pool: {name} leaves "
            f"{n_pool} samples to label after holding out {n_test} for testing; "
            f"use --budget {n_pool} or less"
        )
    if args.n_initial > args.budget:
        raise UsageError(
            f"--n-initial {args.n_initial} is larger than --budget {args.budget}"
        )
    return n_pool, n_test


def check_outputs(args):
    """Fail before the simulations, not after, on outputs that cannot be written."""
    for option, path in (("--plot", args.plot), ("--json", args.json)):
        if path is None:
            continue
        folder = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(folder):
            raise UsageError(f"{option} {path}: folder {folder!r} does not exist")
        if os.path.isdir(path):
            raise UsageError(f"{option} {path}: is a directory")
    if args.plot is not None:
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            raise UsageError(
                "--plot needs matplotlib; install it with: pip install 'skactive[plot]'"
            ) from None


# -- the run --------------------------------------------------------------------


def _progress(quiet):
    """A ``callback(n_done, n_total)`` drawing a tqdm bar, or ``None``."""
    if quiet or not sys.stderr.isatty():
        return None, None
    try:
        from tqdm import tqdm
    except ImportError:  # the optional "progress" extra is not installed
        return None, None
    state = {}

    def callback(n_done, n_total):
        if "bar" not in state:
            state["bar"] = tqdm(total=n_total, desc="simulating", unit="run",
                                file=sys.stderr, leave=False)
        state["bar"].update(n_done - state["bar"].n)

    def close():
        if "bar" in state:
            state["bar"].close()

    return callback, close


def summarize(result, budget):
    """Per strategy: AULC, score at the budget, labels to reach 95% of full data."""
    n_labels = result.n_labels
    full = result.full_data_scores
    target = TARGET_SHARE * float(np.mean(full))
    rows = {}
    for name, scores in result.scores.items():
        reached = np.flatnonzero(result.mean[name] >= target)
        rows[name] = {
            "aulc_mean": float(result.aulc[name].mean()),
            "aulc_std": float(result.aulc[name].std()),
            "accuracy_at_budget_mean": float(scores[-1].mean()),
            "accuracy_at_budget_std": float(scores[-1].std()),
            "labels_to_95": int(n_labels[reached[0]]) if reached.shape[0] else None,
            "mean": result.mean[name].tolist(),
            "std": result.std[name].tolist(),
            "scores": scores.T.tolist(),
        }
    return rows


def format_table(rows, budget):
    header = ("strategy", "AULC ± std", f"accuracy @{budget}", "labels to 95%")
    lines = []
    for name, row in sorted(rows.items(), key=lambda item: -item[1]["aulc_mean"]):
        reached = row["labels_to_95"]
        lines.append((
            name,
            f"{row['aulc_mean']:.3f} ± {row['aulc_std']:.3f}",
            f"{row['accuracy_at_budget_mean']:.3f} ± "
            f"{row['accuracy_at_budget_std']:.3f}",
            str(reached) if reached is not None else f">{budget}",
        ))
    widths = [max(len(line[i]) for line in [header, *lines]) for i in range(4)]
    return "\n".join(
        "  ".join(
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(line, widths))
        )
        for line in [header, *lines]
    )


def write_plot(result, path, title):
    from matplotlib.figure import Figure

    from .plotting import plot_learning_curves

    figure = Figure(figsize=(7, 4.5), layout="constrained")
    plot_learning_curves(result, ax=figure.add_subplot(), title=title)
    figure.savefig(path, dpi=120)


def run(args):
    strategies = parse_strategies(args.strategies)
    try:
        X, y, name = load_dataset(args.dataset, args.label_column)
    except DataFileError as exc:
        raise UsageError(str(exc)) from None
    n_pool, n_test = check_experiment(X, y, name, args)
    check_outputs(args)

    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from . import ActiveLearner
    from .model_selection import active_learning_curve

    learner = ActiveLearner(
        make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
        budget=args.budget, n_initial=args.n_initial, batch_size=args.batch_size,
    )
    n_classes = np.unique(y).shape[0]
    if not args.quiet:
        print(
            f"{name}: {y.shape[0]} samples, {X.shape[1]} features, {n_classes} "
            f"classes; {args.repeats} random splits into a pool of {n_pool} and a "
            f"test set of {n_test}.\nEach run: {args.n_initial} random labels, then "
            f"batches of {args.batch_size} chosen by the strategy, up to "
            f"{args.budget} labels; StandardScaler + LogisticRegression."
        )
    callback, close = _progress(args.quiet)
    try:
        result = active_learning_curve(
            learner, X, y, strategies=strategies, n_repeats=args.repeats,
            test_size=args.test_size, n_jobs=args.n_jobs, random_state=args.seed,
            callback=callback,
        )
    finally:
        if close is not None:
            close()
    rows = summarize(result, args.budget)
    full = result.full_data_scores
    if not args.quiet:
        print(
            f"Accuracy with all {n_pool} pool labels: {full.mean():.3f} ± "
            f"{full.std():.3f}; 'labels to 95%' = labels needed to reach "
            f"{TARGET_SHARE * full.mean():.3f}.\n"
        )
    print(format_table(rows, args.budget))
    if args.json is not None:
        report = {
            "dataset": name,
            "n_samples": int(y.shape[0]),
            "n_features": int(X.shape[1]),
            "n_classes": int(n_classes),
            "n_pool": n_pool,
            "n_test": n_test,
            "budget": args.budget,
            "n_initial": args.n_initial,
            "batch_size": args.batch_size,
            "repeats": args.repeats,
            "seed": args.seed,
            "n_labels": result.n_labels.tolist(),
            "full_data_accuracy": {
                "mean": float(full.mean()), "std": float(full.std()),
                "runs": full.tolist(),
            },
            "strategies": rows,
        }
        try:
            with open(args.json, "w", encoding="utf-8") as handle:
                json.dump(report, handle, indent=2)
        except OSError as exc:
            raise UsageError(f"--json {args.json}: {exc.strerror or exc}") from None
    if args.plot is not None:
        title = (f"{name}: {' vs '.join(strategies)}, {args.repeats} runs "
                 "(mean ± 1 std)")
        try:
            write_plot(result, args.plot, title)
        except OSError as exc:
            raise UsageError(f"--plot {args.plot}: {exc.strerror or exc}") from None
    written = [path for path in (args.json, args.plot) if path is not None]
    if written and not args.quiet:
        print(f"\nwrote {' and '.join(written)}")
    return 0


def main(argv=None):
    """Run the command; returns the exit code (2 for bad arguments)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["query"]:  # skactive query ...: the plain-file labeling loop
        from ._query_command import main as query_main

        return query_main(argv[1:])
    parser = build_parser()
    try:
        return run(parser.parse_args(argv))
    except UsageError as exc:
        print(f"skactive: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
