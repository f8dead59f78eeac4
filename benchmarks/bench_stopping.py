"""Stopping criteria: where each would stop, and what that costs in accuracy.

Protocol (issue 13's, with a larger budget so the curves reach their
plateau): per data set of the development suite and per seed, a stratified
split keeps 2/3 as the pool and 1/3 as the test set; 10 random seed labels
(redrawn until two classes are present), then margin sampling with a
StandardScaler + LogisticRegression, batches of 10, up to 500 labels (or
the whole pool when it is smaller). After the seed and after each batch,
every criterion (its own copy, with a 500-row stop set where it uses one)
is checked on the current model and pool, and the test accuracy recorded.
All criteria watch the same run, so their stops are paired.

Per criterion: the median number of labels at the stop (the budget when it
never fires), the mean accuracy at the stop minus the accuracy at the full
budget, the share of runs that stop "early" (below 99 % of the full-budget
accuracy) and the mean cost above the oracle's under Pullar-Strecker et
al.'s cost model: ``label_cost * n_labels + misclassification_cost *
n_predictions * error_rate``, with ``n_predictions`` the predictions the
model makes in its lifetime. The oracle stops where that cost is lowest on
the run's test curve.

    python benchmarks/bench_stopping.py --quick    # digits, 3 seeds (a few minutes)
    python benchmarks/bench_stopping.py --summarize --explore  # the tables of the JSON

The committed results/stopping.json is the merge (``--merge``) of digits
with 10 seeds and the other sets with 3 (about 20 minutes on 2 shared cores):

    python benchmarks/bench_stopping.py --datasets digits --seeds 10 --json d.json
    python benchmarks/bench_stopping.py --seeds 3 --datasets breast_cancer ... --json r.json
    python benchmarks/bench_stopping.py --merge d.json r.json

``--explore`` reads other thresholds and windows off the recorded measure
histories: a criterion's measures do not depend on its threshold or window,
so this gives the stops those settings would have made in the same runs.
"""

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent), str(HERE)]

from _suite import load_suite  # noqa: E402

from skactive import ActiveLearner  # noqa: E402
from skactive.metrics import stopping_cost  # noqa: E402
from skactive.stopping import (  # noqa: E402
    ClassificationChange,
    MaxConfidence,
    OverallUncertainty,
    PerformanceConvergence,
    StabilizingPredictions,
)
from skactive.strategies import margin_sampling  # noqa: E402

BUDGET = 500
N_INITIAL = 10
BATCH_SIZE = 10
RESULTS = HERE / "results" / "stopping.json"
#: The cost model of the table: a label costs 1, an error 1, and the model
#: makes 10 000 predictions in its life (so 1 % accuracy is worth 100 labels).
COST = {"label_cost": 1.0, "misclassification_cost": 1.0, "n_predictions": 10_000}


def criteria():
    """The criteria compared: the defaults, the papers' settings, neighbours."""
    return {
        "StabilizingPredictions() [default: w=5, k=0.999]": StabilizingPredictions(),
        "StabilizingPredictions(w=3, k=0.99) [paper]":
            StabilizingPredictions(window=3, threshold=0.99),
        "StabilizingPredictions(w=3, k=0.998)":
            StabilizingPredictions(window=3, threshold=0.998),
        "StabilizingPredictions(w=5, k=0.998)": StabilizingPredictions(threshold=0.998),
        "ClassificationChange() [default: w=2]": ClassificationChange(),
        "ClassificationChange(w=1) [paper]": ClassificationChange(window=1),
        "OverallUncertainty() [default: 0.05]": OverallUncertainty(),
        "OverallUncertainty(0.1)": OverallUncertainty(threshold=0.1),
        "MaxConfidence() [default: 0.9]": MaxConfidence(),
        "MaxConfidence(0.7)": MaxConfidence(threshold=0.7),
        "PerformanceConvergence() [default: w=5, 0.005]": PerformanceConvergence(),
        "PerformanceConvergence(w=3)": PerformanceConvergence(window=3),
    }


