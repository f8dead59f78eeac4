"""Comparing query strategies by repeated simulations.

Evaluation sits beside the learners: nothing in the learners or strategies
imports this package.
"""

from ._curve import active_learning_curve
from ._stream import stream_simulation

__all__ = ["active_learning_curve", "stream_simulation"]
