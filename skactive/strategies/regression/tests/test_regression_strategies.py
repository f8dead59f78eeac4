"""Regression strategies against hand computations on tiny examples."""

import numpy as np
import pytest
from sklearn.dummy import DummyRegressor
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import RBF, WhiteKernel
from sklearn.linear_model import BayesianRidge, LinearRegression, LogisticRegression, Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeRegressor

from skactive import ActiveLearner, ActiveRegressor, CommitteeRegressor
from skactive.strategies import (
    CoreSet,
    DiverseBatch,
    ExpectedModelChangeMaximization,
    ExpectedVarianceReduction,
    GreedySamplingX,
    GreedySamplingY,
    ImprovedGreedySampling,
    emcm,
    gp_variance_reduction,
    joint_distances,
    linear_variance_reduction,
    margin_sampling,
    member_std,
    output_distances,
    predictive_std,
    random_sampling,
    std_sampling,
)

X_LINE = np.array([[0.0], [1.0], [2.0]])


def _known_committee(strategy=std_sampling):
    """Members predicting exactly 2x and 0, whatever the labeled set."""
    committee = CommitteeRegressor(
        [("line", LinearRegression()),
         ("zero", DummyRegressor(strategy="constant", constant=0.0))],
        strategy,
    )
    return committee.fit(X_LINE, 2 * X_LINE.ravel())


def test_member_std_is_the_population_std():
    np.testing.assert_array_equal(member_std([[1.0, 3.0], [2.0, 2.0]]), [1.0, 0.0])
    with pytest.raises(ValueError, match="n_members"):
        member_std(np.ones(3))


def test_std_sampling_on_a_committee_of_known_members():
    committee = _known_committee()
    pool = np.array([[0.0], [1.0], [3.0]])
    # Members predict (0, 2, 6) and (0, 0, 0): std = |2x| / 2.
    positions, scores = std_sampling(committee, pool, 2, random_state=0)
    np.testing.assert_allclose(scores, [0.0, 1.0, 3.0], atol=1e-12)
    np.testing.assert_array_equal(positions, [2, 1])
    np.testing.assert_allclose(committee.predict(pool), [0.0, 1.0, 3.0], atol=1e-12)


def test_std_sampling_uses_the_estimators_own_std_through_a_pipeline():
    rng = np.random.RandomState(0)
    X, pool = rng.uniform(-3, 3, (15, 1)), np.linspace(-6, 6, 25).reshape(-1, 1)
    y = np.sin(X).ravel()
    for model in (GaussianProcessRegressor(), make_pipeline(StandardScaler(), BayesianRidge())):
        learner = ActiveRegressor(model, std_sampling).fit(X, y)
        expected = learner.estimator_.predict(pool, return_std=True)[1]
        np.testing.assert_allclose(predictive_std(learner, pool), expected)
        assert learner.query(pool, 1)[0] == np.argmax(expected)
    # The GP is least sure far from its data: an end of the range.
    gp = ActiveRegressor(GaussianProcessRegressor(), std_sampling).fit(X, y)
    assert gp.query(pool, 1)[0] in (0, 24)


def test_std_sampling_on_a_model_without_std_names_it():
    learner = ActiveRegressor(Ridge(), std_sampling).fit(X_LINE, [0.0, 1.0, 2.0])
    with pytest.raises(TypeError, match="Ridge does not"):
        learner.query(X_LINE)


def test_gsx_distances_and_batch_by_hand():
    learner = ActiveRegressor(Ridge(), GreedySamplingX())
    learner.fit(np.array([[0.0, 0.0]]), [1.0])
    pool = np.array([[3.0, 4.0], [1.0, 0.0], [0.0, 2.0]])
    positions, scores = learner.query(pool, 2, return_scores=True)
    np.testing.assert_allclose(scores, [5.0, 1.0, 2.0])
    # After [3, 4]: row 1 keeps 1, row 2 keeps min(2, sqrt(13)) = 2.
    np.testing.assert_array_equal(positions, [0, 2])


def test_gsx_cold_start_begins_at_the_centroid():
    pool = np.array([[0.0], [1.0], [2.0], [10.0]])
    positions, scores = GreedySamplingX()(None, pool, 3, random_state=0)
    # Centroid 3.25: row 2 first; then 10 (8 away), then 0 (2 away).
    np.testing.assert_array_equal(positions, [2, 3, 0])
    np.testing.assert_allclose(scores, [2.0, 1.0, 0.0, 8.0])
    # An unfitted regressor answers as well (cold start).
    learner = ActiveRegressor(Ridge(), GreedySamplingX())
    np.testing.assert_array_equal(learner.query(pool, 3), [2, 3, 0])


