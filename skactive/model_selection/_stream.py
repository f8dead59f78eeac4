"""Prequential evaluation of a stream learner: predict, then decide, then learn."""

import numbers

import numpy as np
from sklearn.base import clone
from sklearn.utils import Bunch
from sklearn.utils.validation import column_or_1d
from threadpoolctl import threadpool_limits

from ..utils import num_rows, take_rows


def stream_simulation(learner, X, y, *, n_initial=10, chunk_size=10):
    """Run a labeled stream through a stream learner, prequentially.

    The first ``n_initial`` rows train the model. Then the rest arrive in
    order, ``chunk_size`` at a time: the model predicts each chunk first
    (that is the prequential test: every row is predicted before its label
    could be known), the learner decides which rows to ask for, and learns
    the labels of those only. ``y`` plays the annotator.

    Parameters
    ----------
    learner : StreamLearner
        Cloned, never modified.
    X : array-like or sparse matrix
        The stream, in arrival order.
    y : array-like of shape (n_samples,)
        Its labels.
    n_initial : int, default=10
        Rows labeled before the stream starts.
    chunk_size : int, default=10
        Rows decided between two updates of the model.

    Returns
    -------
    result : :class:`~sklearn.utils.Bunch`
        ``n_seen`` (rows after each chunk), ``accuracy`` (prequential
        accuracy so far), ``n_labels`` (labels spent so far, the initial
        ones excluded), ``queried`` (boolean mask over the stream) and
        ``learner`` (the fitted clone).

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from sklearn.naive_bayes import MultinomialNB
    >>> from skactive import StreamLearner
    >>> from skactive.model_selection import stream_simulation
    >>> X, y = load_digits(return_X_y=True)
    >>> result = stream_simulation(
    ...     StreamLearner(MultinomialNB(), budget=0.1, random_state=0), X, y,
    ...     n_initial=20, chunk_size=50)
    >>> int(result.n_seen[-1]), round(float(result.n_labels[-1] / result.n_seen[-1]), 2)
    (1777, 0.1)
    """
    y = column_or_1d(y, warn=True)
    n = num_rows(X)
    if n != y.shape[0]:
        raise ValueError(f"X has {n} rows but y has {y.shape[0]} labels.")
    for name, value in (("n_initial", n_initial), ("chunk_size", chunk_size)):
        if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < 1:
            raise ValueError(f"{name} must be a positive integer, got {value!r}.")
    if n_initial >= n:
        raise ValueError(f"n_initial={n_initial} leaves no stream of the {n} rows.")
    learner = clone(learner)
    queried = np.zeros(n, dtype=bool)
    n_seen, accuracy, n_labels = [], [], []
    correct = 0
    # Many small updates: BLAS threads only add overhead.
    with threadpool_limits(limits=1):
        learner.fit(take_rows(X, np.arange(n_initial)), y[:n_initial])
        for start in range(n_initial, n, chunk_size):
            rows = np.arange(start, min(start + chunk_size, n))
            chunk = take_rows(X, rows)
            correct += int((learner.predict(chunk) == y[rows]).sum())
            ask = learner.should_query(chunk)
            queried[rows[ask]] = True
            if ask.any():
                learner.teach(take_rows(X, rows[ask]), y[rows[ask]])
            seen = rows[-1] + 1 - n_initial
            n_seen.append(seen)
            accuracy.append(correct / seen)
            n_labels.append(int(queried.sum()))
    return Bunch(
        n_seen=np.asarray(n_seen), accuracy=np.asarray(accuracy),
        n_labels=np.asarray(n_labels), queried=queried, learner=learner,
    )
