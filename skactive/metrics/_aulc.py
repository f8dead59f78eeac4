"""AULC: how good a simulated run's model was all along, not only at the end."""

import numbers

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.metrics import get_scorer, make_scorer
from sklearn.utils.metaestimators import available_if
from threadpoolctl import threadpool_limits

from .._simulation import label_schedule
from ..utils import take_rows


def normalized_area(n_labels, scores):
    """Area under a learning curve divided by its width: its mean height.

    The curve is linear between the points (trapezoidal rule), so a flat
    curve at 0.8 has area 0.8 whatever its length. A curve of one point
    has the area of that point.

    Parameters
    ----------
    n_labels : array-like of shape (n_points,)
        Increasing numbers of labels.
    scores : array-like of shape (n_points,)
        The score at each of them.

    Returns
    -------
    float
        The normalised area, in the units of ``scores``.

    Examples
    --------
    >>> from skactive.metrics import normalized_area
    >>> normalized_area([10, 20, 30], [0.5, 0.5, 1.0])
    0.625
    """
    n_labels = np.asarray(n_labels, dtype=float)
    scores = np.asarray(scores, dtype=float)
    if n_labels.ndim != 1 or n_labels.shape != scores.shape or n_labels.shape[0] == 0:
        raise ValueError(
            "n_labels and scores must be 1-D arrays of the same, non-zero length; "
            f"got shapes {n_labels.shape} and {scores.shape}."
        )
    if np.any(np.diff(n_labels) <= 0):
        raise ValueError(f"n_labels must increase strictly, got {n_labels.tolist()}.")
    if n_labels.shape[0] == 1:
        return float(scores[0])
    widths = np.diff(n_labels)
    area = np.sum(widths * (scores[1:] + scores[:-1]) / 2)
    return float(area / (n_labels[-1] - n_labels[0]))


def _check_simulated(learner):
    queried = getattr(learner, "queried_indices_", None)
    if queried is None:
        raise ValueError(
            f"{type(learner).__name__} has no queried_indices_: the AULC replays a "
            "simulated run, so the learner must be fitted with budget set, e.g. "
            "ActiveLearner(estimator, budget=100)."
        )
    return queried


def checkpoints(learner, n_checkpoints=None):
    """Numbers of labels at which a simulated run is replayed.

    The candidates are the moments the learner actually refitted: after the
    random seed and after each batch. ``n_checkpoints`` of them are kept,
    evenly spread, always including the first and the last.
    """
    budget = _check_simulated(learner).shape[0]
    steps = label_schedule(min(learner.n_initial, budget), budget, learner.batch_size)
    if n_checkpoints is not None and steps.shape[0] > n_checkpoints:
        keep = np.linspace(0, steps.shape[0] - 1, n_checkpoints).round().astype(int)
        steps = steps[np.unique(keep)]
    return steps


class _OnClasses(ClassifierMixin, BaseEstimator):
    """A fitted classifier seen through a larger, fixed set of ``classes``.

    Early in a run the model has not seen every class; probability metrics
    (log loss, ROC AUC, Brier score) need one column per class of ``y``.
    Unseen classes get probability 0, and a decision value below every
    seen class's.
    """

    def __init__(self, model, classes):
        self.model = model
        self.classes = classes

    @property
    def classes_(self):
        return self.classes

    def _columns(self):
        return np.searchsorted(self.classes, self.model.classes_)

    def predict(self, X):
        return self.model.predict(X)

    @available_if(lambda self: hasattr(self.model, "predict_proba"))
    def predict_proba(self, X):
        proba = np.asarray(self.model.predict_proba(X), dtype=float)
        aligned = np.zeros((proba.shape[0], self.classes.shape[0]))
        aligned[:, self._columns()] = proba
        return aligned

    @available_if(lambda self: hasattr(self.model, "decision_function"))
    def decision_function(self, X):
        values = np.asarray(self.model.decision_function(X), dtype=float)
        if values.ndim == 1:  # binary: the score of classes_[1] against classes_[0]
            values = np.column_stack([-values, values])
        aligned = np.full((values.shape[0], self.classes.shape[0]),
                          values.min(initial=0.0) - 1.0)
        aligned[:, self._columns()] = values
        return aligned


