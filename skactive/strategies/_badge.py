"""BADGE: batches spread over the gradient embeddings of the pool."""

import numpy as np
from sklearn.utils import check_random_state

from ..utils import num_features
from ._base import BaseQueryStrategy
from ._distances import as_float64_row, row_dots
from ._gradients import (
    LogisticView,
    augmented_sq_norms,
    output_gradients,
    pool_features_and_proba,
)
from ._selection import select_top_k


class GradientEmbedding:
    """The embeddings ``(p - e_ŷ) ⊗ [x, 1]`` of a pool, never materialised.

    ``ŷ`` is the predicted class. The inner product of two embeddings factors
    as ``<g_a, g_b> * <[x_a, 1], [x_b, 1]>``, so distances to one row cost
    ``O(n_pool * (n_classes + n_features))`` and memory stays linear in the
    pool, where the explicit embeddings would need
    ``n_pool * n_classes * (n_features + 1)`` numbers.
    """

    def __init__(self, view, features, proba):
        self.features = features
        self.fit_intercept = view.fit_intercept
        self.gradients = output_gradients(proba, proba.argmax(axis=1), view.binary)
        self.sq_norms = (self.gradients**2).sum(axis=1) * augmented_sq_norms(
            features, view.fit_intercept
        )

    def sq_distances_to(self, row):
        """Squared distances of every embedding to the embedding of ``row``."""
        # Accumulated in float64 whatever the pool's dtype, in chunks.
        feature_dots = row_dots(self.features, as_float64_row(self.features, row))
        if self.fit_intercept:
            feature_dots += 1.0
        dots = (self.gradients @ self.gradients[row]) * feature_dots
        distances = self.sq_norms + self.sq_norms[row] - 2.0 * dots
        # Cancellation can leave tiny negatives where the true value is 0.
        np.maximum(distances, 0.0, out=distances)
        distances[row] = 0.0
        return distances


def kmeans_plus_plus_seeding(embedding, n_instances, rng, first):
    """k-means++ seeding (D^2 sampling) from row ``first``, linear memory.

    A running minimum of the squared distance to the chosen rows is updated
    against each new row only. Rows at distance 0 (chosen ones, duplicates
    of them) are never drawn while any other row is left; then the remaining
    rows are drawn uniformly.
    """
    n = embedding.sq_norms.shape[0]
    chosen = [first]
    nearest = embedding.sq_distances_to(first)
    is_chosen = np.zeros(n, dtype=bool)
    is_chosen[first] = True
    while len(chosen) < n_instances:
        nearest[is_chosen] = 0.0
        cumulative = np.cumsum(nearest)
        total = cumulative[-1]
        row = -1
        if total > 0:
            row = int(np.searchsorted(cumulative, rng.random_sample() * total, "right"))
            row = min(row, n - 1)
        if row < 0 or is_chosen[row]:
            row = int(rng.choice(np.flatnonzero(~is_chosen)))
        chosen.append(row)
        is_chosen[row] = True
        np.minimum(nearest, embedding.sq_distances_to(row), out=nearest)
    return np.asarray(chosen, dtype=np.intp)


class BADGE(BaseQueryStrategy):
    """Batch Active learning by Diverse Gradient Embeddings.

    BADGE (Ash et al., ICLR 2020) represents each pool row by the gradient
    the log loss would have if the model's own prediction ``ŷ`` were its
    label, ``(p - e_ŷ) ⊗ [x, 1]``: long for uncertain rows, and pointing in
    a direction that depends on where the row is. It then picks the batch by
    k-means++ seeding on these embeddings: the first row is the one with the
    longest embedding, each next row is drawn with probability proportional
    to its squared distance to the nearest row picked so far. The batch is
    therefore both uncertain and diverse, without a trade-off parameter.

    The embedding is the one :class:`ExpectedModelChange` measures (same
    closed form; binary models have one weight vector so ``p - e_ŷ`` is the
    scalar ``p_1 - [ŷ = 1]``), taken on the features the final estimator
    sees. It is never built explicitly: the inner product of two embeddings
    is the product of the inner products of their two factors, so each pick
    costs ``O(n_pool * (n_classes + n_features))`` and memory is linear in
    the pool (one running minimum distance per row). Non-linear classifiers
    get the same embedding from their probabilities, as an approximation.

    The draws use the ``random_state`` given to the strategy, so a learner
    with a fixed ``random_state`` queries the same batch every time.

    Returns ``(positions, scores)``: positions in the order they were picked,
    scores the length of each row's gradient embedding.

    See Also
    --------
    ExpectedModelChange : The expected length of the same gradients.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.linear_model import LogisticRegression
    >>> from skactive import ActiveLearner
    >>> from skactive.strategies import BADGE
    >>> X, y = load_iris(return_X_y=True)
    >>> learner = ActiveLearner(LogisticRegression(), BADGE(), random_state=0)
    >>> learner.fit(X[::10], y[::10]).query(X, n_instances=5).shape
    (5,)
    """

    def __skactive_tags__(self):
        tags = super().__skactive_tags__()
        tags.position_free = False  # k-means++ draws its seeds by position
        return tags

    def __call__(self, learner, X_pool, n_instances=1, *, random_state=None):
        rng = check_random_state(random_state)
        view = LogisticView(learner)
        row_bytes = 8 * ((num_features(X_pool) or 1) + 4 * view.n_classes)
        features, proba = pool_features_and_proba(view, X_pool, row_bytes)
        embedding = GradientEmbedding(view, features, proba)
        scores = np.sqrt(embedding.sq_norms)
        # Validates n_instances and breaks ties for the longest embedding.
        first = select_top_k(scores, n_instances, rng)[0]
        return kmeans_plus_plus_seeding(embedding, n_instances, rng, first), scores
