"""Scoring active learning runs: the area under the learning curve.

Evaluation sits beside the learners: nothing in the learners or strategies
imports this package.
"""

from ._aulc import aulc_scorer, make_aulc_scorer, normalized_area
from ._stopping_cost import make_stopping_cost_scorer, stopping_cost

__all__ = [
    "aulc_scorer",
    "make_aulc_scorer",
    "make_stopping_cost_scorer",
    "normalized_area",
    "stopping_cost",
]
