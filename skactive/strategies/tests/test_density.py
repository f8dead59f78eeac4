import numpy as np
import pytest
import scipy.sparse as sp
from numpy.testing import assert_allclose, assert_array_equal
from sklearn import config_context
from sklearn.base import clone
from sklearn.datasets import load_iris, make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics.pairwise import pairwise_kernels
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skactive import ActiveLearner
from skactive.strategies import (
    BaseQueryStrategy,
    DensityWeighted,
    entropy_sampling,
    margin_sampling,
)
from skactive.strategies import _density

X_iris, y_iris = load_iris(return_X_y=True)
POOL3 = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 3.0]])


class Fixed(BaseQueryStrategy):
    """A base strategy with given utilities."""

    def __init__(self, values=None):
        self.values = values

    def utility(self, learner, X_pool):
        return np.asarray(self.values, dtype=float)


def test_three_point_pool_equals_direct_computation():
    # rbf, gamma=0.5: k(a, b) = exp(-0.5 ||a - b||^2); distances^2 are 1, 9, 10.
    e1, e9, e10 = np.exp(-0.5), np.exp(-4.5), np.exp(-5.0)
    expected = np.array([1 + e1 + e9, 1 + e1 + e10, 1 + e9 + e10]) / 3
    density = DensityWeighted(gamma=0.5).density(None, POOL3)
    assert_allclose(density, expected, rtol=1e-6)
    # cosine: rows 0 has norm 0 (similarity 0); rows 1 and 2 are orthogonal.
    assert_allclose(
        DensityWeighted(metric="cosine").density(None, POOL3), [0, 1 / 3, 1 / 3]
    )
    # linear: <x_i, sum_j x_j> / 3 with sum_j x_j = (1, 3).
    assert_allclose(
        DensityWeighted(metric="linear").density(None, POOL3), [0, 1 / 3, 3.0]
    )


@pytest.mark.parametrize(
    "metric, params",
    [
        ("rbf", {"gamma": 0.25}),  # factorised float32 tiles
        ("rbf", {"gamma": 40.0}),  # large exponents: distance-form tiles
        ("laplacian", {"gamma": 0.3}),
        ("poly", {"degree": 2, "coef0": 1.0}),
        ("cosine", {}),
        ("linear", {}),
    ],
)
def test_tiled_density_equals_mean_of_full_kernel(metric, params):
    X = np.random.RandomState(0).normal(size=(301, 4))
    expected = pairwise_kernels(X, metric=metric, **params).mean(axis=1)
    with config_context(working_memory=0.01):  # tiles of 36 rows: many tiles
        density = DensityWeighted(metric=metric, **params).density(None, X)
    assert_allclose(density, expected, rtol=2e-5)


def test_default_rbf_bandwidth_is_the_median_heuristic():
    # Squared distances 1, 4, 5: the median 4 gives gamma = 1/4.
    pool = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 2.0]])
    expected = pairwise_kernels(pool, metric="rbf", gamma=0.25).mean(axis=1)
    assert_allclose(DensityWeighted().density(None, pool), expected, rtol=1e-6)
    assert_allclose(DensityWeighted(gamma=None).density(None, pool), expected, rtol=1e-6)
    # Scaling the features by 100 leaves the median-bandwidth density unchanged,
    # where a fixed gamma would make every row its own island.
    assert_allclose(DensityWeighted().density(None, 100 * pool), expected, rtol=1e-6)


def test_sparse_pool_equals_dense_pool():
    X = sp.random(120, 30, density=0.2, format="csr", random_state=0)
    for metric in ("rbf", "cosine", "laplacian"):
        dense = DensityWeighted(metric=metric).density(None, X.toarray())
        assert_allclose(
            DensityWeighted(metric=metric).density(None, X), dense, rtol=1e-5
        )


