"""Learners never give a silently wrong answer (issue 12, learner items).

Each test failed before its fix: strategy changes after ``fit``, aliasing of
the caller's data, DataFrame columns, committee members, containers, label
dtypes and one-class seed sets.
"""

import re
import warnings

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from numpy.testing import assert_array_equal
from sklearn.datasets import load_iris
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.svm import SVR
from sklearn.tree import DecisionTreeClassifier

from skactive import ActiveLearner, QueryByCommittee
from skactive.strategies import (
    BaseQueryStrategy,
    margin_sampling,
    random_sampling,
    uncertainty_sampling,
)

X, Y = load_iris(return_X_y=True)
SEED = np.arange(0, 150, 10)


class Counting(BaseQueryStrategy):
    """Stateful: counts its queries in ``calls_``; ``beta`` only affects params."""

    def __init__(self, beta=1.0):
        self.beta = beta

    def __call__(self, learner, X_pool, n_instances=1, *, random_state=None):
        self.calls_ = getattr(self, "calls_", 0) + 1
        scores = np.arange(X_pool.shape[0], dtype=float) * self.beta
        return np.argsort(-scores, kind="stable")[:n_instances], scores


def last_row_first(learner, X_pool, n_instances=1, *, random_state=None):
    return np.arange(X_pool.shape[0])[::-1][:n_instances]


def learners(strategy=uncertainty_sampling):
    return [
        ActiveLearner(LogisticRegression(), strategy, random_state=0),
        QueryByCommittee(
            [LogisticRegression(), DecisionTreeClassifier(max_depth=2)],
            strategy, random_state=0,
        ),
    ]


# -- item 2: strategy changes after fit are honoured ---------------------------


@pytest.mark.parametrize("make", [lambda: learners()[0], lambda: learners()[1]], ids=["active", "committee"])
@pytest.mark.parametrize("how", ["set_params", "attribute"])
def test_replaced_strategy_is_used_by_the_next_query(make, how):
    learner = make()
    learner.fit(X[SEED], Y[SEED])
    if how == "set_params":
        learner.set_params(query_strategy=last_row_first)
    else:
        learner.query_strategy = last_row_first
    assert_array_equal(learner.query(X[:20], 3), [19, 18, 17])
    assert learner.query_strategy_ is last_row_first


def test_replaced_strategy_before_teach_runs_its_own_hook():
    learner = ActiveLearner(LogisticRegression(), Counting(), random_state=0)
    learner.fit(X[SEED], Y[SEED])
    learner.query(X, 1)
    learner.set_params(query_strategy=margin_sampling)
    learner.teach(X[:2], Y[:2])
    assert learner.query_strategy_ is margin_sampling


def test_changed_strategy_param_restarts_the_state():
    learner = ActiveLearner(LogisticRegression(), Counting(beta=1.0), random_state=0)
    learner.fit(X[SEED], Y[SEED])
    learner.query(X, 1)
    learner.query(X, 1)
    assert learner.query_strategy_.calls_ == 2
    learner.set_params(query_strategy__beta=-1.0)
    # beta=-1 reverses the order: the first row is the best now.
    assert_array_equal(learner.query(X[:5], 2), [0, 1])
    assert learner.query_strategy_.beta == -1.0
    assert learner.query_strategy_.calls_ == 1  # a fresh copy


def test_unchanged_strategy_keeps_its_state():
    learner = ActiveLearner(LogisticRegression(), Counting(beta=2.0), random_state=0)
    learner.fit(X[SEED], Y[SEED])
    learner.query(X, 1)
    learner.set_params(query_strategy__beta=2.0)  # the same value
    learner.teach(X[:2], Y[:2])
    learner.query(X, 1)
    assert learner.query_strategy_.calls_ == 2


def test_replaced_stateful_strategy_of_equal_params_restarts():
    learner = ActiveLearner(LogisticRegression(), Counting(), random_state=0)
    learner.fit(X[SEED], Y[SEED])
    learner.query(X, 1)
    learner.query_strategy = Counting()  # another object: a new strategy
    learner.query(X, 1)
    assert learner.query_strategy_.calls_ == 1
    assert learner.query_strategy_ is not learner.query_strategy


# -- item 3: the learner never holds the caller's arrays -----------------------


def test_fit_copies_arrays():
    Xs, ys = X[SEED].copy(), Y[SEED].copy()
    learner = ActiveLearner(LogisticRegression()).fit(Xs, ys)
    Xs[:] = 0
    ys[:] = 2
    assert_array_equal(learner.X_labeled_, X[SEED])
    assert_array_equal(learner.y_labeled_, Y[SEED])
    learner.teach(X[1:3], Y[1:3])
    assert_array_equal(learner.classes_, [0, 1, 2])
    assert_array_equal(learner.y_labeled_[: len(SEED)], Y[SEED])


