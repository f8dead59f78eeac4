import numpy as np
import pytest
from numpy.testing import assert_array_equal

from skactive.strategies import random_sampling, select_top_k


def test_picks_highest_scores_best_first():
    assert_array_equal(select_top_k([0.2, 0.9, -np.inf, 0.5], 3), [1, 3, 0])


def test_ties_are_broken_at_random_but_reproducibly():
    scores = np.zeros(50)
    first = select_top_k(scores, 5, random_state=3)
    assert_array_equal(first, select_top_k(scores, 5, random_state=3))
    picks = {tuple(select_top_k(scores, 5, random_state=seed)) for seed in range(10)}
    assert len(picks) == 10
    # A tie at the threshold is drawn from every tied row, not the first ones.
    starts = {select_top_k(scores, 1, random_state=seed)[0] for seed in range(200)}
    assert len(starts) > 40


def test_ties_only_compete_among_themselves():
    scores = [1.0, 0.5, 0.5, 0.5, 0.0]
    for seed in range(20):
        picked = select_top_k(scores, 2, random_state=seed)
        assert picked[0] == 0 and picked[1] in (1, 2, 3)


def test_whole_pool_is_a_permutation():
    assert_array_equal(np.sort(select_top_k([3.0, 1.0, 2.0], 3)), [0, 1, 2])


def test_nan_scores_are_an_error():
    with pytest.raises(ValueError, match="NaN scores"):
        select_top_k([0.1, np.nan], 1)


@pytest.mark.parametrize("n_instances", [0, 4, 1.5])
def test_n_instances_out_of_range(n_instances):
    with pytest.raises(ValueError, match="between 1 and the pool size"):
        select_top_k([0.1, 0.2, 0.3], n_instances)


def test_random_sampling_is_seeded_and_unique():
    pool = np.zeros((100, 3))
    a, scores = random_sampling(None, pool, 10, random_state=1)
    b, _ = random_sampling(None, pool, 10, random_state=1)
    assert_array_equal(a, b)
    assert len(set(a)) == 10 and scores.shape == (100,)


@pytest.mark.parametrize("n_instances", [1, 3, 5, 6])
@pytest.mark.parametrize("nan_at", [0, 2, 5])
def test_a_nan_anywhere_is_an_error_for_every_batch_size(n_instances, nan_at):
    # The NaN check reads only the top of the partition: a NaN below the
    # threshold must still be found.
    scores = np.array([0.9, 0.1, 0.5, -np.inf, 0.7, 0.3])
    scores[nan_at] = np.nan
    with pytest.raises(ValueError, match="NaN scores"):
        select_top_k(scores, n_instances, random_state=0)
