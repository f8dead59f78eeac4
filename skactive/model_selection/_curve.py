"""Active learning curves: repeated simulated runs, one per strategy and split."""

import numbers

import numpy as np
from sklearn.base import clone, is_classifier
from sklearn.metrics import check_scoring
from sklearn.model_selection import ShuffleSplit, StratifiedShuffleSplit, check_cv
from sklearn.utils import Bunch, check_random_state
from sklearn.utils.parallel import Parallel, delayed
from sklearn.utils.validation import column_or_1d
from threadpoolctl import threadpool_limits

from .._multilabel import is_label_indicator, label_indicator
from ..metrics._aulc import (
    _all_classes,
    _check_n_checkpoints,
    _on_classes,
    normalized_area,
    replay,
)
from ..stopping import BaseStoppingCriterion
from ..utils import num_rows, take_rows


def _strategy_names(strategies, learner):
    if strategies is None:
        strategies = [learner.query_strategy]
    if isinstance(strategies, dict):
        named = dict(strategies)
    else:
        strategies = list(strategies)
        named = {}
        for strategy in strategies:
            name = getattr(strategy, "__name__", None) or repr(strategy)
            if name in named:
                raise ValueError(
                    f"Two strategies are named {name!r}; pass a dict "
                    "{name: strategy} to tell them apart."
                )
            named[name] = strategy
    if not named:
        raise ValueError("strategies is empty: give at least one strategy.")
    for name, strategy in named.items():
        if not callable(strategy):
            raise TypeError(f"Strategy {name!r} is not callable: {strategy!r}.")
    return named


def _check_budget(learner, n_train):
    budget = getattr(learner, "budget", None)
    if budget is None:
        raise ValueError(
            "active_learning_curve needs a learner in simulation mode: set its "
            "budget, e.g. ActiveLearner(estimator, budget=100)."
        )
    if isinstance(budget, numbers.Integral) and budget > n_train:
        raise ValueError(
            f"budget={budget} is larger than the {n_train} training samples of "
            "a run; lower the budget or use more training data."
        )


class _Watch(BaseStoppingCriterion):
    """Checks every criterion it holds and never stops: where would each have stopped?"""

    def __init__(self, criteria):
        self.criteria = criteria

    def check(self, learner, X_pool):
        for criterion in self.criteria.values():
            criterion.check(learner, X_pool)
        return False


def _check_stopping(stopping, learner):
    if stopping is None:
        own = getattr(learner, "stopping", None)
        return {} if own is None else {_criterion_name(own): own}
    named = dict(stopping) if isinstance(stopping, dict) else {
        _criterion_name(stopping): stopping}
    for name, criterion in named.items():
        if not callable(getattr(criterion, "check", None)):
            raise TypeError(
                f"Stopping criterion {name!r} has no check(learner, X_pool); pass "
                f"criteria from skactive.stopping, got {criterion!r}."
            )
    return named


def _criterion_name(criterion):
    return repr(criterion) if hasattr(criterion, "get_params") else type(criterion).__name__


def _score_at(model, n, X_test, y_test, scorer):
    """The score of the run's model after its first ``n`` labels (as ``replay``)."""
    if n == model.y_labeled_.shape[0]:
        return scorer(model, X_test, y_test)
    with threadpool_limits(limits=1):
        refit = clone(model).set_params(budget=None, stopping=None)
        refit.fit(take_rows(model.X_labeled_, np.arange(n)), model.y_labeled_[:n])
    return scorer(refit, X_test, y_test)


