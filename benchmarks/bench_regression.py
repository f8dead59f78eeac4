"""Regression: query speed and label efficiency, with scikit-activeml side by side.

Speed: a query's time divided by one bare ``predict`` of the same fitted model
on the same pool, timed alternately in one run (robust to load).

Label efficiency, the protocol of issue 13 for continuous targets: per seed, a
random split (2/3 pool, 1/3 test); 10 random seed labels from the pool; then
batches of 10 queried by the strategy until 150 more labels; AULC = mean test
R² over the 16 models (after the seed and after each batch). Every strategy,
skactive's and scikit-activeml's, sees the same split and seed labels as
random sampling in that seed, so differences are paired: the table gives the
mean paired AULC difference to random ± its standard error (over seeds),
``*`` beyond 2 s.e. Features are standardised once per data set, so both
libraries measure distances in the same space; the model is BayesianRidge.

scikit-activeml is optional (``pip install scikit-activeml``, in its own
virtual environment if it pins other versions); without it its rows say so.
Run ``python benchmarks/bench_regression.py [--quick]``.
"""

import argparse
import time

import numpy as np
from sklearn.datasets import load_diabetes, make_friedman1, make_regression
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import RBF, WhiteKernel
from sklearn.linear_model import BayesianRidge
from sklearn.metrics import r2_score
from sklearn.preprocessing import StandardScaler

from _common import discover_strategies, interleaved
from skactive import ActiveRegressor
from skactive.strategies import random_sampling

N_INITIAL, BATCH_SIZE, N_MORE = 10, 10, 150

DATASETS = {
    "diabetes": lambda: load_diabetes(return_X_y=True),
    "friedman1": lambda: make_friedman1(n_samples=600, noise=1.0, random_state=0),
    "make_regression (noise 30)": lambda: make_regression(
        n_samples=600, n_features=10, n_informative=5, noise=30.0, random_state=0
    ),
}


def regression_strategies():
    """skactive's strategies that serve regression, by name (random first)."""
    found = [(name, s) for name, s, note in discover_strategies("regression") if not note]
    return sorted(found, key=lambda item: item[0] != "random_sampling")


def _peers():
    """scikit-activeml's regression strategies matching one of skactive's."""
    try:
        from skactiveml import pool
        from skactiveml.regressor import SklearnRegressor
    except ImportError:
        return None
    return SklearnRegressor, {
        "GreedySamplingX()": lambda seed: pool.GreedySamplingX(random_state=seed),
        "GreedySamplingY()": lambda seed: pool.GreedySamplingTarget(
            method="GSy", random_state=seed),
        "ImprovedGreedySampling()": lambda seed: pool.GreedySamplingTarget(
            method="GSi", random_state=seed),
        "ExpectedModelChangeMaximization()": lambda seed: (
            pool.ExpectedModelChangeMaximization(random_state=seed)),
    }


def _split(n, seed):
    rng = np.random.RandomState(seed)
    order = rng.permutation(n)
    n_pool = n - n // 3
    pool, test = order[:n_pool], order[n_pool:]
    return pool, test, rng.choice(pool.shape[0], N_INITIAL, replace=False)


