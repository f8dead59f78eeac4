"""
==============================
Batch-mode strategies compared
==============================

Annotators usually work through batches: a hundred images for the afternoon,
not one image and a wait while the model refits. Taking the top of an
uncertainty ranking as the batch wastes labels on near-duplicates, since
samples next to each other have nearly the same utility. Batch-aware
strategies choose the batch as a whole. This example races them on the
digits, twenty labels at a time.
"""

# %%
# First, what goes wrong with top-k
# ---------------------------------
# A 2-D problem, and a dense clump of near-duplicate points placed exactly
# where the model is least sure. Margin sampling's batch of ten lands in the
# clump; :class:`~skactive.strategies.RankedBatch` trades utility against the
# distance to the labeled points and to its own earlier picks, and
# :class:`~skactive.strategies.DiverseBatch` clusters the most uncertain
# candidates and takes one per cluster.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits, make_blobs
from sklearn.linear_model import LogisticRegression

from skactive import ActiveLearner
from skactive.model_selection import active_learning_curve
from skactive.plotting import plot_learning_curves
from skactive.strategies import (
    CoreSet,
    DiverseBatch,
    RankedBatch,
    margin,
    margin_sampling,
    random_sampling,
)

X_toy, y_toy = make_blobs(n_samples=400, centers=[[-2, 0], [2, 0]], cluster_std=1.2,
                          random_state=0)
labeled = np.r_[np.flatnonzero(y_toy == 0)[:3], np.flatnonzero(y_toy == 1)[:3]]
seed_model = LogisticRegression().fit(X_toy[labeled], y_toy[labeled])
hesitant = X_toy[np.argmax(margin(seed_model.predict_proba(X_toy)))]
clump = np.random.RandomState(0).normal(hesitant, 0.08, size=(40, 2))
X_toy = np.vstack([X_toy, clump])
y_toy = np.concatenate([y_toy, (clump[:, 0] > 0).astype(int)])

fig, axes = plt.subplots(1, 3, figsize=(12, 3.8), sharey=True)
toy_strategies = {
    "margin, top 10": margin_sampling,
    "RankedBatch(margin)": RankedBatch(base=margin_sampling),
    "DiverseBatch(margin)": DiverseBatch(base=margin_sampling),
}
for ax, (name, strategy) in zip(axes, toy_strategies.items()):
    learner = ActiveLearner(LogisticRegression(), strategy, random_state=0)
    learner.fit(X_toy[labeled], y_toy[labeled])
    batch = learner.query(X_toy, n_instances=10)
    ax.scatter(*X_toy.T, c=y_toy, cmap="coolwarm", s=8, alpha=0.5)
    ax.scatter(*X_toy[labeled].T, c="black", marker="s", s=40, label="labeled")
    ax.scatter(*X_toy[batch].T, facecolor="none", edgecolor="green", linewidth=2,
               s=110, label="batch of 10")
    ax.set_title(name)
axes[0].legend(loc="lower left", fontsize=8)
fig.tight_layout()

# %%
# Margin sampling spends its batch inside the clump: ten labels that teach
# about as much as one. The batch-aware strategies take few points from it
# and spread the rest out. :class:`~skactive.strategies.RankedBatch` also
# wanders away from the boundary: with only six labels it gives distance a
# large weight, by design, and the weight shifts to the utility as labels
# accumulate.
#
# The race
# --------
# Digits, logistic regression, 10 random labels then batches of 20 up to 150
# labels. :func:`~skactive.model_selection.active_learning_curve` runs each
# strategy in simulation mode on the same random splits and starting labels
# (a paired comparison), and
# :func:`~skactive.plotting.plot_learning_curves` draws the mean with a band.
# :class:`~skactive.strategies.CoreSet` ignores the model altogether and
# only covers the pool.
X, y = load_digits(return_X_y=True)
X = X / 16.0
learner = ActiveLearner(LogisticRegression(max_iter=300), budget=150, n_initial=10,
                        batch_size=20)
result = active_learning_curve(
    learner, X, y, n_repeats=2, random_state=0,
    strategies={
        "margin (top-k)": margin_sampling,
        "RankedBatch": RankedBatch(base=margin_sampling),
        "DiverseBatch": DiverseBatch(base=margin_sampling),
        "CoreSet": CoreSet(),
        "random": random_sampling,
    },
)
display = plot_learning_curves(result)
display.figure_.set_size_inches(7, 4.5)
display.figure_.tight_layout()
plt.show()

# %%
# In this run the two strategies that combine margin with diversity,
# :class:`~skactive.strategies.DiverseBatch` and
# :class:`~skactive.strategies.RankedBatch`, lead top-k margin sampling over
# the first batches, when the model is weakest and a batch is most likely to
# repeat itself; by 150 labels the model-based strategies meet.
# :class:`~skactive.strategies.CoreSet`, which never looks at the model,
# does about as well as random sampling here; its strength is the cold start,
# where it (and ``DiverseBatch(base=None)``) chooses a representative first
# batch before any model exists. The AULC in the legend summarises each curve
# in one number. Two repeats make a rough picture; raise ``n_repeats`` before
# drawing conclusions about your own data.
