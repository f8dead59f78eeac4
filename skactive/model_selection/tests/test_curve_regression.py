"""Active learning curves and their plot with regressors."""

import numpy as np
import pytest
from sklearn.datasets import make_friedman1
from sklearn.linear_model import Ridge

from skactive import ActiveRegressor
from skactive.model_selection import active_learning_curve
from skactive.strategies import GreedySamplingX, random_sampling

X, Y = make_friedman1(n_samples=120, noise=0.5, random_state=0)


def test_curves_of_a_regressor_split_at_random_and_score_r2():
    learner = ActiveRegressor(Ridge(), budget=30, n_initial=10, batch_size=10)
    result = active_learning_curve(
        learner, X, Y, strategies=[random_sampling, GreedySamplingX()], n_repeats=2,
        random_state=0,
    )
    np.testing.assert_array_equal(result.n_labels, [10, 20, 30])
    assert result.score_name == "R²"
    assert result.scores["GreedySamplingX()"].shape == (3, 2)
    # Paired: every strategy starts from the same seed labels, so the first
    # point (the seed model) is the same for both.
    np.testing.assert_allclose(result.scores["random_sampling"][0],
                               result.scores["GreedySamplingX()"][0])
    assert np.all(result.full_data_scores > 0.5)
    mse = active_learning_curve(learner, X, Y, n_repeats=1, cv=3, random_state=0,
                                scoring="neg_mean_squared_error", full_data=False)
    assert np.all(mse.scores["GreedySamplingX()"] < 0)


def test_plot_regression_curves():
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    from skactive.plotting import plot_learning_curves

    learner = ActiveRegressor(Ridge(), budget=30, n_initial=10, batch_size=10)
    result = active_learning_curve(learner, X, Y, strategies=[random_sampling],
                                   n_repeats=2, random_state=0)
    display = plot_learning_curves(result)
    assert display.ax_.get_ylabel() == "R²"
