"""The contract every query strategy honours, as a check anyone can run.

``check_strategy(strategy)`` runs every clause on small synthetic data;
``strategy_checks(strategy)`` yields the clauses one by one (each a callable
named after what it checks) so a test suite can parametrize over them, the
way scikit-learn's ``parametrize_with_checks`` does for estimators.
"""

import functools

import numpy as np
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.datasets import make_classification, make_multilabel_classification
from sklearn.exceptions import NotFittedError
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import make_pipeline
from sklearn.svm import LinearSVC
from sklearn.tree import DecisionTreeClassifier

from ..strategies import get_strategy_tags

N_SEED, N_POOL = 45, 24


def _task_of(strategy):
    """The task a strategy is checked on: classification when it serves it."""
    tasks = get_strategy_tags(strategy).tasks
    return "classification" if "classification" in tasks else sorted(tasks)[0]


def _data(task="classification"):
    if task == "multilabel":
        X, y = make_multilabel_classification(
            n_samples=N_SEED + N_POOL, n_features=5, n_classes=3, random_state=0
        )
    else:
        X, y = make_classification(
            n_samples=N_SEED + N_POOL, n_features=5, n_informative=3, n_redundant=0,
            n_classes=3, n_clusters_per_class=1, random_state=0,
        )
    return X[:N_SEED], y[:N_SEED], X[N_SEED:]


def _random_labels(task, n, rng):
    if task == "multilabel":
        return (rng.rand(n, 3) < 0.5).astype(int)
    return rng.randint(3, size=n)


def _for_task(task, model):
    """A classifier for ``task``: multi-label tasks get one model per label."""
    return OneVsRestClassifier(model) if task == "multilabel" else model


def _documents(n, rng):
    words = np.array("red green blue cat dog bird fast slow big small".split())
    return [" ".join(rng.choice(words, size=4)) for _ in range(n)]


def _learner(strategy, *, estimator=None, text=False, random_state=0):
    """A learner of the kind ``strategy`` needs; ``estimator`` forces a single model."""
    # Imported here: utils sit below the learners in the import order, and
    # only this testing helper needs to build learners.
    from .. import ActiveLearner, QueryByCommittee

    strategy = clone(strategy) if hasattr(strategy, "get_params") else strategy
    task = _task_of(strategy)
    vectorize = (lambda model: make_pipeline(TfidfVectorizer(), model)) if text else (
        lambda model: model
    )
    if get_strategy_tags(strategy).committee and estimator is None:
        members = [
            vectorize(LogisticRegression(max_iter=1000)),
            vectorize(DecisionTreeClassifier(max_depth=3)),
            vectorize(LogisticRegression(C=0.1, max_iter=1000)),
        ]
        return QueryByCommittee(members, strategy, bootstrap=True, random_state=random_state)
    if estimator is None:
        estimator = vectorize(_for_task(task, LogisticRegression(max_iter=1000)))
    return ActiveLearner(estimator, strategy, random_state=random_state)


def _fitted(strategy, X=None, y=None, **params):
    X_seed, y_seed, _ = _data(_task_of(strategy))
    return _learner(strategy, **params).fit(
        X_seed if X is None else X, y_seed if y is None else y
    )


def _assert_valid(positions, n_instances, n_pool, scores=None):
    """``positions`` (or a ``(positions, scores)`` tuple) answer a valid query."""
    if isinstance(positions, tuple):
        positions, scores = positions
    positions = np.asarray(positions)
    assert positions.ndim == 1 and positions.dtype.kind in "iu", positions
    assert positions.shape[0] == n_instances, (positions, n_instances)
    assert np.unique(positions).shape[0] == n_instances, f"duplicates in {positions}"
    assert positions.min() >= 0 and positions.max() < n_pool, positions
    if scores is not None:
        scores = np.asarray(scores)
        assert scores.shape == (n_pool,), scores.shape
        assert np.all(np.isfinite(scores)), "scores must be finite"


# -- the clauses -------------------------------------------------------------


