"""Density weighting: informative rows that also represent much of the pool."""

import math
import numbers
from collections import deque
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import scipy.sparse as sp
from joblib import cpu_count
from sklearn import get_config
from sklearn.kernel_approximation import Nystroem
from sklearn.metrics.pairwise import kernel_metrics, pairwise_kernels
from sklearn.preprocessing import normalize
from sklearn.utils import check_random_state, gen_batches

from ..utils import apply_in_chunks, chunk_n_rows, num_rows, take_rows
from ..utils._chunking import one_blas_thread
from ._base import BaseQueryStrategy, strategy_utility
from ._distances import column_mean, float64_chunks, row_dots, row_sq_norms
from ._features import final_step_features
from ._selection import select_top_k
from ._tags import base_tags
from ._uncertainty import margin_sampling

# Beyond this many rows a tile no longer makes the matrix products faster,
# it only costs memory (2048^2 float32 = 16 MiB).
_MAX_TILE = 2048
# The rbf tiles are smaller, so that the product, its exp and the two
# matrix-vector products that follow run from cache: at 50 features 2048 x
# 2048 tiles took 1.9 ns of CPU a pair, 512 x 512 1.5 ns (1024: 1.6), of
# which the product is 1.0 ns (the core's float32 peak) and the exp 0.4.
_RBF_TILE = 512
# The factorised rbf tile exp(2 gamma <a, b>) stays far from float32 overflow
# while gamma * ||x - mean||^2 <= this bound for every row.
_FACTORISED_RBF_BOUND = 30.0
_APPROXIMATIONS = ("auto", None, "nystroem")
# approximation="auto" is exact up to this many rows, Nystroem above, near
# the measured crossover (benchmarks/bench_kernels.py; the numbers are in the
# DensityWeighted docstring).
AUTO_EXACT_ROWS = 20_000

# -- layer 1: the summed similarity of every pool row to the whole pool ------