def _seed_positions(y, rng):
    while True:
        seed = rng.choice(y.shape[0], N_INITIAL, replace=False)
        if np.unique(y[seed]).shape[0] >= 2:
            return seed


def one_run(X, y, seed, watched):
    """One margin-sampling run to the budget, every criterion watching it."""
    X_pool, X_test, y_pool, y_test = train_test_split(
        X, y, test_size=1 / 3, stratify=y, random_state=seed
    )
    budget = min(BUDGET, X_pool.shape[0])
    rng = np.random.RandomState(seed)
    labeled = np.zeros(X_pool.shape[0], dtype=bool)
    labeled[_seed_positions(y_pool, rng)] = True
    learner = ActiveLearner(
        make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
        margin_sampling, random_state=seed,
    ).fit(X_pool[labeled], y_pool[labeled])
    watched = {name: clone(c).set_params(random_state=seed) if "random_state"
               in c.get_params() else clone(c) for name, c in watched.items()}
    n_labels, accuracy = [], []
    stops = dict.fromkeys(watched)
    while True:
        n = int(labeled.sum())
        n_labels.append(n)
        accuracy.append(float(learner.score(X_test, y_test)))
        if n >= budget:
            break
        rest = np.flatnonzero(~labeled)
        X_rest = X_pool[rest]
        for name, criterion in watched.items():
            # Checked to the end, fired or not: the histories let other
            # thresholds be read off the same run (see summarize).
            if criterion.check(learner, X_rest) and stops[name] is None:
                stops[name] = n
        picked = rest[learner.query(X_rest, min(BATCH_SIZE, budget - n))]
        learner.teach(X_pool[picked], y_pool[picked])
        labeled[picked] = True
    histories = {name: [None if v is None else float(v) for v in c.history_]
                 for name, c in watched.items()}
    return {"seed": seed, "n_labels": n_labels, "accuracy": accuracy, "stops": stops,
            "histories": histories}


def summarize(runs, cost=COST):
    """Rows of the table: one per criterion, over every run given."""
    names = list(runs[0]["stops"])
    table = []
    oracle_labels, oracle_costs = [], []
    for run in runs:
        n = np.array(run["n_labels"])
        costs = stopping_cost(n, np.array(run["accuracy"]), **cost)
        oracle_labels.append(n[np.argmin(costs)])
        oracle_costs.append(costs.min())
    for name in names:
        labels, deltas, early, excess = [], [], [], []
        for run, best in zip(runs, oracle_costs):
            n = np.array(run["n_labels"])
            acc = np.array(run["accuracy"])
            stop = run["stops"][name]
            at = n.shape[0] - 1 if stop is None else int(np.flatnonzero(n == stop)[0])
            labels.append(n[at])
            deltas.append(acc[at] - acc[-1])
            early.append(acc[at] < 0.99 * acc[-1])
            excess.append(float(stopping_cost(n[at], acc[at], **cost)) - best)
        table.append({
            "criterion": name,
            "median_labels_at_stop": float(np.median(labels)),
            "mean_labels_at_stop": float(np.mean(labels)),
            "accuracy_at_stop_minus_full": float(np.mean(deltas)),
            "worst_accuracy_at_stop_minus_full": float(np.min(deltas)),
            "share_early": float(np.mean(early)),
            "share_never_fired": float(np.mean([r["stops"][name] is None for r in runs])),
            "excess_cost_over_oracle": float(np.mean(excess)),
        })
    table.append({
        "criterion": "oracle (cost model)",
        "median_labels_at_stop": float(np.median(oracle_labels)),
        "mean_labels_at_stop": float(np.mean(oracle_labels)),
    })
    return table


def replay_stops(runs, source, variants):
    """Runs with the stops of ``variants`` read off the history of ``source``.

    Every setting of a criterion sees the same measures in a run (the same
    stop set, the same models), so its stop is where its ``decide`` first
    says yes on the recorded history: other thresholds and windows cost no
    new run.
    """
    replayed = []
    for run in runs:
        history = run["histories"][source]
        stops = {}
        for name, criterion in variants.items():
            stops[name] = next(
                (run["n_labels"][k] for k in range(len(history))
                 if criterion.decide(history[:k + 1])), None)
        replayed.append({**run, "stops": stops})
    return replayed


