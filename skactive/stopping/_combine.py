"""Combinators: several criteria as one (``any_of``, ``all_of``)."""

from collections import Counter

from sklearn.utils import Bunch
from sklearn.utils.metaestimators import _BaseComposition

from ._base import BaseStoppingCriterion, _n_labels


def _name_criteria(criteria):
    """Names from the class names, numbered when they repeat (as ``make_union``)."""
    names = [type(criterion).__name__.lower() for criterion in criteria]
    counts = Counter(names)
    seen = Counter()
    named = []
    for name, criterion in zip(names, criteria):
        if counts[name] > 1:
            seen[name] += 1
            name = f"{name}-{seen[name]}"
        named.append((name, criterion))
    return named


class _Combination(_BaseComposition, BaseStoppingCriterion):
    def __init__(self, criteria):
        self.criteria = criteria

    @property
    def named_criteria(self):
        """The criteria by name (a :class:`~sklearn.utils.Bunch`)."""
        return Bunch(**dict(self.criteria))

    def get_params(self, deep=True):
        return self._get_params("criteria", deep=deep)

    def set_params(self, **params):
        self._set_params("criteria", **params)
        return self

    def _named(self):
        criteria = self.criteria
        if not isinstance(criteria, (list, tuple)) or not criteria:
            raise ValueError(
                f"{type(self).__name__} needs a non-empty list of (name, criterion) "
                f"pairs, got {criteria!r}."
            )
        for item in criteria:
            if (
                not isinstance(item, tuple) or len(item) != 2
                or not callable(getattr(item[1], "check", None))
            ):
                raise TypeError(
                    f"{type(self).__name__} needs (name, criterion) pairs whose "
                    f"criterion has check(learner, X_pool), got {item!r}."
                )
        self._validate_names([name for name, _ in criteria])
        return criteria

    def check(self, learner, X_pool):
        """Check every criterion (so each keeps its state) and combine the decisions.

        Parameters
        ----------
        learner : ActiveLearner, QueryByCommittee or another fitted learner
            The learner whose model to judge.
        X_pool : array-like, sparse matrix, DataFrame or list
            The unlabeled pool.

        Returns
        -------
        bool
            ``True`` to stop labeling.
        """
        named = self._named()
        n_labels = _n_labels(learner)
        seen = getattr(self, "n_labels_history_", [])
        if seen and seen[-1] == n_labels:
            return self.stop_
        # Every criterion is checked, never short-circuited: one that skipped
        # a model would compare the next one with a stale prediction.
        decisions = [bool(criterion.check(learner, X_pool)) for _, criterion in named]
        self.history_ = [*getattr(self, "history_", []), dict(zip(
            [name for name, _ in named], decisions))]
        self.n_labels_history_ = [*seen, n_labels]
        self.stop_ = bool(self._combine(decisions))
        if self.stop_ and getattr(self, "n_labels_at_stop_", None) is None:
            self.n_labels_at_stop_ = n_labels
        elif not hasattr(self, "n_labels_at_stop_"):
            self.n_labels_at_stop_ = None
        return self.stop_


class AnyOf(_Combination):
    """Stop as soon as any of several criteria says stop.

    Parameters
    ----------
    criteria : list of (str, criterion) tuples
        The criteria, named so ``GridSearchCV`` reaches their settings as
        ``stopping__<name>__<param>``; :func:`any_of` names them for you.
        They are checked in place: a learner checks its own copy.

    Attributes
    ----------
    history_ : list of dict
        Each criterion's decision at each check.
    n_labels_history_ : list of int
        The number of labels at each check.
    stop_ : bool
        The last decision.
    n_labels_at_stop_ : int or None
        Labels at the first check that said stop.

    See Also
    --------
    any_of : Build it from criteria.
    AllOf : Stop when all of them say stop.

    Examples
    --------
    >>> from skactive.stopping import AnyOf, LabelBudget, StabilizingPredictions
    >>> criterion = AnyOf([("stable", StabilizingPredictions()),
    ...                    ("budget", LabelBudget(300))])
    >>> criterion.get_params()["stable__threshold"]
    0.999
    """

    def _combine(self, decisions):
        return any(decisions)


class AllOf(_Combination):
    """Stop only when every one of several criteria says stop.

    Each criterion's decision is its latest, so a criterion that fired
    once but no longer holds (predictions moved again) holds back the stop.

    Parameters
    ----------
    criteria : list of (str, criterion) tuples
        The criteria, named so ``GridSearchCV`` reaches their settings as
        ``stopping__<name>__<param>``; :func:`all_of` names them for you.

    Attributes
    ----------
    history_ : list of dict
        Each criterion's decision at each check.
    n_labels_history_ : list of int
        The number of labels at each check.
    stop_ : bool
        The last decision.
    n_labels_at_stop_ : int or None
        Labels at the first check that said stop.

    See Also
    --------
    all_of : Build it from criteria.
    AnyOf : Stop when any of them says stop.

    Examples
    --------
    >>> from skactive.stopping import AllOf, ClassificationChange, LabelBudget
    >>> AllOf([("change", ClassificationChange()), ("least", LabelBudget(100))])
    AllOf(criteria=[('change', ClassificationChange()), ('least', LabelBudget(n_labels=100))])
    """

    def _combine(self, decisions):
        return all(decisions)


def any_of(*criteria):
    """One criterion that stops when any of ``criteria`` does.

    The criteria are named after their classes in lower case
    (``stabilizingpredictions``, ``labelbudget``; numbered when a class
    repeats), so their settings are nested parameters.

    Parameters
    ----------
    *criteria : stopping criteria
        At least one.

    Returns
    -------
    AnyOf

    Examples
    --------
    >>> from skactive.stopping import LabelBudget, StabilizingPredictions, any_of
    >>> criterion = any_of(StabilizingPredictions(), LabelBudget(500))
    >>> criterion.set_params(labelbudget__n_labels=300).criteria[1]
    ('labelbudget', LabelBudget(n_labels=300))
    """
    return AnyOf(_name_criteria(criteria))


def all_of(*criteria):
    """One criterion that stops when all of ``criteria`` do.

    Named like :func:`any_of`.

    Parameters
    ----------
    *criteria : stopping criteria
        At least one.

    Returns
    -------
    AllOf

    Examples
    --------
    >>> from skactive.stopping import LabelBudget, StabilizingPredictions, all_of
    >>> sorted(all_of(StabilizingPredictions(), LabelBudget(100)).named_criteria)
    ['labelbudget', 'stabilizingpredictions']
    """
    return AllOf(_name_criteria(criteria))
