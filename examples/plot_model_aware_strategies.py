"""
========================================================
Expected model change, error reduction and variance
========================================================

Uncertainty sampling asks where the model is unsure. The model-aware
strategies ask what a label would *do* to the model:
:class:`~skactive.strategies.ExpectedModelChange` how far it would move the
weights, :class:`~skactive.strategies.ExpectedErrorReduction` how much it
would lower the expected loss on the pool, and
:class:`~skactive.strategies.VarianceReduction` how much it would shrink the
uncertainty of the model's predictions. This example shows where each one
looks on a 2-D problem, races them against margin and random sampling, and
checks the fast ``approx`` method of expected error reduction against the
exact refits it stands in for.
"""

# %%
# Where each strategy looks
# -------------------------
# Three overlapping classes, nine labels (three per class) and a logistic
# regression. Each panel colours the pool by one strategy's utility (its
# rank, so that the four scales compare) and circles its five best rows.
import time

import matplotlib.pyplot as plt
import numpy as np
from scipy.stats import spearmanr
from sklearn.datasets import load_wine, make_blobs
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skactive import ActiveLearner
from skactive.model_selection import active_learning_curve
from skactive.plotting import plot_learning_curves
from skactive.strategies import (
    ExpectedErrorReduction,
    ExpectedModelChange,
    VarianceReduction,
    margin_sampling,
    random_sampling,
    strategy_utility,
)

X_toy, y_toy = make_blobs(n_samples=300, centers=[[-2, -1], [2, -1], [0, 2.2]],
                          cluster_std=1.1, random_state=3)
labeled = np.concatenate([np.flatnonzero(y_toy == c)[:3] for c in range(3)])
X_pool = np.delete(X_toy, labeled, axis=0)
learner = ActiveLearner(LogisticRegression(), random_state=0)
learner.fit(X_toy[labeled], y_toy[labeled])

toy_strategies = {
    "margin sampling": margin_sampling,
    "ExpectedModelChange": ExpectedModelChange(),
    "ExpectedErrorReduction": ExpectedErrorReduction(),
    "VarianceReduction": VarianceReduction(),
}
fig, axes = plt.subplots(2, 2, figsize=(8.5, 7.5), sharex=True, sharey=True,
                         layout="constrained")
for ax, (name, strategy) in zip(axes.ravel(), toy_strategies.items()):
    utility = strategy_utility(strategy, learner, X_pool, random_state=0)
    rank = np.argsort(np.argsort(utility)) / (len(utility) - 1)
    ax.scatter(*X_pool.T, c=rank, cmap="viridis", s=14)
    ax.scatter(*X_toy[labeled].T, c=y_toy[labeled], cmap="Set1", vmin=0, vmax=8,
               edgecolor="black", s=70, marker="s", label="labeled")
    top = np.argsort(utility)[::-1][:5]
    ax.scatter(*X_pool[top].T, facecolor="none", edgecolor="red", s=150,
               linewidth=2, label="5 best")
    ax.set_title(name)
axes[0, 0].legend(loc="lower left", fontsize=8)
fig.colorbar(axes[0, 0].collections[0], ax=axes, shrink=0.5,
             label="utility rank (1 = most informative)")

# %%
# Margin sampling looks only at the boundaries between two classes.
# Expected model change multiplies the uncertainty by the length of the
# feature vector :math:`\lVert [x, 1] \rVert`: an uncertain point far from
# the origin would move the weights most, so it favours the outer ends of
# the boundaries. Variance reduction measures how much information a label
# adds about the weights, which grows with the same length, in the
# directions on which the pool's predictions depend; on this pool it picks
# the same rows. Expected error reduction is the only one that looks at the
# result, the loss on the whole pool after the label: it picks uncertain
# points in a crowded region, next to many rows whose predictions the label
# would settle.
#
# The race
# --------
# The wine data (13 features, three classes), scaled in a pipeline, from six
# random labels to forty, three at a time. The strategies read the features
# the logistic regression sees, after the scaler.
# :func:`~skactive.model_selection.active_learning_curve` runs every
# strategy on the same five random splits and starting labels.
X, y = load_wine(return_X_y=True)
race_learner = ActiveLearner(make_pipeline(StandardScaler(), LogisticRegression()),
                             budget=40, n_initial=6, batch_size=3)
result = active_learning_curve(
    race_learner, X, y, n_repeats=5, random_state=0,
    strategies={
        "margin": margin_sampling,
        "ExpectedModelChange": ExpectedModelChange(),
        "ExpectedErrorReduction": ExpectedErrorReduction(),
        "VarianceReduction": VarianceReduction(),
        "random": random_sampling,
    },
)
display = plot_learning_curves(result)
display.figure_.set_size_inches(7, 4.5)
display.figure_.tight_layout()
plt.show()

# %%
# On this run expected error reduction leads over the first batches. It is
# the strategy that asks the question we care about (which label lowers the
# error?), at the price of a lookahead for every candidate. The ranking of
# the others changes from data set to data set; five runs on 178 samples are
# a rough picture, so simulate on your own data before choosing
# (:ref:`simulation`).
#
# How good is the approximation?
# ------------------------------
# The exact expected error reduction refits the model once for every
# candidate and every class it could have, and measures the loss on the
# pool after each refit. ``method="approx"`` replaces each refit by a few
# Newton iterations of the weights in the small subspace the labeled rows
# span (three by default here; ``max_iter=1`` is one step in closed form).
# On 60 candidates of the toy pool (180 refits):
exact = ExpectedErrorReduction(method="retrain", n_candidates=60, random_state=0)
approx = ExpectedErrorReduction(method="approx", n_candidates=60, random_state=0)
start = time.perf_counter()
exact_utility = exact.utility(learner, X_pool)
exact_seconds = time.perf_counter() - start
start = time.perf_counter()
approx_utility = approx.utility(learner, X_pool)
approx_seconds = time.perf_counter() - start
scored = exact_utility > exact_utility.min()  # the 60 candidates
rho = spearmanr(exact_utility[scored], approx_utility[scored]).correlation
print(f"retrain: {exact_seconds:.2f} s, approx: {approx_seconds:.3f} s "
      f"({exact_seconds / approx_seconds:.0f}x faster)")
print(f"Spearman rank correlation of the utilities: {rho:.3f}")

fig, ax = plt.subplots(figsize=(4.5, 4.5))
ax.scatter(exact_utility[scored], approx_utility[scored], s=15)
ax.set(xlabel='utility, method="retrain"', ylabel='utility, method="approx"',
       title=f"Expected error reduction, 60 candidates\nSpearman $\\rho$ = {rho:.2f}")
fig.tight_layout()
plt.show()

# %%
# The two methods agree on the ranking, which is all a strategy needs, while
# the approximation costs one matrix product per chunk of candidates instead
# of ``n_candidates * n_classes`` fits. The approximation reads the model as
# a logistic regression, exact for :class:`~sklearn.linear_model.LogisticRegression`;
# for other classifiers use ``method="retrain"`` with ``n_candidates`` and
# ``n_reference`` to bound its cost, and ``n_jobs`` to spread the refits.
