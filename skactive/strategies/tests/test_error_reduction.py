import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from joblib import parallel_backend
from numpy.testing import assert_allclose, assert_array_equal
from scipy.stats import spearmanr
from sklearn.base import clone
from sklearn.datasets import make_classification
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skactive import ActiveLearner
from skactive.strategies import ExpectedErrorReduction
from skactive.strategies._gradients import (
    LabeledSubspace,
    Lookahead,
    LogisticView,
    output_gradients,
    output_third_derivative,
)
from skactive.strategies.tests._lookahead_reference import (
    reference_shifts,
    reference_utility,
)


def problem(n_classes, n_labeled=30, n_pool=60, n_features=4, seed=0):
    X, y = make_classification(
        n_labeled + n_pool,
        n_features,
        n_informative=3,
        n_redundant=0,
        n_classes=n_classes,
        random_state=seed,
    )
    learner = ActiveLearner(LogisticRegression(tol=1e-10, max_iter=1000))
    return learner.fit(X[:n_labeled], y[:n_labeled]), X[n_labeled:]


@pytest.mark.parametrize("n_classes", [2, 3])
def test_lookahead_shifts_match_a_refit(n_classes):
    # Enough labels that one more is a small perturbation: the expansion to
    # second order must then be accurate to a small fraction of the shift.
    learner, pool = problem(n_classes, n_labeled=300)
    lookahead = Lookahead(learner, pool)
    proba, rows, rows_perp = lookahead.candidates(pool[:1])
    gradients = np.stack(
        [output_gradients(proba, [c], lookahead.view.binary) for c in range(n_classes)],
        axis=2,
    )
    shifts = lookahead.logit_shifts(proba, rows, rows_perp, gradients)[0]
    before = learner.estimator_.decision_function(pool)
    for c in range(n_classes):
        refit = clone(learner.estimator_).fit(
            np.vstack([learner.X_labeled_, pool[:1]]), np.append(learner.y_labeled_, c)
        )
        true_shift = refit.decision_function(pool) - before
        approx = shifts[c].T
        if n_classes == 2:
            true_shift = true_shift[:, None]
        else:  # logits are defined up to a constant per row
            true_shift = true_shift - true_shift.mean(axis=1, keepdims=True)
            approx = approx - approx.mean(axis=1, keepdims=True)
        assert np.abs(approx - true_shift).max() < 0.02 * np.abs(true_shift).max()


def few_labels(n_classes, n_labeled, n_features, **params):
    """Fewer labels than features: the labeled subspace is a proper subspace."""
    X, y = make_classification(
        n_labeled + 40, n_features, n_informative=3, n_redundant=0,
        n_classes=n_classes, n_clusters_per_class=1, flip_y=0.2, random_state=0,
    )
    first = [np.flatnonzero(y == c)[0] for c in range(n_classes)]
    others = np.setdiff1d(np.arange(len(y)), first)
    labeled = np.r_[first, others][:n_labeled]  # every class labeled
    params = {"tol": 1e-10, "max_iter": 1000, **params}
    learner = ActiveLearner(LogisticRegression(**params))
    learner.fit(X[labeled], y[labeled])
    return learner, np.delete(X, labeled, axis=0)


@pytest.mark.parametrize(
    "n_classes, n_labeled, n_features, params",
    [
        (3, 30, 4, {}),  # more labels than features: no split
        (2, 30, 4, {}),
        (3, 3, 8, {}),  # k = 4 of 9 dimensions
        (2, 4, 10, {}),
        (4, 5, 12, {"C": 0.3, "fit_intercept": False}),
        (3, 5, 10, {"C": 1e5}),
    ],
)
@pytest.mark.parametrize("loss", ["log", "zero_one"])
def test_fast_lookahead_equals_the_naive_whitened_one(
    n_classes, n_labeled, n_features, params, loss
):
    # The split H^+ = block on the labeled subspace + (1 / l2) elsewhere is
    # exact algebra: the same utilities as every product through all P
    # whitened parameters; only the last product and the loss run in float32.
    learner, pool = few_labels(n_classes, n_labeled, n_features, **params)
    fast = ExpectedErrorReduction(loss, n_reference=None, max_iter=1).utility(learner, pool)
    naive = reference_utility(learner, pool, loss)
    assert_allclose(fast, naive, rtol=0, atol=2e-6)
    # ... and the same logit shifts in float64, to rounding.
    lookahead = Lookahead(learner, pool)
    proba, rows, rows_perp = lookahead.candidates(pool[:7])
    gradients = np.stack(
        [
            output_gradients(proba, np.full(7, c), lookahead.view.binary)
            for c in range(n_classes)
        ],
        axis=2,
    )
    expected = reference_shifts(learner, pool, pool[:7])
    assert_allclose(
        lookahead.logit_shifts(proba, rows, rows_perp, gradients),
        expected,
        rtol=0,
        atol=1e-9 * np.abs(expected).max(),
    )


