"""Query time of every strategy against the floor: one bare ``predict_proba``.

Pools: make_classification, 50 features, 10 classes; LogisticRegression
fitted on 200 labels; ``query(X_pool, n_instances=100)``. The floor is one
``predict_proba`` of the fitted LogisticRegression on the whole pool, timed
alternately with the query in the same run, so the ratio is free of the
machine's speed and mostly of its load. An uncertainty query cannot beat it
by much: it needs those probabilities.
"""

from _common import (
    N_INSTANCES,
    discover_strategies,
    fitted_learner,
    interleaved,
    predicted_seconds,
    seconds,
    size_label,
    synthetic_pool,
    why_unusable,
)

TABLE = (
    f"Query speed: seconds for query(n_instances={N_INSTANCES}) and ratio to one "
    "bare predict_proba on the same pool (median of repeats)"
)


def _settings(quick):
    # (pool rows, repeats); quick keeps the run to a few minutes on 2 cores.
    if quick:
        return [(2_000, 50), (10_000, 20), (100_000, 7)], 10.0
    return [(2_000, 100), (10_000, 40), (100_000, 15), (1_000_000, 9)], 60.0


def _repeats(estimate, repeats, limit):
    # Several repeats for a median, fewer for slow strategies.
    if estimate > limit / 4:
        return 1
    if estimate > 0.5:
        return 3
    return repeats


def run(quick=False):
    """Rows of the speed table: one per strategy, columns per pool size."""
    sizes, limit = _settings(quick)
    found = discover_strategies()
    rows = {name: {"table": TABLE, "strategy": name} for name, _, _ in found}
    floor_row = {"table": TABLE, "strategy": "predict_proba (the floor)"}
    notes = {name: note for name, _, note in found if note}
    history = {name: [] for name, _, _ in found}
    firsts = {}
    for n_rows, repeats in sizes:
        X, y = synthetic_pool(n_rows)
        label = size_label(n_rows)
        floors = []
        for name, strategy, _ in found:
            row = rows[name]
            if name in notes:
                continue
            estimate = predicted_seconds(history[name], n_rows)
            if estimate > limit:
                notes[name] = f"skipped from {label}: about {estimate:.0f} s a query"
                continue
            try:
                learner = fitted_learner(strategy, X, y)
                first = seconds(lambda: learner.query(X, N_INSTANCES))  # warm-up
            except Exception as exc:  # noqa: BLE001 - reported in the table
                notes[name] = why_unusable(exc)
                continue
            floor = learner.estimator_.predict_proba
            floor_s, query_s = interleaved(
                lambda: floor(X),
                lambda: learner.query(X, N_INSTANCES),
                _repeats(max(first, estimate), repeats, limit),
            )
            # The first query counts too: caching strategies pay it on every new pool.
            history[name].append((n_rows, max(first, query_s)))
            floors.append(floor_s)
            row[f"{label} s"] = query_s
            row[f"{label} ratio"] = query_s / floor_s
            if first > 10 * query_s and first > 0.05:
                # Strategies that cache per pool (density) pay once.
                firsts.setdefault(name, []).append(f"{label} {first:.2g} s")
        if floors:
            floors.sort()
            floor_row[f"{label} s"] = floors[len(floors) // 2]
            floor_row[f"{label} ratio"] = 1.0
    for name, times in firsts.items():
        notes.setdefault(name, f"first query (then cached): {', '.join(times)}")
    for name, note in notes.items():
        rows[name]["note"] = note
    return [floor_row, *rows.values()]
