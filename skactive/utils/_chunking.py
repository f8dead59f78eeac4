"""Chunked scoring of a pool: the mechanism every pool-wide computation uses."""

import numpy as np
from sklearn import get_config
from sklearn.utils import gen_batches
from sklearn.utils.parallel import Parallel, delayed

from ._rows import num_rows, take_rows


def chunk_n_rows(row_bytes, *, chunk_size=None, n_rows=None):
    """Rows per chunk so that one chunk needs about ``working_memory``.

    Parameters
    ----------
    row_bytes : int
        Bytes the computation needs for one row of the pool.
    chunk_size : int, default=None
        An explicit number of rows, which wins over ``working_memory``.
    n_rows : int, default=None
        Upper bound (the pool size).

    Returns
    -------
    int
        At least one row.

    Examples
    --------
    >>> from sklearn import config_context
    >>> from skactive.utils import chunk_n_rows
    >>> with config_context(working_memory=1):   # MiB
    ...     chunk_n_rows(row_bytes=1024)
    1024
    """
    if chunk_size is None:
        working_memory = get_config()["working_memory"]
        chunk_size = int(working_memory * 2**20 // max(int(row_bytes), 1))
    chunk_size = max(int(chunk_size), 1)
    return chunk_size if n_rows is None else min(chunk_size, max(n_rows, 1))


def apply_in_chunks(func, X_pool, *, row_bytes, chunk_size=None, n_jobs=None):
    """Apply ``func`` to row chunks of ``X_pool`` and stack the results.

    Parameters
    ----------
    func : callable
        Takes rows of the pool (same container as ``X_pool``) and returns an
        array whose first axis matches them.
    X_pool : array-like, sparse matrix, DataFrame or list
        The pool.
    row_bytes : int
        Bytes ``func`` needs per row; with ``working_memory`` it sets the chunk size.
    chunk_size : int, default=None
        Explicit rows per chunk.
    n_jobs : int, default=None
        Chunks run in parallel through joblib when several chunks exist.

    Returns
    -------
    ndarray
        The per-chunk results concatenated along the first axis.

    Examples
    --------
    >>> import numpy as np
    >>> from skactive.utils import apply_in_chunks
    >>> apply_in_chunks(lambda rows: rows.sum(axis=1), np.ones((5, 2)),
    ...                 row_bytes=16, chunk_size=2)
    array([2., 2., 2., 2., 2.])
    """
    n = num_rows(X_pool)
    size = chunk_n_rows(row_bytes, chunk_size=chunk_size, n_rows=n)
    if size >= n:
        return np.asarray(func(X_pool))
    batches = gen_batches(n, size)
    if n_jobs is None or n_jobs == 1:
        parts = [func(take_rows(X_pool, batch)) for batch in batches]
    else:
        parts = Parallel(n_jobs=n_jobs)(
            delayed(func)(take_rows(X_pool, batch)) for batch in batches
        )
    return np.concatenate(parts)
