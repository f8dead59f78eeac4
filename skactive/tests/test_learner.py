import pickle
import re

import numpy as np
import pytest
import scipy.sparse as sp
from numpy.testing import assert_array_equal
from sklearn.base import clone, is_classifier
from sklearn.datasets import load_iris
from sklearn.exceptions import NotFittedError
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skactive import ActiveLearner
from skactive.strategies import (
    BaseQueryStrategy,
    entropy_sampling,
    margin_sampling,
    random_sampling,
    uncertainty_sampling,
)

X_IRIS, Y_IRIS = load_iris(return_X_y=True)
SEED = np.arange(0, 150, 10)


def fitted(strategy=uncertainty_sampling, estimator=None, random_state=0):
    learner = ActiveLearner(
        estimator or LogisticRegression(), strategy, random_state=random_state
    )
    return learner.fit(X_IRIS[SEED], Y_IRIS[SEED])


class Exponent(BaseQueryStrategy):
    """A tunable strategy for parameter tests: utility = (least confidence)^p."""

    def __init__(self, power=1.0):
        self.power = power

    def utility(self, learner, X_pool):
        return (1 - learner.predict_proba(X_pool).max(axis=1)) ** self.power


# -- scikit-learn citizenship ------------------------------------------------


def test_is_a_classifier_and_clones():
    learner = ActiveLearner(LogisticRegression(C=3), Exponent(2), random_state=1)
    assert is_classifier(learner)
    twin = clone(learner)
    assert twin.get_params()["estimator__C"] == 3
    assert twin.get_params()["query_strategy__power"] == 2
    assert twin.query_strategy is not learner.query_strategy


def test_nested_set_params():
    learner = ActiveLearner(make_pipeline(StandardScaler(), LogisticRegression()), Exponent())
    learner.set_params(estimator__logisticregression__C=0.5, query_strategy__power=3)
    assert learner.estimator[-1].C == 0.5
    assert learner.query_strategy.power == 3


def test_grid_search_over_strategies_and_cross_val_score():
    grid = GridSearchCV(
        ActiveLearner(LogisticRegression()),
        {"query_strategy": [uncertainty_sampling, margin_sampling]},
        cv=3,
    ).fit(X_IRIS, Y_IRIS)
    assert grid.best_score_ > 0.9
    scores = cross_val_score(ActiveLearner(LogisticRegression()), X_IRIS, Y_IRIS, cv=3)
    assert scores.mean() > 0.9


def test_estimator_is_never_modified():
    estimator = LogisticRegression()
    fitted(estimator=estimator)
    assert not hasattr(estimator, "coef_")


def test_fitted_strategy_is_a_copy():
    strategy = Exponent(2)
    learner = fitted(strategy)
    assert learner.query_strategy_ is not strategy
    assert learner.query_strategy_.power == 2


# -- query -------------------------------------------------------------------


def test_query_returns_best_first_and_scores():
    learner = fitted(margin_sampling)
    positions, scores = learner.query(X_IRIS, 5, return_scores=True)
    assert positions.dtype == np.intp and len(set(positions)) == 5
    assert scores.shape == (150,)
    assert np.all(np.diff(scores[positions]) <= 0)
    assert scores[positions[-1]] >= np.delete(scores, positions).max()


def test_same_seed_same_queries():
    first = [fitted(random_sampling, random_state=7).query(X_IRIS, 4) for _ in range(2)]
    assert_array_equal(*first)
    learner = fitted(random_sampling, random_state=7)
    # Successive queries draw fresh randomness, reproducibly.
    assert not np.array_equal(learner.query(X_IRIS, 4), learner.query(X_IRIS, 4))


def test_query_on_sparse_pool():
    X = sp.csr_matrix(X_IRIS)
    learner = ActiveLearner(LogisticRegression(), entropy_sampling).fit(X[SEED], Y_IRIS[SEED])
    dense = fitted(entropy_sampling)
    assert_array_equal(learner.query(X, 3), dense.query(X_IRIS, 3))


def test_query_on_dataframe_gives_iloc_positions():
    pd = pytest.importorskip("pandas", reason="needs pandas (pip install \".[pandas]\")")
    df = pd.DataFrame(X_IRIS, columns=list("abcd"), index=np.arange(150) * 7 + 1000)
    learner = ActiveLearner(LogisticRegression(), margin_sampling, random_state=0)
    learner.fit(df.iloc[SEED], Y_IRIS[SEED])
    positions = learner.query(df, 3)
    assert_array_equal(positions, fitted(margin_sampling).query(X_IRIS, 3))
    learner.teach(df.iloc[positions], Y_IRIS[positions])
    assert isinstance(learner.X_labeled_, pd.DataFrame)
    assert len(learner.X_labeled_) == len(SEED) + 3


