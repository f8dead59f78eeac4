"""QueryByCommittee: the active learning loop over a committee of classifiers."""

import numpy as np
import scipy.sparse as sp
from sklearn.base import ClassifierMixin, clone, is_classifier, is_regressor
from sklearn.utils import Bunch, assert_all_finite, check_random_state, get_tags
from sklearn.utils.metadata_routing import MetadataRouter, MethodMapping
from sklearn.utils.metaestimators import available_if
from sklearn.utils.parallel import Parallel, delayed

from ._base import BaseLearner
from ._fit_params import take_fit_params
from ._base import _Source
from ._learner import (
    check_partial_fit,
    exploration_reason,
    one_class,
    partial_fit_copy,
    single_class_model,
)
from .strategies import vote_entropy_sampling
from .utils import num_rows, take_rows

_MAX_SEED = np.iinfo(np.int32).max


def _name_members(estimators, *, validate=True):
    """``(name, estimator)`` pairs; unnamed members are named like make_pipeline.

    With ``validate=False`` an invalid ``estimators`` gives no pairs instead of
    an error, so ``get_params`` / ``set_params`` never raise (scikit-learn
    validates parameters in ``fit``).
    """
    valid = isinstance(estimators, (list, tuple)) and len(estimators) > 0
    bad_pairs = [
        entry
        for entry in (estimators if valid else ())
        if isinstance(entry, tuple) and (len(entry) != 2 or not isinstance(entry[0], str))
    ]
    if not valid or bad_pairs:
        if not validate:
            return []
        raise ValueError(
            "estimators must be a non-empty list of classifiers or of (name, "
            f"classifier) pairs, got {estimators!r}."
        )
    class_names = [
        type(entry).__name__.lower() for entry in estimators if not isinstance(entry, tuple)
    ]
    seen = dict.fromkeys(class_names, 0)
    pairs = []
    for entry in estimators:
        if isinstance(entry, tuple):
            pairs.append(entry)
            continue
        name = type(entry).__name__.lower()
        if class_names.count(name) > 1:
            seen[name] += 1
            name = f"{name}-{seen[name]}"
        pairs.append((name, entry))
    return pairs


def _check_member_names(pairs, reserved):
    names = [name for name, _ in pairs]
    if len(set(names)) != len(names):
        raise ValueError(f"Committee member names must be unique, got {names}.")
    for name in names:
        if "__" in name or name in reserved:
            raise ValueError(
                f"Committee member name {name!r} is not allowed: it contains '__' "
                "or equals a QueryByCommittee parameter."
            )


def _seed_everything(member, seed):
    """Set every ``random_state`` parameter of ``member`` (nested ones too)."""
    keys = [
        key
        for key in member.get_params(deep=True)
        if key == "random_state" or key.endswith("__random_state")
    ]
    if keys:
        member.set_params(**{key: seed for key in keys})
    return member


def _fit_member(member, X, y, rows, fit_params):
    if rows is not None:
        # Bootstrap rows apply to per-sample parameters too.
        fit_params = take_fit_params(fit_params, rows, y.shape[0])
        X, y = take_rows(X, rows), y[rows]
    return member.fit(X, y, **fit_params)


def _check_classifier(name, member):
    classifier_like = is_classifier(member) or hasattr(member, "predict_proba")
    if is_regressor(member) or not classifier_like:
        kind = " (a regressor)" if is_regressor(member) else ""
        raise TypeError(
            f"Committee member {name!r} is a {type(member).__name__}{kind}, not a "
            "classifier; QueryByCommittee members must all be classifiers."
        )


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


def _members_have(attr):
    def check(self):
        members = getattr(self, "estimators_", None)
        if members is None:
            members = [member for _, member in _name_members(self.estimators)]
        return all(hasattr(member, attr) for member in members)

    return check


