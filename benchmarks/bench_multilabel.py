"""Multi-label label efficiency (every multi-label strategy vs random) and query speed.

Protocol, mirroring the single-label one: per seed, a random 2/3 pool, 1/3
test split (multi-label targets cannot be stratified); 10 random seed
labels, then batches of 10 queried labels until 150 more; the AULC is the
mean test micro-F1 over the 16 models (after the seed and after each
batch). Every strategy, and modAL's multi-label strategies run on the same
fitted models, sees the same splits and seed labels as random sampling in
that seed, so differences are paired: mean ± standard error over seeds,
``*`` beyond two standard errors.

Data: ``make_multilabel_classification`` at three settings, and digits with
four attributes of the digit as labels (even, at least 5, prime, closed
loop) — scikit-learn's multi-label ``fetch_*`` sets need the network.
Models: a scaled one-vs-rest logistic regression and a random forest.
Speed: query time on 10^5 rows as a ratio to one bare ``predict_proba``.
"""

import inspect
import time
import warnings

import numpy as np
from sklearn.datasets import load_digits, make_multilabel_classification
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from joblib import Parallel, delayed
from threadpoolctl import threadpool_limits

from skactive import ActiveLearner
from skactive.strategies import (
    CoreSet,
    DiverseBatch,
    avg_confidence_sampling,
    get_strategy_tags,
    random_sampling,
)
from skactive.utils.discovery import all_strategies

N_INITIAL, BATCH, N_QUERIED = 10, 10, 150


def _digits_attributes():
    X, digit = load_digits(return_X_y=True)
    Y = np.column_stack([
        digit % 2 == 0, digit >= 5, np.isin(digit, [2, 3, 5, 7]), np.isin(digit, [0, 6, 8, 9]),
    ]).astype(int)
    return X, Y


def datasets(quick=False):
    sets = {
        "synthetic 5 labels": make_multilabel_classification(
            n_samples=900, n_features=20, n_classes=5, n_labels=2, random_state=1),
        "synthetic 10 labels": make_multilabel_classification(
            n_samples=900, n_features=30, n_classes=10, n_labels=3, random_state=2),
        "digits attributes": _digits_attributes(),
    }
    if quick:
        sets = {name: sets[name] for name in ("synthetic 5 labels", "digits attributes")}
    return sets


def models(quick=False):
    found = {
        "logistic": lambda: make_pipeline(
            StandardScaler(), OneVsRestClassifier(LogisticRegression(max_iter=1000))),
        "forest": lambda: RandomForestClassifier(n_estimators=50, random_state=0),
    }
    return {"logistic": found["logistic"]} if quick else found


def strategies():
    found = {name: obj for name, obj in all_strategies()
             if not inspect.isclass(obj)
             and "multilabel" in get_strategy_tags(obj).tasks
             and "classification" not in get_strategy_tags(obj).tasks}
    found["DiverseBatch(avg_confidence)"] = DiverseBatch(base=avg_confidence_sampling)
    found["CoreSet()"] = CoreSet()
    return found


def modal_strategies():
    """modAL's multi-label strategies as skactive strategies, if modAL imports."""
    try:
        from modAL import multilabel
    except Exception:  # not installed, or broken on this scikit-learn
        return {}

    def wrap(func):
        def strategy(learner, X_pool, n_instances=1, *, random_state=None):
            result = func(learner.estimator_, X_pool, n_instances)
            positions = result[0] if isinstance(result, tuple) else result
            return np.asarray(positions, dtype=np.intp).ravel()
        return strategy

    return {f"modAL {name}": wrap(getattr(multilabel, name)) for name in (
        "min_confidence", "avg_confidence")}


def _split(n, rng):
    order = rng.permutation(n)
    n_pool = (2 * n) // 3
    return order[:n_pool], order[n_pool:]


def _seed(Y_pool, rng):
    # Per-label models need both values of a label: redraw until each label
    # column of the seed has both, or give up after 100 draws and keep the last.
    for _ in range(100):
        seed = rng.choice(Y_pool.shape[0], N_INITIAL, replace=False)
        if np.all(Y_pool[seed].min(axis=0) < Y_pool[seed].max(axis=0)):
            break
    return seed