def test_greedy_distances_are_float64_on_float32_pools():
    rng = np.random.RandomState(0)
    pool = (1e4 + rng.uniform(0, 1e-2, (50, 3))).astype(np.float32)
    labeled = pool[:1]
    learner = ActiveRegressor(Ridge(), GreedySamplingX()).fit(labeled, [0.0])
    _, scores = learner.query(pool, 1, return_scores=True)
    exact = np.linalg.norm(pool.astype(np.float64) - labeled.astype(np.float64), axis=1)
    np.testing.assert_allclose(scores, exact, rtol=1e-9, atol=1e-12)


def test_gsy_by_hand():
    assert output_distances([0.0, 2.5, 10.0], [1.0, 3.0]).tolist() == [1.0, 0.5, 7.0]
    learner = ActiveRegressor(LinearRegression(), GreedySamplingY())
    learner.fit(np.array([[0.0], [1.0]]), [0.0, 1.0])  # f(x) = x
    pool = np.array([[0.5], [4.0], [-1.0]])
    positions, scores = learner.query(pool, 2, return_scores=True)
    np.testing.assert_allclose(scores, [0.5, 3.0, 1.0])
    # After 4 joins with output 4: row 0 keeps 0.5, row 2 keeps 1.
    np.testing.assert_array_equal(positions, [1, 2])


def test_igs_by_hand():
    X, X_labeled = np.array([[0.0], [3.0]]), np.array([[1.0], [2.0]])
    # min(1*2, 2*4) and min(2*1, 1*1)
    np.testing.assert_allclose(joint_distances(X, [0.0, 3.0], X_labeled, [2.0, 4.0]), [2, 1])
    learner = ActiveRegressor(LinearRegression(), ImprovedGreedySampling())
    learner.fit(np.array([[0.0], [1.0]]), [0.0, 1.0])
    pool = np.array([[0.5], [4.0], [-1.0], [-1.5]])
    positions, scores = learner.query(pool, 2, return_scores=True)
    # d_x * d_y with f(x) = x: 0.5*0.5, 3*3, 1*1, 1.5*1.5
    np.testing.assert_allclose(scores, [0.25, 9.0, 1.0, 2.25])
    # After 4 joins: -1.5 still at 2.25 (5.5 * 5.5 from 4).
    np.testing.assert_array_equal(positions, [1, 3])


def test_emcm_on_a_known_linear_committee():
    assert emcm(np.array([[3.0, 4.0]]), [1.0], [[0.0, 3.0]], fit_intercept=False) == 7.5
    committee = _known_committee(ExpectedModelChangeMaximization())
    pool = np.array([[0.0], [1.0], [3.0]])
    # Mean f = x, members 2x and 0: |f - f_k| = |x|; gradient norm ||[x, 1]||.
    positions, scores = committee.query(pool, 1, return_scores=True)
    np.testing.assert_allclose(scores, [0.0, np.sqrt(2.0), 3 * np.sqrt(10.0)], atol=1e-12)
    assert positions[0] == 2


def test_emcm_with_bootstraps_of_a_single_linear_model():
    X = np.arange(10.0)[:, None]
    # Noise-free line: every bootstrap fit is the same line, nothing would change.
    # (Ten rows and a seed: a bootstrap of one distinct row would fit no line.)
    learner = ActiveRegressor(LinearRegression(),
                              ExpectedModelChangeMaximization(random_state=0))
    learner.fit(X, 1.0 + 2.0 * X.ravel())
    np.testing.assert_allclose(learner.query(X, 1, return_scores=True)[1], 0, atol=1e-9)
    # With noise, rows far out gain the most (the gradient grows with ||x||).
    rng = np.random.RandomState(0)
    X = rng.uniform(-1, 1, (20, 1))
    learner.fit(X, X.ravel() + rng.normal(0, 0.3, 20))
    scores = learner.query(np.array([[0.0], [10.0]]), 1, return_scores=True)[1]
    assert scores[1] > scores[0] > 0
    with pytest.raises(ValueError, match="n_bootstrap"):
        ExpectedModelChangeMaximization(n_bootstrap=0).utility(learner, X)


