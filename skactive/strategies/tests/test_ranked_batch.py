import numpy as np
import pytest
import scipy.sparse as sp
from numpy.testing import assert_array_equal
from sklearn.base import clone
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import pairwise_distances
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skactive import ActiveLearner
from skactive.strategies import (
    BaseQueryStrategy,
    RankedBatch,
    margin_sampling,
    uncertainty_sampling,
)


class FixedUtility(BaseQueryStrategy):
    def __init__(self, values=None):
        self.values = values

    def utility(self, learner, X_pool):
        return np.asarray(self.values, dtype=float)


class LabeledOnly:
    """A learner stub: a labeled set, no model (features are the raw rows)."""

    def __init__(self, X_labeled):
        self.X_labeled_ = np.asarray(X_labeled, dtype=float)


def test_hand_computed_picks():
    # alpha = 4/5, 3/5, 2/5; novelty = d / (1 + d); see the worked numbers:
    # pick 1: .8 * [0, .5, .75, .909] + .2 * u -> row 3
    # pick 2: .6 * [0, .5, .75] + .4 * u -> row 1
    # pick 3: .4 * [0, ., 2/3] + .6 * u -> row 0 (.54 against .327)
    pool = np.array([[0.0], [1.0], [3.0], [10.0]])
    strategy = RankedBatch(base=FixedUtility([0.9, 0.8, 0.1, 0.0]))
    positions, scores = strategy(LabeledOnly([[0.0]]), pool, 3, random_state=0)
    assert_array_equal(positions, [3, 1, 0])
    assert_array_equal(scores, [0.9, 0.8, 0.1, 0.0])


def naive_ranked_batch(X_labeled, X_pool, utility, n_instances):
    """Cardoso et al. recomputed from scratch at every pick: O(k * n * L)."""
    chosen = []
    for _ in range(n_instances):
        centres = np.vstack([X_labeled] + [X_pool[[c]] for c in chosen])
        alpha = (len(X_pool) - len(chosen)) / (len(X_pool) + len(X_labeled))
        best, best_score = None, -np.inf
        for i in range(len(X_pool)):
            if i in chosen:
                continue
            distance = pairwise_distances(X_pool[[i]], centres).min()
            similarity = 1.0 / (1.0 + distance)
            score = alpha * (1 - similarity) + (1 - alpha) * utility[i]
            if score > best_score:
                best, best_score = i, score
        chosen.append(best)
    return np.array(chosen)


@pytest.fixture
def blobs():
    rng = np.random.RandomState(0)
    X = np.vstack([rng.normal(-1, 1, (40, 3)), rng.normal(1, 1, (40, 3))])
    y = np.repeat([0, 1], 40)
    labeled = np.r_[0:4, 40:44]
    return X, y, labeled, np.setdiff1d(np.arange(80), labeled)


def test_equals_naive_reference(blobs):
    X, y, labeled, pool = blobs
    learner = ActiveLearner(LogisticRegression(), random_state=0).fit(
        X[labeled], y[labeled]
    )
    utility = 1 - learner.predict_proba(X[pool]).max(axis=1)
    expected = naive_ranked_batch(X[labeled], X[pool], utility, 10)
    strategy = RankedBatch(base=uncertainty_sampling)
    positions, scores = strategy(learner, X[pool], 10, random_state=0)
    assert_array_equal(positions, expected)
    np.testing.assert_allclose(scores, utility)


def test_sparse_pool_gives_the_dense_picks(blobs):
    X, y, labeled, pool = blobs
    dense = ActiveLearner(LogisticRegression(), RankedBatch(), random_state=0)
    sparse = ActiveLearner(LogisticRegression(), RankedBatch(), random_state=0)
    dense.fit(X[labeled], y[labeled])
    sparse.fit(sp.csr_matrix(X[labeled]), y[labeled])
    assert_array_equal(dense.query(X[pool], 8), sparse.query(sp.csr_matrix(X[pool]), 8))


def test_distances_in_the_final_step_space(blobs):
    X, y, labeled, pool = blobs
    X = X * [1.0, 100.0, 0.01]  # scaling matters to raw distances only
    learner = ActiveLearner(
        make_pipeline(StandardScaler(), LogisticRegression()),
        RankedBatch(base=uncertainty_sampling),
    ).fit(X[labeled], y[labeled])
    scaler = learner.estimator_[0]
    utility = 1 - learner.predict_proba(X[pool]).max(axis=1)
    expected = naive_ranked_batch(
        scaler.transform(X[labeled]), scaler.transform(X[pool]), utility, 6
    )
    assert_array_equal(learner.query(X[pool], 6), expected)


def test_other_metric_and_base(blobs):
    X, y, labeled, pool = blobs
    learner = ActiveLearner(LogisticRegression()).fit(X[labeled], y[labeled])
    strategy = RankedBatch(base=margin_sampling, metric="manhattan")
    positions, scores = strategy(learner, X[pool], 5, random_state=0)
    _, margins = margin_sampling(learner, X[pool])
    np.testing.assert_allclose(scores, margins)
    assert len(set(positions)) == 5
    # The first pick is the argmax of the combined score at alpha = 72/80.
    novelty = 1 - 1 / (
        1 + pairwise_distances(X[pool], X[labeled], metric="manhattan").min(1)
    )
    alpha = 72 / 80
    assert positions[0] == np.argmax(alpha * novelty + (1 - alpha) * margins)


def test_whole_pool_and_determinism(blobs):
    X, y, labeled, pool = blobs
    learner = ActiveLearner(LogisticRegression(), RankedBatch(), random_state=3)
    learner.fit(X[labeled], y[labeled])
    assert_array_equal(np.sort(learner.query(X[pool], 72)), np.arange(72))
    twin = clone(learner).fit(X[labeled], y[labeled])
    assert_array_equal(learner.query(X[pool], 7), twin.query(X[pool], 7))


def test_ties_broken_at_random_but_reproducibly():
    pool = np.array([[-1.0], [1.0], [-1.0], [1.0]])
    strategy = RankedBatch(base=FixedUtility(np.zeros(4)))
    firsts = {
        strategy(LabeledOnly([[0.0]]), pool, 1, random_state=s)[0][0] for s in range(20)
    }
    assert firsts == {0, 1, 2, 3}
    again = strategy(LabeledOnly([[0.0]]), pool, 2, random_state=5)[0]
    assert_array_equal(
        again, strategy(LabeledOnly([[0.0]]), pool, 2, random_state=5)[0]
    )


def test_unfitted_learner_names_the_model_free_strategies(blobs):
    X, *_ = blobs
    learner = ActiveLearner(
        LogisticRegression(), RankedBatch(base=uncertainty_sampling)
    )
    with pytest.raises(
        NotFittedError,
        match=r"RankedBatch needs a fitted model.*"
        r"random_sampling, CoreSet\(\) or DiverseBatch\(\)",
    ):
        learner.query(X, 3)
