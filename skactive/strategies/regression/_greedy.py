"""Greedy sampling for regression: GSx, GSy and iGS (Wu, Lin & Huang, 2019).

Each pick is the pool row farthest from what is already labeled, measured in
the inputs (GSx), in the outputs (GSy: predicted output against the known
targets) or in both at once (iGS: the product of the two distances). Within a
batch, each pick joins the labeled set with its predicted output as target,
so the next pick moves away from it too.
"""

import numpy as np
from sklearn.metrics import pairwise_distances, pairwise_distances_chunked
from sklearn.utils import check_random_state

from ...utils import num_rows
from .._base import BaseQueryStrategy
from .._coreset import CoreSet
from .._distances import (
    RunningMinDistance,
    argmax_random_ties,
    pool_and_labeled_features,
)
from .._selection import check_n_instances
from .._tags import POOL_TASKS

_REGRESSION = frozenset({"regression"})


def output_distances(y_pred, y_labeled):
    """Distance from each predicted output to the nearest known target (GSy).

    ``min_m |y_pred[n] - y_labeled[m]|`` in float64, by a binary search in
    the sorted targets: ``O((n + m) log m)``.

    Examples
    --------
    >>> from skactive.strategies import output_distances
    >>> output_distances([0.0, 2.5, 10.0], [1.0, 3.0])
    array([1. , 0.5, 7. ])
    """
    y_pred = np.asarray(y_pred, dtype=np.float64).ravel()
    targets = np.sort(np.asarray(y_labeled, dtype=np.float64).ravel())
    if targets.shape[0] == 0:
        return np.full(y_pred.shape[0], np.inf)
    right = np.searchsorted(targets, y_pred).clip(1, targets.shape[0] - 1)
    if targets.shape[0] == 1:
        return np.abs(y_pred - targets[0])
    return np.minimum(
        np.abs(y_pred - targets[right - 1]), np.abs(y_pred - targets[right])
    )


def joint_distances(X, y_pred, X_labeled, y_labeled, metric="euclidean"):
    """iGS distance: ``min_m d(x_n, x_m) * |y_pred[n] - y_labeled[m]|``.

    Computed in float64, in chunks of the pool bounded by scikit-learn's
    ``working_memory``.

    Examples
    --------
    >>> import numpy as np
    >>> from skactive.strategies import joint_distances
    >>> X, X_labeled = np.array([[0.0], [3.0]]), np.array([[1.0], [2.0]])
    >>> joint_distances(X, [0.0, 3.0], X_labeled, [2.0, 4.0])   # min(1*2, 2*4), min(2*1, 1*1)
    array([2., 1.])
    """
    y_pred = np.asarray(y_pred, dtype=np.float64).ravel()
    y_labeled = np.asarray(y_labeled, dtype=np.float64).ravel()
    X, X_labeled = _float64(X), _float64(X_labeled)

    def reduce(chunk, start):
        gaps = np.abs(y_pred[start : start + chunk.shape[0], None] - y_labeled[None, :])
        return (chunk * gaps).min(axis=1)

    return np.concatenate(
        list(pairwise_distances_chunked(X, X_labeled, reduce_func=reduce, metric=metric))
    )


def _float64(X):
    return X.astype(np.float64, copy=False)


class GreedySamplingX(CoreSet):
    """Greedy sampling on the inputs (GSx): rows far from everything labeled.

    Each pick is the pool row whose distance to its nearest labeled row (or
    earlier pick) is largest (Wu, Lin & Huang, 2019; Yu & Kim, 2010). That
    is the greedy k-centre of :class:`CoreSet`; GSx differs at the cold
    start, where its first pick is the pool row nearest the pool's centroid
    rather than a random row. No model is needed, so it serves every task
    and chooses the first batch of a project with no labels. Distances are
    taken in float64 in the space the final estimator sees (after the
    Pipeline's transformers).

    Parameters
    ----------
    metric : str or callable, default="euclidean"
        Distance, as accepted by :func:`sklearn.metrics.pairwise_distances`.

    Notes
    -----
    The returned scores are each row's distance to the nearest labeled row
    before the batch (on a cold start: to the first pick).

    References
    ----------
    Wu, D., Lin, C.-T., Huang, J. (2019). Active learning for regression
    using greedy sampling. Information Sciences 474, 90-105.

    Examples
    --------
    >>> import numpy as np
    >>> from skactive.strategies import GreedySamplingX
    >>> X_pool = np.array([[0.0], [1.0], [2.0], [10.0]])
    >>> positions, scores = GreedySamplingX()(None, X_pool, 2, random_state=0)
    >>> positions   # nearest the centroid (3.25) first, then the farthest
    array([2, 3])
    """

    def _cold_start_centre(self, pool, rng):
        centroid = np.asarray(pool.mean(axis=0), dtype=np.float64).reshape(1, -1)
        distance = pairwise_distances(pool, centroid, metric=self.metric).ravel()
        closest = -distance
        return argmax_random_ties(closest, np.ones(closest.shape[0], dtype=bool), rng)


