"""Stream-based selection: each stream strategy vs random selection at the same budget.

Streams: digits and a 4-class ``make_classification`` set, shuffled per
seed, each also with a drift (two classes swap their labels half-way).
Model: a scaled ``SGDClassifier(loss="log_loss")`` updated through
``partial_fit`` (the scaler is fitted on the 50 initial rows). Prequential:
every row is predicted before the learner decides whether to ask for its
label. Per strategy: the final prequential accuracy minus random
selection's on the same stream (mean ± s.e. over the seeds, ``*`` beyond
2 s.e.), the share of the stream actually labeled, and decisions per
second (``should_query`` alone).
"""

import time
import warnings

import numpy as np
from sklearn.datasets import load_digits, make_classification
from sklearn.linear_model import SGDClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skactive import StreamLearner
from skactive.model_selection import stream_simulation
from skactive.strategies import (
    DensityUncertainty,
    FixedUncertainty,
    RandomizedVariableUncertainty,
    Split,
    StreamRandomSampling,
    VariableUncertainty,
)

BUDGET, N_INITIAL, CHUNK = 0.1, 50, 20


def streams():
    X_digits, y_digits = load_digits(return_X_y=True)
    X_synth, y_synth = make_classification(
        n_samples=3000, n_features=20, n_informative=8, n_classes=4, flip_y=0.02,
        random_state=0)
    return {"digits": (X_digits, y_digits), "synthetic 4 classes": (X_synth, y_synth)}


def strategies():
    return {
        "random": StreamRandomSampling(),
        "fixed uncertainty": FixedUncertainty(),
        "variable uncertainty": VariableUncertainty(),
        "randomized variable uncertainty": RandomizedVariableUncertainty(),
        "split": Split(),
        "density uncertainty": DensityUncertainty(),
    }


def _stream(X, y, seed, drift):
    order = np.random.RandomState(seed).permutation(X.shape[0])
    X, y = X[order], y[order].copy()
    if drift:  # classes 0 and 1 swap their labels half-way
        tail = y[X.shape[0] // 2:]
        zeros, ones = tail == 0, tail == 1
        tail[zeros], tail[ones] = 1, 0
    return X, y


def run(quick=False):
    n_seeds = 3 if quick else 10
    rows = []
    model = make_pipeline(StandardScaler(), SGDClassifier(loss="log_loss", random_state=0))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, (X, y) in streams().items():
            for drift in (False, True):
                results = {key: [] for key in strategies()}
                spent, speed = {key: [] for key in results}, {key: [] for key in results}
                for seed in range(n_seeds):
                    X_s, y_s = _stream(X, y, seed, drift)
                    for key, strategy in strategies().items():
                        learner = StreamLearner(model, strategy, budget=BUDGET, random_state=seed)
                        result = stream_simulation(learner, X_s, y_s, n_initial=N_INITIAL,
                                                   chunk_size=CHUNK)
                        results[key].append(result.accuracy[-1])
                        spent[key].append(result.n_labels[-1] / result.n_seen[-1])
                        fitted = result.learner
                        start = time.perf_counter()
                        fitted.should_query(X_s[N_INITIAL:])
                        speed[key].append((X_s.shape[0] - N_INITIAL) / (time.perf_counter() - start))
                base = np.array(results["random"])
                for key, values in results.items():
                    diff = np.array(values) - base
                    se = diff.std(ddof=1) / np.sqrt(n_seeds)
                    rows.append({
                        "table": f"stream selection at budget {BUDGET}, prequential accuracy",
                        "stream": name + (", label swap half-way" if drift else ""),
                        "strategy": key,
                        "accuracy": round(float(np.mean(values)), 4),
                        "diff_to_random": round(float(diff.mean()), 4),
                        "se": round(float(se), 4),
                        "significant": bool(key != "random" and abs(diff.mean()) > 2 * se),
                        "spent": round(float(np.mean(spent[key])), 4),
                        "decisions_per_s": int(np.median(speed[key])),
                        "seeds": n_seeds,
                    })
    return rows


if __name__ == "__main__":
    import argparse
    import json

    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json")
    args = parser.parse_args()
    results = run(args.quick)
    for row in results:
        print(row)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
