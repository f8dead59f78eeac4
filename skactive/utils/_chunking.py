"""Chunked scoring of a pool: the mechanism every pool-wide computation uses."""

import numpy as np
from joblib import effective_n_jobs
from sklearn import get_config
from sklearn.utils import gen_batches
from sklearn.utils.parallel import Parallel, delayed
from threadpoolctl import ThreadpoolController

from ._rows import num_rows, take_rows

# ``working_memory`` (1 GiB by default) caps a chunk; below that cap, chunks
# are kept near this size. Margin queries on 10^5 and 10^6 rows x 50
# features, 10 classes (benchmarks/bench_kernels.py) were fastest with
# chunks of about 64 MiB: 0.70x and 0.65x of one bare ``predict_proba``,
# against 0.75x and 0.75x with 16 MiB chunks; with one BLAS thread for
# every library, 1.05x and 0.65x against 1.20x and 1.00x, and 1.01x on
# 10^6 rows with 137 MiB chunks. Smaller chunks pay more per call; larger
# ones no longer keep a chunk's temporaries (softmax, top-two, logs) near
# the core.
_CACHE_BYTES = 64 * 2**20
# ...but never fewer rows than this, so the fixed cost of each call (input
# validation in the estimator) stays negligible.
_MIN_CACHE_ROWS = 1024

# Found once: ``threadpool_limits`` inspects every loaded library on each
# call, which took 7 ms here; reading and setting the thread counts of the
# BLAS libraries found on first use takes microseconds.
_BLAS = None


class _OneBlasThread:
    def __enter__(self):
        global _BLAS
        if _BLAS is None:
            _BLAS = ThreadpoolController().select(user_api="blas").lib_controllers
        self._restore = []
        for library in _BLAS:
            n_threads = library.num_threads
            if n_threads != 1:
                library.set_num_threads(1)
                self._restore.append((library, n_threads))
        return self

    def __exit__(self, *exc):
        for library, n_threads in reversed(self._restore):
            library.set_num_threads(n_threads)
        return False


def one_blas_thread():
    """A context in which BLAS runs on one thread (OpenMP is left alone).

    Pools are scored in cache-sized chunks, and each chunk's matrix products
    are small (a LogisticRegression on 23,000 rows x 50 features, 10
    classes: about 2 ms on one core). BLAS's threads meet at a barrier after
    each product, so on a shared machine every product waits for a busy
    core: on 2 busy cores ``predict_proba`` of 2,000 rows took 15.8 ms with
    two BLAS threads and 0.9 ms with one (benchmarks/bench_kernels.py).
    Scoring in parallel is done over chunks instead (``n_jobs``), which
    needs no barrier. The BLAS libraries are those loaded when it is first
    used.
    """
    return _OneBlasThread()


def chunk_n_rows(row_bytes, *, chunk_size=None, n_rows=None):
    """Rows per chunk so that one chunk needs little memory.

    The chunk never needs more than scikit-learn's ``working_memory``; within
    that cap it is kept to about 64 MiB (and at least 1024 rows), the
    fastest size measured for scoring (smaller chunks pay more per call,
    larger ones no longer keep the chunk's temporaries in cache).

    Parameters
    ----------
    row_bytes : int
        Bytes the computation needs for one row of the pool.
    chunk_size : int, default=None
        An explicit number of rows, which wins over both limits.
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
    >>> chunk_n_rows(row_bytes=1024)             # the cache-sized default
    65536
    >>> chunk_n_rows(row_bytes=1024, chunk_size=500, n_rows=300)
    300
    """
    if chunk_size is None:
        row_bytes = max(int(row_bytes), 1)
        working_memory = get_config()["working_memory"]
        memory_rows = int(working_memory * 2**20 // row_bytes)
        cache_rows = max(_CACHE_BYTES // row_bytes, _MIN_CACHE_ROWS)
        chunk_size = min(memory_rows, cache_rows)
    chunk_size = max(int(chunk_size), 1)
    return chunk_size if n_rows is None else min(chunk_size, max(n_rows, 1))


def apply_in_chunks(func, X_pool, *, row_bytes, chunk_size=None, n_jobs=None):
    """Apply ``func`` to row chunks of ``X_pool`` and stack the results.

    This is the one place where pools are scored: chunks are sized by
    :func:`chunk_n_rows` and, when several jobs are asked for (``n_jobs``,
    or ``joblib.parallel_config`` / ``parallel_backend`` such as Dask's),
    spread over joblib workers, threads by default since scoring mostly runs
    in NumPy and BLAS, which release the GIL.

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
        Number of joblib workers for the chunks; ``None`` means joblib's
        active setting (one, unless changed by ``joblib.parallel_config``).

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
    batches = list(gen_batches(n, size))
    # Resolved here: joblib's sequential path costs ~60 us per chunk, and a
    # ``prefer`` hint would otherwise drop an n_jobs set by parallel_config.
    n_jobs = effective_n_jobs(n_jobs)
    if n_jobs == 1:
        return _fill(n, batches, (func(take_rows(X_pool, batch)) for batch in batches))
    # One BLAS thread per worker: our threads on top of BLAS's oversubscribe
    # the cores (a 5-member committee on 1M rows, 2 cores: 1.5 s with BLAS
    # threads, 0.6 s without).
    with one_blas_thread():
        parts = Parallel(n_jobs=n_jobs, prefer="threads")(
            delayed(func)(take_rows(X_pool, batch)) for batch in batches
        )
    return _fill(n, batches, parts)


def _fill(n, batches, parts):
    # Write each chunk's result into one preallocated array rather than
    # keeping every part and concatenating: half the peak memory.
    result = None
    for batch, part in zip(batches, parts):
        part = np.asarray(part)
        if result is None:
            result = np.empty((n,) + part.shape[1:], dtype=part.dtype)
        elif part.dtype != result.dtype:
            # As np.concatenate would: promote, never truncate.
            result = result.astype(np.result_type(result, part), copy=False)
        result[batch] = part
    return result
