"""Multi-label strategies: samples that carry several labels at once."""

from ._measures import (
    avg_confidence,
    avg_score,
    binary_minimum,
    cvirs,
    label_cardinality_inconsistency,
    label_confidence,
    max_loss,
    max_score,
    mean_max_loss,
    min_confidence,
)
from ._sampling import (
    avg_confidence_sampling,
    avg_score_sampling,
    binary_minimum_sampling,
    cardinality_inconsistency_sampling,
    cvirs_sampling,
    max_loss_sampling,
    max_score_sampling,
    mean_max_loss_sampling,
    min_confidence_sampling,
)
from ._utility import label_decision, label_predictions, label_proba, label_proba_from_output

__all__ = [
    "avg_confidence",
    "avg_confidence_sampling",
    "avg_score",
    "avg_score_sampling",
    "binary_minimum",
    "binary_minimum_sampling",
    "cardinality_inconsistency_sampling",
    "cvirs",
    "cvirs_sampling",
    "label_cardinality_inconsistency",
    "label_confidence",
    "label_decision",
    "label_predictions",
    "label_proba",
    "label_proba_from_output",
    "max_loss",
    "max_loss_sampling",
    "max_score",
    "max_score_sampling",
    "mean_max_loss",
    "mean_max_loss_sampling",
    "min_confidence",
    "min_confidence_sampling",
]
