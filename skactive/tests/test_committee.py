import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import clone
from sklearn.datasets import load_iris
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.svm import LinearSVC
from sklearn.tree import DecisionTreeClassifier

from skactive import ActiveLearner, QueryByCommittee
from skactive.strategies import (
    DiverseBatch,
    consensus_entropy_sampling,
    kl_divergence_sampling,
    margin_sampling,
    vote_entropy_sampling,
)

X, Y = load_iris(return_X_y=True)
SEED = np.arange(0, 150, 10)


def committee(**params):
    params.setdefault("random_state", 0)
    members = params.pop("members", [DecisionTreeClassifier(max_depth=3)] * 4)
    return QueryByCommittee(members, bootstrap=True, **params).fit(X[SEED], Y[SEED])


def test_unnamed_members_get_unique_names_and_params():
    qbc = QueryByCommittee([LogisticRegression(), LogisticRegression(), LinearSVC()])
    params = qbc.get_params()
    assert {"logisticregression-1", "logisticregression-2", "linearsvc"} <= set(params)
    assert params["logisticregression-2__C"] == 1.0


def test_named_members_set_params_and_replace():
    qbc = QueryByCommittee([("lr", LogisticRegression()), ("tree", DecisionTreeClassifier())])
    qbc.set_params(lr__C=0.1, tree=DecisionTreeClassifier(max_depth=2))
    assert qbc.get_params()["lr__C"] == 0.1
    assert qbc.get_params()["tree__max_depth"] == 2
    assert [name for name, _ in qbc.estimators] == ["lr", "tree"]


def test_invalid_member_names():
    with pytest.raises(ValueError, match="must be unique"):
        QueryByCommittee([("a", LogisticRegression()), ("a", LinearSVC())]).fit(X, Y)
    with pytest.raises(ValueError, match="'bootstrap' is not allowed"):
        QueryByCommittee([("bootstrap", LogisticRegression())]).fit(X, Y)
    with pytest.raises(ValueError, match="non-empty list"):
        QueryByCommittee([]).fit(X, Y)
    with pytest.raises(ValueError, match=r"\(name, classifier\) pairs"):
        QueryByCommittee([(LogisticRegression(), "lr")]).fit(X, Y)


def test_members_are_cloned_never_mutated():
    tree = DecisionTreeClassifier()
    qbc = QueryByCommittee([tree, tree], bootstrap=True, random_state=0).fit(X, Y)
    assert not hasattr(tree, "tree_") and tree.random_state is None
    assert qbc.estimators_[0] is not tree


def test_bootstrap_makes_identical_members_disagree_reproducibly():
    qbc = committee(query_strategy=vote_entropy_sampling)
    seeds = [member.random_state for member in qbc.estimators_]
    assert len(set(seeds)) == 4
    twin = committee(query_strategy=vote_entropy_sampling)
    assert_array_equal(qbc.query(X, 5), twin.query(X, 5))
    _, scores = qbc.query(X, 1, return_scores=True)
    assert scores.max() > 0
    assert seeds == [member.random_state for member in twin.estimators_]


def test_without_bootstrap_identical_deterministic_members_agree():
    qbc = QueryByCommittee([LogisticRegression()] * 3, vote_entropy_sampling)
    _, scores = qbc.fit(X[SEED], Y[SEED]).query(X, 1, return_scores=True)
    assert_allclose(scores, 0)


def test_nested_random_states_are_seeded():
    forest = RandomForestClassifier(n_estimators=3)
    qbc = QueryByCommittee([forest, forest], random_state=1).fit(X, Y)
    states = [member.random_state for member in qbc.estimators_]
    assert states[0] != states[1] and all(isinstance(s, int) for s in states)


@pytest.mark.parametrize(
    "strategy", [vote_entropy_sampling, kl_divergence_sampling, consensus_entropy_sampling]
)
def test_n_jobs_does_not_change_results(strategy):
    one = committee(query_strategy=strategy, n_jobs=1)
    two = committee(query_strategy=strategy, n_jobs=2)
    assert_array_equal(one.predict_proba(X), two.predict_proba(X))
    a, scores_a = one.query(X, 5, return_scores=True)
    b, scores_b = two.query(X, 5, return_scores=True)
    assert_array_equal(a, b)
    assert_array_equal(scores_a, scores_b)


