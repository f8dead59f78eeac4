"""What every committee shares: members named, parametrised, seeded, fitted in parallel.

``QueryByCommittee`` (classifiers) and ``CommitteeRegressor`` (regressors)
differ in how they combine their members' outputs and in how a bootstrap
sample must look (a classifier member needs two classes); the rest is here.
"""

import numpy as np
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.utils import Bunch, assert_all_finite, check_random_state, get_tags
from sklearn.utils.metadata_routing import MetadataRouter, MethodMapping
from sklearn.utils.parallel import Parallel, delayed

from ._fit_params import take_fit_params
from .utils import num_rows, take_rows

MAX_SEED = np.iinfo(np.int32).max


def name_members(estimators, *, validate=True, kind="classifier"):
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
            f"estimators must be a non-empty list of {kind}s or of (name, "
            f"{kind}) pairs, got {estimators!r}."
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


def check_member_names(pairs, reserved, owner="QueryByCommittee"):
    names = [name for name, _ in pairs]
    if len(set(names)) != len(names):
        raise ValueError(f"Committee member names must be unique, got {names}.")
    for name in names:
        if "__" in name or name in reserved:
            raise ValueError(
                f"Committee member name {name!r} is not allowed: it contains '__' "
                f"or equals a {owner} parameter."
            )


def seed_everything(member, seed):
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
        # Bootstrap rows apply to per-sample parameters (sample_weight) too.
        fit_params = take_fit_params(fit_params, rows, y.shape[0])
        X, y = take_rows(X, rows), y[rows]
    return member.fit(X, y, **fit_params)


def plain_bootstrap_rows(y, rng):
    """``len(y)`` rows drawn with replacement (no constraint on the labels)."""
    n = y.shape[0]
    return rng.randint(0, max(n, 1), size=n)


def members_have(attr):
    """``available_if`` check: every member (fitted or not) has ``attr``."""

    def check(self):
        members = getattr(self, "estimators_", None)
        if members is None:
            members = [member for _, member in self._member_pairs(validate=False)]
        return all(hasattr(member, attr) for member in members)

    return check


def inherit_input_tags(tags, estimators):
    """The learner takes what every one of its estimators takes."""
    inner = [get_tags(estimator).input_tags for estimator in estimators]
    tags.input_tags.sparse = all(t.sparse for t in inner)
    tags.input_tags.allow_nan = all(t.allow_nan for t in inner)
    tags.input_tags.string = all(t.string for t in inner)
    tags.input_tags.two_d_array = all(t.two_d_array for t in inner)
    return tags


class CommitteeMixin:
    """Members addressable by name, seeded, fitted and queried in parallel.

    The class sets ``_member_kind`` (for messages) and builds its
    ``_fit_labeled`` on :meth:`_fit_members` and :meth:`_member_attributes`.
    """

    _member_kind = "classifier"

    def _member_pairs(self, validate=True):
        return name_members(self.estimators, validate=validate, kind=self._member_kind)

    def _members(self):
        pairs = self._member_pairs()
        check_member_names(
            pairs, set(super().get_params(deep=False)), type(self).__name__
        )
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
            for name, member in self._member_pairs(validate=False):
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
        self : object
            This learner.
        """
        if "estimators" in params:
            self.estimators = params.pop("estimators")
        names = {name for name, _ in self._member_pairs(validate=False)}
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
                for name, member in self._member_pairs(validate=False)
            ]
        super().set_params(**own)
        pairs = self._member_pairs(validate=False)
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
            pairs = self._member_pairs(validate=False)
        members = dict(pairs)
        for name, sub_params in nested.items():
            members[name].set_params(**sub_params)
        return self

    def get_metadata_routing(self):
        """Routing of fit parameters to every member (metadata routing).

        Returns
        -------
        MetadataRouter
            ``fit`` (and ``teach``) parameters go to each member's ``fit``,
            and with ``incremental=True`` also to its ``partial_fit``.
        """
        router = MetadataRouter(owner=type(self).__name__)
        incremental = getattr(self, "incremental", False)
        for name, member in self._member_pairs(validate=False):
            mapping = MethodMapping().add(caller="fit", callee="fit")
            if incremental and hasattr(member, "partial_fit"):
                mapping.add(caller="fit", callee="partial_fit")
            router.add(**{name: member}, method_mapping=mapping)
        return router

    def _fit_members(self, pairs, X, y, bootstrap_rows, **fit_params):
        """Seeded clones of the ``(name, member)`` pairs, fitted in parallel.

        ``bootstrap_rows(y, rng)`` draws a member's sample when ``bootstrap``
        is set; each member gets the fit parameters routed to it.
        """
        if self.bootstrap:
            self._check_finite(X)
        rng = check_random_state(self.random_state)
        seeds = rng.randint(MAX_SEED, size=len(pairs))
        members, rows, params = [], [], []
        for (name, member), seed in zip(pairs, seeds):
            members.append(seed_everything(clone(member), int(seed)))
            rows.append(
                bootstrap_rows(y, np.random.RandomState(seed)) if self.bootstrap else None
            )
            params.append(self._route_fit_params(fit_params, name))
        return Parallel(n_jobs=self.n_jobs)(
            delayed(_fit_member)(member, X, y, member_rows, member_params)
            for member, member_rows, member_params in zip(members, rows, params)
        )

    def _member_attributes(self, pairs, fitted):
        """The fitted attributes every committee has."""
        result = {
            "estimators_": fitted,
            "named_estimators_": Bunch(**{name: m for (name, _), m in zip(pairs, fitted)}),
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

    def _each_member(self, method, X, **params):
        self._check_fitted()
        # Threads only pay off on large inputs: on one 17,000-row chunk of a
        # pool they made a 5-member committee 1.7x slower (thread start-up
        # and dispatch). Smaller calls, such as the chunks a strategy scores
        # in parallel itself, run the members in turn.
        n_jobs = self.n_jobs if num_rows(X) * len(self.estimators_) >= 500_000 else 1
        # Threads: predictions are mostly NumPy work that releases the GIL,
        # and the pool is not copied to other processes.
        return Parallel(n_jobs=n_jobs, prefer="threads")(
            delayed(getattr(member, method))(X, **params) for member in self.estimators_
        )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        return inherit_input_tags(tags, [member for _, member in self._member_pairs()])
