"""Every public strategy, discovered automatically, honours the contract."""

import inspect

import numpy as np
import pytest
import scipy.sparse as sp

from skactive import strategies
from skactive.utils.discovery import all_strategies
from skactive.utils.estimator_checks import strategy_checks

S = strategies

# Every discovered strategy with the configurations its contract runs on: the
# defaults (when there are any) and non-default settings that change how it
# selects (subsamples, approximations, bases of every kind: committee,
# model-free, random). A new strategy fails test_every_strategy_is_configured
# until it has an entry here.
CONFIGURATIONS = {
    "ExpectedModelChangeMaximization": [
        lambda: S.ExpectedModelChangeMaximization(random_state=0),
        lambda: S.ExpectedModelChangeMaximization(n_bootstrap=2, random_state=1),
    ],
    "ExpectedVarianceReduction": [
        lambda: S.ExpectedVarianceReduction(random_state=0),
        lambda: S.ExpectedVarianceReduction(n_reference=None),
        lambda: S.ExpectedVarianceReduction(n_reference=10, random_state=0),
    ],
    "GreedySamplingX": [lambda: S.GreedySamplingX(), lambda: S.GreedySamplingX("manhattan")],
    "GreedySamplingY": [lambda: S.GreedySamplingY()],
    "ImprovedGreedySampling": [
        lambda: S.ImprovedGreedySampling(), lambda: S.ImprovedGreedySampling("manhattan"),
    ],
    "AdaptiveStrategy": [
        lambda: S.AdaptiveStrategy([S.margin_sampling, S.entropy_sampling], budget=20),
        lambda: S.AdaptiveStrategy(
            [S.CoreSet(), S.BADGE(), S.DiverseBatch(base=None)], budget=5, delta=0.5
        ),
        lambda: S.AdaptiveStrategy([S.random_sampling, S.CoreSet()], budget=10),
        lambda: S.AdaptiveStrategy([S.vote_entropy_sampling, S.random_sampling]),
    ],
    "BADGE": [lambda: S.BADGE()],
    "CoreSet": [lambda: S.CoreSet(), lambda: S.CoreSet(metric="manhattan")],
    "CostWeighted": [
        lambda: S.CostWeighted(S.margin_sampling, cost=_content_cost),
        lambda: S.CostWeighted(S.random_sampling, cost=_content_cost),
        lambda: S.CostWeighted(S.vote_entropy_sampling, cost=_content_cost),
        lambda: S.CostWeighted(S.DensityWeighted(n_reference=8), cost=_content_cost),
    ],
    "DensityWeighted": [
        lambda: S.DensityWeighted(),
        lambda: S.DensityWeighted(S.margin_sampling, approximation="nystroem",
                                  n_components=8),
        lambda: S.DensityWeighted(n_reference=8),
        lambda: S.DensityWeighted(S.uncertainty_sampling, metric="laplacian", beta=2.0),
        lambda: S.DensityWeighted(S.random_sampling, metric="poly", degree=2),
        lambda: S.DensityWeighted(S.kl_divergence_sampling, gamma=0.5),
    ],
    "DiverseBatch": [
        lambda: S.DiverseBatch(),
        lambda: S.DiverseBatch(base=None),
        lambda: S.DiverseBatch(base=S.entropy_sampling, prefilter=2),
        lambda: S.DiverseBatch(base=S.consensus_entropy_sampling),
        lambda: S.DiverseBatch(base=S.random_sampling),
        lambda: S.DiverseBatch(candidates="softrank", prefilter=3),
    ],
    "ExpectedErrorReduction": [
        lambda: S.ExpectedErrorReduction(),
        lambda: S.ExpectedErrorReduction(loss="zero_one", n_reference=None),
        lambda: S.ExpectedErrorReduction(n_candidates=10, n_reference=8),
        lambda: S.ExpectedErrorReduction(max_iter=5, tol=1e-4, n_candidates=10,
                                         n_reference=8),
        lambda: S.ExpectedErrorReduction(method="retrain", n_candidates=4,
                                         n_reference=None),
    ],
    "ExpectedModelChange": [
        lambda: S.ExpectedModelChange(), lambda: S.ExpectedModelChange(feature_norm="full"),
        lambda: S.ExpectedModelChange(feature_norm="none"),
    ],
    "RankedBatch": [
        lambda: S.RankedBatch(),
        lambda: S.RankedBatch(S.margin_sampling, metric="manhattan"),
        lambda: S.RankedBatch(S.random_sampling),
        lambda: S.RankedBatch(S.vote_entropy_sampling),
    ],
    "VarianceReduction": [
        lambda: S.VarianceReduction(),
        lambda: S.VarianceReduction(n_reference=None),
        lambda: S.VarianceReduction(n_candidates=10, n_reference=8, random_state=0),
    ],
    **{
        name: [lambda obj=obj: obj]
        for name, obj in all_strategies()
        if not inspect.isclass(obj)
    },
}


