import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression

from skactive import ActiveLearner
from skactive.strategies import (
    BaseQueryStrategy,
    CostWeighted,
    margin_sampling,
    random_sampling,
    uncertainty_sampling,
)


class FixedUtility(BaseQueryStrategy):
    def __init__(self, values=None):
        self.values = values

    def utility(self, learner, X_pool):
        return np.asarray(self.values, dtype=float)


POOL = np.zeros((4, 1))


def test_non_negative_utilities_are_divided_as_they_are():
    strategy = CostWeighted(
        FixedUtility([0.4, 0.3, 0.2, 0.0]), cost=[4.0, 1.0, 0.5, 2.0]
    )
    assert_allclose(strategy.utility(None, POOL), [0.1, 0.3, 0.4, 0.0])
    positions, scores = strategy(None, POOL, 2, random_state=0)
    assert_array_equal(positions, [2, 1])
    assert_allclose(scores, [0.1, 0.3, 0.4, 0.0])


def test_negative_utilities_are_shifted_so_costly_rows_lose():
    # Rows 0 and 1 are equally informative; row 1 costs twice as much.
    # Dividing the raw margins would prefer row 1 (-0.05 > -0.1).
    margins = [-0.1, -0.1, -0.9, -0.5]
    strategy = CostWeighted(FixedUtility(margins), cost=[1.0, 2.0, 1.0, 1.0])
    # Shifted by the minimum (-0.9): gains [0.8, 0.8, 0.0, 0.4] over the worst row.
    assert_allclose(strategy.utility(None, POOL), [0.8, 0.4, 0.0, 0.4])
    assert strategy(None, POOL, 1, random_state=0)[0][0] == 0


def test_equal_costs_keep_the_base_ranking_with_a_real_learner():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(60, 2))
    y = (X[:, 0] > 0).astype(int)
    learner = ActiveLearner(LogisticRegression()).fit(X[::6], y[::6])
    for base in (margin_sampling, uncertainty_sampling):
        _, base_scores = base(learner, X)
        weighted = CostWeighted(base, cost=np.full(60, 3.0)).utility(learner, X)
        assert_array_equal(
            np.argsort(weighted, kind="stable"), np.argsort(base_scores, kind="stable")
        )


def test_callable_cost_sees_the_pool():
    pd = pytest.importorskip("pandas", reason="needs pandas (pip install \".[pandas]\")")
    pool = pd.DataFrame({"length": [100, 10, 50]})
    strategy = CostWeighted(
        FixedUtility([0.5, 0.2, 0.5]), cost=lambda X: X["length"].to_numpy()
    )
    assert_allclose(strategy.utility(None, pool), [0.005, 0.02, 0.01])


def test_random_base_is_reproducible():
    strategy = CostWeighted(random_sampling, cost=np.ones(20))
    pool = np.zeros((20, 1))
    first = strategy(None, pool, 5, random_state=1)
    second = strategy(None, pool, 5, random_state=1)
    assert_array_equal(first[0], second[0])
    assert_array_equal(first[1], second[1])


@pytest.mark.parametrize(
    "cost, message",
    [
        ([1.0, 1.0, 1.0], r"cost has shape \(3,\) but X_pool has 4 rows"),
        (np.ones((4, 1)), r"cost has shape \(4, 1\) but X_pool has 4 rows"),
        (
            [1.0, 0.0, 1.0, -2.0],
            r"positive and finite; cost\[1\] is 0.0 \(2 such rows\)",
        ),
        ([1.0, 1.0, np.nan, 1.0], r"cost\[2\] is nan"),
        (lambda X: np.ones(3), "or a callable cost"),
    ],
)
def test_bad_costs(cost, message):
    with pytest.raises(ValueError, match=message):
        CostWeighted(FixedUtility(np.ones(4)), cost=cost).utility(None, POOL)


def test_non_numeric_costs():
    with pytest.raises(TypeError, match="cost must be numbers"):
        CostWeighted(FixedUtility(np.ones(4)), cost=["a", "b", "c", "d"]).utility(
            None, POOL
        )


def test_tunable_and_cloneable():
    cost = np.array([1.0, 2.0, 4.0])
    learner = ActiveLearner(
        LogisticRegression(), CostWeighted(uncertainty_sampling, cost)
    )
    learner.set_params(query_strategy__base=margin_sampling)
    twin = clone(learner)
    assert twin.get_params()["query_strategy__base"] is margin_sampling
    assert twin.get_params()["query_strategy__cost"] is not cost  # cloned, equal
    assert_array_equal(twin.get_params()["query_strategy__cost"], cost)
