"""scikit-learn's own estimator checks, run on every learner configuration."""

from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import GaussianNB
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier
from sklearn.utils.estimator_checks import parametrize_with_checks

from skactive import ActiveLearner, QueryByCommittee
from skactive.strategies import kl_divergence_sampling, margin_sampling

LEARNERS = [
    ActiveLearner(LogisticRegression()),
    ActiveLearner(make_pipeline(StandardScaler(), LogisticRegression()), margin_sampling),
    QueryByCommittee([LogisticRegression(), DecisionTreeClassifier(max_depth=3)]),
    QueryByCommittee(
        [("nb", GaussianNB()), ("tree", DecisionTreeClassifier())],
        kl_divergence_sampling,
        bootstrap=True,
        random_state=0,
    ),
]


@parametrize_with_checks(LEARNERS)
def test_sklearn_compatible_learner(estimator, check):
    check(estimator)
