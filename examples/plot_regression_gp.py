"""
=========================================================
Regression: a Gaussian process queries where it is unsure
=========================================================

A 1-D function, expensive to evaluate (a simulation, a lab measurement), is
learned by a :class:`~sklearn.gaussian_process.GaussianProcessRegressor`
from a few evaluations. :func:`~skactive.strategies.std_sampling` asks for
the point where the process's predictive standard deviation is largest;
random sampling picks points blindly. Both start from the same three points
and get twelve more, one at a time.
"""

# %%
# The function and the two learners
# ---------------------------------
import matplotlib.pyplot as plt
import numpy as np
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import RBF

from skactive import ActiveRegressor
from skactive.strategies import random_sampling, std_sampling


def f(x):
    return np.sin(3 * x) + 0.3 * x


X_pool = np.linspace(0, 5, 200).reshape(-1, 1)
y_pool = f(X_pool).ravel()  # the oracle: revealed only when asked
start = np.array([20, 100, 180])

# Noise-free evaluations: a small jitter (alpha) only; the length scale is fitted.
kernel = RBF(length_scale=0.5, length_scale_bounds=(0.1, 10.0))
learners = {
    name: ActiveRegressor(
        GaussianProcessRegressor(kernel, alpha=1e-6, normalize_y=True), strategy,
        random_state=0,
    ).fit(X_pool[start], y_pool[start])
    for name, strategy in [("std_sampling", std_sampling), ("random", random_sampling)]
}

# %%
# Twelve queries each
# -------------------
errors = {name: [] for name in learners}
for _ in range(12):
    for name, learner in learners.items():
        position = learner.query(X_pool, n_instances=1)
        learner.teach(X_pool[position], y_pool[position])
        error = np.sqrt(np.mean((learner.predict(X_pool) - y_pool) ** 2))
        errors[name].append(error)

for name, values in errors.items():
    print(f"{name:>12}: RMSE after 15 points {values[-1]:.3f}")

# %%
# What each learner knows
# -----------------------
# The band is two predictive standard deviations. ``std_sampling`` spreads
# its points over the whole range, because the largest uncertainty is always
# where no point is yet; random picks can leave gaps where the process has
# to guess.
fig, axes = plt.subplots(1, 3, figsize=(13, 3.6), layout="constrained")
for ax, (name, learner) in zip(axes, learners.items()):
    mean, std = learner.predict(X_pool, return_std=True)
    ax.plot(X_pool, y_pool, color="0.4", linestyle="--", label="f(x)")
    ax.plot(X_pool, mean, label="GP mean")
    ax.fill_between(X_pool.ravel(), mean - 2 * std, mean + 2 * std, alpha=0.25)
    ax.scatter(learner.X_labeled_, learner.y_labeled_, color="k", s=18, zorder=3,
               label="labeled")
    ax.set_title(name)
    ax.legend(loc="lower right", fontsize=8)
axes[2].plot(range(4, 16), errors["std_sampling"], marker="o", label="std_sampling")
axes[2].plot(range(4, 16), errors["random"], marker="o", label="random")
axes[2].set_xlabel("Number of labels")
axes[2].set_ylabel("RMSE on the pool")
axes[2].legend()
plt.show()