def _tile_rows(n, bytes_per_pair, largest=_MAX_TILE):
    budget = get_config()["working_memory"] * 2**20
    return int(min(n, largest, max(1, math.isqrt(int(budget // bytes_per_pair)))))


def _rbf_row_sums(X, gamma, n_threads=None):
    """``sum_j exp(-gamma ||x_i - x_j||^2)`` for every row of a dense ``X``.

    Square float32 tiles, each pair of tiles once (the kernel is symmetric).
    The kernel is translation invariant, so ``X`` is centred first; then,
    when no exponent can overflow, ``k(a, b) = u_a u_b exp(2 gamma <a, b>)``
    with ``u = exp(-gamma ||x||^2)`` turns each tile into one matrix
    product, one ``exp`` and two matrix-vector products.

    Rows of tiles are spread over ``n_threads`` threads (default: the
    usable cores); their sums are added in row order whatever the number of
    threads, so the result does not depend on it.
    """
    # Centred in float64 chunk by chunk: no float64 copy of the pool, only
    # the float32 copy the tiles are made of.
    mean = column_mean(X)
    sq_norms = row_sq_norms(X, mean)
    X32 = np.empty(X.shape, dtype=np.float32)
    for rows, chunk in float64_chunks(X):
        X32[rows] = chunk - mean
    n = X32.shape[0]
    tile = _tile_rows(n, bytes_per_pair=8, largest=_RBF_TILE)
    factorised = gamma * sq_norms.max(initial=0.0) <= _FACTORISED_RBF_BOUND
    u = np.exp(-gamma * sq_norms).astype(np.float32)
    gamma_sq = (gamma * sq_norms).astype(np.float32)
    two_gamma = np.float32(2.0 * gamma)

    def tile_row(i0):
        # This row of tiles' contribution to its own rows (against every
        # column from i0 on) and, by symmetry, to the columns after it.
        rows = slice(i0, min(i0 + tile, n))
        left = X32[rows] * two_gamma
        own = np.zeros(rows.stop - i0)
        later = np.zeros(n - rows.stop)
        for j0 in range(i0, n, tile):
            cols = slice(j0, min(j0 + tile, n))
            block = left @ X32[cols].T
            if factorised:
                np.exp(block, out=block)
                if j0 == i0:
                    # k(a, a) = 1 exactly; float32 would only approximate it.
                    np.fill_diagonal(block, 1.0 / (u[rows] * u[rows]))
                own += u[rows] * (block @ u[cols])
                if j0 != i0:
                    later[j0 - rows.stop : cols.stop - rows.stop] += u[cols] * (
                        block.T @ u[rows]
                    )
            else:
                block -= gamma_sq[rows, None]
                block -= gamma_sq[None, cols]
                np.minimum(block, 0.0, out=block)
                np.exp(block, out=block)
                if j0 == i0:
                    np.fill_diagonal(block, 1.0)
                own += block.sum(axis=1, dtype=np.float64)
                if j0 != i0:
                    later[j0 - rows.stop : cols.stop - rows.stop] += block.sum(
                        axis=0, dtype=np.float64
                    )
        return own, later

    sums = np.zeros(n)

    def add(part):
        own, later = part
        sums[n - later.shape[0] - own.shape[0] : n - later.shape[0]] += own
        sums[n - later.shape[0] :] += later

    starts = range(0, n, tile)
    n_threads = cpu_count() if n_threads is None else n_threads
    n_threads = max(1, min(n_threads, len(starts)))
    if n_threads == 1:
        for i0 in starts:
            add(tile_row(i0))
        return sums
    # NumPy releases the GIL in the products and the exp. At most a few
    # rows of tiles are in flight, each holding one pool-length vector.
    with ThreadPoolExecutor(n_threads) as executor:
        pending = deque()
        for i0 in starts:
            pending.append(executor.submit(tile_row, i0))
            if len(pending) > 2 * n_threads:
                add(pending.popleft().result())
        while pending:
            add(pending.popleft().result())
    return sums


def _tiled_row_sums(X, metric, params):
    """Row sums of any symmetric kernel, each pair of tiles computed once."""
    n = num_rows(X)
    sums = np.zeros(n)
    tile = _tile_rows(n, bytes_per_pair=16)
    for i0 in range(0, n, tile):
        rows = slice(i0, min(i0 + tile, n))
        left = X[rows]
        for j0 in range(i0, n, tile):
            cols = slice(j0, min(j0 + tile, n))
            block = np.asarray(pairwise_kernels(left, X[cols], metric=metric, **params))
            sums[rows] += block.sum(axis=1)
            if j0 != i0:
                sums[cols] += block.sum(axis=0)
    return sums


def _column_sum(X):
    return column_mean(X) * X.shape[0]


def _pool_row_sums(X, metric, params):
    """``sum_j k(x_i, x_j)`` over the pool, never an ``n x n`` matrix."""
    if metric == "linear" and not params:
        # sum_j <x_i, x_j> = <x_i, sum_j x_j>: one product with the pool's sum.
        return row_dots(X, _column_sum(X))
    if metric == "cosine" and not params:
        unit = normalize(X)
        return np.asarray(unit @ _column_sum(unit), dtype=float).ravel()
    # Tiles are many mid-sized products: on a busy 2-core machine one BLAS
    # thread was 2.4x faster than two (30,000 x 50 rbf: 2.5 s against 5.9 s);
    # the rbf tiles are spread over threads of their own instead.
    with one_blas_thread():
        if metric == "rbf" and not sp.issparse(X) and set(params) <= {"gamma"}:
            gamma = params.get("gamma")
            gamma = 1.0 / X.shape[1] if gamma is None else float(gamma)
            return _rbf_row_sums(X, gamma)
        return _tiled_row_sums(X, metric, params)


def _cross_row_sums(X, others, weights, metric, params):
    """``sum_j w_j k(x_i, o_j)`` for every row of ``X``, in row chunks."""
    if metric == "cosine" and not params:
        X, others = normalize(X), normalize(others)
        metric = "linear"
    if metric == "linear" and not params:
        direction = np.asarray(others.T @ weights, dtype=float).ravel()
        return row_dots(X, direction)
    n_others = num_rows(others)
    if metric == "rbf" and not sp.issparse(X) and set(params) <= {"gamma"}:
        block_sums = _rbf_cross_sums(others, weights, params.get("gamma"))
    else:
        def block_sums(rows):
            return pairwise_kernels(rows, others, metric=metric, **params) @ weights

    return apply_in_chunks(
        block_sums,
        X,
        row_bytes=16 * n_others,
        # Blocks of more pairs than a square tile only cost memory.
        chunk_size=min(
            chunk_n_rows(16 * n_others), max(1, _MAX_TILE * _MAX_TILE // n_others)
        ),
    )


def _rbf_cross_sums(others, weights, gamma):
    """``rows -> sum_j w_j exp(-gamma ||x - o_j||^2)``, one product per block.

    scikit-learn's ``rbf_kernel`` upcasts float32 input in small batches,
    which made it 5x slower here than this direct form; centring on the
    others keeps the expanded squared distance accurate.
    """
    others = np.asarray(others, dtype=np.float64)
    gamma = 1.0 / others.shape[1] if gamma is None else float(gamma)
    centre = others.mean(axis=0)
    others = others - centre
    others_sq = np.einsum("ij,ij->i", others, others)

    def block_sums(rows):
        rows = np.asarray(rows, dtype=np.float64) - centre
        block = rows @ others.T
        block *= 2.0 * gamma
        block -= gamma * np.einsum("ij,ij->i", rows, rows)[:, None]
        block -= gamma * others_sq
        np.minimum(block, 0.0, out=block)  # rounding can make -d^2 positive
        np.exp(block, out=block)
        return block @ weights

    return block_sums


def _nystroem_row_sums(X, metric, params, n_components, rng):
    """Row sums of the Nystroem kernel ``phi(x_i) . sum_j phi(x_j)``.

    With landmarks ``S`` and ``phi(x) = N k(x, S)``,
    ``sum_j phi(x_i) . phi(x_j) = k(x_i, S) . (N^T N sum_j k(x_j, S))``:
    two passes over the pool computing ``k(x, S)``, never ``phi`` itself.
    """
    n = num_rows(X)
    nystroem = Nystroem(
        kernel=metric,
        n_components=min(n_components, n),
        random_state=rng,
        kernel_params=dict(params),
    )
    # The SVD of the small landmark kernel: 1.6 s with two BLAS threads on a
    # busy 2-core machine, 0.06 s with one.
    with one_blas_thread():
        nystroem.fit(X)
    landmarks = nystroem.components_
    row_bytes = 16 * landmarks.shape[0]

    def to_landmarks(rows):
        return pairwise_kernels(rows, landmarks, metric=metric, **params)

    landmark_sums = apply_in_chunks(
        lambda rows: to_landmarks(rows).sum(axis=0, keepdims=True),
        X,
        row_bytes=row_bytes,
    ).sum(axis=0)
    norm = nystroem.normalization_
    direction = norm.T @ (norm @ landmark_sums)
    return apply_in_chunks(
        lambda rows: to_landmarks(rows) @ direction, X, row_bytes=row_bytes
    )


def _reference_row_sums(X, metric, params, n_reference, rng):
    """``n / m * sum_{r in R} k(x_i, x_r)`` over ``m`` seeded reference rows."""
    n = num_rows(X)
    chosen = rng.choice(n, min(n_reference, n), replace=False)
    reference = take_rows(X, np.sort(chosen))
    weights = np.full(num_rows(reference), n / num_rows(reference))
    return _cross_row_sums(X, reference, weights, metric, params)


# -- cache: density depends on the pool only ---------------------------------


def _row_hashes(X):
    """A 64-bit fingerprint per row, equal for rows with equal values.

    Each non-zero value's bits are multiplied by a fixed odd number per
    column and mixed; the row hash is their wrapping sum, so a dense row and
    the same row stored sparse hash alike. O(n_pool * n_features).
    """
    n_features = X.shape[1]
    coefficients = np.random.default_rng(20080807).integers(
        1, 2**62, size=n_features, dtype=np.uint64
    ) * np.uint64(2) + np.uint64(1)
    shift = np.uint64(29)
    if sp.issparse(X):
        X = X.tocsr()
        if not X.has_canonical_format:
            X = X.copy()
            X.sum_duplicates()
        mixed = X.data.astype(np.float64).view(np.uint64) * coefficients[X.indices]
        mixed ^= mixed >> shift
        running = np.concatenate([[np.uint64(0)], np.cumsum(mixed, dtype=np.uint64)])
        return running[X.indptr[1:]] - running[X.indptr[:-1]]
    n = X.shape[0]
    hashes = np.empty(n, dtype=np.uint64)
    for batch in gen_batches(n, max(1, 2**22 // max(n_features, 1))):
        bits = np.ascontiguousarray(X[batch], dtype=np.float64).view(np.uint64)
        mixed = bits * coefficients
        mixed ^= mixed >> shift
        hashes[batch] = mixed.sum(axis=1, dtype=np.uint64)
    return hashes


def _sums_after_removal(cache, hashes, X, taught, metric, params):
    """The cached row sums of a pool from which some rows were removed.

    Returns ``None`` when the new pool is not the cached pool minus rows
    whose features were taught (then the sums are recomputed).
    """
    old_unique, old_first, old_counts = np.unique(
        cache["hashes"], return_index=True, return_counts=True
    )
    new_unique, new_inverse, new_counts = np.unique(
        hashes, return_inverse=True, return_counts=True
    )
    position = np.minimum(np.searchsorted(old_unique, new_unique), old_unique.size - 1)
    if not np.array_equal(old_unique[position], new_unique) or np.any(
        new_counts > old_counts[position]
    ):
        return None
    removed = old_counts.copy()
    removed[position] -= new_counts
    # Equal hashes mean equal rows, hence equal sums: one per distinct row.
    sums = cache["sums"][old_first[position]][new_inverse.ravel()]
    gone = np.flatnonzero(removed)
    if gone.size == 0:
        return sums
    if not taught:
        return None
    taught_X = _stack([features for features, _ in taught])
    taught_unique, taught_first = np.unique(
        np.concatenate([h for _, h in taught]), return_index=True
    )
    found = np.minimum(
        np.searchsorted(taught_unique, old_unique[gone]), taught_unique.size - 1
    )
    if not np.array_equal(taught_unique[found], old_unique[gone]):
        return None
    leaving = take_rows(taught_X, taught_first[found])
    weights = removed[gone].astype(float)
    return sums - _cross_row_sums(X, leaving, weights, metric, params)


def _stack(parts):
    if any(sp.issparse(part) for part in parts):
        return sp.vstack(parts, format="csr")
    return np.concatenate(parts)


def _as_features(X):
    if sp.issparse(X):
        return X.tocsr()
    X = np.asarray(X)
    # float32 pools stay float32: a float64 copy would double their memory;
    # float16 becomes float32 (exact). Kernels accumulate in float64.
    if X.dtype in (np.float32, np.float64):
        return X
    return X.astype(np.float32 if X.dtype == np.float16 else np.float64)


# Rows (evenly spaced through the pool) that the median heuristic measures.
_MEDIAN_ROWS = 1000


def _median_gamma(features):
    """``1 / median ||x_i - x_j||^2`` over pairs of up to 1,000 pool rows.

    The median heuristic: a bandwidth on the scale of the data, so that the
    density neither collapses to "distance to the nearest row" on unscaled
    features nor flattens to a constant. Squared distances are taken in
    float64 whatever the pool's dtype.
    """
    n = features.shape[0]
    rows = np.unique(np.linspace(0, n - 1, min(n, _MEDIAN_ROWS)).astype(np.intp))
    sample = features[rows]
    sample = sample.toarray() if sp.issparse(sample) else np.asarray(sample)
    sample = sample.astype(np.float64)
    sq = np.einsum("ij,ij->i", sample, sample)
    d2 = sq[:, None] + sq[None, :] - 2.0 * (sample @ sample.T)
    d2 = d2[np.triu_indices(rows.shape[0], 1)]
    median = float(np.median(np.maximum(d2, 0.0))) if d2.shape[0] else 0.0
    if median <= 0.0:  # (almost) all sampled rows equal: any scale will do
        positive = d2[d2 > 0]
        median = float(np.median(positive)) if positive.shape[0] else 1.0
    return 1.0 / median


def _resolve_bandwidth(features, metric, params):
    """The rbf kernel's ``gamma`` from the data when the user gave none."""
    if metric == "rbf" and params.get("gamma") is None:
        return {**params, "gamma": _median_gamma(features)}
    return params


# -- layer 2 and 3: the strategy ---------------------------------------------


class DensityWeighted(BaseQueryStrategy):
    """Weight a base strategy's utility by how typical each row is of the pool.

    Information density (Settles & Craven, EMNLP 2008): uncertain outliers
    are poor queries, so the utility of row ``x`` is the base utility times
    the mean similarity of ``x`` to the pool, raised to ``beta``::

        utility(x) = base(x) * (1/n_pool * sum_j k(x, x_j)) ** beta

    Base utilities that are negative (such as :func:`margin_sampling`'s
    negated gap) are divided by the density instead, so that a denser row
    always scores higher. Similarities are computed on the features the
    final estimator sees (after a Pipeline's preprocessing).

    The pool is never compared as an ``n_pool x n_pool`` matrix:

    * ``linear`` and ``cosine``: the mean similarity is one dot product with
      the pool's mean (unit-normalised) vector, ``O(n_pool * n_features)``.
    * ``rbf`` on dense features: square float32 tiles sized by
      ``working_memory`` (at most 512 rows, so that a tile stays in cache),
      each pair of tiles once, rows of tiles spread over the cores; the
      kernel is factorised so that a tile is one matrix product and one
      ``exp``. Extra memory is the float32 copy of the pool plus a few
      tiles and pool-length vectors per core.
    * any other kernel of :func:`~sklearn.metrics.pairwise.pairwise_kernels`
      (``laplacian``, ``poly``, ``chi2``, a callable, also ``rbf`` on sparse
      features): tiles of ``pairwise_kernels``, each pair once (the kernel
      is assumed symmetric).

    The density depends on the pool only, so it is cached in the fitted
    strategy (the learner's ``query_strategy_``, a clone that drops the
    cache) under a fingerprint of the pool's rows. When rows taught through
    the learner leave the pool, the cached sums are updated by subtracting
    their similarities, ``O(n_pool * n_removed)``, instead of recomputed; any
    other change of the pool, or of its features (a Pipeline whose scaler is
    refitted on the grown labeled set), recomputes them.

    By default (``approximation="auto"``) the density is exact up to
    20,000 rows and approximated with Nystroem above. The two costs cross
    between 10,000 and 20,000 rows (``benchmarks/bench_kernels.py``, 50
    features, two busy cores, two runs: exact 0.30-0.48 s against Nystroem
    0.30-0.38 s at 10,000 rows, 0.78-1.1 s against 0.71-0.90 s at 20,000,
    3.1-3.9 s against 0.8-2.2 s at 40,000), so up to 20,000 rows exactness
    costs at most about 1.6x and one second; above, the exact cost grows as
    ``n_pool ** 2`` (9.4-9.7 s of CPU at 100,000 rows, where the default
    takes 1.1-1.6 s). The accuracy of that approximation is stated below;
    pass ``approximation=None`` for exact densities at any size.

    For very large pools two approximations avoid the quadratic cost:

    * ``approximation="nystroem"``: Nystroem features over ``n_components``
      landmarks (:class:`~sklearn.kernel_approximation.Nystroem`); the mean
      similarity is the feature map times the mean feature map, computed as
      two passes of ``k(x, landmarks)``:
      ``O(n_pool * n_components * n_features)``.
    * ``n_reference=m``: the mean similarity to ``m`` seeded reference rows
      drawn from the pool, ``O(n_pool * m * n_features)``.

    Measured against the exact rbf density (default gamma) on 10,000 rows
    x 50 features of ``make_classification`` with the default
    256 landmarks or reference rows (``benchmarks/bench_model_aware.py``):
    Nystroem has correlation 0.998 (Spearman 0.998), mean relative error
    8.3% and maximum relative error 60%; reference rows have correlation
    0.996 (Spearman 0.995), mean relative error 4.6% and maximum 107%. The
    largest errors are on the sparsest rows (density 1/75 of the median),
    which the weighting suppresses anyway, and Nystroem's error is mostly a
    common downward scale, which does not change the ranking; 1024 landmarks
    or rows bring the mean relative errors to 2.2% and 2.9%. Approximate densities are floored at a
    millionth of the largest one (Nystroem can return values at or below
    zero for isolated rows).

    Parameters
    ----------
    base : callable, default=margin_sampling
        The strategy whose utility is weighted (read with
        :func:`strategy_utility`).
    metric : str, callable or array of shape (n_pool, n_pool), default="rbf"
        A kernel accepted by :func:`~sklearn.metrics.pairwise.pairwise_kernels`,
        or a precomputed similarity matrix between the rows of the pool
        (dense or sparse, such as a k-nearest-neighbours graph) whose row
        means are the densities.
    beta : float, default=1.0
        Weight of the density; 0 gives the base strategy back.
    approximation : {"auto", None, "nystroem"}, default="auto"
        Exact densities (None), the Nystroem approximation, or ``"auto"``:
        exact for pools of up to 20,000 rows, Nystroem above. Approximations
        are ignored for ``linear`` and ``cosine``, which are exact and
        linear-time, and ``n_reference`` takes precedence over ``"auto"``.
    n_components : int, default=256
        Landmarks of the Nystroem approximation.
    n_reference : int or None, default=None
        Approximate each row's density by its mean similarity to this many
        seeded reference rows of the pool; not together with
        ``approximation="nystroem"``.
    random_state : int, RandomState instance or None, default=None
        Seeds the approximation; when None, the ``random_state`` given to
        the strategy is used.
    **kernel_params : dict
        Parameters of the kernel (``gamma``, ``degree``, ``coef0``...);
        each is a parameter of the strategy, so ``GridSearchCV`` can tune
        ``query_strategy__gamma``.

    The defaults (margin base, median-heuristic bandwidth) replace entropy
    with ``gamma = 1 / n_features``, which ignored the data's scale:
    paired AULC differences to random sampling
    (``benchmarks/bench_label_efficiency.py``, StandardScaler +
    LogisticRegression) went from -0.128 (digits), -0.097 (KEEL satimage)
    and -0.124 (KEEL texture) to +0.005, -0.036 and +0.041 (10 seeds); on
    satimage it still loses (beyond two standard errors), where margin
    sampling alone is at -0.006 and ``DiverseBatch()`` at +0.006. With a
    random forest it inherits margin sampling's loss on KEEL banana
    (-0.065 +- 0.017, margin alone -0.059; 10 seeds).

    See Also
    --------
    margin_sampling : The default base strategy.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.linear_model import LogisticRegression
    >>> from skactive import ActiveLearner
    >>> from skactive.strategies import DensityWeighted, margin_sampling
    >>> X, y = load_iris(return_X_y=True)
    >>> strategy = DensityWeighted(margin_sampling, metric="rbf", gamma=0.5)
    >>> strategy
    DensityWeighted(gamma=0.5)
    >>> learner = ActiveLearner(LogisticRegression(), strategy, random_state=0)
    >>> learner.fit(X[::10], y[::10]).query(X, n_instances=3).shape
    (3,)
    """

    def __init__(
        self,
        base=margin_sampling,
        metric="rbf",
        beta=1.0,
        *,
        approximation="auto",
        n_components=256,
        n_reference=None,
        random_state=None,
        **kernel_params,
    ):
        self.base = base
        self.metric = metric
        self.beta = beta
        self.approximation = approximation
        self.n_components = n_components
        self.n_reference = n_reference
        self.random_state = random_state
        for name, value in kernel_params.items():
            setattr(self, name, value)

    def __skactive_tags__(self):
        tags = base_tags(super().__skactive_tags__(), self.base)
        if self.beta != 0 and (self._is_precomputed() or self._approximate()):
            # Landmarks and reference rows are drawn by position, and a
            # precomputed similarity is aligned with the pool's order.
            tags.position_free = False
        return tags

    # Kernel parameters are public attributes that are not in the signature:
    # get_params / set_params expose them like any other parameter, so clone
    # and GridSearchCV keep them (BaseEstimator alone would drop **kwargs).

    def _kernel_params(self):
        names = set(self._get_param_names())
        return {
            name: value
            for name, value in vars(self).items()
            if name not in names and not name.startswith("_") and not name.endswith("_")
        }

    def get_params(self, deep=True):
        params = super().get_params(deep=deep)
        params.update(self._kernel_params())
        return params

    def set_params(self, **params):
        names = set(self._get_param_names())
        for name in [n for n in params if n not in names and "__" not in n]:
            setattr(self, name, params.pop(name))
        return super().set_params(**params)

    # -- density -----------------------------------------------------------

    def density(self, learner, X_pool, random_state=None):
        """Mean similarity of every row of ``X_pool`` to the pool.

        Parameters
        ----------
        learner : fitted learner
            Gives the features the final estimator sees.
        X_pool : array-like, sparse matrix, DataFrame or list
            The unlabeled pool.
        random_state : int, RandomState instance or None, default=None
            Seeds the approximation when ``self.random_state`` is None.

        Returns
        -------
        ndarray of shape (n_pool,)
            ``1/n_pool * sum_j k(x, x_j)``.
        """
        self._check_settings()
        if self._is_precomputed():
            return self._precomputed_density(num_rows(X_pool))
        features = _as_features(final_step_features(learner, X_pool))
        n = features.shape[0]
        metric, params = self.metric, self._kernel_params()
        approximate = self._approximate(n)
        settings = (approximate, self.n_components, self.n_reference, self.random_state)
        key = repr((metric, sorted(params.items()), settings, features.shape[1]))
        hashes = _row_hashes(features)
        cache = getattr(self, "_density_cache", None)
        taught, self._taught_rows = getattr(self, "_taught_rows", []), []
        sums = None
        if cache is not None and cache["key"] == key:
            # Updated sums keep the bandwidth they were computed with.
            params = cache["kernel_params"]
            if np.array_equal(cache["hashes"], hashes):
                sums = cache["sums"]
            elif not approximate:
                sums = _sums_after_removal(
                    cache, hashes, features, taught, metric, params
                )
        if sums is None:
            params = _resolve_bandwidth(features, metric, self._kernel_params())
            sums = self._row_sums(features, metric, params, approximate, random_state)
        self._density_cache = {
            "key": key,
            "n_features": features.shape[1],
            "hashes": hashes,
            "sums": sums,
            "kernel_params": params,
        }
        density = sums / n
        if approximate:
            density = np.maximum(density, 1e-6 * density.max(initial=0.0))
        return density

    def on_teach(self, learner, X, y):
        """Remember the taught rows, which are about to leave the pool."""
        if getattr(self, "_density_cache", None) is None or self._is_precomputed():
            return
        features = _as_features(final_step_features(learner, X))
        if features.shape[1] == self._density_cache["n_features"]:
            self._taught_rows = getattr(self, "_taught_rows", []) + [
                (features, _row_hashes(features))
            ]

    def _row_sums(self, features, metric, params, approximation, random_state):
        if approximation is None:
            return _pool_row_sums(features, metric, params)
        seed = self.random_state if self.random_state is not None else random_state
        rng = check_random_state(seed)
        if approximation == "nystroem":
            return _nystroem_row_sums(features, metric, params, self.n_components, rng)
        return _reference_row_sums(features, metric, params, self.n_reference, rng)

    def _approximate(self, n_rows=None):
        """The approximation for a pool of ``n_rows`` (unknown: the worst case)."""
        if self.metric in ("linear", "cosine"):
            return None
        if self.n_reference is not None:
            return "reference"
        if self.approximation == "auto":
            exact = n_rows is not None and n_rows <= AUTO_EXACT_ROWS
            return None if exact else "nystroem"
        return self.approximation

    def _is_precomputed(self):
        return sp.issparse(self.metric) or np.ndim(self.metric) == 2

    def _precomputed_density(self, n):
        similarity = self.metric
        if similarity.shape != (n, n):
            raise ValueError(
                f"The precomputed similarity has shape {similarity.shape}, but the "
                f"pool has {n} rows; pass the similarity between the rows of the "
                "current pool (rows that left the pool must be removed from it)."
            )
        return np.asarray(similarity.sum(axis=1), dtype=float).ravel() / n

    def _check_settings(self):
        if self.approximation not in _APPROXIMATIONS:
            raise ValueError(
                f"approximation must be one of {_APPROXIMATIONS}, got "
                f"{self.approximation!r}."
            )
        if self.n_reference is not None:
            if self.approximation == "nystroem":
                raise ValueError(
                    "Use either approximation='nystroem' or n_reference, not both."
                )
            if not isinstance(self.n_reference, numbers.Integral) or self.n_reference < 1:
                raise ValueError(
                    f"n_reference must be a positive integer, got {self.n_reference!r}."
                )
        if isinstance(self.metric, str) and self.metric not in kernel_metrics():
            raise ValueError(
                f"metric={self.metric!r} is not a kernel; use one of "
                f"{sorted(kernel_metrics())}, a callable, or a precomputed "
                "(n_pool, n_pool) similarity matrix."
            )

    # -- utility -------------------------------------------------------------

    def utility(self, learner, X_pool, random_state=None):
        """Base utility weighted by density, for every row of ``X_pool``.

        Parameters
        ----------
        learner : fitted learner
            The learner the base strategy scores with.
        X_pool : array-like, sparse matrix, DataFrame or list
            The unlabeled pool.
        random_state : int, RandomState instance or None, default=None
            Seeds the random draws (read by :func:`strategy_utility`).

        Returns
        -------
        ndarray of shape (n_pool,)
            Higher = more informative.
        """
        return self._weighted(learner, X_pool, random_state)

    def __call__(self, learner, X_pool, n_instances=1, *, random_state=None):
        scores = self._weighted(learner, X_pool, random_state)
        return select_top_k(scores, n_instances, random_state), scores

    def _weighted(self, learner, X_pool, random_state):
        base = np.asarray(
            strategy_utility(self.base, learner, X_pool, random_state), dtype=float
        )
        if self.beta == 0:
            return base
        density = self.density(learner, X_pool, random_state)
        if np.any(density <= 0):
            raise ValueError(
                f"The mean similarity to the pool is {density.min():.3g} for some "
                f"rows with metric={self.metric!r}; density weighting needs a "
                "positive similarity. Use an rbf/laplacian kernel, or cosine on "
                "non-negative features."
            )
        weight = density**self.beta
        return np.where(base >= 0, base * weight, base / weight)
