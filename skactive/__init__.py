"""skactive: active learning as scikit-learn estimators."""

from ._committee import QueryByCommittee
from ._learner import ActiveLearner
from ._stream import StreamLearner

__version__ = "0.1.0.dev0"

__all__ = ["ActiveLearner", "QueryByCommittee", "StreamLearner", "__version__"]