def test_labeled_subspace_is_the_span_of_the_labeled_rows():
    learner, pool = few_labels(3, 5, 10)
    geometry = LabeledSubspace(LogisticView(learner))
    assert geometry.n_span == 6 and geometry.n_dims == 11  # 5 rows + intercept
    rows, perp = geometry.rotate(pool[:4])
    assert rows.shape == (4, 6) and perp.shape == (4, 5)
    _, labeled_perp = geometry.rotate(learner.X_labeled_)
    assert np.abs(labeled_perp).max() < 1e-12
    assert geometry.perp_scale == 1.0  # 1 / l2 with C=1
    unpenalised, _ = few_labels(3, 5, 10, C=np.inf)  # E^⊥ carries no information
    assert LabeledSubspace(LogisticView(unpenalised)).perp_scale == 0.0
    many, _ = few_labels(3, 30, 4)
    assert LabeledSubspace(LogisticView(many)).basis is None


@pytest.mark.parametrize("n_classes", [2, 3])
@pytest.mark.parametrize("loss", ["log", "zero_one"])
def test_approx_ranks_like_retrain(n_classes, loss):
    learner, pool = problem(n_classes)
    approx = ExpectedErrorReduction(loss, "approx", n_reference=None).utility(
        learner, pool
    )
    exact = ExpectedErrorReduction(loss, "retrain", n_reference=None).utility(
        learner, pool
    )
    # zero-one loss jumps where a reference row's predicted class flips.
    assert spearmanr(approx, exact)[0] > (0.95 if loss == "log" else 0.85)


def test_retrain_is_the_definition():
    learner, pool = problem(3, n_pool=5)
    utility = ExpectedErrorReduction("zero_one", "retrain", n_reference=None).utility(
        learner, pool
    )
    proba = learner.predict_proba(pool)
    for row in (0, 3):
        expected = 0.0
        for k, label in enumerate(learner.classes_):
            model = clone(learner.estimator_).fit(
                np.vstack([learner.X_labeled_, pool[row : row + 1]]),
                np.append(learner.y_labeled_, label),
            )
            expected += (
                proba[row, k] * (1 - model.predict_proba(pool).max(axis=1)).mean()
            )
        assert_allclose(utility[row], -expected)


def test_subsampling_is_seeded_and_unscored_rows_rank_last():
    learner, pool = problem(3)
    strategy = ExpectedErrorReduction(n_candidates=10, n_reference=20, random_state=0)
    scores = strategy.utility(learner, pool)
    scored = scores > scores.min()
    assert scored.sum() == 10 and np.isfinite(scores).all()
    assert_allclose(scores[~scored], scores[scored].min() - 1.0)
    assert_array_equal(scores, clone(strategy).utility(learner, pool))
    positions, _ = strategy(learner, pool, 10)
    assert set(positions) == set(np.flatnonzero(scored))


def test_retrain_in_parallel_equals_sequential():
    learner, pool = problem(2, n_pool=12)
    sequential = ExpectedErrorReduction(method="retrain").utility(learner, pool)
    with parallel_backend("threading"):
        parallel = ExpectedErrorReduction(method="retrain", n_jobs=2).utility(
            learner, pool
        )
    assert_allclose(parallel, sequential)


def test_pipeline_and_sparse_pools():
    learner, pool = problem(3)
    dense = ExpectedErrorReduction().utility(learner, pool)
    assert_allclose(
        ExpectedErrorReduction().utility(learner, sp.csr_matrix(pool)), dense
    )
    pipe = ActiveLearner(make_pipeline(StandardScaler(), LogisticRegression()))
    pipe.fit(learner.X_labeled_ * 50, learner.y_labeled_)
    bare = ActiveLearner(LogisticRegression()).fit(
        pipe.estimator_[0].transform(learner.X_labeled_ * 50), learner.y_labeled_
    )
    assert_allclose(
        ExpectedErrorReduction().utility(pipe, pool * 50),
        ExpectedErrorReduction().utility(bare, pipe.estimator_[0].transform(pool * 50)),
        rtol=1e-6,
    )