def test_never_builds_a_pool_by_pool_matrix(monkeypatch):
    calls = []
    real = _density.pairwise_kernels

    def spy(X, Y=None, **kwargs):
        calls.append((X.shape[0], Y.shape[0]))
        return real(X, Y, **kwargs)

    monkeypatch.setattr(_density, "pairwise_kernels", spy)
    X = np.random.RandomState(0).normal(size=(500, 3))
    with config_context(working_memory=0.05):
        DensityWeighted(metric="laplacian").density(None, X)
    assert max(a * b for a, b in calls) < 500 * 500 / 4
    # Symmetry: each pair of tiles once.
    n_tiles = -(-500 // calls[0][0])
    assert len(calls) == n_tiles * (n_tiles + 1) // 2


@pytest.mark.parametrize(
    "settings, min_corr, mean_error",
    [
        ({"approximation": "nystroem", "n_components": 200}, 0.999, 0.01),
        ({"n_reference": 200}, 0.95, 0.1),
    ],
)
def test_approximations_are_close_and_seeded(settings, min_corr, mean_error):
    X, _ = make_classification(2000, 10, random_state=0)
    exact = DensityWeighted().density(None, X)
    strategy = DensityWeighted(**settings, random_state=0)
    approx = strategy.density(None, X)
    assert np.corrcoef(exact, approx)[0, 1] > min_corr
    assert np.mean(np.abs(approx - exact) / exact) < mean_error
    assert_array_equal(approx, clone(strategy).density(None, X))
    other_seed = clone(strategy).set_params(random_state=1).density(None, X)
    assert not np.array_equal(approx, other_seed)


def test_cached_for_the_same_pool_and_updated_when_taught_rows_leave(monkeypatch):
    X, y = make_classification(300, 5, random_state=0)
    learner = ActiveLearner(LogisticRegression(), DensityWeighted(), random_state=0)
    learner.fit(X[:20], y[:20])
    pool, pool_y = X[20:], y[20:]
    first = learner.query(pool, 5)
    expected = DensityWeighted().density(None, pool)
    assert_allclose(
        learner.query_strategy_._density_cache["sums"] / len(pool), expected
    )

    def fail(*args):
        raise AssertionError("density recomputed")

    monkeypatch.setattr(_density, "_pool_row_sums", fail)
    learner.query(pool, 5)  # same pool: from the cache
    learner.teach(pool[first], pool_y[first])
    pool, pool_y = np.delete(pool, first, axis=0), np.delete(pool_y, first)
    strategy = learner.query_strategy_
    learner.query(pool, 5)  # rows removed: updated, not recomputed
    monkeypatch.undo()
    # Updated sums keep the bandwidth the median heuristic chose for the
    # first pool (a fresh strategy would measure the smaller pool again).
    gamma = strategy._density_cache["kernel_params"]["gamma"]
    assert gamma == pytest.approx(_density._median_gamma(X[20:]))
    assert_allclose(
        strategy.density(None, pool), DensityWeighted(gamma=gamma).density(None, pool),
        rtol=1e-6,
    )
    # A pool that is not the old one minus taught rows is recomputed.
    other = pool[::-1][:100] + 1.0
    assert_allclose(
        strategy.density(None, other), DensityWeighted().density(None, other)
    )


def test_removed_rows_that_were_not_taught_force_a_recomputation():
    X = np.random.RandomState(1).normal(size=(50, 3))
    strategy = DensityWeighted()
    strategy.density(None, X)
    assert_allclose(
        strategy.density(None, X[5:]), DensityWeighted().density(None, X[5:])
    )


def test_clone_drops_the_cache_and_keeps_kernel_params():
    strategy = DensityWeighted(Fixed([1.0, 2.0, 3.0]), beta=2.0, gamma=0.25)
    strategy.density(None, POOL3)
    copy = clone(strategy)
    assert not hasattr(copy, "_density_cache")
    assert copy.get_params()["gamma"] == 0.25 and copy.beta == 2.0
    copy.set_params(gamma=0.5, base__values=[3.0, 2.0, 1.0])  # kernel and nested
    assert strategy.base.values == [1.0, 2.0, 3.0]
    assert_allclose(
        copy.density(None, POOL3), DensityWeighted(gamma=0.5).density(None, POOL3)
    )


def test_pipeline_density_uses_final_step_features():
    learner = ActiveLearner(make_pipeline(StandardScaler(), LogisticRegression()))
    learner.fit(X_iris[::5] * 100, y_iris[::5])
    scaled = learner.estimator_[0].transform(X_iris * 100)
    assert_allclose(
        DensityWeighted().density(learner, X_iris * 100),
        DensityWeighted().density(None, scaled),
    )


def test_density_breaks_ties_towards_the_dense_region():
    # A cluster around 0.1 and two outliers placed symmetrically about it.
    pool = np.array([[0.0], [0.1], [0.2], [5.1], [-4.9]])
    # Equal base utilities: the outliers must lose to the cluster centre.
    positions, scores = DensityWeighted(Fixed([1.0] * 5))(None, pool, 1)
    assert positions[0] == 1
    # Negative base utilities (negated margins): still the denser row wins.
    positions, scores = DensityWeighted(Fixed([-0.5] * 5))(None, pool, 1)
    assert positions[0] == 1 and np.all(scores < 0)
    # beta=0 is the base strategy.
    assert_array_equal(
        DensityWeighted(Fixed([3, 1, 2, 0, 4]), beta=0).utility(None, pool), [3, 1, 2, 0, 4]
    )


def test_outlier_loses_against_entropy_sampling():
    # Labels symmetric in the second feature: the boundary is x = 0, and the
    # outlier at (0, 8) sits on it, far from every other pool row.
    labeled = np.array([[-2.0, -1.0], [-2.0, 1.0], [2.0, -1.0], [2.0, 1.0]])
    learner = ActiveLearner(LogisticRegression()).fit(labeled, [0, 0, 1, 1])
    rng = np.random.RandomState(0)
    cluster = np.column_stack(
        [rng.choice([-1, 1], 30) * rng.uniform(0.2, 0.4, 30), rng.normal(0, 0.3, 30)]
    )
    pool = np.vstack([cluster, [[0.0, 8.0]]])
    assert entropy_sampling(learner, pool, 1, random_state=0)[0][0] == 30
    assert DensityWeighted(entropy_sampling)(learner, pool, 1)[0][0] != 30


def test_precomputed_similarity():
    similarity = sp.csr_matrix(
        np.array([[1.0, 0.5, 0.0], [0.5, 1.0, 0.0], [0.0, 0.0, 1.0]])
    )
    strategy = DensityWeighted(Fixed([1.0, 1.0, 1.0]), metric=similarity)
    assert_allclose(strategy.density(None, POOL3), [0.5, 0.5, 1 / 3])
    with pytest.raises(ValueError, match="rows of the current pool"):
        strategy.density(None, POOL3[:2])


def test_clear_errors():
    with pytest.raises(ValueError, match="not a kernel"):
        DensityWeighted(metric="euclidean").density(None, POOL3)
    with pytest.raises(ValueError, match="approximation must be one of"):
        DensityWeighted(approximation="fast").density(None, POOL3)
    signed = np.array([[1.0], [-2.0], [-3.0]])
    with pytest.raises(ValueError, match="needs a positive similarity"):
        DensityWeighted(Fixed([1, 1, 1]), metric="linear")(None, signed, 1)


def test_n_reference_settings_are_checked():
    X, _ = make_classification(50, 4, random_state=0)
    with pytest.raises(ValueError, match="either approximation='nystroem' or n_reference"):
        DensityWeighted(approximation="nystroem", n_reference=10).density(None, X)
    with pytest.raises(ValueError, match="n_reference must be a positive integer"):
        DensityWeighted(n_reference=0).density(None, X)


def test_rbf_row_sums_do_not_depend_on_the_number_of_threads():
    X = np.random.RandomState(0).normal(size=(301, 4))
    expected = pairwise_kernels(X, metric="rbf", gamma=0.25).sum(axis=1)
    with config_context(working_memory=0.01):  # tiles of 36 rows: 9 rows of tiles
        one = _density._rbf_row_sums(X, 0.25, n_threads=1)
        three = _density._rbf_row_sums(X, 0.25, n_threads=3)
    assert_array_equal(one, three)  # summed in the same order
    assert_allclose(one, expected, rtol=2e-5)


@pytest.mark.parametrize("approximation", ["auto", None])
def test_default_is_exact_up_to_the_stated_size_then_nystroem(
    monkeypatch, approximation
):
    # The size the docstring states is the size the switch happens at.
    assert f"{_density.AUTO_EXACT_ROWS:,} rows" in DensityWeighted.__doc__
    used = []

    def spy(name):
        return lambda X, *args: used.append(name) or np.ones(len(X))

    monkeypatch.setattr(_density, "_pool_row_sums", spy("exact"))
    monkeypatch.setattr(_density, "_nystroem_row_sums", spy("nystroem"))
    n = _density.AUTO_EXACT_ROWS
    X = np.random.RandomState(0).normal(size=(n + 1, 2))
    strategy = DensityWeighted(approximation=approximation, gamma=1.0, random_state=0)
    strategy.density(None, X[:n])
    strategy.density(None, X)
    expected = ["exact", "nystroem"] if approximation == "auto" else ["exact", "exact"]
    assert used == expected


def test_auto_density_equals_the_exact_or_the_nystroem_one(monkeypatch):
    monkeypatch.setattr(_density, "AUTO_EXACT_ROWS", 100)
    X, _ = make_classification(101, 4, random_state=0)
    auto = DensityWeighted(random_state=0)
    assert_array_equal(auto.density(None, X[:100]),
                       DensityWeighted(approximation=None).density(None, X[:100]))
    assert_array_equal(
        auto.density(None, X),
        DensityWeighted(approximation="nystroem", random_state=0).density(None, X),
    )
    # With reference rows the default approximation does not get in the way.
    assert_array_equal(DensityWeighted(n_reference=10, random_state=0).density(None, X),
                       DensityWeighted(n_reference=10, approximation=None,
                                       random_state=0).density(None, X))