def _content_cost(X):
    """A cost that depends on each row's content only (any pool container)."""
    if isinstance(X, list):
        return np.array([1.0 + len(document) for document in X])
    if sp.issparse(X):
        first = sp.csc_matrix(X)[:, [0]].toarray()
    else:
        first = X.iloc[:, 0] if hasattr(X, "iloc") else X[:, 0]
    first = np.asarray(first).ravel()
    return 1.0 + np.abs(first)


def _instances():
    for name, obj in all_strategies():
        for make in CONFIGURATIONS.get(name, []):
            yield name, make()


def _default_instances():
    for name, obj in all_strategies():
        yield name, CONFIGURATIONS[name][0]()


def test_every_strategy_is_checked():
    names = {name for name, _ in all_strategies()}
    assert {"margin_sampling", "vote_entropy_sampling", "random_sampling"} <= names
    # Every *_sampling function must declare its tags, or discovery misses it.
    undeclared = [
        name for name in strategies.__all__
        if name.endswith("_sampling") and name not in names
    ]
    assert not undeclared, f"strategy functions without declare_tags: {undeclared}"


def test_every_strategy_is_configured():
    """No strategy escapes the contract: each has its configurations, and
    every class is run with more than its defaults."""
    missing = [name for name, _ in all_strategies() if not CONFIGURATIONS.get(name)]
    assert not missing, f"strategies without an entry in CONFIGURATIONS: {missing}"
    for name, obj in all_strategies():
        instances = [make() for make in CONFIGURATIONS[name]]
        assert all(isinstance(i, obj) if inspect.isclass(obj) else i is obj
                   for i in instances), name
        if inspect.isclass(obj) and inspect.signature(obj).parameters:
            assert len(instances) >= 2, f"{name}: only one configuration"


def _id(value):
    if callable(value) and hasattr(value, "get_params"):
        return repr(value).replace(" ", "").replace("\n", "")
    return getattr(value, "__name__", None) or type(value).__name__


@pytest.mark.parametrize(
    "strategy, check",
    [(instance, check) for _, instance in _instances() for check in strategy_checks(instance)],
    ids=_id,
)
def test_strategy_contract(strategy, check):
    check()


CHEAP = [name for name, _ in all_strategies()
         if name in {"random_sampling", "uncertainty_sampling", "margin_sampling",
                     "entropy_sampling", "CoreSet", "RankedBatch", "ExpectedModelChange"}]


def _tagged(strategy):
    tags = strategies.get_strategy_tags(strategy)
    return {name: getattr(tags, name) for name in
            ("requires_fit", "committee", "sparse", "position_free")}


@pytest.mark.parametrize("strategy, expected", [
    (S.DensityWeighted(approximation="nystroem"), {"position_free": False}),
    (S.DensityWeighted(n_reference=50), {"position_free": False}),
    (S.DensityWeighted(n_reference=50, metric="cosine"), {"position_free": True}),
    (S.DensityWeighted(metric=np.eye(3)), {"position_free": False}),
    (S.DensityWeighted(S.vote_entropy_sampling), {"committee": True}),
    (S.DensityWeighted(S.random_sampling), {"requires_fit": False,
                                            "position_free": False}),
    (S.ExpectedErrorReduction(n_reference=None), {"position_free": True}),
    (S.ExpectedErrorReduction(n_reference=None, n_candidates=5), {"position_free": False}),
    (S.ExpectedErrorReduction(), {"position_free": False}),
    (S.VarianceReduction(n_reference=None), {"position_free": True}),
    (S.VarianceReduction(n_candidates=5, n_reference=None), {"position_free": False}),
    (S.DiverseBatch(base=None), {"position_free": False, "requires_fit": False}),
    (S.DiverseBatch(base=S.kl_divergence_sampling), {"committee": True}),
    (S.RankedBatch(S.random_sampling), {"requires_fit": False, "position_free": False}),
    (S.RankedBatch(S.consensus_entropy_sampling), {"committee": True}),
    (S.CostWeighted(S.margin_sampling, cost=np.ones(3)), {"position_free": False}),
    (S.CostWeighted(S.margin_sampling, cost=_content_cost), {"position_free": True}),
    (S.AdaptiveStrategy([S.random_sampling, S.CoreSet()]), {"requires_fit": False}),
    (S.AdaptiveStrategy([S.vote_entropy_sampling]), {"committee": True,
                                                      "requires_fit": True}),
], ids=_id)
def test_tags_follow_the_parameters(strategy, expected):
    tags = _tagged(strategy)
    assert {name: tags[name] for name in expected} == expected
