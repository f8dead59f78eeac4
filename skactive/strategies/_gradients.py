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

import contextlib
import numbers
import warnings

import numpy as np
import scipy.sparse as sp
from scipy import linalg
from scipy.special import xlogy
from sklearn.pipeline import Pipeline
from sklearn.utils.validation import check_is_fitted
from threadpoolctl import threadpool_limits

from ..utils import apply_in_chunks, num_rows
from ._distances import row_sq_norms
from ._features import final_estimator, final_step_features

# Closed-form curvature needs a dense (m * (d + 1))^2 matrix and its
# eigendecomposition; beyond this many parameters that stops being cheap.
MAX_CURVATURE_PARAMETERS = 4000
# Conjugate-gradient steps per Newton iteration of Lookahead.refine.
_CG_STEPS = 1
# Bytes of one (problems x outputs x labeled rows) array in Lookahead.refine.
_REFINE_BYTES = 32 * 2**20


# -- the model, seen as a (multinomial) logistic model -----------------------


def _check_curvature_size(m, n_dims):
    """The parameter count ``m * n_dims``, refused above the closed form's limit."""
    n_params = m * n_dims
    if n_params > MAX_CURVATURE_PARAMETERS:
        raise ValueError(
            f"The model has {n_params} parameters ({m} outputs x {n_dims} "
            f"features); the closed-form curvature is limited to "
            f"{MAX_CURVATURE_PARAMETERS}. Reduce the features the final "
            "estimator sees (e.g. TruncatedSVD in the Pipeline); "
            "ExpectedErrorReduction also offers method='retrain'."
        )
    return n_params


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
        if _final_step_predicts(self.learner):
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
    # float64 accumulation, upcast chunk by chunk (never a float64 pool copy).
    sq = row_sq_norms(features)
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


def output_third_derivative(proba, shifts, binary):
    """Third derivative of the log loss in the logits, applied twice to ``shifts``.

    For logits ``z`` moving by ``v``, the change of the gradient ``p - e_c``
    to second order is ``A v + T[v, v] / 2`` with (whatever the label)
    ``T[v, v] = p * ((v - <p, v>)^2 - Var_p(v))``; for a binary model,
    ``p_1 (1 - p_1) (1 - 2 p_1) v^2``. ``proba`` broadcasts against
    ``shifts`` of shape ``(..., m)``.
    """
    if binary:
        p1 = proba[..., 1:]
        return p1 * (1.0 - p1) * (1.0 - 2.0 * p1) * shifts**2
    # Weighted sums by einsum and the rest in place: no broadcast
    # temporaries (15x faster on 200 labeled rows x 200 classes).
    mean = np.einsum("...j,...j->...", proba, shifts)
    out = shifts - mean[..., None]
    np.square(out, out=out)
    variance = np.einsum("...j,...j->...", proba, out)
    out -= variance[..., None]
    out *= proba
    return out


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


# Floating-point operations of scipy's eigh with eigenvectors, per n^3.
EIGH_FLOPS = 9.0
# What these lookahead computations (batched small products and solves)
# reach on two busy cores, measured with VarianceReduction: a
# deliberately low estimate, so that the warning errs on the side of speaking.
_FLOPS_PER_SECOND = 2e9
# Queries expected to take longer than this many seconds warn first.
SLOW_QUERY_SECONDS = 60.0


def warn_if_slow(flops, name, size):
    """``UserWarning`` before a computation estimated to take minutes."""
    seconds = flops / _FLOPS_PER_SECOND
    if seconds > SLOW_QUERY_SECONDS:
        warnings.warn(
            f"{name} is about to run ~{flops:.1e} floating-point operations "
            f"({size}): several minutes on a small machine (estimate "
            f"{seconds / 60:.0f} min at {_FLOPS_PER_SECOND:.0e} operations/s). "
            "Pass n_candidates= and n_reference= to score and measure on "
            "samples of the pool, or reduce the features the final estimator "
            "sees (e.g. TruncatedSVD in the Pipeline).",
            UserWarning,
            stacklevel=4,
        )


