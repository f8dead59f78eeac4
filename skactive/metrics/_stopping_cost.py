"""What a stop costs: labels paid for against errors made later."""

import numbers

import numpy as np
from sklearn.metrics import accuracy_score


def _check_cost(value, name):
    if not isinstance(value, numbers.Real) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{name} must be a non-negative number, got {value!r}.")
    return float(value)


def stopping_cost(
    n_labels, accuracy, *, label_cost=1.0, misclassification_cost=1.0, n_predictions=10_000
):
    """Total cost of a model trained on ``n_labels`` labels, over its lifetime.

    Pullar-Strecker et al.'s cost model (Machine Learning, 2022): every
    label costs ``label_cost``; the model then makes ``n_predictions``
    predictions, of which a share ``1 - accuracy`` are wrong, each costing
    ``misclassification_cost``::

        cost = label_cost * n_labels
               + misclassification_cost * n_predictions * (1 - accuracy)

    Stopping earlier saves labels and costs errors; the best stop is where
    the sum is lowest. Only the ratio of the two costs times
    ``n_predictions`` matters for where that is.

    Parameters
    ----------
    n_labels : int or array-like
        Labels used.
    accuracy : float or array-like
        Accuracy of the model trained on them, in ``[0, 1]``.
    label_cost : float, default=1.0
        Cost of one label.
    misclassification_cost : float, default=1.0
        Cost of one wrong prediction.
    n_predictions : float, default=10_000
        Number of predictions the model makes in its lifetime.

    Returns
    -------
    float or ndarray
        The total cost, of the shape of the inputs broadcast together.

    See Also
    --------
    make_stopping_cost_scorer : The same cost as a scorer for ``GridSearchCV``.

    Examples
    --------
    >>> from skactive.metrics import stopping_cost
    >>> stopping_cost(200, 0.75, n_predictions=1000)
    450.0
    >>> stopping_cost([200, 300], [0.75, 0.875], n_predictions=1000)
    array([450., 425.])
    """
    label_cost = _check_cost(label_cost, "label_cost")
    misclassification_cost = _check_cost(misclassification_cost, "misclassification_cost")
    n_predictions = _check_cost(n_predictions, "n_predictions")
    n_labels = np.asarray(n_labels, dtype=float)
    accuracy = np.asarray(accuracy, dtype=float)
    if np.any((accuracy < 0) | (accuracy > 1)):
        raise ValueError(f"accuracy must be in [0, 1], got {accuracy!r}.")
    if np.any(n_labels < 0):
        raise ValueError(f"n_labels must be non-negative, got {n_labels!r}.")
    cost = (label_cost * n_labels
            + misclassification_cost * n_predictions * (1.0 - accuracy))
    return float(cost) if cost.ndim == 0 else cost


class _StoppingCostScorer:
    """Callable ``(learner, X, y) -> -cost``; see :func:`make_stopping_cost_scorer`."""

    def __init__(self, label_cost, misclassification_cost, n_predictions):
        self._costs = {
            "label_cost": _check_cost(label_cost, "label_cost"),
            "misclassification_cost": _check_cost(
                misclassification_cost, "misclassification_cost"),
            "n_predictions": _check_cost(n_predictions, "n_predictions"),
        }

    def __call__(self, estimator, X, y, sample_weight=None):
        labels = getattr(estimator, "y_labeled_", None)
        if labels is None:
            raise ValueError(
                f"{type(estimator).__name__} has no y_labeled_: the stopping cost "
                "prices the labels an active learner used, so pass a fitted "
                "ActiveLearner or QueryByCommittee (in simulation mode, with "
                "budget and stopping set, for GridSearchCV)."
            )
        accuracy = accuracy_score(y, estimator.predict(X), sample_weight=sample_weight)
        return -stopping_cost(np.shape(labels)[0], accuracy, **self._costs)

    def __repr__(self):
        args = ", ".join(f"{k}={v:g}" for k, v in self._costs.items())
        return f"make_stopping_cost_scorer({args})"


def make_stopping_cost_scorer(
    label_cost=1.0, misclassification_cost=1.0, n_predictions=10_000
):
    """A scorer that prices the labels a learner used against its errors.

    The scorer takes a fitted learner, counts its labels (``y_labeled_``:
    in simulation mode with a stopping criterion, the labels used up to the
    stop), measures its accuracy on the test data and returns minus
    :func:`stopping_cost`, so higher is better, as scikit-learn scorers
    are. With it, ``GridSearchCV`` chooses a stopping criterion and its
    threshold by what they cost, not by accuracy alone (which always
    prefers more labels).

    Parameters
    ----------
    label_cost : float, default=1.0
        Cost of one label.
    misclassification_cost : float, default=1.0
        Cost of one wrong prediction.
    n_predictions : float, default=10_000
        Number of predictions the model makes in its lifetime; the error
        rate on the test data is scaled to it.

    Returns
    -------
    scorer : callable
        ``scorer(learner, X_test, y_test) -> -cost``.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.model_selection import GridSearchCV
    >>> from skactive import ActiveLearner
    >>> from skactive.metrics import make_stopping_cost_scorer
    >>> from skactive.stopping import StabilizingPredictions
    >>> from skactive.strategies import margin_sampling
    >>> X, y = load_iris(return_X_y=True)
    >>> learner = ActiveLearner(LogisticRegression(max_iter=1000), margin_sampling,
    ...                         random_state=0, budget=60, n_initial=6, batch_size=6,
    ...                         stopping=StabilizingPredictions(window=2))
    >>> search = GridSearchCV(learner, {"stopping__threshold": [0.9, 1.0]}, cv=3,
    ...                       scoring=make_stopping_cost_scorer(n_predictions=1000))
    >>> search = search.fit(X, y)
    >>> sorted(search.best_params_)
    ['stopping__threshold']
    """
    return _StoppingCostScorer(label_cost, misclassification_cost, n_predictions)
