"""ActiveLearner on multi-label targets: a 0/1 indicator matrix."""

import warnings

import numpy as np
import pytest
from numpy.testing import assert_array_equal
from sklearn.datasets import make_multilabel_classification
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, hamming_loss
from sklearn.multiclass import OneVsRestClassifier
from sklearn.multioutput import ClassifierChain, MultiOutputClassifier
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import MultiLabelBinarizer

from skactive import ActiveLearner
from skactive._simulation import initial_positions
from skactive.metrics import make_aulc_scorer
from skactive.model_selection import active_learning_curve
from skactive.strategies import (
    CoreSet,
    DiverseBatch,
    avg_confidence_sampling,
    cvirs_sampling,
    margin_sampling,
    mean_max_loss_sampling,
    min_confidence_sampling,
    random_sampling,
)

X, Y = make_multilabel_classification(n_samples=120, n_features=6, n_classes=4, random_state=0)
X_SEED, Y_SEED, X_POOL, Y_POOL = X[:40], Y[:40], X[40:], Y[40:]

ESTIMATORS = [
    OneVsRestClassifier(LogisticRegression()),
    MultiOutputClassifier(LogisticRegression()),
    ClassifierChain(LogisticRegression()),
    RandomForestClassifier(n_estimators=5, random_state=0),
    KNeighborsClassifier(),
    MLPClassifier(hidden_layer_sizes=(8,), max_iter=30, random_state=0),
]