def test_linear_variance_reduction_against_an_explicit_inverse():
    rng = np.random.RandomState(0)
    X, pool = rng.normal(size=(12, 3)), rng.normal(size=(7, 3))
    y = X @ [1.0, -2.0, 0.5] + rng.normal(0, 0.5, 12)
    learner = ActiveRegressor(Ridge(alpha=2.0), ExpectedVarianceReduction(n_reference=None))
    learner.fit(X, y)
    scores = learner.query(pool, 1, return_scores=True)[1]
    Z, R = np.hstack([X, np.ones((12, 1))]), np.hstack([pool, np.ones((7, 1))])
    A = Z.T @ Z + np.diag([2.0, 2.0, 2.0, 0.0])
    noise = np.mean((y - learner.predict(X)) ** 2)
    before = np.einsum("ij,jk,ik->i", R, np.linalg.inv(A), R)
    expected = [
        noise * np.mean(before - np.einsum(
            "ij,jk,ik->i", R, np.linalg.inv(A + np.outer(z, z)), R))
        for z in R
    ]
    np.testing.assert_allclose(scores, expected, rtol=1e-10)
    one = linear_variance_reduction(np.array([[1.0], [0.0]]), np.array([[1.0]]), np.eye(1))
    np.testing.assert_allclose(one, [0.5, 0.0])


def test_gp_variance_reduction_against_a_refit():
    rng = np.random.RandomState(0)
    X, pool = rng.uniform(0, 5, (8, 1)), np.linspace(-1, 6, 9).reshape(-1, 1)
    kernel = RBF(1.0) + WhiteKernel(0.05)
    gp = GaussianProcessRegressor(kernel, alpha=1e-3, optimizer=None)
    learner = ActiveRegressor(gp, ExpectedVarianceReduction(n_reference=None))
    learner.fit(X, np.sin(X).ravel())
    scores = learner.query(pool, 1, return_scores=True)[1]
    before = learner.estimator_.predict(pool, return_std=True)[1] ** 2
    expected = []
    for x in pool:
        refit = GaussianProcessRegressor(kernel, alpha=1e-3, optimizer=None)
        refit.fit(np.vstack([X, x]), np.zeros(9))  # variance does not depend on y
        after = refit.predict(pool, return_std=True)[1] ** 2
        expected.append(np.mean(before - after))
    np.testing.assert_allclose(scores, expected, rtol=1e-6, atol=1e-12)
    np.testing.assert_allclose(
        gp_variance_reduction(learner.estimator_, pool, pool), expected, rtol=1e-6, atol=1e-12
    )


def test_variance_reduction_refuses_other_models():
    learner = ActiveRegressor(DecisionTreeRegressor(), ExpectedVarianceReduction())
    learner.fit(X_LINE, [0.0, 1.0, 2.0])
    with pytest.raises(TypeError, match="DecisionTreeRegressor is neither"):
        learner.query(X_LINE)
    with pytest.raises(TypeError, match="CommitteeRegressor"):
        _known_committee(ExpectedVarianceReduction()).query(X_LINE)


@pytest.mark.parametrize(
    "strategy", [random_sampling, CoreSet(), DiverseBatch(base=None), GreedySamplingX()],
    ids=lambda s: getattr(s, "__name__", type(s).__name__),
)
def test_model_free_strategies_work_with_regressors(strategy):
    rng = np.random.RandomState(0)
    X, pool = rng.normal(size=(10, 2)), rng.normal(size=(30, 2))
    for learner in (
        ActiveRegressor(Ridge(), strategy, random_state=0),
        CommitteeRegressor([Ridge(), DecisionTreeRegressor()], strategy, random_state=0),
    ):
        cold = learner.query(pool, 4)  # before fit
        assert np.unique(cold).shape == (4,)
        learner.fit(X, X[:, 0])
        positions = learner.query(pool, 5)
        assert np.unique(positions).shape == (5,) and positions.max() < 30


def test_strategies_for_the_other_task_are_refused_naming_both():
    regressor = ActiveRegressor(Ridge(), margin_sampling).fit(X_LINE, [0.0, 1.0, 2.0])
    with pytest.raises(TypeError, match=r"margin_sampling is a strategy for "
                       r"classification, but this ActiveRegressor around Ridge has a "
                       r"regression task"):
        regressor.query(X_LINE)
    classifier = ActiveLearner(LogisticRegression(), std_sampling)
    classifier.fit(X_LINE, [0, 1, 1])
    with pytest.raises(TypeError, match=r"std_sampling is a strategy for regression, "
                       r"but this ActiveLearner around LogisticRegression has a "
                       r"classification task"):
        classifier.query(X_LINE)
    committee = CommitteeRegressor([Ridge(), DecisionTreeRegressor()], margin_sampling)
    with pytest.raises(TypeError, match="CommitteeRegressor of Ridge, DecisionTreeRegressor"):
        committee.fit(X_LINE, [0.0, 1.0, 2.0]).query(X_LINE)
