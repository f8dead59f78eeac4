"""Nothing lost on failure, persistence across processes, numerical edge cases."""

import copy
import pickle
import subprocess
import sys
import textwrap
import tracemalloc

import joblib
import numpy as np
import pytest
import scipy.sparse as sp
from numpy.testing import assert_array_equal
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.tree import DecisionTreeClassifier

from skactive import ActiveLearner, QueryByCommittee
from skactive.strategies import (
    AdaptiveStrategy,
    CoreSet,
    entropy,
    kl_divergence,
    least_confident,
    margin,
    margin_sampling,
    random_sampling,
    vote_entropy_sampling,
)

X, Y = load_iris(return_X_y=True)
SEED = np.arange(0, 150, 6)


class BreaksOnBigData(LogisticRegression):
    """An estimator whose ``fit`` throws once it sees more than ``limit`` rows."""

    def __init__(self, limit=30, max_iter=1000):
        super().__init__(max_iter=max_iter)
        self.limit = limit

    def fit(self, X, y):
        if len(y) > self.limit:
            raise RuntimeError("estimator fit failed")
        return super().fit(X, y)


def learners():
    """Every learner kind, in interactive mode, with a stateful strategy."""
    adaptive = AdaptiveStrategy([margin_sampling, CoreSet()], budget=30)
    return {
        "active": ActiveLearner(BreaksOnBigData(), adaptive, random_state=0),
        "committee": QueryByCommittee(
            [BreaksOnBigData(), DecisionTreeClassifier(max_depth=3)],
            vote_entropy_sampling, bootstrap=True, random_state=0,
        ),
    }


def state(learner):
    return copy.deepcopy({
        key: value for key, value in vars(learner).items()
        if key.endswith("_") and not key.startswith("__")
    }) | {"strategy": pickle.dumps(learner.query_strategy_)}


def assert_same_state(before, after):
    assert before.keys() == after.keys()
    assert before["strategy"] == after["strategy"]
    assert_array_equal(before["X_labeled_"], after["X_labeled_"])
    assert_array_equal(before["y_labeled_"], after["y_labeled_"])


BAD_TEACHES = {
    "mismatched lengths": (X[:3], Y[:2]),
    "wrong width": (X[:2, :3], Y[:2]),
    "NaN the estimator rejects": (np.full((2, 4), np.nan), Y[:2]),
    "estimator fit throws": (X[:20], Y[:20]),
}


@pytest.mark.parametrize("kind", ["active", "committee"])
@pytest.mark.parametrize("bad", list(BAD_TEACHES))
def test_failed_teach_changes_nothing(kind, bad):
    learner = learners()[kind].fit(X[SEED], Y[SEED])
    positions = learner.query(X, 3)
    learner.teach(X[positions], Y[positions])
    learner.query(X, 2)  # leaves pending strategy state behind
    before = state(learner)
    estimators = learner.__dict__.get("estimator_", learner.__dict__.get("estimators_"))
    with pytest.raises((ValueError, TypeError, RuntimeError)):
        learner.teach(*BAD_TEACHES[bad])
    assert_same_state(before, state(learner))
    assert learner.__dict__.get("estimator_", learner.__dict__.get("estimators_")) is estimators


@pytest.mark.parametrize("kind", ["active", "committee"])
def test_failed_fit_changes_nothing(kind):
    learner = learners()[kind].fit(X[SEED], Y[SEED])
    before = state(learner)
    with pytest.raises(ValueError):
        learner.fit(np.full((10, 4), np.nan), Y[:10])
    with pytest.raises(RuntimeError, match="estimator fit failed"):
        learner.fit(X, Y)
    assert_same_state(before, state(learner))


@pytest.mark.parametrize("kind", ["active", "committee"])
def test_failed_simulation_changes_nothing(kind):
    learner = learners()[kind].fit(X[SEED], Y[SEED])
    before = state(learner)
    # The run breaks once more than 30 labels are known.
    learner.set_params(budget=60, n_initial=10, batch_size=10)
    with pytest.raises(RuntimeError, match="estimator fit failed"):
        learner.fit(X, Y)
    assert_same_state(before, state(learner))


