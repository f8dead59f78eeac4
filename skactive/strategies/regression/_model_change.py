"""Expected model change maximisation for regression (EMCM; Cai, Zhang & Zhou, 2013)."""

import numpy as np
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.utils import check_random_state

from ..._members import MAX_SEED, seed_everything
from ...utils import apply_in_chunks, num_features, num_rows, take_rows
from .._base import BaseQueryStrategy
from .._features import final_estimator, final_step_features
from .._selection import select_top_k


def emcm(features, prediction, member_predictions, *, fit_intercept=True):
    """Expected model change of each sample: ``||[x, 1]|| * mean_k |f(x) - f_k(x)|``.

    For a linear model trained on squared loss, a label ``y`` at ``x`` adds
    the gradient ``(f(x) - y) [x, 1]`` to the objective; the unknown ``y`` is
    replaced by the predictions ``f_k(x)`` of ``K`` models (bootstrap fits or
    committee members) and the gradient lengths are averaged (Cai, Zhang &
    Zhou, 2013). Computed in float64.

    Parameters
    ----------
    features : ndarray or sparse matrix of shape (n_samples, n_features)
        The samples as the linear model sees them.
    prediction : array-like of shape (n_samples,)
        The model's prediction ``f(x)``.
    member_predictions : array-like of shape (n_samples, n_members)
        The predictions ``f_k(x)`` standing in for the unknown label.
    fit_intercept : bool, default=True
        Whether the gradient has an intercept component (the ``1``).

    Returns
    -------
    ndarray of shape (n_samples,)

    Examples
    --------
    >>> import numpy as np
    >>> from skactive.strategies import emcm
    >>> emcm(np.array([[3.0, 4.0]]), [1.0], [[0.0, 3.0]], fit_intercept=False)
    array([7.5])
    """
    if sp.issparse(features):
        sq_norms = np.asarray(
            features.multiply(features).sum(axis=1), dtype=np.float64
        ).ravel()
    else:
        features = np.asarray(features, dtype=np.float64)
        sq_norms = np.einsum("ij,ij->i", features, features)
    if fit_intercept:
        sq_norms = sq_norms + 1.0
    prediction = np.asarray(prediction, dtype=np.float64).ravel()
    members = np.asarray(member_predictions, dtype=np.float64)
    if members.ndim != 2 or members.shape[0] != prediction.shape[0]:
        raise ValueError(
            f"member_predictions must have shape ({prediction.shape[0]}, n_members), "
            f"got {members.shape}."
        )
    return np.sqrt(sq_norms) * np.abs(members - prediction[:, None]).mean(axis=1)


class ExpectedModelChangeMaximization(BaseQueryStrategy):
    """Query the rows whose label would change the regression model most (EMCM).

    Cai, Zhang & Zhou (2013): the change a label ``y`` at ``x`` makes to a
    linear model is the gradient of its squared loss, ``(f(x) - y) [x, 1]``;
    the unknown label is replaced by the predictions of ``K`` models and the
    utility is the mean gradient length (:func:`emcm`). On a
    :class:`~skactive.CommitteeRegressor`, ``f`` is the committee's mean and
    the ``K`` models are its members; on an
    :class:`~skactive.ActiveRegressor`, ``K = n_bootstrap`` clones of the
    estimator are fitted on bootstrap samples of the labeled set at each
    query (so a query costs ``n_bootstrap`` fits). ``x`` is the feature
    vector the final estimator sees (after a Pipeline's transformers; the raw
    inputs for a committee, whose members may transform them differently). For
    models that are not linear the same formula is an approximation.

    Parameters
    ----------
    n_bootstrap : int, default=4
        Number of bootstrap models on a single estimator (4 in the paper).
    random_state : int, RandomState instance or None, default=None
        Seeds the bootstrap samples; when None, the ``random_state`` given to
        the strategy is used.

    References
    ----------
    Cai, W., Zhang, Y., Zhou, J. (2013). Maximizing expected model change
    for active learning in regression. ICDM, 51-60.

    Examples
    --------
    >>> from sklearn.datasets import load_diabetes
    >>> from sklearn.linear_model import Ridge
    >>> from skactive import ActiveRegressor
    >>> from skactive.strategies import ExpectedModelChangeMaximization
    >>> X, y = load_diabetes(return_X_y=True)
    >>> learner = ActiveRegressor(Ridge(), ExpectedModelChangeMaximization(),
    ...                           random_state=0).fit(X[:30], y[:30])
    >>> learner.query(X[30:], n_instances=3).shape
    (3,)
    """

    def __init__(self, n_bootstrap=4, *, random_state=None):
        self.n_bootstrap = n_bootstrap
        self.random_state = random_state

    def __skactive_tags__(self):
        tags = super().__skactive_tags__()
        tags.tasks = frozenset({"regression"})
        return tags

    def utility(self, learner, X_pool):
        """Expected model change of every row of ``X_pool``."""
        return self._utility(learner, X_pool, None)

    def __call__(self, learner, X_pool, n_instances=1, *, random_state=None):
        scores = self._utility(learner, X_pool, random_state)
        return select_top_k(scores, n_instances, random_state), scores

    def _members(self, learner, random_state):
        """Models standing in for the unknown label: committee members or bootstraps."""
        if hasattr(learner, "member_predictions"):
            return None
        if (
            not isinstance(self.n_bootstrap, int)
            or isinstance(self.n_bootstrap, bool)
            or self.n_bootstrap < 1
        ):
            raise ValueError(
                f"n_bootstrap must be a positive integer, got {self.n_bootstrap!r}."
            )
        rng = check_random_state(
            self.random_state if self.random_state is not None else random_state
        )
        X, y = learner.X_labeled_, learner.y_labeled_
        n = y.shape[0]
        models = []
        for _ in range(self.n_bootstrap):
            rows = rng.randint(0, n, size=n)
            model = seed_everything(clone(learner.estimator), int(rng.randint(MAX_SEED)))
            models.append(model.fit(take_rows(X, rows), y[rows]))
        return models

    def _utility(self, learner, X_pool, random_state):
        learner._check_fitted()
        models = self._members(learner, random_state)
        fit_intercept = bool(getattr(_linear_part(learner), "fit_intercept", True))

        def chunk_utility(rows):
            features = final_step_features(learner, rows)
            prediction = learner.predict(rows)
            if models is None:
                members = learner.member_predictions(rows)
            else:
                members = np.column_stack([model.predict(rows) for model in models])
            return emcm(features, prediction, members, fit_intercept=fit_intercept)

        n_models = len(models) if models is not None else len(learner.estimators_)
        row_bytes = 8 * ((num_features(X_pool) or 1) + 2 * n_models + 4)
        if num_rows(X_pool) == 0:
            return np.empty(0)
        return apply_in_chunks(chunk_utility, X_pool, row_bytes=row_bytes)


def _linear_part(learner):
    members = getattr(learner, "estimators_", None)
    return final_estimator(members[0]) if members else final_estimator(learner)
