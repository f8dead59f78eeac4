"""Incremental teach: time of one ``teach`` (10 new rows) with and without refitting.

``ActiveLearner(SGDClassifier(), incremental=True)`` updates the fitted model
with ``partial_fit`` on the new rows; the default refits a clone on the whole
labeled set. Both are timed alternately on the same fitted learner (copied
before each teach) at 1k, 10k and 100k labeled rows, with the ratio.

    PYTHONPATH=. nice -n 10 python benchmarks/bench_incremental.py
"""

import copy
import sys
import warnings
from pathlib import Path

import numpy as np
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import SGDClassifier
from threadpoolctl import threadpool_limits

sys.path[:0] = [str(Path(__file__).resolve().parent.parent), str(Path(__file__).resolve().parent)]

from _common import interleaved  # noqa: E402

from skactive import ActiveLearner  # noqa: E402

SIZES = (1_000, 10_000, 100_000)
N_NEW = 10


def _fitted(incremental, X, y):
    estimator = SGDClassifier(random_state=0, max_iter=20, tol=1e-3)
    return ActiveLearner(estimator, incremental=incremental).fit(X, y)


def run(quick=False):
    repeats = 3 if quick else 7
    rows = []
    X, y = make_classification(
        n_samples=max(SIZES) + N_NEW, n_features=20, n_informative=10,
        n_classes=3, random_state=0,
    )
    X_new, y_new = X[-N_NEW:], y[-N_NEW:]
    with threadpool_limits(limits=1), warnings.catch_warnings():
        # max_iter is kept small so that the run stays short; SGD says so.
        warnings.simplefilter("ignore", ConvergenceWarning)
        for n in SIZES:
            full = _fitted(False, X[:n], y[:n])
            incremental = _fitted(True, X[:n], y[:n])
            full_s, incremental_s = interleaved(
                lambda: copy.deepcopy(full).teach(X_new, y_new),
                lambda: copy.deepcopy(incremental).teach(X_new, y_new),
                repeats,
            )
            # The copy is part of both timings; subtract its own median.
            copy_s, _ = interleaved(
                lambda: copy.deepcopy(full), lambda: copy.deepcopy(incremental), repeats
            )
            full_s, incremental_s = full_s - copy_s, max(incremental_s - copy_s, 1e-6)
            rows.append({
                "labeled_rows": n,
                "full_refit_s": round(full_s, 4),
                "incremental_s": round(incremental_s, 4),
                "speed_up": round(full_s / incremental_s, 1),
            })
    return rows


if __name__ == "__main__":
    print(f"{'labeled rows':>12} {'full refit (s)':>15} {'incremental (s)':>16} {'speed-up':>9}")
    for row in run(quick="--quick" in sys.argv):
        print(f"{row['labeled_rows']:>12,} {row['full_refit_s']:>15.4f} "
              f"{row['incremental_s']:>16.4f} {row['speed_up']:>8.1f}x")
