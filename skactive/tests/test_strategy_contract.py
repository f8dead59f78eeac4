"""Every public strategy, discovered automatically, honours the contract."""

import inspect

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression

from skactive import ActiveLearner, strategies
from skactive.utils.discovery import all_strategies
from skactive.utils.estimator_checks import strategy_checks

# Strategies whose constructor needs arguments, built here with typical ones.
# A new strategy with required arguments fails test_every_strategy_is_checked
# until it is added.
CONSTRUCTED = {
    "AdaptiveStrategy": lambda cls: cls(
        [strategies.margin_sampling, strategies.entropy_sampling], budget=20
    ),
    "CostWeighted": lambda cls: cls(strategies.margin_sampling, cost=_content_cost),
}


def _content_cost(X):
    """A cost that depends on each row's content only (any pool container)."""
    if isinstance(X, list):
        return np.array([1.0 + len(document) for document in X])
    first = X.iloc[:, 0] if hasattr(X, "iloc") else X[:, 0]
    first = first.toarray().ravel() if sp.issparse(first) else np.asarray(first)
    return 1.0 + np.abs(first)


def _instances():
    for name, obj in all_strategies():
        if not inspect.isclass(obj):
            yield name, obj
        elif name in CONSTRUCTED:
            yield name, CONSTRUCTED[name](obj)
        else:
            yield name, obj()


def test_every_strategy_is_checked():
    names = {name for name, _ in all_strategies()}
    assert {"margin_sampling", "vote_entropy_sampling", "random_sampling"} <= names
    # Every *_sampling function must declare its tags, or discovery misses it.
    undeclared = [
        name for name in strategies.__all__
        if name.endswith("_sampling") and name not in names
    ]
    assert not undeclared, f"strategy functions without declare_tags: {undeclared}"
    assert len(list(_instances())) == len(names)


@pytest.mark.parametrize(
    "strategy, check",
    [(instance, check) for _, instance in _instances() for check in strategy_checks(instance)],
    ids=lambda value: getattr(value, "__name__", None) or type(value).__name__,
)
def test_strategy_contract(strategy, check):
    check()


CHEAP = [name for name, _ in all_strategies()
         if name in {"random_sampling", "uncertainty_sampling", "margin_sampling",
                     "entropy_sampling", "CoreSet", "RankedBatch", "ExpectedModelChange"}]


@settings(max_examples=25, deadline=None)
@given(
    name=st.sampled_from(CHEAP),
    n_pool=st.integers(1, 30),
    n_classes=st.integers(2, 5),
    n_features=st.integers(1, 6),
    data=st.data(),
)
def test_random_shapes_and_class_counts(name, n_pool, n_classes, n_features, data):
    strategy = dict(_instances())[name]
    rng = np.random.RandomState(data.draw(st.integers(0, 1000)))
    # Integer features: duplicated rows and tied scores are frequent.
    X_seed = rng.randint(0, 3, size=(4 * n_classes, n_features)).astype(float)
    y_seed = np.arange(4 * n_classes) % n_classes
    pool = rng.randint(0, 3, size=(n_pool, n_features)).astype(float)
    n_instances = data.draw(st.integers(1, n_pool))
    if hasattr(strategy, "get_params"):
        strategy = clone(strategy)
    learner = ActiveLearner(LogisticRegression(), strategy, random_state=0)
    positions, scores = learner.fit(X_seed, y_seed).query(pool, n_instances, return_scores=True)
    assert np.unique(positions).shape[0] == n_instances
    assert positions.min() >= 0 and positions.max() < n_pool
    assert scores.shape == (n_pool,) and np.all(np.isfinite(scores))
