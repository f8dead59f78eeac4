"""Multi-label measures: pure functions of per-label outputs.

Each takes arrays of shape ``(n_samples, n_labels)`` — ``proba`` the
probability that each label applies, ``decision`` a signed score per label
(positive = the label applies), ``predicted`` the 0/1 predicted label set —
and returns one utility per sample, higher = more informative.
"""

import numpy as np
from scipy.stats import rankdata


def _as_2d(values, name):
    values = np.asarray(values, dtype=np.float64)
    if values.ndim != 2 or values.shape[1] == 0:
        raise ValueError(
            f"{name} must have shape (n_samples, n_labels), got {values.shape}."
        )
    return values


def label_confidence(proba):
    """How sure the model is of each label, present or absent: ``|2p - 1|``.

    Examples
    --------
    >>> from skactive.strategies import label_confidence
    >>> label_confidence([[0.5, 0.9, 0.2]])
    array([[0. , 0.8, 0.6]])
    """
    return np.abs(2 * _as_2d(proba, "proba") - 1)


def min_confidence(proba):
    """Minus the confidence of the least certain label (Esuli & Sebastiani 2009).

    Utility ``-min_l |2 p_l - 1|``: a sample is informative as soon as one
    of its labels is in doubt.

    Examples
    --------
    >>> from skactive.strategies import min_confidence
    >>> min_confidence([[0.5, 0.9], [0.9, 0.1]])
    array([-0. , -0.8])
    """
    return -label_confidence(proba).min(axis=1)


def avg_confidence(proba):
    """Minus the mean label confidence (Esuli & Sebastiani 2009).

    Utility ``-mean_l |2 p_l - 1|``: samples with many doubtful labels first.

    Examples
    --------
    >>> from skactive.strategies import avg_confidence
    >>> avg_confidence([[0.5, 0.9], [0.9, 0.1]])
    array([-0.4, -0.8])
    """
    return -label_confidence(proba).mean(axis=1)


def max_score(proba):
    """Minus the highest signed label score ``2 p_l - 1`` (Esuli & Sebastiani 2009).

    The score dimension keeps the sign: a sample whose best label is still
    unlikely has no label the model would assign with conviction.

    Examples
    --------
    >>> from skactive.strategies import max_score
    >>> max_score([[0.5, 0.9], [0.2, 0.1]])
    array([-0.8,  0.6])
    """
    return -(2 * _as_2d(proba, "proba") - 1).max(axis=1)


def avg_score(proba):
    """Minus the mean signed label score ``2 p_l - 1`` (Esuli & Sebastiani 2009).

    Examples
    --------
    >>> from skactive.strategies import avg_score
    >>> avg_score([[0.5, 0.9], [0.2, 0.1]])
    array([-0.4,  0.7])
    """
    return -(2 * _as_2d(proba, "proba") - 1).mean(axis=1)


def binary_minimum(decision):
    """Minus the smallest absolute decision value (Brinker 2006).

    Utility ``-min_l |d_l|``: the sample closest to any one label's
    decision boundary.

    Examples
    --------
    >>> from skactive.strategies import binary_minimum
    >>> binary_minimum([[-2.0, 0.5], [1.5, -3.0]])
    array([-0.5, -1.5])
    """
    return -np.abs(_as_2d(decision, "decision")).min(axis=1)


def _hinge_losses(decision, predicted):
    decision = _as_2d(decision, "decision")
    predicted = _as_2d(predicted, "predicted")
    if predicted.shape != decision.shape:
        raise ValueError(
            f"predicted has shape {predicted.shape} but decision has shape "
            f"{decision.shape}; they must match."
        )
    signs = 2 * predicted - 1
    return np.maximum(1 - signs * decision, 0)


def max_loss(decision, predicted):
    """Largest hinge loss of the predicted label set (Li, Wang & Sung 2004).

    Utility ``max_l max(0, 1 - s_l d_l)`` with ``s_l = +1`` for a predicted
    label and ``-1`` otherwise: how wrong the worst label could be if the
    predicted set were the truth.

    Examples
    --------
    >>> from skactive.strategies import max_loss
    >>> max_loss([[-2.0, 0.5], [1.5, -3.0]], [[0, 1], [1, 0]])
    array([0.5, 0. ])
    """
    return _hinge_losses(decision, predicted).max(axis=1)


def mean_max_loss(decision, predicted):
    """Mean hinge loss of the predicted label set (MMC, Yang et al. 2009).

    Utility ``mean_l max(0, 1 - s_l d_l)``: the expected reduction of the
    model's loss, every label counted. Yang et al. predict the label set's
    size with a separate model; here the learner's own predictions give it.

    Examples
    --------
    >>> from skactive.strategies import mean_max_loss
    >>> mean_max_loss([[-2.0, 0.5], [1.5, -3.0]], [[0, 1], [1, 0]])
    array([0.25, 0.  ])
    """
    return _hinge_losses(decision, predicted).mean(axis=1)


def label_cardinality_inconsistency(predicted, mean_cardinality):
    """Distance of a predicted label set's size to the labeled data's (Li & Guo 2013).

    Utility ``|sum_l yhat_l - c|`` with ``c`` the mean number of labels per
    labeled sample: a model that predicts three labels where samples carry
    one has not learnt that sample.

    Examples
    --------
    >>> from skactive.strategies import label_cardinality_inconsistency
    >>> label_cardinality_inconsistency([[1, 1, 1], [0, 1, 0]], 1.5)
    array([1.5, 0.5])
    """
    predicted = _as_2d(predicted, "predicted")
    return np.abs(predicted.sum(axis=1) - float(mean_cardinality))


def cvirs(proba, predicted, label_frequency):
    """Category vector inconsistency and ranking of scores (Reyes et al. 2018).

    The product of two parts, each in ``[0, 1]``:

    * uncertainty by rank aggregation: per label, the pool's samples are
      ranked by margin ``|2 p_l - 1|`` (rank 1 = smallest margin, ties
      averaged), and ``(n - rank) / (n - 1)`` is averaged over labels, so a
      sample uncertain on many labels relative to the pool scores near 1;
    * inconsistency: the mean normalised Hamming distance between the
      predicted label set and the labeled samples' sets, computed from the
      labeled data's per-label frequencies ``q_l`` as
      ``mean_l [yhat_l (1 - q_l) + (1 - yhat_l) q_l]``. (Reyes et al. use an
      entropy-based distance between the two vectors; the Hamming form keeps
      the cost linear in the labeled set.)

    Examples
    --------
    >>> from skactive.strategies import cvirs
    >>> cvirs([[0.5, 0.5], [0.9, 0.1]], [[1, 1], [1, 0]], [0.5, 0.0])
    array([0.75, 0.  ])
    """
    margins = label_confidence(proba)
    predicted = _as_2d(predicted, "predicted")
    frequency = np.asarray(label_frequency, dtype=np.float64)
    n = margins.shape[0]
    if n == 1:
        uncertainty = np.ones(1)
    else:
        ranks = rankdata(margins, axis=0)
        uncertainty = ((n - ranks) / (n - 1)).mean(axis=1)
    inconsistency = (predicted * (1 - frequency) + (1 - predicted) * frequency).mean(axis=1)
    return uncertainty * inconsistency
