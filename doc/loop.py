# The loop of the landing page (index.rst includes it from line 3 on);
# tests/test_api_reference.py runs it.
import numpy as np
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from skactive import ActiveLearner

X, y = load_digits(return_X_y=True)
X_test, y_test, X_pool, y_pool = X[:300], y[:300], X[300:], y[300:]
learner = ActiveLearner(LogisticRegression(max_iter=1000), random_state=0)  # the default strategy
learner.fit(X_pool[:20], y_pool[:20])                # the labels you start with
X_pool, y_pool = X_pool[20:], y_pool[20:]
for _ in range(5):
    idx = learner.query(X_pool, n_instances=10)      # positions, most informative first
    learner.teach(X_pool[idx], y_pool[idx])          # y_pool plays the annotator here
    X_pool, y_pool = np.delete(X_pool, idx, axis=0), np.delete(y_pool, idx)
print(f"{len(learner.y_labeled_)} labels, accuracy {learner.score(X_test, y_test):.2f}")
