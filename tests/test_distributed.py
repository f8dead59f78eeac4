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
