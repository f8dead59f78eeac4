"""Property-based tests: the measures and the selection on random inputs."""

import numpy as np
import pytest

pytest.importorskip("hypothesis", reason='property tests need hypothesis (pip install ".[tests]")')

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.extra.numpy import arrays  # noqa: E402
from numpy.testing import assert_allclose  # noqa: E402

from skactive.strategies import (  # noqa: E402
    consensus_entropy,
    entropy,
    kl_divergence,
    least_confident,
    margin,
    select_top_k,
    vote_entropy,
)

settings.register_profile("skactive", max_examples=60, deadline=None)
settings.load_profile("skactive")


@st.composite
def probabilities(draw, leading=()):
    n_classes = draw(st.integers(1, 6))
    shape = (*leading, draw(st.integers(1, 20)), n_classes)
    raw = draw(arrays(np.float64, shape, elements=st.floats(0, 1)))
    raw[..., 0] += 1e-3  # at least one positive weight per row
    return raw / raw.sum(axis=-1, keepdims=True)


@st.composite
def scores_and_k(draw):
    # Few distinct values, so ties are common.
    scores = draw(arrays(np.float64, draw(st.integers(1, 40)), elements=st.sampled_from(
        [-np.inf, -1.0, 0.0, 0.25, 0.5, 1.0])))
    return scores, draw(st.integers(1, scores.shape[0])), draw(st.integers(0, 2**31 - 1))


@given(scores_and_k())
def test_select_top_k_returns_the_best_rows_best_first(case):
    scores, k, seed = case
    picked = select_top_k(scores, k, random_state=seed)
    assert np.unique(picked).shape[0] == k
    assert_allclose(scores[picked], np.sort(scores)[::-1][:k])
    assert np.all(scores[picked][:-1] >= scores[picked][1:])


@given(probabilities())
def test_uncertainty_measures_stay_in_their_ranges(proba):
    n_classes = proba.shape[1]
    tolerance = 1e-12
    assert np.all((least_confident(proba) >= -tolerance)
                  & (least_confident(proba) <= 1 - 1 / n_classes + tolerance))
    assert np.all((margin(proba) >= -1 - tolerance) & (margin(proba) <= tolerance))
    assert np.all((entropy(proba) >= 0) & (entropy(proba) <= np.log(n_classes) + 1e-9))


@given(probabilities(), st.randoms(use_true_random=False))
def test_measures_ignore_the_order_of_classes(proba, random):
    order = list(range(proba.shape[1]))
    random.shuffle(order)
    for measure in (least_confident, margin, entropy):
        assert_allclose(measure(proba[:, order]), measure(proba), atol=1e-12)


@given(probabilities(leading=(3,)))
def test_committee_measures(member_proba):
    member_proba = np.swapaxes(member_proba, 0, 1)  # (samples, members, classes)
    divergence = kl_divergence(member_proba)
    assert np.all(divergence >= 0)
    assert np.all(kl_divergence(member_proba, aggregate="max") >= divergence - 1e-12)
    mean_entropy = entropy(member_proba.reshape(-1, member_proba.shape[2])).reshape(
        member_proba.shape[:2]).mean(axis=1)
    assert_allclose(consensus_entropy(member_proba) - mean_entropy, divergence, atol=1e-9)
    agreeing = np.repeat(member_proba[:, :1], 3, axis=1)
    assert_allclose(kl_divergence(agreeing), 0, atol=1e-12)


@given(arrays(np.int64, st.tuples(st.integers(1, 15), st.integers(1, 7)),
              elements=st.integers(0, 4)))
def test_vote_entropy_bounds_and_relabelling(votes):
    n_members = votes.shape[1]
    values = vote_entropy(votes)
    assert np.all((values >= 0) & (values <= np.log(n_members) + 1e-12))
    assert_allclose(vote_entropy(np.array(["abcde"[v] for v in votes.ravel()])
                                 .reshape(votes.shape)), values)
    unanimous = np.all(votes == votes[:, :1], axis=1)
    assert_allclose(values[unanimous], 0)
