"""Fit parameters (issue 18 item 1): forwarded, aligned, routed."""

import numpy as np
import pytest
import sklearn
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.tree import DecisionTreeClassifier
from sklearn.utils.fixes import parse_version

from skactive import ActiveLearner, QueryByCommittee

X, Y = load_iris(return_X_y=True)
SEED = np.arange(0, 150, 10)

# scikit-learn < 1.7 routes the search's fit parameters to the scorer as well, so a
# learner whose score takes sample_weight must say whether it wants them there.
SCORE_NEEDS_REQUEST = parse_version(sklearn.__version__) < parse_version("1.7")


def searchable(learner):
    if SCORE_NEEDS_REQUEST:
        learner.set_score_request(sample_weight=False)
    return learner


class Recorder(LogisticRegression):
    """Records the sample_weight of its last fit in ``seen_weight_``."""

    def fit(self, X, y, sample_weight=None):
        self.seen_weight_ = None if sample_weight is None else np.array(sample_weight)
        return super().fit(X, y, sample_weight=sample_weight)


def test_fit_and_teach_keep_sample_weight_aligned_with_the_labeled_set():
    w = np.arange(1.0, len(SEED) + 1)
    learner = ActiveLearner(Recorder()).fit(X[SEED], Y[SEED], sample_weight=w)
    assert_array_equal(learner.estimator_.seen_weight_, w)
    learner.teach(X[[1, 2]], Y[[1, 2]], sample_weight=[5.0, 6.0])
    assert_array_equal(learner.estimator_.seen_weight_, [*w, 5.0, 6.0])
    # A teach without weights: weight 1 for the new rows (documented).
    learner.teach(X[[3]], Y[[3]])
    assert_array_equal(learner.estimator_.seen_weight_, [*w, 5.0, 6.0, 1.0])
    assert_array_equal(learner.fit_params_["sample_weight"], [*w, 5.0, 6.0, 1.0])
    w[:] = 0  # the learner keeps its own copy
    assert learner.fit_params_["sample_weight"][0] == 1.0


def test_weights_change_the_model_as_in_a_direct_fit():
    w = np.where(Y[SEED] == 1, 10.0, 1.0)
    learner = ActiveLearner(LogisticRegression()).fit(X[SEED], Y[SEED], sample_weight=w)
    direct = LogisticRegression().fit(X[SEED], Y[SEED], sample_weight=w)
    assert_allclose(learner.predict_proba(X), direct.predict_proba(X))


def test_other_per_sample_param_missing_in_teach_raises_and_changes_nothing():
    class Grouped(LogisticRegression):
        def fit(self, X, y, groups=None):
            return super().fit(X, y)

    learner = ActiveLearner(Grouped()).fit(X[SEED], Y[SEED], groups=np.arange(len(SEED)))
    with pytest.raises(ValueError, match="'groups' but teach did not"):
        learner.teach(X[[1]], Y[[1]])
    assert learner.y_labeled_.shape == (len(SEED),)


def test_failed_teach_with_weights_changes_nothing():
    learner = ActiveLearner(LogisticRegression()).fit(
        X[SEED], Y[SEED], sample_weight=np.ones(len(SEED))
    )
    with pytest.raises(ValueError):
        learner.teach(X[[1, 2]], Y[[1, 2]], sample_weight=[1.0, 2.0, 3.0])
    assert learner.fit_params_["sample_weight"].shape == (len(SEED),)


def test_committee_forwards_weights_to_every_member_with_bootstrap_rows():
    class TreeRecorder(DecisionTreeClassifier):
        def fit(self, X, y, sample_weight=None):
            self.seen_ = (np.array(y), np.array(sample_weight))
            return super().fit(X, y, sample_weight=sample_weight)

    w = Y[SEED] * 10.0 + 1
    committee = QueryByCommittee(
        [("a", TreeRecorder()), ("b", TreeRecorder())], bootstrap=True, random_state=0
    ).fit(X[SEED], Y[SEED], sample_weight=w)
    for member in committee.estimators_:
        y_seen, w_seen = member.seen_
        assert_array_equal(w_seen, y_seen * 10.0 + 1)  # rows and weights together
    assert not np.array_equal(committee.estimators_[0].seen_[0], committee.estimators_[1].seen_[0])


def test_simulation_slices_weights_with_the_queried_rows():
    w = np.arange(150.0)
    learner = ActiveLearner(Recorder(), budget=20, random_state=0).fit(X, Y, sample_weight=w)
    assert_array_equal(learner.estimator_.seen_weight_, w[learner.queried_indices_])


@pytest.fixture
def routing():
    with sklearn.config_context(enable_metadata_routing=True):
        yield


def test_grid_search_routes_sample_weight(routing):
    w = np.random.RandomState(0).uniform(0.5, 2, size=150)
    estimator = Recorder().set_fit_request(sample_weight=True)
    grid = GridSearchCV(
        searchable(ActiveLearner(estimator)), {"estimator__C": [0.1, 1.0]}, cv=3
    ).fit(X, Y, sample_weight=w)
    seen = grid.best_estimator_.estimator_.seen_weight_
    assert_array_equal(seen, w)  # the final refit on all rows got every weight


def test_cross_val_score_routes_params(routing):
    w = np.ones(150)
    estimator = LogisticRegression().set_fit_request(sample_weight=True)
    scores = cross_val_score(searchable(ActiveLearner(estimator)), X, Y, cv=3,
                             params={"sample_weight": w})
    assert scores.mean() > 0.9


def test_unrequested_metadata_raises_with_routing(routing):
    from sklearn.exceptions import UnsetMetadataPassedError

    with pytest.raises(UnsetMetadataPassedError):
        ActiveLearner(LogisticRegression()).fit(X[SEED], Y[SEED], sample_weight=np.ones(15))


def test_committee_routes_to_members(routing):
    members = [("lr", Recorder().set_fit_request(sample_weight=True)),
               ("tree", DecisionTreeClassifier().set_fit_request(sample_weight=False))]
    w = np.arange(1.0, 16.0)
    committee = QueryByCommittee(members).fit(X[SEED], Y[SEED], sample_weight=w)
    assert_array_equal(committee.named_estimators_["lr"].seen_weight_, w)