def test_text_pipeline_on_raw_strings():
    docs = ["good movie", "great film", "bad movie", "awful film", "good plot", "bad plot"]
    labels = ["pos", "pos", "neg", "neg", "pos", "neg"]
    pool = ["great plot", "awful movie", "film", "good bad"]
    learner = ActiveLearner(make_pipeline(TfidfVectorizer(), LogisticRegression()),
                            margin_sampling, random_state=0)
    learner.fit(docs, labels)
    positions, scores = learner.query(pool, 2, return_scores=True)
    assert set(positions) <= set(range(4))
    assert positions[0] in (2, 3)  # the uninformative or mixed documents
    learner.teach([pool[i] for i in positions], ["neg", "pos"])
    assert learner.X_labeled_[-2:] == [pool[i] for i in positions]


def test_cold_start_with_model_free_strategy():
    learner = ActiveLearner(LogisticRegression(), random_sampling, random_state=0)
    positions = learner.query(X_IRIS, 10)
    assert len(set(positions)) == 10
    learner.teach(X_IRIS[positions], Y_IRIS[positions])  # teach before fit = fit
    assert learner.X_labeled_.shape == (10, 4)


def test_query_before_fit_with_model_based_strategy():
    learner = ActiveLearner(LogisticRegression(), margin_sampling)
    with pytest.raises(NotFittedError, match="margin_sampling needs a fitted model.*random_sampling"):
        learner.query(X_IRIS)


@pytest.mark.parametrize(
    "n_instances, error, message",
    [
        (0, ValueError, "between 1 and the number of rows in X_pool \\(150\\)"),
        (151, ValueError, "n_instances=151 is out of range"),
        (2.0, TypeError, "n_instances must be an integer"),
    ],
)
def test_bad_n_instances(n_instances, error, message):
    with pytest.raises(error, match=message):
        fitted().query(X_IRIS, n_instances)


def test_empty_pool():
    with pytest.raises(ValueError, match="X_pool is empty"):
        fitted().query(np.empty((0, 4)))


def test_pool_with_other_feature_count():
    with pytest.raises(ValueError, match="X_pool has 3 features.*with 4 features"):
        fitted().query(X_IRIS[:, :3])


def test_pool_with_nan_is_rejected_by_the_estimator():
    pool = X_IRIS.copy()
    pool[3, 1] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        fitted().query(pool)


def test_return_scores_with_positions_only_strategy():
    def first_rows(learner, X_pool, n_instances=1, *, random_state=None):
        return np.arange(n_instances)

    learner = fitted(first_rows)
    assert_array_equal(learner.query(X_IRIS, 2), [0, 1])
    with pytest.raises(TypeError, match="first_rows returns positions only"):
        learner.query(X_IRIS, 2, return_scores=True)


def test_strategy_returning_duplicates_is_caught():
    def broken(learner, X_pool, n_instances=1, *, random_state=None):
        return np.zeros(n_instances, dtype=int)

    with pytest.raises(ValueError, match="broken must return 3 unique positions"):
        fitted(broken).query(X_IRIS, 3)


@pytest.mark.parametrize("positions", [[2, 0, 150], [-1, 5, 7], [4, 9, 4]])
def test_strategy_returning_positions_outside_the_pool_or_repeated_is_caught(positions):
    def broken(learner, X_pool, n_instances=1, *, random_state=None):
        return np.array(positions)

    with pytest.raises(ValueError, match=r"3 unique positions in \[0, 150\), got"):
        fitted(broken).query(X_IRIS, 3)


def test_non_callable_strategy():
    with pytest.raises(TypeError, match="query_strategy must be a callable"):
        ActiveLearner(LogisticRegression(), "margin").fit(X_IRIS, Y_IRIS)


# -- teach ---------------------------------------------------------------


def test_teach_appends_and_refits_a_clone():
    learner = fitted()
    old_estimator = learner.estimator_
    learner.teach(X_IRIS[:4], Y_IRIS[:4])
    assert learner.X_labeled_.shape == (len(SEED) + 4, 4)
    assert_array_equal(learner.y_labeled_[-4:], Y_IRIS[:4])
    assert learner.estimator_ is not old_estimator


def test_teach_with_a_new_class_grows_classes():
    two_classes = Y_IRIS < 2
    learner = ActiveLearner(LogisticRegression()).fit(X_IRIS[two_classes][::5], Y_IRIS[two_classes][::5])
    assert_array_equal(learner.classes_, [0, 1])
    learner.teach(X_IRIS[-3:], Y_IRIS[-3:])
    assert_array_equal(learner.classes_, [0, 1, 2])
    assert learner.predict_proba(X_IRIS).shape == (150, 3)


def snapshot(learner):
    return (learner.X_labeled_.copy(), learner.y_labeled_.copy(), learner.estimator_)


def assert_unchanged(learner, before):
    assert_array_equal(learner.X_labeled_, before[0])
    assert_array_equal(learner.y_labeled_, before[1])
    assert learner.estimator_ is before[2]


