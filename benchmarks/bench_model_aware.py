"""Speed, memory and fidelity of the model-aware strategies.

Run ``python benchmarks/bench_model_aware.py [--quick]``; the benchmark runner
imports this module and calls ``run(quick)``, which returns one dict per line
of the table. Lines:

* ``DensityWeighted`` (rbf): time and peak extra memory (tracemalloc, the
  pool itself excluded) on 10,000, 100,000 (exact) and 1,000,000 (Nystroem)
  rows x 50 features; the approximations' error against the exact density
  on 10,000 rows.
* ``ExpectedModelChange``: time / one bare ``predict_proba`` on the same pool
  (1,000,000 rows; 100,000 with ``--quick``).
* ``ExpectedErrorReduction``: ``approx`` vs ``retrain`` on a 300-row pool,
  time ratio and Spearman rank agreement.
* ``VarianceReduction`` and ``BADGE``: time / ``predict_proba``.
* Learning curves (digits, breast cancer; scaled LogisticRegression; batches
  of 10 from 10 random labels up to 100): mean and final test accuracy of
  each strategy next to random and margin sampling.

``--quick`` skips the 100,000-row exact density and the 1,000,000-row pools.
"""

import argparse
import time
import tracemalloc

import numpy as np
from scipy.stats import spearmanr
from sklearn.datasets import load_breast_cancer, load_digits, make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skactive import ActiveLearner
from skactive.strategies import (
    BADGE,
    DensityWeighted,
    ExpectedErrorReduction,
    ExpectedModelChange,
    VarianceReduction,
    margin_sampling,
    random_sampling,
)


