"""Simulation mode: the pieces of a run where the labels are already known.

With ``budget`` set, a learner's ``fit(X, y)`` plays annotator with ``y``:
random seed labels first, then batches chosen by the query strategy. This
module holds the parts of that run that do not need the learner: checking
the settings, drawing the seed labels and the schedule of batch sizes.
"""

import numbers
import warnings

import numpy as np
import scipy.sparse as sp


def _check_positive_int(value, name):
    if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}.")
    return int(value)


def check_simulation_params(budget, n_initial, batch_size):
    """Validate the simulation settings of a learner.

    Returns
    -------
    budget, n_initial, batch_size : int
        The settings, as plain integers.
    """
    budget = _check_positive_int(budget, "budget")
    n_initial = _check_positive_int(n_initial, "n_initial")
    batch_size = _check_positive_int(batch_size, "batch_size")
    if n_initial > budget:
        raise ValueError(
            f"n_initial={n_initial} is larger than budget={budget}: the random "
            "seed labels count towards the budget, so n_initial must be at most "
            "budget."
        )
    return budget, n_initial, batch_size


def fit_budget(budget, n_initial, n_samples):
    """The numbers of labels a run on ``n_samples`` samples can use.

    A budget larger than the data is cut to the number of samples (with a
    warning): every sample then ends up labeled, which is ordinary supervised
    training with the samples in query order.

    Returns
    -------
    budget, n_initial : int
        The budget and number of random seed labels actually used.
    """
    if n_samples == 0:
        raise ValueError(
            "fit got 0 samples: simulation mode needs samples to label."
        )
    if budget > n_samples:
        warnings.warn(
            f"budget={budget} is larger than the {n_samples} samples given to "
            f"fit; all {n_samples} samples will be labeled. Lower the budget "
            "to compare query strategies.",
            UserWarning,
            stacklevel=3,
        )
        budget = n_samples
    return budget, min(n_initial, budget)


def label_schedule(n_initial, budget, batch_size):
    """Numbers of known labels after the seed and after each batch.

    Examples
    --------
    >>> from skactive._simulation import label_schedule
    >>> label_schedule(10, 35, 10)
    array([10, 20, 30, 35])
    """
    return np.append(np.arange(n_initial, budget, batch_size), budget)


def initial_positions(y, n_initial, rng):
    """Draw ``n_initial`` random positions, covering two classes if ``y`` has them.

    Parameters
    ----------
    y : ndarray of shape (n_samples,)
        The labels (the oracle).
    n_initial : int
        How many positions to draw, at most ``n_samples``.
    rng : numpy.random.RandomState
        The source of randomness.

    Returns
    -------
    ndarray of shape (n_initial,)
        Unique positions into ``y``.

    Examples
    --------
    >>> import numpy as np
    >>> from skactive._simulation import initial_positions
    >>> y = np.array([0] * 99 + [1])
    >>> positions = initial_positions(y, 2, np.random.RandomState(0))
    >>> sorted(y[positions].tolist())
    [0, 1]
    """
    order = rng.permutation(y.shape[0])
    positions = order[:n_initial]
    if y.ndim == 2:
        return _cover_both_values(y, order, n_initial)
    if n_initial >= 2:
        first = y[positions[0]]
        if np.all(y[positions] == first):
            # Most classifiers cannot be fitted on one class: swap the last
            # seed for the first row of another class in the same random order.
            others = order[n_initial:][y[order[n_initial:]] != first]
            if others.shape[0]:
                positions = positions.copy()
                positions[-1] = others[0]
    return positions


def _cover_both_values(Y, order, n_initial):
    """Multi-label seeds: try to show each label both present and absent.

    Per-label classifiers (``MultiOutputClassifier`` of logistic regressions)
    cannot be fitted on a label that is constant in the seed, so for each
    such label the last seed not yet swapped in is replaced by the next row,
    in the same random order, that has the missing value. With more
    constant labels than seeds, some stay constant.
    """
    positions = order[:n_initial].copy()
    rest = order[n_initial:]
    free = n_initial  # positions[:free] may still be swapped out
    for label in range(Y.shape[1]):
        values = Y[positions, label]
        if free == 0 or values.min() != values.max():
            continue
        candidates = rest[Y[rest, label] != values[0]]
        if candidates.shape[0]:
            free -= 1
            rest = rest[rest != candidates[0]]
            positions[free] = candidates[0]
    return positions


def rows_indexable(X):
    """``X`` in a form whose rows can be taken by position, changed only if needed.

    COO, DIA and BSR sparse matrices become CSR; objects that only offer
    ``__array__`` become arrays. Everything else (arrays, CSR/CSC,
    DataFrames, lists of documents) is returned as it is.
    """
    if sp.issparse(X):
        return X if X.format in ("csr", "csc") else X.tocsr()
    indexable = hasattr(X, "shape") or hasattr(X, "__getitem__")
    if not indexable and hasattr(X, "__array__"):
        return np.asarray(X)
    return X
