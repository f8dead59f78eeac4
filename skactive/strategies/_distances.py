"""Distances for diversity-aware batches: the feature space and a running minimum.

Ranked batches and core-sets both pick rows one at a time, each pick far from
the labeled set and from the earlier picks. Recomputing every distance after
each pick costs ``O(n_pool * n_centres * d)``; keeping, for every pool row,
the distance to its nearest centre so far and updating it against the newly
picked row only costs ``O(n_pool * d)`` per pick and ``O(n_pool)`` memory.
"""

import numpy as np
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.metrics import pairwise_distances, pairwise_distances_argmin_min
from sklearn.pipeline import Pipeline
from threadpoolctl import threadpool_limits

from ..utils import num_rows
from ._features import final_step_features


def is_fitted_learner(learner):
    """Whether ``learner`` holds a labeled set (it has been fitted)."""
    return learner is not None and hasattr(learner, "X_labeled_")


def pool_and_labeled_features(learner, X_pool):
    """The pool and the labeled set in the space the final estimator sees.

    On a fitted learner both go through the fitted Pipeline's transformers
    (:func:`final_step_features`). On a learner that has not been fitted
    (cold start) there is no labeled set; when its estimator is a Pipeline,
    a clone of its transformers is fitted on the pool itself, so that a
    ``TfidfVectorizer`` or ``StandardScaler`` still defines the space.

    Returns
    -------
    pool_features : ndarray or sparse matrix of shape (n_pool, n_features)
    labeled_features : ndarray, sparse matrix or None
        ``None`` when there is no labeled set.
    """
    if is_fitted_learner(learner):
        pool = final_step_features(learner, X_pool)
        labeled = final_step_features(learner, learner.X_labeled_)
        return pool, (labeled if num_rows(labeled) else None)
    estimator = getattr(learner, "estimator", None)
    if isinstance(estimator, Pipeline) and len(estimator) > 1:
        X_pool = clone(estimator[:-1]).fit_transform(X_pool)
    return final_step_features(None, X_pool), None


def argmax_random_ties(values, available, random_state):
    """Position of the largest available value; exact ties broken at random."""
    best = np.flatnonzero((values == values[available].max()) & available)
    return best[0] if best.shape[0] == 1 else random_state.choice(best)


class RunningMinDistance:
    """Distance from every pool row to its nearest centre, kept up to date.

    The centres are the labeled rows given at construction plus every pool
    row passed to :meth:`add`. The distances to the labeled rows are
    computed once, in chunks bounded by scikit-learn's ``working_memory``
    (never an unbounded ``n_pool × n_labeled`` matrix); each :meth:`add`
    then costs one pass over the pool.

    Parameters
    ----------
    X : ndarray or sparse matrix of shape (n_pool, n_features)
        The pool, in feature space.
    metric : str or callable, default="euclidean"
        Any metric accepted by :func:`sklearn.metrics.pairwise_distances`.
    centres : ndarray, sparse matrix or None, default=None
        Initial centres (the labeled rows); ``None`` for none, in which case
        every distance starts at ``inf``.

    Attributes
    ----------
    min_distance : ndarray of shape (n_pool,)
        Distance from each row to its nearest centre.

    Examples
    --------
    >>> import numpy as np
    >>> from skactive.strategies._distances import RunningMinDistance
    >>> X = np.array([[0.0], [1.0], [5.0]])
    >>> running = RunningMinDistance(X, centres=np.array([[4.0]]))
    >>> running.min_distance
    array([4., 3., 1.])
    >>> running.add(0)
    >>> running.min_distance
    array([0., 1., 1.])
    """

    def __init__(self, X, metric="euclidean", centres=None):
        # Distances in float64 whatever the pool's dtype: in float32 the
        # expansion |x|^2 - 2 x.c + |c|^2 loses near rows to cancellation.
        if sp.issparse(X):
            X = X.tocsr().astype(np.float64, copy=False)
        elif X.dtype != np.float64:
            X = X.astype(np.float64)
        self.X = X
        self.metric = metric
        self._squared_norms = None
        if metric == "euclidean":
            # |x - c|^2 = |x|^2 - 2 x.c + |c|^2: one matrix-vector product
            # per pick instead of a pass that builds n_pool x d differences.
            squared = (
                X.multiply(X).sum(axis=1)
                if sp.issparse(X)
                else np.einsum("ij,ij->i", X, X, dtype=np.float64)
            )
            self._squared_norms = np.asarray(squared, dtype=np.float64).ravel()
        if centres is None:
            self.min_distance = np.full(X.shape[0], np.inf)
            return
        # scikit-learn's OpenMP threads cost more than the work on small
        # problems: 280 x 20 distances took 0.3 s with 2 threads on a busy
        # 2-core machine, 2 ms with one (benchmarks/bench_regression.py).
        small = X.shape[0] * num_rows(centres) < 10_000_000
        with threadpool_limits(limits=1 if small else None, user_api="openmp"):
            self.min_distance = pairwise_distances_argmin_min(
                X, centres, metric=metric
            )[1].astype(np.float64, copy=False)

    def distances_to(self, position):
        """Distance from every pool row to pool row ``position``."""
        row = self.X[position : position + 1]
        if self._squared_norms is None:
            return pairwise_distances(self.X, row, metric=self.metric).ravel()
        centre = row.toarray().ravel() if sp.issparse(row) else row.ravel()
        squared = self.X @ centre
        squared = np.asarray(squared, dtype=np.float64).ravel()
        squared *= -2.0
        squared += self._squared_norms
        squared += self._squared_norms[position]
        np.maximum(squared, 0.0, out=squared)
        squared[position] = 0.0  # exact, whatever the rounding
        return np.sqrt(squared, out=squared)

    def add(self, position):
        """Make pool row ``position`` a centre."""
        np.minimum(
            self.min_distance, self.distances_to(position), out=self.min_distance
        )
