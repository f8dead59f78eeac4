"""``python -m skactive``: compare query strategies on a built-in data set."""

import sys

import numpy as np
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from . import ActiveLearner
from .strategies import margin_sampling, random_sampling


def pool_based_curve(strategy, X_pool, y_pool, X_test, y_test, *, n_initial=10,
                     batch_size=10, budget=160, random_state=0):
    """Accuracy on the test set after each batch of a pool-based run."""
    rng = np.random.RandomState(random_state)
    labeled = rng.choice(len(y_pool), n_initial, replace=False)
    unlabeled = np.setdiff1d(np.arange(len(y_pool)), labeled)
    learner = ActiveLearner(
        make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
        strategy, random_state=random_state,
    ).fit(X_pool[labeled], y_pool[labeled])
    n_labels, accuracy = [n_initial], [learner.score(X_test, y_test)]
    while n_labels[-1] < budget:
        picked = unlabeled[learner.query(X_pool[unlabeled], batch_size)]
        learner.teach(X_pool[picked], y_pool[picked])
        unlabeled = np.setdiff1d(unlabeled, picked)
        n_labels.append(n_labels[-1] + batch_size)
        accuracy.append(learner.score(X_test, y_test))
    return np.array(n_labels), np.array(accuracy)


def main(argv=None):
    X, y = load_digits(return_X_y=True)
    X_pool, X_test, y_pool, y_test = train_test_split(X, y, test_size=0.3, random_state=0)
    curves = {
        name: pool_based_curve(strategy, X_pool, y_pool, X_test, y_test)
        for name, strategy in [("margin", margin_sampling), ("random", random_sampling)]
    }
    n_labels = curves["margin"][0]
    print("digits, LogisticRegression: test accuracy by number of labels")
    print(f"{'labels':>6}  {'margin':>7}  {'random':>7}")
    for i, n in enumerate(n_labels):
        print(f"{n:>6}  {curves['margin'][1][i]:>7.3f}  {curves['random'][1][i]:>7.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
