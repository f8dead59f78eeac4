"""
=======================================================
Stream-based selection: labeling 10% of a digit stream
=======================================================

Digits arrive one chunk at a time and the annotator can label a tenth of
them. A :class:`~skactive.StreamLearner` decides for each arriving digit
whether to ask; the model, an SGD classifier updated through
``partial_fit``, predicts every digit before its label could be known, so
the running accuracy is an honest (prequential) score.
:class:`~skactive.plotting.StreamSimulationDisplay` draws that accuracy and
the labels spent over the stream.
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
from skactive.plotting import StreamSimulationDisplay
from skactive.strategies import StreamRandomSampling, VariableUncertainty

X, y = load_digits(return_X_y=True)
model = make_pipeline(StandardScaler(), SGDClassifier(loss="log_loss", random_state=0))

# %%
# The same streams, the same budget: variable uncertainty against a random
# tenth of the stream, on five orders of the digits (one per seed).
results = {"variable uncertainty": [], "random": []}
for seed in range(5):
    order = np.random.RandomState(seed).permutation(len(X))
    for name, strategy in [("variable uncertainty", VariableUncertainty()),
                           ("random", StreamRandomSampling())]:
        learner = StreamLearner(model, strategy, budget=0.1, random_state=seed)
        results[name].append(stream_simulation(learner, X[order], y[order],
                                               n_initial=50, chunk_size=20))

# %%
# Above, the accuracy so far; below, the labels spent so far against the
# budget's line: both strategies spend the budget at its pace.
display = StreamSimulationDisplay.from_simulation(
    results, title="digits arriving in random order, 10% labeled")
plt.show()
