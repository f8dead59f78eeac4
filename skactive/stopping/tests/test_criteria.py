import numpy as np
import pytest
from sklearn.base import clone

from skactive.stopping import (
    AllOf,
    ClassificationChange,
    LabelBudget,
    MaxConfidence,
    OverallUncertainty,
    PerformanceConvergence,
    StabilizingPredictions,
    all_of,
    any_of,
)


class Scripted:
    """A fitted learner stand-in whose models give scripted outputs, one per model."""

    def __init__(self, outputs, task="classification", proba=True):
        self.outputs = [np.asarray(o) for o in outputs]
        self.step = 0
        self.y_labeled_ = np.zeros(10)
        self.random_state = 0
        self.task = task
        self.seen = []
        self.proba = proba

    def _task(self):
        return self.task

    def next_model(self):
        self.step += 1
        self.y_labeled_ = np.zeros(10 + 10 * self.step)

    def predict(self, X):
        self.seen.append(np.array(X))
        return self.outputs[self.step][: len(X)]

    @property
    def predict_proba(self):
        if not self.proba:
            raise AttributeError("no predict_proba")
        return self._predict_proba

    def _predict_proba(self, X):
        self.seen.append(np.array(X))
        return self.outputs[self.step][: len(X)]


def checks(criterion, learner, pool, n_models):
    decisions = []
    for i in range(n_models):
        if i:
            learner.next_model()
        decisions.append(criterion.check(learner, pool))
    return decisions


POOL = np.arange(8.0).reshape(4, 2)


def test_stabilizing_predictions_mean_kappa_over_the_window():
    outputs = [[0, 0, 1, 1], [0, 1, 1, 1], [0, 1, 1, 1], [0, 1, 1, 1]]
    criterion = StabilizingPredictions(window=2, threshold=0.75, stop_set_size=4)
    # kappas: None, 0.5, 1.0, 1.0 -> window means: -, -, 0.75, 1.0
    assert checks(criterion, Scripted(outputs), POOL, 4) == [False, False, True, True]
    assert criterion.history_ == [None, pytest.approx(0.5), 1.0, 1.0]
    assert criterion.n_labels_at_stop_ == 30
    assert criterion.n_labels_history_ == [10, 20, 30, 40]


def test_stabilizing_predictions_just_below_threshold_does_not_stop():
    outputs = [[0, 0, 1, 1], [0, 1, 1, 1], [0, 1, 1, 1]]
    criterion = StabilizingPredictions(window=2, threshold=0.76, stop_set_size=4)
    assert checks(criterion, Scripted(outputs), POOL, 3) == [False, False, False]
    assert criterion.n_labels_at_stop_ is None


def test_stop_set_is_drawn_once_seeded_and_copied():
    pool = np.arange(40.0).reshape(20, 2)
    learner = Scripted([np.zeros(20, int)] * 3)
    criterion = StabilizingPredictions(stop_set_size=5, random_state=3)
    criterion.check(learner, pool)
    stop_set = criterion.stop_set_.copy()
    assert stop_set.shape == (5, 2)
    pool[:] = -1  # the caller's array changes: the stop set must not
    learner.next_model()
    criterion.check(learner, pool[:3])  # a smaller pool later: same stop set
    np.testing.assert_array_equal(criterion.stop_set_, stop_set)
    np.testing.assert_array_equal(learner.seen[-1], stop_set)
    again = StabilizingPredictions(stop_set_size=5, random_state=3)
    again.check(Scripted([np.zeros(20, int)]), np.arange(40.0).reshape(20, 2))
    np.testing.assert_array_equal(again.stop_set_, stop_set)


def test_stop_set_takes_the_whole_small_pool():
    criterion = StabilizingPredictions(stop_set_size=500)
    criterion.check(Scripted([[0, 1, 0, 1]]), POOL)
    np.testing.assert_array_equal(criterion.stop_set_, POOL)


def test_checking_the_same_model_twice_changes_nothing():
    outputs = [[0, 0, 1, 1], [0, 0, 1, 1]]
    learner = Scripted(outputs)
    criterion = StabilizingPredictions(window=1, threshold=0.9, stop_set_size=4)
    assert not criterion.check(learner, POOL)
    assert not criterion.check(learner, POOL)  # would be kappa 1 with itself
    assert criterion.history_ == [None]


def test_classification_change_by_hand():
    outputs = [[0, 0, 1, 1], [0, 1, 1, 1], [0, 1, 1, 1], [0, 1, 1, 0]]
    criterion = ClassificationChange(window=1, stop_set_size=4)
    assert checks(criterion, Scripted(outputs), POOL, 4) == [False, False, True, False]
    assert criterion.history_ == [None, 0.25, 0.0, 0.25]
    assert criterion.n_labels_at_stop_ == 30
    windowed = ClassificationChange(threshold=0.25, window=2, stop_set_size=4)
    assert checks(windowed, Scripted(outputs), POOL, 4) == [False, False, True, True]


def test_overall_uncertainty_and_max_confidence_by_hand():
    proba = [
        [[0.5, 0.5], [0.5, 0.5]],  # normalised entropy 1, min confidence 0.5
        [[1.0, 0.0], [0.5, 0.5]],  # 0.5, 0.5
        [[1.0, 0.0], [0.9, 0.1]],  # H(0.9, 0.1) / log 2 = 0.469 / 2, 0.9
    ]
    h = -(0.9 * np.log(0.9) + 0.1 * np.log(0.1)) / np.log(2)
    uncertainty = OverallUncertainty(threshold=0.5)
    assert checks(uncertainty, Scripted(proba), POOL[:2], 3) == [False, True, True]
    assert uncertainty.history_ == pytest.approx([1.0, 0.5, h / 2])
    confidence = MaxConfidence(threshold=0.9)
    assert checks(confidence, Scripted(proba), POOL[:2], 3) == [False, False, True]
    assert confidence.history_ == pytest.approx([0.5, 0.5, 0.9])