def test_clear_errors():
    learner, pool = problem(3)
    with pytest.raises(ValueError, match="loss must be one of"):
        ExpectedErrorReduction(loss="hinge").utility(learner, pool)
    with pytest.raises(ValueError, match="method must be one of"):
        ExpectedErrorReduction(method="exact").utility(learner, pool)
    X_wide, y_wide = make_classification(
        40, 2000, random_state=0, n_classes=3, n_informative=5
    )
    wide = ActiveLearner(LogisticRegression()).fit(X_wide, y_wide)
    with pytest.raises(ValueError, match="parameters .* limited to 4000"):
        ExpectedErrorReduction().utility(wide, X_wide)


@pytest.mark.parametrize("binary", [False, True])
def test_third_derivative_is_the_curvature_of_the_probabilities(binary):
    # T[v, v] = d^2/dt^2 softmax(z + t v) at t = 0, checked by central
    # differences on hand-made logits (broadcasting proba against shifts as
    # the lookahead does: rows x labels x outputs).
    z = np.array([[0.3, -1.2, 2.0], [1.0, 0.0, -0.5]])
    v = np.array([[[0.5, -0.25, 1.0]], [[-2.0, 0.75, 0.1]]]) * np.ones((1, 2, 1))
    v[:, 1] *= -0.5
    if binary:
        z, v = z[:, :2], v[..., :1]

    def proba(logits):
        if binary:  # one output: the logit of class 1 against class 0
            p1 = 1.0 / (1.0 + np.exp(-(logits[..., 1:] - logits[..., :1])))
            return np.concatenate([1.0 - p1, p1], axis=-1)
        e = np.exp(logits - logits.max(axis=-1, keepdims=True))
        return e / e.sum(axis=-1, keepdims=True)

    h = 1e-4
    p = proba(z)[:, None]
    if binary:
        step = np.concatenate([np.zeros_like(v), v], axis=-1)
        second = (proba(z[:, None] + h * step) - 2 * p + proba(z[:, None] - h * step))
        expected = second[..., 1:] / h**2
    else:
        second = proba(z[:, None] + h * v) - 2 * p + proba(z[:, None] - h * v)
        expected = second / h**2
    assert_allclose(output_third_derivative(p, v, binary), expected, atol=1e-6)


def _refit_shifts(learner, pool, row, n_classes):
    """Reference logit shifts of exact refits with ``pool[row]`` labeled each class."""
    before = learner.estimator_.decision_function(pool)
    shifts = []
    for c in range(n_classes):
        refit = clone(learner.estimator_).fit(
            np.vstack([learner.X_labeled_, pool[row : row + 1]]),
            np.append(learner.y_labeled_, c),
        )
        shift = refit.decision_function(pool) - before
        shifts.append(shift[:, None] if n_classes == 2 else shift)
    return np.stack(shifts)  # (n_classes, n_pool, m)


@pytest.mark.parametrize(
    "n_classes, n_labeled, n_features, params",
    [
        (3, 3, 8, {}),  # few labels: the one step is far off
        (2, 4, 10, {}),
        (4, 5, 12, {"C": 0.3, "fit_intercept": False}),
        (3, 30, 4, {}),  # no labeled-subspace split
    ],
)
def test_newton_iterations_converge_to_the_refit(
    n_classes, n_labeled, n_features, params
):
    learner, pool = few_labels(n_classes, n_labeled, n_features, **params)
    lookahead = Lookahead(learner, pool)
    proba, rows, rows_perp = lookahead.candidates(pool[:3])
    gradients = np.stack(
        [
            output_gradients(proba, np.full(3, c), lookahead.view.binary)
            for c in range(n_classes)
        ],
        axis=2,
    )
    one_step = lookahead.logit_shifts(proba, rows, rows_perp, gradients)
    converged = lookahead.logit_shifts(
        proba, rows, rows_perp, gradients, max_iter=50, tol=1e-12
    )
    for i in range(3):
        true = _refit_shifts(learner, pool, i, n_classes)
        approx, first = np.swapaxes(converged[i], 1, 2), np.swapaxes(one_step[i], 1, 2)
        if n_classes > 2:  # logits are defined up to a constant per row
            true = true - true.mean(axis=2, keepdims=True)
            approx = approx - approx.mean(axis=2, keepdims=True)
            first = first - first.mean(axis=2, keepdims=True)
        scale = np.abs(true).max()
        # lbfgs stops near, not at, the optimum (tol=1e-10): 1e-5 of the shift.
        assert np.abs(approx - true).max() < 1e-5 * scale
        if n_labeled < 30:  # what the iterations are for
            assert np.abs(first - true).max() > 1e-2 * scale


