import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.svm import SVC, LinearSVC

from skactive import ActiveLearner
from skactive.strategies import (
    entropy,
    entropy_sampling,
    least_confident,
    margin,
    margin_sampling,
    uncertainty_sampling,
    uncertainty_utility,
)
from skactive.strategies._selection import select_top_k

P = np.array([[0.1, 0.85, 0.05], [0.6, 0.3, 0.1], [0.39, 0.61, 0.0]])


def test_least_confident_exact():
    assert_allclose(least_confident(P), [0.15, 0.40, 0.39])


def test_margin_exact_and_negated():
    assert_allclose(margin(P), [-0.75, -0.30, -0.22])


def test_entropy_exact_in_nats():
    assert_allclose(entropy(P), [0.51819, 0.89795, 0.66875], atol=5e-6)


def test_measures_handle_certain_rows_without_nan():
    certain = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5]])
    assert_allclose(entropy(certain), [0.0, 0.0, np.log(2)])
    assert_allclose(least_confident(certain), [0.0, 0.0, 0.5])
    assert_allclose(margin(certain), [-1.0, -1.0, 0.0])


def test_margin_of_a_single_class_is_its_probability():
    assert_allclose(margin([[1.0], [1.0]]), [-1.0, -1.0])


@pytest.mark.parametrize("measure", [least_confident, margin, entropy])
def test_measures_reject_1d_input(measure):
    with pytest.raises(ValueError, match=r"shape \(n_samples, n_classes\)"):
        measure([0.2, 0.8])


class FixedProbaLearner:
    """A learner stub whose predictions are a hand-made probability array."""

    classes_ = np.array([0, 1, 2])

    def __init__(self, proba):
        self.proba = np.asarray(proba)

    def predict_proba(self, X):
        return self.proba[np.asarray(X)[:, 0].astype(int)]


@pytest.mark.parametrize(
    "strategy, expected",
    [
        (uncertainty_sampling, [1, 2, 0]),
        (margin_sampling, [2, 1, 0]),
        (entropy_sampling, [1, 2, 0]),
    ],
)
def test_strategies_rank_rows_by_their_measure(strategy, expected):
    pool = np.arange(3).reshape(-1, 1)
    positions, scores = strategy(FixedProbaLearner(P), pool, 3, random_state=0)
    assert_array_equal(positions, expected)
    assert scores.shape == (3,)


def test_margin_differs_from_least_confident():
    # Row 0 is the least confident overall, row 1 has the narrowest margin.
    proba = [[0.4, 0.35, 0.25], [0.5, 0.49, 0.01]]
    learner, pool = FixedProbaLearner(proba), np.array([[0], [1]])
    assert uncertainty_sampling(learner, pool, 1)[0][0] == 0
    assert margin_sampling(learner, pool, 1)[0][0] == 1


def test_chunked_utility_equals_one_pass():
    X, y = load_iris(return_X_y=True)
    learner = ActiveLearner(LogisticRegression()).fit(X[::5], y[::5])
    whole = uncertainty_utility(learner, X, "entropy")
    chunked = uncertainty_utility(learner, X, "entropy", chunk_size=7)
    assert_allclose(whole, chunked)


@pytest.mark.parametrize("estimator", [LinearSVC(), SVC()])
def test_margin_and_least_confident_work_from_decision_function(estimator):
    X, y = load_iris(return_X_y=True)
    learner = ActiveLearner(estimator, margin_sampling, random_state=0)
    learner.fit(X[::5], y[::5])
    assert not hasattr(learner, "predict_proba")
    decision = learner.decision_function(X)
    top_two = np.sort(decision, axis=1)[:, -2:]
    expected = top_two[:, 0] - top_two[:, 1]
    assert_allclose(uncertainty_utility(learner, X, "margin"), expected)
    assert_allclose(
        uncertainty_utility(learner, X, "least_confident"), -decision.max(axis=1)
    )
    assert learner.query(X, 4).shape == (4,)


def test_binary_decision_values_rank_by_distance_to_the_boundary():
    X = np.array([[-3.0], [-1.0], [0.2], [2.0], [4.0], [-2.0]])
    y = np.array([0, 0, 1, 1, 1, 0])
    learner = ActiveLearner(LinearSVC(), uncertainty_sampling).fit(X, y)
    scores = uncertainty_utility(learner, X, "least_confident")
    assert_allclose(scores, -np.abs(learner.decision_function(X)))


def test_entropy_without_predict_proba_names_predict_proba():
    X, y = load_iris(return_X_y=True)
    learner = ActiveLearner(LinearSVC(), entropy_sampling).fit(X, y)
    with pytest.raises(AttributeError, match="LinearSVC has no predict_proba"):
        learner.query(X)


