"""
===========================================
Multi-label active learning: tagging digits
===========================================

Each digit image carries four tags at once: *even*, *at least 5*, *prime*
and *has a closed loop*. An annotator checks every tag of a sample, so each
query costs four decisions; choosing the samples well matters more than in
single-label tasks. The learner takes the tags as a 0/1 indicator matrix,
one column per tag, and a multi-label strategy chooses the samples whose
tags the model is least sure of.
"""

# %%
# The tags as an indicator matrix (what
# :class:`~sklearn.preprocessing.MultiLabelBinarizer` makes from label sets).
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skactive import ActiveLearner
from skactive.model_selection import active_learning_curve
from skactive.plotting import plot_learning_curves
from skactive.strategies import avg_confidence_sampling, random_sampling

X, digit = load_digits(return_X_y=True)
tags = ["even", "at least 5", "prime", "closed loop"]
Y = np.column_stack([
    digit % 2 == 0, digit >= 5, np.isin(digit, [2, 3, 5, 7]), np.isin(digit, [0, 6, 8, 9]),
]).astype(int)
print(dict(zip(tags, Y.mean(axis=0).round(2).tolist())))

# %%
# One logistic regression per tag. A single query: the five samples whose
# tags are, on average, closest to a coin toss for the model.
model = make_pipeline(StandardScaler(), OneVsRestClassifier(LogisticRegression(max_iter=1000)))
rng = np.random.RandomState(0)
seed = rng.choice(len(X), 10, replace=False)
learner = ActiveLearner(model, avg_confidence_sampling, random_state=0).fit(X[seed], Y[seed])
positions, scores = learner.query(X, n_instances=5, return_scores=True)
print("asked for:", positions, "digits", digit[positions])

# %%
# Simulated runs, paired: both strategies start from the same random labels
# in each run and are scored by micro-averaged F1 over all tags.
simulated = ActiveLearner(model, budget=100, n_initial=10, batch_size=10)
result = active_learning_curve(
    simulated, X, Y, strategies=[avg_confidence_sampling, random_sampling],
    n_repeats=3, scoring="f1_micro", random_state=0, full_data=False,
)
for name, aulc in result.aulc.items():
    print(f"{name}: AULC {aulc.mean():.3f}")
display = plot_learning_curves(result)
display.ax_.set_ylabel("micro-averaged F1 on held-out digits")
plt.show()