def _measure(func, repeat=1):
    """Best wall time over ``repeat`` calls, peak traced memory, last result."""
    best, peak, result = np.inf, 0, None
    for _ in range(repeat):
        tracemalloc.start()
        tracemalloc.reset_peak()
        start = time.perf_counter()
        result = func()
        best = min(best, time.perf_counter() - start)
        peak = max(peak, tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    return best, peak / 2**20, result


def _gaussian_pool(n_rows, n_features=50, seed=0):
    return np.random.RandomState(seed).normal(size=(n_rows, n_features))


def _density_lines(quick):
    lines = []
    sizes = [(10_000, None)] if quick else [(10_000, None), (100_000, None)]
    sizes.append((1_000_000 if not quick else 100_000, "nystroem"))
    for n_rows, approximation in sizes:
        X = _gaussian_pool(n_rows)
        strategy = DensityWeighted(approximation=approximation, random_state=0)
        seconds, peak, _ = _measure(lambda: strategy.density(None, X))
        cached, _, _ = _measure(lambda: strategy.density(None, X))
        lines.append(
            {
                "benchmark": f"DensityWeighted rbf {approximation or 'exact'}",
                "rows": n_rows,
                "seconds": seconds,
                "peak_extra_mib": peak,
                "ratio": seconds / max(cached, 1e-9),
                "note": f"pool {X.nbytes / 2**20:.0f} MiB; "
                "ratio = first / cached query",
            }
        )
    # Approximation error against the exact density on 10,000 structured rows.
    X, _ = make_classification(10_000, 50, n_informative=10, random_state=0)
    exact = DensityWeighted().density(None, X)
    for approximation in ("nystroem", "reference"):
        approx = DensityWeighted(
            approximation=approximation, n_components=256, random_state=0
        ).density(None, X)
        relative = np.abs(approx - exact) / exact
        lines.append(
            {
                "benchmark": f"DensityWeighted {approximation} vs exact",
                "rows": 10_000,
                "ratio": float(np.corrcoef(exact, approx)[0, 1]),
                "note": "ratio = correlation; "
                f"Spearman {spearmanr(exact, approx)[0]:.3f}, "
                f"max rel. error {relative.max():.1%}, mean {relative.mean():.1%}",
            }
        )
    return lines


def _fitted_learner(n_features=50, n_classes=5, seed=0):
    X, y = make_classification(
        2_000, n_features, n_informative=10, n_classes=n_classes, random_state=seed
    )
    return ActiveLearner(LogisticRegression(max_iter=1000)).fit(X, y)


def _ratio_lines(quick):
    lines = []
    learner = _fitted_learner()
    n_rows = 100_000 if quick else 1_000_000
    X = _gaussian_pool(n_rows)
    bare, _, _ = _measure(lambda: learner.predict_proba(X), repeat=3)
    for name, call in [
        ("ExpectedModelChange", lambda: ExpectedModelChange().utility(learner, X)),
        ("BADGE batch of 100", lambda: BADGE()(learner, X, 100, random_state=0)),
    ]:
        seconds, peak, _ = _measure(call, repeat=3 if "Model" in name else 1)
        lines.append(
            {
                "benchmark": name,
                "rows": n_rows,
                "seconds": seconds,
                "peak_extra_mib": peak,
                "ratio": seconds / bare,
                "note": "ratio = time / bare predict_proba",
            }
        )
    X = X[:10_000]
    bare, _, _ = _measure(lambda: learner.predict_proba(X), repeat=3)
    seconds, peak, _ = _measure(lambda: VarianceReduction().utility(learner, X))
    lines.append(
        {
            "benchmark": "VarianceReduction",
            "rows": 10_000,
            "seconds": seconds,
            "peak_extra_mib": peak,
            "ratio": seconds / bare,
            "note": "ratio = time / bare predict_proba; 5 classes x 51 dims",
        }
    )
    return lines


def _error_reduction_lines():
    X, y = make_classification(
        330, 5, n_informative=4, n_redundant=0, n_classes=3, random_state=0
    )
    learner = ActiveLearner(LogisticRegression(tol=1e-8)).fit(X[:30], y[:30])
    pool = X[30:]
    lines = []
    for loss in ("log", "zero_one"):
        approx_strategy = ExpectedErrorReduction(loss, "approx", n_reference=None)
        approx_s, _, approx = _measure(
            lambda: approx_strategy.utility(learner, pool), repeat=5
        )
        retrain_strategy = ExpectedErrorReduction(loss, "retrain", n_reference=None)
        retrain_s, _, exact = _measure(lambda: retrain_strategy.utility(learner, pool))
        lines.append(
            {
                "benchmark": f"ExpectedErrorReduction {loss} approx vs retrain",
                "rows": 300,
                "seconds": approx_s,
                "ratio": retrain_s / approx_s,
                "note": f"ratio = retrain {retrain_s:.1f} s / approx; "
                f"Spearman {spearmanr(approx, exact)[0]:.3f}",
            }
        )
    return lines


def _learning_curve_lines(quick):
    """Accuracy after each batch of 10 labels, next to random and margin sampling."""
    strategies = {
        "random_sampling": random_sampling,
        "margin_sampling": margin_sampling,
        "DensityWeighted(margin)": DensityWeighted(margin_sampling),
        "ExpectedModelChange": ExpectedModelChange(),
        "ExpectedErrorReduction": ExpectedErrorReduction(
            n_candidates=300, n_reference=300
        ),
        "VarianceReduction": VarianceReduction(n_reference=300),
        "BADGE": BADGE(),
    }
    budget, batch = (60, 10) if quick else (100, 10)
    seeds = [0] if quick else [0, 1, 2]
    lines = []
    datasets = [("digits", load_digits), ("breast_cancer", load_breast_cancer)]
    for data_name, loader in datasets:
        X, y = loader(return_X_y=True)
        for name, strategy in strategies.items():
            finals, means, seconds = [], [], 0.0
            for seed in seeds:
                X_pool, X_test, y_pool, y_test = train_test_split(
                    X, y, test_size=0.3, stratify=y, random_state=seed
                )
                learner = ActiveLearner(
                    make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
                    query_strategy=strategy,
                    random_state=seed,
                )
                labeled = np.random.RandomState(seed).choice(
                    len(y_pool), batch, replace=False
                )
                learner.fit(X_pool[labeled], y_pool[labeled])
                unlabeled = np.setdiff1d(np.arange(len(y_pool)), labeled)
                curve = [learner.score(X_test, y_test)]
                while len(learner.y_labeled_) < budget:
                    start = time.perf_counter()
                    picked = learner.query(X_pool[unlabeled], batch)
                    seconds += time.perf_counter() - start
                    rows = unlabeled[picked]
                    learner.teach(X_pool[rows], y_pool[rows])
                    unlabeled = np.setdiff1d(unlabeled, rows)
                    curve.append(learner.score(X_test, y_test))
                finals.append(curve[-1])
                means.append(np.mean(curve))
            lines.append(
                {
                    "benchmark": f"curve {data_name}: {name}",
                    "rows": len(y),
                    "seconds": seconds / len(seeds),
                    "ratio": float(np.mean(means)),
                    "note": "ratio = mean accuracy over the curve "
                    f"(10..{budget} labels); "
                    f"final {np.mean(finals):.3f}; seconds = all queries of a run; "
                    f"{len(seeds)} seed(s)",
                }
            )
    return lines


def run(quick=False):
    """All benchmark lines, as dicts (``benchmark``, ``rows``, ``seconds``, ...)."""
    return (
        _density_lines(quick)
        + _ratio_lines(quick)
        + _error_reduction_lines()
        + _learning_curve_lines(quick)
    )


def _print_table(lines):
    header = ("benchmark", "rows", "seconds", "peak MiB", "ratio")
    print(f"{header[0]:<48} " + " ".join(f"{h:>9}" for h in header[1:]) + "  note")
    for line in lines:
        seconds = line.get("seconds")
        peak = line.get("peak_extra_mib")
        print(
            f"{line['benchmark']:<48} {line['rows']:>9,} "
            f"{'' if seconds is None else f'{seconds:.3f}':>9} "
            f"{'' if peak is None else f'{peak:.0f}':>9} "
            f"{line['ratio']:>9.3g}  {line['note']}"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the largest pools")
    _print_table(run(quick=parser.parse_args().quick))
