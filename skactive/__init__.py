"""skactive: active learning as scikit-learn estimators."""

import importlib

__version__ = "0.1.0.dev0"

# Learners are imported on first use (PEP 562), so that ``import skactive``
# and ``python -m skactive --help`` do not load scikit-learn.
_LAZY = {
    "ActiveLearner": "._learner",
    "ActiveRegressor": "._regressor",
    "CommitteeRegressor": "._committee_regressor",
    "QueryByCommittee": "._committee",
    "StreamLearner": "._stream",
}

__all__ = [
    "ActiveLearner",
    "ActiveRegressor",
    "CommitteeRegressor",
    "QueryByCommittee",
    "StreamLearner",
    "__version__",
]


def __getattr__(name):
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
