"""Scoring active learning runs: the area under the learning curve.

Evaluation sits beside the learners: nothing in the learners or strategies
imports this package.
"""

from ._aulc import aulc_scorer, make_aulc_scorer, normalized_area

__all__ = ["aulc_scorer", "make_aulc_scorer", "normalized_area"]
