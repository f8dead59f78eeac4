"""The base of stopping criteria, and what they read from a learner."""

import numbers

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.utils import check_random_state

from ..utils import num_rows, take_rows


def _learner_task(learner):
    task = getattr(learner, "_task", None)
    return task() if callable(task) else "classification"


def _n_labels(learner):
    labels = getattr(learner, "y_labeled_", None)
    if labels is None:
        raise TypeError(
            f"A stopping criterion checks a fitted learner (with y_labeled_); got "
            f"{type(learner).__name__}. Fit the learner first."
        )
    return int(np.shape(labels)[0])


class BaseStoppingCriterion(BaseEstimator):
    """Base class of the stopping criteria.

    A criterion is a small estimator: its settings are its ``__init__``
    parameters (so ``clone`` and ``GridSearchCV``, as
    ``stopping__threshold``, work) and it keeps what it has seen in
    attributes ending in ``_``. A learner holds its own copy
    (``learner.stopping_``) and calls :meth:`check` on it once per model
    through ``learner.should_stop(X_pool)``, so the parameter object is
    never changed.

    The work is in three layers, like the strategies: a pure measure on
    arrays (:func:`kappa_agreement`, ...), :meth:`measure`, its value for
    the learner's current model, then :meth:`decide` on the values seen so
    far. Subclasses implement the last two.

    Attributes
    ----------
    history_ : list
        The measure at each check, oldest first (``None`` where it was not
        defined yet, e.g. the first check of a criterion that compares two
        successive models).
    n_labels_history_ : list of int
        The number of labels of the model at each check.
    stop_ : bool
        The decision at the last check.
    n_labels_at_stop_ : int or None
        Labels of the model at the first check that said stop, ``None`` if
        none did.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.linear_model import LogisticRegression
    >>> from skactive import ActiveLearner
    >>> from skactive.stopping import BaseStoppingCriterion
    >>> class EnoughOnes(BaseStoppingCriterion):
    ...     def __init__(self, n_ones=2):
    ...         self.n_ones = n_ones
    ...     def measure(self, learner, X_pool):
    ...         return int(np.sum(learner.y_labeled_ == 1))
    ...     def decide(self, history):
    ...         return history[-1] >= self.n_ones
    >>> learner = ActiveLearner(LogisticRegression()).fit([[0], [1], [2]], [0, 1, 1])
    >>> EnoughOnes().check(learner, [[3], [4]])
    True
    """

    def measure(self, learner, X_pool):
        """The criterion's measure for the learner's current model."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement measure(learner, X_pool) and "
            "decide(history), or override check."
        )

    def decide(self, history):
        """Whether to stop, given the measures of every check so far."""
        raise NotImplementedError(
            f"{type(self).__name__} must implement decide(history)."
        )

    def check(self, learner, X_pool):
        """Take the learner's current model into account and say whether to stop.

        Checking the same model twice (no new labels in between) changes
        nothing and repeats the decision, so successive-model criteria never
        compare a model with itself.

        Parameters
        ----------
        learner : ActiveLearner, QueryByCommittee or another fitted learner
            The learner whose model to judge.
        X_pool : array-like, sparse matrix, DataFrame or list
            The unlabeled pool, as given to ``query``.

        Returns
        -------
        bool
            ``True`` to stop labeling.
        """
        n_labels = _n_labels(learner)
        seen = getattr(self, "n_labels_history_", [])
        if seen and seen[-1] == n_labels:
            return self.stop_
        value = self.measure(learner, X_pool)
        self.history_ = [*getattr(self, "history_", []), value]
        self.n_labels_history_ = [*seen, n_labels]
        self.stop_ = bool(self.decide(self.history_))
        if self.stop_ and getattr(self, "n_labels_at_stop_", None) is None:
            self.n_labels_at_stop_ = n_labels
        elif not hasattr(self, "n_labels_at_stop_"):
            self.n_labels_at_stop_ = None
        return self.stop_

    def _needs_classes(self, learner):
        task = _learner_task(learner)
        if task == "regression":
            raise TypeError(
                f"{type(self).__name__} compares predicted classes, but this "
                f"{type(learner).__name__} has a regression task; use LabelBudget "
                "or a criterion written for regression."
            )
        return task

    def _proba(self, learner, X):
        task = _learner_task(learner)
        if task != "classification" or not hasattr(learner, "predict_proba"):
            why = (
                f"has a {task} task" if task != "classification"
                else "has no predict_proba"
            )
            raise TypeError(
                f"{type(self).__name__} needs class probabilities (predict_proba) "
                f"for a classification task, but this {type(learner).__name__} "
                f"{why}; use StabilizingPredictions, ClassificationChange or "
                "LabelBudget instead."
            )
        return learner.predict_proba(X)


def _check_window(window):
    if not isinstance(window, numbers.Integral) or isinstance(window, bool) or window < 1:
        raise ValueError(f"window must be a positive integer, got {window!r}.")
    return int(window)


def _check_threshold(threshold, name="threshold", low=0.0, high=1.0):
    if (
        not isinstance(threshold, numbers.Real)
        or isinstance(threshold, bool)
        or not low <= threshold <= high
    ):
        raise ValueError(f"{name} must be a number in [{low}, {high}], got {threshold!r}.")
    return float(threshold)


class _StopSetMixin:
    """A fixed sample of the pool, drawn at the first check, to compare models on.

    Successive models must be judged on the same rows, but the pool shrinks
    as rows get labeled: so the rows are copied once and kept
    (``stop_set_``). ``random_state=None`` takes the learner's integer
    ``random_state`` (0 when it has none), so a seeded run draws the same
    stop set, without touching the learner's own random stream.
    """

    def _stop_set(self, learner, X_pool):
        if not hasattr(self, "stop_set_"):
            size = self.stop_set_size
            if not isinstance(size, numbers.Integral) or isinstance(size, bool) or size < 1:
                raise ValueError(
                    f"stop_set_size must be a positive integer, got {size!r}."
                )
            seed = self.random_state
            if seed is None:
                seed = getattr(learner, "random_state", None)
                seed = seed if isinstance(seed, numbers.Integral) else 0
            n_pool = num_rows(X_pool)
            if n_pool == 0:
                raise ValueError("X_pool is empty: there is no row to draw a stop set from.")
            rng = check_random_state(seed)
            rows = np.sort(rng.choice(n_pool, size=min(int(size), n_pool), replace=False))
            self.stop_set_ = take_rows(X_pool, rows)
            if self.stop_set_ is X_pool:  # never keep the caller's array
                self.stop_set_ = self.stop_set_.copy()
        return self.stop_set_
