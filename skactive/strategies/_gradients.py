"""Closed-form gradients and curvature of the log loss of a linear model.

A multinomial logistic model scores a sample ``x`` with logits ``W [x, 1]``
(``W`` of shape ``(K, d + 1)``) and probabilities ``p = softmax(W [x, 1])``.
For a label ``c`` the log loss ``-log p_c`` has

* gradient ``(p - e_c) ⊗ [x, 1]`` with respect to ``W``, whose norm is
  ``||p - e_c|| * ||[x, 1]||``;
* Hessian (equal to the Fisher information of the sample, whatever its label)
  ``A ⊗ [x, 1][x, 1]^T`` with ``A = diag(p) - p p^T``.

A binary model has one weight vector ``w``: its gradient is
``(p_1 - y) [x, 1]`` and ``A = p_1 (1 - p_1)``. Writing the binary case as a
model with ``m = 1`` output and the multinomial case with ``m = K`` outputs,
every piece below is an ``(n, m)`` "output gradient" or an ``(n, m, m)``
"output curvature" that multiplies the feature vector ``[x, 1]``. Expected
model change, BADGE, expected error reduction and variance reduction are all
built from these pieces, so they live here once.

For models that are not linear (no ``coef_``), the same formulas are applied
to the model's probabilities and the features the final estimator sees: the
gradient of a logistic model that would make those predictions.
"""

import numbers

import numpy as np
import scipy.sparse as sp
from scipy import linalg
from scipy.special import xlogy
from sklearn.utils.validation import check_is_fitted

from ..utils import apply_in_chunks, num_rows
from ._features import final_estimator, final_step_features

# Closed-form curvature needs a dense (m * (d + 1))^2 matrix and its
# eigendecomposition; beyond this many parameters that stops being cheap.
MAX_CURVATURE_PARAMETERS = 4000


# -- the model, seen as a (multinomial) logistic model -----------------------


class LogisticView:
    """How a fitted learner's final estimator is read as a logistic model.

    Attributes
    ----------
    n_classes : int
        Number of classes of the learner.
    binary : bool
        Two classes: one weight vector (``m = 1`` output), as in scikit-learn's
        binary ``LogisticRegression``.
    fit_intercept : bool
        Whether the feature vector is augmented with a constant 1.
    l2 : float
        Strength of the L2 penalty on the weights (not the intercept), in
        units of one sample's log loss: ``(1 - l1_ratio) / C`` for
        ``LogisticRegression``, 1 for models that have no ``C``.
    """

    def __init__(self, learner):
        check_is_fitted(learner, "classes_")
        self.learner = learner
        self.estimator = final_estimator(learner)
        self.n_classes = len(learner.classes_)
        self.binary = self.n_classes == 2
        self.fit_intercept = bool(getattr(self.estimator, "fit_intercept", True))
        self.l2 = _l2_strength(self.estimator)
        if not hasattr(learner, "predict_proba"):
            raise AttributeError(
                f"{type(self.estimator).__name__} has no predict_proba; "
                "gradient-based strategies need class probabilities (wrap the "
                "estimator in CalibratedClassifierCV)."
            )

    @property
    def n_outputs(self):
        return 1 if self.binary else self.n_classes

    def features_and_proba(self, X):
        """Final-step features of ``X`` and the learner's probabilities.

        With an ``ActiveLearner`` the preprocessing runs once: the final
        estimator predicts from the features it is given.
        """
        features = final_step_features(self.learner, X)
        if hasattr(self.learner, "estimator_") and hasattr(
            self.estimator, "predict_proba"
        ):
            proba = self.estimator.predict_proba(features)
        else:
            proba = self.learner.predict_proba(X)
        return features, np.asarray(proba, dtype=float)

    def logits(self, proba):
        """Logits reproducing ``proba`` (up to the softmax's free constant)."""
        log_proba = np.log(np.clip(proba, 1e-300, None))
        if self.binary:
            return log_proba[:, 1:] - log_proba[:, :1]
        return log_proba


def _l2_strength(estimator):
    C = getattr(estimator, "C", None)
    if not isinstance(C, numbers.Real):
        return 1.0
    penalty = getattr(estimator, "penalty", "l2")
    if penalty in (None, "none", "l1") or not np.isfinite(C):
        return 0.0
    l1_ratio = getattr(estimator, "l1_ratio", None)
    l1_ratio = 0.0 if l1_ratio is None or penalty == "l2" else float(l1_ratio)
    return (1.0 - l1_ratio) / float(C)


