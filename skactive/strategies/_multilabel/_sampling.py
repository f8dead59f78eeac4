"""Multi-label query strategies: a utility from the measures, then top-k selection.

Every strategy here declares ``tasks={"multilabel"}``: given a learner
fitted on one label per sample, ``query`` refuses it with a message naming
both. Single-label strategies are refused on a multi-label learner the same
way; the model-free ones (random sampling, ``CoreSet``, ``DiverseBatch``
without a base) serve both, and ``DiverseBatch`` / ``RankedBatch`` /
``DensityWeighted`` take a multi-label strategy as their base.
"""

import numpy as np

from .._selection import select_top_k
from .._tags import declare_tags
from ._measures import (
    avg_confidence,
    avg_score,
    binary_minimum,
    cvirs,
    label_cardinality_inconsistency,
    max_loss,
    max_score,
    mean_max_loss,
    min_confidence,
)
from ._utility import label_decision, label_predictions, label_proba

_MULTILABEL = frozenset({"multilabel"})

_DOC_COMMON = """
    Parameters
    ----------
    learner : ActiveLearner
        Learner fitted on a multi-label target (an indicator matrix).
    X_pool : array-like, sparse matrix, DataFrame or list
        The unlabeled pool.
    n_instances : int, default=1
        Number of positions to return.
    random_state : int, RandomState instance or None, default=None
        Breaks ties between equal utilities.

    Returns
    -------
    positions : ndarray of shape (n_instances,)
        Most informative first.
    scores : ndarray of shape (n_pool,)
        Utility of every row.

"""


def _select(scores, n_instances, random_state):
    return select_top_k(scores, n_instances, random_state), scores


def _with_doc(func):
    func.__doc__ = func.__doc__.replace("    {common}\n", _DOC_COMMON)
    return func


@_with_doc
@declare_tags(tasks=_MULTILABEL)
def min_confidence_sampling(learner, X_pool, n_instances=1, *, random_state=None):
    """Query the samples whose least certain label is least certain.

    Utility :func:`min_confidence`, ``-min_l |2 p_l - 1|``.
    {common}
    Examples
    --------
    >>> from sklearn.datasets import make_multilabel_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.multiclass import OneVsRestClassifier
    >>> from skactive import ActiveLearner
    >>> from skactive.strategies import min_confidence_sampling
    >>> X, Y = make_multilabel_classification(n_samples=100, n_classes=4, random_state=0)
    >>> learner = ActiveLearner(OneVsRestClassifier(LogisticRegression()),
    ...                         min_confidence_sampling, random_state=0)
    >>> learner.fit(X[:20], Y[:20]).query(X[20:], n_instances=3).shape
    (3,)
    """
    return _select(min_confidence(label_proba(learner, X_pool)), n_instances, random_state)


@_with_doc
@declare_tags(tasks=_MULTILABEL)
def avg_confidence_sampling(learner, X_pool, n_instances=1, *, random_state=None):
    """Query the samples with the lowest mean label confidence.

    Utility :func:`avg_confidence`, ``-mean_l |2 p_l - 1|``.
    {common}
    Examples
    --------
    >>> from sklearn.datasets import make_multilabel_classification
    >>> from sklearn.ensemble import RandomForestClassifier
    >>> from skactive import ActiveLearner
    >>> from skactive.strategies import avg_confidence_sampling
    >>> X, Y = make_multilabel_classification(n_samples=100, n_classes=4, random_state=0)
    >>> learner = ActiveLearner(RandomForestClassifier(n_estimators=10, random_state=0),
    ...                         avg_confidence_sampling, random_state=0)
    >>> learner.fit(X[:20], Y[:20]).query(X[20:], n_instances=3).shape
    (3,)
    """
    return _select(avg_confidence(label_proba(learner, X_pool)), n_instances, random_state)


@_with_doc
@declare_tags(tasks=_MULTILABEL)
def max_score_sampling(learner, X_pool, n_instances=1, *, random_state=None):
    """Query the samples whose most likely label is least likely.

    Utility :func:`max_score`, ``-max_l (2 p_l - 1)``.
    {common}
    """
    return _select(max_score(label_proba(learner, X_pool)), n_instances, random_state)


@_with_doc
@declare_tags(tasks=_MULTILABEL)
def avg_score_sampling(learner, X_pool, n_instances=1, *, random_state=None):
    """Query the samples with the lowest mean signed label score.

    Utility :func:`avg_score`, ``-mean_l (2 p_l - 1)``.
    {common}
    """
    return _select(avg_score(label_proba(learner, X_pool)), n_instances, random_state)


@_with_doc
@declare_tags(tasks=_MULTILABEL)
def binary_minimum_sampling(learner, X_pool, n_instances=1, *, random_state=None):
    """Query the samples closest to one label's decision boundary (SVM binary minimum).

    Utility :func:`binary_minimum`, ``-min_l |d_l|``, from
    ``decision_function`` (``OneVsRestClassifier`` of SVMs, as in Brinker
    2006) or, without one, from ``2 p_l - 1``.
    {common}
    """
    return _select(binary_minimum(label_decision(learner, X_pool)), n_instances, random_state)


def _losses(measure, learner, X_pool):
    return measure(label_decision(learner, X_pool), label_predictions(learner, X_pool))


@_with_doc
@declare_tags(tasks=_MULTILABEL)
def max_loss_sampling(learner, X_pool, n_instances=1, *, random_state=None):
    """Query the samples whose predicted label set has the largest worst hinge loss.

    Utility :func:`max_loss` (Li, Wang & Sung 2004).
    {common}
    """
    return _select(_losses(max_loss, learner, X_pool), n_instances, random_state)


@_with_doc
@declare_tags(tasks=_MULTILABEL)
def mean_max_loss_sampling(learner, X_pool, n_instances=1, *, random_state=None):
    """Query the samples whose predicted label set has the largest mean hinge loss (MMC).

    Utility :func:`mean_max_loss` (Yang et al. 2009).
    {common}
    """
    return _select(_losses(mean_max_loss, learner, X_pool), n_instances, random_state)


@_with_doc
@declare_tags(tasks=_MULTILABEL)
def cardinality_inconsistency_sampling(learner, X_pool, n_instances=1, *, random_state=None):
    """Query the samples whose predicted number of labels is most unusual.

    Utility :func:`label_cardinality_inconsistency` against the mean number
    of labels per labeled sample (Li & Guo 2013); many samples tie, and
    ties are broken at random.
    {common}
    """
    predicted = label_predictions(learner, X_pool)  # checks the learner first
    mean_cardinality = np.asarray(learner.y_labeled_).sum(axis=1).mean()
    scores = label_cardinality_inconsistency(predicted, mean_cardinality)
    return _select(scores, n_instances, random_state)


@_with_doc
@declare_tags(tasks=_MULTILABEL)
def cvirs_sampling(learner, X_pool, n_instances=1, *, random_state=None):
    """Query by rank-aggregated label uncertainty times label-set inconsistency (CVIRS).

    Utility :func:`cvirs` (Reyes, Morell & Ventura 2018), with the labeled
    samples' per-label frequencies.
    {common}
    """
    proba = label_proba(learner, X_pool)  # checks the learner first
    frequency = np.asarray(learner.y_labeled_, dtype=np.float64).mean(axis=0)
    scores = cvirs(proba, label_predictions(learner, X_pool), frequency)
    return _select(scores, n_instances, random_state)