def check_every_batch_size(strategy):
    """``n_instances`` unique positions in range, for every size 1..n_pool."""
    learner, pool = _fitted(strategy), _data(_task_of(strategy))[2]
    for n_instances in range(1, N_POOL + 1):
        positions, scores = learner.query(pool, n_instances, return_scores=True)
        _assert_valid(positions, n_instances, N_POOL, scores)


def check_returns_positions_and_scores(strategy):
    """A direct call returns the tuple ``(positions, scores)``."""
    learner, pool = _fitted(strategy), _data(_task_of(strategy))[2]
    result = strategy(learner, pool, 3, random_state=np.random.RandomState(0))
    assert isinstance(result, tuple) and len(result) == 2, type(result)
    _assert_valid(result, 3, N_POOL)


def check_reproducible(strategy):
    """The same ``random_state`` gives the same answers, query after query."""
    pool = _data(_task_of(strategy))[2]
    answers = []
    for _ in range(2):
        learner = _fitted(strategy, random_state=42)
        answers.append([learner.query(pool, 4, return_scores=True) for _ in range(2)])
    for (pos_a, scores_a), (pos_b, scores_b) in zip(*answers):
        np.testing.assert_array_equal(pos_a, pos_b)
        np.testing.assert_array_equal(scores_a, scores_b)


def check_permutation_equivariance(strategy):
    """Permuting the pool permutes the scores and the chosen rows."""
    if not get_strategy_tags(strategy).position_free:
        return
    pool = _data(_task_of(strategy))[2]
    permutation = np.random.RandomState(1).permutation(N_POOL)
    positions, scores = _fitted(strategy).query(pool, 5, return_scores=True)
    moved, moved_scores = _fitted(strategy).query(pool[permutation], 5, return_scores=True)
    # Summation order changes with the row order: allow float32 rounding.
    np.testing.assert_allclose(moved_scores, scores[permutation], rtol=1e-5, atol=1e-9)
    top = np.sort(scores)[::-1][:6]
    if np.all(np.diff(top) < -1e-5 * np.abs(top[:-1]).max()):
        # No near-ties among the best rows: the choice is unique.
        np.testing.assert_array_equal(permutation[moved], positions)


def check_pool_containers(strategy):
    """Dense, DataFrame, sparse and raw-text pools all work; a DataFrame
    gives exactly the answer of the same dense pool."""
    task = _task_of(strategy)
    X_seed, y_seed, pool = _data(task)
    dense = _fitted(strategy).query(pool, 4, return_scores=True)
    try:
        import pandas as pd
    except ImportError:  # pandas is optional
        pd = None
    if pd is not None:
        columns = [f"x{i}" for i in range(pool.shape[1])]
        learner = _learner(strategy).fit(pd.DataFrame(X_seed, columns=columns), y_seed)
        framed = learner.query(pd.DataFrame(pool, columns=columns), 4, return_scores=True)
        np.testing.assert_array_equal(framed[0], dense[0])
        np.testing.assert_allclose(framed[1], dense[1])
    if not get_strategy_tags(strategy).sparse:
        return
    learner = _learner(strategy).fit(sp.csr_matrix(X_seed), y_seed)
    _assert_valid(learner.query(sp.csr_matrix(pool), 4, return_scores=True), 4, N_POOL)
    rng = np.random.RandomState(0)
    text_learner = _learner(strategy, text=True)
    text_learner.fit(_documents(30, rng), _random_labels(task, 30, rng))
    _assert_valid(text_learner.query(_documents(12, rng), 4, return_scores=True), 4, 12)


def check_tiny_and_degenerate_pools(strategy):
    """A one-row pool, a pool of duplicated rows, a pool where all rows tie."""
    learner, pool = _fitted(strategy), _data(_task_of(strategy))[2]
    np.testing.assert_array_equal(learner.query(pool[:1], 1), [0])
    duplicated = np.vstack([pool[:6]] * 3)
    _assert_valid(learner.query(duplicated, 10, return_scores=True), 10, 18)
    identical = np.repeat(pool[:1], 8, axis=0)
    _assert_valid(learner.query(identical, 8, return_scores=True), 8, 8)
    _assert_valid(learner.query(identical, 3, return_scores=True), 3, 8)


