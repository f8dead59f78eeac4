"""The base class of strategies that have settings."""

import inspect

import numpy as np
from sklearn.base import BaseEstimator

from ..utils import num_rows

from ..utils._fixes import ReadableReprMixin
from ._selection import select_top_k
from ._tags import StrategyTags


class BaseQueryStrategy(ReadableReprMixin, BaseEstimator):
    """Base class for query strategies with tunable settings.

    A strategy is any callable
    ``strategy(learner, X_pool, n_instances=1, *, random_state=None)`` that
    returns positions, or ``(positions, scores)``. Deriving from this class
    gives a strategy ``get_params`` / ``set_params`` / ``repr`` and makes it
    safe to ``clone``, so ``GridSearchCV`` can tune ``query_strategy__<name>``.

    Subclasses that only score implement :meth:`utility`; the shared
    selection (top-k, ties broken at random) does the rest. Batch-aware
    strategies override ``__call__``. A strategy that learns from the
    answers may define ``on_teach(learner, X, y)``: the learner calls it on
    its own fitted copy (``learner.query_strategy_``) after each successful
    ``teach``, so the parameter object stays untouched.

    Examples
    --------
    >>> import numpy as np
    >>> from skactive.strategies import BaseQueryStrategy
    >>> class LongestRow(BaseQueryStrategy):
    ...     def __init__(self, power=2):
    ...         self.power = power
    ...     def utility(self, learner, X_pool):
    ...         return (np.abs(X_pool) ** self.power).sum(axis=1)
    >>> LongestRow(power=1)(None, np.array([[0, 1], [3, 0], [1, 1]]), 2)[0]
    array([1, 2])
    """

    def __skactive_tags__(self):
        """Declared properties (:class:`StrategyTags`); subclasses refine them."""
        return StrategyTags()

    def utility(self, learner, X_pool):
        """One utility per row of ``X_pool``, higher = more informative."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement utility(learner, X_pool) "
            "or override __call__."
        )

    def __call__(self, learner, X_pool, n_instances=1, *, random_state=None):
        scores = self.utility(learner, X_pool)
        return select_top_k(scores, n_instances, random_state), scores


def strategy_utility(strategy, learner, X_pool, random_state=None):
    """The utility a strategy assigns to each row of ``X_pool``.

    Composite strategies (density weighting, cost weighting, ranked batches)
    use it to read the scores of a base strategy: objects with a ``utility``
    method are asked directly; plain functions are called and must return
    ``(positions, scores)``.

    Examples
    --------
    >>> import numpy as np
    >>> from skactive.strategies import random_sampling, strategy_utility
    >>> strategy_utility(random_sampling, None, np.zeros((3, 2)), 0).shape
    (3,)
    """
    utility = getattr(strategy, "utility", None)
    if callable(utility):
        # A utility that draws random numbers (subsamples, a random base)
        # takes the caller's random state: the same seed, the same scores.
        if "random_state" in inspect.signature(utility).parameters:
            utility = utility(learner, X_pool, random_state=random_state)
        else:
            utility = utility(learner, X_pool)
    else:
        result = strategy(learner, X_pool, 1, random_state=random_state)
        if not isinstance(result, tuple):
            raise TypeError(
                f"{_name(strategy)} returns positions only, so its utility is "
                "unknown; return (positions, scores) from it to use it as a base."
            )
        utility = result[1]
    return _checked_utility(utility, strategy, num_rows(X_pool))


def _checked_utility(utility, strategy, n_pool):
    """The base's utility, refused (naming the base) unless one number per row."""
    utility = np.asarray(utility)
    if utility.dtype.kind not in "biuf" or utility.shape != (n_pool,):
        raise TypeError(
            f"{_name(strategy)}, used as a base, returned utilities of dtype "
            f"{utility.dtype} and shape {utility.shape}; a base scores every pool "
            f"row with a number, shape ({n_pool},)."
        )
    n_nan = int(np.isnan(utility).sum()) if utility.dtype.kind == "f" else 0
    if n_nan:
        raise ValueError(
            f"{_name(strategy)}, used as a base, returned NaN utilities for {n_nan} "
            f"of {n_pool} pool rows; check its estimator's probabilities on the pool "
            "(does the pool hold missing values?)."
        )
    return utility


def _name(strategy):
    return getattr(strategy, "__name__", type(strategy).__name__)
