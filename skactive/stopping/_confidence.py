"""Criteria on the model's own probabilities: uncertainty, confidence, accuracy estimate."""

import numpy as np

from ._base import BaseStoppingCriterion, _check_threshold, _check_window, _StopSetMixin
from ._measures import expected_accuracy, min_confidence, overall_uncertainty


class OverallUncertainty(BaseStoppingCriterion):
    """Stop when the model is, on average, certain about the pool.

    Zhu, Wang & Hovy (2008): the mean entropy of the predicted class
    distributions over the unlabeled pool (:func:`overall_uncertainty`,
    normalised by ``log(n_classes)`` so it lies in ``[0, 1]``) must fall to
    ``threshold``. It needs ``predict_proba``, and trusts the model's
    probabilities: an overconfident model stops too soon.

    Parameters
    ----------
    threshold : float, default=0.05
        Mean normalised entropy at which to stop, in ``[0, 1]``.

    Attributes
    ----------
    history_ : list of float
        The mean normalised entropy at each check.
    n_labels_history_ : list of int
        The number of labels at each check.
    stop_ : bool
        The last decision.
    n_labels_at_stop_ : int or None
        Labels at the first check that said stop.

    See Also
    --------
    MaxConfidence : Stop when even the least certain row is confident.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LogisticRegression
    >>> from skactive import ActiveLearner
    >>> from skactive.stopping import OverallUncertainty
    >>> X = np.array([[0.0], [1.0], [9.0], [10.0]])
    >>> learner = ActiveLearner(LogisticRegression(C=100)).fit(X, [0, 0, 1, 1])
    >>> OverallUncertainty(threshold=0.05).check(learner, [[-5.0], [15.0]])
    True
    >>> OverallUncertainty(threshold=0.05).check(learner, [[5.0], [15.0]])
    False
    """

    def __init__(self, threshold=0.05):
        self.threshold = threshold

    def measure(self, learner, X_pool):
        return overall_uncertainty(self._proba(learner, X_pool))

    def decide(self, history):
        return history[-1] <= _check_threshold(self.threshold)


class MaxConfidence(BaseStoppingCriterion):
    """Stop when the model is confident about every row of the pool.

    Zhu & Hovy (2007) stop when even the most uncertain unlabeled sample is
    classified confidently; here, when the lowest top-class probability
    over the pool (:func:`min_confidence`) reaches ``threshold``. It needs
    ``predict_proba``. On large or noisy pools some row always stays
    ambiguous, so it rarely fires before the budget: combine it with a
    :class:`LabelBudget`.

    Parameters
    ----------
    threshold : float, default=0.9
        Top-class probability the least confident row must reach, in
        ``[0, 1]``.

    Attributes
    ----------
    history_ : list of float
        The lowest top-class probability at each check.
    n_labels_history_ : list of int
        The number of labels at each check.
    stop_ : bool
        The last decision.
    n_labels_at_stop_ : int or None
        Labels at the first check that said stop.

    See Also
    --------
    OverallUncertainty : The mean uncertainty instead of the worst.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LogisticRegression
    >>> from skactive import ActiveLearner
    >>> from skactive.stopping import MaxConfidence
    >>> X = np.array([[0.0], [1.0], [9.0], [10.0]])
    >>> learner = ActiveLearner(LogisticRegression(C=100)).fit(X, [0, 0, 1, 1])
    >>> MaxConfidence(0.9).check(learner, [[-5.0], [15.0]])
    True
    >>> MaxConfidence(0.9).check(learner, [[-5.0], [5.0]])
    False
    """

    def __init__(self, threshold=0.9):
        self.threshold = threshold

    def measure(self, learner, X_pool):
        return min_confidence(self._proba(learner, X_pool))

    def decide(self, history):
        return history[-1] >= _check_threshold(self.threshold)


class PerformanceConvergence(_StopSetMixin, BaseStoppingCriterion):
    """Stop when the model's own accuracy estimate has converged.

    Laws & Schütze (2008): without labels, a model's accuracy can be
    estimated from its confidence (:func:`expected_accuracy`, the mean
    top-class probability). It is computed on a fixed stop set drawn from
    the pool at the first check, and labeling stops when it stayed within
    ``threshold`` (highest minus lowest) over the last ``window + 1``
    checks. It needs ``predict_proba``, and it is only as good as the
    model's calibration: on the development suite
    (``benchmarks/bench_stopping.py``) it stopped too early more often than
    :class:`StabilizingPredictions`; measuring only the gain of the
    estimate (the paper's gradient) stopped after 80 labels and lost 0.04
    accuracy on average, because the estimate of an overconfident early
    model can fall as labels arrive.

    Parameters
    ----------
    window : int, default=5
        Number of checks (batches) over which the estimate must be stable.
    threshold : float, default=0.005
        Largest spread of the estimate over the window at which to stop.
    stop_set_size : int, default=500
        Rows of the pool in the stop set.
    random_state : int, RandomState instance or None, default=None
        Draws the stop set; ``None``: the learner's integer
        ``random_state`` (0 if it has none).

    Attributes
    ----------
    stop_set_ : array-like
        A copy of the stop set rows.
    history_ : list of float
        The accuracy estimate at each check.
    n_labels_history_ : list of int
        The number of labels at each check.
    stop_ : bool
        The last decision.
    n_labels_at_stop_ : int or None
        Labels at the first check that said stop.

    Examples
    --------
    >>> from skactive.stopping import PerformanceConvergence
    >>> criterion = PerformanceConvergence(window=2, threshold=0.01)
    >>> criterion.decide([0.70, 0.80, 0.85]), criterion.decide([0.80, 0.85, 0.845])
    (False, False)
    >>> criterion.decide([0.845, 0.85, 0.848])
    True
    """

    def __init__(self, window=5, threshold=0.005, stop_set_size=500, random_state=None):
        self.window = window
        self.threshold = threshold
        self.stop_set_size = stop_set_size
        self.random_state = random_state

    def measure(self, learner, X_pool):
        return expected_accuracy(self._proba(learner, self._stop_set(learner, X_pool)))

    def decide(self, history):
        window = _check_window(self.window)
        threshold = _check_threshold(self.threshold)
        if len(history) <= window:
            return False
        last = history[-1 - window:]
        return max(last) - min(last) <= threshold
