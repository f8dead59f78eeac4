"""Selection: from one utility per pool row to the positions to label."""

import numbers

import numpy as np
from sklearn.utils import check_random_state


def check_n_instances(n_instances, n_pool):
    """Raise a clear error unless ``1 <= n_instances <= n_pool``.

    Every strategy calls it (through :func:`select_top_k` or directly), so a
    direct call with too large a batch fails as clearly as ``query`` does.

    Examples
    --------
    >>> from skactive.strategies import check_n_instances
    >>> check_n_instances(4, n_pool=3)
    Traceback (most recent call last):
    ...
    ValueError: n_instances must be an integer between 1 and the pool size (3), got 4.
    """
    if (
        not isinstance(n_instances, numbers.Integral)
        or isinstance(n_instances, bool)
        or not 1 <= n_instances <= n_pool
    ):
        raise ValueError(
            f"n_instances must be an integer between 1 and the pool size "
            f"({n_pool}), got {n_instances!r}."
        )


def _check_no_nan(scores):
    if np.isnan(scores).any():
        raise ValueError(
            "The strategy produced NaN scores; check the estimator's "
            "probabilities on the pool."
        )


def select_top_k(scores, n_instances=1, random_state=None):
    """Positions of the ``n_instances`` highest scores, best first.

    Rows whose scores tie are ordered at random, so that no position is
    favoured just because it comes first in the pool. The work is linear in
    the pool size: a partition finds the threshold and only rows at or above
    it are sorted.

    Parameters
    ----------
    scores : array-like of shape (n_pool,)
        Utility per row, higher = more informative. ``-inf`` is allowed
        (never preferred); NaN is an error.
    n_instances : int, default=1
        How many positions to return, at most ``n_pool``.
    random_state : int, RandomState instance or None, default=None
        Breaks ties.

    Returns
    -------
    ndarray of shape (n_instances,)
        Unique positions into the pool, most informative first.

    Examples
    --------
    >>> from skactive.strategies import select_top_k
    >>> select_top_k([0.1, 0.9, 0.5, 0.7], n_instances=2)
    array([1, 3])
    """
    scores = np.asarray(scores, dtype=float)
    if scores.ndim != 1:
        raise ValueError(f"scores must be 1-D, got shape {scores.shape}.")
    n_pool = scores.shape[0]
    check_n_instances(n_instances, n_pool)
    if n_instances == n_pool:
        _check_no_nan(scores)
        candidates = None
    else:
        top = np.partition(scores, n_pool - n_instances)[n_pool - n_instances:]
        # The partition orders NaN above every number, so a NaN anywhere in
        # the pool is among the top part: checking those n_instances values
        # is checking the pool, without another pass over it.
        _check_no_nan(top)
        candidates = np.flatnonzero(scores >= top[0])
    rng = check_random_state(random_state)
    if candidates is None:
        candidates = np.arange(n_pool)
    tie_breaker = rng.random_sample(candidates.shape[0])
    order = np.lexsort((tie_breaker, -scores[candidates]))
    return candidates[order[:n_instances]]
