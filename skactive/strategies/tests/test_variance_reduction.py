import numpy as np
import pytest
import scipy.sparse as sp
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import GaussianNB
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skactive import ActiveLearner
from skactive.strategies import VarianceReduction
from skactive.strategies._gradients import CurvatureGeometry, LogisticView


def problem(n_classes, C=1.0, fit_intercept=True, estimator=None):
    X, y = make_classification(
        70, 3, n_informative=3, n_redundant=0, n_classes=n_classes, random_state=1
    )
    estimator = estimator or LogisticRegression(
        C=C, fit_intercept=fit_intercept, tol=1e-10
    )
    return ActiveLearner(estimator).fit(X[:30], y[:30]), X[30:]


def explicit_variance_reduction(learner, pool, C, fit_intercept):
    """Total output variance before minus after adding each candidate, by
    explicit Fisher matrices and pseudo-inverses (no Woodbury, no whitening)."""
    binary = len(learner.classes_) == 2

    def augmented(X):
        return np.hstack([X, np.ones((len(X), 1))]) if fit_intercept else X

    def jacobians_and_fisher(X):
        proba = learner.predict_proba(X)
        if binary:
            a = (proba[:, 1] * proba[:, 0])[:, None, None]
        else:
            a = np.stack([np.diag(p) - np.outer(p, p) for p in proba])
        xs = augmented(X)
        m = a.shape[1]
        lifts = np.stack([np.kron(np.eye(m), x[:, None]) for x in xs])  # (n, m*D, m)
        fishers = np.einsum("npi,nij,nqj->npq", lifts, a, lifts)
        jacobians = np.einsum("nij,npj->nip", a, lifts)  # A (I kron x)^T
        return jacobians, fishers

    _, labeled_fishers = jacobians_and_fisher(learner.X_labeled_)
    fisher = labeled_fishers.sum(0)
    dims = augmented(pool).shape[1]
    penalty = np.ones(dims)
    if fit_intercept:
        penalty[-1] = 0
    fisher += np.diag(np.tile(penalty, fisher.shape[0] // dims)) / C
    jacobians, candidate_fishers = jacobians_and_fisher(pool)

    def total_variance(inverse):
        return np.einsum("nip,pq,niq->", jacobians, inverse, jacobians)

    before = total_variance(np.linalg.pinv(fisher, rcond=1e-10, hermitian=True))
    return np.array(
        [
            before
            - total_variance(np.linalg.pinv(fisher + f, rcond=1e-10, hermitian=True))
            for f in candidate_fishers
        ]
    ) / len(pool)


@pytest.mark.parametrize("n_classes", [2, 3])
@pytest.mark.parametrize("C, fit_intercept", [(1.0, True), (0.3, False)])
def test_equals_explicit_fisher_computation(n_classes, C, fit_intercept):
    learner, pool = problem(n_classes, C, fit_intercept)
    expected = explicit_variance_reduction(learner, pool, C, fit_intercept)
    utility = VarianceReduction(n_reference=None).utility(learner, pool)
    assert_allclose(utility, expected, rtol=1e-6, atol=1e-12)
    assert np.all(utility > 0)


def test_picks_the_largest_reduction_and_subsamples_reproducibly():
    learner, pool = problem(3)
    positions, scores = VarianceReduction()(learner, pool, 3, random_state=0)
    assert set(positions) == set(np.argsort(scores)[-3:])
    strategy = VarianceReduction(n_candidates=10, n_reference=15, random_state=4)
    first = strategy.utility(learner, pool)
    assert_array_equal(first, clone(strategy).utility(learner, pool))
    assert (first > first.min()).sum() == 10


def test_sparse_pipeline_and_non_linear_models():
    learner, pool = problem(3)
    assert_allclose(
        VarianceReduction().utility(learner, sp.csr_matrix(pool)),
        VarianceReduction().utility(learner, pool),
    )
    pipe, _ = problem(
        3, estimator=make_pipeline(StandardScaler(), LogisticRegression())
    )
    assert VarianceReduction().utility(pipe, pool).shape == (40,)
    nb, _ = problem(2, estimator=GaussianNB())
    assert np.all(np.isfinite(VarianceReduction().utility(nb, pool)))


@pytest.mark.parametrize("n_classes", [2, 3])
@pytest.mark.parametrize(
    "C, fit_intercept", [(1.0, True), (0.3, False), (np.inf, True)]
)
def test_cholesky_inverse_is_the_eigendecomposition_pseudo_inverse(
    n_classes, C, fit_intercept
):
    # H^+ = (H + N N^T)^{-1} - N N^T around the known null direction (the
    # intercepts' common constant) is the eigendecomposition's pseudo-inverse;
    # without a penalty there is no closed-form null space and eigh decides.
    learner, _ = problem(n_classes, C, fit_intercept)
    view = LogisticView(learner)
    fast = CurvatureGeometry(view)
    fast_inverse = fast.inverse()
    assert (fast._root is None) == np.isfinite(C)  # eigh only without a penalty
    slow = CurvatureGeometry(view)
    root = slow._whitening.reshape(fast_inverse.shape[0], -1)
    assert_allclose(
        fast_inverse, root @ root.T, rtol=0, atol=1e-9 * np.abs(fast_inverse).max()
    )
