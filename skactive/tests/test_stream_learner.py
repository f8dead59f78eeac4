import numpy as np
import pytest
from numpy.testing import assert_array_equal
from sklearn.base import clone
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.naive_bayes import MultinomialNB

from skactive import StreamLearner
from skactive.model_selection import stream_simulation
from skactive.strategies import (
    Split,
    StreamRandomSampling,
    VariableUncertainty,
    margin_sampling,
)

X, y = load_digits(return_X_y=True)


def _run(learner, X_stream, y_stream, chunk=100):
    masks = []
    for start in range(0, X_stream.shape[0], chunk):
        rows = slice(start, start + chunk)
        ask = learner.should_query(X_stream[rows])
        learner.teach(X_stream[rows][ask], y_stream[rows][ask])
        masks.append(ask)
    return np.concatenate(masks)


def test_stream_learner_spends_its_budget_and_learns():
    # Unscaled pixels: an SGD model's probabilities overflow to NaN on older
    # scikit-learn, which the strategy refuses; naive Bayes is at home here.
    learner = StreamLearner(MultinomialNB(), budget=0.1, random_state=0).fit(X[:30], y[:30])
    mask = _run(learner, X[30:], y[30:])
    assert learner.n_seen_ == X.shape[0] - 30 and learner.n_queried_ == mask.sum()
    assert abs(mask.mean() - 0.1) < 0.01
    assert learner.learner_.incremental  # MultinomialNB has partial_fit
    assert learner.learner_.y_labeled_.shape == (30 + mask.sum(),)
    assert learner.score(X[-300:], y[-300:]) > 0.8


def test_same_random_state_same_decisions():
    masks = []
    for _ in range(2):
        learner = StreamLearner(MultinomialNB(), Split(), budget=0.2, random_state=3)
        masks.append(_run(learner.fit(X[:30], y[:30]), X[30:800], y[30:800]))
    assert_array_equal(*masks)


def test_a_pipeline_ending_in_partial_fit_learns_incrementally_by_default():
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    model = make_pipeline(StandardScaler(), SGDClassifier(loss="log_loss", random_state=0))
    learner = StreamLearner(model, budget=0.1, random_state=0).fit(X[:100], y[:100])
    assert learner.learner_.incremental  # was a full refit on every teach
    scaler_mean = learner.learner_.estimator_[0].mean_.copy()
    mask = _run(learner, X[100:600], y[100:600])
    assert mask.sum() > 0
    # Only the last step learned the new rows; the scaler is as first fitted.
    assert_array_equal(learner.learner_.estimator_[0].mean_, scaler_mean)


def test_refit_estimators_without_partial_fit_work_too():
    learner = StreamLearner(LogisticRegression(max_iter=500), StreamRandomSampling(),
                            budget=0.05, random_state=0).fit(X[:30], y[:30])
    assert not learner.learner_.incremental
    mask = _run(learner, X[30:630], y[30:630])
    assert abs(mask.mean() - 0.05) < 0.01


def test_clear_errors_for_pool_strategies_and_budgets():
    with pytest.raises(TypeError, match="pool strategies such as margin_sampling"):
        StreamLearner(LogisticRegression(), margin_sampling).fit(X[:30], y[:30])
    with pytest.raises(ValueError, match=r"budget is the share of the stream to label, "
                       r"in \(0, 1\]; got 10"):
        StreamLearner(LogisticRegression(), budget=10).fit(X[:30], y[:30])


def test_a_changed_strategy_starts_afresh_an_unchanged_one_keeps_its_state():
    learner = StreamLearner(MultinomialNB(), VariableUncertainty(), budget=0.2,
                            random_state=0).fit(X[:30], y[:30])
    learner.should_query(X[30:200])
    theta = learner.query_strategy_.threshold_
    learner.should_query(X[200:201])
    assert learner.query_strategy_.threshold_ != 1.0 and theta != 1.0
    learner.set_params(query_strategy__step=0.5)
    learner.should_query(X[201:202])
    assert learner.query_strategy_.step == 0.5
    assert learner.query_strategy_.threshold_ in (0.5, 1.5)  # one step from 1.0


def test_failed_teach_leaves_the_learner_unchanged():
    learner = StreamLearner(SGDClassifier(loss="log_loss", random_state=0),
                            random_state=0).fit(X[:30], y[:30])
    before = learner.learner_.y_labeled_.copy()
    with pytest.raises(ValueError):
        learner.teach(X[30:32, :10], y[30:32])
    assert_array_equal(learner.learner_.y_labeled_, before)


def test_clone_keeps_parameters_only():
    learner = StreamLearner(MultinomialNB(), Split(random_share=0.3), budget=0.2)
    fitted = learner.fit(X[:30], y[:30])
    copy = clone(fitted)
    assert copy.get_params()["query_strategy__random_share"] == 0.3
    assert not hasattr(copy, "learner_")


def test_prequential_simulation_predicts_before_it_learns():
    result = stream_simulation(
        StreamLearner(MultinomialNB(), budget=0.1, random_state=0), X, y,
        n_initial=20, chunk_size=50,
    )
    assert result.n_seen[-1] == X.shape[0] - 20
    assert np.all(np.diff(result.n_labels) >= 0)
    assert abs(result.n_labels[-1] / result.n_seen[-1] - 0.1) < 0.01
    assert 0.5 < result.accuracy[-1] < 1
    assert result.queried[:20].sum() == 0  # the initial rows are not queried
