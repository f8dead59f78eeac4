"""CommitteeRegressor: the active learning loop over a committee of regressors."""

import numpy as np
from sklearn.base import RegressorMixin

from ._base import BaseLearner
from ._members import CommitteeMixin, plain_bootstrap_rows
from ._regressor import validate_regression_targets
from .strategies import member_std, std_sampling


class CommitteeRegressor(CommitteeMixin, RegressorMixin, BaseLearner):
    """Pool-based active learning with a committee of regressors.

    Each member is a clone of one of ``estimators``, fitted on the labeled set
    (or on its own bootstrap sample of it), in parallel through joblib. The
    committee predicts the members' mean; the spread of their predictions,
    ``predict(X, return_std=True)``, says where a label would teach most
    (:func:`~skactive.strategies.std_sampling`). The surface is that of
    :class:`ActiveRegressor`, and members are addressed as in
    :class:`QueryByCommittee`.

    Parameters
    ----------
    estimators : list of regressors or of (name, regressor) pairs
        The committee; cloned, never modified. Unnamed members are named
        after their class in lower case (``ridge``, with ``-1``, ``-2``...
        for repeats), so ``get_params()`` exposes ``name__param``.
    query_strategy : callable, default=std_sampling
        Any strategy that serves regression.
    bootstrap : bool, default=False
        Fit each member on its own bootstrap sample of the labeled set
        (bagging), so that even identical estimators disagree.
    n_jobs : int, default=None
        Members are fitted, and their pool predictions computed, in parallel
        through joblib. ``None`` means 1 unless in a
        :class:`joblib.parallel_config` context. Results do not depend on it.
    random_state : int, RandomState instance or None, default=None
        Seeds the members' own ``random_state`` parameters, the bootstrap
        samples, the query tie-breaking and, in simulation mode, the random
        seed labels.
    budget : int or None, default=None
        Simulation mode, as in :class:`ActiveRegressor`.
    n_initial : int, default=10
        Simulation mode: number of random seed labels.
    batch_size : int, default=10
        Simulation mode: number of samples queried at a time.

    Attributes
    ----------
    estimators_ : list of regressors
        The fitted members.
    named_estimators_ : Bunch
        The fitted members by name.
    X_labeled_ : array-like, sparse matrix, DataFrame or list
        Every labeled sample so far.
    y_labeled_ : ndarray of shape (n_labeled,)
        Their targets, as float64.
    query_strategy_ : callable
        The strategy in use (a clone when it has parameters).
    n_features_in_ : int
        Number of features seen during ``fit``, when the members expose it.
    queried_indices_ : ndarray of shape (budget,)
        Simulation mode only: positions in ``X`` in the order they were
        labeled, the random seed labels first.

    See Also
    --------
    ActiveRegressor : The same loop around a single regressor.
    QueryByCommittee : The classification twin.

    Examples
    --------
    >>> from sklearn.datasets import load_diabetes
    >>> from sklearn.linear_model import Ridge
    >>> from sklearn.tree import DecisionTreeRegressor
    >>> from skactive import CommitteeRegressor
    >>> X, y = load_diabetes(return_X_y=True)
    >>> committee = CommitteeRegressor(
    ...     [Ridge(alpha=0.1), DecisionTreeRegressor(max_depth=3)],
    ...     bootstrap=True, random_state=0)
    >>> committee = committee.fit(X[::10], y[::10])
    >>> committee.get_params()["decisiontreeregressor__max_depth"]
    3
    >>> mean, std = committee.predict(X[:3], return_std=True)
    >>> committee.query(X, n_instances=3).shape
    (3,)
    """

    _member_kind = "regressor"

    def __init__(
        self,
        estimators,
        query_strategy=std_sampling,
        *,
        bootstrap=False,
        n_jobs=None,
        random_state=None,
        budget=None,
        n_initial=10,
        batch_size=10,
    ):
        self.estimators = estimators
        self.query_strategy = query_strategy
        self.bootstrap = bootstrap
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.budget = budget
        self.n_initial = n_initial
        self.batch_size = batch_size

    def _task(self):
        return "regression"

    def _validate_targets(self, y):
        return validate_regression_targets(y)

    def _fit_labeled(self, X, y, **fit_params):
        pairs = self._members()
        for name, member in pairs:
            if not hasattr(member, "predict"):
                raise TypeError(
                    f"CommitteeRegressor members must be regressors with fit and "
                    f"predict; member {name!r} ({type(member).__name__}) has no "
                    "predict."
                )
        fitted = self._fit_members(pairs, X, y, plain_bootstrap_rows, **fit_params)
        return self._member_attributes(pairs, fitted)

    def member_predictions(self, X):
        """Every member's prediction.

        Parameters
        ----------
        X : array-like, sparse matrix, DataFrame or list
            Samples.

        Returns
        -------
        ndarray of shape (n_samples, n_members)
            Float64 predictions, one column per member.
        """
        return np.column_stack(
            [np.asarray(p, dtype=np.float64) for p in self._each_member("predict", X)]
        )

    def predict(self, X, return_std=False):
        """The members' mean prediction, and their spread if asked.

        Parameters
        ----------
        X : array-like, sparse matrix, DataFrame or list
            Samples.
        return_std : bool, default=False
            Also return the standard deviation of the members' predictions
            (``ddof=0``).

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            Mean member prediction.
        y_std : ndarray of shape (n_samples,)
            Only with ``return_std=True``.
        """
        predictions = self.member_predictions(X)
        mean = predictions.mean(axis=1)
        if not return_std:
            return mean
        return mean, member_std(predictions)
