"""``python -m skactive`` / ``skactive``: compare query strategies on a data set.

Every strategy runs in simulation mode on the same random splits and seeds;
the command prints one row per strategy (AULC, accuracy at the budget, labels
needed to reach 95% of the full-data accuracy), and can write the curves as a
PNG and the numbers as JSON. With ``--stream`` the data set is a stream in
file order instead, run prequentially through stream strategies (accuracy,
labels spent, samples per second). Bad arguments get a one-line error and
exit code 2.
"""

import argparse
import json
import math
import os
import sys
import textwrap

# NumPy, scikit-learn and the strategies are imported where they are used:
# ``--help`` and argument errors answer at once, without loading them.
from . import __version__
from ._datafiles import (
    DATASETS,
    REGRESSION_DATASETS,
    DataFileError,
    infer_task,
    load_dataset,
)

DEFAULT_STRATEGIES = "recommended,random"  # the learners' default strategy, and the baseline
DEFAULT_REGRESSION_STRATEGIES = "greedy_sampling_x,random"
DEFAULT_BUDGET = 150
TARGET_SHARE = 0.95  # "labels to reach 95% of the full-data accuracy"
# The names of available_strategies(), written out so that --help needs no
# import of the strategies; a test checks that they are the discovered ones.
STRATEGY_NAMES = (
    "adaptive_strategy", "badge", "core_set", "density_weighted", "diverse_batch",
    "entropy", "expected_error_reduction", "expected_model_change",
    "greedy_sampling_x", "margin", "random", "ranked_batch", "recommended",
    "uncertainty", "variance_reduction",
)
REGRESSION_STRATEGY_NAMES = (
    "core_set", "expected_model_change_maximization", "expected_variance_reduction",
    "greedy_sampling_x", "greedy_sampling_y", "improved_greedy", "random", "std",
)
# The names of available_strategies("stream"), likewise.
STREAM_STRATEGY_NAMES = (
    "density_uncertainty", "fixed_uncertainty", "random",
    "randomized_variable_uncertainty", "split", "variable_uncertainty",
)
DEFAULT_STREAM_STRATEGIES = "variable_uncertainty,random"
DEFAULT_STREAM_BUDGET = 0.1
# Options of one kind of run only, by destination; their defaults are None so
# that an option given with the other kind of run is refused.
POOL_ONLY = {"test_size": 0.25, "n_jobs": 1, "batch_size": 10, "stopping": None}
STREAM_ONLY = {"chunk_size": 10, "shuffle": False}


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