PERSISTENCE_SCRIPT = textwrap.dedent("""
    import sys, pickle, joblib
    import numpy as np
    from sklearn.datasets import load_iris
    X, _ = load_iris(return_X_y=True)
    path, how = sys.argv[1], sys.argv[2]
    learner = joblib.load(path) if how == "joblib" else pickle.load(open(path, "rb"))
    print(len(learner.y_labeled_), *learner.query(X, 5))
""")


@pytest.mark.parametrize("how", ["pickle", "joblib"])
@pytest.mark.parametrize("strategy", [random_sampling, margin_sampling])
def test_learner_saved_mid_loop_continues_identically_in_a_new_process(
    tmp_path, how, strategy
):
    learner = ActiveLearner(LogisticRegression(max_iter=1000), strategy, random_state=3)
    learner.fit(X[SEED], Y[SEED])
    positions = learner.query(X, 4)
    learner.teach(X[positions], Y[positions])
    path = tmp_path / "learner.bin"
    if how == "joblib":
        joblib.dump(learner, path)
    else:
        path.write_bytes(pickle.dumps(learner))
    result = subprocess.run(
        [sys.executable, "-c", PERSISTENCE_SCRIPT, str(path), how],
        capture_output=True, text=True, check=True,
    )
    expected = [len(SEED) + 4, *learner.query(X, 5)]
    assert [int(value) for value in result.stdout.split()] == expected


# -- numerical edge cases ------------------------------------------------------


def test_measures_on_exact_zeros_and_ones_have_no_nan():
    proba = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.5, 0.5, 0.0]])
    for measure in (least_confident, margin, entropy):
        assert np.all(np.isfinite(measure(proba)))
    members = np.array([[[1.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [1.0, 0.0]]])
    assert_array_equal(np.isfinite(kl_divergence(members)), [True, True])
    assert kl_divergence(members)[0] > 0 and kl_divergence(members)[1] == 0


def test_one_class_seed_set_fits_and_explores_until_a_second_class():
    # Was the estimator's "at least 2 classes" error (issue 12 item 18).
    learner = ActiveLearner(LogisticRegression(), margin_sampling, random_state=0)
    learner.fit(X[:10], Y[:10])
    with pytest.warns(UserWarning, match="random_sampling instead of margin_sampling"):
        learner.query(X, 3)
    learner.teach(X[[60]], Y[[60]])
    assert learner.estimator_.coef_.shape == (1, 4)  # the real model now


def test_one_class_seed_set_with_a_model_free_first_batch():
    # Documented cold start: a model-free strategy needs no classes at all.
    learner = ActiveLearner(LogisticRegression(), CoreSet(), random_state=0)
    positions = learner.query(X, 10)
    assert len(set(positions)) == 10


def test_float32_pool():
    learner = ActiveLearner(LogisticRegression(max_iter=1000), margin_sampling)
    learner.fit(X[SEED].astype(np.float32), Y[SEED])
    positions, scores = learner.query(X.astype(np.float32), 5, return_scores=True)
    assert np.all(np.isfinite(scores)) and len(set(positions)) == 5


@pytest.mark.parametrize("strategy", [margin_sampling, CoreSet()])
def test_very_wide_sparse_pool_stays_sparse(strategy):
    n_features = 500_000
    pool = sp.random(300, n_features, density=2e-5, format="csr", random_state=0)
    labels = np.arange(300) % 3
    learner = ActiveLearner(LogisticRegression(), strategy, random_state=0)
    learner.fit(pool[:60], labels[:60])
    tracemalloc.start()
    positions = learner.query(pool[60:], 10)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(set(positions)) == 10
    # A dense copy of the pool would take 240 * 500,000 * 8 bytes = 960 MB.
    assert peak < 64 * 2**20, f"peak {peak / 2**20:.0f} MiB: the pool was densified"
