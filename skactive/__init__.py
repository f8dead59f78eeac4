"""skactive: active learning as scikit-learn estimators."""

from ._committee import QueryByCommittee
from ._learner import ActiveLearner

__version__ = "0.1.0.dev0"

__all__ = ["ActiveLearner", "QueryByCommittee", "__version__"]
