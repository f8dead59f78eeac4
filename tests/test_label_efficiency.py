"""Active learning must pay off: margin sampling beats random on digits."""

import numpy as np
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skactive import ActiveLearner
from skactive.metrics import aulc_scorer
from skactive.model_selection import active_learning_curve
from skactive.strategies import entropy_sampling, margin_sampling, random_sampling


def test_margin_beats_random_on_digits_over_five_seeds():
    X, y = load_digits(return_X_y=True)
    learner = ActiveLearner(
        make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
        budget=160, n_initial=10, batch_size=10,
    )
    result = active_learning_curve(
        learner, X, y, strategies={"margin": margin_sampling, "random": random_sampling},
        n_repeats=5, test_size=0.3, full_data=False, random_state=0,
    )
    assert np.array_equal(result.n_labels, np.arange(10, 161, 10))
    assert result.scores["margin"].shape == (16, 5)
    # Averaged over the whole curve and the five runs, as before.
    means = {name: scores.mean() for name, scores in result.scores.items()}
    assert means["margin"] > means["random"] + 0.01, means
    # And at the budget, in every run.
    assert np.all(result.scores["margin"][-1] > result.scores["random"][-1])


def test_grid_search_over_strategies_ranks_margin_above_random():
    X, y = load_digits(return_X_y=True)
    X = StandardScaler().fit_transform(X)  # so that LogisticRegression() converges
    grid = GridSearchCV(
        ActiveLearner(LogisticRegression(), budget=100, random_state=0),
        {"query_strategy": [random_sampling, margin_sampling, entropy_sampling]},
        scoring=aulc_scorer, cv=3, n_jobs=2,
    ).fit(X, y)
    results = grid.cv_results_
    rank = dict(zip([p.__name__ for p in results["param_query_strategy"]],
                    results["rank_test_score"]))
    assert rank["margin_sampling"] < rank["random_sampling"], results["mean_test_score"]
    assert grid.best_params_["query_strategy"] is margin_sampling
    # The refitted best learner ran its own simulation on all the data.
    assert grid.best_estimator_.queried_indices_.shape == (100,)