def aulc(make_model, strategy, X, Y, pool, test, seed, random_state):
    learner = ActiveLearner(make_model(), strategy, random_state=random_state)
    X_pool, Y_pool = X[pool], Y[pool]
    labeled = np.zeros(pool.shape[0], dtype=bool)
    labeled[seed] = True
    learner.fit(X_pool[seed], Y_pool[seed])
    scores = [f1_score(Y[test], learner.predict(X[test]), average="micro", zero_division=0)]
    for _ in range(N_QUERIED // BATCH):
        rest = np.flatnonzero(~labeled)
        picked = rest[learner.query(X_pool[rest], BATCH)]
        learner.teach(X_pool[picked], Y_pool[picked])
        labeled[picked] = True
        scores.append(f1_score(Y[test], learner.predict(X[test]), average="micro",
                               zero_division=0))
    return float(np.mean(scores))


def _paired_rows(data_name, model_name, results, n_seeds):
    base = np.array(results["random_sampling"])
    rows = []
    for name, values in results.items():
        row = {"table": "multi-label label efficiency (AULC of micro-F1)",
               "data": data_name, "model": model_name, "strategy": name, "seeds": n_seeds}
        if any(value is None for value in values):
            rows.append({**row, "error": "fails on this model"})
            continue
        diff = np.array(values) - base
        se = diff.std(ddof=1) / np.sqrt(len(diff)) if len(diff) > 1 else float("nan")
        rows.append({
            **row,
            "aulc": round(float(np.mean(values)), 4),
            "diff_to_random": round(float(diff.mean()), 4),
            "se": round(float(se), 4),
            "significant": bool(abs(diff.mean()) > 2 * se) if name != "random_sampling" else False,
        })
    return rows


def _one_seed(make_model, names, everything, X, Y, seed_number):
    rng = np.random.RandomState(seed_number)
    pool, test = _split(X.shape[0], rng)
    seed = _seed(Y[pool], rng)
    values = {}
    with warnings.catch_warnings(), threadpool_limits(limits=1):
        warnings.simplefilter("ignore")
        for name in names:
            strategy = random_sampling if name == "random_sampling" else everything[name]
            try:
                values[name] = aulc(make_model, strategy, X, Y, pool, test, seed, seed_number)
            except Exception:
                if not name.startswith("modAL"):
                    raise
                values[name] = None  # modAL assumes one probability matrix
    return values


def label_efficiency(quick=False, n_seeds=None, only=None, on_block=None, n_jobs=1):
    """Paired AULC rows; ``only`` maps a model name to the strategy names to run."""
    n_seeds = n_seeds or (3 if quick else 10)
    everything = {**strategies(), **modal_strategies()}
    rows = []
    for model_name, make_model in models(quick).items():
        for data_name, (X, Y) in datasets(quick).items():
            names = [name for name in everything
                     if only is None or name in only.get(model_name, everything)]
            names = ["random_sampling", *names]
            per_seed = Parallel(n_jobs=n_jobs)(
                delayed(_one_seed)(make_model, names, everything, X, Y, seed_number)
                for seed_number in range(n_seeds)
            )
            results = {name: [values[name] for values in per_seed] for name in names}
            block = _paired_rows(data_name, model_name, results, n_seeds)
            rows += block
            if on_block is not None:
                on_block(rows)
    return rows


def speed(quick=False):
    n_rows = 20_000 if quick else 100_000
    X, Y = make_multilabel_classification(n_samples=n_rows + 200, n_features=50,
                                          n_classes=10, random_state=0)
    X = X.astype(np.float64)
    learner_model = OneVsRestClassifier(LogisticRegression(max_iter=1000))
    rows = []
    for name, strategy in strategies().items():
        if name.startswith(("DiverseBatch", "CoreSet")):
            continue
        learner = ActiveLearner(learner_model, strategy, random_state=0).fit(X[:200], Y[:200])
        pool = X[200:]
        floor, query = [], []
        for _ in range(3):  # alternated, so load hits both alike
            start = time.perf_counter()
            learner.predict_proba(pool)
            floor.append(time.perf_counter() - start)
            start = time.perf_counter()
            learner.query(pool, 100)
            query.append(time.perf_counter() - start)
        rows.append({
            "table": f"multi-label query speed, {n_rows:,} rows, 10 labels",
            "strategy": name, "floor_s": round(float(np.median(floor)), 4),
            "query_s": round(float(np.median(query)), 4),
            "ratio": round(float(np.median(query) / np.median(floor)), 2),
        })
    return rows


def run(quick=False):
    with warnings.catch_warnings(), threadpool_limits(limits=1):
        warnings.simplefilter("ignore")
        return label_efficiency(quick) + speed(quick)


if __name__ == "__main__":
    import argparse
    import json

    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json")
    parser.add_argument("--n-jobs", type=int, default=1, help="seeds run in parallel")
    parser.add_argument("--efficiency-only", action="store_true",
                        help="skip the speed table; write the JSON after every block")
    args = parser.parse_args()
    if args.efficiency_only:
        def save(rows):
            with open(args.json, "w") as f:
                json.dump(rows, f, indent=1)
        with warnings.catch_warnings(), threadpool_limits(limits=1):
            warnings.simplefilter("ignore")
            # Forests cost more per refit: there, only the strategies that led
            # with the logistic model, and the batch strategies.
            only = {"forest": {"avg_confidence_sampling", "min_confidence_sampling",
                               "mean_max_loss_sampling", "cvirs_sampling",
                               "DiverseBatch(avg_confidence)", "modAL avg_confidence"}}
            results = label_efficiency(args.quick, only=only, n_jobs=args.n_jobs,
                                       on_block=save if args.json else None)
    else:
        results = run(args.quick)
    for row in results:
        print(row)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
