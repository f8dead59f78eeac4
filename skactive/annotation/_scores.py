"""From the learner's utilities to Label Studio prediction scores.

Label Studio's "Uncertainty sampling" serves first the task whose prediction
has the *lowest* score, while a skactive utility is *higher* for the samples
to ask first. The queue score is therefore a rank, not a transformed utility:
ranks keep the learner's exact order (ties included), stay finite whatever the
utility's scale, and put a batch-aware strategy's chosen batch first.
"""

import numpy as np

__all__ = ["queue_scores"]


def queue_scores(utility, first=None):
    """Prediction scores that make Label Studio serve rows in the learner's order.

    Parameters
    ----------
    utility : array-like of shape (n_rows,)
        The learner's utility per row, higher = ask first (the scores of
        ``learner.query(X_pool, return_scores=True)``).
    first : array-like of int, default=None
        Positions the learner queried (``learner.query`` output), in its
        order. They come first, in that order, even where a batch-aware
        strategy picked them against the plain utility order. The other rows
        follow by decreasing utility.

    Returns
    -------
    scores : ndarray of shape (n_rows,), dtype float64
        ``rank / n_rows`` in ``[0, 1)``: the row to ask first gets 0. Equal
        utilities keep the pool order (the lower position first), so the queue
        is reproducible.

    Raises
    ------
    ValueError
        If a utility is NaN (a broken strategy must not silently push a
        random queue), or ``first`` holds duplicates or positions out of
        range.

    Examples
    --------
    >>> from skactive.annotation import queue_scores
    >>> queue_scores([0.1, 0.9, 0.5, 0.9])
    array([0.75, 0.  , 0.5 , 0.25])
    >>> queue_scores([0.1, 0.9, 0.5, 0.9], first=[2])
    array([0.75, 0.25, 0.  , 0.5 ])
    """
    utility = np.asarray(utility, dtype=np.float64)
    if utility.ndim != 1:
        raise ValueError(
            f"utility must be 1-D, one value per row; got shape {utility.shape}"
        )
    n_rows = utility.shape[0]
    if np.isnan(utility).any():
        raise ValueError(
            f"the utility of row {int(np.flatnonzero(np.isnan(utility))[0])} is NaN; "
            "the strategy gave no usable order"
        )
    # Stable sort of -utility: ties keep the pool order.
    order = np.argsort(-utility, kind="stable")
    if first is not None:
        first = np.asarray(first)
        if first.ndim != 1 or (first.size and first.dtype.kind not in "iu"):
            raise ValueError("first must be a 1-D array of integer positions")
        if first.size and (first.min() < 0 or first.max() >= n_rows):
            raise ValueError(
                f"first holds positions outside [0, {n_rows}): {first.tolist()}"
            )
        if np.unique(first).shape[0] != first.shape[0]:
            raise ValueError(f"first holds duplicate positions: {first.tolist()}")
        rest = order[~np.isin(order, first)]
        order = np.concatenate([first.astype(np.intp), rest])
    scores = np.empty(n_rows, dtype=np.float64)
    scores[order] = np.arange(n_rows, dtype=np.float64) / max(n_rows, 1)
    return scores
