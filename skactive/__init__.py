"""skactive: active learning as scikit-learn estimators."""

from ._committee import QueryByCommittee
from ._committee_regressor import CommitteeRegressor
from ._learner import ActiveLearner
from ._regressor import ActiveRegressor
from ._stream import StreamLearner

__version__ = "0.1.0.dev0"

__all__ = [
    "ActiveLearner",
    "ActiveRegressor",
    "CommitteeRegressor",
    "QueryByCommittee",
    "StreamLearner",
    "__version__",
]
