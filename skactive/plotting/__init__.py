"""Plots of active learning curves (needs matplotlib: ``pip install ".[plot]"``).

matplotlib is imported only when something is drawn, so importing this
package never requires it.
"""

from ._curve_display import ActiveLearningCurveDisplay, plot_learning_curves

__all__ = ["ActiveLearningCurveDisplay", "plot_learning_curves"]
