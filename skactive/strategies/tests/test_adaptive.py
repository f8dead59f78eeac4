import numpy as np
import pytest
import scipy.sparse as sp
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression

from skactive import ActiveLearner
from skactive.strategies import (
    AdaptiveStrategy,
    BaseQueryStrategy,
    CoreSet,
    margin_sampling,
    random_sampling,
)


class AbsoluteValue(BaseQueryStrategy):
    """Utility sign * |x0|: sign=-1 queries near 0, sign=+1 far from it."""

    def __init__(self, sign=1.0):
        self.sign = sign

    def utility(self, learner, X_pool):
        return self.sign * np.abs(np.asarray(X_pool)[:, 0])


class ThresholdAtLastRow(ClassifierMixin, BaseEstimator):
    """Predicts x0 > (x0 of the last labeled row): its accuracy on a pool
    uniform in [-1, 1] labeled x0 > 0 is 1 - |last x0| / 2, so querying near 0
    is best, uniform sampling (0.75 on average) next, far from 0 worst."""

    def fit(self, X, y):
        self.classes_ = np.array([0, 1])
        self.threshold_ = np.asarray(X)[-1, 0]
        return self

    def predict(self, X):
        return (np.asarray(X)[:, 0] > self.threshold_).astype(int)

    def predict_proba(self, X):
        positive = self.predict(X)
        return np.c_[1 - positive, positive].astype(float)


def run_loop(strategy, n_rounds, n_instances=1, seed=0, n_pool=2000):
    rng = np.random.RandomState(0)
    X = rng.uniform(-1, 1, (n_pool, 1))
    y = (X[:, 0] > 0).astype(int)
    learner = ActiveLearner(ThresholdAtLastRow(), strategy, random_state=seed)
    # A seed of both classes: with one class the learner would explore at
    # random (not with the strategy) until a second class is labeled.
    seed = np.array([np.argmax(y == 0), np.argmax(y == 1)])
    learner.fit(X[seed], y[seed])
    pool = np.setdiff1d(np.arange(n_pool), seed)
    for _ in range(n_rounds):
        positions = learner.query(X[pool], n_instances)
        learner.teach(X[pool[positions]], y[pool[positions]])
        pool = np.delete(pool, positions)
    return learner


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_clear_winner_gets_the_most_weight(seed):
    strategy = AdaptiveStrategy([AbsoluteValue(-1.0), AbsoluteValue(1.0)], budget=300)
    learner = run_loop(strategy, 300, seed=seed)
    weights = learner.query_strategy_.weights_
    assert weights.shape == (3,)  # good, bad, uniform
    assert_allclose(weights.sum(), 1.0)
    assert np.argmax(weights) == 0 and np.argmin(weights) == 1
    assert learner.query_strategy_.history_y_.shape == (300,)


def test_parameter_object_untouched_and_clone_is_fresh():
    strategy = AdaptiveStrategy([AbsoluteValue(-1.0), AbsoluteValue(1.0)], budget=20)
    params = strategy.get_params(deep=False)
    learner = run_loop(strategy, 10)
    assert not [name for name in vars(strategy) if name.endswith("_")]
    assert strategy.get_params(deep=False) == params
    assert learner.query_strategy_ is not strategy
    twin = clone(learner)
    assert not hasattr(twin, "query_strategy_")
    assert not hasattr(twin.query_strategy, "weights_")
    # Refitting starts the bandit afresh.
    learner.fit(np.array([[0.5], [-0.5]]), [1, 0])
    assert not hasattr(learner.query_strategy_, "weights_")


def test_same_random_state_same_queries_and_weights():
    def run():
        strategy = AdaptiveStrategy(
            [AbsoluteValue(-1.0), AbsoluteValue(1.0)], budget=30
        )
        return run_loop(strategy, 15, n_instances=2, seed=4, n_pool=200)

    first, second = run(), run()
    assert_array_equal(first.X_labeled_, second.X_labeled_)
    assert_array_equal(first.query_strategy_.weights_, second.query_strategy_.weights_)


def test_importance_weights_and_scores_of_one_round():
    # Two experts proposing rows 0 (nearest 0) and 2 (farthest), plus the
    # uniform expert: equal weights, so each expert has probability 1/3 and
    # row 0's share of the mixture is 1/3 + (1/3) / 4 = 5/12.
    pool = np.array([[-0.2], [0.5], [0.9], [-0.7]])
    experts = [AbsoluteValue(-1.0), AbsoluteValue(1.0)]
    strategy = AdaptiveStrategy(experts, budget=10)
    learner = ActiveLearner(ThresholdAtLastRow(), strategy, random_state=0)
    learner.fit(np.array([[0.0], [0.1]]), [0, 1])
    positions, scores = learner.query(pool, 1, return_scores=True)
    assert_allclose(scores, [5 / 12, 1 / 12, 5 / 12, 1 / 12])
    learner.teach(pool[positions], [int(pool[positions[0], 0] > 0)])
    fitted = learner.query_strategy_
    assert_allclose(fitted.history_weight_, [1 / (4 * scores[positions[0]])])
    assert fitted.weights_.shape == (3,)


def test_teach_of_other_rows_does_not_update_the_bandit():
    pool = np.random.RandomState(0).uniform(-1, 1, (30, 1))
    strategy = AdaptiveStrategy([AbsoluteValue(-1.0), AbsoluteValue(1.0)], budget=10)
    learner = ActiveLearner(ThresholdAtLastRow(), strategy, random_state=0)
    learner.fit(np.array([[0.0], [0.1]]), [0, 1])
    positions = learner.query(pool, 2)
    before = learner.query_strategy_.weights_.copy()
    others = np.setdiff1d(np.arange(30), positions)[:2]
    learner.teach(pool[others], [0, 1])
    assert_array_equal(learner.query_strategy_.weights_, before)
    assert not hasattr(learner.query_strategy_, "history_y_")


def test_batch_strategies_as_experts_on_a_real_problem():
    X, y = load_iris(return_X_y=True)
    X = sp.csr_matrix(X)
    strategy = AdaptiveStrategy(
        [random_sampling, margin_sampling, CoreSet()], budget=12
    )
    learner = ActiveLearner(LogisticRegression(), strategy, random_state=0)
    learner.fit(X[::30], y[::30])
    for _ in range(3):
        positions, scores = learner.query(X, 4, return_scores=True)
        assert len(set(positions)) == 4
        assert_allclose(scores.sum(), 1.0)
        learner.teach(X[positions], y[positions])
    assert learner.query_strategy_.history_y_.shape == (12,)
    assert learner.query_strategy_.weights_.shape == (4,)


@pytest.mark.parametrize(
    "params, error, message",
    [
        ({"strategies": []}, TypeError, "non-empty list of strategies"),
        ({"strategies": [margin_sampling, "margin"]}, TypeError, "non-empty list"),
        (
            {"strategies": [margin_sampling], "budget": 0},
            ValueError,
            "budget must be a positive",
        ),
        (
            {"strategies": [margin_sampling], "delta": 0},
            ValueError,
            r"delta must be in \(0, 1\]",
        ),
    ],
)
def test_bad_parameters(params, error, message):
    X, y = load_iris(return_X_y=True)
    learner = ActiveLearner(LogisticRegression(), AdaptiveStrategy(**params)).fit(
        X[::10], y[::10]
    )
    with pytest.raises(error, match=message):
        learner.query(X)
