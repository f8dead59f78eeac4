"""Multi-label learner outputs on a pool, as ``(n_samples, n_labels)`` arrays.

Multi-label estimators disagree on shapes: ``OneVsRestClassifier``,
``ClassifierChain`` and ``MLPClassifier`` give one probability matrix;
``MultiOutputClassifier`` and native ones (random forests, k-nearest
neighbours) give a list with one ``(n_samples, n_classes_l)`` array per
label. Everything here turns them into the probability that each label
applies.
"""

import numpy as np
from sklearn.exceptions import NotFittedError

from ...utils import apply_in_chunks, num_features


def _present_column(classes):
    """Where class 1 (the label applies) sits among a label's classes, or None."""
    found = np.flatnonzero(np.asarray(classes) == 1)
    return int(found[0]) if found.shape[0] else None


def label_proba_from_output(proba, classes=None):
    """Per-label probability that the label applies, from any output shape.

    Parameters
    ----------
    proba : ndarray of shape (n_samples, n_labels) or list of ndarray
        ``predict_proba`` of a multi-label estimator.
    classes : list of ndarray, default=None
        The estimator's per-label ``classes_`` when ``proba`` is a list; a
        label seen with one value only has probability 0 or 1.

    Returns
    -------
    ndarray of shape (n_samples, n_labels)
        Probabilities in ``[0, 1]``.

    Examples
    --------
    >>> import numpy as np
    >>> from skactive.strategies import label_proba_from_output
    >>> label_proba_from_output([np.array([[0.3, 0.7]]), np.array([[1.0]])],
    ...                         classes=[np.array([0, 1]), np.array([0])])
    array([[0.7, 0. ]])
    """
    if not isinstance(proba, list):
        proba = np.asarray(proba, dtype=np.float64)
        if proba.ndim != 2:
            raise ValueError(
                "A multi-label estimator's predict_proba must give an (n_samples, "
                f"n_labels) matrix or a list of per-label arrays, got shape {proba.shape}."
            )
        return proba
    if classes is None or len(classes) != len(proba):
        raise ValueError(
            "predict_proba gave one array per label, but the estimator's classes_ "
            "does not list the classes of each label."
        )
    columns = []
    for label_proba, label_classes in zip(proba, classes):
        present = _present_column(label_classes)
        n = np.shape(label_proba)[0]
        columns.append(
            np.zeros(n) if present is None else np.asarray(label_proba, dtype=np.float64)[:, present]
        )
    return np.column_stack(columns)


def _check_multilabel(learner):
    y = getattr(learner, "y_labeled_", None)
    if y is None:
        raise NotFittedError("Multi-label strategies need a fitted learner.")
    if np.ndim(y) != 2:
        raise TypeError(
            "Multi-label strategies need a learner fitted on a multi-label target "
            "(y an indicator matrix of shape (n_samples, n_labels))."
        )
    return y


def _row_bytes(learner, X_pool):
    n_labels = _check_multilabel(learner).shape[1]
    return 8 * ((num_features(X_pool) or 0) + 6 * n_labels)


def label_proba(learner, X_pool):
    """The learner's per-label probabilities on ``X_pool``, scored in chunks.

    Examples
    --------
    >>> from sklearn.datasets import make_multilabel_classification
    >>> from sklearn.ensemble import RandomForestClassifier
    >>> from skactive import ActiveLearner
    >>> from skactive.strategies import label_proba
    >>> X, Y = make_multilabel_classification(n_samples=60, n_classes=3, random_state=0)
    >>> learner = ActiveLearner(RandomForestClassifier(n_estimators=5, random_state=0))
    >>> label_proba(learner.fit(X, Y), X[:4]).shape
    (4, 3)
    """
    _check_multilabel(learner)
    if not hasattr(learner, "predict_proba"):
        raise AttributeError(
            f"{type(getattr(learner, 'estimator', learner)).__name__} has no "
            "predict_proba; this multi-label strategy needs per-label probabilities "
            "(binary_minimum_sampling, max_loss_sampling and mean_max_loss_sampling "
            "also work from decision_function)."
        )
    classes = getattr(learner, "classes_", None)
    classes = classes if isinstance(classes, list) else None
    return apply_in_chunks(
        lambda rows: label_proba_from_output(learner.predict_proba(rows), classes),
        X_pool,
        row_bytes=_row_bytes(learner, X_pool),
    )


def label_decision(learner, X_pool):
    """Signed per-label scores: ``decision_function`` when the learner has it.

    Without one the probabilities give ``2 p - 1``, on the same side of 0
    as the prediction.
    """
    _check_multilabel(learner)
    if hasattr(learner, "decision_function"):
        return apply_in_chunks(
            lambda rows: np.asarray(learner.decision_function(rows), dtype=np.float64),
            X_pool,
            row_bytes=_row_bytes(learner, X_pool),
        )
    return 2 * label_proba(learner, X_pool) - 1


def label_predictions(learner, X_pool):
    """The learner's predicted label sets, a 0/1 matrix."""
    _check_multilabel(learner)
    return apply_in_chunks(
        lambda rows: np.asarray(learner.predict(rows), dtype=np.float64),
        X_pool,
        row_bytes=_row_bytes(learner, X_pool),
    )
