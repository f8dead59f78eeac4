"""The contract on random shapes and class counts (property-based, hypothesis)."""

import numpy as np
import pytest

pytest.importorskip("hypothesis", reason='property tests need hypothesis (pip install ".[tests]")')

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from sklearn.base import clone  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

from skactive import ActiveLearner  # noqa: E402
from skactive.tests.test_strategy_contract import CHEAP, _default_instances  # noqa: E402



@settings(max_examples=25, deadline=None)
@given(
    name=st.sampled_from(CHEAP),
    n_pool=st.integers(1, 30),
    n_classes=st.integers(2, 5),
    n_features=st.integers(1, 6),
    data=st.data(),
)
def test_random_shapes_and_class_counts(name, n_pool, n_classes, n_features, data):
    strategy = dict(_default_instances())[name]
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
