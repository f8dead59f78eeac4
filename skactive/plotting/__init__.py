"""Plots of active learning curves and of stream simulations.

They need matplotlib: ``pip install ".[plot]"``.

matplotlib is imported only when something is drawn, so importing this
package never requires it.
"""

from ._curve_display import ActiveLearningCurveDisplay, plot_learning_curves
from ._stream_display import StreamSimulationDisplay

__all__ = ["ActiveLearningCurveDisplay", "StreamSimulationDisplay", "plot_learning_curves"]
