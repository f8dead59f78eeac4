"""Expected variance reduction for regression, in closed form (linear and GP models)."""

import numpy as np
import scipy.sparse as sp
from scipy.linalg import pinvh, solve_triangular
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.linear_model import ARDRegression, BayesianRidge, Ridge, RidgeCV
from sklearn.utils import check_random_state

from ...utils import apply_in_chunks, num_rows, take_rows
from .._base import BaseQueryStrategy
from .._features import final_estimator, final_step_features
from .._gradients import sample_rows
from .._selection import select_top_k

_MAX_PARAMETERS = 4000


def linear_variance_reduction(candidates, reference, precision, noise=1.0):
    """Mean reduction of the predictive variance over ``reference`` per candidate.

    For a Gaussian linear model with weight covariance
    ``noise * precision^{-1}``, labeling ``x`` turns the precision into
    ``precision + x x^T``; by Sherman-Morrison the variance at a reference
    row ``r`` drops by ``noise * (r^T P^{-1} x)^2 / (1 + x^T P^{-1} x)``.
    Averaged over the reference rows this is
    ``noise * x^T P^{-1} S P^{-1} x / (1 + x^T P^{-1} x) / n_ref`` with
    ``S = sum_r r r^T``: no refit, ``O(d^2)`` per candidate. Float64.

    Parameters
    ----------
    candidates : ndarray of shape (n_candidates, d)
        Candidate rows (with a column of ones for an intercept).
    reference : ndarray of shape (n_reference, d)
        Rows whose variance is to shrink.
    precision : ndarray of shape (d, d)
        ``X^T X + penalty`` of the labeled set.
    noise : float, default=1.0
        The observation noise variance.

    Returns
    -------
    ndarray of shape (n_candidates,)

    Examples
    --------
    >>> import numpy as np
    >>> from skactive.strategies import linear_variance_reduction
    >>> # One weight, precision 1: candidate x=1 halves the variance at r=1.
    >>> linear_variance_reduction(np.array([[1.0], [0.0]]), np.array([[1.0]]),
    ...                           np.array([[1.0]]))
    array([0.5, 0. ])
    """
    candidates = np.asarray(candidates, dtype=np.float64)
    reference = np.asarray(reference, dtype=np.float64)
    covariance = pinvh(np.asarray(precision, dtype=np.float64))
    spread = reference.T @ reference / reference.shape[0]
    lifted = covariance @ spread @ covariance
    numerator = np.einsum("ij,jk,ik->i", candidates, lifted, candidates)
    leverage = np.einsum("ij,jk,ik->i", candidates, covariance, candidates)
    return noise * numerator / (1.0 + leverage)


def gp_variance_reduction(gp, candidates, reference):
    """Mean reduction of a fitted Gaussian process's variance over ``reference``.

    Labeling ``x`` (with noise) reduces the posterior variance at ``r`` by
    ``k(r, x)^2 / (k(x, x) + noise)``, with ``k`` the posterior covariance of
    ``gp`` (kernel, training rows, ``alpha`` and any ``WhiteKernel``); the
    result is averaged over the reference rows, in the units of ``y``.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.gaussian_process import GaussianProcessRegressor
    >>> from sklearn.gaussian_process.kernels import RBF
    >>> from skactive.strategies import gp_variance_reduction
    >>> gp = GaussianProcessRegressor(RBF(1.0), optimizer=None, alpha=1.0)
    >>> gp = gp.fit(np.array([[100.0]]), [0.0])   # far away: the prior is intact
    >>> gp_variance_reduction(gp, np.array([[0.0]]), np.array([[0.0]]))
    array([0.5])
    """
    kernel, L, X_train = gp.kernel_, gp.L_, gp.X_train_
    candidates = np.asarray(candidates, dtype=np.float64)
    reference = np.asarray(reference, dtype=np.float64)
    v_candidates = solve_triangular(L, kernel(X_train, candidates), lower=True)
    v_reference = solve_triangular(L, kernel(X_train, reference), lower=True)
    cross = kernel(reference, candidates) - v_reference.T @ v_candidates
    alpha = np.asarray(gp.alpha, dtype=np.float64)
    noise = float(alpha.mean()) if alpha.ndim else float(alpha)
    own = kernel.diag(candidates) - np.einsum("ij,ij->j", v_candidates, v_candidates)
    own = np.maximum(own, 0.0) + noise
    scale = np.asarray(getattr(gp, "_y_train_std", 1.0), dtype=np.float64).ravel()[0]
    with np.errstate(divide="ignore", invalid="ignore"):
        reduction = (cross**2).mean(axis=0) / own
    return np.where(own > 0, reduction, 0.0) * scale**2


def _penalty_and_noise(model, n_features):
    """The ridge penalty per weight of a linear model, and its noise if it knows it.

    The Bayesian models estimate both (``lambda_ / alpha_`` and
    ``1 / alpha_``); ``Ridge`` has its ``alpha`` (``RidgeCV`` its ``alpha_``)
    and no noise estimate; other linear models get no penalty.
    """
    if isinstance(model, (BayesianRidge, ARDRegression)):
        lambdas = np.broadcast_to(
            np.asarray(model.lambda_, dtype=np.float64), (n_features,)
        )
        return lambdas / model.alpha_, 1.0 / model.alpha_
    if isinstance(model, RidgeCV):
        alpha = model.alpha_
    elif isinstance(model, Ridge):
        alpha = model.alpha
    else:
        alpha = 0.0
    return np.broadcast_to(np.asarray(alpha, dtype=np.float64), (n_features,)), None


