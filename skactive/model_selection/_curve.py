"""Active learning curves: repeated simulated runs, one per strategy and split."""

import numbers

import numpy as np
from sklearn.base import clone
from sklearn.metrics import check_scoring
from sklearn.model_selection import ShuffleSplit, StratifiedShuffleSplit, check_cv
from sklearn.utils import Bunch, check_random_state
from sklearn.utils.parallel import Parallel, delayed
from sklearn.utils.validation import column_or_1d
from threadpoolctl import threadpool_limits

from .._multilabel import is_label_indicator, label_indicator
from ..metrics._aulc import _check_n_checkpoints, normalized_area, replay
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


def _run(learner, strategy, seed, X, y, train, test, scorer, n_checkpoints):
    """One simulated run, scored at its checkpoints on the test rows."""
    X_test, y_test = test
    if train is not None:
        X, y = take_rows(X, train), y[train]
    model = clone(learner).set_params(query_strategy=strategy, random_state=seed)
    model.fit(X, y)
    return replay(model, X_test, y_test, scorer, n_checkpoints)


def _full_data_run(learner, X, y, train, test, scorer):
    """The score of the learner's model trained on every training label."""
    X_test, y_test = test
    if train is not None:
        X, y = take_rows(X, train), y[train]
    with threadpool_limits(limits=1):
        model = clone(learner).set_params(budget=None).fit(X, y)
    return scorer(model, X_test, y_test)


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
    learner : ActiveLearner or QueryByCommittee
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
        ``None``: a new stratified random split per repeat (``test_size``
        held out), so there are ``n_repeats`` runs. Otherwise as in
        :func:`sklearn.model_selection.cross_validate`, and every split is
        run ``n_repeats`` times with different seeds.
    n_repeats : int, default=5
        Number of runs per strategy (per split when ``cv`` is given).
    test_size : float or int, default=0.25
        Held-out share (or number) of samples when ``cv`` is ``None``.
    scoring : str, callable or None, default=None
        A scikit-learn scorer name or ``scorer(estimator, X, y)``;
        ``None``: the learner's ``score`` (accuracy).
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
        - ``score_name``: str, what the scores measure.

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
            # Multi-label targets cannot be stratified.
            shuffle_split = ShuffleSplit if y.ndim == 2 else StratifiedShuffleSplit
            splitter = shuffle_split(
                n_splits=n_repeats, test_size=test_size,
                random_state=rng.randint(np.iinfo(np.int32).max),
            )
            repeats = 1
        else:
            splitter = check_cv(cv, y, classifier=True)
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

    tasks = [
        delayed(_run)(learner, strategy, seed, X, y, train, test, scorer, n_checkpoints)
        for strategy in named.values()
        for seed, (train, test) in zip(seeds, splits)
    ]
    if full_data:
        tasks += [
            delayed(_full_data_run)(learner, X, y, train, test, scorer)
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
    result = Bunch(n_labels=n_labels, scores={}, mean={}, std={}, aulc={})
    for k, name in enumerate(named):
        runs = outputs[k * n_runs:(k + 1) * n_runs]
        scores = np.column_stack([run_scores for _, run_scores in runs])
        result.scores[name] = scores
        result.mean[name] = scores.mean(axis=1)
        result.std[name] = scores.std(axis=1)
        result.aulc[name] = np.array([normalized_area(n_labels, s) for s in scores.T])
    result.full_data_scores = (
        np.array(outputs[len(named) * n_runs:]) if full_data else None
    )
    result.score_name = _score_name(scoring)
    return result


def _score_name(scoring):
    if scoring is None:
        return "Accuracy"
    if isinstance(scoring, str):
        return scoring.replace("_", " ").capitalize()
    return "Score"
