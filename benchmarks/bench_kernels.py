"""The kernels of issue 20 against their floors, with the peers in the same runs.

Four tables, each a ratio measured in one run with the reference timed
alternately (median of the repeats), so the machine's speed and most of its
load cancel out:

* **margin**: ``learner.query(X_pool, 100)`` with :func:`margin_sampling`
  divided by one bare ``predict_proba`` on the same pool, 2,000 to 1,000,000
  rows x 50 features, 10 classes, LogisticRegression on 200 labels; modAL's
  ``margin_sampling`` and scikit-activeml's
  ``UncertaintySampling(method="margin_sampling")`` (``fit_clf=False``, the
  same fitted model) run the same query, alternated with the same floor.
* **committee**: :func:`kl_divergence_sampling` on a 5-member
  :class:`~skactive.QueryByCommittee` divided by five bare ``predict_proba``.
* **density**: ``DensityWeighted().density`` (exact rbf) seconds on 10^5 rows,
  and the default against the exact density and Nystroem around the switch.
* **batch**: ``CoreSet()`` and ``RankedBatch()``, batch of 100, divided by 100
  passes of one float64 distance update of the whole pool (the floor of
  ``bench_batch.py``), alternated.

The peers are optional (``pip install skactive[bench]``); a peer that is not
installed gets a note instead of a number.

Usage::

    python benchmarks/bench_kernels.py --json benchmarks/results/kernels.json
    python benchmarks/bench_kernels.py --quick
    python benchmarks/bench_kernels.py --quick --margin-only   # the first table only
"""

import argparse
import json
import platform
import sys
import time

import numpy as np
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression

from _common import (
    N_INSTANCES,
    N_LABELED,
    fitted_learner,
    interleaved,
    size_label,
    synthetic_pool,
)

import skactive
from skactive import ActiveLearner, QueryByCommittee
from skactive.strategies import (
    CoreSet,
    DensityWeighted,
    RankedBatch,
    kl_divergence_sampling,
    margin_sampling,
)

MARGIN = "margin query / one bare predict_proba (same run, alternated, median)"
COMMITTEE = "KL-divergence committee of 5 / five bare predict_proba"
DENSITY = "DensityWeighted rbf density (seconds, one run each)"
BATCH = "batch of 100 / 100 float64 distance updates of the pool"


def _peers():
    """``{name: make(estimator, X, y) -> query()}``, and a note per missing peer.

    Each peer queries with the same model: modAL with the fitted
    LogisticRegression itself, scikit-activeml through its
    ``SklearnClassifier`` wrapper fitted on the same 200 labels
    (``fit_clf=False`` keeps it).
    """
    peers, notes = {}, {}
    try:
        from modAL.uncertainty import margin_sampling as modal_margin

        def modal(est, X, y):
            return lambda: modal_margin(est, X, n_instances=N_INSTANCES)

        peers["modAL"] = modal
    except ImportError as exc:
        notes["modAL"] = f"not installed ({exc})"
    try:
        from skactiveml.classifier import SklearnClassifier
        from skactiveml.pool import UncertaintySampling

        def skactiveml(est, X, y):
            clf = SklearnClassifier(
                LogisticRegression(max_iter=1000), classes=est.classes_,
                missing_label=-1,
            ).fit(X[:N_LABELED], y[:N_LABELED])
            strategy = UncertaintySampling(
                method="margin_sampling", missing_label=-1, random_state=0
            )
            unlabeled = np.full(X.shape[0], -1)
            return lambda: strategy.query(
                X, unlabeled, clf, fit_clf=False, batch_size=N_INSTANCES
            )

        peers["scikit-activeml"] = skactiveml
    except ImportError as exc:
        notes["scikit-activeml"] = f"not installed ({exc})"
    return peers, notes


def margin_rows(sizes):
    peers, notes = _peers()
    rows = []
    for n_rows, repeats in sizes:
        X, y = synthetic_pool(n_rows)
        learner = fitted_learner(margin_sampling, X, y)
        est = learner.estimator_
        learner.query(X, N_INSTANCES)
        floor = lambda: est.predict_proba(X)  # noqa: E731 - timed below
        floor_s, query_s = interleaved(
            floor, lambda: learner.query(X, N_INSTANCES), repeats
        )
        row = {
            "table": MARGIN, "n_pool": n_rows, "pool": size_label(n_rows),
            "floor s": floor_s, "skactive": query_s / floor_s,
        }
        for name, make in peers.items():
            run_peer = make(est, X, y)
            run_peer()
            peer_floor, peer_s = interleaved(floor, run_peer, repeats)
            row[name] = peer_s / peer_floor
        for name, note in notes.items():
            row[name] = note
        rows.append(row)
        print(row, file=sys.stderr)
    return rows


