"""Row access for every kind of pool: NumPy, SciPy sparse, pandas and lists."""

import numpy as np
import scipy.sparse as sp

from ._fixes import _num_samples, _safe_indexing


def num_rows(X):
    """Number of samples in ``X``, whatever its container."""
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


def concat_rows(first, second):
    """Stack the rows of ``second`` under those of ``first``.

    The result has the container type of ``first`` so that a labeled set that
    started as a DataFrame (or a list of texts, or a sparse matrix) stays one.
    """
    if sp.issparse(first) or sp.issparse(second):
        fmt = first.format if sp.issparse(first) else "csr"
        return sp.vstack([first, second], format=fmt)
    if hasattr(first, "iloc"):
        import pandas as pd  # only reached when the user already holds a DataFrame

        if not hasattr(second, "iloc"):
            second = pd.DataFrame(second, columns=first.columns)
        return pd.concat([first, second], ignore_index=True)
    if isinstance(first, list) or isinstance(second, list):
        return list(first) + list(second)
    first, second = np.asarray(first), np.asarray(second)
    if first.shape[1:] != second.shape[1:]:
        raise ValueError(
            f"Cannot add samples of shape {second.shape[1:]} to a labeled set "
            f"whose samples have shape {first.shape[1:]}: teach with samples "
            "that have the same features as those passed to fit."
        )
    return np.concatenate([first, second])
