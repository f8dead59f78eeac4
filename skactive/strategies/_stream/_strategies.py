"""Stream strategies: for each arriving row, ask for its label now or never.

A stream strategy scores the rows as they come (``utility``) and decides
row by row (``decide``), asking its budget manager whether a label may be
spent. Decisions depend on what came before (thresholds adapt, budgets are
spent), so the strategy keeps that state; the stream learner holds a fitted
copy of it (``query_strategy_``) as pool learners do.
"""

from collections import deque

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, clone
from sklearn.utils import check_random_state

from .._tags import StrategyTags
from ...utils import apply_in_chunks, num_features
from ._budget import EstimatedBudget, QuantileBudget

STREAM = frozenset({"stream"})


def confidence(learner, X):
    """The probability of the predicted class, ``max_c P(c | x)``, per row."""
    n_classes = len(getattr(learner, "classes_", ())) or 2
    return apply_in_chunks(
        lambda rows: np.asarray(learner.predict_proba(rows), dtype=np.float64).max(axis=1),
        X,
        row_bytes=8 * ((num_features(X) or 0) + 2 * n_classes),
    )


class BaseStreamStrategy(BaseEstimator):
    """Base of the stream strategies: a utility per row, then a decision per row.

    Subclasses implement ``utility(learner, X)`` (higher = more informative)
    and, when they have a rule of their own, ``_wants(utility, rng, budget)``
    (called only when the budget manager allows a label, so that thresholds
    adapt only while labels can be bought, as in Žliobaitė et al. 2014).
    """

    def __skactive_tags__(self):
        return StrategyTags(tasks=STREAM)

    def _default_manager(self):
        return EstimatedBudget()

    def _manager(self):
        if not hasattr(self, "budget_manager_"):
            manager = getattr(self, "budget_manager", None)
            manager = self._default_manager() if manager is None else clone(manager)
            self.budget_manager_ = manager.reset()
        return self.budget_manager_

    def utility(self, learner, X):
        """Uncertainty of each row: ``1 - max_c P(c | x)``."""
        return 1.0 - confidence(learner, X)

    def _wants(self, utility, rng, budget):
        return True

    def _utilities(self, learner, X, rng):
        return self.utility(learner, X)

    def decide(self, learner, X, budget, random_state=None):
        """Which rows of ``X``, in order, to send for labeling.

        Parameters
        ----------
        learner : StreamLearner
            The fitted learner.
        X : array-like or sparse matrix
            Rows in arrival order.
        budget : float
            Share of the stream that may be labeled, in ``(0, 1]``.
        random_state : RandomState
            Source of the strategy's random draws.

        Returns
        -------
        mask : ndarray of bool of shape (n_rows,)
            ``True`` for the rows to label.
        utilities : ndarray of shape (n_rows,)
            The utility of each row.
        """
        rng = check_random_state(random_state)
        utilities = np.asarray(self._utilities(learner, X, rng), dtype=np.float64)
        if utilities.ndim != 1 or not np.all(np.isfinite(utilities)):
            raise ValueError(
                f"{type(self).__name__}.utility must give one finite number per row."
            )
        manager = self._manager()
        mask = np.zeros(utilities.shape[0], dtype=bool)
        for i, utility in enumerate(utilities):
            mask[i] = bool(manager.allows(utility, budget)) and bool(
                self._wants(utility, rng, budget)
            )
            manager.spend(mask[i], utility)
        return mask, utilities


class StreamRandomSampling(BaseStreamStrategy):
    """Label a random budget share of the stream: the baseline.

    Each row gets a uniform random utility, and the quantile budget manager
    labels the rows in the top budget share, so the spent share is the
    budget over any stream length.

    Parameters
    ----------
    budget_manager : budget manager or None, default=None
        ``None``: :class:`QuantileBudget`.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LogisticRegression
    >>> from skactive import StreamLearner
    >>> from skactive.strategies import StreamRandomSampling
    >>> rng = np.random.RandomState(0)
    >>> X = rng.rand(1000, 2); y = (X[:, 0] > 0.5).astype(int)
    >>> learner = StreamLearner(LogisticRegression(), StreamRandomSampling(),
    ...                         budget=0.1, random_state=0).fit(X[:20], y[:20])
    >>> round(float(learner.should_query(X[20:]).mean()), 2)
    0.1
    """

    def __init__(self, budget_manager=None):
        self.budget_manager = budget_manager

    def _default_manager(self):
        return QuantileBudget()

    def _utilities(self, learner, X, rng):
        return rng.rand(_n_rows(X))


def _n_rows(X):
    return X.shape[0] if hasattr(X, "shape") else len(X)


class FixedUncertainty(BaseStreamStrategy):
    """Label rows whose predicted class is less probable than a fixed threshold.

    Parameters
    ----------
    threshold : float, default=0.9
        A row is wanted when ``max_c P(c | x) < threshold``.
    budget_manager : budget manager or None, default=None
        ``None``: :class:`EstimatedBudget`.

    Examples
    --------
    >>> from skactive.strategies import FixedUncertainty
    >>> FixedUncertainty(threshold=0.8)._wants(0.3, None, 0.1)  # confidence 0.7
    True
    """

    def __init__(self, threshold=0.9, budget_manager=None):
        self.threshold = threshold
        self.budget_manager = budget_manager

    def _wants(self, utility, rng, budget):
        return 1.0 - utility < self.threshold