def _run_skactive(strategy, X, y, pool, test, seed_rows, seed):
    learner = ActiveRegressor(BayesianRidge(), strategy, random_state=seed)
    labeled = list(seed_rows)
    scores = []
    for step in range(N_MORE // BATCH_SIZE + 1):
        rows = pool[labeled]
        learner.fit(X[rows], y[rows])
        scores.append(r2_score(y[test], learner.predict(X[test])))
        if step == N_MORE // BATCH_SIZE:
            break
        unlabeled = np.setdiff1d(np.arange(pool.shape[0]), labeled)
        picked = learner.query(X[pool[unlabeled]], BATCH_SIZE)
        labeled.extend(unlabeled[picked].tolist())
    return np.mean(scores)


def _run_peer(make, SklearnRegressor, X, y, pool, test, seed_rows, seed):
    strategy = make(seed)
    regressor = SklearnRegressor(BayesianRidge(), random_state=seed)
    y_pool = np.full(pool.shape[0], np.nan)
    y_pool[seed_rows] = y[pool[seed_rows]]
    scores = []
    for step in range(N_MORE // BATCH_SIZE + 1):
        known = ~np.isnan(y_pool)
        model = BayesianRidge().fit(X[pool[known]], y_pool[known])
        scores.append(r2_score(y[test], model.predict(X[test])))
        if step == N_MORE // BATCH_SIZE:
            break
        if "GreedySamplingX" in type(strategy).__name__:
            picked = strategy.query(X[pool], y_pool, batch_size=BATCH_SIZE)
        else:
            picked = strategy.query(X[pool], y_pool, regressor, batch_size=BATCH_SIZE)
        y_pool[picked] = y[pool[picked]]
    return np.mean(scores)


def label_efficiency(quick=False):
    n_seeds = 10 if not quick else 3
    names = list(DATASETS) if not quick else ["diabetes"]
    strategies = regression_strategies()
    peers = _peers()
    rows = []
    for data_name in names:
        X, y = DATASETS[data_name]()
        X = StandardScaler().fit_transform(X)
        table = (f"Label efficiency (regression): {data_name}, {len(y)} samples; "
                 f"BayesianRidge; AULC of R², {n_seeds} paired seeds")
        aulc = {}
        seconds = {}
        for seed in range(n_seeds):
            pool, test, seed_rows = _split(len(y), seed)
            for name, strategy in strategies:
                start = time.perf_counter()
                aulc.setdefault(("skactive", name), []).append(
                    _run_skactive(strategy, X, y, pool, test, seed_rows, seed))
                seconds[("skactive", name)] = seconds.get(("skactive", name), 0) + (
                    time.perf_counter() - start)
            if peers is None:
                continue
            SklearnRegressor, matching = peers
            for name, make in matching.items():
                start = time.perf_counter()
                aulc.setdefault(("scikit-activeml", name), []).append(
                    _run_peer(make, SklearnRegressor, X, y, pool, test, seed_rows, seed))
                seconds[("scikit-activeml", name)] = seconds.get(
                    ("scikit-activeml", name), 0) + (time.perf_counter() - start)
        random = np.array(aulc[("skactive", "random_sampling")])
        for (library, name), values in aulc.items():
            values = np.array(values)
            diff = values - random
            se = diff.std(ddof=1) / np.sqrt(len(diff)) if len(diff) > 1 else np.nan
            rows.append({
                "table": table, "library": library, "strategy": name,
                "AULC": round(float(values.mean()), 4),
                "AULC - random": round(float(diff.mean()), 4),
                "s.e.": round(float(se), 4),
                "significant": bool(abs(diff.mean()) > 2 * se) if se > 0 else False,
                "seconds per run": round(seconds[(library, name)] / n_seeds, 2),
            })
        if peers is None:
            rows.append({"table": table, "library": "scikit-activeml",
                         "note": "not installed: pip install scikit-activeml"})
    return rows


def speed(quick=False):
    sizes = [10_000] if quick else [10_000, 100_000]
    rows = []
    rng = np.random.RandomState(0)
    for n_pool in sizes:
        X = rng.normal(size=(n_pool + 200, 10))
        y = X[:, 0] - 2 * X[:, 1] + np.sin(X[:, 2]) + rng.normal(0, 0.1, n_pool + 200)
        labeled, pool = slice(0, 200), slice(200, None)
        models = {"BayesianRidge": BayesianRidge()}
        if n_pool <= 10_000 or not quick:
            models["GaussianProcess"] = GaussianProcessRegressor(
                RBF(1.0) + WhiteKernel(0.1), optimizer=None)
        for model_name, model in models.items():
            for name, strategy in regression_strategies():
                learner = ActiveRegressor(model, strategy, random_state=0)
                learner.fit(X[labeled], y[labeled])
                try:
                    learner.query(X[pool][:100], 10)
                except TypeError as exc:
                    rows.append({"benchmark": "regression speed", "model": model_name,
                                 "strategy": name, "n_pool": n_pool,
                                 "note": str(exc).split(";")[0][:70]})
                    continue
                floor, seconds = interleaved(
                    lambda: learner.estimator_.predict(X[pool]),
                    lambda: learner.query(X[pool], 10), 3 if quick else 5)
                rows.append({
                    "benchmark": "regression speed", "model": model_name,
                    "strategy": name, "n_pool": n_pool,
                    "seconds": round(seconds, 4), "predict_seconds": round(floor, 4),
                    "ratio_to_predict": round(seconds / floor, 1),
                })
    return rows


def run(quick=False):
    return speed(quick) + label_efficiency(quick)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", choices=("speed", "labels"))
    args = parser.parse_args()
    parts = {"speed": speed, "labels": label_efficiency}
    rows = []
    for name, part in parts.items():
        if args.only in (None, name):
            rows += part(args.quick)
    for row in rows:
        print(row)


if __name__ == "__main__":
    main()
