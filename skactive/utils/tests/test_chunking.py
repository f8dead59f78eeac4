import threading

import joblib
import numpy as np
import pytest
import scipy.sparse as sp
from numpy.testing import assert_array_equal
from sklearn import config_context

from skactive.utils import apply_in_chunks, chunk_n_rows


def test_chunk_rows_default_to_about_sixty_four_mib():
    assert chunk_n_rows(row_bytes=1024) == 65536
    assert chunk_n_rows(row_bytes=80) == 64 * 2**20 // 80


def test_chunk_rows_keep_a_minimum_for_wide_rows():
    # 64 MiB would be 64 rows: too few to amortise the per-call cost, while
    # working_memory (1 GiB by default) still allows 1024 of them.
    assert chunk_n_rows(row_bytes=2**20) == 1024


def test_working_memory_caps_the_chunk():
    with config_context(working_memory=1):
        assert chunk_n_rows(row_bytes=1024) == 1024
        assert chunk_n_rows(row_bytes=2**20) == 1
    with config_context(working_memory=4096):
        # A larger budget does not make chunks larger than cache-sized.
        assert chunk_n_rows(row_bytes=1024) == 65536


def test_explicit_chunk_size_wins_and_is_bounded_by_the_pool():
    assert chunk_n_rows(row_bytes=1024, chunk_size=10) == 10
    assert chunk_n_rows(row_bytes=1024, chunk_size=10, n_rows=4) == 4
    assert chunk_n_rows(row_bytes=1024, chunk_size=0) == 1


def test_apply_in_chunks_calls_func_once_per_chunk():
    seen = []

    def first_column(rows):
        seen.append(rows.shape[0])
        return rows[:, 0]

    X = np.arange(20.0).reshape(10, 2)
    assert_array_equal(
        apply_in_chunks(first_column, X, row_bytes=8, chunk_size=4), X[:, 0]
    )
    assert seen == [4, 4, 2]


def test_apply_in_chunks_keeps_trailing_dimensions_and_sparse_rows():
    X = sp.csr_matrix(np.arange(12.0).reshape(6, 2))
    result = apply_in_chunks(lambda rows: rows.toarray() * 2, X, row_bytes=8, chunk_size=4)
    assert_array_equal(result, X.toarray() * 2)


def test_apply_in_chunks_promotes_dtypes_like_concatenate():
    # The first chunk gives integers, the second floats: nothing is truncated.
    X = np.arange(4.0).reshape(4, 1)
    result = apply_in_chunks(
        lambda rows: rows[:, 0] + 0.5 if rows[0, 0] else rows[:, 0].astype(int),
        X,
        row_bytes=8,
        chunk_size=2,
    )
    assert_array_equal(result, [0.0, 1.0, 2.5, 3.5])


@pytest.mark.parametrize("how", ["argument", "parallel_config"])
def test_apply_in_chunks_over_joblib_workers_gives_the_same_result(how):
    X = np.arange(40.0).reshape(20, 2)
    threads = set()

    def func(rows):
        threads.add(threading.current_thread() is threading.main_thread())
        return rows.sum(axis=1)

    if how == "argument":
        result = apply_in_chunks(func, X, row_bytes=8, chunk_size=3, n_jobs=2)
    else:
        with joblib.parallel_config(n_jobs=2):
            result = apply_in_chunks(func, X, row_bytes=8, chunk_size=3)
    assert_array_equal(result, X.sum(axis=1))
    assert threads == {False}  # scored by joblib's worker threads


def _blas_threads():
    from threadpoolctl import threadpool_info

    return [info["num_threads"] for info in threadpool_info()
            if info["user_api"] == "blas"]


def test_one_blas_thread_limits_blas_and_restores_it():
    from skactive.utils._chunking import one_blas_thread

    before = _blas_threads()
    with one_blas_thread():
        assert set(_blas_threads()) == {1}
    assert _blas_threads() == before
