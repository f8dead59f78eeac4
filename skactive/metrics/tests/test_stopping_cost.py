import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from skactive import ActiveLearner
from skactive.metrics import make_stopping_cost_scorer, stopping_cost


def test_cost_by_hand():
    # 100 labels at 2 each, 1000 predictions with 25 % wrong at 4 each.
    assert stopping_cost(100, 0.75, label_cost=2, misclassification_cost=4,
                         n_predictions=1000) == 200 + 1000
    np.testing.assert_allclose(stopping_cost([0, 10], [1.0, 0.5], n_predictions=8),
                               [0.0, 14.0])


@pytest.mark.parametrize("kwargs, message", [
    ({"label_cost": -1}, "label_cost must be a non-negative"),
    ({"n_predictions": "many"}, "n_predictions must be a non-negative"),
])
def test_cost_refuses_bad_parameters(kwargs, message):
    with pytest.raises(ValueError, match=message):
        stopping_cost(10, 0.5, **kwargs)


def test_cost_refuses_accuracy_outside_unit_interval():
    with pytest.raises(ValueError, match=r"accuracy must be in \[0, 1\]"):
        stopping_cost(10, 1.5)


def test_scorer_counts_the_labels_used_and_negates():
    X = np.array([[0.0], [1.0], [9.0], [10.0], [0.5], [9.5]])
    y = np.array([0, 0, 1, 1, 0, 1])
    learner = ActiveLearner(LogisticRegression()).fit(X[:4], y[:4])
    scorer = make_stopping_cost_scorer(label_cost=3, misclassification_cost=1,
                                       n_predictions=100)
    # 4 labels at 3; the model is right on both test rows.
    assert scorer(learner, X[4:], y[4:]) == -12.0
    assert "label_cost=3" in repr(scorer)
    with pytest.raises(ValueError, match="has no y_labeled_"):
        scorer(LogisticRegression().fit(X, y), X, y)
