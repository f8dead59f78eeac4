"""
==================================================
Choosing a strategy with GridSearchCV and the AULC
==================================================

With ``budget`` set, an :class:`~skactive.ActiveLearner` *simulates* active
learning inside ``fit``: it treats ``y`` as the annotator, labels
``n_initial`` random samples, then queries ``batch_size`` at a time until
``budget`` labels are spent, and keeps the model trained on those labels.
That makes the query strategy an ordinary hyper-parameter, and
``GridSearchCV`` can choose it.
"""

# %%
# Score the whole curve, not only its end
# ---------------------------------------
# The default score of a classifier is the accuracy at the budget. A
# strategy that reaches that accuracy after half the labels is worth more,
# so :data:`~skactive.metrics.aulc_scorer` replays the run on the test fold
# and returns the area under the learning curve (the mean accuracy over the
# checkpoints).
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV

from skactive import ActiveLearner
from skactive.metrics import aulc_scorer
from skactive.strategies import (
    RankedBatch,
    entropy_sampling,
    margin_sampling,
    random_sampling,
)

X, y = load_digits(return_X_y=True)
X = X / 16.0

learner = ActiveLearner(LogisticRegression(max_iter=300), budget=100, n_initial=10,
                        batch_size=15, random_state=0)
grid = GridSearchCV(
    learner,
    param_grid=[
        {"query_strategy": [random_sampling, margin_sampling, entropy_sampling]},
        # Strategies with settings are tuned through query_strategy__<name>.
        {"query_strategy": [RankedBatch()],
         "query_strategy__base": [margin_sampling, entropy_sampling]},
    ],
    scoring={"aulc": aulc_scorer, "accuracy": "accuracy"},
    refit="aulc",
    cv=3,
)
grid.fit(X, y)

# %%
# The results
# -----------
# One row per candidate: the AULC that ranks them and, for comparison, the
# plain accuracy at the budget.


def describe(params):
    strategy = params["query_strategy"]
    name = getattr(strategy, "__name__", type(strategy).__name__)
    base = params.get("query_strategy__base")
    return f"{name}({base.__name__})" if base is not None else name


table = pd.DataFrame({
    "strategy": [describe(p) for p in grid.cv_results_["params"]],
    "AULC": grid.cv_results_["mean_test_aulc"],
    "accuracy at 100 labels": grid.cv_results_["mean_test_accuracy"],
    "rank": grid.cv_results_["rank_test_aulc"],
}).sort_values("rank")
print(table.to_string(index=False, float_format="{:.3f}".format))
print("chosen:", describe(grid.best_params_))

# Points rather than bars: the candidates differ by a few hundredths, so the
# value axis starts near the lowest score instead of at zero, and a bar's
# length would then exaggerate the gaps.
fig, ax = plt.subplots(figsize=(6.5, 3.6))
order = np.arange(len(table))
ax.scatter(table["AULC"], order, marker="o", zorder=3, label="AULC")
ax.scatter(table["accuracy at 100 labels"], order, marker="x", zorder=3,
           label="accuracy at 100 labels")
ax.set_yticks(order, table["strategy"])
ax.invert_yaxis()
ax.grid(axis="y", alpha=0.3)
ax.set_xlabel("mean over 3 folds (axis does not start at zero)")
ax.set_title("Digits, 100 labels: strategies ranked by AULC")
ax.legend(loc="lower right", fontsize=8)
fig.tight_layout()
plt.show()

# %%
# Compare the two columns for margin and random sampling: their accuracies
# at the budget differ clearly, yet their AULCs are close, because margin
# sampling starts slowly on digits and only overtakes random labels late in
# the run. The AULC rewards the strategies that are good early, which is
# what saves annotation at any budget.
#
# ``grid.best_estimator_`` is a learner refitted on all the data with the
# winning strategy, in simulation mode: its model saw only the 100 labels its
# strategy chose. For a real project, take ``grid.best_params_`` and build an
# interactive learner with them.
#
# Two cautions. Cross-validation folds are small pools, so the ranking is for
# this data set, model and budget only. And each candidate costs
# ``n_folds × budget / batch_size`` refits plus the AULC replay; for larger
# studies :func:`~skactive.model_selection.active_learning_curve` runs
# repeated, paired simulations in parallel and returns whole curves, and
# ``python -m skactive`` does the same from the command line.
