"""ActiveLearner: one classifier, a query strategy and a growing labeled set."""

import copy

import numpy as np
import scipy.sparse as sp
from sklearn import get_config
from sklearn.base import ClassifierMixin, clone
from sklearn.dummy import DummyClassifier
from sklearn.pipeline import Pipeline
from sklearn.utils import assert_all_finite, get_tags
from sklearn.utils.metadata_routing import MetadataRouter, MethodMapping
from sklearn.utils.metaestimators import available_if

from ._base import BaseLearner, _Source
from ._multilabel import check_new_label_rows, is_label_indicator, label_indicator
from .strategies import recommended_sampling


def _estimator_has(attr):
    """Delegate ``attr`` only when the (fitted) estimator has it."""

    def check(self):
        getattr(self.estimator_ if hasattr(self, "estimator_") else self.estimator, attr)
        return True

    return check


def single_class_model(X, y, allow_nan):
    """A model that predicts the only class of ``y`` (probability 1).

    Most classifiers cannot be fitted on one class; the learners use this
    model until a second class is labeled. It does not look at ``X``, so
    values the real model would refuse (NaN, infinity) are refused here.
    """
    values = X.tocsr().data if sp.issparse(X) else X
    if not isinstance(values, list):
        values = np.asarray(values)
        if values.dtype.kind in "fc":
            assert_all_finite(values, allow_nan=allow_nan, input_name="X")
    if y.dtype.kind in "fc":
        assert_all_finite(y, input_name="y")
    return DummyClassifier(strategy="prior").fit(X, y)


def one_class(y):
    """Whether the 1-D labels ``y`` hold a single class."""
    return y.ndim == 1 and np.unique(y).shape[0] == 1


def exploration_reason(learner):
    """The classifiers' reason to explore: fewer than two labeled classes."""
    y = learner.y_labeled_
    # Asked before every query: a comparison with the first label is linear,
    # np.unique sorts.
    if y.ndim == 1 and not (y[1:] != y[:1]).any():
        return "the labeled set has only one class"
    return None


def _partial_fit_step(estimator):
    """The estimator (or Pipeline last step) that has ``partial_fit``, or None."""
    if isinstance(estimator, Pipeline):
        estimator = estimator.steps[-1][1]
    return estimator if hasattr(estimator, "partial_fit") else None


def partial_fit_copy(learner, model, name, X, y, fit_params):
    """A copy of the fitted ``model`` updated with ``partial_fit`` on ``X, y``.

    ``partial_fit`` changes a model in place: the copy keeps the learner's
    model intact if the update fails. In a Pipeline only the last step
    learns; the earlier steps transform the rows as fitted.
    """
    model = copy.deepcopy(model)
    pipeline = isinstance(model, Pipeline)
    last_name, last = model.steps[-1] if pipeline else (None, model)
    if get_config().get("enable_metadata_routing", False):
        if pipeline and fit_params:
            raise ValueError(
                "incremental teach of a Pipeline cannot route fit parameters "
                "with metadata routing enabled; pass them with routing disabled "
                f"as {last_name}__<param>."
            )
        params = learner._route_fit_params(fit_params, name, "partial_fit")
    elif pipeline:
        # Only the last step learns again; the earlier steps are fixed, so
        # their parameters would have nothing to go to.
        prefix = f"{last_name}__"
        others = [key for key in fit_params if not key.startswith(prefix)]
        if others:
            raise ValueError(
                f"incremental teach only updates the Pipeline's last step "
                f"{last_name!r}; the fit parameters {others} are for other steps."
            )
        params = {key[len(prefix):]: value for key, value in fit_params.items()}
    else:
        params = fit_params
    last.partial_fit(model[:-1].transform(X) if pipeline else X, y, **params)
    return model


