import numpy as np
import pytest
import sklearn
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, balanced_accuracy_score, log_loss
from sklearn.model_selection import train_test_split
from sklearn.utils.fixes import parse_version

from skactive import ActiveLearner
from skactive.metrics import aulc_scorer, make_aulc_scorer, normalized_area
from skactive.metrics._aulc import checkpoints
from skactive.strategies import margin_sampling

X, Y = load_iris(return_X_y=True)
X_TRAIN, X_TEST, Y_TRAIN, Y_TEST = train_test_split(X, Y, test_size=0.3, random_state=0,
                                                    stratify=Y)


def simulated(**params):
    params = {"random_state": 0, "budget": 35, "n_initial": 10, "batch_size": 10, **params}
    learner = ActiveLearner(LogisticRegression(max_iter=1000), margin_sampling, **params)
    return learner.fit(X_TRAIN, Y_TRAIN)


def manual_curve(learner, n_labels, metric=accuracy_score, proba=False):
    """Refit by hand on the first labels, in query order, and score."""
    scores = []
    for n in n_labels:
        rows = learner.queried_indices_[:n]
        model = LogisticRegression(max_iter=1000).fit(X_TRAIN[rows], Y_TRAIN[rows])
        prediction = model.predict_proba(X_TEST) if proba else model.predict(X_TEST)
        scores.append(metric(Y_TEST, prediction))
    return np.array(scores)


# -- the area --------------------------------------------------------------------


def test_normalized_area_is_the_mean_height():
    assert normalized_area([10, 20, 30], [0.5, 0.5, 1.0]) == 0.625
    assert normalized_area([10, 15, 150], [0.8, 0.8, 0.8]) == pytest.approx(0.8)
    # Uneven steps weigh by their width: the long flat part dominates.
    assert normalized_area([0, 1, 11], [0.0, 1.0, 1.0]) == pytest.approx(10.5 / 11)
    assert normalized_area([10], [0.7]) == 0.7


@pytest.mark.parametrize(
    "n_labels, scores, message",
    [
        ([10, 10, 20], [0.1, 0.2, 0.3], "must increase strictly"),
        ([10, 20], [0.1], "same, non-zero length"),
        ([], [], "same, non-zero length"),
    ],
)
def test_normalized_area_errors(n_labels, scores, message):
    with pytest.raises(ValueError, match=message):
        normalized_area(n_labels, scores)


# -- checkpoints --------------------------------------------------------------


def test_checkpoints_are_the_moments_the_learner_refitted():
    learner = simulated()
    assert_array_equal(checkpoints(learner), [10, 20, 30, 35])
    assert_array_equal(checkpoints(learner, 10), [10, 20, 30, 35])
    assert_array_equal(checkpoints(learner, 2), [10, 35])
    assert_array_equal(checkpoints(learner, 3), [10, 30, 35])


def test_checkpoints_of_a_capped_budget():
    with pytest.warns(UserWarning, match="budget=200 is larger"):
        learner = simulated(budget=200, batch_size=40)
    assert_array_equal(checkpoints(learner), [10, 50, 90, 105])


# -- the scorer -----------------------------------------------------------------


def test_aulc_scorer_replays_the_run():
    learner = simulated()
    expected = normalized_area([10, 20, 30, 35], manual_curve(learner, [10, 20, 30, 35]))
    assert aulc_scorer(learner, X_TEST, Y_TEST) == pytest.approx(expected)
    two_points = make_aulc_scorer(n_checkpoints=2)(learner, X_TEST, Y_TEST)
    assert two_points == pytest.approx(np.mean(manual_curve(learner, [10, 35])))


def test_aulc_scorer_ignores_labels_taught_after_the_run():
    learner = simulated()
    before = aulc_scorer(learner, X_TEST, Y_TEST)
    learner.teach(X_TEST[:20], Y_TEST[:20])
    assert aulc_scorer(learner, X_TEST, Y_TEST) == pytest.approx(before)


def test_scorer_by_name_and_by_function_agree():
    learner = simulated()
    by_name = make_aulc_scorer("balanced_accuracy")(learner, X_TEST, Y_TEST)
    by_function = make_aulc_scorer(balanced_accuracy_score)(learner, X_TEST, Y_TEST)
    assert by_name == pytest.approx(by_function)


def test_loss_is_negated_so_higher_is_better():
    learner = simulated()
    scorer = make_aulc_scorer(log_loss, n_checkpoints=None, response_method="predict_proba",
                              greater_is_better=False)
    losses = manual_curve(learner, [10, 20, 30, 35], metric=log_loss, proba=True)
    assert scorer(learner, X_TEST, Y_TEST) == pytest.approx(
        -normalized_area([10, 20, 30, 35], losses)
    )


