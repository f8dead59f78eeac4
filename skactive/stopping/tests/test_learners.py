"""The criteria inside the learners: should_stop, simulation mode, tuning."""

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.tree import DecisionTreeClassifier

from skactive import ActiveLearner, QueryByCommittee
from skactive.metrics import make_stopping_cost_scorer
from skactive.stopping import (
    BaseStoppingCriterion,
    LabelBudget,
    StabilizingPredictions,
    any_of,
)
from skactive.strategies import margin_sampling

X, Y = load_iris(return_X_y=True)
_ORDER = np.random.RandomState(0).permutation(Y.shape[0])  # iris is sorted by class
X, Y = X[_ORDER], Y[_ORDER]


def _learner(**params):
    return ActiveLearner(LogisticRegression(max_iter=1000), margin_sampling,
                         random_state=0, **params)


def test_stopping_is_the_last_parameter_and_defaults_to_none():
    import inspect

    for cls in (ActiveLearner, QueryByCommittee):
        assert list(inspect.signature(cls).parameters)[-1] == "stopping"
        assert inspect.signature(cls).parameters["stopping"].default is None


def test_should_stop_keeps_its_state_in_a_fitted_copy():
    criterion = StabilizingPredictions(window=1, threshold=0.5, stop_set_size=20)
    learner = _learner(stopping=criterion).fit(X[:10], Y[:10])
    assert learner.should_stop(X[10:]) is False  # nothing to compare with yet
    assert learner.stopping_ is not criterion
    assert not hasattr(criterion, "stop_set_")  # the parameter stays clean
    assert learner.stopping_.stop_set_.shape == (20, 4)
    learner.teach(X[10:15], Y[10:15])
    learner.should_stop(X[15:])
    assert len(learner.stopping_.history_) == 2
    assert learner.stopping_.n_labels_history_ == [10, 15]


def test_should_stop_without_a_criterion_says_how_to_get_one():
    learner = _learner().fit(X[:10], Y[:10])
    with pytest.raises(ValueError, match="no stopping criterion.*StabilizingPredictions"):
        learner.should_stop(X[10:])


def test_should_stop_refuses_a_non_criterion():
    learner = _learner(stopping="stabilizing").fit(X[:10], Y[:10])
    with pytest.raises(TypeError, match=r"check\(learner, X_pool\)"):
        learner.should_stop(X[10:])


def test_a_failed_check_leaves_the_criterion_as_it_was():
    class FailsAt(BaseStoppingCriterion):
        def __init__(self, n=20):
            self.n = n

        def measure(self, learner, X_pool):
            if learner.y_labeled_.shape[0] >= self.n:
                raise RuntimeError("boom")
            return 0

        def decide(self, history):
            return False

    learner = _learner(stopping=FailsAt()).fit(X[:10], Y[:10])
    learner.should_stop(X[10:])
    before = learner.stopping_
    learner.teach(X[10:20], Y[10:20])
    with pytest.raises(RuntimeError, match="boom"):
        learner.should_stop(X[20:])
    assert learner.stopping_ is before
    assert before.history_ == [0]


def test_fit_starts_the_criterion_afresh():
    learner = _learner(stopping=LabelBudget(12)).fit(X[:10], Y[:10])
    learner.teach(X[10:12], Y[10:12])
    assert learner.should_stop(X[12:])
    learner.fit(X[:10], Y[:10])
    assert not hasattr(learner, "stopping_")
    assert not learner.should_stop(X[10:])


def test_simulation_ends_when_the_criterion_fires():
    learner = _learner(budget=100, n_initial=10, batch_size=10,
                       stopping=LabelBudget(30)).fit(X, Y)
    assert learner.n_labels_at_stop_ == 30
    assert learner.queried_indices_.shape == (30,)
    assert learner.X_labeled_.shape == (30, 4)
    np.testing.assert_array_equal(learner.X_labeled_, X[learner.queried_indices_])


def test_simulation_stop_is_the_prefix_of_the_full_run():
    # The criterion draws its stop set from its own seed, not the learner's
    # random stream: with or without it, the same labels come in the same order.
    full = _learner(budget=60, n_initial=10, batch_size=10).fit(X, Y)
    stopped = _learner(budget=60, n_initial=10, batch_size=10,
                       stopping=any_of(StabilizingPredictions(), LabelBudget(40))).fit(X, Y)
    n = stopped.n_labels_at_stop_
    assert n is not None and n <= 40
    np.testing.assert_array_equal(stopped.queried_indices_, full.queried_indices_[:n])
    assert full.n_labels_at_stop_ is None


def test_simulation_without_a_fired_criterion_spends_the_budget():
    learner = _learner(budget=40, n_initial=10, batch_size=10,
                       stopping=LabelBudget(1000)).fit(X, Y)
    assert learner.n_labels_at_stop_ is None
    assert learner.queried_indices_.shape == (40,)
    assert learner.stopping_.n_labels_history_ == [10, 20, 30]


def test_committee_stops_too():
    committee = QueryByCommittee(
        [LogisticRegression(max_iter=1000), DecisionTreeClassifier(random_state=0)],
        random_state=0, budget=60, n_initial=10, batch_size=10,
        stopping=LabelBudget(20),
    ).fit(X, Y)
    assert committee.n_labels_at_stop_ == 20
    assert committee.queried_indices_.shape == (20,)


def test_clone_and_grid_search_reach_the_criterion():
    learner = _learner(budget=60, n_initial=6, batch_size=6,
                       stopping=any_of(StabilizingPredictions(window=2), LabelBudget(60)))
    copy = clone(learner)
    assert copy.stopping is not learner.stopping
    assert copy.get_params()["stopping__labelbudget__n_labels"] == 60
    search = GridSearchCV(
        learner, {"stopping__labelbudget__n_labels": [12, 48]}, cv=3,
        scoring=make_stopping_cost_scorer(label_cost=1.0, n_predictions=10),
    ).fit(X, Y)
    # Labels dominate when a model makes only 10 predictions: stop early.
    assert search.best_params_ == {"stopping__labelbudget__n_labels": 12}