class _GreedyOnOutputs(BaseQueryStrategy):
    """GSy and iGS: a running minimum over the labeled set and the picks."""

    def __skactive_tags__(self):
        tags = super().__skactive_tags__()
        tags.tasks = _REGRESSION
        return tags

    def utility(self, learner, X_pool):
        """Distance of every pool row to the labeled set (see the class)."""
        return self._distances(learner, X_pool)[0]

    def __call__(self, learner, X_pool, n_instances=1, *, random_state=None):
        rng = check_random_state(random_state)
        check_n_instances(n_instances, num_rows(X_pool))
        scores, y_pred, pool = self._distances(learner, X_pool)
        running = scores.copy()
        available = np.ones(running.shape[0], dtype=bool)
        positions = np.empty(n_instances, dtype=np.intp)
        inputs = None if pool is None else RunningMinDistance(pool, self._metric())
        for pick in range(n_instances):
            positions[pick] = argmax_random_ties(running, available, rng)
            available[positions[pick]] = False
            if pick + 1 < n_instances:
                # The pick joins the labeled set with its predicted output.
                gap = np.abs(y_pred - y_pred[positions[pick]])
                if inputs is not None:
                    gap *= inputs.distances_to(positions[pick])
                np.minimum(running, gap, out=running)
        return positions, scores

    def _metric(self):
        return "euclidean"


class GreedySamplingY(_GreedyOnOutputs):
    """Greedy sampling on the outputs (GSy): predictions far from known targets.

    Each pick is the pool row whose predicted output is farthest from every
    known target, ``min_m |f(x_n) - y_m|`` (Wu, Lin & Huang, 2019), so the
    labels spread over the output range. Within a batch, each pick counts as
    labeled with its predicted output. Needs a fitted model: start with
    :class:`GreedySamplingX`.

    References
    ----------
    Wu, D., Lin, C.-T., Huang, J. (2019). Active learning for regression
    using greedy sampling. Information Sciences 474, 90-105.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LinearRegression
    >>> from skactive import ActiveRegressor
    >>> from skactive.strategies import GreedySamplingY
    >>> X = np.array([[0.0], [1.0]])
    >>> learner = ActiveRegressor(LinearRegression(), GreedySamplingY())
    >>> learner = learner.fit(X, [0.0, 1.0])   # f(x) = x
    >>> learner.query(np.array([[0.5], [4.0], [-1.0]]), n_instances=2)
    array([1, 2])
    """

    def _distances(self, learner, X_pool):
        y_pred = np.asarray(learner.predict(X_pool), dtype=np.float64).ravel()
        return output_distances(y_pred, learner.y_labeled_), y_pred, None


class ImprovedGreedySampling(_GreedyOnOutputs):
    """Improved greedy sampling (iGS): far from the labeled set in inputs and outputs.

    Each pick maximises ``min_m d(x_n, x_m) * |f(x_n) - y_m|`` over the
    labeled rows ``m`` (Wu, Lin & Huang, 2019): a row is redundant when it
    is close to a labeled row in the inputs *or* its prediction is close to
    that row's target. Within a batch, each pick counts as labeled with its
    predicted output. Distances are taken in float64 in the space the final
    estimator sees; the pool is compared with the labeled set in chunks
    bounded by ``working_memory``. Needs a fitted model: start with
    :class:`GreedySamplingX`.

    Parameters
    ----------
    metric : str or callable, default="euclidean"
        Distance between inputs, as accepted by
        :func:`sklearn.metrics.pairwise_distances`.

    References
    ----------
    Wu, D., Lin, C.-T., Huang, J. (2019). Active learning for regression
    using greedy sampling. Information Sciences 474, 90-105.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LinearRegression
    >>> from skactive import ActiveRegressor
    >>> from skactive.strategies import ImprovedGreedySampling
    >>> X = np.array([[0.0], [1.0]])
    >>> learner = ActiveRegressor(LinearRegression(), ImprovedGreedySampling())
    >>> learner = learner.fit(X, [0.0, 1.0])
    >>> learner.query(np.array([[0.5], [4.0], [-1.0]]), n_instances=1)
    array([1])
    """

    def __init__(self, metric="euclidean"):
        self.metric = metric

    def _metric(self):
        return self.metric

    def _distances(self, learner, X_pool):
        y_pred = np.asarray(learner.predict(X_pool), dtype=np.float64).ravel()
        pool, labeled = pool_and_labeled_features(learner, X_pool)
        pool = _float64(pool)
        scores = joint_distances(pool, y_pred, labeled, learner.y_labeled_, self.metric)
        return scores, y_pred, pool
