"""QueryByCommittee: the active learning loop over a committee of classifiers."""

import numpy as np
from sklearn.base import ClassifierMixin
from sklearn.utils.metaestimators import available_if

from ._base import BaseLearner
from ._members import CommitteeMixin, members_have
from .strategies import vote_entropy_sampling


def _bootstrap_rows(y, rng):
    """A bootstrap sample that keeps two classes whenever ``y`` has them.

    A member trained on a single class cannot be fitted by most classifiers,
    so if the draw lost every other class one row is swapped for a row of
    another class; other missing classes are fine (members are aligned on
    the committee's ``classes_``).
    """
    n = y.shape[0]
    rows = rng.randint(0, max(n, 1), size=n)
    drawn = y[rows]
    if n and np.all(drawn == drawn[0]) and np.any(y != drawn[0]):
        rows[0] = rng.choice(np.flatnonzero(y != drawn[0]))
    return rows


class QueryByCommittee(CommitteeMixin, ClassifierMixin, BaseLearner):
    """Pool-based active learning with a committee of classifiers.

    Each member is a clone of one of ``estimators``, fitted on the labeled set
    (or on its own bootstrap sample of it); the committee's disagreement on a
    pool row says how much its label would teach. The learner has the same
    ``fit`` / ``query`` / ``teach`` / ``predict`` surface as
    :class:`ActiveLearner`.

    Parameters
    ----------
    estimators : list of classifiers or of (name, classifier) pairs
        The committee; cloned, never modified. Unnamed members are named
        after their class in lower case (``logisticregression``, with ``-1``,
        ``-2``... for repeats), so ``get_params()`` exposes ``name__param``.
    query_strategy : callable, default=vote_entropy_sampling
        Committee strategies (vote entropy, KL divergence, consensus
        entropy) or any strategy of :mod:`skactive.strategies`; uncertainty
        strategies use the consensus probabilities.
    bootstrap : bool, default=False
        Fit each member on its own bootstrap sample of the labeled set
        (bagging), so that even identical estimators disagree.
    n_jobs : int, default=None
        Members are fitted, and their pool predictions computed, in
        parallel through joblib. ``None`` means 1 unless in a
        :func:`joblib.parallel_config` context; a Dask backend works too.
        Results do not depend on ``n_jobs``.
    random_state : int, RandomState instance or None, default=None
        Seeds the members' own ``random_state`` parameters, the bootstrap
        samples, the query tie-breaking and, in simulation mode, the random
        seed labels.
    budget : int or None, default=None
        Simulation mode, as in :class:`ActiveLearner`: with an integer,
        :meth:`fit` treats ``y`` as the annotator, labels ``budget`` samples
        of ``X`` (``n_initial`` at random, the rest queried) and trains the
        committee on those only.
    n_initial : int, default=10
        Simulation mode: number of random seed labels.
    batch_size : int, default=10
        Simulation mode: number of samples queried at a time.

    Attributes
    ----------
    estimators_ : list of classifiers
        The fitted members.
    named_estimators_ : Bunch
        The fitted members by name.
    classes_ : ndarray of shape (n_classes,)
        Every class of the labeled set; member outputs are aligned on it.
    X_labeled_ : array-like, sparse matrix, DataFrame or list
        Every labeled sample so far.
    y_labeled_ : ndarray of shape (n_labeled,)
        Their labels.
    query_strategy_ : callable
        The strategy in use (a clone when it has parameters).
    n_features_in_ : int
        Number of features seen during ``fit``, when the members expose it.
    queried_indices_ : ndarray of shape (budget,)
        Simulation mode only: positions in ``X`` in the order they were
        labeled, the random seed labels first.

    See Also
    --------
    ActiveLearner : The same loop around a single classifier.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.tree import DecisionTreeClassifier
    >>> from skactive import QueryByCommittee
    >>> X, y = load_iris(return_X_y=True)
    >>> committee = QueryByCommittee(
    ...     [LogisticRegression(), DecisionTreeClassifier(max_depth=2)],
    ...     bootstrap=True, random_state=0)
    >>> committee = committee.fit(X[::10], y[::10])
    >>> committee.get_params()["decisiontreeclassifier__max_depth"]
    2
    >>> committee.query(X, n_instances=3).shape
    (3,)
    """

    def __init__(
        self,
        estimators,
        query_strategy=vote_entropy_sampling,
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

    # -- fitting -----------------------------------------------------------

    def _task(self):
        return "classification"

    def _fit_labeled(self, X, y, **fit_params):
        fitted = self._fit_members(X, y, _bootstrap_rows, **fit_params)
        fitted["classes_"] = np.unique(y)
        return fitted

    # -- member outputs, aligned on classes_ -------------------------------

    def _member_columns(self):
        """Where each member's probability columns go in ``classes_``."""
        return [np.searchsorted(self.classes_, m.classes_) for m in self.estimators_]

    @available_if(members_have("predict_proba"))
    def member_proba(self, X):
        """Class probabilities of every member, aligned on ``classes_``.

        A class a member never saw (bootstrap can drop one) gets probability 0
        from that member.

        Parameters
        ----------
        X : array-like, sparse matrix, DataFrame or list
            Samples.

        Returns
        -------
        ndarray of shape (n_samples, n_members, n_classes)
            Probabilities of each member.
        """
        probas = self._each_member("predict_proba", X)
        out = np.zeros((probas[0].shape[0], len(probas), self.classes_.shape[0]))
        for k, (columns, proba) in enumerate(zip(self._member_columns(), probas)):
            out[:, k, columns] = proba
        return out

    def member_votes(self, X):
        """Predicted label of every member.

        Parameters
        ----------
        X : array-like, sparse matrix, DataFrame or list
            Samples.

        Returns
        -------
        ndarray of shape (n_samples, n_members)
            Labels (values of ``classes_``).
        """
        return np.column_stack(self._each_member("predict", X))

    @available_if(members_have("predict_proba"))
    def predict_proba(self, X):
        """Consensus probabilities: the mean over members, aligned on ``classes_``.

        Parameters
        ----------
        X : array-like, sparse matrix, DataFrame or list
            Samples.

        Returns
        -------
        ndarray of shape (n_samples, n_classes)
            Mean member probability of each class.
        """
        probas = self._each_member("predict_proba", X)
        consensus = np.zeros((probas[0].shape[0], self.classes_.shape[0]))
        for columns, proba in zip(self._member_columns(), probas):
            consensus[:, columns] += proba
        consensus /= len(probas)
        return consensus

    def predict(self, X):
        """Consensus labels.

        The class of highest consensus probability when every member has
        ``predict_proba``; otherwise the majority vote (ties go to the first
        class in ``classes_``).

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
        if hasattr(self, "predict_proba"):
            return self.classes_[self.predict_proba(X).argmax(axis=1)]
        votes = np.searchsorted(self.classes_, self.member_votes(X))
        counts = np.zeros((votes.shape[0], self.classes_.shape[0]), dtype=int)
        for column in votes.T:
            counts[np.arange(votes.shape[0]), column] += 1
        return self.classes_[counts.argmax(axis=1)]
