"""
=====================================================
Stream-based selection: labeling 10% of a digit stream
=====================================================

Digits arrive one chunk at a time and the annotator can label a tenth of
them. A :class:`~skactive.StreamLearner` decides for each arriving digit
whether to ask; the model, an SGD classifier updated through
``partial_fit``, predicts every digit before its label could be known, so
the running accuracy is an honest (prequential) score.
"""

# %%
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.linear_model import SGDClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skactive import StreamLearner
from skactive.model_selection import stream_simulation
from skactive.strategies import StreamRandomSampling, VariableUncertainty

X, y = load_digits(return_X_y=True)
order = np.random.RandomState(0).permutation(len(X))
X, y = X[order], y[order]
model = make_pipeline(StandardScaler(), SGDClassifier(loss="log_loss", random_state=0))

# %%
# The same stream, the same budget: variable uncertainty against a random
# tenth of the stream.
fig, ax = plt.subplots()
for name, strategy in [("variable uncertainty", VariableUncertainty()),
                       ("random", StreamRandomSampling())]:
    learner = StreamLearner(model, strategy, budget=0.1, random_state=0)
    result = stream_simulation(learner, X, y, n_initial=50, chunk_size=20)
    share = result.n_labels[-1] / result.n_seen[-1]
    ax.plot(result.n_seen, result.accuracy, label=f"{name} ({share:.0%} labeled)")
ax.set_xlabel("digits seen")
ax.set_ylabel("prequential accuracy so far")
ax.legend()
plt.show()