def test_fit_copies_a_list_of_documents_and_its_labels():
    docs = ["good film", "bad film", "great plot", "awful plot"]
    labels = ["pos", "neg", "pos", "neg"]
    learner = ActiveLearner(make_pipeline(TfidfVectorizer(), LogisticRegression()))
    learner.fit(docs, labels)
    docs.append("an extra document")
    labels[0] = "neg"
    assert len(learner.X_labeled_) == 4
    assert_array_equal(learner.y_labeled_, ["pos", "neg", "pos", "neg"])
    learner.teach(["fine film"], ["pos"])
    assert learner.X_labeled_ == [
        "good film", "bad film", "great plot", "awful plot", "fine film"
    ]


@pytest.mark.parametrize("kind", ["dataframe", "sparse"])
def test_fit_copies_dataframes_and_sparse_matrices(kind):
    Xs = pd.DataFrame(X[SEED], columns=list("abcd")) if kind == "dataframe" else (
        sp.csr_matrix(X[SEED]))
    learner = ActiveLearner(LogisticRegression()).fit(Xs, Y[SEED])
    if kind == "dataframe":
        Xs.iloc[0, 0] = 1000.0
        assert learner.X_labeled_.iloc[0, 0] == X[SEED][0, 0]
    else:
        Xs.data[:] = 1000.0
        assert learner.X_labeled_[0, 0] == X[SEED][0, 0]


def test_simulation_does_not_hold_the_callers_arrays():
    Xs, ys = X.copy(), Y.copy()
    learner = ActiveLearner(LogisticRegression(), budget=20, random_state=0).fit(Xs, ys)
    Xs[:] = 0
    ys[:] = 0
    assert_array_equal(learner.y_labeled_, Y[learner.queried_indices_])
    assert_array_equal(learner.X_labeled_, X[learner.queried_indices_])


# -- item 4: teach with a DataFrame of other columns ---------------------------


def frame(rows, columns=("a", "b", "c", "d"), index=None):
    return pd.DataFrame(X[rows], columns=list(columns), index=index)


def test_teach_with_other_dataframe_columns_raises_and_changes_nothing():
    learner = ActiveLearner(LogisticRegression()).fit(frame(SEED), Y[SEED])
    before = learner.X_labeled_.copy()
    with pytest.raises(ValueError, match=re.escape("missing ['d']; unexpected ['e']")):
        learner.teach(frame([1, 2], columns="abce"), Y[[1, 2]])
    pd.testing.assert_frame_equal(learner.X_labeled_, before)
    assert learner.n_features_in_ == 4


def test_teach_with_reordered_dataframe_columns_aligns_them_by_name():
    learner = ActiveLearner(LogisticRegression()).fit(frame(SEED), Y[SEED])
    new = frame([1, 2])[["d", "c", "b", "a"]]
    learner.teach(new, Y[[1, 2]])
    assert_array_equal(learner.X_labeled_.to_numpy()[-2:], X[[1, 2]])


def test_teach_keeps_the_dataframe_index():
    learner = ActiveLearner(LogisticRegression()).fit(
        frame(SEED, index=[f"s{i}" for i in SEED]), Y[SEED]
    )
    learner.teach(frame([1, 2], index=["new1", "new2"]), Y[[1, 2]])
    assert list(learner.X_labeled_.index[-3:]) == ["s140", "new1", "new2"]


# -- item 5: committee members that are not classifiers -------------------------


@pytest.mark.parametrize("regressor", [LinearRegression(), SVR()])
def test_committee_rejects_regressors(regressor):
    committee = QueryByCommittee([LogisticRegression(), regressor])
    name = type(regressor).__name__
    with pytest.raises(TypeError, match=f"'{name.lower()}' .*{name}.* not a classifier"):
        committee.fit(X[SEED], Y[SEED])
    assert not hasattr(committee, "estimators_")


# -- item 6: aliased committee members -------------------------------------------


def test_aliased_members_are_addressed_one_by_one():
    members = [LogisticRegression(), DecisionTreeClassifier()] * 3
    committee = QueryByCommittee(members)
    committee.set_params(**{"logisticregression-1__C": 0.01})
    params = committee.get_params()
    assert params["logisticregression-1__C"] == 0.01
    assert params["logisticregression-2__C"] == 1.0
    assert params["logisticregression-3__C"] == 1.0
    assert members[0].C == 1.0  # the caller's objects are untouched
    committee.fit(X[SEED], Y[SEED])
    assert committee.named_estimators_["logisticregression-1"].C == 0.01
    assert committee.named_estimators_["logisticregression-2"].C == 1.0


# -- item 15: teach keeps the container of the labeled set ------------------------


def test_teach_with_a_list_row_onto_an_array_keeps_an_array():
    learner = ActiveLearner(LogisticRegression()).fit(X[SEED], Y[SEED])
    learner.teach([list(X[1])], [Y[1]])
    assert isinstance(learner.X_labeled_, np.ndarray)
    assert learner.X_labeled_.shape == (len(SEED) + 1, 4)
    assert_array_equal(learner.X_labeled_[-1], X[1])


