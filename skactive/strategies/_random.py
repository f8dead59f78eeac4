"""Random sampling: the baseline every strategy must beat."""

from sklearn.utils import check_random_state

from ..utils import num_rows
from ._selection import select_top_k
from ._tags import POOL_TASKS, declare_tags


@declare_tags(requires_fit=False, position_free=False, tasks=POOL_TASKS)
def random_sampling(learner, X_pool, n_instances=1, *, random_state=None):
    """Pick rows uniformly at random, without replacement.

    Needs no model, so it also answers ``query`` on a learner that has not
    been fitted yet (the first batch of a project with no labels).

    Parameters
    ----------
    learner : ActiveLearner or QueryByCommittee
        Not used.
    X_pool : array-like, sparse matrix, DataFrame or list
        The unlabeled pool.
    n_instances : int, default=1
        Number of positions to return.
    random_state : int, RandomState instance or None, default=None
        The source of randomness.

    Returns
    -------
    positions : ndarray of shape (n_instances,)
        Unique positions into ``X_pool``.
    scores : ndarray of shape (n_pool,)
        The uniform random numbers the positions were ranked by.

    Examples
    --------
    >>> import numpy as np
    >>> from skactive.strategies import random_sampling
    >>> positions, scores = random_sampling(None, np.zeros((10, 2)), 3, random_state=0)
    >>> positions
    array([8, 7, 1])
    """
    rng = check_random_state(random_state)
    scores = rng.random_sample(num_rows(X_pool))
    return select_top_k(scores, n_instances, rng), scores
