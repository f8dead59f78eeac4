"""Label efficiency: learning curves of every strategy next to random sampling.

Protocol (issue 8): a stratified split holds out 25 % for testing; the rest
is the pool. 10 random seed labels, then batches of 10 queried labels up to a
budget of 150 (capped to the pool for iris and wine, whose pools are
smaller), a scaled LogisticRegression refitted after each batch: simulation
mode (``ActiveLearner(..., budget=, n_initial=, batch_size=)``) run by
:func:`skactive.model_selection.active_learning_curve`, which limits BLAS to
one thread while refitting. Every strategy sees the same splits and seed
labels (a paired comparison). AULC is the normalised area under the
test-score curve (its mean height, trapezoids); "at budget" is the test score
after the last batch. Means over the repeats, and the difference to random
sampling in the same runs.
"""

import time

import numpy as np
from sklearn.datasets import (
    load_breast_cancer,
    load_digits,
    load_iris,
    load_wine,
    make_classification,
)
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from _common import discover_strategies, why_unusable
from skactive import ActiveLearner
from skactive.model_selection import active_learning_curve

N_INITIAL = 10
BATCH_SIZE = 10
BUDGET = 150
TEST_SIZE = 0.25


def _noisy():
    # 10 % of the labels flipped at random: strategies that chase the most
    # uncertain rows may chase noise.
    return make_classification(
        n_samples=2000, n_features=20, n_informative=8, n_classes=4,
        n_clusters_per_class=2, flip_y=0.1, random_state=0,
    )


def _rare():
    # One class is 3 % of the data: accuracy hides it, balanced accuracy not.
    return make_classification(
        n_samples=2000, n_features=20, n_informative=8, n_classes=3,
        weights=[0.77, 0.2, 0.03], random_state=1,
    )


def _load(loader):
    return lambda: loader(return_X_y=True)


# name -> (loader, scoring)
DATASETS = {
    "digits": (_load(load_digits), "accuracy"),
    "breast_cancer": (_load(load_breast_cancer), "accuracy"),
    "wine": (_load(load_wine), "accuracy"),
    "iris": (_load(load_iris), "accuracy"),
    "synthetic, 10 % label noise": (_noisy, "accuracy"),
    "synthetic, rare class (3 %)": (_rare, "balanced_accuracy"),
}
QUICK_DATASETS = ("digits", "breast_cancer", "synthetic, 10 % label noise")


def _learner(budget):
    return ActiveLearner(
        make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
        budget=budget,
        n_initial=N_INITIAL,
        batch_size=BATCH_SIZE,
    )


def _curves(name, strategy, X, y, budget, scoring, repeats):
    """Per-run AULC and final score of one strategy (simulation mode)."""
    result = active_learning_curve(
        _learner(budget), X, y, strategies={name: strategy}, n_repeats=repeats,
        test_size=TEST_SIZE, scoring=scoring, full_data=False, random_state=0,
    )
    return result.aulc[name], result.scores[name][-1]


def _run_seconds(strategy, X, y, budget):
    """Rough time of one simulated run: its queries, timed on one of them."""
    rng = np.random.RandomState(0)
    seed = rng.choice(len(y), N_INITIAL, replace=False)
    learner = _learner(None).set_params(query_strategy=strategy, random_state=0)
    learner.fit(X[seed], y[seed])
    start = time.perf_counter()
    learner.query(X, BATCH_SIZE)
    n_queries = (budget - N_INITIAL) // BATCH_SIZE
    return (time.perf_counter() - start) * n_queries


def _budget(n_pool):
    # 150 labels, or as many whole batches as the pool holds.
    return min(BUDGET, N_INITIAL + (n_pool - N_INITIAL) // BATCH_SIZE * BATCH_SIZE)


def run(quick=False):
    """One table per data set: AULC and score at budget, per strategy."""
    repeats = 3 if quick else 5
    run_limit = 20.0 if quick else 120.0  # seconds for one simulated run
    names = QUICK_DATASETS if quick else tuple(DATASETS)
    found = [(name, s) for name, s, note in discover_strategies() if not note]
    found.sort(key=lambda item: item[0] != "random_sampling")  # the baseline first
    rows = []
    for data_name in names:
        loader, scoring = DATASETS[data_name]
        X, y = loader()
        n_pool = len(y) - int(np.ceil(TEST_SIZE * len(y)))
        budget = _budget(n_pool)
        table = (
            f"Label efficiency: {data_name} ({len(y)} samples, {len(np.unique(y))} "
            f"classes; {scoring}; {N_INITIAL} seed labels + batches of {BATCH_SIZE} "
            f"to {budget}; {repeats} repeats)"
        )
        baseline = None
        for name, strategy in found:
            row = {"table": table, "strategy": name}
            note = ""
            start = time.perf_counter()
            try:
                estimate = _run_seconds(strategy, X, y, budget)
                if estimate > run_limit and quick:
                    aulc, note = [], f"skipped: about {estimate:.0f} s a run"
                elif estimate > run_limit:
                    # The same random_state gives every call the same splits
                    # and seeds, so this one run is paired with random's first.
                    aulc, final = _curves(name, strategy, X, y, budget, scoring, 1)
                    note = f"1 run only (about {estimate:.0f} s a run)"
                else:
                    aulc, final = _curves(name, strategy, X, y, budget, scoring, repeats)
            except Exception as exc:  # noqa: BLE001 - reported in the table
                aulc, note = [], why_unusable(exc)
            if len(aulc):
                row["AULC"] = float(np.mean(aulc))
                row["AULC std"] = float(np.std(aulc))
                row["at budget"] = float(np.mean(final))
                if baseline is None:
                    baseline = (aulc, final)
                k = min(len(aulc), len(baseline[0]))
                row["AULC - random"] = float(np.mean(aulc[:k] - baseline[0][:k]))
                row["at budget - random"] = float(np.mean(final[:k] - baseline[1][:k]))
            row["seconds"] = time.perf_counter() - start
            if note:
                row["note"] = note
            rows.append(row)
    return rows