def test_metric_keyword_arguments_reach_the_metric():
    learner = simulated()
    macro = make_aulc_scorer(balanced_accuracy_score, adjusted=True)(learner, X_TEST, Y_TEST)
    plain = make_aulc_scorer(balanced_accuracy_score)(learner, X_TEST, Y_TEST)
    # adjusted = (score - 1/3) / (1 - 1/3) on three classes, point by point.
    assert macro == pytest.approx((plain - 1 / 3) * 1.5)


def test_learner_fitted_without_budget():
    learner = ActiveLearner(LogisticRegression(max_iter=1000)).fit(X_TRAIN, Y_TRAIN)
    with pytest.raises(ValueError, match="must be fitted with budget set"):
        aulc_scorer(learner, X_TEST, Y_TEST)


@pytest.mark.parametrize("n_checkpoints", [1, 0, 2.5, True])
def test_bad_n_checkpoints(n_checkpoints):
    with pytest.raises(ValueError, match="n_checkpoints must be an integer of at least 2"):
        make_aulc_scorer(n_checkpoints=n_checkpoints)


def test_scorer_name_with_extra_settings():
    with pytest.raises(TypeError, match="names a ready scorer"):
        make_aulc_scorer("accuracy", normalize=False)
    with pytest.raises(TypeError, match="metric must be a metric function"):
        make_aulc_scorer(3)


def test_sample_weight_is_refused():
    with pytest.raises(TypeError, match="does not support sample_weight"):
        aulc_scorer(simulated(), X_TEST, Y_TEST, sample_weight=np.ones(len(Y_TEST)))


def test_repr():
    # The learner's own score: accuracy here, R² for a regressor.
    assert repr(aulc_scorer) == "make_aulc_scorer(n_checkpoints=10)"
    assert repr(make_aulc_scorer("r2", 3)) == "make_aulc_scorer('r2', n_checkpoints=3)"


# -- probability metrics when early checkpoints have not seen every class ------------


def _two_classes_first():
    """A 3-class run whose 4 seed labels are all of classes 0 and 1."""
    order = np.r_[np.flatnonzero(Y_TRAIN < 2)[:4], np.flatnonzero(Y_TRAIN == 2)]
    rest = np.setdiff1d(np.arange(Y_TRAIN.shape[0]), order)
    X_run, y_run = X_TRAIN[np.r_[order, rest]], Y_TRAIN[np.r_[order, rest]]
    learner = ActiveLearner(LogisticRegression(max_iter=1000), margin_sampling,
                            budget=24, n_initial=4, batch_size=10, random_state=0)
    # The seed labels are drawn at random: find a seed whose first labels miss a class.
    for seed in range(50):
        learner.set_params(random_state=seed).fit(X_run, y_run)
        if np.unique(learner.y_labeled_[:4]).shape[0] < 3:
            return learner
    raise AssertionError("no seed gives a 2-class start")


_MULTICLASS_BRIER = pytest.param(
    "neg_brier_score",
    marks=pytest.mark.skipif(
        parse_version(sklearn.__version__) < parse_version("1.7"),
        reason="scikit-learn < 1.7 scores the Brier loss on binary targets only",
    ),
)


@pytest.mark.parametrize("name", ["neg_log_loss", "roc_auc_ovr", "roc_auc_ovo",
                                  _MULTICLASS_BRIER, "top_k_accuracy"])
def test_probability_scorers_on_checkpoints_missing_a_class(name):
    learner = _two_classes_first()
    scorer = make_aulc_scorer(name, n_checkpoints=None)
    value = scorer(learner, X_TEST, Y_TEST)
    assert np.isfinite(value)


def test_unseen_classes_get_zero_probability():
    from sklearn.metrics import get_scorer

    learner = _two_classes_first()
    n_labels = checkpoints(learner)
    rows = learner.y_labeled_[:n_labels[0]]
    seen = np.unique(rows)
    model = LogisticRegression(max_iter=1000).fit(learner.X_labeled_[:n_labels[0]], rows)
    proba = np.zeros((X_TEST.shape[0], 3))
    proba[:, seen] = model.predict_proba(X_TEST)
    expected = -log_loss(Y_TEST, proba, labels=[0, 1, 2])
    scorer = make_aulc_scorer("neg_log_loss", n_checkpoints=None)
    from skactive.metrics._aulc import replay

    _, scores = replay(learner, X_TEST, Y_TEST, get_scorer("neg_log_loss"))
    assert scores[0] == pytest.approx(expected)
    assert np.isfinite(scorer(learner, X_TEST, Y_TEST))
