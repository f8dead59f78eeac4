"""Shared by the bench_* modules: strategies, synthetic pools, timing.

Not a benchmark itself (no ``bench_`` prefix), so ``run.py`` does not collect it.
"""

import functools
import gc
import inspect
import math
import time

import numpy as np
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression

from skactive import ActiveLearner
from skactive import strategies as strategies_module
from skactive.strategies import get_strategy_tags, recommended_sampling
from skactive.strategies._recommended import classification_default
from skactive.utils.discovery import all_strategies

#: The strategies the speed and memory goals of issue 8 apply to.
CORE = ("random_sampling", "uncertainty_sampling", "margin_sampling", "entropy_sampling")

N_FEATURES = 50
N_CLASSES = 10
N_LABELED = 200
N_INSTANCES = 100


def discover_strategies(task="classification"):
    """Every strategy exported by ``skactive.strategies`` for ``task``, built with defaults.

    Strategies whose tags do not list ``task`` are left out (regression
    strategies have their own benchmark, ``bench_regression.py``).

    The strategies of :func:`skactive.utils.discovery.all_strategies` (tagged
    functions and ``BaseQueryStrategy`` subclasses), plus any other function
    named ``*_sampling`` in ``skactive.strategies.__all__``, so strategies
    added later are picked up without editing any benchmark. Those that
    cannot run on an ActiveLearner (committee strategies) or cannot be built
    without arguments come with a note, so tables show them instead of
    silently leaving them out.

    Returns
    -------
    list of (name, strategy or None, note)
    """
    candidates = dict(all_strategies())
    for name in strategies_module.__all__:
        obj = getattr(strategies_module, name)
        if inspect.isfunction(obj) and name.endswith("_sampling"):
            candidates.setdefault(name, obj)
    found = []
    for name, obj in candidates.items():
        if inspect.isclass(obj):
            name = f"{name}()"
            try:
                obj = obj()
            except TypeError:
                required = [
                    p.name for p in inspect.signature(obj).parameters.values()
                    if p.default is inspect.Parameter.empty
                    and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
                ]
                found.append((name, None, f"needs arguments: {', '.join(required)}"))
                continue
        if task not in get_strategy_tags(obj).tasks:
            continue
        if get_strategy_tags(obj).committee:
            found.append((name, None, "needs a committee"))
        else:
            found.append((name, obj, ""))
    # The core strategies first, in the order of CORE; the others by name.
    rank = {name: i for i, name in enumerate(CORE)}
    return sorted(found, key=lambda item: (rank.get(item[0], len(CORE)), item[0]))


@functools.lru_cache(maxsize=None)
def synthetic_pool(n_rows):
    """A make_classification pool: ``n_rows`` x 50 features, 10 classes."""
    X, y = make_classification(
        n_samples=n_rows,
        n_features=N_FEATURES,
        n_informative=30,
        n_redundant=10,
        n_classes=N_CLASSES,
        random_state=0,
    )
    return X, y


def fitted_learner(strategy, X, y):
    """An ActiveLearner with ``strategy``, its LogisticRegression fitted on 200 labels."""
    learner = ActiveLearner(
        LogisticRegression(max_iter=1000), query_strategy=strategy, random_state=0
    )
    return learner.fit(X[:N_LABELED], y[:N_LABELED])


def why_unusable(exc):
    """A short table note for a strategy that raised on the benchmark learner."""
    text = str(exc).splitlines()[0] if str(exc) else ""
    if "committee" in text.lower() or "estimators_" in text:
        return "needs a committee"
    return f"fails: {type(exc).__name__}: {text[:70]}"


def seconds(func):
    """Wall-clock seconds of one call."""
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def interleaved(floor, query, repeats):
    """Median seconds of ``floor`` and of ``query``, timed alternately.

    Alternating the two keeps a slow spell of a shared machine from landing
    on one side only; garbage collection is paused so that it does not land
    inside one timing.
    """
    floor_times, query_times = [], []
    enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(repeats):
            floor_times.append(seconds(floor))
            query_times.append(seconds(query))
    finally:
        if enabled:
            gc.enable()
    return float(np.median(floor_times)), float(np.median(query_times))


def predicted_seconds(history, n_rows):
    """Extrapolate a strategy's time to ``n_rows`` from its earlier sizes.

    Growth is assumed linear from one size, and from two sizes the measured
    exponent (between 1 and 2) is used, so a quadratic strategy is
    recognised before it is run on a pool ten times larger.
    """
    if not history:
        return 0.0
    (n_last, t_last) = history[-1]
    exponent = 1.0
    if len(history) >= 2:
        (n_prev, t_prev) = history[-2]
        if t_prev > 0 and n_last > n_prev:
            exponent = math.log(max(t_last, 1e-9) / t_prev) / math.log(n_last / n_prev)
            exponent = min(max(exponent, 1.0), 2.0)
    return t_last * (n_rows / n_last) ** exponent


def size_label(n_rows):
    """``2000`` -> ``"2k"``, ``1000000`` -> ``"1M"``."""
    if n_rows >= 1_000_000 and n_rows % 1_000_000 == 0:
        return f"{n_rows // 1_000_000}M"
    if n_rows >= 1000 and n_rows % 1000 == 0:
        return f"{n_rows // 1000}k"
    return str(n_rows)


#: Strategies whose defaults are too slow for the label-efficiency suite on
#: 2 cores, with the candidate subsample they run with there instead.
#: ExpectedErrorReduction's default scores every pool row: about 500 s a
#: simulated run on KEEL satimage (4,290 pool rows) on this machine.
LABEL_EFFICIENCY_OVERRIDES = {
    "ExpectedErrorReduction()": (
        strategies_module.ExpectedErrorReduction(n_candidates=300),
        "n_candidates=300 (a seeded candidate sample per query)",
    ),
}


def label_efficiency_strategies():
    """Every built-in strategy for the label-efficiency suite, with its defaults.

    Returns
    -------
    dict name -> (strategy or None, committee, note)
        ``committee`` is true for strategies that need a
        :class:`~skactive.QueryByCommittee`; ``strategy`` is ``None`` (and
        ``note`` says why) for those that cannot be built without arguments.
        Strategies in :data:`LABEL_EFFICIENCY_OVERRIDES` run with the stated
        subsample, and ``note`` says so.
    """
    out = {}
    for name, strategy, note in discover_strategies():
        committee = note == "needs a committee"
        if committee:
            obj = getattr(strategies_module, name.removesuffix("()"))
            strategy = obj() if inspect.isclass(obj) else obj
            note = ""
        if name in LABEL_EFFICIENCY_OVERRIDES:
            strategy, note = LABEL_EFFICIENCY_OVERRIDES[name]
        out[name] = (strategy, committee, note)
    default = classification_default()
    if repr(default) not in out:  # the default's settings differ from the class's
        out[repr(default)] = (default, False, "")
    return out


def default_strategy_name(learner_class):
    """The name :func:`label_efficiency_strategies` gives a learner's default strategy."""
    default = inspect.signature(learner_class).parameters["query_strategy"].default
    if default is recommended_sampling:
        default = classification_default()  # what it runs for one label per sample
    for name, strategy, _ in discover_strategies():
        if strategy is default:
            return name
        if strategy is not None and type(strategy) is type(default) and hasattr(
            default, "get_params"
        ) and repr(strategy) == repr(default):
            return name
    if inspect.isfunction(default):
        return default.__name__
    return repr(default)
