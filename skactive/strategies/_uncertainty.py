"""Uncertainty sampling: least confident, margin and entropy.

Three layers, read top-down: pure measures on probability arrays, the
utility of a learner on a pool (chunked), then selection.
"""

import numpy as np

from ..utils import apply_in_chunks, chunk_n_rows, num_features, num_rows
from ..utils._chunking import one_blas_thread
from ._selection import select_top_k
from ._tags import declare_tags

# -- layer 1: pure measures on arrays ---------------------------------------


def _check_proba(proba):
    proba = np.asarray(proba, dtype=float)
    if proba.ndim != 2:
        raise ValueError(
            f"Expected probabilities of shape (n_samples, n_classes), got shape "
            f"{proba.shape}."
        )
    return proba


def least_confident(proba):
    """One minus the probability of the most likely class.

    Parameters
    ----------
    proba : array-like of shape (n_samples, n_classes)
        Class probabilities.

    Returns
    -------
    ndarray of shape (n_samples,)
        Utility, higher = more informative.

    Examples
    --------
    >>> from skactive.strategies import least_confident
    >>> least_confident([[.1, .85, .05], [.6, .3, .1], [.39, .61, 0]])
    array([0.15, 0.4 , 0.39])
    """
    return 1.0 - _row_max(_check_proba(proba))


def margin(proba):
    """Negated gap between the two most likely classes.

    A small gap means the model hesitates between two classes, so the
    negated gap is a utility: higher = more informative. With a single
    class the gap is that class's probability.

    Parameters
    ----------
    proba : array-like of shape (n_samples, n_classes)
        Class probabilities.

    Returns
    -------
    ndarray of shape (n_samples,)
        ``-(p_first - p_second)``, in ``[-1, 0]``.

    Examples
    --------
    >>> from skactive.strategies import margin
    >>> margin([[.1, .85, .05], [.6, .3, .1], [.39, .61, 0]])
    array([-0.75, -0.3 , -0.22])
    """
    return _negated_top_two_gap(_check_proba(proba))


def entropy(proba):
    """Shannon entropy of the class distribution, in nats.

    Zero probabilities contribute zero (no ``log 0``).

    Parameters
    ----------
    proba : array-like of shape (n_samples, n_classes)
        Class probabilities.

    Returns
    -------
    ndarray of shape (n_samples,)
        ``-sum_c p_c log p_c``, higher = more informative.

    Examples
    --------
    >>> from skactive.strategies import entropy
    >>> entropy([[.1, .85, .05], [.6, .3, .1], [.39, .61, 0]]).round(5)
    array([0.51819, 0.89795, 0.66875])
    """
    proba = _check_proba(proba)
    # p log p with 0 log 0 = 0: adding 1 where p == 0 makes that log 0. A
    # negative probability gives NaN, which selection reports as an error.
    terms = np.add(proba, proba == 0)
    np.log(terms, out=terms)
    terms *= proba
    return -_row_sum(terms)


# -- kernels: each a few passes over the probabilities ----------------------
#
# Probabilities have few columns. NumPy's reductions along such short rows
# pay a fixed cost per row (``max(axis=1)`` on 10 classes is slower than
# ``predict_proba`` itself), so for few classes we walk the columns with
# in-place ufuncs instead, on a class-major copy so that every column is
# contiguous (about 1.4x faster than strided columns on 10 classes). Pools
# are scored in cache-sized chunks, so the column passes hit cache.

_FEW_CLASSES = 32


def _class_major(values):
    # One transposing copy; the column passes that follow read it contiguously.
    return np.ascontiguousarray(values.T)


def _row_max(values):
    if values.shape[1] > _FEW_CLASSES:
        return values.max(axis=1)
    columns = _class_major(values)
    first = columns[0].copy()
    for column in columns[1:]:
        np.maximum(first, column, out=first)
    return first


def _row_sum(values):
    # einsum sums short rows about three times faster than sum(axis=1), and
    # unlike a product with a vector of ones it stays out of BLAS's threads.
    return np.einsum("ij->i", values)


def _negated_top_two_gap(values):
    n_columns = values.shape[1]
    if n_columns == 1:
        return -values[:, 0]
    if n_columns > _FEW_CLASSES:
        top_two = np.partition(values, n_columns - 2, axis=1)[:, -2:]
        return top_two[:, 0] - top_two[:, 1]
    columns = _class_major(values)
    first = np.maximum(columns[0], columns[1])
    second = np.minimum(columns[0], columns[1])
    smaller = np.empty_like(first)
    for value in columns[2:]:
        # The new second is the larger of the old second and whichever of
        # (old first, value) is smaller.
        np.minimum(first, value, out=smaller)
        np.maximum(second, smaller, out=second)
        np.maximum(first, value, out=first)
    second -= first
    return second