def check_too_many_instances(strategy):
    """Asking for more rows than the pool has is a clear error, also when
    the strategy is called directly."""
    learner, pool = _fitted(strategy), _data(_task_of(strategy))[2]
    try:
        learner.query(pool, N_POOL + 1)
    except ValueError as error:
        assert "n_instances" in str(error), error
    else:
        raise AssertionError("query with n_instances > n_pool did not raise")
    try:
        strategy(learner, pool, N_POOL + 1, random_state=np.random.RandomState(0))
    except ValueError as error:
        assert "n_instances" in str(error), error
    else:
        raise AssertionError("a direct call with n_instances > n_pool did not raise")


def check_wrong_learner(strategy):
    """A committee strategy on a single model says to use QueryByCommittee;
    a strategy that needs probabilities says so when they are missing."""
    task = _task_of(strategy)
    X_seed, y_seed, pool = _data(task)
    if get_strategy_tags(strategy).committee:
        learner = _fitted(strategy, estimator=LogisticRegression(max_iter=1000))
        try:
            learner.query(pool)
        except TypeError as error:
            assert "QueryByCommittee" in str(error), error
        else:
            raise AssertionError("a committee strategy worked on a single model")
        return
    learner = _fitted(strategy, estimator=_for_task(task, LinearSVC()))
    try:
        positions, scores = learner.query(pool, 3, return_scores=True)
    except (AttributeError, TypeError) as error:
        assert "predict_proba" in str(error), error
    else:
        _assert_valid(positions, 3, N_POOL, scores)


def check_unfitted_learner(strategy):
    """Model-based strategies raise NotFittedError naming the model-free
    ones; model-free strategies choose a first batch (cold start)."""
    learner, pool = _learner(strategy), _data(_task_of(strategy))[2]
    if get_strategy_tags(strategy).requires_fit:
        try:
            learner.query(pool, 2)
        except NotFittedError as error:
            assert "random_sampling" in str(error), error
        else:
            raise AssertionError("a model-based strategy answered before fit")
    else:
        positions, scores = learner.query(pool, 5, return_scores=True)
        _assert_valid(positions, 5, N_POOL, scores)


_CLAUSES = [
    check_every_batch_size,
    check_returns_positions_and_scores,
    check_reproducible,
    check_permutation_equivariance,
    check_pool_containers,
    check_tiny_and_degenerate_pools,
    check_too_many_instances,
    check_wrong_learner,
    check_unfitted_learner,
]


def strategy_checks(strategy):
    """Yield every contract clause for ``strategy`` as a callable without arguments.

    Each callable's ``__name__`` is the clause, for test ids.

    Examples
    --------
    >>> from skactive.strategies import margin_sampling
    >>> from skactive.utils.estimator_checks import strategy_checks
    >>> [check.__name__ for check in strategy_checks(margin_sampling)][:2]
    ['check_every_batch_size', 'check_returns_positions_and_scores']
    """
    for clause in _CLAUSES:
        check = functools.partial(clause, strategy)
        check.__name__ = clause.__name__
        yield check


def check_strategy(strategy):
    """Check that ``strategy`` honours the strategy contract of skactive.

    Runs every clause on small synthetic data: valid, unique positions for
    every batch size; finite scores, one per row; the same answer for the
    same ``random_state``; permutation equivariance (for strategies tagged
    ``position_free``); NumPy, pandas, sparse and raw-text pools; one-row,
    duplicated and all-tied pools; clear errors for too large a batch, the
    wrong kind of learner, and (for model-based strategies) an unfitted one.

    Parameters
    ----------
    strategy : callable
        A strategy function or a ``BaseQueryStrategy`` instance. Its
        :class:`~skactive.strategies.StrategyTags` say which clauses apply.

    Raises
    ------
    AssertionError
        Naming the clause that failed.

    Examples
    --------
    >>> from skactive.strategies import margin_sampling
    >>> from skactive.utils.estimator_checks import check_strategy
    >>> check_strategy(margin_sampling)
    """
    for check in strategy_checks(strategy):
        try:
            check()
        except AssertionError as error:
            raise AssertionError(f"{check.__name__} failed: {error}") from error
