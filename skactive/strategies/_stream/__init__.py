"""Stream-based selection: decide on each arriving row, under a budget."""

from ._budget import BaseBudgetManager, EstimatedBudget, FixedBudget, QuantileBudget
from ._strategies import (
    BaseStreamStrategy,
    DensityUncertainty,
    FixedUncertainty,
    RandomizedVariableUncertainty,
    Split,
    StreamRandomSampling,
    VariableUncertainty,
)

__all__ = [
    "BaseBudgetManager",
    "BaseStreamStrategy",
    "DensityUncertainty",
    "EstimatedBudget",
    "FixedBudget",
    "FixedUncertainty",
    "QuantileBudget",
    "RandomizedVariableUncertainty",
    "Split",
    "StreamRandomSampling",
    "VariableUncertainty",
]
