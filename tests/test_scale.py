"""Large pools do not crash and never need a second copy of the pool."""

import tracemalloc

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from skactive import ActiveLearner
from skactive.strategies import CoreSet, DensityWeighted, margin_sampling

N_POOL, N_FEATURES = 2_000_000, 20


@pytest.fixture(scope="module")
def pool():
    return np.random.default_rng(0).standard_normal((N_POOL, N_FEATURES), dtype=np.float32)


@pytest.mark.slow
@pytest.mark.parametrize(
    "strategy", [margin_sampling, DensityWeighted(n_reference=200), CoreSet()],
    ids=["margin", "density-n_reference", "coreset"],
)
def test_two_million_row_float32_pool(pool, strategy):
    rng = np.random.default_rng(1)
    X_seed = rng.standard_normal((300, N_FEATURES), dtype=np.float32)
    y_seed = (X_seed[:, 0] > 0).astype(int) + (X_seed[:, 1] > 0.5)
    learner = ActiveLearner(LogisticRegression(), strategy, random_state=0)
    learner.fit(X_seed, y_seed)
    tracemalloc.start()
    try:
        positions = learner.query(pool, 100)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(set(positions)) == 100 and positions.max() < N_POOL
    # The bound: less extra memory than the pool itself (153 MiB) takes.
    assert peak < pool.nbytes, f"peak {peak / 2**20:.0f} MiB >= pool {pool.nbytes / 2**20:.0f} MiB"
