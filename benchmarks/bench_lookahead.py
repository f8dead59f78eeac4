"""Speed of the lookahead strategies (issue 20, rows 3-4), and their fidelity.

Run ``python benchmarks/bench_lookahead.py [--quick] [--full-retrain]
[--json PATH]``; the benchmark runner imports this module and calls
``run(quick)``. Lines:

* ``ExpectedErrorReduction()`` with its defaults, and with ``max_iter=1``
  (the one-step approximation, the default before), on the digits pool
  (``load_digits``, stratified 2/3 pool, one random label per class as the
  10 labels, the other 1,188 rows the pool) in two readings: (a) the
  features standardised once on the whole data set and a bare
  ``LogisticRegression(max_iter=1000)``; (b) ``make_pipeline(StandardScaler(),
  LogisticRegression(max_iter=1000))``, whose refit also refits the scaler:
  seconds per query (best of 3).
* Their rank agreement with ``method="retrain"`` on the same pool and seeds,
  and that of the converged lookahead (``max_iter=50, tol=1e-6``): Spearman
  correlation of the utilities, on a seeded sample of 100 candidates
  (``n_candidates=100``, the same sample and reference rows for both
  methods) or, with ``--full-retrain``, on all 1,188 (about 45 minutes of
  refits on 2 cores), for (a), (b) and (b') the pipeline's final step
  refitted alone on its fitted features (the scaler kept).
* ``VarianceReduction(n_reference=30)`` with 200 classes, 10 features,
  2,600 pool rows (LogisticRegression(max_iter=5) on one label per class):
  seconds per query, every row a candidate.
* ``ExpectedErrorReduction(n_reference=30, n_candidates=15)`` on the same
  problem: seconds per query. Every candidate costs ~0.25 s here (the
  second-order term follows 200 labeled rows x 200 classes x 200 hypothetical
  labels), so all 2,600 would take about 11 minutes: the stated subsample.

``--json PATH`` (default ``benchmarks/results/lookahead.json``) saves the
lines with the machine's load average. The same script run against an
older checkout (``PYTHONPATH`` pointing at it) gives the "before" column.
"""

import argparse
import json
import os
import time
import warnings
from pathlib import Path

import numpy as np
from scipy.stats import spearmanr
from sklearn.datasets import load_digits, make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skactive import ActiveLearner
from skactive.strategies import ExpectedErrorReduction, VarianceReduction

EER_MANY_CLASSES_CANDIDATES = 15


def digits_problem(seed=0):
    """The digits pool of issue 20: 1,188 rows, 10 classes, 10 labels."""
    X, y = load_digits(return_X_y=True)
    X_pool, _, y_pool, _ = train_test_split(
        X, y, test_size=1 / 3, stratify=y, random_state=seed
    )
    rng = np.random.RandomState(seed)
    labeled = np.array([rng.choice(np.flatnonzero(y_pool == c)) for c in range(10)])
    learner = ActiveLearner(
        make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
        random_state=seed,
    )
    learner.fit(X_pool[labeled], y_pool[labeled])
    return learner, np.delete(X_pool, labeled, axis=0)


def many_classes_problem(n_classes=200, n_features=10, n_pool=2600):
    """200 classes, one label each, 2,600 pool rows (as in test_lookahead_cost)."""
    X, y = make_classification(
        n_pool + 2 * n_classes, n_features=n_features, n_informative=n_features,
        n_redundant=0, n_classes=n_classes, n_clusters_per_class=1, random_state=0,
    )
    seed = np.unique(np.r_[[np.flatnonzero(y == c)[0] for c in range(n_classes)]])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # max_iter=5 does not converge
        learner = ActiveLearner(LogisticRegression(max_iter=5)).fit(X[seed], y[seed])
    return learner, np.delete(X, seed, axis=0)[:n_pool]


def _best_time(func, repeat):
    best, result = np.inf, None
    for _ in range(repeat):
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
    return best, result


def scaled_digits_problem(seed=0):
    """Reading (a): the digits standardised once on the whole data set.

    The same pool and 10 labels as :func:`digits_problem`, the features
    scaled by a ``StandardScaler`` fitted on all 1,797 digits, and a bare
    ``LogisticRegression(max_iter=1000)``: adding a row does not move the
    features, so the approximation and the refit model the same thing.
    """
    learner, pool = digits_problem(seed)
    X, _ = load_digits(return_X_y=True)
    scaler = StandardScaler().fit(X)
    bare = ActiveLearner(LogisticRegression(max_iter=1000), random_state=seed)
    bare.fit(scaler.transform(learner.X_labeled_), learner.y_labeled_)
    return bare, scaler.transform(pool)


# max_iter=1 is the one-step approximation (the default before the Newton
# iterations); "auto" the default (3 iterations on this pool); 50 with
# tol=1e-6 the converged lookahead.
DIGITS_SETTINGS = [
    ("max_iter=1", {"max_iter": 1}),
    ("defaults", {}),
    ("max_iter=50, tol=1e-6", {"max_iter": 50, "tol": 1e-6}),
]


