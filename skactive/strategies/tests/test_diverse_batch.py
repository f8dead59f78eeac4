import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import pairwise_distances

from skactive import ActiveLearner
from skactive.strategies import BaseQueryStrategy, DiverseBatch, margin_sampling


class FixedUtility(BaseQueryStrategy):
    def __init__(self, values=None):
        self.values = values

    def utility(self, learner, X_pool):
        return np.asarray(self.values, dtype=float)


# Three far-apart groups of three rows on a line; the third is uninformative.
POOL = np.array(
    [[0, 0], [1, 0], [2, 0], [10, 10], [11, 10], [12, 10], [20, 0], [21, 0], [22, 0]],
    dtype=float,
)
UTILITY = [0.9, 0.1, 0.1, 0.1, 0.1, 0.8, 0.0, 0.0, 0.0]


def test_one_row_per_cluster_nearest_its_weighted_centre():
    # Unweighted, the centres would sit on rows 1 and 4; weighted by utility
    # they move to x = 0.27 and x = 11.7, nearest rows 0 and 5. The third
    # group is not among the 2 * 3 candidates.
    strategy = DiverseBatch(base=FixedUtility(UTILITY), prefilter=3)
    positions, scores = strategy(None, POOL, 2, random_state=0)
    assert_array_equal(positions, [0, 5])
    assert_array_equal(scores, UTILITY)


def test_negative_utilities_are_weighted_by_their_distance_to_the_worst():
    # Margin-like utilities in [-1, 0]: the same ranking shifted by -1 must
    # give the same batch.
    shifted = DiverseBatch(base=FixedUtility(np.array(UTILITY) - 1), prefilter=3)
    assert_array_equal(shifted(None, POOL, 2, random_state=0)[0], [0, 5])


def test_without_base_clusters_the_whole_pool():
    positions, scores = DiverseBatch(base=None)(None, POOL, 3, random_state=0)
    assert_array_equal(np.sort(positions), [1, 4, 7])  # the middle of each group
    expected = -pairwise_distances(POOL, POOL[[1, 4, 7]]).min(axis=1)
    assert_allclose(scores, expected, atol=1e-12)
    assert_allclose(scores[positions], 0.0, atol=1e-12)  # each is its centre


def test_unfitted_learner_falls_back_to_kmeans_over_the_pool():
    learner = ActiveLearner(LogisticRegression(), DiverseBatch(), random_state=0)
    positions = learner.query(POOL, 3)
    assert_array_equal(np.sort(positions), [1, 4, 7])


def test_margin_base_on_a_fitted_learner():
    rng = np.random.RandomState(0)
    X = np.vstack([rng.normal(-1, 1, (50, 2)), rng.normal(1, 1, (50, 2))])
    y = np.repeat([0, 1], 50)
    learner = ActiveLearner(
        LogisticRegression(), DiverseBatch(prefilter=4), random_state=0
    )
    learner.fit(X[::10], y[::10])
    positions, scores = learner.query(X, 5, return_scores=True)
    _, margins = margin_sampling(learner, X)
    assert_allclose(scores, margins)
    # Every pick is among the 4 * 5 rows with the narrowest margin.
    assert set(positions) <= set(np.argsort(-margins)[:20])
    assert np.all(np.diff(scores[positions]) <= 0)


def test_sparse_pool_gives_the_dense_picks():
    strategy = DiverseBatch(base=FixedUtility(UTILITY), prefilter=3)
    dense = strategy(None, POOL, 2, random_state=0)[0]
    assert_array_equal(strategy(None, sp.csr_matrix(POOL), 2, random_state=0)[0], dense)


def test_duplicate_rows_still_give_unique_positions():
    pool = np.zeros((6, 2))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        positions, _ = DiverseBatch(base=None)(None, pool, 4, random_state=0)
    assert positions.shape == (4,) and len(set(positions)) == 4


def test_deterministic_for_a_random_state():
    pool = np.random.RandomState(1).normal(size=(200, 3))
    strategy = DiverseBatch(base=None)
    assert_array_equal(
        strategy(None, pool, 6, random_state=3)[0],
        strategy(None, pool, 6, random_state=3)[0],
    )


@pytest.mark.parametrize("prefilter", [0, 2.5, True])
def test_bad_prefilter(prefilter):
    with pytest.raises(ValueError, match="prefilter must be a positive integer"):
        DiverseBatch(base=None, prefilter=prefilter)(None, POOL, 2)