class CurvatureGeometry:
    """Inverse curvature of the labeled-set objective, as per-row maps.

    The Hessian of the regularised training objective at the fitted weights,
    ``H = sum_i A_i ⊗ [x_i, 1][x_i, 1]^T + l2 * I`` (intercept unpenalised),
    is also the Fisher information of the labeled set. With ``H^+`` its
    pseudo-inverse, the ``m x m`` block ``Q(a, b) = (I ⊗ [x_a, 1])^T H^+
    (I ⊗ [x_b, 1])`` couples two samples. :meth:`embed` maps rows to
    ``(n, m, P)`` arrays ``T`` ("whitened" parameter directions) with
    ``Q(a, b) = T_a T_b^T``, so products between a chunk of candidates and
    the reference rows are one matrix product, never an ``n_pool x n_pool``
    object.

    Parameters
    ----------
    view : LogisticView
        The model.
    """

    def __init__(self, view, *, work=None, name=None):
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
        self.labeled_features, self.labeled_proba = features, proba
        X = _augment(features, view.fit_intercept)
        n_dims = X.shape[1]
        n_params = _check_curvature_size(m, n_dims)
        self._null = _structural_null_space(view, m, n_dims)
        if work is not None:
            # Before the factorisation, which alone can take minutes.
            factor_flops = float(n_params) ** 3
            if self._null is None:
                factor_flops *= EIGH_FLOPS
            warn_if_slow(
                factor_flops + work(m, n_dims, X.shape[0]),
                name or "This strategy",
                f"{m} outputs x {n_dims} features = {n_params} parameters",
            )
        curvature = output_curvature(proba, view.binary)
        # hessian[a, i, b, j] = sum_n A_n[a, b] x_ni x_nj, as one product.
        outer = (X[:, :, None] * X[:, None, :]).reshape(X.shape[0], n_dims * n_dims)
        hessian = (curvature.reshape(-1, m * m).T @ outer).reshape(m, m, n_dims, n_dims)
        hessian = hessian.transpose(0, 2, 1, 3).reshape(n_params, n_params)
        penalised = np.ones(n_dims)
        if view.fit_intercept:
            penalised[-1] = 0.0
        hessian[np.diag_indices(n_params)] += view.l2 * np.tile(penalised, m)
        self._hessian = hessian
        self._inverse = self._root = None

    @property
    def _whitening(self):
        """``R`` of shape ``(m, d + 1, P')`` with ``R R^T = H^+`` (one eigh)."""
        if self._root is None:
            n_params = self._hessian.shape[0]
            with blas_threads_for(float(n_params) ** 3):
                eigenvalues, eigenvectors = linalg.eigh(self._hessian)
            # Directions with no curvature (softmax's free constant, an
            # unpenalised intercept, features never seen) carry no
            # information: pseudo-inverse.
            keep = eigenvalues > eigenvalues.max(initial=0.0) * n_params * 1e-12
            root = eigenvectors[:, keep] / np.sqrt(eigenvalues[keep])
            m = self.view.n_outputs
            self._root = root.reshape(m, n_params // m, -1)
        return self._root

    def lift(self, whitened=None):
        """A ``(P, P)`` matrix ``W`` in whitened parameters, in feature space.

        Returns ``L`` such that :meth:`quadratic_forms` gives ``T_a W T_a^T``
        per row as one matrix product of the row's ``(d + 1)(d + 2) / 2``
        distinct feature products with ``L``: ``O(m^2 (d + 1)^2)`` per row
        instead of ``O(m P^2)`` through the embedding. ``None`` stands for
        the identity (then ``T_a T_a^T = Q(a, a)``).
        """
        m, n_dims, n_p = self._whitening.shape
        flat_root = self._whitening.reshape(m * n_dims, n_p)
        if whitened is None:
            lifted = flat_root @ flat_root.T
        else:
            lifted = flat_root @ whitened @ flat_root.T
        return self._feature_form(lifted)

    def inverse(self):
        """``H^+`` of shape ``(m (d + 1), m (d + 1))`` (computed once).

        When the only directions without curvature are known in closed form
        (softmax's free constant on the intercepts, :func:`_structural_null_space`)
        and the rest is well conditioned, ``H^+ = (H + N N^T)^{-1} - N N^T``
        from one Cholesky factorisation: ``P^3`` operations instead of the
        ``9 P^3`` of an eigendecomposition, the same matrix (the
        eigendecomposition would drop exactly ``N``). Otherwise ``R R^T``.
        """
        if self._inverse is None:
            inverse = None
            if self._null is not None and self._root is None:
                inverse = _inverse_around_null(self._hessian, self._null)
            if inverse is None:
                m, n_dims, n_p = self._whitening.shape
                flat_root = self._whitening.reshape(m * n_dims, n_p)
                inverse = flat_root @ flat_root.T
            self._inverse = inverse
        return self._inverse

    def lift_sandwich(self, features, weights):
        """:meth:`lift` of ``sum_r T_r^T weights_r T_r`` without the embedding.

        ``T_r^T B T_r`` is ``R^T (I ⊗ x_r) B (I ⊗ x_r)^T R`` and ``R R^T =
        H^+``, so in parameter space the sum is ``H^+ C H^+`` with ``C =
        sum_r B_r ⊗ x_r x_r^T``: ``O(n_r m^2 (d + 1)^2 + P^3)`` instead of
        ``O(n_r m P^2 + P^3)``. ``weights`` has shape ``(n_r, m, m)``.
        """
        X = _augment(features, self.view.fit_intercept)
        m, n_dims = self._shape
        outer = (X[:, :, None] * X[:, None, :]).reshape(X.shape[0], -1)
        middle = weights.reshape(X.shape[0], m * m).T @ outer  # (a b, i j)
        middle = middle.reshape(m, m, n_dims, n_dims).transpose(0, 2, 1, 3)
        middle = middle.reshape(m * n_dims, m * n_dims)
        inverse = self.inverse()
        return self._feature_form(inverse @ middle @ inverse)

    @property
    def _shape(self):
        m = self.view.n_outputs
        return m, self._hessian.shape[0] // m

    def _feature_form(self, lifted):
        m, n_dims = self._shape
        # (i, j, a, b): the coefficient of x_i x_j in block (a, b).
        lifted = lifted.reshape(m, n_dims, m, n_dims).transpose(1, 3, 0, 2)
        first, second = np.triu_indices(n_dims)
        symmetric = lifted[first, second] + lifted[second, first]
        diagonal = first == second
        symmetric[diagonal] *= 0.5
        return symmetric.reshape(first.shape[0], m * m)

    def quadratic_forms(self, features, lifted):
        """``T_a W T_a^T`` of shape ``(n, m, m)`` for ``lifted`` from :meth:`lift`."""
        X = _augment(features, self.view.fit_intercept)
        m, n_dims = self._shape
        first, second = np.triu_indices(n_dims)
        products = X[:, first] * X[:, second]
        return (products @ lifted).reshape(X.shape[0], m, m)

    def self_blocks(self, features):
        """``Q(a, a)`` of shape ``(n, m, m)``, as quadratic forms in the features.

        ``O(m^2 (d + 1)^2)`` per row, where ``T_a T_a^T`` through the
        embedding costs ``O(m^2 P) = O(m^3 (d + 1))``: with 200 classes and
        10 features, 18 times fewer operations.
        """
        if getattr(self, "_lifted_inverse", None) is None:
            self._lifted_inverse = self._feature_form(self.inverse())
        return self.quadratic_forms(features, self._lifted_inverse)

    def embed(self, features):
        """``T`` of shape ``(n, m, P)`` such that ``Q(a, b) = T_a T_b^T``."""
        X = _augment(features, self.view.fit_intercept)
        m, n_dims, n_p = self._whitening.shape
        flat_root = np.swapaxes(self._whitening, 0, 1).reshape(n_dims, m * n_p)
        return (X @ flat_root).reshape(X.shape[0], m, n_p)


def _structural_null_space(view, m, n_dims):
    """Orthonormal directions ``H`` maps to zero whatever the data, or None.

    With an L2 penalty every weight is penalised; a multinomial model with an
    intercept keeps one free direction, the same constant added to every
    class's intercept (``A 1 = 0`` and the intercept is not penalised). Any
    other case (no penalty, where features the labels never span are free
    too) returns None: those need the eigendecomposition.
    """
    if not view.l2 > 0:
        return None
    if m == 1 or not view.fit_intercept:
        return np.zeros((m * n_dims, 0))
    null = np.zeros((m, n_dims))
    null[:, -1] = 1.0 / np.sqrt(m)
    return null.reshape(-1, 1)


# The Cholesky route is taken only when its reciprocal condition number is
# at least this: far above the eigendecomposition's cut (P * 1e-12 of the
# largest eigenvalue), so that both keep the same directions.
_MIN_RCOND = 1e-7


def _inverse_around_null(hessian, null):
    """``H^+`` as ``(H + N N^T)^{-1} - N N^T``, or None if ill conditioned."""
    n_params = hessian.shape[0]
    scale = np.trace(hessian) / n_params
    shifted = hessian + scale * (null @ null.T)
    # LAPACK's triangular inverse gains little from BLAS threads: one thread
    # was 4x faster for P = 2200 on two busy cores (0.5 s against 2 s).
    with threadpool_limits(1):
        factor, info = linalg.lapack.dpotrf(shifted, lower=0, clean=0)
        if info != 0:
            return None
        norm = np.abs(shifted).sum(axis=0).max()
        rcond, info = linalg.lapack.dpocon(factor, norm)
        if info != 0 or rcond < _MIN_RCOND:
            return None  # the eigendecomposition decides what to drop
        inverse, info = linalg.lapack.dpotri(factor, lower=0, overwrite_c=1)
    if info != 0:
        return None
    lower = np.tril_indices(n_params, -1)
    inverse[lower] = inverse.T[lower]
    if null.shape[1]:
        inverse -= (null @ null.T) / scale
    return inverse


def self_blocks(embed):
    """``Q(a, a)`` per row: shape ``(n, m, m)``."""
    return embed @ np.swapaxes(embed, 1, 2)


def _final_step_predicts(learner):
    """Whether to predict from the final-step features instead of the input.

    Only behind a Pipeline's transformers: that saves running them twice.
    Without them the features are the input itself, and predicting through
    the learner keeps what the estimator checks (such as feature names).
    """
    estimator = getattr(learner, "estimator_", None)
    return (
        isinstance(estimator, Pipeline)
        and len(estimator) > 1
        and hasattr(estimator[-1], "predict_proba")
    )


def pool_features_and_proba(view, X_pool, row_bytes):
    """Final-step features of a whole pool and its probabilities (in chunks).

    Without a Pipeline the features are the pool itself, not a copy.
    """
    if num_rows(X_pool) == 0:
        raise ValueError("X_pool is empty: there is nothing to score.")
    features = final_step_features(view.learner, X_pool)
    learner, estimator = view.learner, view.estimator
    if _final_step_predicts(learner):
        proba = apply_in_chunks(estimator.predict_proba, features, row_bytes=row_bytes)
    else:
        proba = apply_in_chunks(learner.predict_proba, X_pool, row_bytes=row_bytes)
    return features, np.asarray(proba, dtype=float)


def sample_rows(n, size, rng):
    """Sorted positions of ``size`` rows drawn without replacement (all if None)."""
    if size is None or size >= n:
        return np.arange(n)
    return np.sort(rng.choice(n, size=size, replace=False))


def entropy_of_logits(logits, binary, axis=-1):
    """Entropy of the predictive distribution; ``logits`` has ``m`` along ``axis``."""
    by_class = np.moveaxis(logits, axis, 0)
    if binary:
        z = by_class[0]
        p1 = 0.5 * (1.0 + np.tanh(0.5 * z))
        return -(xlogy(p1, p1) + xlogy(1.0 - p1, 1.0 - p1))
    # Reduce over the few classes as whole-array operations (class axis
    # first): numpy is slow at reductions along a short last axis.
    shifted = by_class - np.maximum.reduce(by_class)
    exp = np.exp(shifted)
    total = np.add.reduce(exp)
    # H = log sum e^s - sum e^s s / sum e^s
    return np.log(total) - np.add.reduce(exp * shifted) / total


def zero_one_of_logits(logits, binary, axis=-1):
    """``1 - max_c p_c``; ``logits`` has ``m`` along ``axis``."""
    by_class = np.moveaxis(logits, axis, 0)
    if binary:
        z = by_class[0]
        return 0.5 * (1.0 - np.tanh(0.5 * np.abs(z)))
    total = np.add.reduce(np.exp(by_class - np.maximum.reduce(by_class)))
    return 1.0 - 1.0 / total


# Below this many floating-point operations per chunk, BLAS threads cost
# more than they save (on 2 busy cores: 80 ms with 2 threads, 20 ms with 1,
# for 300 candidates x 300 reference rows x 3 classes).
_SMALL_WORK = 5e8


def blas_threads_for(work):
    """One BLAS thread for small products, the default for large ones."""
    if work < _SMALL_WORK:
        return threadpool_limits(1)
    return contextlib.nullcontext()


class LabeledSubspace:
    """Inverse curvature of the labeled-set objective, split by the labeled rows.

    With ``n_l`` labeled rows and ``D = d + 1`` augmented features, the
    Hessian ``H = sum_i A_i ⊗ x_i x_i^T + l2 (I ⊗ Pen)`` (``Pen`` the
    identity without the intercept) leaves the feature directions ``E^⊥``
    orthogonal to the labeled rows and to the intercept untouched: on
    ``I ⊗ E^⊥`` it is ``l2 I``. So ``H^+`` is a dense ``(m k, m k)`` block
    on ``I ⊗ E`` (``k = dim E <= n_l + 1``) plus ``1 / l2`` times the
    identity on ``I ⊗ E^⊥``, exactly. Rows are rotated into an orthonormal
    basis ``[E, E^⊥]`` of the feature space; a row's ``E`` coordinates meet
    the dense block and its ``E^⊥`` part only enters through inner products
    with other rows' ``E^⊥`` parts (the labeled rows have none). With few
    labels and many features (``k`` much smaller than ``D``) every product
    through ``H^+`` shrinks from ``D`` to ``k`` per output; with ``k = D``
    nothing is rotated and this is the plain dense inverse.

    The pseudo-inverse drops the same directions as one of the whole ``H``
    would: eigenvalues at most ``max eigenvalue * m D * 1e-12``.

    Parameters
    ----------
    view : LogisticView
        The model.
    work : callable, optional
        ``work(m, n_dims, n_labeled)``: estimated floating-point operations
        of what follows, for the warning before a query of minutes.
    name : str, optional
        Named in that warning.
    """

    def __init__(self, view, *, work=None, name=None):
        self.view = view
        m = view.n_outputs
        X_labeled = getattr(view.learner, "X_labeled_", None)
        if X_labeled is None:
            raise AttributeError(
                "The learner exposes no X_labeled_; curvature-based strategies "
                "need the labeled set."
            )
        features, proba = view.features_and_proba(X_labeled)
        self.labeled_proba = proba
        X = _augment(features, view.fit_intercept)
        n_dims = X.shape[1]
        n_params = _check_curvature_size(m, n_dims)
        intercept = np.zeros((1, n_dims))
        if view.fit_intercept:
            intercept[0, -1] = 1.0
            spanning = np.vstack([X, intercept])
        else:
            spanning = X
        k = min(spanning.shape[0], n_dims)
        if k < n_dims:
            # Right singular vectors: the first k span the labeled rows (and
            # the intercept), the others are orthogonal to all of them.
            self.basis = linalg.svd(spanning, full_matrices=True)[2].T
        else:
            self.basis = None
        self.n_dims, self.n_span = n_dims, k
        if work is not None:
            known = _structural_null_space(view, m, 1) is not None
            warn_if_slow(
                (1.0 if known else EIGH_FLOPS) * float(m * k) ** 3
                + work(m, n_dims, X.shape[0]),
                name or "This strategy",
                f"{m} outputs x {n_dims} features = {n_params} parameters",
            )
        self.labeled, _ = self.rotate(features)
        Xk = self.labeled
        curvature = output_curvature(proba, view.binary)
        # hessian[a, i, b, j] = sum_n A_n[a, b] x_ni x_nj, one product.
        outer = (Xk[:, :, None] * Xk[:, None, :]).reshape(Xk.shape[0], k * k)
        hessian = (curvature.reshape(-1, m * m).T @ outer).reshape(m, m, k, k)
        hessian = hessian.transpose(0, 2, 1, 3).reshape(m * k, m * k)
        penalty = np.eye(k)
        if view.fit_intercept:
            direction = intercept[0] if self.basis is None else self.basis[-1, :k]
            penalty -= np.outer(direction, direction)
        hessian += view.l2 * np.kron(np.eye(m), penalty)
        self.penalty = penalty
        # (m k, m k) block of H^+ on I ⊗ E: by Cholesky around the known null
        # direction when well conditioned (see CurvatureGeometry.inverse),
        # else by an eigendecomposition.
        self.inverse = None
        null = _structural_null_space(view, m, 1)
        if null is not None:
            if null.shape[1]:
                direction = intercept[0] if self.basis is None else self.basis[-1, :k]
                null = np.kron(null, direction[:, None])
            else:
                null = np.zeros((m * k, 0))
            self.inverse = _inverse_around_null(hessian, null)
        # The largest eigenvalue (bounded by the 1-norm on the Cholesky route).
        top = np.abs(hessian).sum(axis=0).max(initial=0.0)
        if self.inverse is None:
            with blas_threads_for(float(m * k) ** 3):
                eigenvalues, eigenvectors = linalg.eigh(hessian)
            top = eigenvalues.max(initial=0.0)
            threshold = max(top, view.l2 if k < n_dims else 0.0) * n_params * 1e-12
            # Directions with no curvature (softmax's free constant, an
            # unpenalised intercept, features never seen) carry no
            # information: pseudo-inverse.
            keep = eigenvalues > threshold
            root = eigenvectors[:, keep] / np.sqrt(eigenvalues[keep])
            self.inverse = root @ root.T
        # l2 is H's eigenvalue on I ⊗ E^⊥: kept as the eigendecomposition of
        # the whole H would keep it (without a penalty, E^⊥ is dropped).
        threshold = max(top, view.l2) * n_params * 1e-12
        self.perp_scale = 1.0 / view.l2 if k < n_dims and view.l2 > threshold else 0.0

    def rotate(self, features):
        """``E`` coordinates ``(n, k)`` and ``E^⊥`` coordinates (or None)."""
        X = _augment(features, self.view.fit_intercept)
        if self.basis is None:
            return X, None
        rotated = X @ self.basis
        return (
            np.ascontiguousarray(rotated[:, : self.n_span]),
            np.ascontiguousarray(rotated[:, self.n_span :]),
        )


def _output_proba(logits, binary, axis=-1):
    """Probabilities of the ``m`` outputs from logits (``m`` along ``axis``).

    Binary: ``p_1 = sigmoid(z)``; else the softmax.
    """
    if binary:
        return 0.5 * (1.0 + np.tanh(0.5 * logits))
    shifted = logits - logits.max(axis=axis, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=axis, keepdims=True)


def _output_log_partition(logits, binary, axis=-1):
    """``log sum_c exp z_c`` (binary: ``log(1 + e^z)``), reduced over ``axis``."""
    if binary:
        return np.logaddexp(0.0, logits).sum(axis=axis)
    top = logits.max(axis=axis, keepdims=True)
    total = np.exp(logits - top).sum(axis=axis, keepdims=True)
    return np.squeeze(np.log(total) + top, axis=axis)


def _rows_times(stack, matrix):
    """``stack @ matrix`` for ``stack`` ``(..., r, a)`` as one 2-D product."""
    out = stack.reshape(-1, stack.shape[-1]) @ matrix
    return out.reshape(stack.shape[:-1] + (matrix.shape[1],))


def _curvature_times(p, v, binary, axis=-1):
    """``A v`` for output probabilities ``p`` and shifts ``v`` (outputs on ``axis``)."""
    if binary:
        return p * (1.0 - p) * v
    return p * (v - np.sum(p * v, axis=axis, keepdims=True))


def _output_curvature_of(p, binary):
    """``A`` of output probabilities ``p`` ``(..., m)``: ``(..., m, m)``."""
    if binary:
        return (p * (1.0 - p))[..., None]
    curvature = -p[..., :, None] * p[..., None, :]
    diagonal = np.arange(p.shape[-1])
    curvature[..., diagonal, diagonal] += p
    return curvature


class Lookahead:
    """What one more labeled row would do to the model, for chunks of candidates.

    Holds the curvature of the labeled set (:class:`LabeledSubspace`) and
    the reference rows (a seeded sample of the pool) on which the effect is
    measured; :meth:`logit_shifts` gives the change of the reference logits
    for candidate rows prepared by :meth:`candidates`.

    Parameters
    ----------
    learner : fitted learner
        Gives the model and the labeled set.
    reference_rows : array-like
        Rows of the pool on which the effect is measured.
    n_candidates : int, optional
        Candidates to be scored, for the estimate behind the slow-query
        warning.
    name : str, optional
        Named in that warning.
    iterations : callable, optional
        ``iterations(m, k, l2)``: the Newton iterations per candidate and label
        that will be asked for (1 when None), for the same estimate.
    """

    def __init__(
        self, learner, reference_rows, *, n_candidates=None, name=None,
        iterations=None,
    ):
        self.view = LogisticView(learner)
        n_ref = num_rows(reference_rows)
        n_labels = self.view.n_classes

        def work(m, n_dims, n_lab):
            # Per candidate: its (m k)^2 map through the inverse, the m x m
            # solves, and per hypothetical label the labeled shifts (forth and
            # back, m k n_l), the (m k)^2 second-order pull, and the m (k + 1)
            # products per reference row.
            k = min(n_dims, n_lab + 1)
            per_candidate = (m * k) ** 2 + 4.0 * m**3 + n_labels * (
                4.0 * m * k * n_lab + (m * k) ** 2 + m * (k + 1) * n_ref
            )
            # Newton iterations beyond the first (Lookahead.refine).
            more = (iterations(m, k, self.view.l2) if iterations is not None else 1) - 1
            per_candidate += more * n_labels * (6.0 * (m * k) ** 2 + 4.0 * m * k * n_lab)
            return 2.0 * (n_candidates or 0) * per_candidate

        self.geometry = LabeledSubspace(self.view, work=work, name=name)
        features, self.reference_proba = self.view.features_and_proba(reference_rows)
        self.reference, self.reference_perp = self.geometry.rotate(features)

    def candidates(self, rows):
        """Probabilities and rotated features of candidate rows."""
        features, proba = self.view.features_and_proba(rows)
        return (proba,) + self.geometry.rotate(features)

    def logit_shifts(
        self, proba, rows, rows_perp, gradients, dtype=np.float64, *,
        max_iter=1, tol=1e-3,
    ):
        """Change of the reference logits after adding each candidate's label.

        ``gradients`` of shape ``(n_c, m, n_labels)`` are the output gradients
        ``p - e_c`` of the hypothetical labels; ``proba``, ``rows`` and
        ``rows_perp`` come from :meth:`candidates`. The Newton step gives
        the first-order shift ``dz1_r = -Q(r, x) (I + A Q(x, x))^{-1} g``;
        the second-order term of the same expansion (third derivative of the
        losses of the labeled rows and of the candidate along ``dz1``) is
        added, because the first-order shifts average to zero over the
        labels and the ranking rests on what is left. The step is formed in
        parameter space, split as in :class:`LabeledSubspace`: ``m k``
        coordinates on ``I ⊗ E`` and, on ``I ⊗ E^⊥``, one ``m``-vector times
        the candidate's ``E^⊥`` part. With ``max_iter > 1`` the change
        comes from Newton iterations towards the optimum of the grown
        objective instead (:meth:`weight_changes`, :meth:`refine`; a
        candidate and label stop once no logit of the labeled rows or the
        candidate moves by more than ``tol``). The last product, with the
        reference rows, runs in ``dtype``. Returns ``(n_c, n_labels, m,
        n_ref)``.
        """
        change, alpha = self.weight_changes(
            proba, rows, rows_perp, gradients, max_iter=max_iter, tol=tol
        )
        return self.reference_shifts(change, alpha, rows_perp, dtype)

    def weight_changes(self, proba, rows, rows_perp, gradients, *, max_iter=1, tol=1e-3):
        """``dW`` and ``alpha`` for every candidate and label (see :meth:`first_step`).

        ``max_iter=1``: the one Newton step with its second-order term
        (:meth:`first_step`). Else the first Newton iteration from the
        fitted weights (the first-order step, in closed form), then
        :meth:`refine` for at most ``max_iter - 1`` more. Both in blocks of
        candidates (``_REFINE_BYTES``).
        """
        n_c, m, n_labels = gradients.shape
        k = rows.shape[1]
        n_labeled = self.geometry.labeled.shape[0]
        # Candidates at a time: the (labels x outputs x labeled rows) arrays
        # of one block within _REFINE_BYTES.
        block = max(1, _REFINE_BYTES // (8 * n_labels * m * (k + n_labeled)))
        if max_iter <= 1:
            if block >= n_c:
                return self.first_step(proba, rows, rows_perp, gradients)
            parts = [
                self.first_step(
                    proba[s : s + block], rows[s : s + block],
                    None if rows_perp is None else rows_perp[s : s + block],
                    gradients[s : s + block],
                )
                for s in range(0, n_c, block)
            ]
            change = np.concatenate([p[0] for p in parts])
            alpha = None if parts[0][1] is None else np.concatenate([p[1] for p in parts])
            return change, alpha
        # The first iteration from dW = 0, in closed form: there the Hessian
        # is H + A_x ⊗ x x^T, so the Newton step is the first-order step.
        maps, q_self, _, perp = self._candidate_maps(rows, rows_perp)
        system = np.eye(m) + output_curvature(proba, self.view.binary) @ q_self
        steps = np.swapaxes(np.linalg.solve(system, gradients), 1, 2)  # (n_c, L, m)
        change = -(steps @ np.swapaxes(maps, 1, 2)).reshape(n_c, n_labels, m, k)
        alpha = -perp * steps if perp else None
        for start in range(0, n_c, block):
            part = slice(start, start + block)
            change[part], refined_alpha = self.refine(
                proba[part], rows[part],
                None if rows_perp is None else rows_perp[part],
                gradients[part], change[part],
                None if alpha is None else alpha[part],
                max_iter=max_iter - 1, tol=tol,
            )
            if alpha is not None:
                alpha[part] = refined_alpha
        return change, alpha

    def first_step(self, proba, rows, rows_perp, gradients):
        """The one-step weight change ``dW`` (see :meth:`logit_shifts`).

        Returns its ``I ⊗ E`` coordinates ``(n_c, n_labels, m, k)`` and the
        ``m``-vector ``alpha`` of its ``I ⊗ E^⊥`` part ``alpha ⊗ x_perp``
        ``(n_c, n_labels, m)`` (None without one).
        """
        geometry = self.geometry
        binary = self.view.binary
        n_c, k = rows.shape
        m = self.view.n_outputs
        n_labels = gradients.shape[2]
        maps, q_self, sq_perp, perp = self._candidate_maps(rows, rows_perp)
        curvature = output_curvature(proba, binary)
        system = np.eye(m) + curvature @ q_self
        steps = np.swapaxes(np.linalg.solve(system, gradients), 1, 2)  # (n_c, L, m)
        # First-order step dW1 = -H^+ (I ⊗ x) s, its E part: (n_c, L, m k).
        direction = steps @ np.swapaxes(maps, 1, 2)
        labeled = geometry.labeled
        on_labeled = -(direction.reshape(-1, k) @ labeled.T)  # (n_c L m, n_l)
        on_labeled = np.swapaxes(on_labeled.reshape(n_c, n_labels, m, -1), 2, 3)
        on_candidate = -(steps @ np.swapaxes(q_self, 1, 2))  # (n_c, L, m)
        third_labeled = output_third_derivative(
            geometry.labeled_proba[None, None], on_labeled, binary
        )
        third_candidate = output_third_derivative(proba[:, None], on_candidate, binary)
        # The second-order gradient, E part, then through H^+ ("pull").
        gradient = np.swapaxes(third_labeled, 2, 3) @ labeled  # (n_c, L, m, k)
        gradient += third_candidate[..., None] * rows[:, None, None, :]
        pull = gradient.reshape(-1, m * k) @ geometry.inverse
        pull = pull.reshape(n_c, n_labels, m * k)
        through = np.einsum("clai,ci->cla", pull.reshape(n_c, n_labels, m, k), rows)
        if perp:
            through += perp * sq_perp[:, None, None] * third_candidate
        # (H + A x x^T)^{-1} by Woodbury: remove what the candidate absorbs,
        # A (I + Q A)^{-1} = ((I + A Q)^{-1} A)^T.
        absorbed = np.swapaxes(np.linalg.solve(system, curvature), 1, 2)
        residual = steps - 0.5 * (through @ absorbed)
        combined = residual @ np.swapaxes(maps, 1, 2) + 0.5 * pull  # (n_c, L, m k)
        change = -combined.reshape(n_c, n_labels, m, k)
        alpha = None
        if perp:
            # The E^⊥ part is perp * (residual + third / 2) ⊗ x_perp.
            alpha = -perp * (residual + 0.5 * third_candidate)
        return change, alpha

    def _candidate_maps(self, rows, rows_perp):
        """``H^+ (I ⊗ x)`` on ``I ⊗ E`` ``(n_c, m k, m)``, ``Q(x, x)``, ``||x_perp||^2``."""
        geometry = self.geometry
        n_c, k = rows.shape
        m = self.view.n_outputs
        perp = geometry.perp_scale if rows_perp is not None else 0.0
        # U[c, (a, i), b] = (H^+ (I ⊗ x_c))[(a, i), b] on I ⊗ E.
        maps = (rows @ geometry.inverse.reshape(m * k * m, k).T).reshape(n_c, m * k, m)
        q_self = np.einsum("ci,caib->cab", rows, maps.reshape(n_c, m, k, m))
        sq_perp = None
        if perp:
            sq_perp = np.einsum("ij,ij->i", rows_perp, rows_perp)
            q_self[:, np.arange(m), np.arange(m)] += perp * sq_perp[:, None]
        return maps, q_self, sq_perp, perp

    def refine(
        self, proba, rows, rows_perp, gradients, change, alpha, *, max_iter, tol
    ):
        """Newton iterations of the grown objective from a weight change.

        The optimum of ``O(W) + log_loss(x, c)`` keeps its feature part in
        the span of the labeled rows and ``x`` (per output), so ``dW`` stays
        in the representation of :meth:`first_step`. Each iteration takes
        the exact gradient of the grown objective at ``W + dW`` (the labeled
        rows' and the candidate's probabilities at their moved logits; the
        labeled gradient at ``W`` taken as zero, ``W`` being its optimum)
        and the Newton direction ``H_t^{-1}`` of it by ``_CG_STEPS`` (one:
        the measured best for the time on the digits pool)
        conjugate-gradient steps with the Hessian ``H_t`` at ``W + dW``
        applied as products (every row's curvature updated), preconditioned
        by ``H + A_x(W + dW) ⊗ x x^T``: the labeled rows' curvature kept at
        ``W`` (the factorisation already built), the candidate's updated, by
        Woodbury (one ``m x m`` solve). A step that would raise the
        objective is halved (up to 10 times). A problem (a
        candidate and a label) stops once none of its labeled or candidate
        logits moves by more than ``tol``. The fixed point is the grown
        optimum, whatever the start; the start, a step from ``dW = 0``, is
        halved first while it does not lower the objective. Returns
        ``(change, alpha)`` as :meth:`first_step`.
        """
        geometry = self.geometry
        view = self.view
        binary = view.binary
        n_c, n_labels, m, k = change.shape
        n_problems = n_c * n_labels
        # The preconditioner's products in float32: it only sets the speed
        # of convergence, the gradient (float64) sets the fixed point.
        inverse32 = geometry.inverse.astype(np.float32)
        _, q_self, sq_perp, perp = self._candidate_maps(rows, rows_perp)
        owner = np.repeat(np.arange(n_c), n_labels)
        labeled = geometry.labeled  # (n_l, k)
        labeled_logits = view.logits(geometry.labeled_proba).T  # (m, n_l)
        labeled_proba = _output_proba(labeled_logits, binary, axis=0)
        labeled_partition = _output_log_partition(labeled_logits, binary, axis=0).sum()
        candidate_logits = view.logits(proba)  # (n_c, m)
        # p - g = e_c (binary: [c == 1]) per problem: (N, m)
        targets = np.swapaxes(
            _output_proba(candidate_logits, binary)[:, :, None] - gradients, 1, 2
        ).reshape(n_problems, m)
        penalty, l2 = geometry.penalty, view.l2
        change = change.reshape(n_problems, m, k).copy()
        alpha = (
            alpha.reshape(n_problems, m).copy() if perp else np.zeros((n_problems, m))
        )
        sq = sq_perp[owner] if perp else np.zeros(n_problems)

        def moved(idx, change, alpha):
            on_labeled = _rows_times(change, labeled.T)  # (n, m, n_l)
            on_candidate = np.einsum("nai,ni->na", change, rows[owner[idx]])
            on_candidate += alpha * sq[idx, None]
            return on_labeled, on_candidate

        def objective(idx, change, alpha, on_labeled, on_candidate):
            # O(W + dW) - O(W), the labeled gradient at W being zero:
            # sum_i [l_i(z_i + dz_i) - l_i(z_i) - <g_i, dz_i>] + l_x + l2/2 |dW|^2
            lab = _output_log_partition(
                labeled_logits + on_labeled, binary, axis=1
            ).sum(axis=-1)
            lab -= labeled_partition
            lab -= np.einsum("an,kan->k", labeled_proba, on_labeled)
            z_x = candidate_logits[owner[idx]] + on_candidate
            cand = _output_log_partition(z_x, binary)
            cand -= np.einsum("na,na->n", targets[idx], z_x)
            quad = np.einsum("nai,nai->n", _rows_times(change, penalty), change)
            quad += np.einsum("na,na->n", alpha, alpha) * sq[idx]
            return lab + cand + 0.5 * l2 * quad

        everything = np.arange(n_problems)
        on_labeled, on_candidate = moved(everything, change, alpha)
        value = objective(everything, change, alpha, on_labeled, on_candidate)
        # The start is a step from dW = 0 (where the objective is the
        # candidate's loss alone): halved while it does not descend.
        at_zero = _output_log_partition(candidate_logits, binary)[owner]
        at_zero -= np.einsum("na,na->n", targets, candidate_logits[owner])
        for _ in range(10):
            # not (<=): a value that overflowed to nan counts as worse.
            worse = np.flatnonzero(~(value <= at_zero + 1e-12 * np.abs(at_zero)))
            if worse.size == 0:
                break
            change[worse] *= 0.5
            alpha[worse] *= 0.5
            on_labeled[worse] *= 0.5
            on_candidate[worse] *= 0.5
            value[worse] = objective(
                worse, change[worse], alpha[worse], on_labeled[worse],
                on_candidate[worse],
            )
        def precondition(r, r_alpha, x, s_act, absorbed):
            u = (r.reshape(-1, m * k).astype(np.float32) @ inverse32)
            u = u.reshape(-1, m, k).astype(float)
            u_alpha = perp * r_alpha
            xu = np.einsum("nai,ni->na", u, x) + u_alpha * s_act[:, None]
            w = np.einsum("nab,nb->na", absorbed, xu)
            back = (w[:, :, None] * x[:, None, :]).reshape(-1, m * k)
            back = back.astype(np.float32) @ inverse32
            return u - back.reshape(-1, m, k), u_alpha - perp * w

        def hessian_times(v, v_alpha, x, s_act, p_lab, p_x):
            v_lab = _rows_times(v, labeled.T)  # (n, m, n_l)
            v_x = np.einsum("nai,ni->na", v, x) + v_alpha * s_act[:, None]
            a_lab = _curvature_times(p_lab, v_lab, binary, axis=1)
            a_x = _curvature_times(p_x, v_x, binary, axis=1)
            out = _rows_times(a_lab, labeled) + a_x[:, :, None] * x[:, None, :]
            out += l2 * _rows_times(v, penalty)
            return out, a_x + l2 * v_alpha

        def inner(a, a_alpha, b, b_alpha, s_act):
            return np.einsum("nai,nai->n", a, b) + s_act * np.einsum(
                "na,na->n", a_alpha, b_alpha
            )

        # The state of the problems still iterating, compacted as they stop.
        active = everything
        c_change, c_alpha = change.copy(), alpha.copy()
        c_lab, c_x, c_value = on_labeled, on_candidate, value
        for _ in range(max_iter):
            if active.size == 0:
                break
            x = rows[owner[active]]
            p_lab = _output_proba(labeled_logits + c_lab, binary, axis=1)
            p_x = _output_proba(candidate_logits[owner[active]] + c_x, binary)
            residual = p_x - targets[active]  # (n, m)
            grad = _rows_times(p_lab - labeled_proba, labeled)  # (n, m, k)
            grad += residual[:, :, None] * x[:, None, :]
            grad += l2 * _rows_times(c_change, penalty)
            # Newton direction: solve H_t d = -grad by conjugate gradients,
            # preconditioned by H + A_x ⊗ x x^T (H^+ then Woodbury).
            curvature = _output_curvature_of(p_x, binary)
            system = np.eye(m) + curvature @ q_self[owner[active]]
            # (I + A Q)^{-1} A, once for the conjugate-gradient steps.
            absorbed = np.linalg.solve(system, curvature)
            s_act = sq[active]

            r, r_alpha = -grad, -(residual + l2 * c_alpha)
            step = np.zeros_like(r)
            step_alpha = np.zeros_like(r_alpha)
            z, z_alpha = precondition(r, r_alpha, x, s_act, absorbed)
            d, d_alpha = z, z_alpha
            rz = inner(r, r_alpha, z, z_alpha, s_act)
            for _ in range(_CG_STEPS):
                hd, hd_alpha = hessian_times(d, d_alpha, x, s_act, p_lab, p_x)
                curv = inner(d, d_alpha, hd, hd_alpha, s_act)
                a = np.divide(rz, curv, out=np.zeros_like(rz), where=curv > 0)
                step += a[:, None, None] * d
                step_alpha += a[:, None] * d_alpha
                r = r - a[:, None, None] * hd
                r_alpha = r_alpha - a[:, None] * hd_alpha
                z, z_alpha = precondition(r, r_alpha, x, s_act, absorbed)
                rz_new = inner(r, r_alpha, z, z_alpha, s_act)
                beta = np.divide(rz_new, rz, out=np.zeros_like(rz), where=rz > 0)
                d = z + beta[:, None, None] * d
                d_alpha = z_alpha + beta[:, None] * d_alpha
                rz = rz_new
            step_lab, step_x = moved(active, step, step_alpha)
            size = np.ones(active.size)
            pending = np.arange(active.size)
            for _ in range(10):
                s = size[pending]
                trial = objective(
                    active[pending],
                    c_change[pending] + s[:, None, None] * step[pending],
                    c_alpha[pending] + s[:, None] * step_alpha[pending],
                    c_lab[pending] + s[:, None, None] * step_lab[pending],
                    c_x[pending] + s[:, None] * step_x[pending],
                )
                current = c_value[pending]
                worse = ~(trial <= current + 1e-12 * np.abs(current))
                c_value[pending[~worse]] = trial[~worse]
                pending = pending[worse]
                if pending.size == 0:
                    break
                size[pending] *= 0.5
            else:
                size[pending] = 0.0  # no descent found: stay (and stop)
            step *= size[:, None, None]
            step_alpha *= size[:, None]
            step_lab *= size[:, None, None]
            step_x *= size[:, None]
            c_change += step
            c_alpha += step_alpha
            c_lab += step_lab
            c_x += step_x
            moves = np.maximum(
                np.abs(step_lab).max(axis=(1, 2), initial=0.0),
                np.abs(step_x).max(axis=1, initial=0.0),
            )
            going = moves > tol
            if not going.all():
                done = ~going
                change[active[done]] = c_change[done]
                alpha[active[done]] = c_alpha[done]
                active = active[going]
                c_change, c_alpha = c_change[going], c_alpha[going]
                c_lab, c_x, c_value = c_lab[going], c_x[going], c_value[going]
        change[active] = c_change
        alpha[active] = c_alpha
        change = change.reshape(n_c, n_labels, m, k)
        return change, alpha.reshape(n_c, n_labels, m) if perp else None

    def reference_shifts(self, change, alpha, rows_perp, dtype=np.float64):
        """Shifts ``(n_c, L, m, n_ref)`` of the reference logits for ``dW``."""
        n_c, n_labels, m, k = change.shape
        combined = change.reshape(n_c, n_labels * m, k)
        reference = self._reference_T(dtype)  # (k, n_ref)
        if alpha is not None:
            # Against a reference row, alpha times the inner product of the
            # E^⊥ parts.
            combined = np.concatenate(
                [combined, alpha.reshape(n_c, n_labels * m, 1)], axis=2
            )
            cross = rows_perp @ self.reference_perp.T  # (n_c, n_ref)
            reference = np.concatenate(
                [
                    np.broadcast_to(reference, (n_c,) + reference.shape),
                    cross[:, None].astype(dtype, copy=False),
                ],
                axis=1,
            )
        shifts = combined.astype(dtype, copy=False) @ reference
        return shifts.reshape(n_c, n_labels, m, -1)

    def _reference_T(self, dtype):
        cached = getattr(self, "_reference_by_dtype", {})
        if dtype not in cached:
            cached[dtype] = np.ascontiguousarray(self.reference.T, dtype=dtype)
            self._reference_by_dtype = cached
        return cached[dtype]
