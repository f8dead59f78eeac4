"""Incremental teach (issue 18 item 2): partial_fit on the new rows only."""

import copy

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.naive_bayes import MultinomialNB
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import MaxAbsScaler

from skactive import ActiveLearner

X, Y = load_iris(return_X_y=True)
SEED = np.arange(0, 150, 10)
NEW = np.array([1, 51, 101, 2])


def sgd_learner(**params):
    return ActiveLearner(SGDClassifier(random_state=0), incremental=True, **params)


def test_teach_updates_the_fitted_model_with_the_new_rows_only():
    learner = sgd_learner().fit(X[SEED], Y[SEED])
    expected = copy.deepcopy(learner.estimator_).partial_fit(X[NEW], Y[NEW])
    learner.teach(X[NEW], Y[NEW])
    assert_array_equal(learner.estimator_.coef_, expected.coef_)
    refit = SGDClassifier(random_state=0).fit(learner.X_labeled_, learner.y_labeled_)
    assert not np.allclose(learner.estimator_.coef_, refit.coef_)
    assert learner.X_labeled_.shape == (len(SEED) + len(NEW), 4)


def test_naive_bayes_incremental_equals_a_full_refit():
    learner = ActiveLearner(MultinomialNB(), incremental=True).fit(X[SEED], Y[SEED])
    learner.teach(X[NEW], Y[NEW])
    full = MultinomialNB().fit(learner.X_labeled_, learner.y_labeled_)
    assert_allclose(learner.estimator_.feature_count_, full.feature_count_)
    assert_allclose(learner.predict_proba(X), full.predict_proba(X))


def test_fit_params_reach_partial_fit():
    learner = ActiveLearner(MultinomialNB(), incremental=True).fit(X[SEED], Y[SEED])
    learner.teach(X[NEW], Y[NEW], sample_weight=[2.0, 1.0, 1.0, 1.0])
    full = MultinomialNB().fit(
        learner.X_labeled_, learner.y_labeled_,
        sample_weight=np.r_[np.ones(len(SEED)), 2.0, 1.0, 1.0, 1.0],
    )
    assert_allclose(learner.estimator_.feature_count_, full.feature_count_)


def test_a_new_class_refits_on_the_whole_labeled_set():
    seed = SEED[Y[SEED] < 2]
    learner = ActiveLearner(MultinomialNB(), incremental=True).fit(X[seed], Y[seed])
    learner.teach(X[[101, 102]], Y[[101, 102]])  # class 2 is new
    assert_array_equal(learner.classes_, [0, 1, 2])
    full = MultinomialNB().fit(learner.X_labeled_, learner.y_labeled_)
    assert_allclose(learner.estimator_.feature_count_, full.feature_count_)


def test_a_failed_update_leaves_the_learner_as_it_was():
    learner = sgd_learner().fit(X[SEED], Y[SEED])
    coef, model = learner.estimator_.coef_.copy(), learner.estimator_
    bad = X[NEW].copy()
    bad[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        learner.teach(bad, Y[NEW])
    assert learner.estimator_ is model
    assert_array_equal(learner.estimator_.coef_, coef)
    assert learner.X_labeled_.shape == (len(SEED), 4)


def test_pipeline_updates_its_last_step_and_keeps_the_others():
    learner = ActiveLearner(
        make_pipeline(MaxAbsScaler(), MultinomialNB()), incremental=True
    ).fit(X[SEED], Y[SEED])
    scale = learner.estimator_[0].max_abs_.copy()
    expected = copy.deepcopy(learner.estimator_[-1]).partial_fit(
        learner.estimator_[0].transform(X[NEW]), Y[NEW]
    )
    learner.teach(X[NEW], Y[NEW])
    assert_array_equal(learner.estimator_[0].max_abs_, scale)
    assert_allclose(learner.estimator_[-1].feature_count_, expected.feature_count_)


def test_changed_estimator_params_refit_in_full():
    learner = ActiveLearner(MultinomialNB(), incremental=True).fit(X[SEED], Y[SEED])
    learner.set_params(estimator__alpha=5.0)
    learner.teach(X[NEW], Y[NEW])
    assert learner.estimator_.alpha == 5.0


def test_incremental_needs_partial_fit():
    with pytest.raises(TypeError, match="incremental=True needs an estimator with partial_fit"):
        ActiveLearner(LogisticRegression(), incremental=True).fit(X[SEED], Y[SEED])


def test_committee_updates_every_member_incrementally():
    from sklearn.linear_model import Perceptron

    from skactive import QueryByCommittee

    committee = QueryByCommittee(
        [("nb", MultinomialNB()), ("perceptron", Perceptron(random_state=0))],
        incremental=True, random_state=0,
    ).fit(X[SEED], Y[SEED])
    expected = [copy.deepcopy(m).partial_fit(X[NEW], Y[NEW]) for m in committee.estimators_]
    committee.teach(X[NEW], Y[NEW])
    assert_allclose(committee.estimators_[0].feature_count_, expected[0].feature_count_)
    assert_array_equal(committee.estimators_[1].coef_, expected[1].coef_)


def test_committee_bootstrap_resamples_the_new_rows_reproducibly():
    from skactive import QueryByCommittee

    def run():
        committee = QueryByCommittee(
            [MultinomialNB()] * 3, bootstrap=True, incremental=True, random_state=0
        ).fit(X[SEED], Y[SEED])
        before = [m.class_count_.sum() for m in committee.estimators_]
        committee.teach(X[NEW], Y[NEW])
        assert [m.class_count_.sum() - b for m, b in zip(committee.estimators_, before)] == [
            len(NEW)
        ] * 3
        return [m.feature_count_ for m in committee.estimators_]

    first, second = run(), run()
    for a, b in zip(first, second):
        assert_array_equal(a, b)
    assert not np.array_equal(first[0], first[1])  # each member its own resample


def test_committee_incremental_needs_partial_fit_in_every_member():
    from skactive import QueryByCommittee

    committee = QueryByCommittee([MultinomialNB(), LogisticRegression()], incremental=True)
    with pytest.raises(TypeError, match="member 'logisticregression' is a LogisticRegression"):
        committee.fit(X[SEED], Y[SEED])
