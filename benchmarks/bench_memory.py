"""Peak extra memory of each query, per pool size (tracemalloc).

Same pools and learner as bench_speed.py. "Extra" is the peak of memory
allocated during one ``query`` call above what was allocated before it (the
pool and the model are not counted); NumPy reports its buffers to
tracemalloc, BLAS's own scratch space is not seen. The ratio is to the
probability matrix of the pool (n_pool x 10 float64): the goal for the
uncertainty strategies is at most 2x. Linear growth shows as a constant
ratio down a row; n_pool^2 growth as a ratio that grows tenfold per size.
"""

import time
import tracemalloc

from _common import (
    N_CLASSES,
    N_INSTANCES,
    discover_strategies,
    fitted_learner,
    predicted_seconds,
    seconds,
    size_label,
    synthetic_pool,
    why_unusable,
)

TABLE = (
    "Peak extra memory of one query: MiB and ratio to the pool's probability "
    f"matrix (n_pool x {N_CLASSES} float64)"
)
MIB = 2**20
PROBE_ROWS = 2_000


def _settings(quick):
    if quick:
        return [10_000, 100_000], 10.0
    return [10_000, 100_000, 1_000_000], 60.0


def peak_extra_bytes(func):
    """Peak bytes allocated while ``func`` runs, above the level before it."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before, _ = tracemalloc.get_traced_memory()
        func()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - before


def run(quick=False):
    """Rows of the memory table: one per strategy, columns per pool size."""
    sizes, limit = _settings(quick)
    found = discover_strategies()
    rows = {name: {"table": TABLE, "strategy": name} for name, _, _ in found}
    proba_row = {"table": TABLE, "strategy": "the probability matrix"}
    floor_row = {"table": TABLE, "strategy": "predict_proba (the floor)"}
    notes = {name: note for name, _, note in found if note}
    history = {name: [] for name, _, _ in found}
    # A timed query on a small pool first, so that a slow strategy is
    # skipped before tracemalloc (which slows Python code) meets a large one.
    X, y = synthetic_pool(PROBE_ROWS)
    for name, strategy, _ in found:
        if name not in notes:
            try:
                learner = fitted_learner(strategy, X, y)
                took = seconds(lambda: learner.query(X, N_INSTANCES))
                history[name].append((PROBE_ROWS, took))
            except Exception as exc:  # noqa: BLE001 - reported in the table
                notes[name] = why_unusable(exc)
    for n_rows in sizes:
        X, y = synthetic_pool(n_rows)
        label = size_label(n_rows)
        proba_bytes = n_rows * N_CLASSES * 8
        proba_row[f"{label} MiB"] = proba_bytes / MIB
        proba_row[f"{label} ratio"] = 1.0
        for name, strategy, _ in found:
            if name in notes:
                continue
            estimate = predicted_seconds(history[name], n_rows)
            if estimate > limit:
                notes[name] = f"skipped from {label}: about {estimate:.0f} s a query"
                continue
            try:
                learner = fitted_learner(strategy, X, y)
                learner.query(X[:100], 1)  # imports and caches outside the count
                start = time.perf_counter()
                peak = peak_extra_bytes(lambda: learner.query(X, N_INSTANCES))
                history[name].append((n_rows, time.perf_counter() - start))
            except Exception as exc:  # noqa: BLE001 - reported in the table
                notes[name] = why_unusable(exc)
                continue
            rows[name][f"{label} MiB"] = peak / MIB
            rows[name][f"{label} ratio"] = peak / proba_bytes
            if f"{label} MiB" not in floor_row:
                floor = learner.estimator_.predict_proba
                floor_peak = peak_extra_bytes(lambda: floor(X))
                floor_row[f"{label} MiB"] = floor_peak / MIB
                floor_row[f"{label} ratio"] = floor_peak / proba_bytes
    for name, note in notes.items():
        rows[name]["note"] = note
    return [proba_row, floor_row, *rows.values()]