class ExpectedVarianceReduction(BaseQueryStrategy):
    """Query the row whose label most reduces the model's predictive variance.

    The regression counterpart of variance reduction (Cohn, Ghahramani &
    Jordan, 1996), in closed form, with no refit:

    * for a linear model (``LinearRegression``, ``Ridge``, ``RidgeCV``,
      ``BayesianRidge``, ``ARDRegression``, any model with ``coef_``),
      the weights' Gaussian posterior given the labeled set, with the
      model's L2 penalty and an unpenalised intercept
      (:func:`linear_variance_reduction`);
    * for a ``GaussianProcessRegressor``, its posterior covariance
      (:func:`gp_variance_reduction`).

    The utility of a candidate is the mean reduction of the predictive
    variance over a sample of the pool, in the units of ``y`` squared
    (for linear models other than the Bayesian ones, the noise is the
    labeled set's mean squared residual). A Pipeline is fine: the features
    are those its last step sees.

    Parameters
    ----------
    n_reference : int or None, default=1000
        Average the variance over a seeded sample of this many pool rows
        (all when None).
    random_state : int, RandomState instance or None, default=None
        Seeds the sample; when None, the ``random_state`` given to the
        strategy is used.

    References
    ----------
    Cohn, D. A., Ghahramani, Z., Jordan, M. I. (1996). Active learning with
    statistical models. Journal of Artificial Intelligence Research 4, 129-145.

    Examples
    --------
    >>> from sklearn.datasets import load_diabetes
    >>> from sklearn.linear_model import BayesianRidge
    >>> from skactive import ActiveRegressor
    >>> from skactive.strategies import ExpectedVarianceReduction
    >>> X, y = load_diabetes(return_X_y=True)
    >>> learner = ActiveRegressor(BayesianRidge(), ExpectedVarianceReduction(),
    ...                           random_state=0).fit(X[:30], y[:30])
    >>> learner.query(X[30:], n_instances=3).shape
    (3,)
    """

    def __init__(self, n_reference=1000, *, random_state=None):
        self.n_reference = n_reference
        self.random_state = random_state

    def __skactive_tags__(self):
        tags = super().__skactive_tags__()
        tags.tasks = frozenset({"regression"})
        # Reference rows drawn by position from pools larger than n_reference.
        tags.position_free = self.n_reference is None
        return tags

    def utility(self, learner, X_pool):
        """Mean variance reduction over the pool from labeling each row."""
        return self._utility(learner, X_pool, None)

    def __call__(self, learner, X_pool, n_instances=1, *, random_state=None):
        scores = self._utility(learner, X_pool, random_state)
        return select_top_k(scores, n_instances, random_state), scores

    def _utility(self, learner, X_pool, random_state):
        learner._check_fitted()
        if hasattr(learner, "estimators_"):
            raise TypeError(
                f"ExpectedVarianceReduction needs an ActiveRegressor around a "
                f"linear model or a GaussianProcessRegressor, not a "
                f"{type(learner).__name__}; use std_sampling on a committee."
            )
        model = final_estimator(learner)
        rng = check_random_state(
            self.random_state if self.random_state is not None else random_state
        )
        n = num_rows(X_pool)
        reference = _dense(
            final_step_features(learner, take_rows(X_pool, sample_rows(n, self.n_reference, rng)))
        )
        if isinstance(model, GaussianProcessRegressor):
            def chunk(rows):
                return gp_variance_reduction(
                    model, _dense(final_step_features(learner, rows)), reference
                )

            row_bytes = 8 * 2 * (reference.shape[0] + model.X_train_.shape[0])
            return apply_in_chunks(chunk, X_pool, row_bytes=row_bytes)
        if not hasattr(model, "coef_") or np.ndim(model.coef_) != 1:
            raise TypeError(
                f"ExpectedVarianceReduction has a closed form for linear models "
                f"(coef_ of one target) and GaussianProcessRegressor; "
                f"{type(model).__name__} is neither. Use std_sampling with a "
                "CommitteeRegressor, or ExpectedModelChangeMaximization."
            )
        fit_intercept = bool(getattr(model, "fit_intercept", True))
        labeled = _dense(final_step_features(learner, learner.X_labeled_))
        if labeled.shape[1] + fit_intercept > _MAX_PARAMETERS:
            raise ValueError(
                f"ExpectedVarianceReduction keeps a dense {labeled.shape[1]} x "
                f"{labeled.shape[1]} covariance; at most {_MAX_PARAMETERS} features "
                "are supported. Reduce the features (TruncatedSVD) first."
            )
        penalty, noise = _penalty_and_noise(model, labeled.shape[1])
        if noise is None:
            residuals = learner.y_labeled_ - np.asarray(
                model.predict(labeled), dtype=np.float64
            )
            noise = max(float(np.mean(residuals**2)), np.finfo(np.float64).tiny)
        labeled = _augment(labeled, fit_intercept)
        reference = _augment(reference, fit_intercept)
        precision = labeled.T @ labeled
        diagonal = np.append(penalty, 0.0) if fit_intercept else penalty
        precision[np.diag_indices_from(precision)] += diagonal

        def linear_chunk(rows):
            rows = _augment(_dense(final_step_features(learner, rows)), fit_intercept)
            return linear_variance_reduction(rows, reference, precision, noise)

        return apply_in_chunks(
            linear_chunk, X_pool, row_bytes=8 * 3 * (labeled.shape[1] + 1)
        )


def _dense(X):
    X = X.toarray() if sp.issparse(X) else X
    return np.asarray(X, dtype=np.float64)


def _augment(X, fit_intercept):
    return np.hstack([X, np.ones((X.shape[0], 1))]) if fit_intercept else X