class QueryByCommittee(ClassifierMixin, BaseLearner):
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
        Each name addresses one member, even when the list repeats one
        object (``[LogisticRegression()] * 3``): ``set_params`` on a
        repeated object first replaces that entry by a clone. Members that
        are not classifiers are rejected at :meth:`fit` (``TypeError``).
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
    incremental : bool, default=False
        Let :meth:`teach` update copies of the fitted members with the new
        rows only, through ``partial_fit`` (every member, or its Pipeline's
        last step, needs it), as :class:`ActiveLearner` does; with
        ``bootstrap=True`` each member learns its own bootstrap resample of
        the new rows. A teach refits every member on the whole labeled set
        when a new label is a class some member does not know, when a member
        or ``bootstrap`` changed since the last full fit, or while a single
        class is labeled.

    Attributes
    ----------
    estimators_ : list of classifiers
        The fitted members.
    named_estimators_ : Bunch
        The fitted members by name.
    classes_ : ndarray of shape (n_classes,)
        Every class of the labeled set; member outputs are aligned on it.
        While only one class is labeled, every member predicts it and
        :meth:`query` explores with random sampling (``UserWarning`` the
        first time) until a second class is labeled.
    X_labeled_ : array-like, sparse matrix, DataFrame or list
        Every labeled sample so far.
    y_labeled_ : ndarray of shape (n_labeled,)
        Their labels.
    query_strategy_ : callable
        The strategy in use (a clone when it has parameters); a strategy
        changed after ``fit`` is cloned afresh at the next :meth:`query`.
    fit_params_ : dict
        The fit parameters of the labeled set, per-sample ones aligned with
        ``y_labeled_``; every member gets them (bootstrap rows applied).
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
        incremental=False,
    ):
        self.estimators = estimators
        self.query_strategy = query_strategy
        self.bootstrap = bootstrap
        self.n_jobs = n_jobs
        self.random_state = random_state
        self.budget = budget
        self.n_initial = n_initial
        self.batch_size = batch_size
        self.incremental = incremental

    # -- parameters: members are addressable by name -----------------------

    def _members(self):
        pairs = _name_members(self.estimators)
        _check_member_names(pairs, set(super().get_params(deep=False)))
        return pairs

    def get_params(self, deep=True):
        """Parameters of the committee, and of each member as ``name__param``.

        Parameters
        ----------
        deep : bool, default=True
            Include the members (by name) and their parameters.

        Returns
        -------
        dict
            Parameter names mapped to their values.
        """
        params = super().get_params(deep=deep)
        if deep:
            for name, member in _name_members(self.estimators, validate=False):
                params[name] = member
                if not hasattr(member, "get_params"):
                    continue
                for key, value in member.get_params(deep=True).items():
                    params[f"{name}__{key}"] = value
        return params

    def set_params(self, **params):
        """Set parameters, including members' ``name__param`` and whole members.

        Parameters
        ----------
        **params : dict
            Parameter names mapped to new values.

        Returns
        -------
        self : QueryByCommittee
            This learner.
        """
        if "estimators" in params:
            self.estimators = params.pop("estimators")
        names = {name for name, _ in _name_members(self.estimators, validate=False)}
        own, nested, replaced = {}, {}, {}
        for key, value in params.items():
            name, sep, sub = key.partition("__")
            if name not in names:
                own[key] = value
            elif sep:
                nested.setdefault(name, {})[sub] = value
            else:
                replaced[name] = value
        if replaced:
            self.estimators = [
                (name, replaced.get(name, member))
                for name, member in _name_members(self.estimators, validate=False)
            ]
        super().set_params(**own)
        pairs = _name_members(self.estimators, validate=False)
        aliased = {
            name for name, member in pairs
            if name in nested and sum(m is member for _, m in pairs) > 1
        }
        if aliased:
            # One object at several places (``[est] * 3``): give the entry
            # addressed by name its own copy, so the others do not change.
            self.estimators = [
                (name, clone(member) if name in aliased else member)
                for name, member in pairs
            ]
            pairs = _name_members(self.estimators, validate=False)
        members = dict(pairs)
        for name, sub_params in nested.items():
            members[name].set_params(**sub_params)
        return self

    def get_metadata_routing(self):
        """Routing of fit parameters to every member (metadata routing).

        Returns
        -------
        MetadataRouter
            ``fit`` (and ``teach``) parameters go to each member's ``fit``.
        """
        router = MetadataRouter(owner=type(self).__name__)
        for name, member in _name_members(self.estimators, validate=False):
            mapping = MethodMapping().add(caller="fit", callee="fit")
            if self.incremental and hasattr(member, "partial_fit"):
                mapping.add(caller="fit", callee="partial_fit")
            router.add(**{name: member}, method_mapping=mapping)
        return router

    # -- fitting -----------------------------------------------------------

    def _task(self):
        return "classification"

    def _exploration_reason(self):
        return exploration_reason(self)

    def _fit_labeled(self, X, y, **fit_params):
        pairs = self._members()
        for name, member in pairs:
            _check_classifier(name, member)
            if self.incremental:
                check_partial_fit(member, f"member {name!r}")
        if one_class(y):
            allow_nan = self.__sklearn_tags__().input_tags.allow_nan
            fitted = [single_class_model(X, y, allow_nan) for _ in pairs]
            return self._fitted_attributes(pairs, fitted, y)
        if self.bootstrap:
            self._check_finite(X)
        rng = check_random_state(self.random_state)
        seeds = rng.randint(_MAX_SEED, size=len(pairs))
        members, rows, params = [], [], []
        for (name, member), seed in zip(pairs, seeds):
            members.append(_seed_everything(clone(member), int(seed)))
            rows.append(
                _bootstrap_rows(y, np.random.RandomState(seed)) if self.bootstrap else None
            )
            params.append(self._route_fit_params(fit_params, name))
        fitted = Parallel(n_jobs=self.n_jobs)(
            delayed(_fit_member)(member, X, y, member_rows, member_params)
            for member, member_rows, member_params in zip(members, rows, params)
        )
        return self._fitted_attributes(pairs, fitted, y)

    def _fit_new_rows(self, X, y, **fit_params):
        if not self.incremental:
            return None
        pairs = self._members()
        bootstrap, sources = getattr(self, "_member_sources", (None, None))
        if (
            sources is None
            or bootstrap != self.bootstrap
            or [name for name, _ in pairs] != list(sources)
            or not all(sources[name].matches(member) for name, member in pairs)
            or one_class(self.y_labeled_)
            or not all(np.isin(y, m.classes_).all() for m in self.estimators_)
        ):
            return None  # a full refit learns the new class / members
        if self.bootstrap:
            self._check_finite(X)
        # Reproducible from random_state and the size of the labeled set,
        # without drawing from (and so changing) the learner's own state.
        seed = check_random_state(self.random_state).randint(_MAX_SEED)
        rng = np.random.RandomState([seed, self.y_labeled_.shape[0]])
        updated = []
        for (name, _), member in zip(pairs, self.estimators_):
            X_m, y_m, params = X, y, fit_params
            if self.bootstrap:
                rows = rng.randint(0, y.shape[0], size=y.shape[0])
                params = take_fit_params(fit_params, rows, y.shape[0])
                X_m, y_m = take_rows(X, rows), y[rows]
            updated.append(partial_fit_copy(self, member, name, X_m, y_m, params))
        result = self._fitted_attributes(pairs, updated, self.classes_)
        del result["_member_sources"]  # still those of the last full fit
        return result

    def _fitted_attributes(self, pairs, fitted, y):
        result = {
            "estimators_": fitted,
            "named_estimators_": Bunch(**{name: m for (name, _), m in zip(pairs, fitted)}),
            "classes_": np.unique(y),
            # What the members were cloned from: incremental teach may only
            # update them while they are unchanged.
            "_member_sources": (
                self.bootstrap, {name: _Source(member) for name, member in pairs}
            ),
        }
        for name in ("n_features_in_", "feature_names_in_"):
            result[name] = getattr(fitted[0], name, None)
        return result

    def _check_finite(self, X):
        # Without bootstrap every member sees every row and rejects what it
        # cannot take; with it, a bad row could escape the members that would
        # reject it, so check numeric input here for all of them.
        values = np.asarray(X.tocsr().data if sp.issparse(X) else X)
        if values.dtype.kind in "fc":
            allow_nan = self.__sklearn_tags__().input_tags.allow_nan
            assert_all_finite(values, allow_nan=allow_nan, input_name="X")

    # -- member outputs, aligned on classes_ -------------------------------

    def _each_member(self, method, X):
        self._check_fitted()
        # Threads only pay off on large inputs: on one 17,000-row chunk of a
        # pool they made a 5-member committee 1.7x slower (thread start-up
        # and dispatch). Smaller calls, such as the chunks a strategy scores
        # in parallel itself, run the members in turn.
        n_jobs = self.n_jobs if num_rows(X) * len(self.estimators_) >= 500_000 else 1
        # Threads: predictions are mostly NumPy work that releases the GIL,
        # and the pool is not copied to other processes.
        return Parallel(n_jobs=n_jobs, prefer="threads")(
            delayed(getattr(member, method))(X) for member in self.estimators_
        )

    def _member_columns(self):
        """Where each member's probability columns go in ``classes_``."""
        return [np.searchsorted(self.classes_, m.classes_) for m in self.estimators_]

    @available_if(_members_have("predict_proba"))
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

    @available_if(_members_have("predict_proba"))
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

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        members = [member for _, member in _name_members(self.estimators)]
        inner = [get_tags(member).input_tags for member in members]
        tags.input_tags.sparse = all(t.sparse for t in inner)
        tags.input_tags.allow_nan = all(t.allow_nan for t in inner)
        tags.input_tags.string = all(t.string for t in inner)
        tags.input_tags.two_d_array = all(t.two_d_array for t in inner)
        return tags
