"""Row access for every kind of pool: NumPy, SciPy sparse, pandas and lists."""

import numpy as np
import scipy.sparse as sp

from ._fixes import _num_samples, _safe_indexing


def num_rows(X):
    """Number of samples in ``X``, whatever its container."""
    if type(X) is np.ndarray and X.ndim:
        # What _num_samples returns for an array, without its ~1.5 us of checks
        # (every query counts the pool rows more than once).
        return X.shape[0]
    return _num_samples(X)


def num_features(X):
    """Number of columns of a 2-D ``X``, or ``None`` for raw inputs such as texts."""
    shape = getattr(X, "shape", None)
    if shape is None or len(shape) != 2:
        return None
    return shape[1]


def take_rows(X, rows):
    """Rows of ``X`` (positions or a slice), in the container ``X`` came in.

    Sparse formats without row indexing (COO, DIA, BSR) come back as CSR;
    array-likes that only convert to arrays come back as arrays.
    """
    if sp.issparse(X) and X.format not in ("csr", "csc", "lil", "dok"):
        X = X.tocsr()
    elif not hasattr(X, "__getitem__"):
        X = np.asarray(X)
    return _safe_indexing(X, rows, axis=0)


def copy_rows(X):
    """An independent copy of ``X`` in the same container.

    Learners keep their labeled set as their own data: editing the caller's
    array, DataFrame, sparse matrix or list afterwards must not change it.
    A list of rows is copied one level deep (its rows may be lists too).
    """
    if isinstance(X, list):
        return [row.copy() if isinstance(row, (list, dict, np.ndarray)) else row
                for row in X]
    if hasattr(X, "copy") and (sp.issparse(X) or hasattr(X, "iloc")
                               or isinstance(X, np.ndarray)):
        return X.copy()
    if isinstance(X, tuple):
        return copy_rows(list(X))
    return np.array(X, copy=True)


def concat_rows(first, second):
    """Stack the rows of ``second`` under those of ``first``.

    The result has the container type of ``first`` so that a labeled set that
    started as a DataFrame (or a list of texts, an array, a sparse matrix)
    stays one: rows given as lists join an array as array rows. A DataFrame
    keeps the index of both parts; rows of a DataFrame with other columns
    are refused (columns in another order are aligned by name).
    """
    if hasattr(first, "iloc"):
        return _concat_frames(first, second)
    if sp.issparse(first):
        if not sp.issparse(second):
            second = sp.csr_matrix(_as_2d_rows(first, second))
        return sp.vstack([first, second], format=first.format)
    if isinstance(first, list):
        return first + (second.tolist() if isinstance(second, np.ndarray)
                        and second.dtype.kind in "OUS" and second.ndim == 1
                        else list(second))
    if sp.issparse(second):
        second = second.toarray()
    return np.concatenate([first, _as_2d_rows(first, second)])


def _as_2d_rows(first, second):
    second = np.asarray(second)
    if first.shape[1:] != second.shape[1:]:
        raise ValueError(
            f"Cannot add samples of shape {second.shape[1:]} to a labeled set "
            f"whose samples have shape {first.shape[1:]}: teach with samples "
            "that have the same features as those passed to fit."
        )
    return second


def _concat_frames(first, second):
    import pandas as pd  # only reached when the user already holds a DataFrame

    if not hasattr(second, "iloc"):
        rows = _as_2d_rows(first, second.toarray() if sp.issparse(second) else second)
        # Rows without an index continue the labeled set's positions.
        index = pd.RangeIndex(len(first), len(first) + len(rows))
        second = pd.DataFrame(rows, columns=first.columns, index=index)
    elif list(second.columns) != list(first.columns):
        missing = [c for c in first.columns if c not in set(second.columns)]
        unexpected = [c for c in second.columns if c not in set(first.columns)]
        if missing or unexpected or second.columns.has_duplicates:
            raise ValueError(
                "Cannot add rows whose columns differ from the labeled set's: "
                f"missing {missing}; unexpected {unexpected}. Teach with the "
                "columns passed to fit."
            )
        second = second[list(first.columns)]
    return pd.concat([first, second])
