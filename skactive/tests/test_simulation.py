"""Simulation mode: ``fit(X, y)`` with ``budget`` set runs the whole loop."""

import warnings

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import clone
from sklearn.datasets import load_iris
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import make_pipeline

from skactive import ActiveLearner
from skactive._simulation import initial_positions, label_schedule
from skactive.strategies import (
    BaseQueryStrategy,
    margin_sampling,
    random_sampling,
    select_top_k,
)

X_IRIS, Y_IRIS = load_iris(return_X_y=True)


class Recorder(BaseQueryStrategy):
    """Margin sampling that remembers the pool size and batch size of each call."""

    def __call__(self, learner, X_pool, n_instances=1, *, random_state=None):
        self.calls_ = getattr(self, "calls_", []) + [(len(X_pool), n_instances)]
        return margin_sampling(learner, X_pool, n_instances, random_state=random_state)


class FirstRows(BaseQueryStrategy):
    """Always the first rows of the pool: makes the queried positions predictable."""

    def __call__(self, learner, X_pool, n_instances=1, *, random_state=None):
        scores = -np.arange(len(X_pool), dtype=float)
        return select_top_k(scores, n_instances, random_state), scores


def simulated(strategy=margin_sampling, **params):
    params = {"random_state": 0, "budget": 35, "n_initial": 10, "batch_size": 10, **params}
    return ActiveLearner(LogisticRegression(max_iter=1000), strategy, **params).fit(X_IRIS, Y_IRIS)


def test_labels_budget_samples_random_seed_first():
    learner = simulated()
    queried = learner.queried_indices_
    assert queried.shape == (35,) and queried.dtype == np.intp
    assert np.unique(queried).shape == (35,)
    # The seed is what the learner's random state draws first.
    assert_array_equal(queried[:10], initial_positions(Y_IRIS, 10, np.random.RandomState(0)))
    assert_array_equal(learner.X_labeled_, X_IRIS[queried])
    assert_array_equal(learner.y_labeled_, Y_IRIS[queried])


def test_batches_are_queried_from_the_rest_and_the_last_is_cut():
    learner = simulated(Recorder())
    assert learner.query_strategy_.calls_ == [(140, 10), (130, 10), (120, 5)]
    assert_array_equal(label_schedule(10, 35, 10), [10, 20, 30, 35])


def test_queried_positions_follow_the_strategy():
    # FirstRows takes the lowest positions not yet labeled, batch after batch.
    learner = simulated(FirstRows(), budget=30)
    seed = learner.queried_indices_[:10]
    rest = np.setdiff1d(np.arange(150), seed)
    assert_array_equal(learner.queried_indices_[10:], rest[:20])


def test_final_model_is_trained_on_the_budget_labels_only():
    learner = simulated()
    queried = learner.queried_indices_
    reference = LogisticRegression(max_iter=1000).fit(X_IRIS[queried], Y_IRIS[queried])
    assert_allclose(learner.estimator_.coef_, reference.coef_)


def test_same_seed_same_run_other_seed_other_run():
    assert_array_equal(simulated().queried_indices_, simulated().queried_indices_)
    assert not np.array_equal(
        simulated().queried_indices_, simulated(random_state=1).queried_indices_
    )


def test_seed_covers_two_classes_when_the_data_have_them():
    y = np.zeros(150, dtype=int)
    y[77] = 1
    for seed in range(5):
        positions = initial_positions(y, 2, np.random.RandomState(seed))
        assert sorted(y[positions]) == [0, 1]
    # One class in the data: nothing to swap.
    assert_array_equal(initial_positions(np.zeros(5), 3, np.random.RandomState(0)).shape, [3])


def test_seed_with_one_rare_class_still_fits():
    y = (np.arange(150) == 3).astype(int)
    learner = ActiveLearner(LogisticRegression(), random_sampling, random_state=0,
                            budget=4, n_initial=2, batch_size=1).fit(X_IRIS, y)
    assert 3 in learner.queried_indices_[:2]
    assert_array_equal(learner.classes_, [0, 1])


def test_budget_equal_to_n_initial_is_pure_random():
    learner = simulated(Recorder(), budget=10)
    assert learner.queried_indices_.shape == (10,)
    assert not hasattr(learner.query_strategy_, "calls_")


def test_budget_larger_than_the_data_labels_everything_with_a_warning():
    with pytest.warns(UserWarning, match="budget=500 is larger than the 150 samples"):
        learner = simulated(budget=500, n_initial=20)
    assert_array_equal(np.sort(learner.queried_indices_), np.arange(150))


def test_n_initial_larger_than_a_small_data_set_is_cut_too():
    with pytest.warns(UserWarning, match="budget=40 is larger than the 6 samples"):
        learner = ActiveLearner(LogisticRegression(), budget=40, n_initial=20).fit(
            X_IRIS[[0, 1, 50, 51, 100, 101]], Y_IRIS[[0, 1, 50, 51, 100, 101]]
        )
    assert learner.queried_indices_.shape == (6,)