@pytest.mark.parametrize(
    "X, y, error, message",
    [
        (X_IRIS[:3], Y_IRIS[:2], ValueError, "teach got 3 samples in X but 2 labels in y"),
        (X_IRIS[:2, :3], Y_IRIS[:2], ValueError, "same features as those passed to fit"),
        (np.full((2, 4), np.nan), Y_IRIS[:2], ValueError, "NaN"),
        (X_IRIS[:2], np.array(["a", "b"]), TypeError, "mixing numeric and string labels"),
    ],
)
def test_failed_teach_leaves_learner_unchanged(X, y, error, message):
    learner = fitted()
    before = snapshot(learner)
    with pytest.raises(error, match=message):
        learner.teach(X, y)
    assert_unchanged(learner, before)


class Fragile(LogisticRegression):
    """Fails to fit once it has seen more than ``limit`` samples."""

    def __init__(self, limit=20, C=1.0):
        super().__init__(C=C)
        self.limit = limit

    def fit(self, X, y):
        if len(y) > self.limit:
            raise RuntimeError("the estimator broke")
        return super().fit(X, y)


def test_estimator_fit_error_leaves_learner_unchanged():
    learner = fitted(estimator=Fragile(limit=15))
    before = snapshot(learner)
    with pytest.raises(RuntimeError, match="the estimator broke"):
        learner.teach(X_IRIS[:1], Y_IRIS[:1])
    assert_unchanged(learner, before)


class CountingStrategy(BaseQueryStrategy):
    """A stateful strategy: counts labels seen through the teach hook."""

    def __init__(self, fail_after=None):
        self.fail_after = fail_after

    def utility(self, learner, X_pool):
        return np.zeros(len(X_pool))

    def on_teach(self, learner, X, y):
        self.seen_ = getattr(self, "seen_", 0) + len(y)
        assert learner.y_labeled_.shape[0] == len(SEED) + self.seen_
        if self.fail_after is not None and self.seen_ > self.fail_after:
            raise RuntimeError("strategy update failed")


def test_teach_hook_updates_the_fitted_copy_only():
    strategy = CountingStrategy()
    learner = fitted(strategy)
    learner.teach(X_IRIS[:2], Y_IRIS[:2]).teach(X_IRIS[2:5], Y_IRIS[2:5])
    assert learner.query_strategy_.seen_ == 5
    assert not hasattr(strategy, "seen_")


def test_failing_teach_hook_leaves_everything_unchanged():
    learner = fitted(CountingStrategy(fail_after=3)).teach(X_IRIS[:2], Y_IRIS[:2])
    before, hook_state = snapshot(learner), learner.query_strategy_
    with pytest.raises(RuntimeError, match="strategy update failed"):
        learner.teach(X_IRIS[2:5], Y_IRIS[2:5])
    assert_unchanged(learner, before)
    assert learner.query_strategy_ is hook_state and hook_state.seen_ == 2


# -- bad estimators ----------------------------------------------------------


def test_estimator_without_proba_or_decision_function():
    with pytest.raises(TypeError, match=re.escape("LinearRegression has neither")):
        ActiveLearner(LinearRegression()).fit(X_IRIS, Y_IRIS)


def test_delegated_methods_follow_the_estimator():
    from sklearn.svm import SVC

    learner = ActiveLearner(SVC())
    assert not hasattr(learner, "predict_proba")
    assert hasattr(learner, "decision_function")


def test_pickle_round_trip_keeps_next_query():
    learner = fitted(random_sampling, random_state=3)
    twin = pickle.loads(pickle.dumps(learner))
    assert_array_equal(learner.query(X_IRIS, 5), twin.query(X_IRIS, 5))


def test_query_refuses_a_strategy_for_another_task():
    from skactive.strategies import declare_tags

    @declare_tags(tasks=frozenset({"regression"}))
    def largest_spread(learner, X_pool, n_instances=1, *, random_state=None):
        return np.arange(n_instances)

    X, y = np.array([[0.0], [1.0], [2.0], [3.0]]), np.array([0, 1, 0, 1])
    learner = ActiveLearner(LogisticRegression(), largest_spread).fit(X, y)
    with pytest.raises(TypeError, match="largest_spread is a strategy for regression, "
                       "but this ActiveLearner around LogisticRegression has a classification task"):
        learner.query(X)


def test_model_free_and_composite_strategies_declare_their_tasks():
    from skactive.strategies import (
        CoreSet, DensityWeighted, DiverseBatch, get_strategy_tags, margin_sampling,
        random_sampling,
    )

    every = {"classification", "multilabel", "regression"}
    assert get_strategy_tags(random_sampling).tasks == every
    assert get_strategy_tags(CoreSet()).tasks == every
    assert get_strategy_tags(DiverseBatch(base=None)).tasks == every
    assert get_strategy_tags(DiverseBatch(base=margin_sampling)).tasks == {"classification"}
    assert get_strategy_tags(DensityWeighted(base=random_sampling)).tasks == every
