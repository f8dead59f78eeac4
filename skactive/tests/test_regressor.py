"""ActiveRegressor and CommitteeRegressor: the loop, containers, simulation, committees."""

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.datasets import make_regression
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.linear_model import BayesianRidge, LinearRegression, LogisticRegression, Ridge
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeRegressor

from skactive import ActiveRegressor, CommitteeRegressor
from skactive.metrics import make_aulc_scorer
from skactive.strategies import (
    GreedySamplingX,
    ImprovedGreedySampling,
    random_sampling,
    std_sampling,
)

X, Y = make_regression(n_samples=120, n_features=4, noise=5.0, random_state=0)


def test_fit_query_teach_predict_score():
    learner = ActiveRegressor(Ridge(), random_sampling, random_state=0)
    learner.fit(X[:10], Y[:10])
    positions = learner.query(X[10:], 5)
    learner.teach(X[10:][positions], Y[10:][positions])
    assert learner.X_labeled_.shape == (15, 4) and learner.y_labeled_.dtype == np.float64
    reference = Ridge().fit(learner.X_labeled_, learner.y_labeled_)
    np.testing.assert_allclose(learner.predict(X), reference.predict(X))
    assert learner.score(X, Y) == pytest.approx(reference.score(X, Y))


def test_default_strategy_is_greedy_sampling_on_inputs():
    learner = ActiveRegressor(Ridge()).fit(X[:10], Y[:10])
    assert isinstance(learner.query_strategy_, GreedySamplingX)


def test_return_std_passthrough_and_its_absence():
    gp = ActiveRegressor(GaussianProcessRegressor()).fit(X[:20], Y[:20])
    mean, std = gp.predict(X[20:25], return_std=True)
    expected = gp.estimator_.predict(X[20:25], return_std=True)
    np.testing.assert_allclose(mean, expected[0])
    np.testing.assert_allclose(std, expected[1])
    piped = ActiveRegressor(make_pipeline(StandardScaler(), BayesianRidge())).fit(X[:20], Y[:20])
    assert piped.predict(X[:3], return_std=True)[1].shape == (3,)
    ridge = ActiveRegressor(Ridge()).fit(X[:20], Y[:20])
    with pytest.raises(TypeError, match="ActiveRegressor's Ridge does not.*CommitteeRegressor"):
        ridge.predict(X[:3], return_std=True)


def test_targets_must_be_numeric_and_finite():
    with pytest.raises(ValueError, match="numeric targets"):
        ActiveRegressor(Ridge()).fit(X[:3], ["a", "b", "c"])
    np.testing.assert_array_equal(
        ActiveRegressor(Ridge()).fit(X[:3], ["1", "2", "3.5"]).y_labeled_, [1, 2, 3.5]
    )
    with pytest.raises(ValueError, match="NaN"):
        ActiveRegressor(Ridge()).fit(X[:3], [1.0, np.nan, 2.0])


def test_failed_teach_leaves_the_learner_as_it_was():
    learner = ActiveRegressor(Ridge(), random_sampling, random_state=0).fit(X[:10], Y[:10])
    before = {key: value for key, value in vars(learner).items()}
    coef = learner.estimator_.coef_.copy()
    for bad_X, bad_y in [(X[10:12], [1.0, np.inf]), (X[10:12], [1.0]),
                         (np.full((2, 4), np.nan), [1.0, 2.0])]:
        with pytest.raises(ValueError):
            learner.teach(bad_X, bad_y)
        assert vars(learner).keys() == before.keys()
        assert learner.X_labeled_ is before["X_labeled_"]
        np.testing.assert_array_equal(learner.estimator_.coef_, coef)


def test_containers_dataframe_sparse_list():
    frame = pd.DataFrame(X, columns=list("abcd"))
    learner = ActiveRegressor(Ridge(), ImprovedGreedySampling(), random_state=0)
    learner.fit(frame.iloc[:10], Y[:10])
    framed = learner.query(frame.iloc[10:], 4)
    dense = ActiveRegressor(Ridge(), ImprovedGreedySampling(), random_state=0)
    np.testing.assert_array_equal(framed, dense.fit(X[:10], Y[:10]).query(X[10:], 4))
    learner.teach(frame.iloc[10:].iloc[framed], Y[10:][framed])
    assert isinstance(learner.X_labeled_, pd.DataFrame)
    sparse = ActiveRegressor(Ridge(), ImprovedGreedySampling()).fit(sp.csr_matrix(X[:10]), Y[:10])
    assert sparse.query(sp.csr_matrix(X[10:]), 3).shape == (3,)


