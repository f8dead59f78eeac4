import numpy as np
import pytest
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression

from skactive import ActiveLearner
from skactive.model_selection import active_learning_curve
from skactive.stopping import LabelBudget, StabilizingPredictions
from skactive.strategies import margin_sampling, random_sampling

X, Y = load_iris(return_X_y=True)


def _learner(**params):
    return ActiveLearner(LogisticRegression(max_iter=1000), margin_sampling,
                         budget=40, n_initial=10, batch_size=10, **params)


def test_curve_reports_where_each_criterion_would_stop():
    result = active_learning_curve(
        _learner(), X, Y, n_repeats=2, random_state=0, full_data=False,
        strategies={"margin": margin_sampling, "random": random_sampling},
        stopping={"at 20": LabelBudget(20), "never": LabelBudget(1000)},
    )
    # The curves still go to the budget: the criteria only watch.
    np.testing.assert_array_equal(result.n_labels, [10, 20, 30, 40])
    for name in ("margin", "random"):
        at20 = result.stops[name]["at 20"]
        np.testing.assert_array_equal(at20["n_labels"], [20, 20])
        np.testing.assert_array_equal(at20["fired"], [True, True])
        # The score at the stop is the curve's score at 20 labels, run by run.
        np.testing.assert_allclose(at20["scores"], result.scores[name][1])
        never = result.stops[name]["never"]
        np.testing.assert_array_equal(never["n_labels"], [40, 40])
        np.testing.assert_array_equal(never["fired"], [False, False])
        np.testing.assert_allclose(never["scores"], result.scores[name][-1])


def test_curve_scores_a_stop_between_checkpoints():
    result = active_learning_curve(
        _learner(), X, Y, n_repeats=1, random_state=0, full_data=False,
        n_checkpoints=2, stopping=LabelBudget(20),
    )
    np.testing.assert_array_equal(result.n_labels, [10, 40])
    (stop,) = result.stops["margin_sampling"].values()
    assert stop["n_labels"].tolist() == [20]
    assert 0 < stop["scores"][0] <= 1


def test_curve_uses_the_learners_own_criterion_and_refuses_non_criteria():
    learner = _learner(stopping=StabilizingPredictions(window=1, threshold=0.0))
    result = active_learning_curve(learner, X, Y, n_repeats=1, random_state=0,
                                   full_data=False)
    assert result.n_labels[-1] == 40  # the learner's criterion does not end the curve
    (stop,) = result.stops["margin_sampling"].values()
    assert stop["n_labels"].tolist() == [20]  # kappa >= 0 at the first comparison
    with pytest.raises(TypeError, match="has no check"):
        active_learning_curve(_learner(), X, Y, n_repeats=1, stopping={"x": 3})


def test_curve_without_criteria_has_empty_stops():
    result = active_learning_curve(_learner(), X, Y, n_repeats=1, random_state=0,
                                   full_data=False)
    assert result.stops == {"margin_sampling": {}}
