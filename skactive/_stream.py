"""StreamLearner: decide on each arriving sample whether to ask for its label."""

import numbers

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, MetaEstimatorMixin, clone
from sklearn.utils import check_random_state
from sklearn.utils.metaestimators import available_if
from sklearn.utils.validation import check_is_fitted

from ._learner import ActiveLearner, _partial_fit_step
from .strategies import VariableUncertainty, random_sampling
from .strategies._stream import BaseStreamStrategy


def _inner_has(attr):
    def check(self):
        getattr(self.learner_.estimator_ if hasattr(self, "learner_") else self.estimator, attr)
        return True

    return check


class StreamLearner(ClassifierMixin, MetaEstimatorMixin, BaseEstimator):
    """Stream-based active learning: ask for a label now or never, under a budget.

    Samples arrive one by one or in small batches (a moderation queue, sensor
    events). :meth:`should_query` says, for each arriving row in order,
    whether to send it to the annotator, spending about ``budget`` of the
    stream; :meth:`teach` adds the labels that came back. With an
    estimator that has ``partial_fit`` (``SGDClassifier``, ``MultinomialNB``,
    ``Perceptron``, ``MLPClassifier``, a Pipeline ending in one) teaching
    updates the model with the new rows only; otherwise it refits on every
    label so far. Training, prediction and atomic teaching are those of
    :class:`ActiveLearner`, which the stream learner holds as ``learner_``.

    Parameters
    ----------
    estimator : classifier
        The model; cloned, never modified. It needs ``predict_proba``.
    query_strategy : stream strategy, default=VariableUncertainty()
        Decides row by row (see :mod:`skactive.strategies`:
        :class:`~skactive.strategies.VariableUncertainty`,
        :class:`~skactive.strategies.RandomizedVariableUncertainty`,
        :class:`~skactive.strategies.Split`,
        :class:`~skactive.strategies.FixedUncertainty`,
        :class:`~skactive.strategies.DensityUncertainty`,
        :class:`~skactive.strategies.StreamRandomSampling`).
    budget : float, default=0.1
        Share of the stream that may be labeled, in ``(0, 1]``.
    incremental : {"auto", True, False}, default="auto"
        Update the model through ``partial_fit`` when teaching; ``"auto"``:
        when the estimator has it (or, for a Pipeline, its last step: the
        earlier steps stay as fitted on the first labels).
    random_state : int, RandomState instance or None, default=None
        Seeds the strategy's random draws: the same seed and stream give
        the same decisions.

    Attributes
    ----------
    learner_ : ActiveLearner
        The fitted pool learner that trains the model.
    query_strategy_ : stream strategy
        The fitted copy of ``query_strategy``, with its thresholds and its
        budget manager's state.
    classes_ : ndarray of shape (n_classes,)
        The classes seen so far.
    n_seen_ : int
        Rows given to :meth:`should_query` so far.
    n_queried_ : int
        Rows it chose to label.

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from sklearn.naive_bayes import MultinomialNB
    >>> from skactive import StreamLearner
    >>> X, y = load_digits(return_X_y=True)
    >>> learner = StreamLearner(MultinomialNB(), budget=0.2,
    ...                         random_state=0).fit(X[:50], y[:50])
    >>> for start in range(50, 1050, 100):
    ...     rows = slice(start, start + 100)
    ...     ask = learner.should_query(X[rows])
    ...     learner = learner.teach(X[rows][ask], y[rows][ask])
    >>> learner.n_seen_, round(learner.n_queried_ / learner.n_seen_, 2)
    (1000, 0.2)
    """

    def __init__(
        self,
        estimator,
        query_strategy=VariableUncertainty(),
        budget=0.1,
        *,
        incremental="auto",
        random_state=None,
    ):
        self.estimator = estimator
        self.query_strategy = query_strategy
        self.budget = budget
        self.incremental = incremental
        self.random_state = random_state

    def _check_params(self):
        if not isinstance(self.query_strategy, BaseStreamStrategy):
            raise TypeError(
                "query_strategy must be a stream strategy (VariableUncertainty(), "
                f"Split(), ...), got {self.query_strategy!r}; pool strategies such "
                "as margin_sampling choose among a pool: use ActiveLearner."
            )
        if (
            not isinstance(self.budget, numbers.Real)
            or isinstance(self.budget, bool)
            or not 0 < self.budget <= 1
        ):
            raise ValueError(
                f"budget is the share of the stream to label, in (0, 1]; got {self.budget!r}."
            )
        if self.incremental not in ("auto", True, False):
            raise ValueError(
                f"incremental must be 'auto', True or False, got {self.incremental!r}."
            )

    def _pool_learner(self):
        incremental = self.incremental
        if incremental == "auto":
            # A Pipeline has no partial_fit of its own; its last step may.
            incremental = _partial_fit_step(self.estimator) is not None
        return ActiveLearner(self.estimator, random_sampling, incremental=incremental)

    def fit(self, X, y, **fit_params):
        """Train on the labels you have and start a new stream.

        Parameters
        ----------
        X : array-like or sparse matrix
            Labeled samples.
        y : array-like of shape (n_samples,)
            Their labels.
        **fit_params : dict
            Passed to the estimator's ``fit``.

        Returns
        -------
        self : StreamLearner
            The fitted learner.
        """
        self._check_params()
        self.learner_ = self._pool_learner().fit(X, y, **fit_params)
        self._fresh_strategy()
        self._random_state = check_random_state(self.random_state)
        self.n_seen_ = 0
        self.n_queried_ = 0
        self._sync()
        return self

    def _fresh_strategy(self):
        self.query_strategy_ = clone(self.query_strategy)
        self._strategy_source = (self.query_strategy, self.query_strategy.get_params())

    def _current_strategy(self):
        # A strategy replaced or re-parametrised since fit starts afresh; an
        # unchanged one keeps its thresholds and spending.
        source, params = self._strategy_source
        if source is not self.query_strategy or params != self.query_strategy.get_params():
            self._fresh_strategy()
        return self.query_strategy_

    def _sync(self):
        self.classes_ = self.learner_.classes_
        for name in ("n_features_in_", "feature_names_in_"):
            if hasattr(self.learner_, name):
                setattr(self, name, getattr(self.learner_, name))

    def should_query(self, X):
        """Decide, row by row in arrival order, which rows to send for labeling.

        Each call continues the same stream: thresholds and the budget
        carry over from the rows seen before.

        Parameters
        ----------
        X : array-like or sparse matrix
            One row or a batch of rows, in the order they arrived.

        Returns
        -------
        mask : ndarray of bool of shape (n_rows,)
            ``True`` for the rows whose label to ask for.
        """
        check_is_fitted(self, "learner_")
        self._check_params()
        mask, _ = self._current_strategy().decide(
            self.learner_, X, float(self.budget), self._random_state
        )
        self.n_seen_ += int(mask.shape[0])
        self.n_queried_ += int(mask.sum())
        return mask

    def teach(self, X, y, **fit_params):
        """Learn the labels that came back; the learner is unchanged if this fails.

        Parameters
        ----------
        X : array-like or sparse matrix
            The labeled rows (for example ``X[mask]``); may be empty.
        y : array-like of shape (n_samples,)
            Their labels.
        **fit_params : dict
            Passed to the estimator's ``fit`` or ``partial_fit``.

        Returns
        -------
        self : StreamLearner
            The updated learner.
        """
        if not hasattr(self, "learner_"):
            return self.fit(X, y, **fit_params)
        if np.shape(y)[0] == 0:
            return self
        self.learner_.teach(X, y, **fit_params)
        self._sync()
        return self

    def predict(self, X):
        """Predict classes with the current model.

        Parameters
        ----------
        X : array-like or sparse matrix
            Samples.

        Returns
        -------
        ndarray of shape (n_samples,)
            Predicted labels.
        """
        check_is_fitted(self, "learner_")
        return self.learner_.predict(X)

    @available_if(_inner_has("predict_proba"))
    def predict_proba(self, X):
        """Class probabilities of the current model.

        Parameters
        ----------
        X : array-like or sparse matrix
            Samples.

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
            Columns in the order of ``classes_``.
        """
        check_is_fitted(self, "learner_")
        return self.learner_.predict_proba(X)