def check_partial_fit(estimator, name):
    """Refuse ``incremental=True`` for a model without ``partial_fit``."""
    if _partial_fit_step(estimator) is None:
        raise TypeError(
            f"incremental=True needs an estimator with partial_fit (or a "
            f"Pipeline whose last step has it); {name} is a "
            f"{type(estimator).__name__}, which has none. Use incremental=False "
            "to refit on every teach."
        )


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
    query_strategy : callable, default=recommended_sampling
        ``strategy(learner, X_pool, n_instances, *, random_state)``
        returning positions or ``(positions, scores)``; see
        :mod:`skactive.strategies`. The default
        (:func:`~skactive.strategies.recommended_sampling`) is, for one label
        per sample, margin sampling spread by k-means over the
        ``10 * n_instances`` smallest margins
        (:class:`~skactive.strategies.DiverseBatch`), which was never
        significantly below random sampling on the development suite of
        ``benchmarks/bench_label_efficiency.py`` and at least as good as
        :func:`~skactive.strategies.margin_sampling` within noise (see
        "Choosing a strategy" in the user guide). With ``n_instances=1`` it
        queries the row nearest the utility-weighted centre of the ten
        smallest margins. For multi-label targets it is
        :func:`~skactive.strategies.min_confidence_sampling`.
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
    incremental : bool, default=False
        Let :meth:`teach` update the fitted model with the new rows only,
        through ``partial_fit`` (of the estimator, or of a Pipeline's last
        step: the earlier steps keep their fit), instead of refitting on
        the whole labeled set; the labeled set still grows. :meth:`fit`
        always fits from scratch. A teach refits on the whole labeled set
        when it brings a class the model does not know yet, when
        ``estimator`` changed since the last fit, or while a single class
        is labeled. Needs ``partial_fit``: ``SGDClassifier``,
        ``MultinomialNB``, ``Perceptron``, ``MLPClassifier``...
    stopping : stopping criterion or None, default=None
        A criterion from :mod:`skactive.stopping` (for example
        ``StabilizingPredictions()``), asked by :meth:`should_stop`. In
        simulation mode the run ends when it fires, before the budget, and
        ``n_labels_at_stop_`` records the labels used. ``None``: no
        criterion; simulation runs spend the whole budget.

    Attributes
    ----------
    estimator_ : classifier
        The clone of ``estimator`` fitted on the labeled set.
    query_strategy_ : callable
        The strategy in use: a clone of ``query_strategy`` when it has
        parameters (so strategies that learn keep their state here). A
        strategy replaced after ``fit`` (``set_params``, assignment, a
        changed ``query_strategy__param``) is cloned afresh at the next
        :meth:`query`; an unchanged one keeps its state.
    X_labeled_ : array-like, sparse matrix, DataFrame or list
        Every labeled sample so far, in the container first given to ``fit``.
    y_labeled_ : ndarray of shape (n_labeled,)
        Their labels.
    classes_ : ndarray of shape (n_classes,)
        The classes seen so far. While only one class is labeled, the
        learner predicts it (``predict_proba`` is a single column of ones,
        ``estimator_`` a :class:`~sklearn.dummy.DummyClassifier`), and
        :meth:`query` picks with
        :func:`~skactive.strategies.random_sampling`, with a ``UserWarning``
        the first time, until a second class is labeled.
    fit_params_ : dict
        The fit parameters of the labeled set: per-sample ones (such as
        ``sample_weight``) aligned with ``y_labeled_``.
    n_features_in_ : int
        Number of features seen during ``fit``, when the estimator exposes it.
    feature_names_in_ : ndarray of shape (`n_features_in_`,)
        Feature names seen during ``fit``, when the estimator exposes them.
    queried_indices_ : ndarray of shape (budget,)
        Simulation mode only: positions in the ``X`` given to :meth:`fit` of
        the samples labeled, in the order they were labeled (the random
        seed first), so ``X_labeled_`` is ``X[queried_indices_]``.
        :func:`skactive.metrics.aulc_scorer` replays them.
    stopping_ : stopping criterion
        The learner's copy of ``stopping`` with its state, from the first
        :meth:`should_stop` after :meth:`fit`.
    n_labels_at_stop_ : int or None
        Simulation mode only: the labels known when ``stopping`` fired and
        the run ended (then ``queried_indices_`` has that length), ``None``
        when it did not fire before the budget.

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

    Fit parameters follow the labeled set, and with ``incremental=True`` a
    ``teach`` updates the model through ``partial_fit`` on the new rows:

    >>> import numpy as np
    >>> from sklearn.linear_model import SGDClassifier
    >>> online = ActiveLearner(SGDClassifier(random_state=0), incremental=True)
    >>> online = online.fit(X[:100], y[:100], sample_weight=np.full(100, 2.0))
    >>> online = online.teach(X_pool[:5], y_pool[:5])
    >>> online.fit_params_["sample_weight"][98:]
    array([2., 2., 1., 1., 1., 1., 1.])
    """

    def __init__(
        self,
        estimator,
        query_strategy=recommended_sampling,
        *,
        random_state=None,
        budget=None,
        n_initial=10,
        batch_size=10,
        incremental=False,
        stopping=None,
    ):
        self.estimator = estimator
        self.query_strategy = query_strategy
        self.random_state = random_state
        self.budget = budget
        self.n_initial = n_initial
        self.batch_size = batch_size
        self.incremental = incremental
        self.stopping = stopping

    _possible_tasks = frozenset({"classification", "multilabel"})

    def _task(self):
        y = getattr(self, "y_labeled_", None)
        if y is None:
            return None  # single- or multi-label: the first labels will tell
        return "multilabel" if y.ndim == 2 else "classification"

    def _validate_targets(self, y):
        if is_label_indicator(y):
            return label_indicator(y)
        return super()._validate_targets(y)

    def _check_new_targets(self, y):
        if self.y_labeled_.ndim == 2 or y.ndim == 2:
            check_new_label_rows(self.y_labeled_, y)
        else:
            super()._check_new_targets(y)

    def _exploration_reason(self):
        return exploration_reason(self)

    def _fit_labeled(self, X, y, **fit_params):
        if not (
            hasattr(self.estimator, "predict_proba")
            or hasattr(self.estimator, "decision_function")
        ):
            raise TypeError(
                f"ActiveLearner needs a classifier with predict_proba (or at least "
                f"decision_function); {type(self.estimator).__name__} has neither."
            )
        self._check_incremental()
        fit_params = self._route_fit_params(fit_params, "estimator")
        if one_class(y):
            allow_nan = get_tags(self.estimator).input_tags.allow_nan
            estimator = single_class_model(X, y, allow_nan)
        else:
            estimator = clone(self.estimator).fit(X, y, **fit_params)
        fitted = self._fitted_attributes(estimator)
        # What estimator_ was cloned from: an incremental teach may only
        # update it while the estimator parameter is unchanged.
        fitted["_estimator_source"] = _Source(self.estimator)
        return fitted

    @staticmethod
    def _fitted_attributes(estimator):
        fitted = {"estimator_": estimator, "classes_": estimator.classes_}
        for name in ("n_features_in_", "feature_names_in_"):
            fitted[name] = getattr(estimator, name, None)
        return fitted

    def _check_incremental(self):
        if self.incremental:
            check_partial_fit(self.estimator, "estimator")

    def _fit_new_rows(self, X, y, **fit_params):
        if not self.incremental:
            return None
        current = self.estimator_
        source = getattr(self, "_estimator_source", None)
        if (
            (isinstance(current, DummyClassifier)
             and not isinstance(self.estimator, DummyClassifier))
            or source is None
            or not source.matches(self.estimator)
            or not np.isin(y, self.classes_).all()
        ):
            return None  # a full refit learns the new class / estimator
        return self._fitted_attributes(
            partial_fit_copy(self, current, "estimator", X, y, fit_params)
        )

    def get_metadata_routing(self):
        """Routing of fit parameters to the estimator (metadata routing).

        Returns
        -------
        MetadataRouter
            ``fit`` (and ``teach``) parameters go to the estimator's ``fit``,
            and with ``incremental=True`` also to its ``partial_fit``.
        """
        mapping = MethodMapping().add(caller="fit", callee="fit")
        if self.incremental and hasattr(self.estimator, "partial_fit"):
            mapping.add(caller="fit", callee="partial_fit")
        return MetadataRouter(owner=type(self).__name__).add(
            estimator=self.estimator, method_mapping=mapping
        )

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
