import numpy as np
import pytest
from numpy.testing import assert_allclose

from skactive.strategies import (
    avg_confidence,
    avg_score,
    binary_minimum,
    cvirs,
    label_cardinality_inconsistency,
    label_proba_from_output,
    max_loss,
    max_score,
    mean_max_loss,
    min_confidence,
)

PROBA = np.array([[0.5, 0.9, 0.2], [0.95, 0.05, 0.6], [0.7, 0.7, 0.7]])


def test_confidence_measures_by_hand():
    # |2p - 1| per label: [[0, .8, .6], [.9, .9, .2], [.4, .4, .4]]
    assert_allclose(min_confidence(PROBA), [0.0, -0.2, -0.4])
    assert_allclose(avg_confidence(PROBA), [-1.4 / 3, -2.0 / 3, -0.4])
    # the sample with a label in doubt wins, whatever its other labels
    assert np.argmax(min_confidence(PROBA)) == 0


def test_score_measures_keep_the_sign():
    # 2p - 1: [[0, .8, -.6], [.9, -.9, .2], [.4, .4, .4]]
    assert_allclose(max_score(PROBA), [-0.8, -0.9, -0.4])
    assert_allclose(avg_score(PROBA), [-0.2 / 3, -0.2 / 3, -0.4])


def test_decision_measures_by_hand():
    decision = np.array([[-2.0, 0.5, 1.2], [0.1, -0.3, -4.0]])
    predicted = np.array([[0, 1, 1], [1, 0, 0]])
    assert_allclose(binary_minimum(decision), [-0.5, -0.1])
    # hinge 1 - s d, clipped at 0: [[0, .5, 0], [.9, .7, 0]]
    assert_allclose(max_loss(decision, predicted), [0.5, 0.9])
    assert_allclose(mean_max_loss(decision, predicted), [0.5 / 3, 1.6 / 3])
    # a prediction against the decision's sign (a classifier chain can) costs more than 1
    assert_allclose(max_loss([[0.5]], [[0]]), [1.5])


def test_shape_errors_name_the_argument():
    with pytest.raises(ValueError, match=r"predicted has shape \(1, 2\) but decision"):
        max_loss([[0.1, 0.2, 0.3]], [[0, 1]])
    with pytest.raises(ValueError, match=r"proba must have shape \(n_samples, n_labels\)"):
        min_confidence([0.2, 0.4])


def test_cardinality_inconsistency_by_hand():
    predicted = np.array([[1, 1, 1], [0, 1, 0], [0, 0, 0]])
    assert_allclose(label_cardinality_inconsistency(predicted, 1.0), [2.0, 0.0, 1.0])


def test_cvirs_by_hand():
    proba = np.array([[0.5, 0.6], [0.9, 0.5], [0.99, 0.99]])
    # margins [[0, .2], [.8, 0], [.98, .98]]; ranks per label [[1, 2], [2, 1], [3, 3]]
    # (n - rank) / (n - 1) averaged: [(1 + .5) / 2, (.5 + 1) / 2, 0] = [.75, .75, 0]
    predicted = np.array([[1, 1], [1, 0], [1, 1]])
    frequency = np.array([0.25, 1.0])
    # Hamming to the labeled sets: [(.75 + 0) / 2, (.75 + 1) / 2, ...]
    assert_allclose(cvirs(proba, predicted, frequency), [0.75 * 0.375, 0.75 * 0.875, 0.0])


def test_cvirs_ties_get_the_same_rank():
    proba = np.array([[0.5, 0.5], [0.5, 0.5]])
    scores = cvirs(proba, np.ones((2, 2)), [0.0, 0.0])
    assert scores[0] == scores[1]


def test_label_proba_from_either_output_shape():
    matrix = np.array([[0.1, 0.8]])
    assert_allclose(label_proba_from_output(matrix), matrix)
    per_label = [np.array([[0.9, 0.1]]), np.array([[0.2, 0.8]]), np.array([[1.0]]), np.array([[1.0]])]
    classes = [np.array([0, 1]), np.array([0, 1]), np.array([0]), np.array([1])]
    # a label only ever seen absent is never present, one only seen present always is
    assert_allclose(label_proba_from_output(per_label, classes), [[0.1, 0.8, 0.0, 1.0]])
    with pytest.raises(ValueError, match="does not list the classes of each label"):
        label_proba_from_output(per_label)