def _run(learner, strategy, seed, X, y, train, test, scorer, n_checkpoints, watched,
         classes):
    """One simulated run, scored at its checkpoints on the test rows."""
    X_test, y_test = test
    if train is not None:
        X, y = take_rows(X, train), y[train]
    model = clone(learner).set_params(query_strategy=strategy, random_state=seed)
    if "stopping" in model.get_params(deep=False):
        # The curve goes to the budget; the criteria only watch the run.
        model.set_params(stopping=_Watch(watched) if watched else None)
    model.fit(X, y)
    n_labels, scores = replay(model, X_test, y_test, scorer, n_checkpoints, classes)
    stops = {}
    watch = getattr(model, "stopping_", None)  # absent if the run had no batch
    for name in watched:
        at = None if watch is None else getattr(
            watch.criteria[name], "n_labels_at_stop_", None)
        fired = at is not None
        at = int(n_labels[-1]) if at is None else int(at)
        hit = np.flatnonzero(n_labels == at)
        score = scores[hit[0]] if hit.shape[0] else _score_at(
            model, at, X_test, y_test, scorer)
        stops[name] = (at, float(score), fired)
    return n_labels, scores, stops


def _full_data_run(learner, X, y, train, test, scorer, classes):
    """The score of the learner's model trained on every training label."""
    X_test, y_test = test
    if train is not None:
        X, y = take_rows(X, train), y[train]
    with threadpool_limits(limits=1):
        model = clone(learner).set_params(budget=None).fit(X, y)
    return scorer(_on_classes(model, classes), X_test, y_test)


def _targets(y):
    """``y`` as a 1-D array, or our own copy of a multi-label indicator matrix."""
    return label_indicator(y) if is_label_indicator(y) else column_or_1d(y, warn=True)


