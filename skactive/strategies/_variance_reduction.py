"""Variance reduction: the label that most shrinks the uncertainty of the model."""

import numpy as np
from sklearn.utils import check_random_state

from ..utils import apply_in_chunks, num_rows, take_rows
from ._base import BaseQueryStrategy
from ._gradients import (
    CurvatureGeometry,
    LogisticView,
    blas_threads_for,
    output_curvature,
    sample_rows,
)
from ._selection import select_top_k


class VarianceReduction(BaseQueryStrategy):
    """Query the row whose label most reduces the variance of the model's outputs.

    Variance reduction for logistic models (Schein & Ungar, Machine Learning
    2007; Settles' survey, section 3.5). The uncertainty of the fitted
    weights is the inverse Fisher information ``F^{-1}`` of the labeled set;
    by the delta method the variance of the predicted probabilities of a
    pool row ``x_r`` is ``tr(J_r F^{-1} J_r^T)`` with
    ``J_r = A_r (I ⊗ [x_r, 1])^T`` and ``A_r = diag(p_r) - p_r p_r^T``. The
    utility of a candidate ``x`` is how much labeling it lowers that
    variance, summed over (a sample of) the pool. For a logistic model the
    Fisher information of ``x`` does not depend on its label, so no
    expectation over labels is needed, and it is the rank-``m`` matrix
    ``A_x ⊗ [x, 1][x, 1]^T``. Woodbury turns the update of ``F^{-1}`` into
    an ``m x m`` solve per candidate, and the variance reduction into::

        utility(x) = 1/n_ref * tr(N_x T_x S T_x^T),
        N_x = (I + A_x Q(x, x))^{-1} A_x,
        S = sum_r T_r^T A_r^2 T_r,

    with ``T`` the rows mapped through ``F^{-1/2}`` (``Q(a, b) = T_a T_b^T``).
    ``S`` is computed once per query (as ``H^+ C H^+`` with
    ``C = sum_r A_r^2 ⊗ x_r x_r^T``, never through the embeddings), and
    ``Q(x, x)`` and ``T_x S T_x^T`` are evaluated as quadratic forms in the
    features: no refit and no candidate x pool matrix. With ``m`` outputs
    (1 for a binary model, else the number of classes), ``d`` features,
    ``P = m (d + 1)`` parameters, ``n_c`` candidates and ``n_r`` reference
    rows, a query costs::

        O(P^3 + n_r m^2 (d + 1)^2 + n_c (m^2 (d + 1)^2 + m^3))

    the ``P^3`` being the eigendecomposition of the Fisher information and
    ``m^3`` the ``m x m`` solve per candidate. With many classes ``P^3``
    dominates: 200 classes and 10 features make ``P = 2200``. A query whose
    estimated cost is minutes warns (``UserWarning``) before it starts. ``F`` includes the model's L2 penalty
    (``1 / C`` for ``LogisticRegression``) and leaves the intercept
    unpenalised; directions without information (softmax's free constant)
    are dropped by a pseudo-inverse. Binary models have one weight vector
    (``m = 1``). Other classifiers are read as a logistic model with their
    probabilities over the features their final step sees (an
    approximation). The Fisher information is dense in the parameters, so
    this is for models with at most 4000 of them.

    Parameters
    ----------
    n_candidates : int or None, default=None
        Score a seeded sample of this many pool rows (all when None); the
        others get one less than the lowest sampled utility.
    n_reference : int or None, default=1000
        Sum the variance over a seeded sample of this many pool rows (all
        when None).
    random_state : int, RandomState instance or None, default=None
        Seeds the samples; when None, the ``random_state`` given to the
        strategy is used.

    See Also
    --------
    ExpectedErrorReduction : Looks ahead at the loss rather than the variance.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.linear_model import LogisticRegression
    >>> from skactive import ActiveLearner
    >>> from skactive.strategies import VarianceReduction
    >>> X, y = load_iris(return_X_y=True)
    >>> learner = ActiveLearner(LogisticRegression(), VarianceReduction())
    >>> learner.fit(X[::10], y[::10]).query(X, n_instances=2).shape
    (2,)
    """

    def __init__(self, n_candidates=None, n_reference=1000, *, random_state=None):
        self.n_candidates = n_candidates
        self.n_reference = n_reference
        self.random_state = random_state

    def __skactive_tags__(self):
        tags = super().__skactive_tags__()
        # Candidate and reference rows are drawn by position.
        tags.position_free = self.n_candidates is None and self.n_reference is None
        return tags

    def utility(self, learner, X_pool, random_state=None):
        """Reduction of the pool's output variance from labeling each row.

        Parameters
        ----------
        learner : fitted learner
            The learner (its model, labeled set and probabilities).
        X_pool : array-like, sparse matrix, DataFrame or list
            The unlabeled pool.
        random_state : int, RandomState instance or None, default=None
            Seeds the random draws (read by :func:`strategy_utility`).

        Returns
        -------
        ndarray of shape (n_pool,)
            Higher = larger reduction.
        """
        return self._utility(learner, X_pool, random_state)

    def __call__(self, learner, X_pool, n_instances=1, *, random_state=None):
        scores = self._utility(learner, X_pool, random_state)
        return select_top_k(scores, n_instances, random_state), scores

    def _utility(self, learner, X_pool, random_state):
        rng = check_random_state(
            self.random_state if self.random_state is not None else random_state
        )
        n = num_rows(X_pool)
        candidates = sample_rows(n, self.n_candidates, rng)
        reference = take_rows(X_pool, sample_rows(n, self.n_reference, rng))
        view = LogisticView(learner)
        n_c, n_ref = candidates.shape[0], num_rows(reference)

        def work(m, n_dims, n_lab):
            n_p = m * n_dims
            # H^+, the lifted S (two P x P products), then per candidate the
            # two quadratic forms and the m x m product and solve.
            return (
                3.0 * n_p**3 + n_ref * (m * n_dims) ** 2
                + n_c * (m * m * n_dims * n_dims + 4.0 * m**3)
            )

        geometry = CurvatureGeometry(view, work=work, name="VarianceReduction")
        features, proba = view.features_and_proba(reference)
        curvature = output_curvature(proba, view.binary)
        n_ref, m = curvature.shape[:2]
        n_p = geometry.inverse().shape[0]
        # S = sum_r T_r^T A_r^2 T_r / n_ref, lifted to feature space directly.
        lifted = geometry.lift_sandwich(features, curvature @ curvature / n_ref)

        def chunk_reduction(rows):
            features, proba = view.features_and_proba(rows)
            curvature = output_curvature(proba, view.binary)
            system = np.eye(m) + curvature @ geometry.self_blocks(features)
            absorbed = np.linalg.solve(system, curvature)  # N_x
            projected = geometry.quadratic_forms(features, lifted)  # T_x S T_x^T
            return np.einsum("cij,cji->c", absorbed, projected)

        candidate_rows = take_rows(X_pool, candidates)
        with blas_threads_for(4.0 * candidates.shape[0] * n_p * n_p):
            utility = apply_in_chunks(
                chunk_reduction, candidate_rows, row_bytes=8 * 3 * m * n_p
            )
        if candidates.shape[0] == n:
            return utility
        scores = np.full(n, utility.min() - 1.0)
        scores[candidates] = utility
        return scores
