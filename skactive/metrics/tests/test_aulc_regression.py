"""The AULC of regressors: R², negative MSE / MAE."""

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.datasets import make_friedman1
from sklearn.linear_model import Ridge
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score

from skactive import ActiveRegressor, CommitteeRegressor
from skactive.metrics import aulc_scorer, make_aulc_scorer, normalized_area
from skactive.strategies import random_sampling

X, Y = make_friedman1(n_samples=150, noise=0.5, random_state=0)
X_TEST, Y_TEST = X[100:], Y[100:]


def _curve(learner, metric, steps=(10, 20, 30, 35)):
    scores = []
    for n in steps:
        model = Ridge().fit(learner.X_labeled_[:n], learner.y_labeled_[:n])
        scores.append(metric(Y_TEST, model.predict(X_TEST)))
    return normalized_area(list(steps), scores)


@pytest.fixture
def learner():
    return ActiveRegressor(Ridge(), random_sampling, random_state=0, budget=35,
                           n_initial=10, batch_size=10).fit(X[:100], Y[:100])


def test_default_aulc_of_a_regressor_is_r2(learner):
    assert aulc_scorer(learner, X_TEST, Y_TEST) == pytest.approx(_curve(learner, r2_score))
    by_name = make_aulc_scorer("r2", n_checkpoints=None)(learner, X_TEST, Y_TEST)
    assert by_name == pytest.approx(_curve(learner, r2_score))


@pytest.mark.parametrize("name, metric", [
    ("neg_mean_squared_error", mean_squared_error),
    ("neg_mean_absolute_error", mean_absolute_error),
])
def test_regression_losses_are_negated(learner, name, metric):
    expected = -_curve(learner, metric)
    assert make_aulc_scorer(name, n_checkpoints=None)(learner, X_TEST, Y_TEST) == (
        pytest.approx(expected))
    by_function = make_aulc_scorer(metric, n_checkpoints=None, greater_is_better=False)
    assert by_function(learner, X_TEST, Y_TEST) == pytest.approx(expected)


def test_committee_regressor_aulc():
    committee = CommitteeRegressor([Ridge(), Ridge(alpha=10.0)], random_state=0,
                                   budget=30, n_initial=10, batch_size=10)
    score = aulc_scorer(clone(committee).fit(X[:100], Y[:100]), X_TEST, Y_TEST)
    assert np.isfinite(score) and score < 1


def test_own_score_takes_no_metric_options():
    with pytest.raises(TypeError, match="own score"):
        make_aulc_scorer(greater_is_better=False)
