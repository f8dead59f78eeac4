"""ActiveRegressor: one regressor, a query strategy and a growing labeled set."""

import numpy as np
from sklearn.base import RegressorMixin, clone
from sklearn.pipeline import Pipeline
from sklearn.utils import assert_all_finite
from sklearn.utils.validation import column_or_1d

from ._base import BaseLearner
from ._members import inherit_input_tags
from .strategies import GreedySamplingX, has_predictive_std


def validate_regression_targets(y):
    """``y`` as a 1-D float64 array of finite numbers, or a clear error."""
    y = column_or_1d(y, warn=True)
    if y.dtype.kind not in "biuf":
        try:
            y = y.astype(np.float64)
        except (TypeError, ValueError):
            raise ValueError(
                f"Regression needs numeric targets; got labels of dtype {y.dtype} "
                f"such as {y[:3].tolist()}. Use ActiveLearner for class labels."
            ) from None
    y = y.astype(np.float64, copy=False)
    assert_all_finite(y, input_name="y")
    return y


def no_std_message(learner, estimator):
    name = type(estimator[-1] if isinstance(estimator, Pipeline) else estimator).__name__
    return (
        f"predict(X, return_std=True) needs an estimator whose predict takes "
        f"return_std (GaussianProcessRegressor, BayesianRidge, ARDRegression, or a "
        f"Pipeline ending in one); this {type(learner).__name__}'s {name} does "
        "not. A CommitteeRegressor gives its members' spread for any regressors."
    )


class ActiveRegressor(RegressorMixin, BaseLearner):
    """Pool-based active learning around any scikit-learn regressor.

    The regression twin of :class:`ActiveLearner`: it wraps a regressor (a
    bare estimator or a whole :class:`~sklearn.pipeline.Pipeline`) and adds
    the active learning loop: :meth:`fit` on the labels you have,
    :meth:`query` the pool for the rows worth labeling next, :meth:`teach`
    the new labels. It is a scikit-learn regressor itself (``score`` is R²),
    so ``clone``, ``Pipeline``, ``GridSearchCV`` and ``cross_val_score``
    work with it. Only strategies that serve regression are accepted (their
    :class:`~skactive.strategies.StrategyTags` ``tasks``).

    Parameters
    ----------
    estimator : regressor
        The model to train; cloned, never modified.
    query_strategy : callable, default=GreedySamplingX()
        The default is model-free, so it works with every regressor and
        from the first query; in benchmarks/bench_regression.py it beat
        random sampling on friedman1 and make_regression and tied on
        diabetes. ``strategy(learner, X_pool, n_instances, *, random_state)``
        returning positions or ``(positions, scores)``; the regression
        strategies of :mod:`skactive.strategies` (``std_sampling``,
        greedy sampling, EMCM, expected variance reduction) or a model-free
        one (``random_sampling``, ``CoreSet``, ``DiverseBatch(base=None)``).
    random_state : int, RandomState instance or None, default=None
        Seeds tie-breaking and random strategies (and, in simulation mode,
        the random seed labels). The same seed gives the same sequence of
        queries after the same calls to :meth:`fit` and :meth:`teach`.
    budget : int or None, default=None
        Simulation mode. ``None``: :meth:`fit` trains on all the samples it
        is given. An integer: :meth:`fit` treats ``y`` as the annotator and
        labels ``budget`` samples of ``X`` in total, ``n_initial`` at random
        and the rest chosen by ``query_strategy``, then trains on those only.
        A budget larger than the samples given to :meth:`fit` is cut to
        their number, with a ``UserWarning``.
    n_initial : int, default=10
        Simulation mode: number of seed labels, plain random draws; at most
        ``budget``. Ignored without ``budget``.
    batch_size : int, default=10
        Simulation mode: number of samples queried at a time after the
        seed; the last batch is cut to end exactly at ``budget``. Ignored
        without ``budget``.

    Attributes
    ----------
    estimator_ : regressor
        The clone of ``estimator`` fitted on the labeled set.
    query_strategy_ : callable
        The strategy in use: a clone of ``query_strategy`` when it has
        parameters.
    X_labeled_ : array-like, sparse matrix, DataFrame or list
        Every labeled sample so far, in the container first given to ``fit``.
    y_labeled_ : ndarray of shape (n_labeled,)
        Their targets, as float64.
    n_features_in_ : int
        Number of features seen during ``fit``, when the estimator exposes it.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Feature names seen during ``fit``, when the estimator exposes them.
    queried_indices_ : ndarray of shape (budget,)
        Simulation mode only: positions in the ``X`` given to :meth:`fit` of
        the samples labeled, in the order they were labeled.

    See Also
    --------
    CommitteeRegressor : The same loop over a committee of regressors.
    ActiveLearner : The classification twin.

    Examples
    --------
    >>> from sklearn.datasets import load_diabetes
    >>> from sklearn.linear_model import BayesianRidge
    >>> from skactive import ActiveRegressor
    >>> from skactive.strategies import std_sampling
    >>> X, y = load_diabetes(return_X_y=True)
    >>> X_pool, y_pool = X[20:], y[20:]
    >>> learner = ActiveRegressor(BayesianRidge(), std_sampling, random_state=0)
    >>> learner = learner.fit(X[:20], y[:20])
    >>> positions = learner.query(X_pool, n_instances=5)
    >>> learner = learner.teach(X_pool[positions], y_pool[positions])
    >>> learner.X_labeled_.shape
    (25, 10)
    >>> mean, std = learner.predict(X_pool[:2], return_std=True)
    >>> std.shape
    (2,)

    In simulation mode, ``fit`` runs the whole loop with ``y`` as the
    annotator:

    >>> simulated = ActiveRegressor(BayesianRidge(), std_sampling, random_state=0,
    ...                             budget=40, n_initial=10, batch_size=10)
    >>> simulated.fit(X_pool, y_pool).queried_indices_.shape
    (40,)
    """

    def __init__(
        self,
        estimator,
        query_strategy=GreedySamplingX(),
        *,
        random_state=None,
        budget=None,
        n_initial=10,
        batch_size=10,
    ):
        self.estimator = estimator
        self.query_strategy = query_strategy
        self.random_state = random_state
        self.budget = budget
        self.n_initial = n_initial
        self.batch_size = batch_size

    def _task(self):
        return "regression"

    def _validate_targets(self, y):
        return validate_regression_targets(y)

    def _fit_labeled(self, X, y, **fit_params):
        if not hasattr(self.estimator, "predict"):
            raise TypeError(
                "ActiveRegressor needs a regressor with fit and predict; "
                f"{type(self.estimator).__name__} has no predict."
            )
        estimator = clone(self.estimator).fit(X, y, **fit_params)
        fitted = {"estimator_": estimator}
        for name in ("n_features_in_", "feature_names_in_"):
            fitted[name] = getattr(estimator, name, None)
        return fitted

    def predict(self, X, return_std=False):
        """Predict with the fitted estimator, and its standard deviation if asked.

        Parameters
        ----------
        X : array-like, sparse matrix, DataFrame or list
            Samples.
        return_std : bool, default=False
            Also return the estimator's predictive standard deviation; the
            estimator (or a Pipeline's last step) must support it.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
            Predictions.
        y_std : ndarray of shape (n_samples,)
            Only with ``return_std=True``.
        """
        self._check_fitted()
        if not return_std:
            return self.estimator_.predict(X)
        if not has_predictive_std(self.estimator_):
            raise TypeError(no_std_message(self, self.estimator_))
        return self.estimator_.predict(X, return_std=True)

    def __sklearn_tags__(self):
        return inherit_input_tags(super().__sklearn_tags__(), [self.estimator])
