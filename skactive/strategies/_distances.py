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
from ..utils._chunking import one_blas_thread
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
    # Two passes over the pool and no pool-sized copy: the largest available
    # value, then the (few) rows equal to it, kept if available.
    largest = np.max(values, where=available, initial=-np.inf)
    best = np.flatnonzero(values == largest)
    best = best[available[best]]
    return best[0] if best.shape[0] == 1 else random_state.choice(best)


# Distances are accumulated in float64 whatever the pool's dtype (a float32
# pool of values near 1e4 has float32 dot products off by far more than the
# distances between its rows; float16 overflows). Rows are upcast a chunk of
# about this many bytes at a time, so there is never a float64 copy of a pool.
_CHUNK_BYTES = 8 * 2**20


def float64_chunks(X, row_bytes=None):
    """``(rows, chunk)`` pairs covering ``X``, each chunk upcast to float64.

    ``rows`` is a slice; ``chunk`` is a float64 ndarray (dense input) or CSR
    matrix (sparse input). A float64 dense ``X`` gives views, no copies.

    Examples
    --------
    >>> import numpy as np
    >>> from skactive.strategies._distances import float64_chunks
    >>> [(rows, chunk.dtype) for rows, chunk in
    ...  float64_chunks(np.ones((3, 2), np.float16), row_bytes=2**22)]
    [(slice(0, 2, None), dtype('float64')), (slice(2, 3, None), dtype('float64'))]
    """
    n = X.shape[0]
    if row_bytes is None:
        row_bytes = 8 * max(X.shape[1], 1)
    size = max(1, int(_CHUNK_BYTES // max(int(row_bytes), 1)))
    for start in range(0, n, size):
        rows = slice(start, min(start + size, n))
        chunk = X[rows]
        if sp.issparse(chunk):
            chunk = chunk.astype(np.float64, copy=False)
        else:
            chunk = np.asarray(chunk, dtype=np.float64)
        yield rows, chunk


def as_float64_row(X, position):
    """Row ``position`` of ``X`` as a 1-D float64 ndarray."""
    row = X[position : position + 1]
    row = row.toarray() if sp.issparse(row) else np.asarray(row)
    return row.astype(np.float64).ravel()


def column_mean(X):
    """Mean of every column, accumulated in float64 chunk by chunk."""
    total = np.zeros(X.shape[1])
    for _, chunk in float64_chunks(X):
        total += np.asarray(chunk.sum(axis=0)).ravel()
    return total / max(X.shape[0], 1)


def row_dots(X, vector, shift=None):
    """``(X - shift) @ vector`` per row, accumulated in float64, in chunks.

    ``shift`` (a row vector) is subtracted algebraically, so sparse rows stay
    sparse and float64 rows are not copied.
    """
    vector = np.asarray(vector, dtype=np.float64)
    out = np.empty(X.shape[0])
    for rows, chunk in float64_chunks(X):
        out[rows] = np.asarray(chunk @ vector).ravel()
    if shift is not None:
        out -= float(np.asarray(shift, dtype=np.float64) @ vector)
    return out


def row_sq_norms(X, shift=None):
    """``||x - shift||^2`` per row, accumulated in float64, in chunks."""
    out = np.empty(X.shape[0])
    for rows, chunk in float64_chunks(X):
        if sp.issparse(chunk):
            sq = np.asarray(chunk.multiply(chunk).sum(axis=1)).ravel()
            if shift is not None:
                sq += -2.0 * np.asarray(chunk @ shift).ravel() + shift @ shift
        else:
            if shift is not None:
                chunk = chunk - shift
            sq = np.einsum("ij,ij->i", chunk, chunk)
        out[rows] = sq
    return out


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
        # The pool is kept in its own dtype; every distance is accumulated
        # in float64 over chunks upcast on the fly (float64_chunks).
        if sp.issparse(X):
            X = X.tocsr()
        self.X = X
        self.metric = metric
        self._squared_norms = None
        if metric == "euclidean":
            # |x - c|^2 = |x'|^2 - 2 x'.c' + |c'|^2 with x' = x - mean: one
            # matrix-vector product per pick instead of a pass that builds
            # n_pool x d differences. Centring (done in the algebra, the
            # pool is not copied) keeps the expansion accurate when the
            # rows sit far from the origin.
            self._mean = column_mean(X)
            self._squared_norms = row_sq_norms(X, self._mean)
        if centres is None:
            self.min_distance = np.full(X.shape[0], np.inf)
        else:
            centres = (
                centres.astype(np.float64).tocsr()
                if sp.issparse(centres)
                else np.asarray(centres, dtype=np.float64)
            )
            n_centres = centres.shape[0]
            self.min_distance = np.empty(X.shape[0])
            row_bytes = 8 * (X.shape[1] + 2 * n_centres)
            shift = None
            if metric == "euclidean" and not (sp.issparse(X) or sp.issparse(centres)):
                shift = self._mean  # translation invariant: centre both sides
                centres = centres - shift
            # scikit-learn's OpenMP threads cost more than the work on small
            # problems: 280 x 20 distances took 0.3 s with 2 threads on a busy
            # 2-core machine, 2 ms with one (benchmarks/bench_regression.py).
            small = X.shape[0] * n_centres < 10_000_000
            with threadpool_limits(limits=1 if small else None, user_api="openmp"):
                for rows, chunk in float64_chunks(X, row_bytes):
                    if shift is not None:
                        chunk = chunk - shift
                    self.min_distance[rows] = pairwise_distances_argmin_min(
                        chunk, centres, metric=metric
                    )[1]

    def distances_to(self, position):
        """Distance from every pool row to pool row ``position``."""
        centre = as_float64_row(self.X, position)
        if self._squared_norms is None:
            out = np.empty(self.X.shape[0])
            for rows, chunk in float64_chunks(self.X):
                out[rows] = pairwise_distances(
                    chunk, centre[None, :], metric=self.metric
                ).ravel()
            return out
        centred = centre - self._mean
        squared = row_dots(self.X, centred, shift=self._mean)
        squared *= -2.0
        squared += self._squared_norms
        squared += self._squared_norms[position]
        np.maximum(squared, 0.0, out=squared)
        squared[position] = 0.0  # exact, whatever the rounding
        return np.sqrt(squared, out=squared)

    def add(self, position):
        """Make pool row ``position`` a centre."""
        if self._squared_norms is None or sp.issparse(self.X):
            np.minimum(
                self.min_distance, self.distances_to(position), out=self.min_distance
            )
            return
        # The arithmetic of distances_to, fused chunk by chunk so that the
        # distances never make a pool-sized array: one pass over the pool,
        # the same values.
        centre = as_float64_row(self.X, position)
        centred = centre - self._mean
        offset = float(self._mean @ centred)
        own = self._squared_norms[position]
        with one_blas_thread():
            for rows, chunk in float64_chunks(self.X):
                squared = chunk @ centred
                squared -= offset
                squared *= -2.0
                squared += self._squared_norms[rows]
                squared += own
                np.maximum(squared, 0.0, out=squared)
                if rows.start <= position < rows.stop:
                    squared[position - rows.start] = 0.0
                np.sqrt(squared, out=squared)
                nearest = self.min_distance[rows]
                np.minimum(nearest, squared, out=nearest)
