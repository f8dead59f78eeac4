"""Criteria that compare successive models' predictions on a fixed stop set."""

import numpy as np

from ._base import BaseStoppingCriterion, _check_threshold, _check_window, _StopSetMixin
from ._measures import classification_change, kappa_agreement


class _SuccessivePredictions(_StopSetMixin, BaseStoppingCriterion):
    _pair_measure = None

    def measure(self, learner, X_pool):
        self._needs_classes(learner)
        predictions = np.asarray(learner.predict(self._stop_set(learner, X_pool)))
        previous = getattr(self, "predictions_", None)
        self.predictions_ = predictions
        if previous is None:
            return None  # the first model has nothing to be compared with
        return type(self)._pair_measure(previous, predictions)

    def _window_values(self, history):
        window = _check_window(self.window)
        last = history[-window:]
        if len(last) < window or any(value is None for value in last):
            return None
        return last


class StabilizingPredictions(_SuccessivePredictions):
    """Stop when successive models agree on a stop set (stabilizing predictions).

    Bloodgood & Vijay-Shanker (2009): at the first check, ``stop_set_size``
    rows of the pool are drawn at random and kept (the stop set); at each
    check, the new model's predictions on them are compared with the
    previous model's by Cohen's kappa (:func:`kappa_agreement`). Labeling
    stops when the mean kappa over the last ``window`` comparisons reaches
    ``threshold``. The criterion needs predicted classes, no probabilities,
    so it works with any classifier and with committees.

    The defaults are measured, not the paper's (kappa 0.99 over a window
    of 3). With margin sampling, a scaled logistic regression and batches
    of 10 towards a 500-label budget (``benchmarks/bench_stopping.py``, 10
    runs on digits): the paper's setting stopped at a median of 185 labels
    and lost 0.022 accuracy against the full budget on average (down to
    -0.037); ``window=5, threshold=0.999`` stopped at 255 (9 runs of 10
    before 300 labels) and lost 0.007. Over the whole development suite it
    lost 0.001 on average, but on data that plateau early it often spends
    most of the budget (see the user guide, "When to stop"). With a
    500-row stop set and 10 classes, one changed prediction costs about
    0.002 of kappa: the default stops after five batches that changed at
    most two predictions in all.

    Parameters
    ----------
    window : int, default=5
        Number of successive comparisons averaged.
    threshold : float, default=0.999
        Mean kappa at which to stop, in ``[0, 1]``.
    stop_set_size : int, default=500
        Rows of the pool in the stop set (all of them for a smaller pool).
    random_state : int, RandomState instance or None, default=None
        Draws the stop set; ``None``: the learner's integer
        ``random_state`` (0 if it has none), so seeded runs are repeatable.

    Attributes
    ----------
    stop_set_ : array-like
        A copy of the stop set rows.
    predictions_ : ndarray
        The last model's predictions on the stop set.
    history_ : list of float or None
        The kappa at each check (``None`` at the first).
    n_labels_history_ : list of int
        The number of labels at each check.
    stop_ : bool
        The last decision.
    n_labels_at_stop_ : int or None
        Labels at the first check that said stop.

    See Also
    --------
    ClassificationChange : Stop when (almost) no prediction changes.
    kappa_agreement : The measure.

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import StandardScaler
    >>> from skactive import ActiveLearner
    >>> from skactive.stopping import StabilizingPredictions
    >>> from skactive.strategies import margin_sampling
    >>> X, y = load_digits(return_X_y=True)
    >>> learner = ActiveLearner(
    ...     make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
    ...     margin_sampling, random_state=0, budget=500, batch_size=10,
    ...     stopping=StabilizingPredictions())
    >>> learner = learner.fit(X, y)
    >>> bool(learner.n_labels_at_stop_ < 500)
    True
    >>> learner.queried_indices_.shape[0] == learner.n_labels_at_stop_
    True
    """

    _pair_measure = staticmethod(kappa_agreement)

    def __init__(self, window=5, threshold=0.999, stop_set_size=500, random_state=None):
        self.window = window
        self.threshold = threshold
        self.stop_set_size = stop_set_size
        self.random_state = random_state

    def decide(self, history):
        threshold = _check_threshold(self.threshold)
        last = self._window_values(history)
        return last is not None and float(np.mean(last)) >= threshold


class ClassificationChange(_SuccessivePredictions):
    """Stop when (almost) no prediction on the stop set changes any more.

    Zhu, Wang & Hovy (2008) stop once a new label changes no predicted
    class among the unlabeled samples. Here the samples are a fixed stop
    set (as in :class:`StabilizingPredictions`), since the pool shrinks
    between checks; the share of its rows whose prediction changed
    (:func:`classification_change`) must be at most ``threshold`` in each
    of the last ``window`` comparisons. The paper checks one comparison;
    on digits (``benchmarks/bench_stopping.py``) that stopped at a median
    of 210 of 500 labels and lost 0.015 accuracy, two in a row (the
    default) stopped at 255 and lost 0.009.

    Parameters
    ----------
    threshold : float, default=0.0
        Largest share of changed predictions at which to stop, in
        ``[0, 1]``; 0 is the paper's "no change at all".
    window : int, default=2
        Number of successive comparisons that must all be at most
        ``threshold``.
    stop_set_size : int, default=500
        Rows of the pool in the stop set.
    random_state : int, RandomState instance or None, default=None
        Draws the stop set; ``None``: the learner's integer
        ``random_state`` (0 if it has none).

    Attributes
    ----------
    stop_set_ : array-like
        A copy of the stop set rows.
    predictions_ : ndarray
        The last model's predictions on the stop set.
    history_ : list of float or None
        The share of changed predictions at each check.
    n_labels_history_ : list of int
        The number of labels at each check.
    stop_ : bool
        The last decision.
    n_labels_at_stop_ : int or None
        Labels at the first check that said stop.

    See Also
    --------
    StabilizingPredictions : The same comparison, by kappa over a window.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LogisticRegression
    >>> from skactive import ActiveLearner
    >>> from skactive.stopping import ClassificationChange
    >>> X = np.array([[0.0], [1.0], [9.0], [10.0]])
    >>> learner = ActiveLearner(LogisticRegression()).fit(X, [0, 0, 1, 1])
    >>> criterion = ClassificationChange(window=1)
    >>> criterion.check(learner, X), criterion.check(learner.teach([[2.0]], [0]), X)
    (False, True)
    >>> criterion.history_
    [None, 0.0]
    """

    _pair_measure = staticmethod(classification_change)

    def __init__(self, threshold=0.0, window=2, stop_set_size=500, random_state=None):
        self.threshold = threshold
        self.window = window
        self.stop_set_size = stop_set_size
        self.random_state = random_state

    def decide(self, history):
        threshold = _check_threshold(self.threshold)
        last = self._window_values(history)
        return last is not None and max(last) <= threshold
