"""Stopping criteria: when more labels stop paying.

A criterion is a small estimator with settings in ``__init__`` and state in
a fitted copy. Give one to a learner (``ActiveLearner(..., stopping=...)``)
and ask ``learner.should_stop(X_pool)`` after each ``teach``; in simulation
mode the run ends when it fires. The work is in three layers: pure measures
on arrays (:func:`kappa_agreement`, ...), a criterion's :meth:`measure` on a
learner, and its decision. See :ref:`stopping` in the user guide for which
criterion to use and what the measured defaults give.
"""

from ._base import BaseStoppingCriterion
from ._budget import LabelBudget
from ._combine import AllOf, AnyOf, all_of, any_of
from ._confidence import MaxConfidence, OverallUncertainty, PerformanceConvergence
from ._measures import (
    classification_change,
    expected_accuracy,
    kappa_agreement,
    min_confidence,
    overall_uncertainty,
)
from ._predictions import ClassificationChange, StabilizingPredictions

__all__ = [
    "AllOf",
    "AnyOf",
    "BaseStoppingCriterion",
    "ClassificationChange",
    "LabelBudget",
    "MaxConfidence",
    "OverallUncertainty",
    "PerformanceConvergence",
    "StabilizingPredictions",
    "all_of",
    "any_of",
    "classification_change",
    "expected_accuracy",
    "kappa_agreement",
    "min_confidence",
    "overall_uncertainty",
]