@pytest.mark.parametrize("loss", ["log", "zero_one"])
def test_converged_utilities_equal_retrain(loss):
    learner, pool = few_labels(3, 4, 8)
    pool = pool[:12]
    exact = ExpectedErrorReduction(loss, "retrain", n_reference=None).utility(
        learner, pool
    )
    converged = ExpectedErrorReduction(
        loss, max_iter=50, tol=1e-10, n_reference=None
    ).utility(learner, pool)
    one_step = ExpectedErrorReduction(loss, n_reference=None, max_iter=1).utility(learner, pool)
    # float32 in the last product and the loss; refits to tol=1e-10.
    assert_allclose(converged, exact, rtol=0, atol=1e-5)
    assert np.abs(one_step - exact).max() > 1e-3


def test_one_iteration_is_the_one_step():
    learner, pool = few_labels(3, 5, 10)
    default = ExpectedErrorReduction(max_iter=1, n_reference=None).utility(learner, pool)
    assert_array_equal(
        ExpectedErrorReduction(max_iter=1, tol=5.0, n_reference=None).utility(
            learner, pool
        ),
        default,
    )
    assert_allclose(default, reference_utility(learner, pool), rtol=0, atol=2e-6)


@pytest.mark.parametrize(
    "params, message",
    [
        ({"max_iter": 0}, "max_iter must be .auto. or an integer >= 1, got 0"),
        ({"max_iter": 2.5}, "max_iter must be .auto. or an integer >= 1, got 2.5"),
        ({"max_iter": "many"}, "max_iter must be .auto. or an integer >= 1, got .many."),
        ({"tol": -1.0}, "tol must be a number >= 0, got -1.0"),
        ({"tol": "small"}, "tol must be a number >= 0, got 'small'"),
    ],
)
def test_iteration_parameters_are_checked(params, message):
    learner, pool = problem(3)
    with pytest.raises(ValueError, match=message):
        ExpectedErrorReduction(**params).utility(learner, pool)


def test_auto_iterates_only_while_the_dense_block_is_small():
    # 3 classes x (5 labels + intercept) = 18 <= 256: three iterations.
    learner, pool = few_labels(3, 5, 10)
    assert_array_equal(
        ExpectedErrorReduction(n_reference=None).utility(learner, pool),
        ExpectedErrorReduction(max_iter=3, n_reference=None).utility(learner, pool),
    )
    # 10 classes x (30 labels + intercept) = 310 > 256: the one step.
    X, y = make_classification(100, 40, n_informative=10, n_classes=10,
                               n_clusters_per_class=1, random_state=0)
    many = ActiveLearner(LogisticRegression()).fit(X[:30], y[:30])
    assert len(np.unique(y[:30])) == 10
    assert_array_equal(
        ExpectedErrorReduction(n_reference=20, random_state=0).utility(many, X[30:]),
        ExpectedErrorReduction(max_iter=1, n_reference=20, random_state=0).utility(
            many, X[30:]
        ),
    )


@pytest.mark.parametrize("max_iter", [1, 3])
def test_blocks_of_candidates_give_the_same_utilities(max_iter, monkeypatch):
    from skactive.strategies import _gradients

    learner, pool = few_labels(3, 5, 10)
    strategy = ExpectedErrorReduction(max_iter=max_iter, n_reference=None)
    whole = strategy.utility(learner, pool)
    monkeypatch.setattr(_gradients, "_REFINE_BYTES", 1)  # one candidate a block
    # Only the rounding moves (float32 products of the preconditioner and
    # the loss, in other shapes).
    assert_allclose(strategy.utility(learner, pool), whole, rtol=0, atol=1e-7)


def test_no_penalty_keeps_the_one_step():
    # Separable labels and no penalty: the refit has no optimum to iterate
    # towards; "auto" is the one step and more iterations are refused.
    # Ten solver iterations: run to tol=1e-10, the weights grow until the
    # labeled probabilities round to exactly 0 and 1 on some machines, and
    # the curvature the step needs vanishes (LinAlgError).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        learner, pool = few_labels(3, 5, 10, C=np.inf, max_iter=10)
    assert_array_equal(
        ExpectedErrorReduction(n_reference=None).utility(learner, pool),
        ExpectedErrorReduction(max_iter=1, n_reference=None).utility(learner, pool),
    )
    with pytest.raises(ValueError, match="max_iter=3 needs an L2 penalty"):
        ExpectedErrorReduction(max_iter=3).utility(learner, pool)
    # A weak penalty: the iterations stay finite (halved steps).
    weak, pool = few_labels(3, 5, 10, C=1e5)
    utility = ExpectedErrorReduction(max_iter=50, n_reference=None).utility(weak, pool)
    assert np.isfinite(utility).all()
