"""
================================================
Pool-based active learning on handwritten digits
================================================

The classic setting: a large pool of unlabeled images, a handful of labels,
and an annotator we would rather not tire. We start from ten labeled digits,
let :func:`~skactive.strategies.margin_sampling` choose which images to ask
about, and compare the test accuracy with what the same number of randomly
chosen labels gives.
"""

# %%
# The data: 8 × 8 grey-level images of the digits 0 to 9. A quarter is held
# out as the test set; the rest is the pool. Dividing by 16 puts the pixels in
# [0, 1], which lets the logistic regression converge quickly.
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

from skactive import ActiveLearner
from skactive.strategies import margin_sampling, random_sampling

X, y = load_digits(return_X_y=True)
X = X / 16.0
X_pool, X_test, y_pool, y_test = train_test_split(X, y, test_size=0.25, random_state=0)

rng = np.random.RandomState(0)
initial = rng.choice(len(X_pool), size=10, replace=False)

# %%
# The loop
# --------
# Each round asks for ten labels. ``query`` returns positions into the pool
# we pass, so we keep an array of the rows still unlabeled and map the
# positions back to the full pool. ``y_pool`` stands in for the annotator.


def run(strategy, n_rounds=9, batch_size=10):
    learner = ActiveLearner(LogisticRegression(max_iter=300), strategy, random_state=0)
    learner.fit(X_pool[initial], y_pool[initial])
    unlabeled = np.setdiff1d(np.arange(len(X_pool)), initial)
    n_labels, accuracy, batches = [10], [learner.score(X_test, y_test)], []
    for _ in range(n_rounds):
        positions = learner.query(X_pool[unlabeled], n_instances=batch_size)
        chosen = unlabeled[positions]
        batches.append((chosen, learner.predict(X_pool[chosen])))
        learner.teach(X_pool[chosen], y_pool[chosen])
        unlabeled = np.delete(unlabeled, positions)
        n_labels.append(len(learner.y_labeled_))
        accuracy.append(learner.score(X_test, y_test))
    return n_labels, accuracy, batches


margin_labels, margin_accuracy, margin_batches = run(margin_sampling)
random_labels, random_accuracy, _ = run(random_sampling)

fig, ax = plt.subplots(figsize=(6, 4))
ax.plot(margin_labels, margin_accuracy, "o-", label="margin sampling")
ax.plot(random_labels, random_accuracy, "s--", color="grey", label="random sampling")
ax.set_xlabel("number of labels")
ax.set_ylabel("test accuracy")
ax.set_title("Digits: accuracy against labels spent")
ax.grid(alpha=0.3)
ax.legend(loc="lower right")
fig.tight_layout()

# %%
# With the same budget, the labels the model asked for are worth more than
# random ones: the margin curve climbs faster.
print(f"after {margin_labels[-1]} labels: margin {margin_accuracy[-1]:.3f}, "
      f"random {random_accuracy[-1]:.3f}")

# %%
# What the model asked about
# --------------------------
# The first batch the learner queried, with the model's guess before it saw
# the answer (red when wrong) and the true label. Trained on ten images, the
# model is wrong about most of what it asks: margin sampling seeks out the
# images it hesitates on, sloppy strokes and digits that resemble others,
# which are exactly the labels that correct it.
chosen, guessed = margin_batches[0]
fig, axes = plt.subplots(2, 5, figsize=(7, 3.4))
for ax, row, guess in zip(axes.ravel(), chosen, guessed):
    ax.imshow(X_pool[row].reshape(8, 8), cmap="gray_r", interpolation="nearest")
    ax.set_title(f"guess {guess}, is {y_pool[row]}", fontsize=10,
                 color="black" if guess == y_pool[row] else "tab:red")
    ax.set_axis_off()
fig.suptitle("First batch queried by margin sampling")
fig.tight_layout()
plt.show()
