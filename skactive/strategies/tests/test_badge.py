import numpy as np
import pytest
import scipy.sparse as sp
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import clone
from sklearn.datasets import load_iris, make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils import check_random_state

from skactive import ActiveLearner
from skactive.strategies import BADGE, select_top_k
from skactive.strategies._badge import GradientEmbedding
from skactive.strategies._gradients import LogisticView

X, y = load_iris(return_X_y=True)


def explicit_embeddings(learner, rows):
    proba = learner.predict_proba(rows)
    gradients = proba.copy()
    gradients[np.arange(len(rows)), proba.argmax(1)] -= 1
    if len(learner.classes_) == 2:
        gradients = gradients[:, 1:]
    augmented = np.hstack([rows, np.ones((len(rows), 1))])
    return np.array([np.kron(g, x) for g, x in zip(gradients, augmented)])


def naive_badge(embeddings, n_instances, seed):
    """k-means++ seeding on explicit embeddings, recomputing all distances."""
    rng = check_random_state(seed)
    norms = np.linalg.norm(embeddings, axis=1)
    chosen = [select_top_k(norms, n_instances, rng)[0]]
    while len(chosen) < n_instances:
        diff = embeddings[:, None, :] - embeddings[chosen][None, :, :]
        nearest = (diff**2).sum(-1).min(axis=1)
        nearest[chosen] = 0
        cumulative = np.cumsum(nearest)
        chosen.append(
            int(
                np.searchsorted(
                    cumulative, rng.random_sample() * cumulative[-1], "right"
                )
            )
        )
    return np.array(chosen)


@pytest.mark.parametrize("binary", [False, True])
def test_distances_equal_explicit_embedding_distances(binary):
    labels = (y == 1).astype(int) if binary else y
    learner = ActiveLearner(LogisticRegression()).fit(X[::7], labels[::7])
    view = LogisticView(learner)
    embedding = GradientEmbedding(view, X, learner.predict_proba(X))
    explicit = explicit_embeddings(learner, X)
    assert_allclose(embedding.sq_norms, (explicit**2).sum(1))
    expected = ((explicit - explicit[17]) ** 2).sum(1)
    assert_allclose(embedding.sq_distances_to(17), expected, atol=1e-10)


@pytest.mark.parametrize("binary", [False, True])
def test_matches_naive_kmeans_plus_plus_on_explicit_embeddings(binary):
    labels = (y == 1).astype(int) if binary else y
    learner = ActiveLearner(LogisticRegression()).fit(X[::7], labels[::7])
    positions, scores = BADGE()(learner, X, 8, random_state=3)
    assert_array_equal(positions, naive_badge(explicit_embeddings(learner, X), 8, 3))
    assert positions[0] == np.argmax(scores)


def test_deterministic_unique_and_diverse():
    X_big, y_big = make_classification(
        400, 6, n_classes=3, n_informative=4, random_state=0
    )
    learner = ActiveLearner(LogisticRegression(), BADGE(), random_state=5)
    learner.fit(X_big[:30], y_big[:30])
    first = learner.query(X_big, 25)
    again = ActiveLearner(LogisticRegression(), BADGE(), random_state=5)
    assert_array_equal(first, again.fit(X_big[:30], y_big[:30]).query(X_big, 25))
    assert len(set(first)) == 25


def test_duplicates_of_a_picked_row_are_not_picked_while_others_remain():
    pool = np.vstack([np.repeat(X[[70]], 20, axis=0), X[[0, 60, 110]]])
    learner = ActiveLearner(LogisticRegression()).fit(X[::7], y[::7])
    for seed in range(5):
        positions, _ = BADGE()(learner, pool, 4, random_state=seed)
        assert sum(p < 20 for p in positions) == 1
    # Once only duplicates are left, they are still returned, uniquely.
    positions, _ = BADGE()(learner, pool, 10, random_state=0)
    assert len(set(positions)) == 10


def test_sparse_pool_and_pipeline():
    learner = ActiveLearner(LogisticRegression()).fit(X[::7], y[::7])
    assert_array_equal(
        BADGE()(learner, sp.csr_matrix(X), 6, random_state=1)[0],
        BADGE()(learner, X, 6, random_state=1)[0],
    )
    pipe = ActiveLearner(make_pipeline(StandardScaler(), LogisticRegression()), BADGE())
    assert len(set(pipe.fit(X[::7], y[::7]).query(X, 6))) == 6


def test_clone_and_bad_n_instances():
    assert clone(BADGE()).get_params() == {}
    learner = ActiveLearner(LogisticRegression()).fit(X[::7], y[::7])
    with pytest.raises(ValueError, match="between 1 and the pool size"):
        BADGE()(learner, X[:3], 4)