def _digits_lines(quick, full_retrain):
    learner, pool = digits_problem()
    scaled, scaled_pool = scaled_digits_problem()
    lines = []
    for name, params in DIGITS_SETTINGS:
        for label, (model, rows) in [
            ("(b) Pipeline", (learner, pool)),
            ("(a) scaled once", (scaled, scaled_pool)),
        ]:
            strategy = ExpectedErrorReduction(**params)
            seconds, _ = _best_time(
                lambda strategy=strategy, model=model, rows=rows: strategy.utility(
                    model, rows, random_state=0
                ),
                repeat=1 if quick else 3,
            )
            lines.append(
                {
                    "benchmark": f"ExpectedErrorReduction({name}) digits {label}",
                    "rows": pool.shape[0],
                    "seconds": seconds,
                    "note": "every row a candidate, n_reference=1000; "
                    "10 classes x 65 features, 10 labels",
                }
            )
    n_candidates = None if full_retrain else 100
    settings = {"n_candidates": n_candidates, "random_state": 0}
    # The final step alone, refitted on the pipeline's fitted features.
    scaler, final = learner.estimator_[0], learner.estimator_[-1]
    fixed = ActiveLearner(final).fit(
        scaler.transform(learner.X_labeled_), learner.y_labeled_
    )
    problems = [
        ("(a) scaled once", scaled, scaled_pool),
        ("(b) Pipeline", learner, pool),
        ("(b') Pipeline's final step, scaler kept", fixed, scaler.transform(pool)),
    ]
    retrained = {}
    for label, model, rows in problems:
        start = time.perf_counter()
        exact = ExpectedErrorReduction(method="retrain", **settings).utility(model, rows)
        retrain_seconds = time.perf_counter() - start
        retrained[label] = exact
        scored = exact > exact.min() if n_candidates else np.ones(len(exact), bool)
        for name, params in DIGITS_SETTINGS:
            approx = ExpectedErrorReduction(**params, **settings).utility(model, rows)
            lines.append(
                {
                    "benchmark": f"EER({name}) vs retrain, digits {label}",
                    "rows": int(scored.sum()),
                    "seconds": retrain_seconds,
                    "spearman": float(spearmanr(approx[scored], exact[scored])[0]),
                    "note": "seconds = the refits; Spearman of the utilities "
                    "on the sampled candidates",
                }
            )
    scored = retrained["(b) Pipeline"] > retrained["(b) Pipeline"].min()
    lines.append(
        {
            "benchmark": "retrain (b) Pipeline vs retrain (b') final step",
            "rows": int(scored.sum()),
            "seconds": 0.0,
            "spearman": float(
                spearmanr(
                    retrained["(b) Pipeline"][scored],
                    retrained["(b') Pipeline's final step, scaler kept"][scored],
                )[0]
            ),
            "note": "what refitting the scaler on 11 rows alone does to the ranking",
        }
    )
    return lines


def _many_classes_lines(quick):
    learner, pool = many_classes_problem()
    lines = []
    for name, strategy in [
        ("VarianceReduction(n_reference=30)", VarianceReduction(n_reference=30)),
        (
            "ExpectedErrorReduction(n_reference=30, "
            f"n_candidates={EER_MANY_CLASSES_CANDIDATES})",
            ExpectedErrorReduction(
                n_reference=30, n_candidates=EER_MANY_CLASSES_CANDIDATES
            ),
        ),
    ]:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", UserWarning)
            seconds, _ = _best_time(
                lambda: strategy.utility(learner, pool, random_state=0),
                repeat=1 if quick else 2,
            )
        warned = any("minutes" in str(w.message) for w in caught)
        lines.append(
            {
                "benchmark": f"{name} 200 classes",
                "rows": pool.shape[0],
                "seconds": seconds,
                "note": "200 classes x 11 features = 2,200 parameters, 200 labels"
                + ("; warned of minutes" if warned else ""),
            }
        )
    return lines


def run(quick=False, full_retrain=False):
    """All benchmark lines, as dicts (``benchmark``, ``rows``, ``seconds``, ...)."""
    return _digits_lines(quick, full_retrain) + _many_classes_lines(quick)


def _print_table(lines):
    print(f"{'benchmark':<66} {'rows':>6} {'seconds':>8} {'Spearman':>9}  note")
    for line in lines:
        spearman = line.get("spearman")
        print(
            f"{line['benchmark']:<66} {line['rows']:>6,} {line['seconds']:>8.2f} "
            f"{'' if spearman is None else f'{spearman:.3f}':>9}  {line['note']}"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one repeat")
    parser.add_argument(
        "--full-retrain", action="store_true", help="retrain every candidate"
    )
    parser.add_argument(
        "--json",
        default=str(Path(__file__).parent / "results" / "lookahead.json"),
        help="where to save the lines",
    )
    args = parser.parse_args()
    load_before = os.getloadavg()
    lines = run(quick=args.quick, full_retrain=args.full_retrain)
    _print_table(lines)
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    with open(args.json, "w") as file:
        json.dump(
            {
                "lines": lines,
                "load_average_before": load_before,
                "load_average_after": os.getloadavg(),
                "cpu_count": os.cpu_count(),
            },
            file,
            indent=2,
        )