def _on_classes(model, classes):
    """``model``, or a view of it with one output per class of ``classes``."""
    seen = getattr(model, "classes_", None)
    if classes is None or seen is None or np.ndim(seen) != 1:
        return model
    if np.array_equal(seen, classes) or not np.isin(seen, classes).all():
        return model
    return _OnClasses(model, classes)


def _all_classes(*labels):
    """The sorted classes of 1-D label arrays; None for other targets."""
    if any(part is None or np.ndim(part) != 1 for part in labels):
        return None
    try:
        return np.unique(np.concatenate([np.asarray(part) for part in labels]))
    except TypeError:  # labels of mixed types: leave the metric to say so
        return None


def replay(learner, X, y, scorer, n_checkpoints=None, classes=None):
    """Score the model a simulated run had at each checkpoint.

    The learner's ``X_labeled_`` is in query order, so the model after ``n``
    labels is a fresh fit on its first ``n`` rows. A checkpoint model that has
    not seen every class (of ``classes``, by default those of ``y`` and of the
    run) is scored with one probability column per class, zero for the
    unseen ones, so probability metrics work from the first checkpoint.

    Returns
    -------
    n_labels : ndarray of shape (n_points,)
    scores : ndarray of shape (n_points,)
    """
    n_labels = checkpoints(learner, n_checkpoints)
    if classes is None:
        classes = _all_classes(getattr(learner, "classes_", None), y)
    scores = np.empty(n_labels.shape[0])
    # Many small refits: see benchmarks/simulation_threads.py.
    with threadpool_limits(limits=1):
        for i, n in enumerate(n_labels):
            if n == learner.y_labeled_.shape[0]:
                model = learner  # the final model of the run
            else:
                first_n = take_rows(learner.X_labeled_, np.arange(n))
                model = clone(learner).set_params(budget=None)
                model.fit(first_n, learner.y_labeled_[:n])
            scores[i] = scorer(_on_classes(model, classes), X, y)
    return n_labels, scores


def _check_n_checkpoints(n_checkpoints):
    if n_checkpoints is None:
        return None
    if (
        not isinstance(n_checkpoints, numbers.Integral)
        or isinstance(n_checkpoints, bool)
        or n_checkpoints < 2
    ):
        raise ValueError(
            "n_checkpoints must be an integer of at least 2 (the first and the last "
            f"point of the curve) or None for every batch, got {n_checkpoints!r}."
        )
    return int(n_checkpoints)


class _AULCScorer:
    """Callable ``(learner, X, y) -> float``; see :func:`make_aulc_scorer`."""

    def __init__(self, scorer, n_checkpoints, name):
        self._scorer = scorer
        self._n_checkpoints = n_checkpoints
        self._name = name

    def __call__(self, estimator, X, y, sample_weight=None):
        if sample_weight is not None:
            raise TypeError(
                "The AULC scorer does not support sample_weight; weight the metric "
                "through make_aulc_scorer's keyword arguments instead."
            )
        n_labels, scores = replay(estimator, X, y, self._scorer, self._n_checkpoints)
        return normalized_area(n_labels, scores)

    def __repr__(self):
        metric = "" if self._name is None else f"{self._name}, "
        return f"make_aulc_scorer({metric}n_checkpoints={self._n_checkpoints})"


def _own_score(estimator, X, y):
    return estimator.score(X, y)