# -- layer 2: the utility of a learner on a pool -----------------------------

# Decision values rank samples the way probabilities would for these two
# measures: both only compare the leading class scores.
_FROM_DECISION = {
    "least_confident": lambda d: -np.abs(d) if d.ndim == 1 else -_row_max(d),
    "margin": lambda d: -np.abs(d) if d.ndim == 1 else _negated_top_two_gap(d),
}
_MEASURES = {"least_confident": least_confident, "margin": margin, "entropy": entropy}

# Pools whose product (rows x features x classes) is at most this are scored
# without switching BLAS to one thread. Setting the thread counts and putting
# them back costs more than it saves there: margin queries on 2,000 rows x 50
# features, 10 classes (10^6, benchmarks/bench_kernels.py, 2 cores busy with
# other work) took 1.34-1.38x one bare predict_proba without the switch,
# 1.39-1.43x with it; on 5,000 rows (2.5 x 10^6) the switch paid, 0.3-0.35x
# against 1.10x, as two BLAS threads waited for the busy cores.
_SMALL_PRODUCT = 2**20


def uncertainty_utility(
    learner, X_pool, measure="least_confident", *, chunk_size=None, n_jobs=None
):
    """Uncertainty of a fitted learner on every row of a pool.

    The pool is scored in cache-sized chunks that never exceed
    scikit-learn's ``working_memory`` (or in ``chunk_size`` rows), see
    :func:`~skactive.utils.apply_in_chunks`. When the learner has no ``predict_proba`` but
    has ``decision_function`` (``LinearSVC``, ``SVC()``), least-confident and
    margin utilities are computed from the decision values, which rank the
    pool the same way; entropy needs probabilities.

    Parameters
    ----------
    learner : ActiveLearner or QueryByCommittee
        Fitted learner.
    X_pool : array-like, sparse matrix, DataFrame or list
        The unlabeled pool.
    measure : {"least_confident", "margin", "entropy"}, default="least_confident"
        The uncertainty measure.
    chunk_size : int, default=None
        Rows per chunk; by default :func:`~skactive.utils.chunk_n_rows`.
    n_jobs : int, default=None
        Joblib workers scoring chunks in parallel; ``None`` follows
        ``joblib.parallel_config`` (one worker unless set there).

    Returns
    -------
    ndarray of shape (n_pool,)
        Utility per row, higher = more informative.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.linear_model import LogisticRegression
    >>> from skactive import ActiveLearner
    >>> from skactive.strategies import uncertainty_utility
    >>> X, y = load_iris(return_X_y=True)
    >>> learner = ActiveLearner(LogisticRegression()).fit(X[::10], y[::10])
    >>> uncertainty_utility(learner, X, "entropy").shape
    (150,)
    """
    n_classes = len(getattr(learner, "classes_", ())) or 2
    # A chunk holds its rows once more (a transformed copy, in a pipeline)
    # and about four arrays of class scores (decision values, probabilities,
    # the measure's temporaries).
    n_features = num_features(X_pool)
    row_bytes = 8 * ((n_features or 0) + 4 * n_classes)
    if hasattr(learner, "predict_proba"):
        pure = _MEASURES[measure]

        def score(rows):
            return pure(learner.predict_proba(rows))

    elif measure in _FROM_DECISION and hasattr(learner, "decision_function"):
        from_decision = _FROM_DECISION[measure]

        def score(rows):
            return from_decision(np.asarray(learner.decision_function(rows)))

    else:
        score = None
    if score is not None:
        n_rows = num_rows(X_pool)
        if (
            n_features is not None
            and n_rows * n_features * n_classes <= _SMALL_PRODUCT
            and chunk_n_rows(row_bytes, chunk_size=chunk_size, n_rows=n_rows)
            >= n_rows
        ):
            # One chunk, and a product too small for the thread switch to
            # pay: what apply_in_chunks does for one chunk, without it.
            return np.asarray(score(X_pool))
        # Each chunk's products are small: one BLAS thread is faster than
        # several on a shared machine (see one_blas_thread); n_jobs spreads
        # the chunks over cores instead.
        with one_blas_thread():
            return apply_in_chunks(
                score, X_pool, row_bytes=row_bytes, chunk_size=chunk_size,
                n_jobs=n_jobs,
            )
    estimator = getattr(learner, "estimator", learner)
    raise AttributeError(
        f"{measure} uncertainty needs class probabilities, but "
        f"{type(estimator).__name__} has no predict_proba. Use an estimator "
        "with predict_proba (or wrap it in CalibratedClassifierCV); margin and "
        "least-confident sampling also work from decision_function."
    )