def rederive(run):
    """A run with the stops of :func:`criteria` decided on its recorded histories.

    Each criterion's history comes from a recorded criterion of the same
    class (the same measure on the same stop set); only the decision is new.
    """
    stops, histories = {}, {}
    for name, criterion in criteria().items():
        cls = type(criterion).__name__
        source = next(key for key in run["histories"] if key.startswith(cls))
        history = run["histories"][source]
        histories[name] = history
        stops[name] = next((run["n_labels"][k] for k in range(len(history))
                            if criterion.decide(history[:k + 1])), None)
    return {**run, "stops": stops, "histories": histories}


def explore(by_set):
    """Other settings of each criterion, from the recorded histories."""
    grids = {
        "StabilizingPredictions() [default: w=5, k=0.999]": {
            f"StabilizingPredictions(window={w}, threshold={t})":
                StabilizingPredictions(window=w, threshold=t)
            for w in (1, 3, 5) for t in (0.99, 0.995, 0.997, 0.998, 0.999, 1.0)},
        "ClassificationChange() [default: w=2]": {
            f"ClassificationChange(threshold={t}, window={w})":
                ClassificationChange(threshold=t, window=w)
            for w in (1, 2, 3) for t in (0.0, 0.002, 0.004)},
        "OverallUncertainty() [default: 0.05]": {
            f"OverallUncertainty(threshold={t})": OverallUncertainty(threshold=t)
            for t in (0.02, 0.03, 0.05, 0.1)},
        "MaxConfidence() [default: 0.9]": {
            f"MaxConfidence(threshold={t})": MaxConfidence(threshold=t)
            for t in (0.6, 0.7, 0.8, 0.9)},
    }
    everything = [run for runs in by_set.values() for run in runs]
    for source, variants in grids.items():
        for name, runs in [*by_set.items(), ("all data sets", everything)]:
            _print_table(f"{name}: settings of {source.split('(')[0]}",
                         summarize(replay_stops(runs, source, variants)))


def _print_table(title, rows, budget_note=""):
    print(f"\n{title}{budget_note}")
    print(f"{'criterion':50s} {'median':>7s} {'acc-full':>9s} {'worst':>7s} "
          f"{'early':>6s} {'never':>6s} {'+cost':>7s}")
    for row in rows:
        if "share_early" not in row:
            print(f"{row['criterion']:50s} {row['median_labels_at_stop']:7.0f}")
            continue
        print(f"{row['criterion']:50s} {row['median_labels_at_stop']:7.0f} "
              f"{row['accuracy_at_stop_minus_full']:+9.4f} "
              f"{row['worst_accuracy_at_stop_minus_full']:+7.3f} "
              f"{row['share_early']:6.0%} {row['share_never_fired']:6.0%} "
              f"{row['excess_cost_over_oracle']:7.0f}")


def rst_table(rows):
    """A table for doc/user_guide/stopping.rst."""
    lines = [".. list-table::", "   :header-rows: 1", "",
             "   * - criterion", "     - median labels at stop",
             "     - accuracy at stop - at budget (mean, worst)",
             "     - stopped early", "     - never fired", "     - cost above oracle"]
    for row in rows:
        name = row["criterion"].replace("*", "\\*")
        if "share_early" not in row:
            lines += [f"   * - {name}", f"     - {row['median_labels_at_stop']:.0f}",
                      "     -", "     -", "     -", "     -"]
            continue
        lines += [
            f"   * - ``{name.split(' [')[0]}``" + (
                f" ({name.split(' [')[1].rstrip(']')})" if " [" in name else ""),
            f"     - {row['median_labels_at_stop']:.0f}",
            f"     - {row['accuracy_at_stop_minus_full']:+.4f} "
            f"({row['worst_accuracy_at_stop_minus_full']:+.3f})",
            f"     - {row['share_early']:.0%}",
            f"     - {row['share_never_fired']:.0%}",
            f"     - {row['excess_cost_over_oracle']:.0f}",
        ]
    return "\n".join(lines)