def test_member_missing_a_class_is_aligned():
    rare = np.r_[np.flatnonzero(Y == 0)[:10], np.flatnonzero(Y == 1)[:9], [149]]
    qbc = QueryByCommittee(
        [LogisticRegression()] * 5, bootstrap=True, random_state=0
    ).fit(X[rare], Y[rare])
    lacking = [k for k, m in enumerate(qbc.estimators_) if len(m.classes_) == 2]
    assert lacking, "this seed must drop the rare class from some member"
    member_proba = qbc.member_proba(X)
    assert member_proba.shape == (150, 5, 3)
    assert_allclose(member_proba[:, lacking, 2], 0)
    assert_allclose(member_proba.sum(axis=2), 1)
    assert_allclose(qbc.predict_proba(X), member_proba.mean(axis=1))


def test_string_labels():
    labels = np.array(["setosa", "versicolor", "virginica"])[Y]
    qbc = QueryByCommittee([LogisticRegression(), DecisionTreeClassifier()],
                           kl_divergence_sampling, random_state=0)
    qbc.fit(X[SEED], labels[SEED])
    assert_array_equal(qbc.classes_, ["setosa", "versicolor", "virginica"])
    assert set(qbc.predict(X)) <= set(labels)
    assert qbc.query(X, 2).shape == (2,)
    assert set(np.unique(qbc.member_votes(X))) <= set(labels)


def test_uncertainty_strategies_use_the_consensus():
    qbc = committee(query_strategy=margin_sampling)
    _, scores = qbc.query(X, 1, return_scores=True)
    top_two = np.sort(qbc.predict_proba(X), axis=1)[:, -2:]
    assert_allclose(scores, top_two[:, 0] - top_two[:, 1])


def test_committee_strategy_on_single_learner_says_use_committee():
    learner = ActiveLearner(LogisticRegression(), vote_entropy_sampling).fit(X, Y)
    with pytest.raises(TypeError, match="use QueryByCommittee"):
        learner.query(X)


def test_vote_entropy_works_without_predict_proba_but_kl_does_not():
    qbc = QueryByCommittee([LinearSVC(C=c) for c in (0.01, 1, 100)],
                           vote_entropy_sampling, random_state=0)
    qbc.fit(X[SEED], Y[SEED])
    assert not hasattr(qbc, "predict_proba")
    assert qbc.query(X, 3).shape == (3,)
    # The default (margin of the consensus) says what it needs.
    qbc.set_params(query_strategy=DiverseBatch()).fit(X[SEED], Y[SEED])
    with pytest.raises(AttributeError, match="has no predict_proba"):
        qbc.query(X)
    assert qbc.score(X, Y) > 0.6  # majority vote
    qbc.set_params(query_strategy=kl_divergence_sampling).fit(X[SEED], Y[SEED])
    with pytest.raises(AttributeError, match="needs predict_proba on every committee member"):
        qbc.query(X)


def test_teach_refits_every_member():
    qbc = committee()
    before = list(qbc.estimators_)
    qbc.teach(X[:3], Y[:3])
    assert qbc.X_labeled_.shape == (len(SEED) + 3, 4)
    assert all(a is not b for a, b in zip(before, qbc.estimators_))


def test_grid_search_over_committee_parameters():
    qbc = QueryByCommittee([("lr", LogisticRegression(max_iter=500)), ("tree", DecisionTreeClassifier())])
    grid = GridSearchCV(
        qbc, {"lr__C": [0.1, 1.0], "tree__max_depth": [2, 4], "bootstrap": [False, True]}, cv=3
    ).fit(X, Y)
    assert grid.best_score_ > 0.9
    assert set(clone(qbc).get_params()) == set(qbc.get_params())


def test_simulation_mode_on_a_committee():
    qbc = QueryByCommittee([LogisticRegression(max_iter=500), DecisionTreeClassifier()],
                           bootstrap=True, budget=30, n_initial=6, batch_size=8,
                           random_state=0).fit(X, Y)
    assert qbc.queried_indices_.shape == (30,)
    assert len(set(qbc.queried_indices_)) == 30
    assert_array_equal(qbc.y_labeled_, Y[qbc.queried_indices_])
    twin = clone(qbc).fit(X, Y)
    assert_array_equal(twin.queried_indices_, qbc.queried_indices_)