# -- gradients ----------------------------------------------------------------


def augmented_sq_norms(features, fit_intercept=True):
    """``||[x, 1]||^2`` per row (``||x||^2`` without an intercept)."""
    if sp.issparse(features):
        sq = np.asarray(features.multiply(features).sum(axis=1), dtype=float).ravel()
    else:
        features = np.asarray(features, dtype=float)
        sq = np.einsum("ij,ij->i", features, features)
    return sq + 1.0 if fit_intercept else sq


def output_gradients(proba, labels, binary):
    """``p - e_c`` per row for label positions ``labels``, shape ``(n, m)``.

    The gradient of the log loss at ``(x, c)`` is this row ⊗ ``[x, 1]``.
    Binary models have one output: ``p_1 - [c == 1]``.
    """
    proba = np.asarray(proba, dtype=float)
    rows = np.arange(proba.shape[0])
    if binary:
        return (proba[:, 1] - (np.asarray(labels) == 1))[:, None]
    gradients = proba.copy()
    gradients[rows, labels] -= 1.0
    return gradients


def expected_gradient_length(proba, sq_norms, binary):
    """``sum_c p_c ||(p - e_c) ⊗ [x, 1]||`` per row, in closed form.

    Parameters
    ----------
    proba : ndarray of shape (n, n_classes)
        Class probabilities.
    sq_norms : ndarray of shape (n,)
        ``||[x, 1]||^2`` per row (:func:`augmented_sq_norms`).
    binary : bool
        One weight vector: the gradient norm is ``|p_1 - y| ||[x, 1]||``, so
        the expectation is ``2 p_1 (1 - p_1) ||[x, 1]||``.
    """
    proba = np.asarray(proba, dtype=float)
    if binary:
        lengths = 2.0 * proba[:, 1] * proba[:, 0]
    else:
        # ||p - e_c||^2 = ||p||^2 - 2 p_c + 1, for every class at once.
        sq_p = np.einsum("ij,ij->i", proba, proba)
        gap = np.sqrt(np.clip(sq_p[:, None] - 2.0 * proba + 1.0, 0.0, None))
        lengths = np.einsum("ij,ij->i", proba, gap)
    return lengths * np.sqrt(sq_norms)


def output_curvature(proba, binary):
    """``A = diag(p) - p p^T`` per row, shape ``(n, m, m)``."""
    proba = np.asarray(proba, dtype=float)
    if binary:
        return (proba[:, 1] * proba[:, 0])[:, None, None]
    curvature = -proba[:, :, None] * proba[:, None, :]
    diagonal = np.arange(proba.shape[1])
    curvature[:, diagonal, diagonal] += proba
    return curvature


# -- curvature of the training objective --------------------------------------


def _augment(features, fit_intercept):
    if sp.issparse(features):
        features = features.toarray()
    features = np.asarray(features, dtype=float)
    if fit_intercept:
        features = np.hstack([features, np.ones((features.shape[0], 1))])
    return features


