"""Strategies for regression: spread, greedy sampling, EMCM, variance reduction.

Private modules; everything is re-exported from :mod:`skactive.strategies`.
"""

__all__ = []  # nothing public here: see skactive.strategies
