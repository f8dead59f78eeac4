"""Query strategies: which unlabeled rows to send to the annotator next.

A strategy is a callable
``strategy(learner, X_pool, n_instances=1, *, random_state=None)`` returning
positions into ``X_pool`` or ``(positions, scores)``; scores are one utility
per row, higher = more informative.
"""

from ._adaptive import AdaptiveStrategy
from ._badge import BADGE
from ._base import BaseQueryStrategy, strategy_utility
from ._coreset import CoreSet
from ._cost import CostWeighted
from ._density import DensityWeighted
from ._disagreement import (
    consensus_entropy,
    consensus_entropy_sampling,
    disagreement_utility,
    kl_divergence,
    kl_divergence_sampling,
    vote_entropy,
    vote_entropy_sampling,
)
from ._diverse_batch import DiverseBatch
from ._error_reduction import ExpectedErrorReduction
from ._features import final_estimator, final_step_features
from ._model_change import ExpectedModelChange
from ._random import random_sampling
from ._multilabel import (
    avg_confidence,
    avg_confidence_sampling,
    avg_score,
    avg_score_sampling,
    binary_minimum,
    binary_minimum_sampling,
    cardinality_inconsistency_sampling,
    cvirs,
    cvirs_sampling,
    label_cardinality_inconsistency,
    label_confidence,
    label_decision,
    label_predictions,
    label_proba,
    label_proba_from_output,
    max_loss,
    max_loss_sampling,
    max_score,
    max_score_sampling,
    mean_max_loss,
    mean_max_loss_sampling,
    min_confidence,
    min_confidence_sampling,
)
from ._ranked_batch import RankedBatch
from ._selection import check_n_instances, select_top_k
from ._stream import (
    BaseBudgetManager,
    BaseStreamStrategy,
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
from ._tags import StrategyTags, declare_tags, get_strategy_tags
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
    "AdaptiveStrategy",
    "avg_confidence",
    "avg_confidence_sampling",
    "avg_score",
    "avg_score_sampling",
    "BADGE",
    "BaseBudgetManager",
    "BaseQueryStrategy",
    "BaseStreamStrategy",
    "binary_minimum",
    "binary_minimum_sampling",
    "cardinality_inconsistency_sampling",
    "check_n_instances",
    "consensus_entropy",
    "consensus_entropy_sampling",
    "CoreSet",
    "CostWeighted",
    "cvirs",
    "cvirs_sampling",
    "declare_tags",
    "DensityUncertainty",
    "DensityWeighted",
    "disagreement_utility",
    "DiverseBatch",
    "entropy",
    "entropy_sampling",
    "EstimatedBudget",
    "ExpectedErrorReduction",
    "ExpectedModelChange",
    "final_estimator",
    "final_step_features",
    "FixedBudget",
    "FixedUncertainty",
    "get_strategy_tags",
    "kl_divergence",
    "kl_divergence_sampling",
    "label_cardinality_inconsistency",
    "label_confidence",
    "label_decision",
    "label_predictions",
    "label_proba",
    "label_proba_from_output",
    "least_confident",
    "margin",
    "margin_sampling",
    "max_loss",
    "max_loss_sampling",
    "max_score",
    "max_score_sampling",
    "mean_max_loss",
    "mean_max_loss_sampling",
    "min_confidence",
    "min_confidence_sampling",
    "QuantileBudget",
    "random_sampling",
    "RandomizedVariableUncertainty",
    "RankedBatch",
    "select_top_k",
    "Split",
    "strategy_utility",
    "StrategyTags",
    "StreamRandomSampling",
    "uncertainty_sampling",
    "uncertainty_utility",
    "VariableUncertainty",
    "VarianceReduction",
    "vote_entropy",
    "vote_entropy_sampling",
]