@pytest.mark.parametrize("estimator", ESTIMATORS, ids=lambda e: type(e).__name__)
def test_every_multilabel_estimator_runs_the_loop(estimator):
    learner = ActiveLearner(estimator, avg_confidence_sampling, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tiny MLP does not converge
        learner.fit(X_SEED, Y_SEED)
        positions, scores = learner.query(X_POOL, 5, return_scores=True)
        learner.teach(X_POOL[positions], Y_POOL[positions])
    assert scores.shape == (80,) and np.all((-1 <= scores) & (scores <= 0))
    assert learner.y_labeled_.shape == (45, 4)
    assert_array_equal(learner.y_labeled_[40:], Y_POOL[positions])
    assert learner.predict(X_POOL).shape == (80, 4)


class _FixedProba:
    """A fitted multi-label learner whose probabilities are the pool's first columns."""

    def __init__(self, y_labeled):
        self.y_labeled_ = y_labeled

    def predict_proba(self, X):
        return X

    def predict(self, X):
        return (X > 0.5).astype(int)


def test_strategies_pick_the_sample_a_hand_computation_picks():
    pool = np.array([[0.9, 0.05, 0.1], [0.5, 0.99, 0.99], [0.6, 0.6, 0.6], [0.99, 0.01, 0.02]])
    learner = _FixedProba(np.array([[1, 0, 0], [0, 1, 1]]))
    rng = np.random.RandomState(0)
    # least certain single label: 0.5 in row 1
    assert min_confidence_sampling(learner, pool, 1, random_state=rng)[0][0] == 1
    # lowest mean |2p - 1|: row 2 (0.2) against row 1 (0.653)
    assert avg_confidence_sampling(learner, pool, 1, random_state=rng)[0][0] == 2
    # hinge losses 1 - |2p - 1| averaged: row 2 again
    assert mean_max_loss_sampling(learner, pool, 1, random_state=rng)[0][0] == 2


def test_label_sets_must_be_binarized_explicitly():
    label_sets = [["sports"], ["politics", "sports"], []]
    with pytest.raises(TypeError, match="MultiLabelBinarizer"):
        ActiveLearner(RandomForestClassifier()).fit(X[:3], label_sets)
    indicator = MultiLabelBinarizer().fit_transform(label_sets)
    learner = ActiveLearner(RandomForestClassifier(n_estimators=3), random_sampling)
    assert learner.fit(X[:3], indicator).y_labeled_.shape == (3, 2)


def test_teach_needs_rows_of_the_same_labels_and_leaves_the_learner_as_it_was():
    learner = ActiveLearner(OneVsRestClassifier(LogisticRegression()), avg_confidence_sampling)
    learner.fit(X_SEED, Y_SEED)
    before = learner.y_labeled_.copy()
    with pytest.raises(ValueError, match="teach got one label per sample, but the labeled "
                       "set has 4 label columns"):
        learner.teach(X_POOL[:2], np.array([0, 1]))
    with pytest.raises(ValueError, match="teach got 3 label columns, but the labeled set "
                       "has 4 label columns"):
        learner.teach(X_POOL[:2], Y_POOL[:2, :3])
    assert_array_equal(learner.y_labeled_, before)


def test_learner_copies_the_label_matrix():
    Y_seed = Y_SEED.copy()
    learner = ActiveLearner(RandomForestClassifier(n_estimators=3), random_sampling)
    learner.fit(X_SEED, Y_seed)
    Y_seed[:] = 0
    assert learner.y_labeled_.sum() == Y_SEED.sum()


def test_single_label_strategies_and_learners_refuse_each_other_clearly():
    learner = ActiveLearner(RandomForestClassifier(n_estimators=3), margin_sampling)
    learner.fit(X_SEED, Y_SEED)
    with pytest.raises(TypeError, match="margin_sampling is a strategy for classification, "
                       "but this ActiveLearner around RandomForestClassifier has a multilabel task"):
        learner.query(X_POOL)
    single = ActiveLearner(LogisticRegression(), min_confidence_sampling)
    single.fit(X_SEED, Y_SEED[:, 0])
    with pytest.raises(TypeError, match="min_confidence_sampling is a strategy for "
                       "multilabel, but this ActiveLearner around LogisticRegression has a "
                       "classification task"):
        single.query(X_POOL)


def test_batch_strategies_serve_multilabel_learners():
    for strategy in (DiverseBatch(base=avg_confidence_sampling), DiverseBatch(base=None), CoreSet()):
        learner = ActiveLearner(OneVsRestClassifier(LogisticRegression()), strategy,
                                random_state=0).fit(X_SEED, Y_SEED)
        positions = learner.query(X_POOL, 6)
        assert np.unique(positions).shape == (6,)


def test_simulation_seeds_show_each_label_present_and_absent():
    # Label 2 is present in one row only and label 0 in all but one: a plain
    # random seed of 3 would miss one value of each most of the time.
    Y_oracle = np.zeros((40, 3), dtype=int)
    Y_oracle[:, 0] = 1
    Y_oracle[7, 0] = 0
    Y_oracle[::2, 1] = 1
    Y_oracle[30, 2] = 1
    for seed in range(5):
        positions = initial_positions(Y_oracle, 3, np.random.RandomState(seed))
        assert np.unique(positions).shape == (3,)
        chosen = Y_oracle[positions]
        assert np.all(chosen.min(axis=0) == 0) and np.all(chosen.max(axis=0) == 1), chosen


def test_simulation_and_multilabel_scores():
    learner = ActiveLearner(OneVsRestClassifier(LogisticRegression()), cvirs_sampling,
                            random_state=0, budget=30, n_initial=10, batch_size=10)
    learner.fit(X, Y)
    assert learner.queried_indices_.shape == (30,)
    assert_array_equal(learner.y_labeled_, Y[learner.queried_indices_])
    micro = make_aulc_scorer(f1_score, average="micro")
    hamming = make_aulc_scorer(hamming_loss, greater_is_better=False)
    assert 0 < micro(learner, X, Y) <= 1
    assert -1 <= hamming(learner, X, Y) < 0


def test_learning_curve_with_a_multilabel_scorer():
    learner = ActiveLearner(OneVsRestClassifier(LogisticRegression()), budget=30,
                            n_initial=10, batch_size=10)
    curve = active_learning_curve(
        learner, X, Y, strategies=[avg_confidence_sampling, random_sampling],
        n_repeats=2, scoring="f1_micro", random_state=0,
    )
    assert_array_equal(curve.n_labels, [10, 20, 30])
    assert curve.scores["avg_confidence_sampling"].shape == (3, 2)
    assert np.all((0 <= curve.scores["random_sampling"]) & (curve.scores["random_sampling"] <= 1))
    # paired runs: both strategies start from the same seed labels, so the same first score
    assert_array_equal(curve.scores["avg_confidence_sampling"][0], curve.scores["random_sampling"][0])


def test_the_default_strategy_follows_the_task():
    learner = ActiveLearner(OneVsRestClassifier(LogisticRegression()), random_state=0)
    learner.fit(X_SEED, Y_SEED)
    default = learner.query(X_POOL, 3, return_scores=True)
    chosen = ActiveLearner(OneVsRestClassifier(LogisticRegression()), min_confidence_sampling,
                           random_state=0).fit(X_SEED, Y_SEED)
    expected = chosen.query(X_POOL, 3, return_scores=True)
    assert_array_equal(default[0], expected[0])
    assert_array_equal(default[1], expected[1])
