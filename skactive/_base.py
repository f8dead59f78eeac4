"""What every learner shares: the labeled set, ``query`` and ``teach``.

The learners differ only in their task (``_task``), how they check targets
(``_validate_targets``), how they fit their model(s) on the labeled set
(``_fit_labeled``) and how they predict.
"""

import copy
import numbers
import warnings
from itertools import pairwise

import numpy as np
from sklearn import get_config
from sklearn.base import BaseEstimator, MetaEstimatorMixin, clone
from sklearn.exceptions import NotFittedError
from sklearn.utils import check_random_state
from sklearn.utils.validation import (
    check_consistent_length,
    check_is_fitted,
    column_or_1d,
)
from sklearn.utils.metadata_routing import process_routing
from threadpoolctl import threadpool_limits

from ._fit_params import merge_fit_params, sample_fit_params, take_fit_params

from ._simulation import (
    check_simulation_params,
    fit_budget,
    initial_positions,
    label_schedule,
    rows_indexable,
)
from .strategies import random_sampling
from .utils import concat_rows, num_features, num_rows, take_rows
from .utils._fixes import ReadableReprMixin
from .utils._rows import copy_rows
from .utils._dask_pool import is_dask_collection


def _strategy_name(strategy):
    return getattr(strategy, "__name__", None) or type(strategy).__name__


def _same_value(first, second):
    if first is second:
        return True
    if hasattr(first, "get_params") or hasattr(second, "get_params"):
        # Nested estimators: their own parameters are compared as keys of
        # get_params(deep=True); here only the kind of object matters.
        return type(first) is type(second)
    try:
        same = first == second
        return same if isinstance(same, bool) else bool(np.array_equal(first, second))
    except Exception:  # values that cannot be compared count as changed
        return False


def _label_kind(y):
    """``"numeric"``, ``"string"`` or ``"other"``, by the values for object arrays."""
    if y.dtype.kind in "biuf":
        return "numeric"
    if y.dtype.kind in "US":
        return "string"
    if y.dtype.kind == "O" and y.size:
        values = y.ravel()
        if all(isinstance(v, numbers.Number) for v in values):
            return "numeric"
        if all(isinstance(v, str) for v in values):
            return "string"
    return "other"


def _numeric_if_numbers(y):
    """Object labels that are all numbers as a numeric array (as estimators need)."""
    if y.dtype.kind == "O" and _label_kind(y) == "numeric":
        return np.array(y.tolist())
    return y


class _Source:
    """What a fitted copy was made from: the object and its parameters then.

    A learner's fitted copy (``query_strategy_``, ``estimator_``) stays valid
    while the parameter is the same object with the same ``get_params()``;
    ``set_params``, attribute assignment and nested ``name__param`` changes
    all break the match, so the next use starts from a fresh clone.
    """

    def __init__(self, obj):
        self.obj = obj
        self.params = self._params(obj)

    @staticmethod
    def _params(obj):
        return obj.get_params(deep=True) if hasattr(obj, "get_params") else {}

    def matches(self, obj):
        if obj is not self.obj:
            return False
        params = self._params(obj)
        return params.keys() == self.params.keys() and all(
            _same_value(params[key], self.params[key]) for key in params
        )


def _model_name(estimator):
    """The class of a model, and of a Pipeline's last step: ``Pipeline(Ridge)``."""
    steps = getattr(estimator, "steps", None)
    if isinstance(steps, list) and steps:
        return f"{type(estimator).__name__}({type(steps[-1][1]).__name__})"
    return type(estimator).__name__


