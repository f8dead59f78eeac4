import numpy as np
import pytest
from numpy.testing import assert_array_equal
from sklearn.base import clone

from skactive.strategies import (
    DensityUncertainty,
    EstimatedBudget,
    FixedBudget,
    FixedUncertainty,
    QuantileBudget,
    RandomizedVariableUncertainty,
    Split,
    StreamRandomSampling,
    VariableUncertainty,
)


def _spend(manager, utilities, budget, wants=None):
    manager = clone(manager).reset()
    spent = 0
    for i, utility in enumerate(utilities):
        labeled = manager.allows(utility, budget) and (wants is None or wants[i])
        manager.spend(labeled, utility)
        spent += labeled
    return spent / len(utilities)


@pytest.mark.parametrize("budget", [0.05, 0.1, 0.3])
@pytest.mark.parametrize("manager", [FixedBudget(), EstimatedBudget(), QuantileBudget()],
                         ids=lambda m: type(m).__name__)
def test_every_manager_keeps_its_fraction_over_10000_rows(manager, budget):
    rng = np.random.RandomState(0)
    utilities = rng.rand(10_000)
    assert abs(_spend(manager, utilities, budget) - budget) < 0.01


@pytest.mark.parametrize("manager", [EstimatedBudget(), QuantileBudget()],
                         ids=lambda m: type(m).__name__)
def test_managers_keep_the_fraction_through_a_drift(manager):
    # Half-way every row becomes far more uncertain than anything before.
    rng = np.random.RandomState(1)
    utilities = np.concatenate([rng.rand(5_000) * 0.2, 0.8 + rng.rand(5_000) * 0.2])
    assert abs(_spend(manager, utilities, 0.1) - 0.1) < 0.01
    assert abs(_spend(manager, utilities[5_000:], 0.1) - 0.1) < 0.01


@pytest.mark.parametrize("utilities", [np.zeros(2_000), np.r_[np.zeros(1_000), np.ones(1_000)],
                                       np.tile([0.0, 0.5], 1_000)],
                         ids=["all equal", "two levels", "alternating"])
def test_quantile_budget_does_not_overspend_on_ties(utilities):
    # A one-class model is sure of every row: all utilities tie at the
    # threshold. They used to pass all at once (38% spent at a 20% budget).
    assert abs(_spend(QuantileBudget(), utilities, 0.2) - 0.2) < 0.01


@pytest.mark.parametrize("manager", [FixedBudget(), EstimatedBudget(), QuantileBudget()],
                         ids=lambda m: type(m).__name__)
def test_a_budget_of_one_labels_every_row(manager):
    # QuantileBudget refused rows below the window's minimum (979 of 1000),
    # EstimatedBudget one row to rounding.
    assert _spend(manager, np.random.RandomState(0).rand(1_000), 1.0) == 1.0


def test_quantile_budget_threshold_is_numpys_quantile_of_the_window():
    # The window is kept sorted; its quantile must be np.quantile's, bit for
    # bit, so decisions are those of the plain definition.
    rng = np.random.RandomState(0)
    utilities = np.round(rng.rand(3_000), 2)  # rounded: many ties
    manager = QuantileBudget(window=50).reset()
    recent = []
    for utility in utilities:
        if recent:
            owed = 0.1 * (manager.n_seen_ + 1) - manager.n_spent_
            level = np.clip(1 - 0.1 - owed / 50, 0.0, 1.0)
            threshold = np.quantile(recent[-50:], level)
            if utility == threshold or level == 0:
                expected = manager.n_spent_ + 1 <= 0.1 * (manager.n_seen_ + 1)
            else:
                expected = utility > threshold
        else:
            expected = manager.n_spent_ + 1 <= 0.1 * (manager.n_seen_ + 1)
        allowed = manager.allows(utility, 0.1)
        assert allowed == expected
        manager.spend(allowed, utility)
        recent.append(utility)
    assert manager.sorted_ == sorted(recent[-50:])


def test_fixed_budget_never_runs_ahead():
    manager = FixedBudget().reset()
    for n in range(1, 501):
        manager.spend(manager.allows(1.0, 0.1), 1.0)
        assert manager.n_spent_ <= 0.1 * n + 1e-9


def test_variable_uncertainty_threshold_step_by_step():
    strategy = VariableUncertainty(threshold=0.9, step=0.1)
    # utilities 1 - confidence; confidences 0.85, 0.85, 0.5, 0.95
    decisions = [strategy._wants(1 - c, None, 0.5) for c in (0.85, 0.85, 0.5, 0.95)]
    # 0.85 < 0.9 -> ask, theta 0.81; 0.85 >= 0.81 -> no, theta 0.891;
    # 0.5 < 0.891 -> ask, theta 0.8019; 0.95 >= 0.8019 -> no, theta 0.88209
    assert decisions == [True, False, True, False]
    assert strategy.threshold_ == pytest.approx(0.88209)


def test_fixed_uncertainty_and_split_rules():
    assert FixedUncertainty(threshold=0.7)._wants(0.4, None, 0.1)  # confidence 0.6
    assert not FixedUncertainty(threshold=0.7)._wants(0.2, None, 0.1)
    # random_share=1: every decision is a coin of the budget's probability
    strategy = Split(random_share=1.0)
    rng = np.random.RandomState(0)
    share = np.mean([strategy._wants(0.0, rng, 0.25) for _ in range(4000)])
    assert abs(share - 0.25) < 0.02
    assert not hasattr(strategy, "threshold_")  # the uncertainty rule never ran


def test_randomized_threshold_sometimes_asks_for_confident_rows():
    plain, randomized = VariableUncertainty(step=0.0), RandomizedVariableUncertainty(step=0.0)
    rng = np.random.RandomState(0)
    # confidence 0.99 against theta 1.0: the plain rule always asks, the
    # randomised one only when theta * eta > 0.99
    assert all(plain._wants(0.01, rng, 0.1) for _ in range(50))
    asked = np.mean([randomized._wants(0.01, rng, 0.1) for _ in range(2000)])
    assert 0.4 < asked < 0.6


class _Proba:
    """A fitted learner whose confidence on a row is its first column."""

    classes_ = np.array([0, 1])

    def predict_proba(self, X):
        first = np.asarray(X)[:, :1]
        return np.hstack([first, 1 - first])


def test_density_down_weights_isolated_rows():
    strategy = DensityUncertainty(window=10, gamma=1.0)
    X = np.array([[0.6, 0.0], [0.6, 0.1], [0.6, 0.05], [0.6, 9.0]])
    utilities = strategy.utility(_Proba(), X)
    # same uncertainty 0.4 everywhere; the outlier has no neighbour
    assert utilities[0] == pytest.approx(0.4)
    assert utilities[3] < 1e-10 < utilities[2]


@pytest.mark.parametrize("strategy", [
    VariableUncertainty(), RandomizedVariableUncertainty(), Split(), FixedUncertainty(),
    DensityUncertainty(), StreamRandomSampling(),
], ids=lambda s: type(s).__name__)
def test_decisions_are_reproducible_and_spend_the_budget(strategy):
    rng = np.random.RandomState(0)
    X = np.column_stack([rng.rand(3000), rng.rand(3000)])
    masks = []
    for _ in range(2):
        fitted = clone(strategy)
        mask, utilities = fitted.decide(_Proba(), X, 0.1, np.random.RandomState(7))
        masks.append(mask)
        assert utilities.shape == (3000,)
    assert_array_equal(*masks)
    assert masks[0].mean() <= 0.1 + 0.01
