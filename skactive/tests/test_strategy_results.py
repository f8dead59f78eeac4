"""What a strategy hands back is checked: clear errors naming the strategy."""

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from skactive import ActiveLearner
from skactive.strategies import AdaptiveStrategy, margin_sampling

rng = np.random.RandomState(0)
X = rng.rand(30, 3)
y = np.arange(30) % 2


def fitted(strategy):
    return ActiveLearner(LogisticRegression(), strategy, random_state=0).fit(X[:10], y[:10])


def tuple_of_positions(learner, X_pool, n_instances=1, *, random_state=None):
    return tuple(range(n_instances))


def nan_scores(learner, X_pool, n_instances=1, *, random_state=None):
    scores = np.full(len(X_pool), np.nan)
    return np.arange(n_instances), scores


def text_scores(learner, X_pool, n_instances=1, *, random_state=None):
    return np.arange(n_instances), np.array(["high"] * len(X_pool))


def float_positions(learner, X_pool, n_instances=1, *, random_state=None):
    return np.arange(n_instances) + 0.5, np.zeros(len(X_pool))


@pytest.mark.parametrize("n_instances", [1, 2, 3])
def test_a_tuple_of_positions_is_named(n_instances):
    with pytest.raises(TypeError, match=(
        r"tuple_of_positions returned a tuple of \d+ items; a strategy returns its "
        r"positions \(an array or a list\) or the pair \(positions, scores\)"
    )):
        fitted(tuple_of_positions).query(X[10:], n_instances)


@pytest.mark.parametrize("strategy, found", [(nan_scores, "NaN"),
                                             (text_scores, "dtype <U4")])
@pytest.mark.parametrize("return_scores", [False, True])
def test_scores_that_are_not_numbers(strategy, found, return_scores):
    with pytest.raises(TypeError, match=(
        f"{strategy.__name__} returned scores that are not all numbers \\({found}"
    )):
        fitted(strategy).query(X[10:], 2, return_scores=return_scores)


def test_adaptive_strategy_does_not_truncate_float_positions():
    strategy = AdaptiveStrategy([float_positions, margin_sampling], budget=10)
    with pytest.raises(TypeError, match=(
        "float_positions, an expert of AdaptiveStrategy, returned positions of dtype "
        "float64; a strategy returns integer positions"
    )):
        fitted(strategy).query(X[10:], 2)


# -- messages that name the real cause --------------------------------------------


def nan_base(learner, X_pool, n_instances=1, *, random_state=None):
    return np.arange(n_instances), np.full(len(X_pool), np.nan)


@pytest.mark.parametrize("wrapper", ["RankedBatch", "DiverseBatch", "DensityWeighted",
                                     "CostWeighted"])
def test_a_base_returning_nan_is_named(wrapper):
    from skactive import strategies

    cls = getattr(strategies, wrapper)
    strategy = (cls(nan_base, cost=lambda X: np.ones(len(X))) if wrapper == "CostWeighted"
                else cls(nan_base))
    with pytest.raises(ValueError, match=(
        "nan_base, used as a base, returned NaN utilities for 20 of 20 pool rows"
    )):
        fitted(strategy).query(X[10:], 2)


@pytest.mark.parametrize("name", ["ExpectedModelChange", "BADGE", "CoreSet",
                                  "RankedBatch", "DensityWeighted", "VarianceReduction"])
def test_missing_values_in_the_pool_are_named(name):
    from sklearn.ensemble import HistGradientBoostingClassifier

    from skactive import strategies

    pool = X[10:].copy()
    pool[3, 1] = np.nan
    learner = ActiveLearner(HistGradientBoostingClassifier(max_iter=3),
                            getattr(strategies, name)(), random_state=0)
    learner.fit(X[:10], y[:10])
    with pytest.raises(ValueError, match=(
        r"The samples hold NaN \(missing values\) in the features the final estimator "
        r"sees; .* Impute them in the learner's Pipeline"
    )):
        learner.query(pool, 2)
    # Strategies that read only the predictions work on the same pool.
    learner.set_params(query_strategy=margin_sampling).fit(X[:10], y[:10])
    assert learner.query(pool, 2).shape == (2,)


def test_committee_of_vectorizing_pipelines_with_a_feature_space_strategy():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import make_pipeline

    from skactive import QueryByCommittee
    from skactive.strategies import CoreSet

    docs = ["red cat", "blue dog", "green bird", "red dog", "blue cat", "big bird"] * 3
    labels = [0, 1, 2, 1, 0, 2] * 3
    members = [make_pipeline(TfidfVectorizer(), LogisticRegression()) for _ in range(2)]
    committee = QueryByCommittee(members, CoreSet(), random_state=0).fit(docs, labels)
    with pytest.raises(TypeError) as error:
        committee.query(docs, 2)
    message = str(error.value)
    assert "Put a vectorizer in the learner's Pipeline" not in message
    assert "a QueryByCommittee has none: each member transforms the samples itself" in (
        message
    )
    assert "Vectorize the samples once, before the committee" in message