def report(data):
    by_set = data["runs"]
    for name, runs in by_set.items():
        budget = runs[0]["n_labels"][-1]
        _print_table(name, summarize(runs), f" (budget {budget}, {len(runs)} runs)")
    everything = [run for runs in by_set.values() for run in runs]
    _print_table("all data sets", summarize(everything), f" ({len(everything)} runs)")


def collect(quick=False, n_seeds=None, names=None, partial=None, first_seed=0):
    """Every run of the benchmark, with the settings, as JSON-ready data."""
    names = names or (["digits"] if quick else None)
    n_seeds = n_seeds or (3 if quick else 5)
    suite, notes = load_suite(names)
    by_set = {}
    start = time.perf_counter()
    with threadpool_limits(limits=1):
        for name, X, y in suite:
            by_set[name] = [one_run(X, y, seed, criteria())
                            for seed in range(first_seed, first_seed + n_seeds)]
            print(f"{name}: {n_seeds} runs, {time.perf_counter() - start:.0f} s",
                  file=sys.stderr, flush=True)
            if partial is not None:  # long runs: keep what is done
                partial.write_text(json.dumps({"runs": by_set}))
    return {"protocol": __doc__.split("\n\n")[1], "budget": BUDGET,
            "batch_size": BATCH_SIZE, "cost_model": COST, "notes": notes,
            "runs": by_set}


def run(quick=False):
    """The ``run.py`` convention: table rows over every data set."""
    data = collect(quick)
    return summarize([r for runs in data["runs"].values() for r in runs])


def _compact(value):
    """Floats to 6 decimals, so the committed JSON stays small."""
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, dict):
        return {k: _compact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_compact(v) for v in value]
    return value


def _write(path, data):
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(_compact(data), separators=(",", ":")) + "\n")


def _add_summary(data):
    data["summary"] = {name: summarize(runs) for name, runs in data["runs"].items()}
    data["summary"]["all"] = summarize([r for runs in data["runs"].values() for r in runs])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--seeds", type=int)
    parser.add_argument("--datasets", nargs="*")
    parser.add_argument("--first-seed", type=int, default=0)
    parser.add_argument("--summarize", action="store_true",
                        help="re-print the table from results/stopping.json")
    parser.add_argument("--merge", nargs="+", type=Path, metavar="JSON",
                        help="combine the runs of earlier outputs into --json")
    parser.add_argument("--rederive", action="store_true",
                        help="with --merge: decide today's criteria() on the "
                             "recorded histories")
    parser.add_argument("--explore", action="store_true",
                        help="also print other settings, read off the histories")
    parser.add_argument("--rst", action="store_true",
                        help="print the digits and whole-suite tables as reST")
    parser.add_argument("--json", type=Path, default=RESULTS)
    args = parser.parse_args()
    if args.summarize:
        data = json.loads(args.json.read_text())
    elif args.merge:
        parts = [json.loads(path.read_text()) for path in args.merge]
        data = {**parts[0], "runs": {k: v for part in parts for k, v in part["runs"].items()}}
        if args.rederive:
            data["runs"] = {k: [rederive(r) for r in v] for k, v in data["runs"].items()}
            data["notes"] = [*data.get("notes", []), (
                "stops decided on the recorded measure histories (--rederive): a "
                "criterion's measures do not depend on its threshold or window")]
        _add_summary(data)
        _write(args.json, data)
    else:
        data = collect(args.quick, args.seeds, args.datasets,
                       partial=args.json.with_suffix(".partial.json"),
                       first_seed=args.first_seed)
        _add_summary(data)
        _write(args.json, data)
    if args.rst:
        everything = [r for runs in data["runs"].values() for r in runs]
        for title, runs in (("digits", data["runs"]["digits"]), ("suite", everything)):
            print(f"{title} ({len(runs)} runs)\n\n{rst_table(summarize(runs))}\n")
        return
    report(data)
    if args.explore:
        explore(data["runs"])


if __name__ == "__main__":
    main()