def _delimiter(text):
    value = {"tab": "\t", "\\t": "\t"}.get(text, text)
    if len(value) != 1 or value in "\"\r\n":
        raise argparse.ArgumentTypeError(
            f"expected one character (or 'tab'), got {text!r}"
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


# -- stopping (--stopping NAME): criterion classes of skactive.stopping -------

STOPPING = {
    "stabilizing": "StabilizingPredictions",
    "change": "ClassificationChange",
    "uncertainty": "OverallUncertainty",
    "confidence": "MaxConfidence",
    "convergence": "PerformanceConvergence",
}


def _stopping_criterion(name):
    from . import stopping

    return getattr(stopping, STOPPING[name])()


def _add_stops(rows, result, criterion):
    import numpy as np

    for name, row in rows.items():
        stop = result.stops[name][criterion]
        row["labels_at_stop_median"] = float(np.median(stop["n_labels"]))
        row["runs_stopped"] = int(stop["fired"].sum())
        row["accuracy_at_stop_mean"] = float(stop["scores"].mean())
        row["accuracy_at_stop_std"] = float(stop["scores"].std())
        row["labels_at_stop"] = stop["n_labels"].tolist()


def _stop_cells(row):
    if "labels_at_stop_median" not in row:
        return ()
    labels = f"{row['labels_at_stop_median']:.0f}"
    n_runs = len(row["labels_at_stop"])
    if row["runs_stopped"] < n_runs:  # the others ran to the budget
        labels += f" ({row['runs_stopped']}/{n_runs} stopped)"
    return (labels, f"{row['accuracy_at_stop_mean']:.3f} ± "
                    f"{row['accuracy_at_stop_std']:.3f}")


def build_parser():
    parser = _Parser(
        prog="skactive",
        description=(
            "Compare active learning query strategies: simulate labeling a data set "
            "with each strategy (a scaled LogisticRegression learns from the labels) "
            "and report how fast each one learns; with --stream, run the data set as "
            "a stream through stream strategies instead."
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
        "--task", choices=("classification", "regression"),
        help="what the labels are; default: regression for diabetes, friedman1 and "
             "label columns of non-integer numbers, classification otherwise",
    )
    parser.add_argument(
        "--strategies", metavar="LIST",
        help=f"comma-separated, from {', '.join(STRATEGY_NAMES)} "
             f"(default: {DEFAULT_STRATEGIES}); for regression from "
             f"{', '.join(REGRESSION_STRATEGY_NAMES)} (default: "
             f"{DEFAULT_REGRESSION_STRATEGIES})",
    )
    parser.add_argument(
        "--delimiter", type=_delimiter, metavar="CHAR",
        help="field separator of a CSV file, one character or 'tab' (default: ,)",
    )
    parser.add_argument("--budget", metavar="N",
                        help=f"labels per run, the random seed included (default: "
                             f"{DEFAULT_BUDGET}, or the whole pool when it is "
                             "smaller); with --stream, the share of the stream that "
                             "may be labeled, a number in (0, 1] (default: "
                             f"{DEFAULT_STREAM_BUDGET})")
    parser.add_argument("--n-initial", type=_positive_int, metavar="N", default=10,
                        help="random seed labels per run (default: 10)")
    parser.add_argument("--batch-size", type=_positive_int, metavar="N",
                        help="labels queried at a time (default: 10)")
    parser.add_argument("--repeats", type=_positive_int, metavar="N", default=3,
                        help="runs per strategy, each on a new random split; with "
                             "--stream, each with its own seed (and its own order "
                             "with --shuffle) (default: 3)")
    parser.add_argument("--test-size", type=_share, metavar="SHARE",
                        help="share of the data held out for testing (default: 0.25)")
    parser.add_argument("--n-jobs", type=_n_jobs, metavar="N",
                        help="runs in parallel; -1 for all cores (default: 1)")
    parser.add_argument("--seed", type=int, metavar="N", default=0,
                        help="random seed for splits and runs (default: 0)")
    parser.add_argument("--stopping", metavar="NAME", choices=sorted(STOPPING),
                        help="also report where this stopping criterion (default "
                             "settings) would stop, and the accuracy there: "
                             f"{', '.join(sorted(STOPPING))}")
    stream = parser.add_argument_group(
        "streams",
        "With --stream the data set arrives as a stream, in file order: the first "
        "--n-initial samples are labeled to start, then each chunk is predicted "
        "(the prequential test), the strategy decides which of its samples to "
        "label, and a scaled SGDClassifier learns those by partial_fit. --test-size, "
        "--n-jobs, --batch-size and --stopping are for pool runs only.",
    )
    stream.add_argument("--stream", action="store_true",
                        help="run a stream simulation instead of pool-based runs; "
                             f"--strategies from {', '.join(STREAM_STRATEGY_NAMES)} "
                             f"(default: {DEFAULT_STREAM_STRATEGIES})")
    stream.add_argument("--chunk-size", type=_positive_int, metavar="N",
                        help="with --stream: samples decided between two updates of "
                             f"the model (default: {STREAM_ONLY['chunk_size']})")
    stream.add_argument("--shuffle", action="store_true", default=None,
                        help="with --stream: shuffle the stream (each run its own "
                             "order) instead of keeping the file's order")
    parser.add_argument("--plot", metavar="IMAGE",
                        help="write the learning curves (with --stream: accuracy and "
                             "labels spent over the stream) to this image (.png, .pdf, "
                             ".svg, ...: any format matplotlib writes)")
    parser.add_argument("--json", metavar="PATH",
                        help="write all the numbers to this JSON file")
    parser.add_argument("--quiet", action="store_true",
                        help="no progress bar and no description, only the table")
    parser.add_argument("--version", action="version",
                        version=f"skactive {__version__}")
    return parser


# -- strategies ---------------------------------------------------------------


def available_strategies(task="classification"):
    """Command-line name -> strategy, for every single-model strategy with
    default settings that serves ``task``: ``margin`` for ``margin_sampling``,
    ``core_set`` for ``CoreSet()``, ``improved_greedy`` for
    ``ImprovedGreedySampling()``; for ``task="stream"`` the stream strategies,
    ``variable_uncertainty`` for ``VariableUncertainty()`` and ``random`` for
    ``StreamRandomSampling()``. Discovered, so new strategies appear without
    edits here."""
    import inspect
    import re

    if task == "stream":
        return _available_stream_strategies()

    from .strategies import get_strategy_tags
    from .utils.discovery import all_strategies

    found = {}
    for name, obj in all_strategies():
        if inspect.isclass(obj):
            parameters = inspect.signature(obj).parameters.values()
            if any(p.default is p.empty and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
                   for p in parameters):
                continue  # needs arguments (CostWeighted, AdaptiveStrategy)
            short = re.sub(r"(?<=[a-z])(?=[A-Z])", "_", name).lower()
            short, obj = short.removesuffix("_sampling"), obj()
        else:
            short = name.removesuffix("_sampling")
        tags = get_strategy_tags(obj)
        if not tags.committee and task in tags.tasks:
            found[short] = obj
    return dict(sorted(found.items()))


def _available_stream_strategies():
    """Every stream strategy of :mod:`skactive.strategies` buildable with defaults."""
    import inspect
    import re

    from . import strategies

    found = {}
    for name in strategies.__all__:
        obj = getattr(strategies, name)
        if not (inspect.isclass(obj) and issubclass(obj, strategies.BaseStreamStrategy)
                and obj is not strategies.BaseStreamStrategy):
            continue
        try:
            strategy = obj()
        except TypeError:
            continue  # needs arguments
        short = re.sub(r"(?<=[a-z])(?=[A-Z])", "_", name).lower()
        found[short.removeprefix("stream_").removesuffix("_sampling")] = strategy
    return dict(sorted(found.items()))


def parse_strategies(text, task="classification"):
    available = available_strategies(task)
    choices = ", ".join(available)
    names = [name.strip() for name in text.split(",") if name.strip()]
    if not names:
        raise UsageError(f"--strategies is empty; choose from {choices}")
    chosen = {}
    for name in names:
        short = name.removesuffix("_sampling")
        if short not in available:
            if task == "stream" and short in STRATEGY_NAMES + REGRESSION_STRATEGY_NAMES:
                raise UsageError(
                    f"{name!r} is a pool strategy, which chooses among a pool; with "
                    f"--stream choose from {choices}"
                )
            if task != "stream" and short in STREAM_STRATEGY_NAMES:
                raise UsageError(
                    f"{name!r} is a stream strategy: add --stream, or choose from "
                    f"{choices}"
                )
            where = {"regression": " for regression", "stream": " for --stream"}.get(
                task, "")
            raise UsageError(f"unknown strategy {name!r}{where}; choose from {choices}")
        if short in chosen:
            raise UsageError(f"strategy {short!r} is listed twice in --strategies")
        chosen[short] = available[short]
    return chosen


# -- data ---------------------------------------------------------------------


def check_experiment(X, y, name, args, task="classification"):
    """Refuse settings that cannot give a meaningful comparison.

    Without ``--budget``, the budget is the default or the whole pool when
    the pool is smaller; ``args.budget`` is set to it."""
    import numpy as np

    n_samples = y.shape[0]
    n_test = math.ceil(args.test_size * n_samples)
    n_pool = n_samples - n_test
    if task == "regression":
        try:
            np.asarray(y, dtype=float)
        except ValueError:
            raise UsageError(
                f"--task regression needs numeric labels; {name} has labels such "
                f"as {y[0]!r}"
            ) from None
        if n_test < 2:
            raise UsageError(
                f"{name} has {n_samples} samples: too few to test on with "
                f"--test-size {args.test_size}"
            )
    else:
        classes, counts = np.unique(y, return_counts=True)
        if classes.shape[0] < 2:
            raise UsageError(f"{name} has a single class; a classifier needs at least two")
        if counts.min() < 2:
            hint = ""
            if y.dtype.kind in "iuf" and (counts == 1).sum() > classes.shape[0] / 2:
                hint = (
                    f"; its {classes.shape[0]} distinct numbers in {y.shape[0]} rows "
                    "look like a regression target: pass --task regression"
                )
            raise UsageError(
                f"class {classes[counts.argmin()].item()!r} of {name} has a single "
                "sample; every class needs at least two (one to learn from, one to "
                f"test on){hint}"
            )
        if n_test < classes.shape[0] or n_pool < classes.shape[0]:
            raise UsageError(
                f"{name} has {n_samples} samples in {classes.shape[0]} classes: too "
                f"few to split with --test-size {args.test_size}"
            )
    if args.budget is None:
        args.budget = min(DEFAULT_BUDGET, n_pool)
        if args.budget < DEFAULT_BUDGET:
            print(
                f"note: budget capped at {n_pool}, the pool of {name} ({n_samples} "
                f"samples minus {n_test} held out for testing); --budget sets it",
                file=sys.stderr,
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


def _same_file(first, second):
    if os.path.realpath(first) == os.path.realpath(second):
        return True
    try:
        return os.path.samefile(first, second)  # hard links too
    except OSError:
        return False


def check_outputs(args):
    """Fail before anything runs on outputs that cannot or must not be written:
    an input, the other output, a folder that is missing or not writable, an
    image format matplotlib does not write."""
    outputs = [(option, path) for option, path in (("--plot", args.plot),
                                                   ("--json", args.json))
               if path is not None]
    for option, path in outputs:
        if os.path.exists(args.dataset) and _same_file(path, args.dataset):
            raise UsageError(
                f"{option} {path} is the input data set; choose another file name"
            )
    if len(outputs) == 2 and _same_file(args.plot, args.json):
        raise UsageError(
            f"--plot and --json both name {args.plot}; give each its own file"
        )
    for option, path in outputs:
        folder = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(folder):
            raise UsageError(f"{option} {path}: folder {folder!r} does not exist")
        if os.path.isdir(path):
            raise UsageError(f"{option} {path}: is a directory")
        if os.path.exists(path):
            writable = os.path.isfile(path) and os.access(path, os.W_OK)
        else:
            writable = os.access(folder, os.W_OK | os.X_OK)
        if not writable:
            raise UsageError(f"{option} {path}: Permission denied")
    if args.plot is not None:
        try:
            import matplotlib  # noqa: F401
            from matplotlib.backend_bases import FigureCanvasBase
        except ImportError:
            raise UsageError(
                '--plot needs matplotlib; install it with: pip install ".[plot]"'
            ) from None
        formats = FigureCanvasBase.get_supported_filetypes()
        extension = os.path.splitext(args.plot)[1].lower().lstrip(".")
        if extension not in formats:
            found = f"'.{extension}'" if extension else "no extension"
            raise UsageError(
                f"--plot {args.plot}: {found} is not an image format matplotlib "
                f"writes; end the name with one of "
                f"{', '.join('.' + name for name in sorted(formats))}"
            )


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
    import numpy as np

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


def format_table(rows, budget, score_name="Accuracy"):
    score = "accuracy" if score_name == "Accuracy" else score_name
    header = ("strategy", "AULC ± std", f"{score} @{budget}", "labels to 95%")
    if any("labels_at_stop_median" in row for row in rows.values()):
        header += ("labels at stop", f"{score} at stop")
    lines = []
    for name, row in sorted(rows.items(), key=lambda item: -item[1]["aulc_mean"]):
        reached = row["labels_to_95"]
        lines.append((
            name,
            f"{row['aulc_mean']:.3f} ± {row['aulc_std']:.3f}",
            f"{row['accuracy_at_budget_mean']:.3f} ± "
            f"{row['accuracy_at_budget_std']:.3f}",
            str(reached) if reached is not None else f">{budget}",
            *_stop_cells(row),
        ))
    return _aligned(header, lines)


def _write_json(path, report):
    try:
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(report, handle, indent=2)
    except OSError as exc:
        raise UsageError(f"--json {path}: {exc.strerror or exc}") from None


def _aligned(header, lines):
    """The rows as text columns: the first left-aligned, numbers right-aligned."""
    widths = [max(len(line[i]) for line in [header, *lines]) for i in range(len(header))]
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


def _task(args, y):
    if args.task is not None:
        return args.task
    if args.dataset in REGRESSION_DATASETS:
        return "regression"
    return "classification" if args.dataset in DATASETS else infer_task(y)


def check_run_kind(args):
    """Refuse the options of the other kind of run, read ``--budget`` for this
    one, and fill in the defaults of this kind's own options."""
    if args.stream:
        hints = {
            "test_size": "; a stream is scored prequentially, each sample predicted "
                         "before it is learned",
            "batch_size": "; --chunk-size sets how many samples are decided between "
                          "two updates of the model",
        }
        for dest in POOL_ONLY:
            if getattr(args, dest) is not None:
                raise UsageError(
                    f"--{dest.replace('_', '-')} only applies to pool runs, not with "
                    f"--stream{hints.get(dest, '')}"
                )
        if args.task == "regression":
            raise UsageError(
                "--task regression does not apply with --stream: the stream "
                "strategies decide for classifiers"
            )
        defaults, budget = STREAM_ONLY, _stream_budget(args.budget)
    else:
        for dest in STREAM_ONLY:
            if getattr(args, dest) is not None:
                raise UsageError(f"--{dest.replace('_', '-')} only applies with --stream")
        defaults, budget = POOL_ONLY, _pool_budget(args.budget)
    for dest, default in defaults.items():
        if getattr(args, dest) is None:
            setattr(args, dest, default)
    args.budget = budget


def _pool_budget(text):
    if text is None:
        return None  # check_experiment caps the default at the pool
    try:
        return _positive_int(text)
    except argparse.ArgumentTypeError as exc:
        raise UsageError(f"argument --budget: {exc}") from None


def _stream_budget(text):
    if text is None:
        return DEFAULT_STREAM_BUDGET
    try:
        value = float(text)
    except ValueError:
        value = None
    if value is None or not 0 < value <= 1:
        raise UsageError(
            "argument --budget: with --stream, the budget is the share of the stream "
            f"that may be labeled, a number in (0, 1] such as 0.1; got {text!r}"
        )
    return value


def run(args):
    import numpy as np

    check_run_kind(args)
    if args.stream:
        return run_stream(args)
    check_outputs(args)
    try:
        X, y, name = load_dataset(args.dataset, args.label_column, args.delimiter)
    except DataFileError as exc:
        raise UsageError(str(exc)) from None
    task = _task(args, y)
    regression = task == "regression"
    default = DEFAULT_REGRESSION_STRATEGIES if regression else DEFAULT_STRATEGIES
    strategies = parse_strategies(args.strategies or default, task)
    n_pool, n_test = check_experiment(X, y, name, args, task)

    from sklearn.linear_model import BayesianRidge, LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from . import ActiveLearner, ActiveRegressor
    from .model_selection import active_learning_curve

    settings = dict(budget=args.budget, n_initial=args.n_initial, batch_size=args.batch_size)
    if regression:
        y = y.astype(float)
        model_name = "StandardScaler + BayesianRidge"
        learner = ActiveRegressor(make_pipeline(StandardScaler(), BayesianRidge()), **settings)
    else:
        model_name = "StandardScaler + LogisticRegression"
        learner = ActiveLearner(
            make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)), **settings
        )
    n_classes = None if regression else np.unique(y).shape[0]
    if not args.quiet:
        kind = "continuous labels" if regression else f"{n_classes} classes"
        print(
            f"{name}: {y.shape[0]} samples, {X.shape[1]} features, {kind}; "
            f"{args.repeats} random splits into a pool of {n_pool} and a "
            f"test set of {n_test}.\nEach run: {args.n_initial} random labels, then "
            f"batches of {args.batch_size} chosen by the strategy, up to "
            f"{args.budget} labels; {model_name}."
        )
    callback, close = _progress(args.quiet)
    try:
        result = active_learning_curve(
            learner, X, y, strategies=strategies, n_repeats=args.repeats,
            test_size=args.test_size, n_jobs=args.n_jobs, random_state=args.seed,
            callback=callback,
            stopping=None if args.stopping is None else {
                args.stopping: _stopping_criterion(args.stopping)},
        )
    finally:
        if close is not None:
            close()
    rows = summarize(result, args.budget)
    if args.stopping is not None:
        _add_stops(rows, result, args.stopping)
    full = result.full_data_scores
    if not args.quiet:
        print(
            f"{result.score_name} with all {n_pool} pool labels: {full.mean():.3f} ± "
            f"{full.std():.3f}; 'labels to 95%' = labels needed to reach "
            f"{TARGET_SHARE * full.mean():.3f}.\n"
        )
    print(format_table(rows, args.budget, result.score_name))
    if args.json is not None:
        report = {
            "dataset": name,
            "n_samples": int(y.shape[0]),
            "n_features": int(X.shape[1]),
            "task": task,
            "n_classes": None if n_classes is None else int(n_classes),
            "n_pool": n_pool,
            "n_test": n_test,
            "budget": args.budget,
            "n_initial": args.n_initial,
            "batch_size": args.batch_size,
            "repeats": args.repeats,
            "seed": args.seed,
            "stopping": args.stopping,
            "n_labels": result.n_labels.tolist(),
            "full_data_accuracy": {
                "mean": float(full.mean()), "std": float(full.std()),
                "runs": full.tolist(),
            },
            "strategies": rows,
        }
        _write_json(args.json, report)
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


# -- stream runs (--stream) -----------------------------------------------------------


def check_stream(X, y, name, args):
    """Refuse streams that cannot be run; note initial labels of one class."""
    import numpy as np

    n_samples = y.shape[0]
    classes = np.unique(y)
    if classes.shape[0] < 2:
        raise UsageError(f"{name} has a single class; a classifier needs at least two")
    if args.n_initial >= n_samples:
        raise UsageError(
            f"--n-initial {args.n_initial} leaves no stream: {name} has {n_samples} "
            "samples"
        )
    first = np.unique(y[:args.n_initial])
    if not args.shuffle and first.shape[0] == 1:
        print(
            f"note: the first {args.n_initial} samples of {name} are all of class "
            f"{first[0].item()!r}, so the model starts from one class; --shuffle mixes "
            "the stream",
            file=sys.stderr,
        )


def summarize_stream(results, seconds):
    """Per strategy: final prequential accuracy, labels and share spent, speed."""
    import numpy as np

    rows = {}
    for name, runs in results.items():
        final = np.array([run.accuracy[-1] for run in runs])
        labels = np.array([run.n_labels[-1] for run in runs])
        n_stream = runs[0].n_seen[-1]
        rows[name] = {
            "accuracy_mean": float(final.mean()),
            "accuracy_std": float(final.std()),
            "labels_spent_mean": float(labels.mean()),
            "labels_spent": labels.tolist(),
            "share_spent_mean": float(labels.mean() / n_stream),
            "samples_per_second": float(np.median(n_stream / np.asarray(seconds[name]))),
            "accuracy": [run.accuracy.tolist() for run in runs],
            "n_labels": [run.n_labels.tolist() for run in runs],
        }
    return rows


def format_stream_table(rows, budget):
    header = ("strategy", "prequential accuracy", "labels spent",
              f"share spent (budget {budget:g})", "samples/s")
    lines = []
    for name, row in sorted(rows.items(), key=lambda item: -item[1]["accuracy_mean"]):
        labels = row["labels_spent_mean"]
        lines.append((
            name,
            f"{row['accuracy_mean']:.3f} ± {row['accuracy_std']:.3f}",
            f"{labels:.0f}" if labels == int(labels) else f"{labels:.1f}",
            f"{row['share_spent_mean']:.3f}",
            f"{row['samples_per_second']:,.0f}",
        ))
    return _aligned(header, lines)


def write_stream_plot(results, path, title):
    from matplotlib.figure import Figure

    from .plotting import StreamSimulationDisplay

    figure = Figure(figsize=(7, 6), layout="constrained")
    axes = figure.subplots(2, 1, sharex=True, height_ratios=(3, 2))
    StreamSimulationDisplay.from_simulation(results, ax=axes, title=title)
    figure.savefig(path, dpi=120)


def run_stream(args):
    import time

    import numpy as np

    check_outputs(args)
    try:
        X, y, name = load_dataset(args.dataset, args.label_column, args.delimiter)
    except DataFileError as exc:
        raise UsageError(str(exc)) from None
    if _task(args, y) == "regression":
        raise UsageError(
            f"--stream needs class labels; {name} has continuous labels (a regression "
            "target)"
        )
    strategies = parse_strategies(args.strategies or DEFAULT_STREAM_STRATEGIES, "stream")
    check_stream(X, y, name, args)

    from sklearn.linear_model import SGDClassifier
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from . import StreamLearner
    from .model_selection import stream_simulation

    n_samples, n_stream = y.shape[0], y.shape[0] - args.n_initial
    n_classes = np.unique(y).shape[0]
    seeds = range(args.seed, args.seed + args.repeats)
    order = "shuffled, each run its own order" if args.shuffle else "in file order"
    if not args.quiet:
        print(
            f"{name}: {n_samples} samples, {X.shape[1]} features, {n_classes} classes, "
            f"as a stream {order}.\nEach run: the first {args.n_initial} samples "
            f"labeled to start, then chunks of {args.chunk_size} predicted (the "
            f"prequential test), decided and learned, up to {args.budget:g} of the "
            f"{n_stream} streamed samples labeled; StandardScaler + "
            f"SGDClassifier(log_loss) updated by partial_fit; {args.repeats} runs "
            f"(seeds {seeds[0]}..{seeds[-1]}).\n'samples/s' counts the whole loop: "
            "predict, decide, learn.\n"
        )
    results = {strategy: [] for strategy in strategies}
    seconds = {strategy: [] for strategy in strategies}
    callback, close = _progress(args.quiet)
    n_done, n_total = 0, args.repeats * len(strategies)
    try:
        for seed in seeds:
            X_run, y_run = X, y
            if args.shuffle:
                rows = np.random.RandomState(seed).permutation(n_samples)
                X_run, y_run = X[rows], y[rows]
            for strategy_name, strategy in strategies.items():
                model = make_pipeline(
                    StandardScaler(), SGDClassifier(loss="log_loss", random_state=seed))
                learner = StreamLearner(model, strategy, budget=args.budget,
                                        random_state=seed)
                start = time.perf_counter()
                result = stream_simulation(learner, X_run, y_run, n_initial=args.n_initial,
                                           chunk_size=args.chunk_size)
                seconds[strategy_name].append(time.perf_counter() - start)
                results[strategy_name].append(result)
                n_done += 1
                if callback is not None:
                    callback(n_done, n_total)
    finally:
        if close is not None:
            close()
    rows = summarize_stream(results, seconds)
    print(format_stream_table(rows, args.budget))
    if args.json is not None:
        report = {
            "mode": "stream",
            "dataset": name,
            "n_samples": int(n_samples),
            "n_features": int(X.shape[1]),
            "n_classes": int(n_classes),
            "order": "shuffled" if args.shuffle else "file",
            "budget": args.budget,
            "n_initial": args.n_initial,
            "chunk_size": args.chunk_size,
            "repeats": args.repeats,
            "seed": args.seed,
            "n_seen": results[next(iter(results))][0].n_seen.tolist(),
            "strategies": rows,
        }
        _write_json(args.json, report)
    if args.plot is not None:
        runs = f"{args.repeats} runs (mean ± 1 std)" if args.repeats > 1 else "1 run"
        title = textwrap.fill(f"{name} as a stream: {' vs '.join(strategies)}, {runs}", 70)
        try:
            write_stream_plot(results, args.plot, title)
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