class VariableUncertainty(BaseStreamStrategy):
    """Uncertainty with a threshold that adapts to spend the budget (Žliobaitė et al. 2014).

    While the budget allows a label: a row whose confidence
    ``max_c P(c | x)`` is below the threshold ``theta`` is labeled and
    ``theta`` shrinks to ``theta * (1 - step)``; otherwise ``theta`` grows
    to ``theta * (1 + step)``. So the threshold follows the model: it asks
    for the least certain rows when it is good, for more when it is not
    (after a drift, say).

    Parameters
    ----------
    threshold : float, default=1.0
        The starting threshold ``theta``.
    step : float, default=0.01
        Relative change of ``theta`` per decision.
    budget_manager : budget manager or None, default=None
        ``None``: :class:`EstimatedBudget`.

    Attributes
    ----------
    threshold_ : float
        The current threshold (on the learner's fitted copy).

    Examples
    --------
    >>> from skactive.strategies import VariableUncertainty
    >>> strategy = VariableUncertainty(threshold=0.8, step=0.5)
    >>> strategy._wants(0.3, None, 0.1), strategy.threshold_  # confidence 0.7 < 0.8
    (True, 0.4)
    >>> strategy._wants(0.3, None, 0.1), strategy.threshold_  # 0.7 >= 0.4
    (False, 0.6000000000000001)
    """

    def __init__(self, threshold=1.0, step=0.01, budget_manager=None):
        self.threshold = threshold
        self.step = step
        self.budget_manager = budget_manager

    def _current(self):
        if not hasattr(self, "threshold_"):
            self.threshold_ = float(self.threshold)
        return self.threshold_

    def _compare_to(self, theta, rng):
        return theta

    def _wants(self, utility, rng, budget):
        theta = self._current()
        if 1.0 - utility < self._compare_to(theta, rng):
            self.threshold_ = theta * (1 - self.step)
            return True
        self.threshold_ = theta * (1 + self.step)
        return False


class RandomizedVariableUncertainty(VariableUncertainty):
    """Variable uncertainty against a randomised threshold (Žliobaitė et al. 2014).

    The confidence is compared with ``theta * eta``, ``eta`` drawn from a
    normal distribution of mean 1 and standard deviation ``delta``, so that
    rows the model is sure about are sometimes labeled too: a changed
    concept far from the decision boundary is found.

    Parameters
    ----------
    threshold : float, default=1.0
        The starting threshold ``theta``.
    step : float, default=0.01
        Relative change of ``theta`` per decision.
    delta : float, default=1.0
        Standard deviation of the random factor.
    budget_manager : budget manager or None, default=None
        ``None``: :class:`EstimatedBudget`.
    """

    def __init__(self, threshold=1.0, step=0.01, delta=1.0, budget_manager=None):
        self.threshold = threshold
        self.step = step
        self.delta = delta
        self.budget_manager = budget_manager

    def _compare_to(self, theta, rng):
        return theta * rng.normal(1.0, self.delta)


class Split(VariableUncertainty):
    """Random labels for a share of the stream, variable uncertainty for the rest.

    Žliobaitė et al. (2014): with probability ``random_share`` a row is
    labeled at random (if the budget allows), otherwise the variable
    uncertainty rule decides, so a drift anywhere in the input space is
    eventually seen.

    Parameters
    ----------
    random_share : float, default=0.2
        Probability that a row is decided at random.
    threshold : float, default=1.0
        The starting threshold of the uncertainty part.
    step : float, default=0.01
        Relative change of the threshold per uncertainty decision.
    budget_manager : budget manager or None, default=None
        ``None``: :class:`EstimatedBudget`.
    """

    def __init__(self, random_share=0.2, threshold=1.0, step=0.01, budget_manager=None):
        self.random_share = random_share
        self.threshold = threshold
        self.step = step
        self.budget_manager = budget_manager

    def _wants(self, utility, rng, budget):
        if rng.rand() < self.random_share:
            return rng.rand() < budget
        return super()._wants(utility, rng, budget)


class DensityUncertainty(BaseStreamStrategy):
    """Uncertainty weighted by how typical a row is of the recent stream.

    Utility ``(1 - max_c P(c | x)) * density(x)``, the density being the
    mean RBF similarity ``exp(-gamma ||x - x'||^2)`` to the last ``window``
    rows seen (computed in float64), so that isolated outliers are not
    labeled for being uncertain. The quantile budget manager labels the top
    budget share of recent utilities.

    Parameters
    ----------
    window : int, default=100
        Number of recent rows the density is measured against.
    gamma : float or None, default=None
        RBF bandwidth; ``None``: ``1 / (n_features * variance of the first
        rows seen)``, a scale-free choice.
    budget_manager : budget manager or None, default=None
        ``None``: :class:`QuantileBudget`.
    """

    def __init__(self, window=100, gamma=None, budget_manager=None):
        self.window = window
        self.gamma = gamma
        self.budget_manager = budget_manager

    def _default_manager(self):
        return QuantileBudget()

    def utility(self, learner, X):
        uncertainty = 1.0 - confidence(learner, X)
        rows = X.toarray() if sp.issparse(X) else np.asarray(X)
        rows = rows.astype(np.float64)
        if not hasattr(self, "recent_"):
            self.recent_ = deque(maxlen=self.window)
            variance = rows.var() if rows.size else 1.0
            self.gamma_ = (
                float(self.gamma) if self.gamma is not None
                else 1.0 / (rows.shape[1] * (variance or 1.0))
            )
        density = np.empty(rows.shape[0])
        for i, row in enumerate(rows):
            if self.recent_:
                recent = np.asarray(self.recent_)
                density[i] = np.exp(-self.gamma_ * ((recent - row) ** 2).sum(axis=1)).mean()
            else:
                density[i] = 1.0
            self.recent_.append(row)
        return uncertainty * density
