"""What both committees share (``_members.py``), checked on both of them."""

import numpy as np
import pytest
import sklearn
from numpy.testing import assert_array_equal
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression, Ridge

from skactive import CommitteeRegressor, QueryByCommittee

X, Y = load_iris(return_X_y=True)
SEED = np.arange(0, 150, 10)
# committee, member, the member's auto-generated name, one of its parameters, targets
COMMITTEES = {
    "QueryByCommittee": (QueryByCommittee, LogisticRegression, "logisticregression", "C", Y),
    "CommitteeRegressor": (CommitteeRegressor, Ridge, "ridge", "alpha", X[:, 0]),
}


@pytest.fixture
def routing():
    with sklearn.config_context(enable_metadata_routing=True):
        yield


class WeightRecorder:
    """Mixin: keeps the sample_weight of the last fit in ``seen_weight_``."""

    def fit(self, X, y, sample_weight=None):
        self.seen_weight_ = None if sample_weight is None else np.array(sample_weight)
        return super().fit(X, y, sample_weight=sample_weight)


@pytest.mark.parametrize("kind", COMMITTEES)
def test_aliased_members_are_addressed_one_by_one(kind):
    committee_class, member_class, prefix, param, y = COMMITTEES[kind]
    member = member_class()
    committee = committee_class([member] * 3)
    committee.set_params(**{f"{prefix}-2__{param}": 0.01})
    params = committee.get_params()
    assert params[f"{prefix}-1__{param}"] == 1.0
    assert params[f"{prefix}-2__{param}"] == 0.01
    assert params[f"{prefix}-3__{param}"] == 1.0
    assert getattr(member, param) == 1.0  # the caller's object is untouched
    committee.fit(X[SEED], y[SEED])
    assert getattr(committee.named_estimators_[f"{prefix}-2"], param) == 0.01


@pytest.mark.parametrize("kind", COMMITTEES)
def test_routed_weights_reach_the_members_that_asked(routing, kind):
    committee_class, member_class, _, _, y = COMMITTEES[kind]
    recorder = type("Recorder", (WeightRecorder, member_class), {})
    members = [("asks", recorder().set_fit_request(sample_weight=True)),
               ("declines", recorder().set_fit_request(sample_weight=False))]
    w = np.arange(1.0, 16.0)
    committee = committee_class(members).fit(X[SEED], y[SEED], sample_weight=w)
    assert_array_equal(committee.named_estimators_["asks"].seen_weight_, w)
    assert committee.named_estimators_["declines"].seen_weight_ is None
