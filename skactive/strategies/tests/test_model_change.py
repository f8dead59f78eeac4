import copy

import numpy as np
import pytest
import scipy.sparse as sp
from numpy.testing import assert_allclose
from sklearn.base import clone
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss
from sklearn.naive_bayes import GaussianNB
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import LinearSVC

from skactive import ActiveLearner
from skactive.strategies import ExpectedModelChange

X, y = load_iris(return_X_y=True)


def finite_difference_gradient_norm(model, x, label, step=1e-6):
    """||d log_loss / d(coef_, intercept_)|| by central differences."""
    squares = 0.0
    for name in ("coef_", "intercept_"):
        values = getattr(model, name)
        for index in np.ndindex(values.shape):
            losses = []
            for sign in (1, -1):
                shifted = copy.deepcopy(model)
                getattr(shifted, name)[index] += sign * step
                proba = shifted.predict_proba(x[None, :])
                losses.append(log_loss([label], proba, labels=model.classes_))
            squares += ((losses[0] - losses[1]) / (2 * step)) ** 2
    return np.sqrt(squares)


def expected_length_by_finite_differences(model, rows):
    proba = model.predict_proba(rows)
    return np.array(
        [
            sum(
                p_c * finite_difference_gradient_norm(model, x, c)
                for p_c, c in zip(p, model.classes_)
            )
            for x, p in zip(rows, proba)
        ]
    )


@pytest.mark.parametrize("binary", [False, True])
def test_closed_form_matches_finite_differences_of_log_loss(binary):
    labels = (y == 2).astype(int) if binary else y
    learner = ActiveLearner(LogisticRegression(C=0.5)).fit(X[::5], labels[::5])
    assert learner.estimator_.coef_.shape[0] == (1 if binary else 3)
    rows = X[[3, 71, 133]]
    expected = expected_length_by_finite_differences(learner.estimator_, rows)
    utility = ExpectedModelChange(feature_norm="full").utility(learner, rows)
    assert_allclose(utility, expected, rtol=1e-5)


def test_without_intercept_the_constant_feature_is_dropped():
    learner = ActiveLearner(LogisticRegression(fit_intercept=False)).fit(X[::5], y[::5])
    rows = X[[10, 70, 130]]
    proba = learner.predict_proba(rows)
    gap = np.sqrt((proba**2).sum(1)[:, None] - 2 * proba + 1)
    expected = (proba * gap).sum(1) * np.linalg.norm(rows, axis=1)
    assert_allclose(ExpectedModelChange(feature_norm="full").utility(learner, rows), expected)


def test_hand_computed_binary_values():
    # Probabilities 0.5 / 0.5 at x = 0: 2 * .5 * .5 * ||[0, 0, 1]|| = 0.5.
    pool = np.array([[0.0, 0.0], [3.0, 4.0]])
    learner = ActiveLearner(LogisticRegression()).fit(
        np.array([[-1.0, 0.0], [1.0, 0.0]]), [0, 1]
    )
    p1 = learner.predict_proba(pool)[1, 1]
    utility = ExpectedModelChange(feature_norm="full").utility(learner, pool)
    assert_allclose(utility, [0.5, 2 * p1 * (1 - p1) * np.sqrt(26.0)])
    # Without the feature norm: the output gradient's expected length alone.
    utility = ExpectedModelChange(feature_norm="none").utility(learner, pool)
    assert_allclose(utility, [0.5, 2 * p1 * (1 - p1)])


def test_clip_caps_norms_at_the_pool_median():
    # Norms ||[x, 1]|| are 1, 3 and 11 (median 3): the outlier at norm 11
    # counts as norm 3, the row at the origin keeps its norm 1.
    pool = np.array([[0.0, 0.0], [2.0, 2.0], [6.0, np.sqrt(84.0)]])
    learner = ActiveLearner(LogisticRegression()).fit(
        np.array([[-1.0, 0.0], [1.0, 0.0]]), [0, 1]
    )
    proba = learner.predict_proba(pool)
    plain = 2 * proba[:, 0] * proba[:, 1]
    utility = ExpectedModelChange(feature_norm="clip").utility(learner, pool)
    assert_allclose(utility, plain * np.array([1.0, 3.0, 3.0]))
    full = ExpectedModelChange(feature_norm="full").utility(learner, pool)
    assert_allclose(full, plain * np.array([1.0, 3.0, 11.0]))


def test_unknown_feature_norm_is_refused():
    learner = ActiveLearner(LogisticRegression()).fit(X[::5], y[::5])
    with pytest.raises(ValueError, match="feature_norm must be 'clip', 'full' or 'none'"):
        ExpectedModelChange(feature_norm="max").utility(learner, X)


def test_pipeline_uses_the_features_the_final_step_sees():
    pipe = make_pipeline(StandardScaler(), LogisticRegression())
    learner = ActiveLearner(pipe).fit(X[::5], y[::5])
    bare = ActiveLearner(LogisticRegression()).fit(
        learner.estimator_[0].transform(X[::5]), y[::5]
    )
    assert_allclose(
        ExpectedModelChange().utility(learner, X),
        ExpectedModelChange().utility(bare, learner.estimator_[0].transform(X)),
    )


def test_sparse_pool_equals_dense_pool():
    learner = ActiveLearner(LogisticRegression()).fit(X[::5], y[::5])
    assert_allclose(
        ExpectedModelChange().utility(learner, sp.csr_matrix(X)),
        ExpectedModelChange().utility(learner, X),
    )


def test_non_linear_model_uses_its_probabilities():
    learner = ActiveLearner(GaussianNB()).fit(X[::5], y[::5])
    proba = learner.predict_proba(X)
    gap = np.sqrt((proba**2).sum(1)[:, None] - 2 * proba + 1)
    expected = (proba * gap).sum(1) * np.sqrt((X**2).sum(1) + 1)
    assert_allclose(ExpectedModelChange(feature_norm="full").utility(learner, X), expected)


def test_picks_the_largest_expected_change_and_clones():
    learner = ActiveLearner(LogisticRegression(), ExpectedModelChange(), random_state=0)
    learner.fit(X[::5], y[::5])
    positions, scores = learner.query(X, n_instances=4, return_scores=True)
    assert set(positions) == set(np.argsort(scores)[-4:])
    assert clone(ExpectedModelChange()).get_params() == {"feature_norm": "clip"}


def test_needs_probabilities():
    learner = ActiveLearner(LinearSVC()).fit(X[::5], y[::5])
    with pytest.raises(AttributeError, match="has no predict_proba"):
        ExpectedModelChange().utility(learner, X)
