"""
==========================================
Uncertainty measures on a 2-D toy problem
==========================================

Least confidence, margin and entropy all say "ask where the model is unsure",
but they disagree about *how* unsure a point is when there are more than two
classes. Drawing each utility over the plane shows where each one looks.
"""

# %%
# Three overlapping classes in two dimensions; nine labeled points, three per
# class, and a pool of the rest.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import make_blobs
from sklearn.linear_model import LogisticRegression

from skactive import ActiveLearner
from skactive.strategies import (
    entropy,
    entropy_sampling,
    least_confident,
    margin,
    margin_sampling,
    uncertainty_sampling,
)

X, y = make_blobs(n_samples=300, centers=[[-2, -1], [2, -1], [0, 2.2]],
                  cluster_std=1.1, random_state=3)
labeled = np.concatenate([np.flatnonzero(y == c)[:3] for c in range(3)])
pool = np.setdiff1d(np.arange(len(X)), labeled)

# %%
# The measures are plain functions of the predicted probabilities, so we can
# evaluate them on a grid as easily as on the pool.
xx, yy = np.meshgrid(np.linspace(-5.5, 5.5, 200), np.linspace(-4.5, 5.5, 200))
grid = np.c_[xx.ravel(), yy.ravel()]

measures = [
    ("least confident", least_confident, uncertainty_sampling),
    ("margin (negated)", margin, margin_sampling),
    ("entropy", entropy, entropy_sampling),
]

fig, axes = plt.subplots(1, 3, figsize=(12, 4.2), sharey=True)
for ax, (name, measure, strategy) in zip(axes, measures):
    learner = ActiveLearner(LogisticRegression(), strategy, random_state=0)
    learner.fit(X[labeled], y[labeled])
    utility = measure(learner.predict_proba(grid)).reshape(xx.shape)
    image = ax.contourf(xx, yy, utility, levels=20, cmap="viridis")
    fig.colorbar(image, ax=ax, shrink=0.8)
    ax.scatter(*X[pool].T, c="white", s=6, alpha=0.6)
    ax.scatter(*X[labeled].T, c=y[labeled], cmap="Set1", vmin=0, vmax=8,
               edgecolor="black", s=70, marker="s", label="labeled")
    chosen = pool[learner.query(X[pool], n_instances=8)]
    ax.scatter(*X[chosen].T, facecolor="none", edgecolor="red", s=120,
               linewidth=2, label="next 8 queries")
    ax.set(title=name, xlim=(-5.5, 5.5), ylim=(-4.5, 5.5))
axes[0].legend(loc="lower left", fontsize=8)
fig.suptitle("Utility of each pool point (brighter = asked first)")
fig.tight_layout()

# %%
# All three are highest on the boundaries between two classes. They differ
# where the three classes meet: entropy peaks there, because the probability
# is spread over all three; margin only cares about the two leading classes
# and stays high along every two-class boundary, however far from the others.
# Least confidence lies in between. Note also how the eight queries crowd
# together: top-k selection picks the eight best points one by one, and
# neighbours have nearly the same utility.
#
# With two classes the three measures are monotone functions of each other and
# choose exactly the same samples; the choice only matters with more classes.
proba = np.array([[0.5, 0.5, 0.0], [0.4, 0.3, 0.3]])
for name, measure, _ in measures:
    print(f"{name:>17}: {np.round(measure(proba), 3)}")

plt.show()
