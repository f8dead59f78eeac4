"""Committee query time against the floor of five bare predict_proba calls.

Run ``python benchmarks/bench_committee.py [--quick]``; ``run(quick)`` returns the
rows for ``benchmarks/run.py``.
"""

import argparse
import time

import numpy as np
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression

from skactive import QueryByCommittee
from skactive.strategies import (
    consensus_entropy_sampling,
    kl_divergence_sampling,
    vote_entropy_sampling,
)

N_MEMBERS, N_FEATURES, N_CLASSES, N_LABELED = 5, 50, 10, 200


def _median_seconds(func, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def run(quick=False):
    sizes = [100_000] if quick else [100_000, 1_000_000]
    repeats = 2 if quick else 3
    rows = []
    for n_pool in sizes:
        X, y = make_classification(
            n_samples=n_pool + N_LABELED, n_features=N_FEATURES, n_informative=20,
            n_classes=N_CLASSES, random_state=0,
        )
        X_seed, y_seed, pool = X[:N_LABELED], y[:N_LABELED], X[N_LABELED:]
        for n_jobs in (1, 2):
            for strategy in (vote_entropy_sampling, kl_divergence_sampling,
                             consensus_entropy_sampling):
                committee = QueryByCommittee(
                    [LogisticRegression(max_iter=200)] * N_MEMBERS, strategy,
                    bootstrap=True, n_jobs=n_jobs, random_state=0,
                ).fit(X_seed, y_seed)
                floor = _median_seconds(
                    lambda: [m.predict_proba(pool) for m in committee.estimators_],
                    repeats,
                )
                seconds = _median_seconds(lambda: committee.query(pool, 100), repeats)
                rows.append({
                    "benchmark": "committee", "strategy": strategy.__name__,
                    "n_pool": n_pool, "n_jobs": n_jobs, "seconds": round(seconds, 3),
                    "floor_seconds": round(floor, 3),
                    "ratio_to_5_predict_proba": round(seconds / floor, 2),
                })
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    rows = run(quick=parser.parse_args().quick)
    columns = list(rows[0])
    print("  ".join(f"{c:>24}" for c in columns))
    for row in rows:
        print("  ".join(f"{row[c]!s:>24}" for c in columns))


if __name__ == "__main__":
    main()
