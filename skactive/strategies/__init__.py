"""Query strategies: which unlabeled rows to send to the annotator next.

A strategy is a callable
``strategy(learner, X_pool, n_instances=1, *, random_state=None)`` returning
positions into ``X_pool`` or ``(positions, scores)``; scores are one utility
per row, higher = more informative.
"""

from ._badge import BADGE
from ._base import BaseQueryStrategy, strategy_utility
from ._density import DensityWeighted
from ._error_reduction import ExpectedErrorReduction
from ._features import final_estimator, final_step_features
from ._model_change import ExpectedModelChange
from ._random import random_sampling
from ._selection import select_top_k
from ._uncertainty import (
    entropy,
    entropy_sampling,
    least_confident,
    margin,
    margin_sampling,
    uncertainty_sampling,
    uncertainty_utility,
)
from ._variance_reduction import VarianceReduction

__all__ = [
    "BADGE",
    "BaseQueryStrategy",
    "DensityWeighted",
    "entropy",
    "entropy_sampling",
    "ExpectedErrorReduction",
    "ExpectedModelChange",
    "final_estimator",
    "final_step_features",
    "least_confident",
    "margin",
    "margin_sampling",
    "random_sampling",
    "select_top_k",
    "strategy_utility",
    "uncertainty_sampling",
    "uncertainty_utility",
    "VarianceReduction",
]
