"""
==================================================
Active learning and self-training, side by side
==================================================

Active learning and semi-supervised learning attack the same shortage of
labels from two ends. Active learning chooses *which* samples a person labels;
self-training (:class:`~sklearn.semi_supervised.SelfTrainingClassifier`) lets
the model label the samples it is confident about itself. They combine
naturally: the learner asks about what it is unsure of, and self-training
fills in what it is sure of from the rest of the pool.
"""

# %%
# The breast cancer data set: 30 measurements of a tumour, benign or
# malignant. Labels need a pathologist, so they are expensive. A third of the
# data is the test set; the rest is the pool.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler
from sklearn.semi_supervised import SelfTrainingClassifier

from skactive import ActiveLearner
from skactive.strategies import margin_sampling, random_sampling

X, y = load_breast_cancer(return_X_y=True)
X = StandardScaler().fit_transform(X)  # unsupervised, so fitting it on all rows is fair
X_pool, X_test, y_pool, y_test = train_test_split(X, y, test_size=0.33, random_state=1)

# %%
# Who picks the labels, and what learns from them
# -----------------------------------------------
# We run the active learning loop with a plain logistic regression (fast to
# refit at every step). At a few checkpoints we also fit a
# ``SelfTrainingClassifier`` on the labels chosen so far **plus** the rest of
# the pool marked as unlabeled (label ``-1``, scikit-learn's convention):
# it adds the pool samples it predicts with at least 95% probability as
# pseudo-labels and refits, three times at most.


def self_trained_score(labeled, unlabeled):
    X_train = np.concatenate([X_pool[labeled], X_pool[unlabeled]])
    y_train = np.concatenate([y_pool[labeled], np.full(len(unlabeled), -1)])
    model = SelfTrainingClassifier(LogisticRegression(), threshold=0.95, max_iter=3)
    return model.fit(X_train, y_train).score(X_test, y_test)


def run(strategy, seed, checkpoints=(10, 20, 40), batch_size=5):
    initial = np.random.RandomState(seed).choice(len(X_pool), 10, replace=False)
    learner = ActiveLearner(LogisticRegression(), strategy, random_state=seed)
    learner.fit(X_pool[initial], y_pool[initial])
    labeled = list(initial)
    unlabeled = np.setdiff1d(np.arange(len(X_pool)), initial)
    alone, combined = [], []
    while True:
        if len(labeled) in checkpoints:
            alone.append(learner.score(X_test, y_test))
            combined.append(self_trained_score(labeled, unlabeled))
        if len(labeled) >= max(checkpoints):
            return np.array(checkpoints), np.array(alone), np.array(combined)
        positions = learner.query(X_pool[unlabeled], batch_size)
        learner.teach(X_pool[unlabeled[positions]], y_pool[unlabeled[positions]])
        labeled += list(unlabeled[positions])
        unlabeled = np.delete(unlabeled, positions)


# %%
# With ten labels to start from, results swing with the draw of those ten,
# so every curve is the mean over three draws.


def mean_run(strategy):
    runs = [run(strategy, seed) for seed in range(3)]
    return runs[0][0], *np.mean([r[1:] for r in runs], axis=0)


n_labels, margin_alone, margin_self = mean_run(margin_sampling)
_, random_alone, random_self = mean_run(random_sampling)

fig, ax = plt.subplots(figsize=(6.5, 4.2))
ax.plot(n_labels, margin_self, "o-", color="tab:purple",
        label="margin labels + self-training")
ax.plot(n_labels, margin_alone, "o--", color="tab:blue", label="margin labels only")
ax.plot(n_labels, random_self, "s-", color="tab:olive",
        label="random labels + self-training")
ax.plot(n_labels, random_alone, "s--", color="grey", label="random labels only")
ax.set(xlabel="number of labels given by a person", ylabel="test accuracy",
       title="Breast cancer: who chooses the labels, who uses the pool")
ax.grid(alpha=0.3)
ax.legend(loc="lower right")
fig.tight_layout()
plt.show()

for name, values in [("margin only", margin_alone), ("margin + self", margin_self),
                     ("random only", random_alone), ("random + self", random_self)]:
    print(f"{name:>14}: " + "  ".join(f"{v:.3f}" for v in values))

# %%
# Three things to read from this plot.
#
# * With ten labels, self-training hurts: a model trained on ten samples is
#   confidently wrong on part of the pool, and those pseudo-labels are never
#   corrected.
# * From twenty labels on, self-training adds a little, whichever way the
#   labels were chosen.
# * On this easy data set margin sampling hardly beats random labels: ten
#   random tumours already give a decent model and the classes are well
#   separated. Active learning is not guaranteed to help, and neither is
#   self-training; both are things to measure on your own data, as here,
#   before relying on them (see :ref:`simulation`). The digits example shows
#   a data set where active learning clearly pays.
#
# ``SelfTrainingClassifier`` can also be the estimator of the
# :class:`~skactive.ActiveLearner` itself, but the learner refits on its
# labeled set only, so it would never see the unlabeled pool; fitting it at
# checkpoints, as above, is the way to give it the pool.
