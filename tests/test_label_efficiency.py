"""Active learning must pay off: margin sampling beats random on digits."""

import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

from skactive.__main__ import pool_based_curve
from skactive.strategies import margin_sampling, random_sampling


def test_margin_beats_random_on_digits_over_five_seeds():
    X, y = load_digits(return_X_y=True)
    means = {}
    for name, strategy in [("margin", margin_sampling), ("random", random_sampling)]:
        curves = []
        for seed in range(5):
            X_pool, X_test, y_pool, y_test = train_test_split(
                X, y, test_size=0.3, random_state=seed
            )
            curves.append(pool_based_curve(strategy, X_pool, y_pool, X_test, y_test,
                                           random_state=seed)[1])
        means[name] = np.mean(curves)
    assert means["margin"] > means["random"] + 0.01, means