def test_teach_with_an_array_onto_sparse_keeps_sparse():
    learner = ActiveLearner(LogisticRegression()).fit(sp.csr_matrix(X[SEED]), Y[SEED])
    learner.teach(X[1:3], Y[1:3])
    assert sp.issparse(learner.X_labeled_) and learner.X_labeled_.format == "csr"
    learner.teach([list(X[3])], [Y[3]])
    assert learner.X_labeled_.shape == (len(SEED) + 3, 4)


# -- item 14: label dtypes, n_initial=1 ---------------------------------------------


def test_object_integer_labels_are_numeric_labels():
    learner = ActiveLearner(LogisticRegression()).fit(X[SEED], Y[SEED].astype(object))
    learner.teach(X[1:3], Y[1:3])  # int64 onto object ints: the same labels
    assert_array_equal(learner.classes_, [0, 1, 2])
    learner = ActiveLearner(LogisticRegression()).fit(X[SEED], Y[SEED])
    learner.teach(X[1:3], Y[1:3].astype(object))
    assert len(learner.y_labeled_) == len(SEED) + 2


def test_numeric_onto_string_labels_still_raises():
    learner = ActiveLearner(LogisticRegression()).fit(X[SEED], Y[SEED].astype(str))
    with pytest.raises(TypeError, match="mixing numeric and string labels"):
        learner.teach(X[1:3], Y[1:3])
    with pytest.raises(TypeError, match="mixing numeric and string labels"):
        learner.teach(X[1:3], Y[1:3].astype(object))


@pytest.mark.parametrize("make", [
    lambda: ActiveLearner(LogisticRegression(), budget=10, n_initial=1, random_state=0),
    lambda: QueryByCommittee([LogisticRegression(), DecisionTreeClassifier()],
                             budget=10, n_initial=1, random_state=0),
], ids=["active", "committee"])
def test_n_initial_one_works(make):
    with pytest.warns(UserWarning, match="only one class"):
        learner = make().fit(X, Y)
    assert len(learner.queried_indices_) == 10


# -- item 18: one-class seed sets ---------------------------------------------------


@pytest.mark.parametrize("learner", learners(margin_sampling), ids=["active", "committee"])
def test_one_class_seed_set_predicts_it_and_explores(learner):
    learner.fit(X[:10], Y[:10])
    assert_array_equal(learner.classes_, [0])
    assert_array_equal(learner.predict(X[100:103]), [0, 0, 0])
    assert_array_equal(learner.predict_proba(X[100:103]), np.ones((3, 1)))
    with pytest.warns(UserWarning, match="only one class"):
        first = learner.query(X[10:], 5)
    # Exploration is random sampling with the learner's own random state.
    expected = random_sampling(None, X[10:], 5, random_state=np.random.RandomState(0))[0]
    assert_array_equal(first, expected)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # only the first query warns
        learner.query(X[10:], 5)
        learner.teach(X[10:12], Y[10:12])
        learner.query(X[10:], 5)
    learner.teach(X[60:62], Y[60:62])
    assert_array_equal(learner.classes_, [0, 1])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        positions, scores = learner.query(X, 3, return_scores=True)
    # margin sampling now: the picked rows have the smallest margins.
    proba = np.sort(learner.predict_proba(X), axis=1)
    margins = proba[:, -1] - proba[:, -2]
    assert_array_equal(np.sort(margins[positions]), np.sort(margins)[:3])


def test_simulation_with_a_one_class_data_set():
    learner = ActiveLearner(LogisticRegression(), margin_sampling, budget=20,
                            random_state=0)
    with pytest.warns(UserWarning, match="only one class"):
        learner.fit(X[:50], Y[:50])
    assert_array_equal(learner.predict(X[:2]), [0, 0])


# -- same class elsewhere: random_state changed after fit --------------------------


def test_random_state_changed_after_fit_is_honoured():
    learner = ActiveLearner(LogisticRegression(), random_sampling, random_state=0)
    learner.fit(X[SEED], Y[SEED])
    learner.set_params(random_state=1)
    fresh = ActiveLearner(LogisticRegression(), random_sampling, random_state=1)
    fresh.fit(X[SEED], Y[SEED])
    assert_array_equal(learner.query(X, 5), fresh.query(X, 5))
    assert_array_equal(learner.query(X, 5), fresh.query(X, 5))  # then continues


def test_strategy_hook_gets_the_learners_copy_of_the_new_rows():
    seen = []

    class Keeps(Counting):
        def on_teach(self, learner, X, y):
            seen.append((X, y))

    learner = ActiveLearner(LogisticRegression(), Keeps()).fit(X[SEED], Y[SEED])
    X_new, y_new = X[[1, 2]].copy(), Y[[1, 2]].copy()
    learner.teach(X_new, y_new)
    X_new[:] = -1
    y_new[:] = 2
    assert_array_equal(seen[0][0], X[[1, 2]])
    assert_array_equal(seen[0][1], Y[[1, 2]])


@pytest.mark.parametrize("make", [lambda: learners()[0], lambda: learners()[1]],
                         ids=["active", "committee"])
def test_one_class_seed_set_still_refuses_nan(make):
    X_nan = X[:10].copy()
    X_nan[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        make().fit(X_nan, Y[:10])
