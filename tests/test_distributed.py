"""A committee fitted and queried on a real Dask cluster gives the same answers."""

import joblib
import numpy as np
import pytest
from numpy.testing import assert_array_equal
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.tree import DecisionTreeClassifier

from skactive import QueryByCommittee
from skactive.strategies import kl_divergence_sampling

distributed = pytest.importorskip("distributed")


@pytest.mark.slow
def test_fit_and_query_on_local_dask_cluster_match_local_run():
    X, y = make_classification(n_samples=600, n_features=10, n_classes=3,
                               n_informative=5, random_state=0)
    seed, pool = np.arange(40), X[40:]

    def run():
        qbc = QueryByCommittee(
            [LogisticRegression(), DecisionTreeClassifier(max_depth=4)] * 2,
            kl_divergence_sampling, bootstrap=True, n_jobs=2, random_state=0,
        ).fit(X[seed], y[seed])
        return qbc.query(pool, 10, return_scores=True), qbc.predict_proba(pool)

    (expected_positions, expected_scores), expected_proba = run()
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True,
        host="127.0.0.1", dashboard_address=None,
    ) as cluster, distributed.Client(cluster) as client:
        with joblib.parallel_backend("dask"), distributed.get_task_stream(client) as stream:
            (positions, scores), proba = run()
        # The member fits and predictions really ran on the cluster's workers.
        assert len({task["worker"] for task in stream.data}) >= 1
        assert len(stream.data) >= 4
    assert_array_equal(positions, expected_positions)
    assert_array_equal(scores, expected_scores)
    assert_array_equal(proba, expected_proba)


# -- pools that live on the cluster (issue 20) --------------------------------

import pickle  # noqa: E402
import tracemalloc  # noqa: E402

from sklearn.base import clone  # noqa: E402

from skactive import ActiveLearner  # noqa: E402
from skactive.strategies import (  # noqa: E402
    CoreSet,
    ExpectedModelChange,
    margin_sampling,
    random_sampling,
)

da = pytest.importorskip("dask.array")

N_FEATURES = 8
_PICKLES = {"count": 0}


class CountingLR(LogisticRegression):
    """Counts how often the client serialises the model."""

    def __reduce_ex__(self, protocol):
        _PICKLES["count"] += 1
        return super().__reduce_ex__(protocol)


def _seed_learner(strategy, estimator=None):
    rng = np.random.RandomState(0)
    X = rng.standard_normal((80, N_FEATURES))
    y = (X[:, 0] > 0).astype(int) + (X[:, 1] > 0.5)
    estimator = LogisticRegression() if estimator is None else estimator
    return ActiveLearner(estimator, strategy, random_state=0).fit(X, y)


def _pool(n_rows, chunk_rows, seed=1):
    return da.random.RandomState(seed).standard_normal(
        (n_rows, N_FEATURES), chunks=(chunk_rows, N_FEATURES)
    )


@pytest.fixture(scope="module")
def client():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
        dashboard_address=None, memory_limit="1GiB",
    ) as cluster, distributed.Client(cluster) as client:
        yield client


@pytest.mark.slow
@pytest.mark.parametrize(
    "strategy", [margin_sampling, ExpectedModelChange(feature_norm="full")],
    ids=["margin", "emc"]
)
def test_dask_pool_gives_the_in_memory_positions(client, strategy):
    X_pool = _pool(30_000, 4_000)
    positions = _seed_learner(strategy).query(X_pool, 12)
    expected = _seed_learner(strategy).query(X_pool.compute(), 12)
    assert_array_equal(positions, expected)
    assert positions.dtype.kind == "i"


@pytest.mark.slow
def test_committee_on_a_dask_pool(client):
    X_pool = _pool(9_000, 2_000)
    qbc = QueryByCommittee(
        [LogisticRegression(C=c) for c in (0.01, 0.1, 1.0)], kl_divergence_sampling,
        random_state=0,
    )
    seed = _seed_learner(margin_sampling)
    fitted = clone(qbc).fit(seed.X_labeled_, seed.y_labeled_)
    expected = clone(qbc).fit(seed.X_labeled_, seed.y_labeled_).query(
        X_pool.compute(), 5
    )
    assert_array_equal(fitted.query(X_pool, 5), expected)


@pytest.mark.slow
def test_dataframe_pool(client):
    dd = pytest.importorskip("dask.dataframe", reason="dask.dataframe needs pyarrow")
    X_pool = _pool(9_000, 2_000)
    frame = dd.from_dask_array(X_pool)
    assert_array_equal(_seed_learner(margin_sampling).query(frame, 5),
                       _seed_learner(margin_sampling).query(X_pool.compute(), 5))


@pytest.mark.slow
def test_pool_larger_than_the_client_may_hold_stays_on_the_workers(client):
    # 1,000,000 x 8 float64 = 61 MiB generated on the workers; the client may
    # allocate a tenth of that at most.
    X_pool = _pool(1_000_000, 62_500)
    learner = _seed_learner(margin_sampling, CountingLR())
    _PICKLES["count"] = 0
    tracemalloc.start()
    try:
        positions = learner.query(X_pool, 20)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < X_pool.nbytes / 10, f"client peak {peak / 2**20:.1f} MiB"
    assert positions.shape == (20,) and np.unique(positions).shape == (20,)
    assert 0 <= positions.min() and positions.max() < 1_000_000
    # The model enters the graph once: serialising the query of a pool of
    # 16 blocks costs as many pickles of it as that of a pool of 2 blocks.
    per_query = _PICKLES["count"]
    _PICKLES["count"] = 0
    learner.query(_pool(1_000, 500), 20)
    assert per_query == _PICKLES["count"] <= 4
    # The chosen rows are the least confident of the whole pool.
    chosen = X_pool[np.sort(positions)].compute()
    margins = np.sort(learner.predict_proba(chosen), axis=1)
    worst_kept = (margins[:, -2] - margins[:, -1]).min()
    everywhere = X_pool.map_blocks(
        lambda b: np.sort(learner.predict_proba(b), axis=1)[:, -2:]
        @ np.array([1.0, -1.0])[:, None], chunks=(X_pool.chunks[0], (1,)), dtype=float,
    )
    assert (everywhere > worst_kept).sum().compute() <= 20


def test_random_sampling_on_a_dask_pool_is_reproducible_and_batch_strategies_refuse():
    X_pool = _pool(5_000, 1_000)
    first = _seed_learner(random_sampling).query(X_pool, 6)
    assert_array_equal(first, _seed_learner(random_sampling).query(X_pool, 6))
    assert np.unique(first).shape == (6,) and first.max() < 5_000
    with pytest.raises(TypeError, match="CoreSet cannot query a Dask pool"):
        _seed_learner(CoreSet()).query(X_pool, 3)
    with pytest.raises(ValueError, match="between 1 and the number of rows"):
        _seed_learner(margin_sampling).query(_pool(4, 2), 5)
    positions, scores = _seed_learner(margin_sampling).query(X_pool, 3, return_scores=True)
    assert isinstance(scores, da.Array) and scores.shape == (5_000,)
    assert_array_equal(positions, np.argsort(-scores.compute(), kind="stable")[:3])