class BaseLearner(ReadableReprMixin, MetaEstimatorMixin, BaseEstimator):
    """Labeled set, ``query`` and ``teach`` shared by the learners.

    The base is task-neutral: a subclass adds its task's mixin
    (``ClassifierMixin``, ``RegressorMixin``), names its task in ``_task()``
    (one of :data:`~skactive.strategies._tags.POOL_TASKS`, so ``query``
    refuses strategies that do not serve it), validates targets in
    ``_validate_targets(y)`` and new labels in ``_check_new_targets(y)``, and
    implements ``_fit_labeled(X, y, **fit_params)``, which fits a fresh model
    on the whole labeled set and returns the fitted attributes to set
    (``None`` for one to remove), and the prediction methods. Subclasses with the
    parameters ``budget``, ``n_initial`` and ``batch_size`` get simulation
    mode: with ``budget`` set, :meth:`fit` runs a whole active learning loop
    with ``y`` as the annotator.

    Optional hooks: ``_fit_new_rows(X, y, **fit_params)`` learns only the
    rows of a ``teach`` (incremental learners; ``None`` = refit on the whole
    labeled set), ``_exploration_reason()`` makes ``query`` explore with
    random sampling while the model cannot rank the pool (one class), and
    ``_route_fit_params(fit_params, name)`` gives a routee its parameters
    under metadata routing (declare routees in ``get_metadata_routing``).

    What the base guarantees: the labeled set (``X_labeled_``,
    ``y_labeled_``, per-sample ``fit_params_``) is the learner's own copy; a
    failed ``teach`` changes nothing; ``query_strategy`` and ``random_state``
    changed after ``fit`` take effect at the next ``query``.
    """

    # -- fitting ---------------------------------------------------------

    def fit(self, X, y, **fit_params):
        """Fit on the labeled samples, or simulate a run when ``budget`` is set.

        Without a budget, the labeled set becomes a copy of ``X, y`` (the
        learner never holds the caller's arrays); later :meth:`teach` calls
        append to it.

        With ``budget`` set (simulation mode), ``y`` plays the annotator:
        ``n_initial`` positions are drawn at random (covering at least two
        classes when ``y`` has them), then the query strategy picks
        ``batch_size`` rows at a time among the rest (the last batch cut to
        fit) until ``budget`` labels are known. The final model is trained
        on those labels only, and ``queried_indices_`` records their
        positions in ``X`` in the order they were labeled. A budget larger
        than ``X`` is cut to ``len(X)`` with a ``UserWarning``. If anything
        fails during the run, the learner is left as it was.

        Parameters
        ----------
        X : array-like, sparse matrix, DataFrame or list
            Labeled samples, in whatever form the estimator accepts; in
            simulation mode, the pool to label.
        y : array-like of shape (n_samples,)
            Their labels; in simulation mode, only the ones queried are used.
        **fit_params : dict
            Parameters for the estimator's ``fit`` (``sample_weight``...).
            Per-sample ones (arrays with one value per sample) are kept
            aligned with the labeled set, so every later refit sees them for
            all rows; in simulation mode they follow the queried rows. With
            ``sklearn.set_config(enable_metadata_routing=True)`` they are
            routed to what requested them (``set_fit_request``).

        Returns
        -------
        self : object
            The fitted learner.
        """
        y = self._validate_targets(y)
        if getattr(self, "budget", None) is not None:
            return self._fit_by_simulation(X, y, fit_params)
        check_consistent_length(X, y)
        X, y = copy_rows(X), np.array(y, copy=True)
        fit_params = sample_fit_params(fit_params, y.shape[0])
        strategy = self._fresh_strategy()
        self._commit(X, y, self._fit_labeled(X, y, **fit_params), strategy, fit_params)
        for name in ("queried_indices_", "n_labels_at_stop_", "stopping_"):
            vars(self).pop(name, None)  # from an earlier run
        vars(self).pop("_warned_exploring", None)
        self._seed_rng()
        return self

    def _fit_by_simulation(self, X, y, fit_params):
        budget, n_initial, batch_size = check_simulation_params(
            self.budget, self.n_initial, self.batch_size
        )
        strategy = self._fresh_strategy()
        n_samples = num_rows(X)
        if n_samples != y.shape[0]:
            raise ValueError(
                f"fit got {n_samples} samples in X but {y.shape[0]} labels in y; "
                "pass exactly one label per sample."
            )
        budget, n_initial = fit_budget(budget, n_initial, n_samples)
        X = rows_indexable(X)
        fit_params = sample_fit_params(fit_params, n_samples)
        # The run happens on a copy so that a failure half-way (a query on a
        # sample the estimator rejects, say) leaves this learner untouched.
        run = copy.copy(self)
        run._seed_rng()
        seed = initial_positions(y, n_initial, run._random_state, task=run._task())
        vars(run).pop("_warned_exploring", None)
        # Rows taken by position are new arrays: the run holds no caller data.
        X_seed, y_seed = copy_rows(take_rows(X, seed)), y[seed]
        seed_params = take_fit_params(fit_params, seed, n_samples)
        run._commit(
            X_seed, y_seed, run._fit_labeled(X_seed, y_seed, **seed_params),
            strategy, seed_params,
        )
        vars(run).pop("stopping_", None)
        labeled = np.zeros(n_samples, dtype=bool)
        labeled[seed] = True
        queried = [seed]
        # Many small refits: thread pools only add overhead here (9x slower
        # without the limit on 2 cores, benchmarks/simulation_threads.py).
        stopped_at = None
        with threadpool_limits(limits=1):
            schedule = label_schedule(n_initial, budget, batch_size)
            for n_known, n_next in pairwise(schedule):
                pool = np.flatnonzero(~labeled)
                X_rest = take_rows(X, pool)
                # -- stopping: the run ends when the criterion fires ----------
                if getattr(run, "stopping", None) is not None and run.should_stop(X_rest):
                    stopped_at = int(n_known)
                    break
                picked = pool[run.query(X_rest, int(n_next - n_known))]
                run.teach(
                    take_rows(X, picked), y[picked],
                    **take_fit_params(fit_params, picked, n_samples),
                )
                labeled[picked] = True
                queried.append(picked)
        run.queried_indices_ = np.concatenate(queried).astype(np.intp, copy=False)
        run.n_labels_at_stop_ = stopped_at
        vars(self).clear()
        vars(self).update(vars(run))
        return self

    def teach(self, X, y, **fit_params):
        """Add labeled samples and refit on the whole labeled set.

        New classes are allowed. If anything fails (mismatched lengths, a
        sample the estimator rejects, an error in the estimator's ``fit``),
        the learner is left exactly as it was. On a learner that has not
        been fitted yet, ``teach`` is ``fit``.

        Parameters
        ----------
        X : array-like, sparse matrix, DataFrame or list
            The newly labeled samples (for example ``X_pool[positions]``), in
            the container of the labeled set or one that converts to it (a
            DataFrame must have the labeled set's columns).
        y : array-like of shape (n_samples,)
            Their labels.
        **fit_params : dict
            Fit parameters for the new rows. Per-sample ones join those of
            the labeled set: a ``sample_weight`` missing on either side
            counts as weight 1 for those rows; any other per-sample parameter
            must be given for every row (a ``ValueError`` says which).

        Returns
        -------
        self : object
            The refitted learner.
        """
        if not hasattr(self, "X_labeled_"):
            return self.fit(X, y, **fit_params)
        y = self._validate_targets(y)
        n_new = num_rows(X)
        if n_new != y.shape[0]:
            raise ValueError(
                f"teach got {n_new} samples in X but {y.shape[0]} labels in y; "
                "pass exactly one label per sample."
            )
        self._check_new_targets(y)
        n_old = self.y_labeled_.shape[0]
        X_all = concat_rows(self.X_labeled_, X)
        y_all = np.concatenate([self.y_labeled_, y])
        new_params = sample_fit_params(fit_params, n_new)
        all_params = merge_fit_params(
            getattr(self, "fit_params_", {}), new_params, n_old, n_new
        )
        # The learner's own copy of the new rows (the hooks may keep them).
        X_new, y_new = take_rows(X_all, np.arange(n_old, n_old + n_new)), y_all[n_old:]
        fitted = self._fit_new_rows(X_new, y_new, **new_params)
        if fitted is None:
            fitted = self._fit_labeled(X_all, y_all, **all_params)
        strategy = self._current_strategy()
        if callable(getattr(strategy, "on_teach", None)):
            # The hook must see the refitted learner, but the learner may only
            # change once the hook has succeeded: run it on a trial copy.
            strategy = copy.deepcopy(strategy)
            trial = copy.copy(self)
            trial._commit(X_all, y_all, fitted, strategy, all_params)
            strategy.on_teach(trial, X_new, y_new)
        self._commit(X_all, y_all, fitted, strategy, all_params)
        return self

    # -- stopping ----------------------------------------------------------

    def should_stop(self, X_pool):
        """Whether the stopping criterion says to stop labeling now.

        Checks the current model with ``stopping`` (see
        :mod:`skactive.stopping`): the criterion's state (a stop set, the
        previous predictions, ...) lives in the learner's own copy,
        ``stopping_``, made at the first call after :meth:`fit`; the
        ``stopping`` parameter is never changed. Call it once after each
        :meth:`teach`; calling it again before new labels arrive repeats
        the answer. If the check fails, ``stopping_`` is left as it was.

        Parameters
        ----------
        X_pool : array-like, sparse matrix, DataFrame or list
            The unlabeled pool, as given to :meth:`query`.

        Returns
        -------
        bool
            ``True`` when the criterion says stop.

        Examples
        --------
        >>> import numpy as np
        >>> from sklearn.linear_model import LogisticRegression
        >>> from skactive import ActiveLearner
        >>> from skactive.stopping import LabelBudget
        >>> learner = ActiveLearner(LogisticRegression(), stopping=LabelBudget(3))
        >>> learner = learner.fit([[0.0], [1.0]], [0, 1])
        >>> learner.should_stop([[2.0], [3.0]])
        False
        >>> learner.teach([[2.0]], [1]).should_stop([[3.0]])
        True
        """
        self._check_fitted()
        stopping = getattr(self, "stopping", None)
        if stopping is None:
            raise ValueError(
                f"This {type(self).__name__} has no stopping criterion; pass one, "
                "e.g. stopping=StabilizingPredictions() from skactive.stopping."
            )
        criterion = getattr(self, "stopping_", None)
        if criterion is None:
            if not callable(getattr(stopping, "check", None)):
                raise TypeError(
                    "stopping must be a criterion with check(learner, X_pool) (see "
                    f"skactive.stopping), got {stopping!r}."
                )
            criterion = clone(stopping, safe=False)
        else:
            criterion = copy.deepcopy(criterion)
        self._check_pool(X_pool)
        decision = bool(criterion.check(self, X_pool))
        self.stopping_ = criterion
        return decision
    def _fit_new_rows(self, X, y, **fit_params):
        """Fitted attributes after learning only the new rows, or ``None``.

        ``None`` (the default) makes :meth:`teach` refit on the whole labeled
        set with ``_fit_labeled``; learners that update their model in place
        (``partial_fit``) return the attributes of an updated copy.
        """
        return None

    # -- the task: what the targets are --------------------------------------

    def _task(self):
        """The learner's task: ``"classification"``, ``"multilabel"`` or ``"regression"``.

        ``None`` while the targets have not told it yet (an unfitted learner
        whose estimator serves several tasks); ``query`` then checks nothing.
        """
        raise NotImplementedError

    def _validate_targets(self, y):
        """``y`` as given to ``fit`` / ``teach``, checked for the task."""
        return _numeric_if_numbers(column_or_1d(y, warn=True))

    def _check_new_targets(self, y):
        """Refuse new labels that cannot join the labeled set's."""
        kinds = {_label_kind(self.y_labeled_), _label_kind(y)}
        if kinds == {"numeric", "string"}:
            raise TypeError(
                f"teach got labels of dtype {y.dtype}, but the labeled set has "
                f"labels of dtype {self.y_labeled_.dtype}; mixing numeric and "
                "string labels would silently turn every label into a string."
            )

    def _commit(self, X, y, fitted, strategy, fit_params=None):
        for name, value in fitted.items():
            if value is not None:
                setattr(self, name, value)
            elif name in vars(self):
                # A refit on other input may lack it: never keep a stale one.
                delattr(self, name)
        self.X_labeled_ = X
        self.y_labeled_ = y
        self.fit_params_ = {} if fit_params is None else fit_params
        self._set_strategy(strategy)

    def _set_strategy(self, strategy):
        # A new fitted copy was made from query_strategy as it is now.
        if strategy is not getattr(self, "query_strategy_", None) or not hasattr(
            self, "_strategy_source"
        ):
            self._strategy_source = _Source(self.query_strategy)
        self.query_strategy_ = strategy

    def _fresh_strategy(self):
        strategy = self.query_strategy
        if not callable(strategy):
            raise TypeError(
                f"query_strategy must be a callable strategy(learner, X_pool, "
                f"n_instances, *, random_state), got {strategy!r}."
            )
        return clone(strategy) if hasattr(strategy, "get_params") else strategy

    def _current_strategy(self):
        """The fitted strategy, restarted if ``query_strategy`` changed since.

        A strategy replaced (``set_params``, assignment) or whose parameters
        changed starts from a fresh clone, losing the old copy's state; an
        unchanged one keeps what it learned.
        """
        source = getattr(self, "_strategy_source", None)
        fitted = getattr(self, "query_strategy_", None)
        if fitted is not None and source is not None and source.matches(
            self.query_strategy
        ):
            return fitted
        return self._fresh_strategy()

    def _exploration_reason(self):
        """Why ``query`` must explore at random for now, or ``None``.

        Classifiers fitted on a single class return a reason: a model that
        knows one class cannot rank the pool, so random sampling picks until
        a second class is labeled.
        """
        return None

    def _route_fit_params(self, fit_params, name, method="fit"):
        """The fit parameters for the routee ``name`` (all of them without routing)."""
        if not get_config().get("enable_metadata_routing", False):
            return fit_params
        routed = process_routing(self, "fit", **fit_params)
        return routed[name][method]

    # -- querying --------------------------------------------------------

    def query(self, X_pool, n_instances=1, *, return_scores=False):
        """Choose the pool rows whose labels should be asked for next.

        Parameters
        ----------
        X_pool : array-like, sparse matrix, DataFrame or list
            The unlabeled pool, in the same form as the samples given to
            :meth:`fit`.
        n_instances : int, default=1
            Number of rows to choose, between 1 and the pool size.
        return_scores : bool, default=False
            Also return the utility of every pool row.

        Returns
        -------
        positions : ndarray of shape (n_instances,)
            Unique positions into ``X_pool`` (use ``X_pool[positions]`` or
            ``df.iloc[positions]``), most informative first.
        scores : ndarray of shape (n_pool,)
            Only with ``return_scores=True``: utility per row, higher = more
            informative.
        """
        dask_pool = is_dask_collection(X_pool)  # -- Dask pool hook (issue 20)
        n_pool = None if dask_pool else self._check_pool(X_pool)
        if not isinstance(n_instances, numbers.Integral) or isinstance(
            n_instances, bool
        ):
            raise TypeError(
                f"n_instances must be an integer, got {n_instances!r}."
            )
        if dask_pool:  # scored on the cluster: skactive/utils/_dask_pool.py
            from .utils._dask_pool import query_dask_pool

            strategy = getattr(self, "query_strategy_", None) or self._fresh_strategy()
            return query_dask_pool(self, strategy, X_pool, n_instances,
                                   random_state=self._rng(), return_scores=return_scores)
        if not 1 <= n_instances <= n_pool:
            raise ValueError(
                f"n_instances={n_instances} is out of range: it must be between "
                f"1 and the number of rows in X_pool ({n_pool})."
            )
        if hasattr(self, "X_labeled_"):
            strategy = self._current_strategy()
            self._set_strategy(strategy)
        else:
            strategy = self._fresh_strategy()
        self._check_strategy_task(strategy)
        reason = self._exploration_reason() if hasattr(self, "X_labeled_") else None
        if reason is not None:
            if not getattr(self, "_warned_exploring", False):
                warnings.warn(
                    f"{reason}; {type(self).__name__} queries with random_sampling "
                    f"instead of {_strategy_name(strategy)} until a second class is "
                    "labeled.",
                    UserWarning,
                    stacklevel=2,
                )
                self._warned_exploring = True
            strategy = random_sampling
        try:
            result = strategy(self, X_pool, n_instances, random_state=self._rng())
        except NotFittedError as exc:
            raise NotFittedError(
                f"This {type(self).__name__} is not fitted yet, and "
                f"{_strategy_name(strategy)} needs a fitted model. Call fit(X, y) "
                "with a few labeled samples first, or pick the first batch with a "
                "model-free strategy: random_sampling, CoreSet() or DiverseBatch() "
                "(k-means over the pool)."
            ) from exc
        positions, scores = self._split_result(result, strategy)
        positions = self._check_positions(positions, n_instances, n_pool, strategy)
        if scores is not None:
            scores = self._check_scores(scores, n_pool, strategy)
        if not return_scores:
            return positions
        if scores is None:
            raise TypeError(
                f"return_scores=True, but {_strategy_name(strategy)} returns "
                "positions only; make it return (positions, scores)."
            )
        return positions, scores

    def _check_strategy_task(self, strategy):
        declared = getattr(strategy, "__skactive_tags__", None)
        if not callable(declared):
            return  # an undeclared plain function: the user vouches for it
        task = self._task()
        tasks = declared().tasks
        if task is None:
            # Not fitted: the targets will pick among the learner's tasks, but
            # a strategy that serves none of them can be refused already.
            possible = getattr(self, "_possible_tasks", frozenset())
            if not possible or possible & tasks:
                return
            task = sorted(possible)[0]
        if task not in tasks:
            raise TypeError(
                f"{_strategy_name(strategy)} is a strategy for "
                f"{' / '.join(sorted(tasks))}, but this {type(self).__name__} "
                f"{self._model_description()} has a {task} task; pick a strategy "
                f"that serves {task}."
            )

    def _seed_rng(self):
        self._random_state = check_random_state(self.random_state)
        self._random_state_param = self.random_state

    def _model_description(self):
        """``around Ridge`` / ``of LogisticRegression, DecisionTreeClassifier``."""
        if hasattr(self, "estimator"):
            return f"around {_model_name(self.estimator)}"
        members = getattr(self, "estimators", None)
        members = members if isinstance(members, (list, tuple)) else []
        names = [
            _model_name(m[1] if isinstance(m, tuple) and len(m) == 2 else m)
            for m in members
        ]
        return f"of {', '.join(names)}"

    def _rng(self):
        """The query randomness; a ``random_state`` changed since is honoured."""
        param = getattr(self, "_random_state_param", None)
        changed = param is not self.random_state and not (
            isinstance(param, numbers.Integral)
            and isinstance(self.random_state, numbers.Integral)
            and param == self.random_state
        )
        if not hasattr(self, "_random_state") or changed:
            self._seed_rng()
        return self._random_state

    def _check_pool(self, X_pool):
        if isinstance(X_pool, str):
            raise TypeError(
                "X_pool is a single string; pass a list of documents instead."
            )
        n_pool = num_rows(X_pool)
        if n_pool == 0:
            raise ValueError("X_pool is empty: there is nothing left to query.")
        expected = getattr(self, "n_features_in_", None)
        found = num_features(X_pool)
        if expected is not None and found is not None and found != expected:
            raise ValueError(
                f"X_pool has {found} features, but {type(self).__name__} was "
                f"fitted on samples with {expected} features; the pool must have "
                "the same columns as the labeled data."
            )
        return n_pool

    @staticmethod
    def _split_result(result, strategy):
        """``(positions, scores or None)``; a tuple is only ever that pair."""
        if not isinstance(result, tuple):
            return result, None
        if len(result) != 2 or np.ndim(result[0]) != 1:
            raise TypeError(
                f"{_strategy_name(strategy)} returned a tuple of {len(result)} items; "
                "a strategy returns its positions (an array or a list) or the pair "
                "(positions, scores)."
            )
        return result

    @staticmethod
    def _check_scores(scores, n_pool, strategy):
        name = _strategy_name(strategy)
        scores = np.asarray(scores)
        if scores.dtype.kind not in "biuf" or np.isnan(scores).any():
            found = f"dtype {scores.dtype}" if scores.dtype.kind not in "biuf" else (
                f"NaN for {int(np.isnan(scores).sum())} of {scores.size} rows"
            )
            raise TypeError(
                f"{name} returned scores that are not all numbers ({found}); a "
                "strategy scores every pool row with a number (higher = more "
                "informative)."
            )
        if scores.shape != (n_pool,):
            raise ValueError(
                f"{name} returned scores of shape {scores.shape}; expected one score "
                f"per pool row ({n_pool},)."
            )
        return scores

    @staticmethod
    def _check_positions(positions, n_instances, n_pool, strategy):
        positions = np.asarray(positions)
        name = _strategy_name(strategy)
        if positions.ndim != 1 or positions.dtype.kind not in "iu":
            raise TypeError(
                f"{name} must return a 1-D array of integer positions, got "
                f"dtype {positions.dtype} and shape {positions.shape}."
            )
        ordered = np.sort(positions)  # a few hundred rows: cheaper than np.unique
        if (
            positions.shape[0] != n_instances
            or (ordered[1:] == ordered[:-1]).any()
            or (n_instances and (ordered[0] < 0 or ordered[-1] >= n_pool))
        ):
            raise ValueError(
                f"{name} must return {n_instances} unique positions in "
                f"[0, {n_pool}), got {positions!r}."
            )
        return positions.astype(np.intp, copy=False)

    # -- shared fitted-state helpers -------------------------------------

    def _check_fitted(self):
        check_is_fitted(self, "X_labeled_")
