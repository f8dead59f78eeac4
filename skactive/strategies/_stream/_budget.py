"""Budget managers: which share of a stream may be sent for labeling.

A stream strategy asks its manager, row by row, whether it may spend one
more label, then tells it what it did. Managers keep their state (what was
seen and spent) in the stream learner's fitted copy, so the parameter
objects stay untouched and ``clone`` stays correct.
"""

import math
from bisect import bisect_left, insort
from collections import deque

from sklearn.base import BaseEstimator


class BaseBudgetManager(BaseEstimator):
    """Base of the budget managers: ``allows`` then ``spend``, row by row."""

    def reset(self):
        """Forget the stream seen so far."""
        self.n_seen_ = 0
        self.n_spent_ = 0
        return self

    def allows(self, utility, budget):
        """Whether one more label may be spent on a row of this utility."""
        raise NotImplementedError

    def spend(self, labeled, utility):
        """Record the decision taken on the row just seen."""
        self.n_seen_ += 1
        self.n_spent_ += int(labeled)

    def _started(self):
        if not hasattr(self, "n_seen_"):
            self.reset()


class FixedBudget(BaseBudgetManager):
    """Never spend more than the budget share of the stream seen so far.

    A label is allowed while ``n_spent + 1 <= budget * (n_seen + 1)``: the
    spent fraction never exceeds the budget, and a strategy that always
    wants a label spends it exactly.

    Examples
    --------
    >>> from skactive.strategies import FixedBudget
    >>> manager = FixedBudget().reset()
    >>> decisions = []
    >>> for _ in range(10):
    ...     decisions.append(manager.allows(1.0, budget=0.2))
    ...     manager.spend(decisions[-1], 1.0)
    >>> sum(decisions)
    2
    """

    def allows(self, utility, budget):
        self._started()
        return self.n_spent_ + 1 <= budget * (self.n_seen_ + 1) + 1e-9


class EstimatedBudget(BaseBudgetManager):
    """Spend while a windowed estimate of the spending is below the budget.

    Žliobaitė et al. (2014): the spending ``u`` decays by ``(w - 1) / w``
    at every row and grows by one at every label; divided by the rows seen,
    decayed alike (``w`` once the stream is long), it estimates the share
    spent over about the last ``window`` rows, and a label is allowed while
    that is below the budget. After a change in the stream (a drift that
    makes every row uncertain) it keeps spending at the budget's rate rather
    than catching up on what was saved before.

    Parameters
    ----------
    window : int, default=100
        Memory of the estimate, in rows.

    Examples
    --------
    >>> from skactive.strategies import EstimatedBudget
    >>> manager = EstimatedBudget(window=10).reset()
    >>> decisions = []
    >>> for _ in range(30):
    ...     decisions.append(manager.allows(1.0, budget=0.1))
    ...     manager.spend(decisions[-1], 1.0)
    >>> [i for i, allowed in enumerate(decisions) if allowed]
    [0, 8, 15, 22]
    """

    def __init__(self, window=100):
        self.window = window

    def reset(self):
        super().reset()
        self.spending_ = 0.0
        self.rows_ = 0.0
        return self

    def allows(self, utility, budget):
        self._started()
        # Rows seen, decayed alike: the window is not full over the first
        # rows, and a stream must not start with a burst of labels.
        return budget >= 1 or self.rows_ == 0 or self.spending_ / self.rows_ < budget

    def spend(self, labeled, utility):
        super().spend(labeled, utility)
        decay = (self.window - 1) / self.window
        self.spending_ = self.spending_ * decay + int(labeled)
        self.rows_ = self.rows_ * decay + 1


class QuantileBudget(BaseBudgetManager):
    """Spend on rows whose utility is in the top budget share of recent rows.

    A balanced incremental quantile filter: the threshold is the quantile
    ``1 - budget`` of the last ``window`` utilities, lowered by the labels
    owed (``budget * n_seen - n_spent``, spread over the window) and raised
    by those spent ahead, so the spent fraction stays at the budget
    whatever the utilities' scale, also when it drifts. A row whose utility
    equals the threshold (ties, as when every row gets the same utility) is
    labeled only while the spent share is below the budget.

    Parameters
    ----------
    window : int, default=100
        Number of recent utilities the quantile is taken over.

    Examples
    --------
    >>> import numpy as np
    >>> from skactive.strategies import QuantileBudget
    >>> manager = QuantileBudget(window=50).reset()
    >>> rng = np.random.RandomState(0)
    >>> for utility in rng.rand(2000):
    ...     manager.spend(manager.allows(utility, budget=0.1), utility)
    >>> round(manager.n_spent_ / manager.n_seen_, 2)
    0.1
    """

    def __init__(self, window=100):
        self.window = window

    def reset(self):
        super().reset()
        self.recent_ = deque(maxlen=self.window)
        self.sorted_ = []  # the same utilities, sorted: a quantile is a lookup
        return self

    def allows(self, utility, budget):
        self._started()
        if not self.recent_:
            return self.n_spent_ + 1 <= budget * (self.n_seen_ + 1)
        owed = budget * (self.n_seen_ + 1) - self.n_spent_
        level = min(max(1 - budget - owed / self.window, 0.0), 1.0)
        threshold = _quantile(self.sorted_, level)
        if utility == threshold or level == 0:
            # Ties (a model that is sure of everything gives every row the
            # same utility) must not all pass, and at level 0 (a budget of 1,
            # or far behind) rows below the window's minimum must not all
            # fail: either way, spend while behind.
            return self.n_spent_ + 1 <= budget * (self.n_seen_ + 1)
        return utility > threshold

    def spend(self, labeled, utility):
        super().spend(labeled, utility)
        utility = float(utility)
        if len(self.recent_) == self.window:
            del self.sorted_[bisect_left(self.sorted_, self.recent_[0])]
        self.recent_.append(utility)
        insort(self.sorted_, utility)


def _quantile(values, level):
    """``np.quantile(values, level)`` of a sorted list, bit for bit (linear method)."""
    position = (len(values) - 1) * level
    below = math.floor(position)
    above = min(below + 1, len(values) - 1)
    a, b, t = values[below], values[above], position - below
    # NumPy's interpolation: from the nearer end, so that t = 1 gives b exactly.
    return b - (b - a) * (1 - t) if t >= 0.5 else a + (b - a) * t
