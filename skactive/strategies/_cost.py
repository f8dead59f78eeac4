"""Cost-weighted sampling: informativeness per unit of annotation cost."""

import numpy as np
from sklearn.utils import check_random_state

from ..utils import num_rows
from ._base import BaseQueryStrategy, strategy_utility
from ._selection import select_top_k
from ._tags import base_tasks


class CostWeighted(BaseQueryStrategy):
    """Divide a base utility by what each row costs to annotate.

    A long document, a blurry image or a rare expert's time cost more to
    label; ``CostWeighted`` queries the rows that give the most information
    per unit of cost: ``utility(x) / cost(x)``.

    A ratio only means something when a utility of zero means "nothing to
    learn". Least-confident and entropy utilities are non-negative and used
    as they are. Margin utilities are negative (``-(p_first - p_second)``,
    in ``[-1, 0]``), and dividing a negative utility by a larger cost would
    make the costly row *more* attractive; so when any utility is negative,
    all are first shifted by the pool's smallest utility, making the least
    informative row worth zero and every other row worth its gain over it.

    Parameters
    ----------
    base : callable
        The strategy whose utility is weighted, for example
        :func:`~skactive.strategies.uncertainty_sampling`.
    cost : array-like of shape (n_pool,) or callable
        Positive, finite cost of annotating each pool row, aligned with the
        pool passed to ``query``; or a function ``cost(X_pool)`` returning
        such an array (handy when the pool shrinks between queries, since
        the costs then follow the rows).

    Notes
    -----
    The scores are the cost-weighted utilities, so the usual top-k
    selection (ties broken at random) picks the batch.

    Examples
    --------
    >>> import numpy as np
    >>> from skactive.strategies import BaseQueryStrategy, CostWeighted
    >>> class Given(BaseQueryStrategy):
    ...     def utility(self, learner, X_pool):
    ...         return np.array([0.4, 0.3, 0.1])
    >>> strategy = CostWeighted(Given(), cost=np.array([4.0, 1.0, 1.0]))
    >>> strategy.utility(None, np.zeros((3, 1)))
    array([0.1, 0.3, 0.1])
    >>> strategy(None, np.zeros((3, 1)), n_instances=1)[0]
    array([1])
    """

    def __init__(self, base, cost):
        self.base = base
        self.cost = cost

    def __skactive_tags__(self):
        tags = super().__skactive_tags__()
        tags.tasks = base_tasks(self.base)
        return tags

    def __call__(self, learner, X_pool, n_instances=1, *, random_state=None):
        rng = check_random_state(random_state)
        # The base sees the same random state, so a random base stays reproducible.
        scores = self._weighted_utility(learner, X_pool, rng)
        return select_top_k(scores, n_instances, rng), scores

    def utility(self, learner, X_pool):
        """Base utility per unit of cost, one value per pool row."""
        return self._weighted_utility(learner, X_pool, None)

    def _weighted_utility(self, learner, X_pool, random_state):
        cost = self._costs(X_pool, num_rows(X_pool))
        utility = np.array(
            strategy_utility(self.base, learner, X_pool, random_state), dtype=float
        )
        finite = np.isfinite(utility)
        if finite.any() and utility[finite].min() < 0:
            utility[finite] -= utility[finite].min()
        return utility / cost

    def _costs(self, X_pool, n_pool):
        cost = self.cost(X_pool) if callable(self.cost) else self.cost
        try:
            cost = np.asarray(cost, dtype=float)
        except (TypeError, ValueError) as exc:
            raise TypeError(
                f"cost must be numbers, one per pool row; got {type(cost).__name__}."
            ) from exc
        if cost.ndim != 1 or cost.shape[0] != n_pool:
            raise ValueError(
                f"cost has shape {cost.shape} but X_pool has {n_pool} rows; pass "
                "one cost per pool row, in pool order (rebuild it when rows leave "
                "the pool), or a callable cost(X_pool)."
            )
        bad = ~np.isfinite(cost) | (cost <= 0)
        if bad.any():
            position = np.flatnonzero(bad)[0]
            raise ValueError(
                f"Annotation costs must be positive and finite; cost[{position}] is "
                f"{float(cost[position])} ({int(bad.sum())} such rows). Give "
                "every row a cost greater than zero."
            )
        return cost