def test_simulation_seeds_are_plain_random_draws():
    # Targets with one odd value: a classification-style seed would swap a row
    # to cover "two classes"; a regression seed is the random draw itself.
    y = np.zeros(60)
    y[7] = 1.0
    learner = ActiveRegressor(Ridge(), random_sampling, random_state=3, budget=20,
                              n_initial=5, batch_size=5)
    learner.fit(X[:60], y)
    expected = np.random.RandomState(3).permutation(60)[:5]
    np.testing.assert_array_equal(learner.queried_indices_[:5], expected)
    assert learner.queried_indices_.shape == (20,)
    np.testing.assert_array_equal(learner.X_labeled_, X[:60][learner.queried_indices_])


def test_simulation_is_reproducible_and_grid_searchable():
    learner = ActiveRegressor(Ridge(), random_state=0, budget=30, n_initial=10, batch_size=10)
    first = clone(learner).fit(X, Y).queried_indices_
    np.testing.assert_array_equal(first, clone(learner).fit(X, Y).queried_indices_)
    search = GridSearchCV(
        learner,
        {"query_strategy": [random_sampling, GreedySamplingX(), ImprovedGreedySampling()]},
        scoring=make_aulc_scorer("r2", n_checkpoints=3),
        cv=3,
    ).fit(X, Y)
    assert np.all(np.isfinite(search.cv_results_["mean_test_score"]))
    assert search.best_estimator_.queried_indices_.shape == (30,)


def _committee(**params):
    return CommitteeRegressor(
        [Ridge(), DecisionTreeRegressor(max_depth=3), ("deep", DecisionTreeRegressor())],
        random_state=0, **params,
    )


def test_committee_predicts_the_mean_and_the_spread():
    committee = _committee().fit(X[:30], Y[:30])
    members = np.column_stack([m.predict(X[30:]) for m in committee.estimators_])
    np.testing.assert_allclose(committee.member_predictions(X[30:]), members)
    mean, std = committee.predict(X[30:], return_std=True)
    np.testing.assert_allclose(mean, members.mean(axis=1))
    np.testing.assert_allclose(std, members.std(axis=1))
    np.testing.assert_allclose(committee.predict(X[30:]), mean)
    assert set(committee.named_estimators_) == {"ridge", "decisiontreeregressor", "deep"}


def test_committee_parameters_bootstrap_and_jobs():
    committee = _committee(bootstrap=True)
    assert committee.get_params()["decisiontreeregressor__max_depth"] == 3
    committee.set_params(ridge__alpha=5.0)
    assert committee.get_params()["ridge__alpha"] == 5.0
    one = clone(committee).fit(X[:30], Y[:30])
    two = clone(committee).set_params(n_jobs=2).fit(X[:30], Y[:30])
    np.testing.assert_array_equal(one.predict(X, return_std=True)[1],
                                  two.predict(X, return_std=True)[1])
    # Identical members disagree only through their bootstrap samples.
    bagged = CommitteeRegressor([LinearRegression()] * 3, bootstrap=True, random_state=0)
    assert np.all(bagged.fit(X[:30], Y[:30]).predict(X, return_std=True)[1] > 0)
    plain = CommitteeRegressor([LinearRegression()] * 3, random_state=0)
    np.testing.assert_allclose(plain.fit(X[:30], Y[:30]).predict(X, return_std=True)[1], 0,
                               atol=1e-9)


def test_committee_members_must_be_regressors():
    with pytest.raises(ValueError, match="non-empty list of regressors"):
        CommitteeRegressor([]).fit(X[:5], Y[:5])
    with pytest.raises(TypeError, match="member 'standardscaler'.*has no predict"):
        CommitteeRegressor([Ridge(), StandardScaler()]).fit(X[:5], Y[:5])
    with pytest.raises(ValueError, match="equals a CommitteeRegressor parameter"):
        CommitteeRegressor([("bootstrap", Ridge())]).fit(X[:5], Y[:5])


def test_committee_simulation_mode():
    committee = _committee(budget=25, n_initial=5, batch_size=10).fit(X, Y)
    assert committee.queried_indices_.shape == (25,)
    np.testing.assert_array_equal(
        committee.queried_indices_[:5], np.random.RandomState(0).permutation(120)[:5]
    )


def test_regression_strategy_on_a_classifier_committee_and_the_reverse():
    committee = CommitteeRegressor([Ridge(), Ridge(alpha=10)], std_sampling)
    assert committee.fit(X[:10], Y[:10]).query(X, 2).shape == (2,)
    from skactive import QueryByCommittee

    classifiers = QueryByCommittee([LogisticRegression()] * 2, std_sampling)
    with pytest.raises(TypeError, match="QueryByCommittee of LogisticRegression"):
        classifiers.fit(X[:10], (Y[:10] > 0).astype(int)).query(X)
