"""The plainest criterion: a number of labels."""

import numbers

from ._base import BaseStoppingCriterion, _n_labels


class LabelBudget(BaseStoppingCriterion):
    """Stop once the learner has ``n_labels`` labels.

    It looks at nothing but the size of the labeled set, so it works for
    every task; combine it with a criterion on the model
    (``any_of(StabilizingPredictions(), LabelBudget(500))``) to cap what a
    criterion that has not fired yet may spend.

    Parameters
    ----------
    n_labels : int, default=500
        Number of labels (the seed labels included) at which to stop.

    Attributes
    ----------
    history_ : list of int
        The number of labels at each check.
    n_labels_history_ : list of int
        The same.
    stop_ : bool
        The last decision.
    n_labels_at_stop_ : int or None
        Labels at the first check that said stop.

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> from skactive import ActiveLearner
    >>> from skactive.stopping import LabelBudget
    >>> learner = ActiveLearner(LogisticRegression()).fit([[0], [1]], [0, 1])
    >>> LabelBudget(2).check(learner, [[2]]), LabelBudget(3).check(learner, [[2]])
    (True, False)
    """

    def __init__(self, n_labels=500):
        self.n_labels = n_labels

    def measure(self, learner, X_pool):
        return _n_labels(learner)

    def decide(self, history):
        n = self.n_labels
        if not isinstance(n, numbers.Integral) or isinstance(n, bool) or n < 1:
            raise ValueError(f"n_labels must be a positive integer, got {n!r}.")
        return history[-1] >= n