def make_aulc_scorer(
    metric=None,
    n_checkpoints=10,
    *,
    response_method="predict",
    greater_is_better=True,
    **kwargs,
):
    """Make a scorer of the area under a simulated run's learning curve (AULC).

    The scorer takes a learner fitted in simulation mode (``budget`` set),
    replays its ``queried_indices_`` on the test data: at ``n_checkpoints``
    numbers of labels between the random seed and the budget, it fits the
    learner's model on the first labels (``X_labeled_`` is in query order)
    and scores it with ``metric``. It returns the area under that curve
    divided by its width, so a strategy that is good early scores higher
    than one that only catches up at the end. Use it as ``scoring=`` in
    ``GridSearchCV`` or ``cross_val_score`` to rank strategies.

    Parameters
    ----------
    metric : callable, str or None, default=None
        A scikit-learn metric ``metric(y_true, y_pred, **kwargs)``, or the
        name of a scikit-learn scorer such as ``"balanced_accuracy"``,
        ``"r2"``, ``"neg_mean_squared_error"`` or
        ``"neg_mean_absolute_error"`` (then ``response_method``,
        ``greater_is_better`` and ``kwargs`` must be left out). ``None``: the
        learner's own ``score``, accuracy for classifiers
        (:class:`~skactive.ActiveLearner`) and R² for regressors
        (:class:`~skactive.ActiveRegressor`).
    n_checkpoints : int or None, default=10
        Number of points of the curve, at least 2, taken among the moments
        the learner refitted (after the seed and after each batch); the
        first and the last are always included. ``None``: every batch.
        Each point costs one fit of the model.
    response_method : {"predict", "predict_proba", "decision_function"} \
            or list of them, default="predict"
        What ``metric`` is given, as in :func:`sklearn.metrics.make_scorer`.
    greater_is_better : bool, default=True
        As in :func:`sklearn.metrics.make_scorer`: with ``False`` (a loss)
        the scores are negated, so a higher AULC is still better.
    **kwargs
        Passed to ``metric``.

    Returns
    -------
    scorer : callable
        ``scorer(learner, X_test, y_test) -> float``.

    See Also
    --------
    aulc_scorer : The AULC of the learner's own score, ready-made.
    normalized_area : The area computation on its own.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.metrics import f1_score
    >>> from sklearn.model_selection import cross_val_score
    >>> from skactive import ActiveLearner
    >>> from skactive.metrics import make_aulc_scorer
    >>> X, y = load_iris(return_X_y=True)
    >>> learner = ActiveLearner(LogisticRegression(max_iter=1000), random_state=0,
    ...                         budget=30, n_initial=6, batch_size=6)
    >>> f1_aulc = make_aulc_scorer(f1_score, n_checkpoints=5, average="macro")
    >>> scores = cross_val_score(learner, X, y, cv=3, scoring=f1_aulc)
    >>> bool(0.5 < scores.mean() <= 1)
    True

    For a regressor, pass a regression metric (a loss is negated, so higher
    is still better):

    >>> from sklearn.datasets import load_diabetes
    >>> from sklearn.linear_model import Ridge
    >>> from sklearn.metrics import mean_absolute_error
    >>> from skactive import ActiveRegressor
    >>> X, y = load_diabetes(return_X_y=True)
    >>> regressor = ActiveRegressor(Ridge(), random_state=0, budget=40)
    >>> mae_aulc = make_aulc_scorer(mean_absolute_error, n_checkpoints=3,
    ...                             greater_is_better=False)
    >>> bool(cross_val_score(regressor, X, y, cv=3, scoring=mae_aulc).mean() < 0)
    True
    """
    n_checkpoints = _check_n_checkpoints(n_checkpoints)
    if metric is None:
        if kwargs or response_method != "predict" or not greater_is_better:
            raise TypeError(
                "metric=None uses the learner's own score; pass a metric function "
                "to set response_method, greater_is_better or metric arguments."
            )
        return _AULCScorer(_own_score, n_checkpoints, None)
    if isinstance(metric, str):
        if kwargs or response_method != "predict" or not greater_is_better:
            raise TypeError(
                f"metric={metric!r} names a ready scorer; pass a metric function "
                "to set response_method, greater_is_better or metric arguments."
            )
        return _AULCScorer(get_scorer(metric), n_checkpoints, repr(metric))
    if not callable(metric):
        raise TypeError(
            f"metric must be a metric function or a scorer name, got {metric!r}."
        )
    scorer = make_scorer(
        metric,
        response_method=response_method,
        greater_is_better=greater_is_better,
        **kwargs,
    )
    return _AULCScorer(scorer, n_checkpoints, getattr(metric, "__name__", repr(metric)))


aulc_scorer = make_aulc_scorer()
aulc_scorer.__doc__ = """Normalised area under the score curve of a simulated run.

The learner's own score: accuracy for classifiers, R² for regressors.
``make_aulc_scorer(n_checkpoints=10)``, ready to pass as
``scoring=aulc_scorer``.
"""
