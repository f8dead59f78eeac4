"""scikit-learn's own estimator checks, run on every learner configuration."""

from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import parametrize_with_checks

from skactive import ActiveLearner
from skactive.strategies import margin_sampling

LEARNERS = [
    ActiveLearner(LogisticRegression()),
    ActiveLearner(make_pipeline(StandardScaler(), LogisticRegression()), margin_sampling),
]


@parametrize_with_checks(LEARNERS)
def test_sklearn_compatible_learner(estimator, check):
    check(estimator)