# The measures walk the columns for few classes and use NumPy's row
# reductions for many; both paths must agree with a plain sort.
@pytest.mark.parametrize("n_classes", [2, 3, 10, 33, 80])
def test_measures_match_a_sort_for_few_and_many_classes(n_classes):
    proba = np.random.RandomState(n_classes).dirichlet(np.ones(n_classes), 50)
    proba[0, :2] = 0.5 - 0.5 / n_classes  # a tie between the two leaders
    proba[0, 2:] = (1 - proba[0, :2].sum()) / (n_classes - 2) if n_classes > 2 else 0
    ordered = np.sort(proba, axis=1)
    assert_allclose(least_confident(proba), 1 - ordered[:, -1])
    assert_allclose(margin(proba), ordered[:, -2] - ordered[:, -1])
    assert margin(proba)[0] == 0.0
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = -np.nansum(proba * np.log(proba), axis=1)
    assert_allclose(entropy(proba), expected)


def test_margin_when_the_leader_is_in_any_column():
    proba = np.array(
        [[0.7, 0.2, 0.1, 0.0], [0.1, 0.2, 0.0, 0.7], [0.3, 0.1, 0.6, 0.0]]
    )
    assert_allclose(margin(proba), [-0.5, -0.5, -0.3])
    assert_allclose(least_confident(proba), [0.3, 0.3, 0.4])


def test_entropy_of_a_negative_probability_is_reported_not_ranked():
    learner = FixedProbaLearner([[0.5, 0.5, 0.0], [1.2, -0.2, 0.0]])
    with np.errstate(invalid="ignore"):
        assert np.isnan(entropy(learner.proba)[1])
        with pytest.raises(ValueError, match="NaN scores"):
            entropy_sampling(learner, np.array([[0], [1]]), 1)


def test_utility_scores_chunks_in_parallel_like_one_pass():
    X, y = load_iris(return_X_y=True)
    learner = ActiveLearner(LogisticRegression()).fit(X[::5], y[::5])
    whole = uncertainty_utility(learner, X, "margin")
    parallel = uncertainty_utility(learner, X, "margin", chunk_size=16, n_jobs=2)
    assert_allclose(whole, parallel)


@pytest.mark.parametrize("measure", ["margin", "entropy"])
def test_chunks_are_scored_with_one_blas_thread(measure):
    # Small products: BLAS threads only wait for each other on a shared machine.
    from threadpoolctl import threadpool_info

    X, y = load_iris(return_X_y=True)
    learner = ActiveLearner(LogisticRegression()).fit(X[::5], y[::5])
    seen = []

    class Spy:
        classes_ = learner.classes_

        def predict_proba(self, rows):
            seen.extend(i["num_threads"] for i in threadpool_info()
                        if i["user_api"] == "blas")
            return learner.predict_proba(rows)

    assert_allclose(uncertainty_utility(Spy(), X, measure, chunk_size=50),
                    uncertainty_utility(learner, X, measure))
    assert seen and set(seen) == {1}


def _blas_threads():
    from threadpoolctl import threadpool_info

    return [i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"]


class _ThreadSpy:
    """Delegates to a learner and records the BLAS thread counts it ran with."""

    def __init__(self, learner):
        self.learner, self.classes_, self.seen = learner, learner.classes_, []

    def predict_proba(self, rows):
        self.seen.append(_blas_threads())
        return self.learner.predict_proba(rows)


@pytest.mark.parametrize("measure", ["least_confident", "margin", "entropy"])
def test_small_single_chunk_path_equals_the_chunked_path_bit_for_bit(measure):
    # 150 rows x 4 features x 3 classes: one chunk, scored without the BLAS
    # thread switch; chunk_size=7 goes through apply_in_chunks with it.
    X, y = load_iris(return_X_y=True)
    learner = ActiveLearner(LogisticRegression()).fit(X[::5], y[::5])
    spy = _ThreadSpy(learner)
    direct = uncertainty_utility(spy, X, measure)
    assert spy.seen == [_blas_threads()]  # one call, thread counts untouched
    chunked = uncertainty_utility(learner, X, measure, chunk_size=7)
    assert direct.dtype == chunked.dtype == np.float64
    assert_array_equal(direct, chunked)
    strategy = {"least_confident": uncertainty_sampling, "margin": margin_sampling,
                "entropy": entropy_sampling}[measure]
    for n in (1, 10, 150):
        positions, scores = strategy(learner, X, n, random_state=0)
        assert_array_equal(scores, chunked)
        assert_array_equal(positions, select_top_k(chunked, n, random_state=0))


def test_large_single_chunk_pool_is_still_scored_with_one_blas_thread():
    # 40,000 rows x 10 features x 3 classes is above the small-product bound.
    from skactive.strategies._uncertainty import _SMALL_PRODUCT

    rng = np.random.RandomState(0)
    X = rng.standard_normal((40_000, 10))
    assert X.shape[0] * X.shape[1] * 3 > _SMALL_PRODUCT
    y = np.arange(60) % 3
    learner = ActiveLearner(LogisticRegression()).fit(X[:60], y)
    spy = _ThreadSpy(learner)
    scores = uncertainty_utility(spy, X, "margin")
    assert len(spy.seen) == 1 and set(spy.seen[0]) == {1}
    assert_array_equal(scores, uncertainty_utility(learner, X, "margin", chunk_size=999))
