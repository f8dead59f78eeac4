"""Layer 1 of the stopping criteria: pure measures on arrays.

Each takes predictions or probabilities and returns one number; the
criteria (layer 2) compute them on a learner, the decision (layer 3)
compares them with a threshold.
"""

import numpy as np

from ..strategies import entropy


def _check_pair(previous, current):
    previous = np.asarray(previous)
    current = np.asarray(current)
    if previous.shape != current.shape or previous.ndim not in (1, 2):
        raise ValueError(
            "Expected two arrays of predictions of the same shape (n_samples,) or "
            f"(n_samples, n_labels), got shapes {previous.shape} and {current.shape}."
        )
    if previous.shape[0] == 0:
        raise ValueError("Expected at least one prediction, got none.")
    return previous, current


def kappa_agreement(previous, current):
    """Cohen's kappa between two models' predictions on the same samples.

    The share of samples on which the two predictions agree, corrected for
    the agreement expected by chance from how often each model predicts
    each class: ``(p_o - p_e) / (1 - p_e)``. It is 1 for identical
    predictions, 0 for agreement at chance level. When both models predict
    one and the same class everywhere (``p_e = 1``) they agree perfectly
    and the kappa is 1 (:func:`sklearn.metrics.cohen_kappa_score` returns
    NaN there). Multi-label predictions (2-D indicator arrays) are compared
    label by label.

    Parameters
    ----------
    previous, current : array-like of shape (n_samples,) or (n_samples, n_labels)
        Predicted labels of two models on the same samples.

    Returns
    -------
    float
        Kappa, at most 1.

    See Also
    --------
    StabilizingPredictions : Stops when this kappa stays high.

    Examples
    --------
    >>> from skactive.stopping import kappa_agreement
    >>> kappa_agreement([0, 0, 1, 1], [0, 1, 1, 1])
    0.5
    >>> kappa_agreement(["a", "a"], ["a", "a"])
    1.0
    """
    previous, current = _check_pair(previous, current)
    previous, current = previous.ravel(), current.ravel()
    observed = np.mean(previous == current)
    classes, codes = np.unique(np.concatenate([previous, current]), return_inverse=True)
    n = previous.shape[0]
    share_previous = np.bincount(codes[:n], minlength=classes.shape[0]) / n
    share_current = np.bincount(codes[n:], minlength=classes.shape[0]) / n
    chance = float(share_previous @ share_current)
    if chance >= 1.0:
        return 1.0
    return float((observed - chance) / (1.0 - chance))


def classification_change(previous, current):
    """Share of samples whose predicted label changed between two models.

    Parameters
    ----------
    previous, current : array-like of shape (n_samples,) or (n_samples, n_labels)
        Predicted labels of two models on the same samples; a multi-label
        row counts as changed when any of its labels changed.

    Returns
    -------
    float
        In ``[0, 1]``; 0 when no prediction changed.

    See Also
    --------
    ClassificationChange : Stops when this share is small enough.

    Examples
    --------
    >>> from skactive.stopping import classification_change
    >>> classification_change([0, 0, 1, 1], [0, 1, 1, 2])
    0.5
    """
    previous, current = _check_pair(previous, current)
    changed = previous != current
    if changed.ndim == 2:
        changed = changed.any(axis=1)
    return float(np.mean(changed))


def _check_proba(proba):
    proba = np.asarray(proba, dtype=float)
    if proba.ndim != 2 or proba.shape[0] == 0:
        raise ValueError(
            "Expected probabilities of shape (n_samples, n_classes) with at least "
            f"one sample, got shape {proba.shape}."
        )
    return proba


def _normalized_entropy(proba):
    proba = _check_proba(proba)
    if proba.shape[1] < 2:
        return np.zeros(proba.shape[0])
    return entropy(proba) / np.log(proba.shape[1])


def overall_uncertainty(proba):
    """Mean entropy of the class distributions, as a share of its maximum.

    The entropy of each row is divided by ``log(n_classes)``, the entropy
    of a uniform distribution, so the value is in ``[0, 1]`` whatever the
    number of classes: 0 when every row is certain, 1 when every row is
    uniform.

    Parameters
    ----------
    proba : array-like of shape (n_samples, n_classes)
        Class probabilities.

    Returns
    -------
    float
        The mean normalised entropy.

    See Also
    --------
    OverallUncertainty : Stops when this falls below a threshold.

    Examples
    --------
    >>> from skactive.stopping import overall_uncertainty
    >>> overall_uncertainty([[0.5, 0.5], [1.0, 0.0]])
    0.5
    """
    return float(np.mean(_normalized_entropy(proba)))


def min_confidence(proba):
    """The lowest top-class probability: the confidence on the hardest row.

    Parameters
    ----------
    proba : array-like of shape (n_samples, n_classes)
        Class probabilities.

    Returns
    -------
    float
        ``min_i max_c proba[i, c]``.

    See Also
    --------
    MaxConfidence : Stops when even this row is predicted confidently.

    Examples
    --------
    >>> from skactive.stopping import min_confidence
    >>> min_confidence([[0.9, 0.1], [0.3, 0.7]])
    0.7
    """
    return float(np.min(_check_proba(proba).max(axis=1)))


def expected_accuracy(proba):
    """Accuracy the model expects of itself: the mean top-class probability.

    For a calibrated model this estimates its accuracy on the samples, with
    no labels needed (Laws & Schütze, 2008).

    Parameters
    ----------
    proba : array-like of shape (n_samples, n_classes)
        Class probabilities.

    Returns
    -------
    float
        ``mean_i max_c proba[i, c]``.

    See Also
    --------
    PerformanceConvergence : Stops when this estimate stops rising.

    Examples
    --------
    >>> from skactive.stopping import expected_accuracy
    >>> expected_accuracy([[0.9, 0.1], [0.3, 0.7]])
    0.8
    """
    return float(np.mean(_check_proba(proba).max(axis=1)))
