"""ActiveLearner: one classifier, a query strategy and a growing labeled set."""

from sklearn.base import ClassifierMixin, clone
from sklearn.utils import get_tags
from sklearn.utils.metaestimators import available_if

from ._base import BaseLearner
from .strategies import uncertainty_sampling


def _estimator_has(attr):
    """Delegate ``attr`` only when the (fitted) estimator has it."""

    def check(self):
        getattr(self.estimator_ if hasattr(self, "estimator_") else self.estimator, attr)
        return True

    return check


class ActiveLearner(ClassifierMixin, BaseLearner):
    """Pool-based active learning around any scikit-learn classifier.

    ``ActiveLearner`` wraps a classifier (a bare estimator or a whole
    :class:`~sklearn.pipeline.Pipeline`) and adds the active learning loop:
    :meth:`fit` on the labels you have, :meth:`query` the pool for the rows
    worth labeling next, :meth:`teach` the new labels. It is a scikit-learn
    classifier itself, so ``clone``, ``Pipeline``, ``GridSearchCV`` and
    ``cross_val_score`` work with it.

    Parameters
    ----------
    estimator : classifier
        The model to train; cloned, never modified. It needs
        ``predict_proba``, or ``decision_function`` for strategies that can
        use decision values (margin and least-confident sampling).
    query_strategy : callable, default=uncertainty_sampling
        ``strategy(learner, X_pool, n_instances, *, random_state)``
        returning positions or ``(positions, scores)``; see
        :mod:`skactive.strategies`.
    random_state : int, RandomState instance or None, default=None
        Seeds tie-breaking and random strategies (and, in simulation mode,
        the random seed labels). The same seed gives the same sequence of
        queries after the same calls to :meth:`fit` and :meth:`teach`.
    budget : int or None, default=None
        Simulation mode. ``None``: :meth:`fit` trains on all the samples it
        is given. An integer: :meth:`fit` treats ``y`` as the annotator and
        labels ``budget`` samples of ``X`` in total, ``n_initial`` at random
        and the rest chosen by ``query_strategy``, then trains on those
        only; so ``GridSearchCV`` and ``cross_val_score`` measure a strategy
        by the model it gives for ``budget`` labels. A budget larger than
        the samples given to :meth:`fit` is cut to their number, with a
        ``UserWarning``.
    n_initial : int, default=10
        Simulation mode: number of random seed labels, drawn to cover at
        least two classes when the data have them; at most ``budget``.
        Ignored without ``budget``.
    batch_size : int, default=10
        Simulation mode: number of samples queried at a time after the
        seed; the last batch is cut to end exactly at ``budget``. Ignored
        without ``budget``.

    Attributes
    ----------
    estimator_ : classifier
        The clone of ``estimator`` fitted on the labeled set.
    query_strategy_ : callable
        The strategy in use: a clone of ``query_strategy`` when it has
        parameters (so strategies that learn keep their state here).
    X_labeled_ : array-like, sparse matrix, DataFrame or list
        Every labeled sample so far, in the container first given to ``fit``.
    y_labeled_ : ndarray of shape (n_labeled,)
        Their labels.
    classes_ : ndarray of shape (n_classes,)
        The classes seen so far.
    n_features_in_ : int
        Number of features seen during ``fit``, when the estimator exposes it.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Feature names seen during ``fit``, when the estimator exposes them.
    queried_indices_ : ndarray of shape (budget,)
        Simulation mode only: positions in the ``X`` given to :meth:`fit` of
        the samples labeled, in the order they were labeled (the random
        seed first), so ``X_labeled_`` is ``X[queried_indices_]``.
        :func:`skactive.metrics.aulc_scorer` replays them.

    See Also
    --------
    QueryByCommittee : The same loop over a committee of classifiers.

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from sklearn.linear_model import LogisticRegression
    >>> from skactive import ActiveLearner
    >>> from skactive.strategies import margin_sampling
    >>> X, y = load_digits(return_X_y=True)
    >>> X_pool, y_pool = X[100:], y[100:]
    >>> learner = ActiveLearner(LogisticRegression(max_iter=1000),
    ...                         query_strategy=margin_sampling, random_state=0)
    >>> learner = learner.fit(X[:100], y[:100])
    >>> positions = learner.query(X_pool, n_instances=5)
    >>> learner = learner.teach(X_pool[positions], y_pool[positions])
    >>> learner.X_labeled_.shape
    (105, 64)

    In simulation mode, ``fit`` runs the whole loop with ``y`` as the
    annotator:

    >>> simulated = ActiveLearner(LogisticRegression(max_iter=1000),
    ...                           query_strategy=margin_sampling, random_state=0,
    ...                           budget=50, n_initial=10, batch_size=20)
    >>> simulated = simulated.fit(X_pool, y_pool)
    >>> simulated.queried_indices_.shape, simulated.X_labeled_.shape
    ((50,), (50, 64))
    """

    def __init__(
        self,
        estimator,
        query_strategy=uncertainty_sampling,
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
        return "classification"

    def _fit_labeled(self, X, y, **fit_params):
        if not (
            hasattr(self.estimator, "predict_proba")
            or hasattr(self.estimator, "decision_function")
        ):
            raise TypeError(
                f"ActiveLearner needs a classifier with predict_proba (or at least "
                f"decision_function); {type(self.estimator).__name__} has neither."
            )
        estimator = clone(self.estimator).fit(X, y, **fit_params)
        fitted = {"estimator_": estimator, "classes_": estimator.classes_}
        for name in ("n_features_in_", "feature_names_in_"):
            fitted[name] = getattr(estimator, name, None)
        return fitted

    def predict(self, X):
        """Predict classes with the fitted estimator.

        Parameters
        ----------
        X : array-like, sparse matrix, DataFrame or list
            Samples.

        Returns
        -------
        ndarray of shape (n_samples,)
            Predicted labels.
        """
        self._check_fitted()
        return self.estimator_.predict(X)

    @available_if(_estimator_has("predict_proba"))
    def predict_proba(self, X):
        """Class probabilities from the fitted estimator.

        Parameters
        ----------
        X : array-like, sparse matrix, DataFrame or list
            Samples.

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
            Columns in the order of ``classes_``.
        """
        self._check_fitted()
        return self.estimator_.predict_proba(X)

    @available_if(_estimator_has("predict_log_proba"))
    def predict_log_proba(self, X):
        """Log of :meth:`predict_proba`, from the fitted estimator.

        Parameters
        ----------
        X : array-like, sparse matrix, DataFrame or list
            Samples.

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
            Log-probabilities.
        """
        self._check_fitted()
        return self.estimator_.predict_log_proba(X)

    @available_if(_estimator_has("decision_function"))
    def decision_function(self, X):
        """Decision values from the fitted estimator.

        Parameters
        ----------
        X : array-like, sparse matrix, DataFrame or list
            Samples.

        Returns
        -------
        ndarray of shape (n_samples,) or (n_samples, n_classes)
            The estimator's decision values.
        """
        self._check_fitted()
        return self.estimator_.decision_function(X)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        inner = get_tags(self.estimator)
        tags.input_tags.sparse = inner.input_tags.sparse
        tags.input_tags.allow_nan = inner.input_tags.allow_nan
        tags.input_tags.string = inner.input_tags.string
        tags.input_tags.two_d_array = inner.input_tags.two_d_array
        return tags
