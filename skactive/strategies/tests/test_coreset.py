from itertools import combinations

import numpy as np
import pytest
import scipy.sparse as sp
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import pairwise_distances
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skactive import ActiveLearner
from skactive.strategies import CoreSet


class LabeledOnly:
    """A learner stub: a labeled set, no model (features are the raw rows)."""

    def __init__(self, X_labeled):
        self.X_labeled_ = np.asarray(X_labeled, dtype=float)


def covering_radius(X_pool, centres):
    return pairwise_distances(X_pool, centres).min(axis=1).max()


def test_hand_computed_picks_and_scores():
    pool = np.array([[0.0], [2.0], [3.0], [9.0], [10.0]])
    positions, scores = CoreSet()(LabeledOnly([[0.0]]), pool, 2, random_state=0)
    assert_array_equal(
        positions, [4, 2]
    )  # 10 is farthest, then 3 (3 from 0, 6 from 10)
    assert_array_equal(scores, [0, 2, 3, 9, 10])


@pytest.mark.parametrize("seed", range(6))
def test_covering_radius_within_twice_the_optimum(seed):
    rng = np.random.RandomState(seed)
    pool, labeled, k = rng.uniform(size=(10, 2)), rng.uniform(size=(2, 2)), 3
    optimum = min(
        covering_radius(pool, np.vstack([labeled, pool[list(c)]]))
        for c in combinations(range(10), k)
    )
    positions, _ = CoreSet()(LabeledOnly(labeled), pool, k, random_state=seed)
    radius = covering_radius(pool, np.vstack([labeled, pool[positions]]))
    assert optimum <= radius <= 2 * optimum


@pytest.mark.parametrize("seed", range(6))
def test_cold_start_covering_radius_within_twice_the_optimum(seed):
    rng = np.random.RandomState(seed)
    pool, k = rng.uniform(size=(10, 2)), 3
    optimum = min(
        covering_radius(pool, pool[list(c)]) for c in combinations(range(10), k)
    )
    positions, scores = CoreSet()(None, pool, k, random_state=seed)
    assert covering_radius(pool, pool[positions]) <= 2 * optimum
    # Scores on a cold start: distance to the first, random centre.
    assert_allclose(scores, pairwise_distances(pool, pool[positions[:1]]).ravel())


def test_cold_start_first_centre_follows_random_state():
    pool = np.random.RandomState(0).uniform(size=(50, 3))
    firsts = [CoreSet()(None, pool, 3, random_state=s)[0][0] for s in range(10)]
    assert len(set(firsts)) > 5
    assert_array_equal(
        CoreSet()(None, pool, 5, random_state=4)[0],
        CoreSet()(None, pool, 5, random_state=4)[0],
    )


def test_unfitted_active_learner_cold_start_then_teach():
    rng = np.random.RandomState(1)
    X = np.vstack([rng.normal(c, 0.1, (20, 2)) for c in ([0, 0], [5, 0], [0, 5])])
    y = np.repeat([0, 1, 2], 20)
    learner = ActiveLearner(LogisticRegression(), CoreSet(), random_state=0)
    positions = learner.query(X, 3)
    assert sorted(y[positions]) == [0, 1, 2]  # one from each cluster
    learner.teach(X[positions], y[positions])
    # Now fitted: the next pick is far from the three labeled rows.
    positions, scores = learner.query(X, 1, return_scores=True)
    assert scores[positions[0]] == scores.max()


def test_cold_start_pipeline_uses_transformers_fitted_on_the_pool():
    rng = np.random.RandomState(2)
    pool = rng.normal(size=(30, 2)) * [1.0, 1000.0]
    learner = ActiveLearner(
        make_pipeline(StandardScaler(), LogisticRegression()), CoreSet()
    )
    expected = CoreSet()(None, StandardScaler().fit_transform(pool), 4, random_state=7)[
        0
    ]
    assert_array_equal(CoreSet()(learner, pool, 4, random_state=7)[0], expected)


def test_cold_start_on_raw_text():
    docs = ["cats purr", "cats purr softly", "stock markets fell", "markets fell again"]
    learner = ActiveLearner(
        make_pipeline(TfidfVectorizer(), LogisticRegression()),
        CoreSet(),
        random_state=0,
    )
    positions = learner.query(docs, 2)
    assert sorted(p // 2 for p in positions) == [0, 1]


def test_sparse_pool_gives_the_dense_picks():
    rng = np.random.RandomState(3)
    pool, labeled = rng.uniform(size=(40, 5)), rng.uniform(size=(4, 5))
    pool[pool < 0.5] = 0
    dense = CoreSet()(LabeledOnly(labeled), pool, 6, random_state=0)
    sparse_learner = LabeledOnly(labeled)
    sparse_learner.X_labeled_ = sp.csr_matrix(labeled)
    sparse = CoreSet()(sparse_learner, sp.csr_matrix(pool), 6, random_state=0)
    assert_array_equal(dense[0], sparse[0])
    assert_allclose(dense[1], sparse[1])


def test_other_metric():
    pool = np.array([[0.0, 3.0], [2.0, 2.0], [1.0, 0.0]])
    # From the origin, (0, 3) is farther in euclidean distance (3 > 2.83),
    # (2, 2) in manhattan distance (4 > 3).
    assert CoreSet()(LabeledOnly([[0.0, 0.0]]), pool, 1)[0][0] == 0
    assert CoreSet(metric="manhattan")(LabeledOnly([[0.0, 0.0]]), pool, 1)[0][0] == 1


def test_duplicate_rows_still_give_unique_positions():
    pool = np.zeros((5, 2))
    positions, scores = CoreSet()(LabeledOnly([[0.0, 0.0]]), pool, 5, random_state=0)
    assert_array_equal(np.sort(positions), np.arange(5))
    assert_array_equal(scores, np.zeros(5))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_fused_update_equals_the_distances_it_fuses(monkeypatch, dtype):
    from skactive.strategies import _distances

    monkeypatch.setattr(_distances, "_CHUNK_BYTES", 8 * 3 * 37)  # chunks of 37 rows
    rng = np.random.RandomState(0)
    X = (rng.normal(size=(200, 3)) + 1e3).astype(dtype)
    running = _distances.RunningMinDistance(X, centres=X[:2].astype(np.float64))
    expected = running.min_distance.copy()
    for position in (5, 36, 37, 199):
        np.minimum(expected, running.distances_to(position), out=expected)
        running.add(position)
        np.testing.assert_array_equal(running.min_distance, expected)
    assert running.min_distance[[5, 36, 37, 199]].tolist() == [0, 0, 0, 0]


def test_argmax_random_ties_skips_unavailable_rows_and_breaks_ties():
    from skactive.strategies._distances import argmax_random_ties

    values = np.array([3.0, 1.0, 3.0, 2.0, 3.0])
    available = np.array([False, True, True, True, True])
    picks = {argmax_random_ties(values, available, np.random.RandomState(seed))
             for seed in range(20)}
    assert picks == {2, 4}
    available[[2, 4]] = False
    assert argmax_random_ties(values, available, np.random.RandomState(0)) == 3
