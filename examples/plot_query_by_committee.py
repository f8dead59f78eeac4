"""
==================
Query by committee
==================

A committee of models that all fit the labels so far, and a question: where
do they disagree? This example builds a committee of bootstrapped decision
trees on a 2-D problem, draws its disagreement over the plane, and compares
the learning curves of committee and single-model strategies.
"""

# %%
# Two interleaving half moons: a pool of 600 points and a test set of 300.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import make_moons
from sklearn.model_selection import train_test_split
from sklearn.tree import DecisionTreeClassifier

from skactive import ActiveLearner, QueryByCommittee
from skactive.strategies import (
    kl_divergence,
    kl_divergence_sampling,
    random_sampling,
    uncertainty_sampling,
    vote_entropy,
)

X, y = make_moons(n_samples=900, noise=0.2, random_state=0)
X_pool, X_test, y_pool, y_test = train_test_split(X, y, test_size=300, random_state=0)

# %%
# The committee
# -------------
# Seven copies of the same shallow tree would agree on everything, so each
# member is fitted on its own bootstrap sample of the labeled set
# (``bootstrap=True``); ``random_state`` seeds the resampling, so the
# committee is reproducible. Starting from eight random labels, we let it
# ask for 22 more, two at a time, so that the picture shows a committee that
# has learnt something.


def make_committee():
    return QueryByCommittee([DecisionTreeClassifier(max_depth=4)] * 7,
                            kl_divergence_sampling, bootstrap=True, random_state=0)


def run(learner, n_rounds, seed=0, batch_size=2):
    initial = np.random.RandomState(seed).choice(len(X_pool), 8, replace=False)
    learner.fit(X_pool[initial], y_pool[initial])
    unlabeled = np.setdiff1d(np.arange(len(X_pool)), initial)
    n_labels, accuracy = [len(initial)], [learner.score(X_test, y_test)]
    for _ in range(n_rounds):
        positions = learner.query(X_pool[unlabeled], n_instances=batch_size)
        learner.teach(X_pool[unlabeled[positions]], y_pool[unlabeled[positions]])
        unlabeled = np.delete(unlabeled, positions)
        n_labels.append(len(learner.y_labeled_))
        accuracy.append(learner.score(X_test, y_test))
    return learner, np.array(n_labels), np.array(accuracy)


committee, _, _ = run(make_committee(), n_rounds=11)

# %%
# ``member_votes`` and ``member_proba`` give each member's output on any
# rows, and the pure measures turn them into disagreement: the share of
# split votes (:func:`~skactive.strategies.vote_entropy`) and how far each
# member's probabilities are from the consensus
# (:func:`~skactive.strategies.kl_divergence`).
xx, yy = np.meshgrid(np.linspace(-2, 3, 150), np.linspace(-1.5, 2, 120))
grid = np.c_[xx.ravel(), yy.ravel()]
maps = {
    "vote entropy": vote_entropy(committee.member_votes(grid)),
    "mean KL divergence to the consensus": kl_divergence(committee.member_proba(grid)),
}
fig, axes = plt.subplots(1, 2, figsize=(11, 4), sharey=True)
for ax, (name, values) in zip(axes, maps.items()):
    image = ax.contourf(xx, yy, values.reshape(xx.shape), levels=12, cmap="magma")
    fig.colorbar(image, ax=ax, shrink=0.85)
    ax.scatter(*X_pool.T, c="grey", s=3, alpha=0.5)
    ax.scatter(*committee.X_labeled_.T, c=committee.y_labeled_, cmap="coolwarm",
               edgecolor="white", s=45)
    ax.set_title(name)
fig.suptitle(f"Disagreement of seven bootstrapped trees after "
             f"{len(committee.y_labeled_)} labels (dots: labeled points)")
fig.tight_layout()

# %%
# Trees cut the plane into rectangles, so their disagreement comes in
# blocks. It is high where the labeled points leave the boundary between the
# moons undecided, and also in empty corners where each tree extrapolates its
# own way; the pool (grey) has nothing to query there, so those corners cost
# nothing. Vote entropy only counts hard votes; the KL divergence also sees
# members that agree on the class but not on how sure they are.
#
# Learning curves
# ---------------
# The committee against a single tree with uncertainty sampling and against
# the same committee fed random labels, each given 40 labels two at a time.
# Early accuracy depends a lot on the eight random starting labels, so each
# curve is the mean over three starts.


def mean_curve(make_learner):
    runs = [run(make_learner(), 16, seed=seed) for seed in range(3)]
    return runs[0][1], np.mean([accuracy for _, _, accuracy in runs], axis=0)


curves = {
    "committee, KL divergence": mean_curve(make_committee),
    "single tree, least confident": mean_curve(
        lambda: ActiveLearner(DecisionTreeClassifier(max_depth=4, random_state=0),
                              uncertainty_sampling, random_state=0)),
    "committee, random sampling": mean_curve(
        lambda: make_committee().set_params(query_strategy=random_sampling)),
}
fig, ax = plt.subplots(figsize=(6, 4))
for (name, (n_labels, accuracy)), style in zip(curves.items(), ["o-", "^-", "s--"]):
    ax.plot(n_labels, accuracy, style, markersize=4, label=name)
ax.set(xlabel="number of labels", ylabel="test accuracy",
       title="Half moons: learning curves")
ax.grid(alpha=0.3)
ax.legend(loc="lower right")
fig.tight_layout()

# %%
# A single tree is confident almost everywhere (its leaves are nearly pure),
# so its own uncertainty is a poor guide and it learns slowest. The
# committee's disagreement points at the boundary and beats random labels.
for name, (n_labels, accuracy) in curves.items():
    print(f"{name:>30}: {accuracy[-1]:.3f} after {n_labels[-1]} labels")
plt.show()