def active_learning_curve(
    learner,
    X,
    y,
    *,
    strategies=None,
    test_set=None,
    cv=None,
    n_repeats=5,
    test_size=0.25,
    scoring=None,
    n_checkpoints=None,
    full_data=True,
    n_jobs=None,
    random_state=None,
    callback=None,
    stopping=None,
    as_frame=False,
):
    """Learning curves of query strategies, from repeated simulated runs.

    Every strategy is run in simulation mode (the learner's ``budget``,
    ``n_initial`` and ``batch_size``) on the same training data with the
    same seeds, so the comparison is paired: in a given run, all the
    strategies start from the same random labels. Each run is scored on its
    test data after the seed and after each batch, like
    :func:`sklearn.model_selection.learning_curve` with the number of labels
    in place of the training size. Runs go through joblib, in parallel with
    ``n_jobs``.

    Parameters
    ----------
    learner : ActiveLearner, QueryByCommittee, ActiveRegressor or CommitteeRegressor
        The learner, with ``budget`` set; cloned, never modified. Its
        ``query_strategy`` and ``random_state`` are replaced in each run.
    X : array-like, sparse matrix, DataFrame or list
        The samples.
    y : array-like of shape (n_samples,) or (n_samples, n_labels)
        Their labels, revealed to the learner only when it queries them; a
        0/1 indicator matrix for a multi-label task (then the splits are
        not stratified).
    strategies : dict, list or None, default=None
        ``{name: strategy}``, or a list of strategies named by their
        ``__name__`` (or ``repr``). ``None``: the learner's own strategy.
    test_set : tuple (X_test, y_test) or None, default=None
        Fixed test data. Then each of the ``n_repeats`` runs uses all of
        ``X, y`` as its pool, with a different seed.
    cv : int, cross-validation generator, iterable or None, default=None
        Without ``test_set``: how ``X, y`` is split into pool and test data.
        ``None``: a new random split per repeat (``test_size`` held out;
        stratified for classifiers), so there are ``n_repeats`` runs. Otherwise as in
        :func:`sklearn.model_selection.cross_validate`, and every split is
        run ``n_repeats`` times with different seeds.
    n_repeats : int, default=5
        Number of runs per strategy (per split when ``cv`` is given).
    test_size : float or int, default=0.25
        Held-out share (or number) of samples when ``cv`` is ``None``.
    scoring : str, callable or None, default=None
        A scikit-learn scorer name or ``scorer(estimator, X, y)``;
        ``None``: the learner's ``score`` (accuracy, or R² for regressors).
    n_checkpoints : int or None, default=None
        Points per curve; ``None``: after the seed and after every batch.
    full_data : bool, default=True
        Also score the learner's model trained on every training label, the
        level the curves can hope to reach.
    n_jobs : int or None, default=None
        Number of runs in parallel (joblib).
    random_state : int, RandomState instance or None, default=None
        Seeds the splits and the runs.
    callback : callable or None, default=None
        Called as ``callback(n_done, n_total)`` once before the first run
        (``n_done=0``) and each time a run finishes, to drive a progress bar.
    stopping : stopping criterion, dict or None, default=None
        Criteria from :mod:`skactive.stopping` (one, or ``{name:
        criterion}``) that watch every run without ending it: the curves
        still go to the budget, and ``stops`` reports where each criterion
        would have stopped and the score there. ``None``: the learner's own
        ``stopping``, if it has one.
    as_frame : bool, default=False
        Also return the curves as a tidy pandas DataFrame, ``result.frame``
        (as scikit-learn's data loaders do), one row per strategy, run and
        number of labels. Needs pandas (``pip install ".[pandas]"``).

    Returns
    -------
    result : :class:`~sklearn.utils.Bunch`
        With keys

        - ``n_labels``: ndarray of shape (n_points,), the numbers of labels;
        - ``scores``: dict name -> ndarray of shape (n_points, n_runs), the
          test score of every run (the layout of ``learning_curve``);
        - ``mean``, ``std``: dict name -> ndarray of shape (n_points,);
        - ``aulc``: dict name -> ndarray of shape (n_runs,), the normalised
          area under each run's curve;
        - ``full_data_scores``: ndarray of shape (n_runs,) or ``None``, the
          score with every training label, per run;
        - ``score_name``: str, what the scores measure;
        - ``stops``: dict strategy name -> dict criterion name -> dict with
          ``n_labels`` (ndarray of shape (n_runs,), the labels at the stop;
          the budget where the criterion never fired), ``scores`` (the test
          score there) and ``fired`` (bool per run); empty without criteria.
        - ``frame`` (only with ``as_frame=True``): DataFrame with columns
          ``strategy``, ``run``, ``n_labels`` and ``score``.

    See Also
    --------
    skactive.metrics.aulc_scorer : Rank strategies in ``GridSearchCV``.
    skactive.plotting.plot_learning_curves : Plot the result.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.linear_model import LogisticRegression
    >>> from skactive import ActiveLearner
    >>> from skactive.model_selection import active_learning_curve
    >>> from skactive.strategies import margin_sampling, random_sampling
    >>> X, y = load_iris(return_X_y=True)
    >>> learner = ActiveLearner(LogisticRegression(max_iter=1000), budget=30,
    ...                         n_initial=6, batch_size=8)
    >>> result = active_learning_curve(learner, X, y, n_repeats=2, random_state=0,
    ...                                strategies=[margin_sampling, random_sampling])
    >>> result.n_labels
    array([ 6, 14, 22, 30])
    >>> result.scores["margin_sampling"].shape
    (4, 2)
    """
    named = _strategy_names(strategies, learner)
    watched = _check_stopping(stopping, learner)
    classifier = is_classifier(learner)
    if as_frame:
        _import_pandas()  # fail before the simulations, not after
    y = _targets(y)
    if num_rows(X) != y.shape[0]:
        raise ValueError(
            f"X has {num_rows(X)} samples but y has {y.shape[0]} labels."
        )
    if (
        not isinstance(n_repeats, numbers.Integral)
        or isinstance(n_repeats, bool)
        or n_repeats < 1
    ):
        raise ValueError(f"n_repeats must be a positive integer, got {n_repeats!r}.")
    n_checkpoints = _check_n_checkpoints(n_checkpoints)
    rng = check_random_state(random_state)
    if test_set is not None:
        if cv is not None:
            raise ValueError("Pass either test_set or cv, not both.")
        X_test, y_test = test_set
        splits = [(None, (X_test, _targets(y_test)))] * n_repeats
        n_train = num_rows(X)
    else:
        if cv is None:
            # Multi-label and continuous targets cannot be stratified.
            stratify = classifier and y.ndim == 1
            shuffle_split = StratifiedShuffleSplit if stratify else ShuffleSplit
            splitter = shuffle_split(
                n_splits=n_repeats, test_size=test_size,
                random_state=rng.randint(np.iinfo(np.int32).max),
            )
            repeats = 1
        else:
            splitter = check_cv(cv, y, classifier=classifier)
            repeats = n_repeats
        splits = [
            (train, (take_rows(X, test), y[test]))
            for train, test in splitter.split(X, y)
            for _ in range(repeats)
        ]
        n_train = min(train.shape[0] for train, _ in splits)
    _check_budget(learner, n_train)
    scorer = check_scoring(learner, scoring=scoring)
    seeds = rng.randint(np.iinfo(np.int32).max, size=len(splits))
    # Every model is scored on all the classes, also before it has seen them.
    classes = _all_classes(y) if test_set is None else _all_classes(y, splits[0][1][1])

    tasks = [
        delayed(_run)(
            learner, strategy, seed, X, y, train, test, scorer, n_checkpoints, watched,
            classes
        )
        for strategy in named.values()
        for seed, (train, test) in zip(seeds, splits)
    ]
    if full_data:
        tasks += [
            delayed(_full_data_run)(learner, X, y, train, test, scorer, classes)
            for train, test in splits
        ]
    outputs = []
    if callback is not None:
        callback(0, len(tasks))
    for output in Parallel(n_jobs=n_jobs, return_as="generator")(tasks):
        outputs.append(output)
        if callback is not None:
            callback(len(outputs), len(tasks))

    n_runs = len(splits)
    n_labels = outputs[0][0]
    result = Bunch(n_labels=n_labels, scores={}, mean={}, std={}, aulc={}, stops={})
    for k, name in enumerate(named):
        runs = outputs[k * n_runs:(k + 1) * n_runs]
        scores = np.column_stack([run_scores for _, run_scores, _ in runs])
        result.stops[name] = {
            criterion: {
                "n_labels": np.array([run[2][criterion][0] for run in runs]),
                "scores": np.array([run[2][criterion][1] for run in runs]),
                "fired": np.array([run[2][criterion][2] for run in runs]),
            }
            for criterion in watched
        }
        result.scores[name] = scores
        result.mean[name] = scores.mean(axis=1)
        result.std[name] = scores.std(axis=1)
        result.aulc[name] = np.array([normalized_area(n_labels, s) for s in scores.T])
    result.full_data_scores = (
        np.array(outputs[len(named) * n_runs:]) if full_data else None
    )
    result.score_name = _score_name(scoring, classifier)
    if as_frame:
        result.frame = _tidy_frame(result)
    return result


def _import_pandas():
    try:
        import pandas
    except ImportError as exc:
        raise ImportError(
            "active_learning_curve(as_frame=True) needs pandas; install it with: "
            'pip install ".[pandas]"'
        ) from exc
    return pandas


def _tidy_frame(result):
    """One row per (strategy, run, number of labels), in run order."""
    pd = _import_pandas()
    n_labels = np.asarray(result.n_labels)
    parts = []
    for name, scores in result.scores.items():
        n_points, n_runs = scores.shape
        parts.append(pd.DataFrame({
            "strategy": name,
            "run": np.repeat(np.arange(n_runs), n_points),
            "n_labels": np.tile(n_labels, n_runs),
            "score": scores.T.ravel(),
        }))
    return pd.concat(parts, ignore_index=True)


def _score_name(scoring, classifier=True):
    if scoring is None:
        return "Accuracy" if classifier else "R²"
    if isinstance(scoring, str):
        return scoring.replace("_", " ").capitalize()
    return "Score"
