import numpy as np
import pytest
from numpy.testing import assert_allclose

from skactive.strategies import (
    consensus_entropy,
    consensus_entropy_sampling,
    kl_divergence,
    kl_divergence_sampling,
    vote_entropy,
    vote_entropy_sampling,
)

MEMBER_PROBA = np.array(
    [[[0.8, 0.2], [0.6, 0.4], [0.1, 0.9]], [[0.5, 0.5], [0.5, 0.5], [0.5, 0.5]]]
)


def test_vote_entropy_exact():
    assert_allclose(
        vote_entropy([[0, 0, 1], [0, 1, 2], [2, 2, 2]]), [0.63651, 1.09861, 0], atol=5e-6
    )


def test_vote_entropy_accepts_string_labels():
    assert_allclose(vote_entropy([["a", "b"], ["b", "b"]]), [np.log(2), 0])


def test_kl_divergence_mean_and_max():
    assert_allclose(kl_divergence(MEMBER_PROBA), [0.19365, 0], atol=5e-6)
    assert_allclose(kl_divergence(MEMBER_PROBA, aggregate="max"), [0.36806, 0], atol=5e-6)


def test_agreeing_one_hot_members_have_zero_kl():
    one_hot = np.array([[[0.0, 1.0, 0.0]] * 4, [[1.0, 0.0, 0.0]] * 4])
    assert_allclose(kl_divergence(one_hot), [0.0, 0.0])
    assert not np.isnan(kl_divergence(one_hot)).any()


def test_consensus_entropy_is_entropy_of_the_mean():
    assert_allclose(consensus_entropy(MEMBER_PROBA), [np.log(2), np.log(2)])


def test_bad_shapes_and_aggregate():
    with pytest.raises(ValueError, match=r"\(n_samples, n_members\)"):
        vote_entropy([0, 1, 2])
    with pytest.raises(ValueError, match=r"\(n_samples, n_members, n_classes\)"):
        kl_divergence(np.ones((2, 2)))
    with pytest.raises(ValueError, match="aggregate must be 'mean' or 'max'"):
        kl_divergence(MEMBER_PROBA, aggregate="median")


class FixedCommittee:
    """A committee stub returning hand-made member outputs for rows 0..n-1."""

    classes_ = np.array([0, 1])
    estimators_ = [None] * 3

    def member_proba(self, X):
        return MEMBER_PROBA[np.asarray(X)[:, 0]]

    def member_votes(self, X):
        return MEMBER_PROBA[np.asarray(X)[:, 0]].argmax(axis=2)


@pytest.mark.parametrize(
    "strategy, expected_first",
    [(vote_entropy_sampling, 0), (kl_divergence_sampling, 0)],
)
def test_committee_strategies_pick_the_disagreement(strategy, expected_first):
    positions, scores = strategy(FixedCommittee(), np.array([[0], [1]]), 1)
    assert positions[0] == expected_first
    assert scores.shape == (2,)


def test_consensus_entropy_sampling_scores():
    _, scores = consensus_entropy_sampling(FixedCommittee(), np.array([[0], [1]]), 1)
    assert_allclose(scores, [np.log(2), np.log(2)])


def test_kl_divergence_and_consensus_entropy_match_scipy_entr():
    from scipy.special import entr

    rng = np.random.RandomState(0)
    proba = rng.dirichlet(np.ones(6), size=(40, 5))
    proba[:5, :, 2:] = 0.0  # zero probabilities: 0 log 0 = 0
    proba[:5] /= proba[:5].sum(axis=2, keepdims=True)
    consensus = proba.mean(axis=1)
    expected_kl = entr(consensus).sum(axis=1) - entr(proba).sum(axis=2).mean(axis=1)
    assert_allclose(kl_divergence(proba), np.maximum(expected_kl, 0), rtol=1e-12,
                    atol=1e-15)
    assert_allclose(consensus_entropy(proba), entr(consensus).sum(axis=1), rtol=1e-12)
