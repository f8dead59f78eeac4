import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.base import clone
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold
from sklearn.preprocessing import StandardScaler

from skactive import ActiveLearner
from skactive.metrics import normalized_area
from skactive.model_selection import active_learning_curve
from skactive.strategies import margin_sampling, random_sampling

X, Y = load_iris(return_X_y=True)
X = StandardScaler().fit_transform(X)  # quick convergence keeps the tests fast
LEARNER = ActiveLearner(LogisticRegression(max_iter=1000), budget=30, n_initial=6,
                        batch_size=8)
TWO = {"margin": margin_sampling, "random": random_sampling}


def curve(**params):
    params = {"strategies": TWO, "n_repeats": 2, "random_state": 0, **params}
    return active_learning_curve(LEARNER, X, Y, **params)


def test_result_layout():
    result = curve()
    assert_array_equal(result.n_labels, [6, 14, 22, 30])
    assert list(result.scores) == ["margin", "random"]
    for name in TWO:
        scores = result.scores[name]
        assert scores.shape == (4, 2)
        assert_allclose(result.mean[name], scores.mean(axis=1))
        assert_allclose(result.std[name], scores.std(axis=1))
        assert_allclose(result.aulc[name], [normalized_area([6, 14, 22, 30], run)
                                            for run in scores.T])
    assert result.full_data_scores.shape == (2,)
    assert np.all(result.full_data_scores > 0.9)
    assert result.score_name == "Accuracy"


def test_runs_are_paired_across_strategies():
    # Same seed per run: every strategy starts from the same random labels,
    # so the first point of the curves agrees run by run.
    result = curve(n_repeats=3)
    assert_array_equal(result.scores["margin"][0], result.scores["random"][0])
    assert not np.array_equal(result.scores["margin"][-1], result.scores["random"][-1])


def test_same_result_in_parallel_and_for_the_same_seed():
    first = curve()
    again = curve(n_jobs=2)
    for name in TWO:
        assert_array_equal(first.scores[name], again.scores[name])
    other = curve(random_state=1)
    assert not np.array_equal(first.scores["margin"], other.scores["margin"])


def test_fixed_test_set_runs_each_repeat_on_all_the_data():
    result = curve(test_set=(X[::2], Y[::2]), n_repeats=3, full_data=False)
    assert result.scores["margin"].shape == (4, 3)
    assert result.full_data_scores is None
    # With a budget of every sample, a run ends with the full-data model.
    everything = clone(LEARNER).set_params(budget=150, batch_size=48)
    result = active_learning_curve(everything, X, Y, strategies=TWO, n_repeats=2,
                                   test_set=(X[::2], Y[::2]), random_state=0)
    assert_array_equal(result.n_labels, [6, 54, 102, 150])
    full = LogisticRegression(max_iter=1000).fit(X, Y).score(X[::2], Y[::2])
    assert_allclose(result.full_data_scores, [full, full])
    assert_allclose(result.scores["margin"][-1], [full, full])
    assert_allclose(result.scores["random"][-1], [full, full])


def test_explicit_cv_times_repeats():
    result = curve(cv=KFold(3, shuffle=True, random_state=0), n_repeats=2)
    assert result.scores["random"].shape == (4, 6)
    assert result.full_data_scores.shape == (6,)


def test_list_of_strategies_named_by_function_and_default_strategy():
    result = curve(strategies=[margin_sampling, random_sampling])
    assert list(result.scores) == ["margin_sampling", "random_sampling"]
    own = active_learning_curve(clone(LEARNER).set_params(query_strategy=margin_sampling), X, Y,
                                n_repeats=1, random_state=0)
    assert list(own.scores) == ["margin_sampling"]


def test_callback_sees_every_run():
    calls = []
    curve(callback=lambda done, total: calls.append((done, total)))
    # 2 strategies x 2 runs + 2 full-data fits.
    assert calls == [(i, 6) for i in range(7)]


def test_scoring_by_name():
    result = curve(scoring="balanced_accuracy", n_repeats=1)
    assert result.score_name == "Balanced accuracy"


@pytest.mark.parametrize(
    "learner, params, error, message",
    [
        (ActiveLearner(LogisticRegression()), {}, ValueError, "needs a learner in simulation"),
        (LEARNER, {"test_size": 0.9}, ValueError,
         "budget=30 is larger than the 15 training samples"),
        (LEARNER, {"strategies": [margin_sampling, margin_sampling]}, ValueError,
         "Two strategies are named 'margin_sampling'"),
        (LEARNER, {"strategies": {}}, ValueError, "strategies is empty"),
        (LEARNER, {"strategies": {"x": "margin"}}, TypeError, "'x' is not callable"),
        (LEARNER, {"n_repeats": 0}, ValueError, "n_repeats must be a positive integer"),
        (LEARNER, {"test_set": (X, Y), "cv": 3}, ValueError, "either test_set or cv"),
        (LEARNER, {"n_checkpoints": 1}, ValueError, "n_checkpoints must be"),
    ],
)
def test_errors(learner, params, error, message):
    params = {"strategies": TWO, **params}
    with pytest.raises(error, match=message):
        active_learning_curve(learner, X, Y, **params)


def test_mismatched_lengths():
    with pytest.raises(ValueError, match="X has 150 samples but y has 149"):
        active_learning_curve(LEARNER, X, Y[:-1])


@pytest.mark.parametrize("scoring", ["neg_log_loss", "roc_auc_ovr"])
def test_probability_scoring_when_early_labels_miss_classes(scoring):
    """With 3 seed labels of 3 classes, many runs start without some class."""
    X, y = load_iris(return_X_y=True)
    learner = ActiveLearner(LogisticRegression(max_iter=1000), budget=15, n_initial=3,
                            batch_size=6)
    result = active_learning_curve(learner, X, y, strategies=[random_sampling],
                                   n_repeats=4, scoring=scoring, random_state=0)
    assert np.all(np.isfinite(result.scores["random_sampling"]))


def test_as_frame_is_the_same_curves_tidy():
    pytest.importorskip("pandas", reason='as_frame needs pandas (pip install ".[pandas]")')
    result = curve(as_frame=True)
    frame = result.frame
    assert list(frame.columns) == ["strategy", "run", "n_labels", "score"]
    assert frame.shape == (2 * 2 * 4, 4)  # strategies x runs x points
    assert "frame" not in curve()
    for name in TWO:
        for run in range(2):
            rows = frame[(frame.strategy == name) & (frame.run == run)]
            assert_array_equal(rows.n_labels, [6, 14, 22, 30])
            assert_allclose(rows.score, result.scores[name][:, run])


def test_as_frame_without_pandas_fails_before_running(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "pandas", None)
    calls = []
    with pytest.raises(ImportError, match=r'as_frame=True\) needs pandas.*pip install "\.\[pandas\]"'):
        curve(as_frame=True, callback=lambda done, total: calls.append(done))
    assert calls == []