def committee_rows(sizes, repeats):
    rows = []
    for n_pool in sizes:
        X, y = make_classification(
            n_samples=n_pool + 200, n_features=50, n_informative=20, n_classes=10,
            random_state=0,
        )
        committee = QueryByCommittee(
            [LogisticRegression(max_iter=200)] * 5, kl_divergence_sampling,
            bootstrap=True, random_state=0,
        ).fit(X[:200], y[:200])
        pool = X[200:]
        committee.query(pool, N_INSTANCES)
        floor_s, query_s = interleaved(
            lambda: [m.predict_proba(pool) for m in committee.estimators_],
            lambda: committee.query(pool, N_INSTANCES),
            repeats,
        )
        row = {"table": COMMITTEE, "n_pool": n_pool, "floor s": floor_s,
               "query s": query_s, "ratio": query_s / floor_s}
        rows.append(row)
        print(row, file=sys.stderr)
    return rows


def density_rows(n_exact, around):
    rows = []
    X, _ = synthetic_pool(n_exact)
    start, cpu = time.perf_counter(), time.process_time()
    DensityWeighted(approximation=None).density(None, X)
    # CPU seconds too: on a busy machine the wall time is mostly waiting.
    rows.append({"table": DENSITY, "setting": "exact (approximation=None)",
                 "n_pool": n_exact, "seconds": time.perf_counter() - start,
                 "cpu seconds": time.process_time() - cpu})
    start, cpu = time.perf_counter(), time.process_time()
    DensityWeighted(random_state=0).density(None, X)
    rows.append({"table": DENSITY, "setting": "default (auto)", "n_pool": n_exact,
                 "seconds": time.perf_counter() - start,
                 "cpu seconds": time.process_time() - cpu})
    print(rows[-1], file=sys.stderr)
    for n_rows in around:
        X, _ = synthetic_pool(n_rows)
        for setting, kwargs in (("exact", {"approximation": None}),
                                ("nystroem", {"approximation": "nystroem"}),
                                ("default", {})):
            strategy = DensityWeighted(random_state=0, **kwargs)
            start = time.perf_counter()
            strategy.density(None, X)
            rows.append({"table": DENSITY, "setting": setting, "n_pool": n_rows,
                         "seconds": time.perf_counter() - start})
            print(rows[-1], file=sys.stderr)
    return rows


def batch_rows(n_pool, repeats):
    from bench_batch import BATCH as N_BATCH, _distance_passes

    rng = np.random.RandomState(0)
    X_labeled = rng.standard_normal((20, 50))
    y_labeled = (X_labeled[:, 0] > 0).astype(int)
    X_pool = rng.standard_normal((n_pool, 50))
    sq_norms = np.einsum("ij,ij->i", X_pool, X_pool)[:, None]
    rows = []
    for name, strategy in (("CoreSet()", CoreSet()), ("RankedBatch()", RankedBatch())):
        learner = ActiveLearner(LogisticRegression(), strategy, random_state=0)
        learner.fit(X_labeled, y_labeled)
        learner.query(X_pool, N_BATCH)
        floor_s, query_s = interleaved(
            lambda: _distance_passes(X_pool, sq_norms),
            lambda: learner.query(X_pool, N_BATCH),
            repeats,
        )
        row = {"table": BATCH, "strategy": name, "n_pool": n_pool,
               "floor s": floor_s, "query s": query_s, "ratio": query_s / floor_s}
        rows.append(row)
        print(row, file=sys.stderr)
    return rows


def run(quick=False, margin_only=False):
    if quick:
        margin = [(2_000, 101), (10_000, 41), (100_000, 11)]
        if margin_only:
            return margin_rows(margin)
        return (margin_rows(margin) + committee_rows([100_000], 3)
                + density_rows(20_000, [5_000]) + batch_rows(100_000, 3))
    margin = [(2_000, 301), (10_000, 101), (100_000, 31), (1_000_000, 7)]
    if margin_only:
        return margin_rows(margin)
    return (margin_rows(margin) + committee_rows([1_000_000], 5)
            + density_rows(100_000, [10_000, 20_000, 40_000])
            + batch_rows(1_000_000, 3))


def _machine():
    from threadpoolctl import threadpool_info

    return {
        "skactive": skactive.__version__, "skactive_file": skactive.__file__,
        "python": platform.python_version(), "numpy": np.__version__,
        "blas": [{k: i.get(k) for k in ("internal_api", "num_threads", "architecture")}
                 for i in threadpool_info() if i.get("user_api") == "blas"],
        "load_average": list(__import__("os").getloadavg()),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--margin-only", action="store_true",
                        help="only the margin table (same sizes and repeats)")
    parser.add_argument("--json", help="write the rows and the machine here")
    parser.add_argument("--label", default="", help="stored with the rows")
    args = parser.parse_args()
    machine = _machine()
    rows = run(quick=args.quick, margin_only=args.margin_only)
    machine["load_average_after"] = list(__import__("os").getloadavg())
    for row in rows:
        print(row)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"label": args.label, "machine": machine, "rows": rows}, f,
                      indent=1)


if __name__ == "__main__":
    main()
