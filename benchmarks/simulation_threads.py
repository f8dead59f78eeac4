"""Does limiting BLAS threads speed up simulation mode's loop of small refits?

Runs the same simulation (digits, scaled LogisticRegression, margin sampling)
with the thread limit in ``BaseLearner.fit`` and with it replaced by a no-op,
interleaved, and prints the ratio of the median times.

    PYTHONPATH=. python benchmarks/simulation_threads.py
"""

import contextlib
import time

import numpy as np
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_info

import skactive._base as base
from skactive import ActiveLearner
from skactive.strategies import margin_sampling

LIMITED = base.threadpool_limits


def unlimited(*args, **kwargs):
    return contextlib.nullcontext()


def run(limit, X, y, budget):
    base.threadpool_limits = limit
    learner = ActiveLearner(
        make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
        margin_sampling, random_state=0, budget=budget,
    )
    start = time.perf_counter()
    learner.fit(X, y)
    return time.perf_counter() - start


def main(repeats=5, budget=200):
    X, y = load_digits(return_X_y=True)
    print("BLAS:", [(p["internal_api"], p["num_threads"]) for p in threadpool_info()])
    times = {"limited": [], "unlimited": []}
    for _ in range(repeats):
        times["limited"].append(run(LIMITED, X, y, budget))
        times["unlimited"].append(run(unlimited, X, y, budget))
    limited, free = np.median(times["limited"]), np.median(times["unlimited"])
    print(f"budget={budget}: limited {limited:.2f}s, unlimited {free:.2f}s, "
          f"unlimited / limited = {free / limited:.2f}")


if __name__ == "__main__":
    main()