class CurvatureGeometry:
    """Inverse curvature of the labeled-set objective, as per-row maps.

    The Hessian of the regularised training objective at the fitted weights,
    ``H = sum_i A_i ⊗ [x_i, 1][x_i, 1]^T + l2 * I`` (intercept unpenalised),
    is also the Fisher information of the labeled set. With ``H^+`` its
    pseudo-inverse, the ``m x m`` block ``Q(a, b) = (I ⊗ [x_a, 1])^T H^+
    (I ⊗ [x_b, 1])`` couples two samples. :meth:`embed` maps rows to
    ``(n, m, P)`` arrays ``T`` with ``Q(a, b) = T_a T_b^T``, so the blocks
    between a chunk of candidates and the reference rows are one matrix
    product, never an ``n_pool x n_pool`` object.

    Parameters
    ----------
    view : LogisticView
        The model.
    """

    def __init__(self, view):
        self.view = view
        m = view.n_outputs
        learner = view.learner
        X_labeled = getattr(learner, "X_labeled_", None)
        if X_labeled is None:
            raise AttributeError(
                "The learner exposes no X_labeled_; curvature-based strategies "
                "need the labeled set."
            )
        features, proba = view.features_and_proba(X_labeled)
        X = _augment(features, view.fit_intercept)
        n_dims = X.shape[1]
        n_params = m * n_dims
        if n_params > MAX_CURVATURE_PARAMETERS:
            raise ValueError(
                f"The model has {n_params} parameters ({m} outputs x {n_dims} "
                f"features); the closed-form curvature is limited to "
                f"{MAX_CURVATURE_PARAMETERS}. Reduce the features the final "
                "estimator sees (e.g. TruncatedSVD in the Pipeline) or use "
                "method='retrain'."
            )
        curvature = output_curvature(proba, view.binary)
        hessian = np.empty((m, n_dims, m, n_dims))
        for a in range(m):
            for b in range(a, m):
                block = X.T @ (X * curvature[:, a, b][:, None])
                hessian[a, :, b, :] = block
                hessian[b, :, a, :] = block.T
        hessian = hessian.reshape(n_params, n_params)
        penalised = np.ones(n_dims)
        if view.fit_intercept:
            penalised[-1] = 0.0
        hessian[np.diag_indices(n_params)] += view.l2 * np.tile(penalised, m)
        eigenvalues, eigenvectors = linalg.eigh(hessian)
        # Directions with no curvature (softmax's free constant, an unpenalised
        # intercept, features never seen) carry no information: pseudo-inverse.
        keep = eigenvalues > eigenvalues.max(initial=0.0) * n_params * 1e-12
        self._root = eigenvectors[:, keep] / np.sqrt(eigenvalues[keep])
        self._root = self._root.reshape(m, n_dims, -1)

    def embed(self, features):
        """``T`` of shape ``(n, m, P)`` such that ``Q(a, b) = T_a T_b^T``."""
        X = _augment(features, self.view.fit_intercept)
        return np.einsum("nd,mdp->nmp", X, self._root)


def cross_blocks(embed_a, embed_b):
    """``Q(a, b)`` for every pair: shape ``(n_a, n_b, m, m)``."""
    n_a, m, n_p = embed_a.shape
    n_b = embed_b.shape[0]
    flat = embed_a.reshape(n_a * m, n_p) @ embed_b.reshape(n_b * m, n_p).T
    return flat.reshape(n_a, m, n_b, m).transpose(0, 2, 1, 3)


def self_blocks(embed):
    """``Q(a, a)`` per row: shape ``(n, m, m)``."""
    return np.einsum("nip,njp->nij", embed, embed)


def pool_features_and_proba(view, X_pool, row_bytes):
    """Features and probabilities of a pool, computed in chunks."""
    n = num_rows(X_pool)
    if n == 0:
        raise ValueError("X_pool is empty: there is nothing to score.")
    parts = []

    def score(rows):
        features, proba = view.features_and_proba(rows)
        parts.append(features)
        return proba

    proba = apply_in_chunks(score, X_pool, row_bytes=row_bytes)
    features = (
        sp.vstack(parts, format="csr") if sp.issparse(parts[0]) else np.concatenate(parts)
    )
    return features, proba


def sample_rows(n, size, rng):
    """Sorted positions of ``size`` rows drawn without replacement (all if None)."""
    if size is None or size >= n:
        return np.arange(n)
    return np.sort(rng.choice(n, size=size, replace=False))


def entropy_of_logits(logits, binary):
    """Entropy of the predictive distribution for logits ``(..., m)``."""
    if binary:
        z = logits[..., 0]
        p1 = 0.5 * (1.0 + np.tanh(0.5 * z))
        return -(xlogy(p1, p1) + xlogy(1.0 - p1, 1.0 - p1))
    shifted = logits - logits.max(axis=-1, keepdims=True)
    log_norm = np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    log_p = shifted - log_norm
    return -(np.exp(log_p) * log_p).sum(axis=-1)


def zero_one_of_logits(logits, binary):
    """``1 - max_c p_c`` for logits ``(..., m)``."""
    if binary:
        z = logits[..., 0]
        return 0.5 * (1.0 - np.tanh(0.5 * np.abs(z)))
    shifted = logits - logits.max(axis=-1, keepdims=True)
    return 1.0 - 1.0 / np.exp(shifted).sum(axis=-1)

