"""Spread sampling: query where the regression model is least sure of its output."""

import inspect

import numpy as np
from sklearn.pipeline import Pipeline

from ...utils import apply_in_chunks, num_features, num_rows
from .._selection import select_top_k
from .._tags import declare_tags


def member_std(predictions):
    """Standard deviation of committee members' predictions, per sample.

    The population standard deviation (``ddof=0``) over members, computed
    in float64.

    Parameters
    ----------
    predictions : array-like of shape (n_samples, n_members)
        Each member's prediction for each sample.

    Returns
    -------
    ndarray of shape (n_samples,)

    Examples
    --------
    >>> from skactive.strategies import member_std
    >>> member_std([[1.0, 3.0], [2.0, 2.0]])
    array([1., 0.])
    """
    predictions = np.asarray(predictions, dtype=np.float64)
    if predictions.ndim != 2 or predictions.shape[1] == 0:
        raise ValueError(
            "predictions must be a 2-D array (n_samples, n_members) with at least "
            f"one member, got shape {predictions.shape}."
        )
    return predictions.std(axis=1)


def has_predictive_std(estimator):
    """Whether ``estimator.predict`` takes ``return_std`` (also a Pipeline's last step).

    Examples
    --------
    >>> from sklearn.gaussian_process import GaussianProcessRegressor
    >>> from sklearn.linear_model import Ridge
    >>> from skactive.strategies import has_predictive_std
    >>> has_predictive_std(GaussianProcessRegressor()), has_predictive_std(Ridge())
    (True, False)
    """
    if isinstance(estimator, Pipeline):
        estimator = estimator[-1]
    predict = getattr(estimator, "predict", None)
    if predict is None:
        return False
    try:
        return "return_std" in inspect.signature(predict).parameters
    except (TypeError, ValueError):  # builtins without a signature
        return False


def predictive_std(learner, X_pool):
    """The learner's predictive standard deviation on every pool row.

    ``learner.predict(X_pool, return_std=True)``: for a
    :class:`~skactive.CommitteeRegressor` the spread of its members, for an
    :class:`~skactive.ActiveRegressor` the estimator's own standard deviation
    (``GaussianProcessRegressor``, ``BayesianRidge``, ``ARDRegression``, or a
    Pipeline ending in one). The pool is scored in chunks.

    Parameters
    ----------
    learner : ActiveRegressor or CommitteeRegressor
        Fitted regression learner.
    X_pool : array-like, sparse matrix, DataFrame or list
        The unlabeled pool.

    Returns
    -------
    ndarray of shape (n_pool,)
        Float64 standard deviations, higher = less sure.
    """
    predict = getattr(learner, "predict", None)
    if predict is None or "return_std" not in inspect.signature(predict).parameters:
        raise TypeError(
            f"std_sampling needs a regression learner with predict(X, "
            f"return_std=True) (ActiveRegressor or CommitteeRegressor); got "
            f"{type(learner).__name__}."
        )
    n_labeled = num_rows(learner.X_labeled_) if hasattr(learner, "X_labeled_") else 1
    # A Gaussian process keeps an (n_rows, n_labeled) kernel block per chunk.
    row_bytes = 8 * (2 * n_labeled + (num_features(X_pool) or 1) + 8)

    def chunk_std(rows):
        return np.asarray(predict(rows, return_std=True)[1], dtype=np.float64)

    return apply_in_chunks(chunk_std, X_pool, row_bytes=row_bytes)


@declare_tags(tasks=frozenset({"regression"}))
def std_sampling(learner, X_pool, n_instances=1, *, random_state=None):
    """Query the rows of largest predictive standard deviation.

    The regression counterpart of uncertainty sampling (modAL's
    ``max_std_sampling``; variance of a committee in Burbidge, Rowland &
    King, 2007): a :class:`~skactive.CommitteeRegressor`'s members' spread,
    or the estimator's own ``predict(X, return_std=True)`` in an
    :class:`~skactive.ActiveRegressor`.

    Parameters
    ----------
    learner : ActiveRegressor or CommitteeRegressor
        Fitted regression learner.
    X_pool : array-like, sparse matrix, DataFrame or list
        The unlabeled pool.
    n_instances : int, default=1
        Number of positions to return.
    random_state : int, RandomState instance or None, default=None
        Breaks ties.

    Returns
    -------
    positions : ndarray of shape (n_instances,)
        Unique positions into ``X_pool``, largest standard deviation first.
    scores : ndarray of shape (n_pool,)
        The standard deviations.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.gaussian_process import GaussianProcessRegressor
    >>> from skactive import ActiveRegressor
    >>> from skactive.strategies import std_sampling
    >>> X = np.array([[0.0], [1.0], [2.0]])
    >>> learner = ActiveRegressor(GaussianProcessRegressor(), std_sampling)
    >>> learner = learner.fit(X, np.sin(X).ravel())
    >>> learner.query(np.array([[1.0], [9.0], [1.5]]), n_instances=1)
    array([1])
    """
    scores = predictive_std(learner, X_pool)
    return select_top_k(scores, n_instances, random_state), scores
