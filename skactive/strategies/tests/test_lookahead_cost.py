"""Lookahead strategies with many classes: cost stated, and a warning first."""

import warnings

import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression

from skactive import ActiveLearner
from skactive.strategies import ExpectedErrorReduction, VarianceReduction
from skactive.strategies import _gradients


class _Stop(Exception):
    pass


def _many_classes(n_classes=200, n_features=10, n_pool=2600):
    X, y = make_classification(
        n_pool + 2 * n_classes, n_features=n_features, n_informative=n_features,
        n_redundant=0, n_classes=n_classes, n_clusters_per_class=1, random_state=0,
    )
    seed = np.unique(np.r_[[np.flatnonzero(y == c)[0] for c in range(n_classes)]])
    learner = ActiveLearner(LogisticRegression(max_iter=5)).fit(X[seed], y[seed])
    return learner, np.delete(X, seed, axis=0)[:n_pool]


@pytest.mark.parametrize(
    "strategy, repeat",
    # VarianceReduction at 200 classes takes seconds on 2,600 rows (m^3 per
    # candidate): it warns on eight times as many.
    [
        (ExpectedErrorReduction(n_reference=30), 1),
        (VarianceReduction(n_reference=30), 8),
    ],
    ids=["eer", "vr"],
)
def test_many_classes_warn_before_computing(strategy, repeat, monkeypatch):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        learner, pool = _many_classes()
    pool = np.tile(pool, (repeat, 1))

    def stop(*args, **kwargs):
        raise _Stop

    # The factorisation of the Hessian (an eigendecomposition, or Cholesky
    # when its null space is known) is the first expensive step: the warning
    # must come before it.
    monkeypatch.setattr(_gradients.linalg, "eigh", stop)
    monkeypatch.setattr(_gradients.linalg.lapack, "dpotrf", stop)
    with pytest.warns(UserWarning, match="minutes") as record, pytest.raises(_Stop):
        strategy(learner, pool, 1, random_state=0)
    message = str(record[0].message)
    assert "2200 parameters" in message and "n_candidates=" in message


def test_variance_reduction_with_200_classes_does_not_warn(monkeypatch):
    # About 10 s on two busy cores (benchmarks/bench_lookahead.py): no warning
    # before the Cholesky factorisation of the Hessian (stopped there).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        learner, pool = _many_classes()

    def stop(*args, **kwargs):
        raise _Stop

    monkeypatch.setattr(_gradients.linalg.lapack, "dpotrf", stop)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        with pytest.raises(_Stop):
            VarianceReduction(n_reference=30)(learner, pool, 1, random_state=0)


@pytest.mark.parametrize("make", [ExpectedErrorReduction, VarianceReduction])
def test_small_problem_does_not_warn(make):
    X, y = make_classification(120, 5, n_informative=3, n_classes=3, random_state=0)
    learner = ActiveLearner(LogisticRegression()).fit(X[:30], y[:30])
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        make()(learner, X[30:], 2, random_state=0)


def test_newton_iterations_count_in_the_warning(monkeypatch):
    # 15 candidates of the 200-class problem: the one step does not warn
    # (bench_lookahead: ~5 s), 50 iterations of (m k)^2 = 2200^2 per
    # candidate and label do, before the factorisation.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        learner, pool = _many_classes()

    def stop(*args, **kwargs):
        raise _Stop

    monkeypatch.setattr(_gradients.linalg, "eigh", stop)
    monkeypatch.setattr(_gradients.linalg.lapack, "dpotrf", stop)
    settings = {"n_reference": 30, "n_candidates": 15}
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        with pytest.raises(_Stop):
            ExpectedErrorReduction(**settings)(learner, pool, 1, random_state=0)
    with pytest.warns(UserWarning, match="minutes"), pytest.raises(_Stop):
        ExpectedErrorReduction(max_iter=50, **settings)(
            learner, pool, 1, random_state=0
        )