# -- layer 3: strategies (utility, then the shared selection) ----------------


def _sampling(measure, learner, X_pool, n_instances, random_state):
    scores = uncertainty_utility(learner, X_pool, measure)
    return select_top_k(scores, n_instances, random_state), scores


@declare_tags()
def uncertainty_sampling(learner, X_pool, n_instances=1, *, random_state=None):
    """Query the rows whose most likely class is least probable.

    Utility: ``1 - max_c P(c | x)`` (:func:`least_confident`). Works from
    ``decision_function`` when the estimator has no ``predict_proba``.

    With many classes it can lose to random sampling: measured as the
    paired AULC difference to random sampling (``benchmarks/bench_label_efficiency.py``,
    StandardScaler + LogisticRegression, 10 seeds) it was -0.060 on KEEL
    satimage (beyond two standard errors), -0.023 on KEEL texture and -0.010
    on digits; with a random forest -0.061 on texture, -0.060 on KEEL banana
    and -0.021 on satimage. With two classes it picks what
    :func:`margin_sampling` picks.

    Parameters
    ----------
    learner : ActiveLearner or QueryByCommittee
        Fitted learner.
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

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.linear_model import LogisticRegression
    >>> from skactive import ActiveLearner
    >>> from skactive.strategies import uncertainty_sampling
    >>> X, y = load_iris(return_X_y=True)
    >>> learner = ActiveLearner(LogisticRegression(), uncertainty_sampling)
    >>> learner.fit(X[::10], y[::10]).query(X, n_instances=3).shape
    (3,)
    """
    return _sampling("least_confident", learner, X_pool, n_instances, random_state)


@declare_tags()
def margin_sampling(learner, X_pool, n_instances=1, *, random_state=None):
    """Query the rows where the two most likely classes are closest.

    Utility: ``-(P(first | x) - P(second | x))`` (:func:`margin`). Works
    from ``decision_function`` when the estimator has no ``predict_proba``.
    Parameters and return values are those of :func:`uncertainty_sampling`.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.svm import LinearSVC
    >>> from skactive import ActiveLearner
    >>> from skactive.strategies import margin_sampling
    >>> X, y = load_iris(return_X_y=True)
    >>> learner = ActiveLearner(LinearSVC(), margin_sampling).fit(X[::10], y[::10])
    >>> learner.query(X, n_instances=2).shape
    (2,)
    """
    return _sampling("margin", learner, X_pool, n_instances, random_state)


@declare_tags()
def entropy_sampling(learner, X_pool, n_instances=1, *, random_state=None):
    """Query the rows whose predicted class distribution has most entropy.

    Utility: ``-sum_c P(c | x) log P(c | x)`` (:func:`entropy`); needs
    ``predict_proba``. Parameters and return values are those of
    :func:`uncertainty_sampling`.

    Entropy spreads its attention over unlikely classes and, with many
    classes, loses to random sampling: paired AULC differences to random
    sampling (``benchmarks/bench_label_efficiency.py``, StandardScaler +
    LogisticRegression, 10 seeds) of -0.038 on digits, -0.072 on KEEL
    satimage and -0.087 on KEEL texture, all beyond two standard errors;
    with a random forest -0.083 on texture, -0.060 on KEEL banana and
    -0.029 on satimage. Prefer :func:`margin_sampling` or the default
    strategy (:func:`~skactive.strategies.recommended_sampling`).

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.linear_model import LogisticRegression
    >>> from skactive import ActiveLearner
    >>> from skactive.strategies import entropy_sampling
    >>> X, y = load_iris(return_X_y=True)
    >>> learner = ActiveLearner(LogisticRegression(), entropy_sampling)
    >>> learner.fit(X[::10], y[::10]).query(X, n_instances=2).shape
    (2,)
    """
    return _sampling("entropy", learner, X_pool, n_instances, random_state)
