"""Label efficiency: learning curves of every strategy next to random sampling.

Protocol (issue 8): a stratified split holds out 25 % for testing; the rest
is the pool. 10 random seed labels, then batches of 10 queried labels up to a
budget of 150 (capped to the pool for iris and wine, whose pools are
smaller), a scaled LogisticRegression refitted after each batch. Every
strategy sees the same splits and seed labels (a paired comparison). AULC is
the normalised area under the test-score curve (its mean height, trapezoids);
"at budget" is the test score after the last batch. Means over the repeats,
and the difference to random sampling in the same runs.
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
from sklearn.metrics import get_scorer
from sklearn.model_selection import StratifiedShuffleSplit
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

from _common import discover_strategies, why_unusable
from skactive import ActiveLearner

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


def _learner(strategy, seed):
    return ActiveLearner(
        make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
        query_strategy=strategy,
        random_state=seed,
    )


def _normalized_area(n_labels, scores):
    n_labels = np.asarray(n_labels, dtype=float)
    scores = np.asarray(scores, dtype=float)
    area = np.sum(np.diff(n_labels) * (scores[1:] + scores[:-1]) / 2)
    return float(area / (n_labels[-1] - n_labels[0]))


def _one_run(strategy, X, y, split, seed, budget, scorer):
    """One simulated run through the public fit / query / teach API."""
    train, test = split
    X_pool, y_pool = X[train], y[train]
    rng = np.random.RandomState(seed)
    labeled = rng.choice(len(train), N_INITIAL, replace=False)
    learner = _learner(strategy, seed).fit(X_pool[labeled], y_pool[labeled])
    unlabeled = np.setdiff1d(np.arange(len(train)), labeled)
    n_labels, scores = [N_INITIAL], [scorer(learner, X[test], y[test])]
    while n_labels[-1] < budget:
        n_new = min(BATCH_SIZE, budget - n_labels[-1])
        picked = unlabeled[learner.query(X_pool[unlabeled], n_new)]
        learner.teach(X_pool[picked], y_pool[picked])
        unlabeled = np.setdiff1d(unlabeled, picked)
        n_labels.append(n_labels[-1] + n_new)
        scores.append(scorer(learner, X[test], y[test]))
    return _normalized_area(n_labels, scores), scores[-1]


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
        scorer = get_scorer(scoring)
        splitter = StratifiedShuffleSplit(repeats, test_size=TEST_SIZE, random_state=0)
        splits = list(splitter.split(X, y))
        budget = _budget(len(splits[0][0]))
        table = (
            f"Label efficiency: {data_name} ({len(y)} samples, {len(np.unique(y))} "
            f"classes; {scoring}; {N_INITIAL} seed labels + batches of {BATCH_SIZE} "
            f"to {budget}; {repeats} repeats)"
        )
        baseline = None
        for name, strategy in found:
            row = {"table": table, "strategy": name}
            aulc, final, note = [], [], ""
            start = time.perf_counter()
            # Refitting small models: BLAS threads only add overhead here.
            with threadpool_limits(limits=1):
                for seed, split in enumerate(splits):
                    try:
                        area, last = _one_run(strategy, X, y, split, seed, budget, scorer)
                    except Exception as exc:  # noqa: BLE001 - reported in the table
                        note = why_unusable(exc)
                        break
                    aulc.append(area)
                    final.append(last)
                    if seed == 0 and time.perf_counter() - start > run_limit:
                        note = f"1 run only ({time.perf_counter() - start:.0f} s a run)"
                        break
            if aulc:
                row["AULC"] = float(np.mean(aulc))
                row["AULC std"] = float(np.std(aulc))
                row["at budget"] = float(np.mean(final))
                if baseline is None:
                    baseline = (aulc, final)
                k = min(len(aulc), len(baseline[0]))
                row["AULC - random"] = float(np.mean(np.subtract(aulc[:k], baseline[0][:k])))
                row["at budget - random"] = float(
                    np.mean(np.subtract(final[:k], baseline[1][:k]))
                )
            row["seconds"] = time.perf_counter() - start
            if note:
                row["note"] = note
            rows.append(row)
    return rows
