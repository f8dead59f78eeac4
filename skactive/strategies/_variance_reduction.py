"""Variance reduction: the label that most shrinks the uncertainty of the model."""

import numpy as np
from scipy.linalg import lapack
from sklearn.utils import check_random_state
from threadpoolctl import threadpool_limits

from ..utils import apply_in_chunks, num_rows, take_rows
from ._base import BaseQueryStrategy
from ._gradients import (
    CurvatureGeometry,
    LogisticView,
    output_curvature,
    sample_rows,
)
from ._selection import select_top_k


def absorbed_traces(proba, q_self, projected, binary):
    """``tr((I + A Q)^{-1} A M)`` per row, ``A = diag(p) - p p^T``.

    With ``q = sqrt(p)`` (so ``|q| = 1``) and the projector ``Π = I - q q^T``,
    ``A = F F^T`` for ``F = diag(q) Π``, and by the push-through identity

        (I + A Q)^{-1} A = F (I + F^T Q F)^{-1} F^T,

    so the trace is ``<K^{-1}, Π M' Π>`` with ``K = I + Π Q' Π`` symmetric
    positive definite (eigenvalues at least 1) and ``X' = diag(q) X
    diag(q)``. ``K`` has the eigenvector ``q`` (eigenvalue 1) and commutes
    with ``Π``, so ``Π K^{-1} Π = K^{-1} - q q^T`` and the trace is
    ``<K^{-1}, M'> - q^T M' q``: one Cholesky factorisation and inverse per
    row, ``m^3`` operations, where a general solve with ``m`` right-hand
    sides and the product ``A Q`` cost about ``3.7 m^3``. ``q_self`` and
    ``projected`` are ``(n, m, m)`` symmetric blocks.
    """
    if binary:
        a = proba[:, 1] * proba[:, 0]
        return a * projected[:, 0, 0] / (1.0 + a * q_self[:, 0, 0])
    m = proba.shape[1]
    # <X, Y> for symmetric Y from the upper triangle of X (what dpotri fills).
    upper = np.triu(np.full((m, m), 2.0), 1) + np.eye(m)
    traces = np.empty(proba.shape[0])
    for i, root in enumerate(np.sqrt(np.clip(proba, 0.0, None))):
        scale = np.outer(root, root)
        system = _project(q_self[i] * scale, root)
        system.flat[:: m + 1] += 1.0
        weights = projected[i] * scale
        factor, info = lapack.dpotrf(system, lower=0, clean=0)
        if info == 0:
            inverse, info = lapack.dpotri(factor, lower=0, overwrite_c=1)
            inverse *= upper
        if info != 0:  # not reached for a PSD Q; kept exact if it were
            inverse = np.linalg.inv(system)
        traces[i] = np.vdot(inverse, weights) - root @ weights @ root
    return traces


def _project(block, root):
    """``Π X Π`` for symmetric ``X``, ``Π = I - q q^T``."""
    moved = block @ root  # X q
    centre = root @ moved  # q^T X q
    out = block - np.outer(root, moved)
    out -= np.outer(moved, root)
    out += centre * np.outer(root, root)
    return out


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
    features: no refit and no candidate x pool matrix. Per candidate the
    trace is ``<K^{-1}, M'> - q^T M' q`` with ``q = sqrt(p_x)``,
    ``K = I + Π diag(q) Q(x, x) diag(q) Π`` (``Π = I - q q^T``) and
    ``M' = diag(q) T_x S T_x^T diag(q)``, because ``A_x = F F^T`` with
    ``F = diag(q) Π``: one Cholesky
    factorisation and inverse of a positive definite ``m x m`` matrix. With
    ``m`` outputs (1 for a binary model, else the number of classes), ``d``
    features, ``P = m (d + 1)`` parameters, ``n_c`` candidates and ``n_r``
    reference rows, a query costs::

        O(P^3 + n_r P^2 + n_c (m^2 d^2 + m^3))

    the ``P^3`` being the factorisation of the Fisher information (Cholesky
    around its known null direction; an eigendecomposition, about nine
    times dearer, only when that is ill conditioned or there is no
    penalty) and the lifted ``S``, and ``m^3`` the factorisation per
    candidate. With 200 classes and 10 features (``P = 2200``) on 2,600
    rows, ``n_reference=30``: 6-8 s per query (13-17 s under heavier load)
    on 2 busy cores (``benchmarks/bench_lookahead.py``), against 1-3
    minutes before. A query whose estimated cost is minutes warns
    (``UserWarning``) before it starts. ``F`` includes the model's L2 penalty
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

    Notes
    -----
    It loses to random sampling on many-class data: paired AULC difference
    to random sampling (``benchmarks/bench_label_efficiency.py``,
    StandardScaler + LogisticRegression, 10 seeds) -0.081 on KEEL texture,
    -0.036 on digits and -0.011 on KEEL satimage (all beyond two standard
    errors), while +0.022 on synthetic 10-class data and +0.021 on KEEL
    german.

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
            # The lifted S (two P x P products), then per candidate the two
            # quadratic forms in the d(d+1)/2 feature products and the m x m
            # Cholesky factorisation and inverse (H^+ itself is counted by
            # the geometry).
            return (
                4.0 * n_p**3 + 2.0 * n_ref * n_p**2
                + n_c * (2.0 * m * m * n_dims * (n_dims + 1) + m**3 + 12.0 * m * m)
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
            q_self = geometry.self_blocks(features)  # Q(x, x)
            projected = geometry.quadratic_forms(features, lifted)  # T_x S T_x^T
            return absorbed_traces(proba, q_self, projected, view.binary)

        candidate_rows = take_rows(X_pool, candidates)
        # Per candidate the products and factorisations are m x m: BLAS
        # threads cost more than they save (20-60x on two busy cores).
        with threadpool_limits(1):
            utility = apply_in_chunks(
                chunk_reduction, candidate_rows, row_bytes=8 * 3 * m * n_p
            )
        if candidates.shape[0] == n:
            return utility
        scores = np.full(n, utility.min() - 1.0)
        scores[candidates] = utility
        return scores