@pytest.mark.parametrize(
    "params, message",
    [
        ({"budget": 0}, "budget must be a positive integer, got 0"),
        ({"budget": 20.0}, "budget must be a positive integer, got 20.0"),
        ({"n_initial": 0}, "n_initial must be a positive integer"),
        ({"batch_size": -1}, "batch_size must be a positive integer"),
        ({"budget": 5, "n_initial": 10}, "n_initial=10 is larger than budget=5"),
    ],
)
def test_bad_settings(params, message):
    with pytest.raises(ValueError, match=message):
        simulated(**params)


def test_mismatched_lengths():
    learner = ActiveLearner(LogisticRegression(), budget=20)
    with pytest.raises(ValueError, match="fit got 150 samples in X but 149 labels"):
        learner.fit(X_IRIS, Y_IRIS[:-1])


def test_empty_data():
    with pytest.raises(ValueError, match="fit got 0 samples"):
        ActiveLearner(LogisticRegression(), budget=20).fit(np.empty((0, 4)), [])


def test_a_failed_run_leaves_the_learner_as_it_was():
    class FailsOnSecondCall(BaseQueryStrategy):
        def __call__(self, learner, X_pool, n_instances=1, *, random_state=None):
            self.n_calls_ = getattr(self, "n_calls_", 0) + 1
            if self.n_calls_ == 2:
                raise RuntimeError("annotator went home")
            return margin_sampling(learner, X_pool, n_instances, random_state=random_state)

    learner = simulated(budget=20)
    before = dict(vars(learner))
    learner.set_params(query_strategy=FailsOnSecondCall(), budget=40)
    with pytest.raises(RuntimeError, match="annotator went home"):
        learner.fit(X_IRIS, Y_IRIS)
    after = {k: v for k, v in vars(learner).items() if k not in ("query_strategy", "budget")}
    assert after.keys() == {k for k in before if k not in ("query_strategy", "budget")}
    assert all(after[k] is before[k] for k in after)


def test_without_budget_nothing_changes():
    learner = ActiveLearner(LogisticRegression(max_iter=1000), random_state=0).fit(X_IRIS, Y_IRIS)
    # The labeled set is the learner's own copy (issue 12 item 3).
    assert_array_equal(learner.X_labeled_, X_IRIS)
    assert not np.shares_memory(learner.X_labeled_, X_IRIS)
    assert not hasattr(learner, "queried_indices_")
    # A refit without budget drops the record of an earlier simulation.
    learner = simulated()
    learner.set_params(budget=None).fit(X_IRIS, Y_IRIS)
    assert not hasattr(learner, "queried_indices_")
    assert learner.X_labeled_.shape == (150, 4)


def test_teach_after_a_simulation_appends():
    learner = simulated()
    learner.teach(X_IRIS[:2], Y_IRIS[:2])
    assert learner.X_labeled_.shape == (37, 4)
    assert learner.queried_indices_.shape == (35,)


def test_on_teach_hook_runs_once_per_batch():
    class Counting(BaseQueryStrategy):
        def on_teach(self, learner, X, y):
            self.taught_ = getattr(self, "taught_", []) + [len(y)]

        def utility(self, learner, X_pool):
            return -learner.predict_proba(X_pool).max(axis=1)

    learner = simulated(Counting())
    assert learner.query_strategy_.taught_ == [10, 10, 5]


def test_dataframe_pool_keeps_its_container_and_order():
    df = pd.DataFrame(X_IRIS, columns=list("abcd"), index=np.arange(150) * 3 + 7)
    learner = ActiveLearner(LogisticRegression(), margin_sampling, random_state=0,
                            budget=35).fit(df, Y_IRIS)
    assert isinstance(learner.X_labeled_, pd.DataFrame)
    assert_array_equal(learner.X_labeled_.to_numpy(), X_IRIS[learner.queried_indices_])
    assert_array_equal(learner.feature_names_in_, list("abcd"))
    assert_array_equal(learner.queried_indices_, simulated().queried_indices_)


def test_raw_documents_through_a_pipeline():
    docs = [f"{word} {i}" for i in range(20) for word in ("good", "bad")]
    labels = ["pos", "neg"] * 20
    learner = ActiveLearner(make_pipeline(TfidfVectorizer(), LogisticRegression()),
                            margin_sampling, random_state=0, budget=12, n_initial=4,
                            batch_size=4).fit(docs, labels)
    assert learner.X_labeled_ == [docs[i] for i in learner.queried_indices_]
    assert learner.predict(["good 99", "bad 99"]).tolist() == ["pos", "neg"]


def test_clone_cross_val_score_and_params():
    learner = ActiveLearner(LogisticRegression(max_iter=1000), margin_sampling,
                            random_state=0, budget=30, n_initial=5, batch_size=5)
    twin = clone(learner)
    assert twin.get_params()["budget"] == 30 and twin.get_params()["n_initial"] == 5
    with warnings.catch_warnings():
        # Each training fold has 100 samples: the budget is not cut.
        warnings.filterwarnings("error", message="budget=")
        scores = cross_val_score(learner, X_IRIS, Y_IRIS, cv=3, error_score="raise")
    assert scores.mean() > 0.8
