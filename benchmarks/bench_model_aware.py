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

``--quick`` skips the 100,000-row exact density and the 1,000,000-row pools.
"""

import argparse
import time
import tracemalloc

import numpy as np
from scipy.stats import spearmanr
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression

from skactive import ActiveLearner
from skactive.strategies import (
    BADGE,
    DensityWeighted,
    ExpectedErrorReduction,
    ExpectedModelChange,
    VarianceReduction,
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
                "note": f"pool {X.nbytes / 2**20:.0f} MiB; ratio = first / cached query",
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
                "note": f"ratio = correlation; max rel. error {relative.max():.2%}, "
                f"mean {relative.mean():.2%}",
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


def run(quick=False):
    """All benchmark lines, as dicts (``benchmark``, ``rows``, ``seconds``, ...)."""
    return _density_lines(quick) + _ratio_lines(quick) + _error_reduction_lines()


def _print_table(lines):
    print(f"{'benchmark':<48} {'rows':>9} {'seconds':>9} {'peak MiB':>9} {'ratio':>9}  note")
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
