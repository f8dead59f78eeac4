"""Multi-label targets: a 0/1 indicator matrix, one column per label.

``ActiveLearner`` learns a multi-label task when ``y`` is such a matrix (the
output of :class:`~sklearn.preprocessing.MultiLabelBinarizer`); lists of
label sets are refused with a pointer to that converter, so the column
order is always the user's own.
"""

import numpy as np
import scipy.sparse as sp
from sklearn.utils.multiclass import type_of_target


def _is_sequence_of_label_sets(y):
    return (
        isinstance(y, (list, tuple))
        and len(y) > 0
        and all(isinstance(row, (list, tuple, set, frozenset)) for row in y)
    )


def is_label_indicator(y):
    """Whether ``y`` is a multi-label target (an indicator matrix).

    Raises
    ------
    TypeError
        For a list of label sets, which must be converted explicitly.
    """
    if _is_sequence_of_label_sets(y):
        raise TypeError(
            "y is a list of label sets; convert it explicitly to an indicator "
            "matrix with sklearn.preprocessing.MultiLabelBinarizer (keep the "
            "binarizer: its classes_ name the columns), then pass that matrix."
        )
    if not (sp.issparse(y) or getattr(y, "ndim", np.ndim(y)) == 2):
        return False
    if np.shape(y)[1] < 2:
        return False  # a column vector: one label per sample
    try:
        return type_of_target(y) == "multilabel-indicator"
    except ValueError:
        return False


def label_indicator(y):
    """Our own dense integer copy of an indicator matrix."""
    y = y.toarray() if sp.issparse(y) else np.array(y, copy=True)
    return y.astype(np.int64, copy=False)


def check_new_label_rows(y_labeled, y):
    """Refuse new labels that do not have the labeled set's label columns."""
    if y_labeled.ndim != y.ndim or y_labeled.shape[1:] != y.shape[1:]:
        def describe(t):
            return f"{t.shape[1]} label columns" if t.ndim == 2 else "one label per sample"

        raise ValueError(
            f"teach got {describe(y)}, but the labeled set has {describe(y_labeled)}; "
            "pass label rows of the same form as those given to fit."
        )
