"""Dask pools: rows per second of ``learner.query`` against the number of workers.

A pool of ``n_rows x 20`` standard normal features is generated on the
workers of a ``distributed.LocalCluster`` (loopback, one thread per worker,
worker processes) and queried with margin sampling (LogisticRegression, 200
labels, 10 classes): the blocks are scored where they live and only the
chosen positions reach the client. Each line is the best of two queries;
the machine's load average is printed with the table, since on a shared
machine two workers only help when a second core is free.

Usage::

    python benchmarks/bench_distributed.py           # 2,000,000 rows
    python benchmarks/bench_distributed.py --quick   # 400,000 rows
"""

import argparse
import os
import time

import numpy as np
from sklearn.linear_model import LogisticRegression

from skactive import ActiveLearner
from skactive.strategies import margin_sampling

N_FEATURES = 20
CHUNK_ROWS = 100_000


def run(quick=False):
    try:
        import dask.array as da
        import distributed
    except ImportError:
        return [{"benchmark": "distributed", "note": 'needs pip install ".[distributed]"'}]
    n_rows = 400_000 if quick else 2_000_000
    rng = np.random.RandomState(0)
    X = rng.standard_normal((200, N_FEATURES))
    y = np.digitize(X[:, 0] + 0.5 * X[:, 1], np.linspace(-2, 2, 9))
    learner = ActiveLearner(LogisticRegression(max_iter=500), margin_sampling,
                            random_state=0).fit(X, y)
    rows = []
    for n_workers in (1, 2):
        with distributed.LocalCluster(
            n_workers=n_workers, threads_per_worker=1, processes=True,
            host="127.0.0.1", dashboard_address=None,
        ) as cluster, distributed.Client(cluster):
            pool = da.random.RandomState(1).standard_normal(
                (n_rows, N_FEATURES), chunks=(CHUNK_ROWS, N_FEATURES)
            )
            best = np.inf
            for _ in range(2):
                start = time.perf_counter()
                positions = learner.query(pool, 100)
                best = min(best, time.perf_counter() - start)
            assert np.unique(positions).shape == (100,)
        rows.append({
            "benchmark": "distributed", "strategy": "margin", "n_workers": n_workers,
            "n_pool": n_rows, "n_features": N_FEATURES, "seconds": best,
            "rows_per_second": n_rows / best, "load_average": os.getloadavg()[0],
        })
    for r in rows:
        r["speedup_vs_1_worker"] = rows[0]["seconds"] / r["seconds"]
    return rows


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    for r in run(quick=parser.parse_args().quick):
        print(r)
