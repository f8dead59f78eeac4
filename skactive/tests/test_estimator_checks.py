"""scikit-learn's own estimator checks, run on every learner configuration."""

import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from skactive import ActiveLearner
from skactive.strategies import margin_sampling

LEARNERS = [
    ActiveLearner(LogisticRegression()),
    ActiveLearner(make_pipeline(StandardScaler(), LogisticRegression()), margin_sampling),
    # Simulation mode: fit labels 20 samples (or all, on smaller data).
    ActiveLearner(LogisticRegression(), margin_sampling, budget=20, n_initial=6,
                  batch_size=5),
]


@parametrize_with_checks(LEARNERS)
# Some checks fit on fewer than 20 samples: the budget is cut, as documented.
@pytest.mark.filterwarnings("ignore:budget=20 is larger than:UserWarning")
def test_sklearn_compatible_learner(estimator, check):
    check(estimator)