def test_performance_convergence_by_hand():
    proba = [
        [[0.6, 0.4], [0.6, 0.4]],  # estimate 0.6
        [[0.8, 0.2], [0.6, 0.4]],  # 0.7
        [[0.8, 0.2], [0.7, 0.3]],  # 0.75
        [[0.8, 0.2], [0.7, 0.3]],  # 0.75
    ]
    criterion = PerformanceConvergence(window=2, threshold=0.06, stop_set_size=2)
    # spreads over the last 3 checks: -, -, 0.15, 0.05
    assert checks(criterion, Scripted(proba), POOL[:2], 4) == [False, False, False, True]
    # A falling estimate is not convergence: spread 0.1 > 0.06.
    assert not criterion.decide([0.8, 0.75, 0.7])
    assert criterion.history_ == pytest.approx([0.6, 0.7, 0.75, 0.75])


def test_label_budget():
    criterion = LabelBudget(25)
    assert checks(criterion, Scripted([[0]] * 3), POOL, 3) == [False, False, True]
    assert criterion.n_labels_at_stop_ == 30


@pytest.mark.parametrize("criterion", [StabilizingPredictions(), ClassificationChange()])
def test_prediction_criteria_refuse_regressors(criterion):
    with pytest.raises(TypeError, match="compares predicted classes.*regression task"):
        criterion.check(Scripted([[0.5, 1.5]], task="regression"), POOL)


@pytest.mark.parametrize(
    "criterion", [OverallUncertainty(), MaxConfidence(), PerformanceConvergence()]
)
def test_probability_criteria_say_they_need_predict_proba(criterion):
    with pytest.raises(TypeError, match="needs class probabilities.*regression task"):
        criterion.check(Scripted([[0.5]], task="regression"), POOL)
    with pytest.raises(TypeError, match="needs class probabilities.*has no predict_proba"):
        criterion.check(Scripted([[0, 1]], proba=False), POOL)


def test_label_budget_serves_any_task():
    assert LabelBudget(10).check(Scripted([[0.5]], task="regression"), POOL)


@pytest.mark.parametrize(
    "criterion, message",
    [
        (StabilizingPredictions(threshold=1.5), "threshold must be a number in"),
        (StabilizingPredictions(window=0), "window must be a positive integer"),
        (StabilizingPredictions(stop_set_size=0), "stop_set_size must be a positive"),
        (ClassificationChange(threshold=-0.1), "threshold must be a number in"),
        (LabelBudget(0), "n_labels must be a positive integer"),
    ],
)
def test_invalid_settings_are_named(criterion, message):
    learner = Scripted([[0, 0, 1, 1]] * 2)
    with pytest.raises(ValueError, match=message):
        checks(criterion, learner, POOL, 2)


def test_invalid_probability_threshold_is_named():
    with pytest.raises(ValueError, match="threshold must be a number in"):
        OverallUncertainty(threshold="low").check(Scripted([[[0.5, 0.5]]]), POOL[:1])


def test_any_of_names_nests_and_clones():
    criterion = any_of(StabilizingPredictions(), LabelBudget(500), LabelBudget(300))
    params = criterion.get_params()
    assert params["stabilizingpredictions__threshold"] == 0.999
    assert params["labelbudget-2__n_labels"] == 300
    criterion.set_params(stabilizingpredictions__threshold=0.9)
    copy = clone(criterion)
    assert copy.get_params()["stabilizingpredictions__threshold"] == 0.9
    assert copy.criteria[0][1] is not criterion.criteria[0][1]


def test_any_of_checks_every_criterion_and_stops_on_the_first():
    outputs = [[0, 0, 1, 1], [0, 1, 1, 1], [0, 1, 1, 1]]
    stable = StabilizingPredictions(window=1, threshold=1.0, stop_set_size=4)
    criterion = any_of(LabelBudget(20), stable)
    assert checks(criterion, Scripted(outputs), POOL, 3) == [False, True, True]
    # The budget fired at the second check, yet the kappa kept being computed.
    assert criterion.named_criteria["stabilizingpredictions"].history_ == [
        None, pytest.approx(0.5), 1.0]
    assert criterion.history_[1] == {"labelbudget": True, "stabilizingpredictions": False}
    assert criterion.n_labels_at_stop_ == 20


def test_all_of_needs_every_current_decision():
    outputs = [[0, 0, 1, 1], [0, 0, 1, 1], [0, 1, 1, 1], [0, 1, 1, 1]]
    criterion = all_of(ClassificationChange(window=1, stop_set_size=4), LabelBudget(30))
    # change: -, 0, 0.25, 0 (fires, unfires, fires); budget from 30 labels.
    assert checks(criterion, Scripted(outputs), POOL, 4) == [False, False, False, True]
    assert criterion.n_labels_at_stop_ == 40


def test_combination_refuses_bad_criteria():
    with pytest.raises(ValueError, match="non-empty list"):
        AllOf([]).check(Scripted([[0]]), POOL)
    with pytest.raises(TypeError, match=r"\(name, criterion\) pairs"):
        AllOf([LabelBudget(3)]).check(Scripted([[0]]), POOL)
