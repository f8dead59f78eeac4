"""scikit-learn's own estimator checks, run on every learner configuration.

Learners are discovered automatically; each needs an entry in INSTANCES, so a
new learner cannot skip ``check_estimator``.
"""

import pytest
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import RBF, ConstantKernel, WhiteKernel
from sklearn.linear_model import BayesianRidge, LogisticRegression, Ridge
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.naive_bayes import GaussianNB
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor
from sklearn.utils.estimator_checks import parametrize_with_checks

from skactive.strategies import (
    ExpectedModelChangeMaximization,
    GreedySamplingX,
    kl_divergence_sampling,
    margin_sampling,
    std_sampling,
)
from skactive.utils.discovery import all_learners

INSTANCES = {
    "ActiveLearner": lambda cls: [
        cls(LogisticRegression()),
        cls(make_pipeline(StandardScaler(), LogisticRegression()), margin_sampling),
        # Simulation mode: fit labels 20 samples (or all, on smaller data).
        # Seeded: about 1 random start in 300 labels no row of one of the four
        # classes of check_estimator_sparse_matrix, and predict_proba then has
        # three columns.
        cls(LogisticRegression(), margin_sampling, budget=20, n_initial=6,
            batch_size=5, random_state=0),
        # Incremental teach (partial_fit of the Pipeline's last step).
        cls(make_pipeline(StandardScaler(), SGDClassifier(loss="log_loss", random_state=0)),
            incremental=True),
    ],
    "QueryByCommittee": lambda cls: [
        cls([LogisticRegression(), DecisionTreeClassifier(max_depth=3)]),
        cls(
            [("nb", GaussianNB()), ("tree", DecisionTreeClassifier())],
            kl_divergence_sampling,
            bootstrap=True,
            random_state=0,
        ),
        cls(
            [LogisticRegression(), DecisionTreeClassifier(max_depth=3)],
            budget=20, n_initial=6, batch_size=5, random_state=0,
        ),
        cls([GaussianNB(), SGDClassifier(loss="log_loss")], bootstrap=True,
            incremental=True, random_state=0),
    ],
    "ActiveRegressor": lambda cls: [
        cls(Ridge()),
        cls(make_pipeline(StandardScaler(), BayesianRidge()), std_sampling),
        # A kernel with a fitted noise level: the default kernel learns too little from
        # 20 rows on scikit-learn 1.6 to pass check_regressors_train's R^2 > 0.5.
        cls(GaussianProcessRegressor(ConstantKernel() * RBF() + WhiteKernel(), random_state=0),
            std_sampling, budget=20, n_initial=6, batch_size=5),
    ],
    "CommitteeRegressor": lambda cls: [
        cls([Ridge(), DecisionTreeRegressor(max_depth=3)]),
        cls(
            [("ridge", Ridge()), ("tree", DecisionTreeRegressor())],
            ExpectedModelChangeMaximization(),
            bootstrap=True,
            random_state=0,
        ),
        cls(
            [Ridge(), DecisionTreeRegressor(max_depth=3)], GreedySamplingX(),
            budget=20, n_initial=6, batch_size=5, random_state=0,
        ),
    ],
}

LEARNERS = [
    instance for name, cls in all_learners() for instance in INSTANCES[name](cls)
]


def test_every_learner_has_instances():
    assert {name for name, _ in all_learners()} == set(INSTANCES)


@parametrize_with_checks(LEARNERS)
# Some checks fit on fewer than 20 samples: the budget is cut, as documented.
@pytest.mark.filterwarnings("ignore:budget=20 is larger than:UserWarning")
def test_sklearn_compatible_learner(estimator, check):
    check(estimator)
