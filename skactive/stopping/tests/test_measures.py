import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from skactive.stopping import (
    classification_change,
    expected_accuracy,
    kappa_agreement,
    min_confidence,
    overall_uncertainty,
)


def test_kappa_by_hand():
    # p_o = 3/4; shares (1/2, 1/2) and (1/4, 3/4): p_e = 1/8 + 3/8 = 1/2.
    assert kappa_agreement([0, 0, 1, 1], [0, 1, 1, 1]) == pytest.approx(0.5)
    # p_o = 1/2 = p_e: agreement at chance level.
    assert kappa_agreement([0, 1, 0, 1], [0, 0, 1, 1]) == pytest.approx(0.0)
    # Complete disagreement on balanced labels: p_o = 0, p_e = 1/2.
    assert kappa_agreement([0, 1], [1, 0]) == pytest.approx(-1.0)


def test_kappa_matches_sklearn_where_defined():
    rng = np.random.RandomState(0)
    a = rng.randint(3, size=200)
    b = np.where(rng.rand(200) < 0.8, a, rng.randint(3, size=200))
    assert kappa_agreement(a, b) == pytest.approx(cohen_kappa_score(a, b))


def test_kappa_of_one_shared_class_is_one_not_nan():
    assert kappa_agreement(["x"] * 5, ["x"] * 5) == 1.0


def test_kappa_multilabel_compares_label_by_label():
    previous = np.array([[1, 0], [0, 1]])
    current = np.array([[1, 1], [0, 1]])
    assert kappa_agreement(previous, current) == pytest.approx(
        kappa_agreement(previous.ravel(), current.ravel())
    )


def test_classification_change_by_hand():
    assert classification_change([0, 0, 1, 1], [0, 1, 1, 2]) == 0.5
    assert classification_change(["a", "b"], ["a", "b"]) == 0.0
    # A multi-label row changes when any of its labels does.
    assert classification_change([[1, 0], [0, 1], [1, 1]],
                                 [[1, 1], [0, 1], [0, 0]]) == pytest.approx(2 / 3)


@pytest.mark.parametrize("measure", [kappa_agreement, classification_change])
def test_pair_measures_refuse_mismatched_shapes(measure):
    with pytest.raises(ValueError, match="same shape"):
        measure([0, 1, 1], [0, 1])
    with pytest.raises(ValueError, match="at least one"):
        measure([], [])


def test_overall_uncertainty_is_normalised_by_the_number_of_classes():
    assert overall_uncertainty([[0.5, 0.5], [1.0, 0.0]]) == pytest.approx(0.5)
    assert overall_uncertainty([[1 / 3] * 3]) == pytest.approx(1.0)
    # 3 classes, p = (1/2, 1/2, 0): entropy log 2, maximum log 3.
    assert overall_uncertainty([[0.5, 0.5, 0.0]]) == pytest.approx(np.log(2) / np.log(3))


def test_confidence_measures_by_hand():
    proba = [[0.9, 0.1], [0.3, 0.7], [0.6, 0.4]]
    assert min_confidence(proba) == pytest.approx(0.6)
    assert expected_accuracy(proba) == pytest.approx((0.9 + 0.7 + 0.6) / 3)
    with pytest.raises(ValueError, match="n_samples, n_classes"):
        expected_accuracy([0.9, 0.1])