def test_large_cold_start_uses_minibatches_and_finds_every_group():
    # More than 10,000 candidates: MiniBatchKMeans clusters the pool.
    rng = np.random.RandomState(0)
    centres = np.array([[0.0, 0.0], [10.0, 0.0], [0.0, 10.0]])
    pool = np.vstack([rng.normal(c, 0.5, (4000, 2)) for c in centres])
    positions, scores = DiverseBatch(base=None)(None, pool, 3, random_state=0)
    assert_array_equal(np.sort(positions // 4000), [0, 1, 2])
    assert scores.shape == (12000,)


def test_numbers_in_an_object_array_are_features():
    # Estimators accept numbers held in an object array; so must the default
    # strategy (scikit-learn's check_dtype_object in simulation mode).
    from sklearn.linear_model import LogisticRegression

    from skactive import ActiveLearner
    from skactive.strategies import final_step_features

    X = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 2.0], [3.0, 1.0]])
    learner = ActiveLearner(LogisticRegression()).fit(X.astype(object), [0, 0, 1, 1])
    features = final_step_features(learner, X.astype(object))
    assert features.dtype == np.float64
    np.testing.assert_array_equal(features, X)
    assert learner.query(X.astype(object), 2).shape == (2,)
    with pytest.raises(TypeError, match="numeric 2-D features"):
        final_step_features(learner, np.array([["a", "b"]], dtype=object))


def test_softrank_draws_each_row_with_probability_one_over_its_rank():
    # One candidate per query from four rows ranked 1..4: probabilities
    # (1, 1/2, 1/3, 1/4) / (25/12) = 0.48, 0.24, 0.16, 0.12.
    from skactive.strategies._diverse_batch import _softrank_draw

    utility = np.array([0.1, 0.4, 0.2, 0.3])
    rng = np.random.RandomState(0)
    draws = [_softrank_draw(utility, 1, rng)[0] for _ in range(20_000)]
    frequency = np.bincount(draws, minlength=4) / len(draws)
    assert_allclose(frequency[[1, 3, 2, 0]], [0.48, 0.24, 0.16, 0.12], atol=0.01)


def test_softrank_never_draws_a_never_preferred_row_while_others_remain():
    from skactive.strategies._diverse_batch import _softrank_draw

    utility = np.array([-np.inf, 0.0, -np.inf, -1.0, -2.0])
    for seed in range(50):
        drawn = _softrank_draw(utility, 3, np.random.RandomState(seed))
        assert sorted(drawn) == [1, 3, 4]


def test_softrank_candidates_reach_beyond_the_top_ranks():
    # 1,000 rows, 10 candidates for one cluster: "top" only ever clusters the
    # ten best rows; soft-rank draws about 6 of its 10 from beyond rank 10.
    utility = -np.arange(1000.0)
    pool = np.arange(1000.0)[:, None]
    top = DiverseBatch(base=FixedUtility(utility), candidates="top")
    soft = DiverseBatch(base=FixedUtility(utility), candidates="softrank")
    assert max(top(None, pool, 1, random_state=s)[0][0] for s in range(20)) < 10
    assert max(soft(None, pool, 1, random_state=s)[0][0] for s in range(20)) >= 10


def test_softrank_is_deterministic_for_a_random_state_and_not_position_free():
    from skactive.strategies import get_strategy_tags

    pool = np.random.RandomState(1).normal(size=(200, 3))
    strategy = DiverseBatch(base=FixedUtility(pool[:, 0]), candidates="softrank")
    assert_array_equal(
        strategy(None, pool, 6, random_state=3)[0],
        strategy(None, pool, 6, random_state=3)[0],
    )
    assert get_strategy_tags(strategy).position_free is False
    assert get_strategy_tags(DiverseBatch()).position_free is True


def test_bad_candidates_rule():
    with pytest.raises(ValueError, match='candidates must be "top" or "softrank", got'):
        DiverseBatch(base=FixedUtility(UTILITY), candidates="best")(None, POOL, 2)


def test_the_default_strategy_is_softrank_diverse_batch():
    from sklearn.datasets import load_iris

    X, y = load_iris(return_X_y=True)
    fitted = dict(X=X[::10], y=y[::10])
    default = ActiveLearner(LogisticRegression(), random_state=4).fit(**fitted)
    explicit = ActiveLearner(
        LogisticRegression(), DiverseBatch(candidates="softrank"), random_state=4
    ).fit(**fitted)
    assert_array_equal(default.query(X, 5), explicit.query(X, 5))
