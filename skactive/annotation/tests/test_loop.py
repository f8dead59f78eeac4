"""run_labeling_loop with an in-memory queue (the real server: tests/test_labelstudio.py)."""

import logging

import numpy as np
import pytest
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression

from skactive import ActiveLearner
from skactive.annotation import (
    LabelStudioConnectionError,
    LabelStudioServerError,
    PulledLabels,
    PushReport,
    run_labeling_loop,
)
from skactive.strategies import margin_sampling


class MemoryQueue:
    """Annotators who label ``per_poll`` rows of the pushed order at each wait."""

    def __init__(self, y, per_poll=2, failures=()):
        self.y = y
        self.per_poll = per_poll
        self.failures = list(failures)  # exceptions raised by the next calls
        self.order = None
        self.done = []
        self.reported = 0
        self.pushes = []

    def _maybe_fail(self):
        if self.failures:
            raise self.failures.pop(0)

    def push(self, learner, X_pool, data=None):
        self._maybe_fail()
        left = np.setdiff1d(np.arange(len(self.y)), self.done)
        first, utility = learner.query(X_pool[left], n_instances=1, return_scores=True)
        self.order = [left[first[0]], *left[np.argsort(-utility)]]
        self.order = list(dict.fromkeys(self.order))
        self.pushes.append(learner.y_labeled_.shape[0])
        return PushReport(0, left.shape[0], f"v{len(self.pushes)}", np.array(self.order))

    def annotate(self, seconds):
        if self.order is None:  # nothing pushed yet
            return
        for position in self.order[:self.per_poll]:
            if position not in self.done:
                self.done.append(position)
        self.order = [p for p in self.order if p not in self.done]

    def pull(self):
        self._maybe_fail()
        new = np.array(self.done[self.reported:], dtype=np.intp)
        self.reported = len(self.done)
        return PulledLabels(new, self.y[new], new, np.array([], dtype=np.intp))


@pytest.fixture
def setup():
    X, y = load_iris(return_X_y=True)
    rng = np.random.RandomState(0)
    order = rng.permutation(150)
    X, y = X[order], y[order]
    seed = np.concatenate([np.flatnonzero(y == c)[:1] for c in range(3)])
    pool = np.setdiff1d(np.arange(150), seed)[:30]
    learner = ActiveLearner(LogisticRegression(), query_strategy=margin_sampling,
                            random_state=0).fit(X[seed], y[seed])
    return learner, X[pool], y[pool]


def test_loop_teaches_in_rounds_until_the_budget(setup, caplog):
    learner, X_pool, y_pool = setup
    queue = MemoryQueue(y_pool, per_poll=2)
    with caplog.at_level(logging.INFO, logger="skactive.annotation"):
        run_labeling_loop(learner, queue, X_pool, budget=5, poll_interval=0,
                          sleep=queue.annotate)
    # Rounds of 2: the budget is reached by the third round (6 >= 5).
    assert learner.y_labeled_.shape[0] == 3 + 6
    assert queue.pushes == [3, 5, 7]  # a push after each teach, none after the last
    np.testing.assert_array_equal(learner.X_labeled_[3:], X_pool[queue.done])
    assert "budget of 5 labels reached" in caplog.text


def test_loop_stops_on_the_criterion_and_when_idle(setup):
    learner, X_pool, y_pool = setup
    queue = MemoryQueue(y_pool, per_poll=1)
    seen = []

    def stop(learner, X_unlabeled):
        seen.append(X_unlabeled.shape[0])
        return learner.y_labeled_.shape[0] >= 5

    run_labeling_loop(learner, queue, X_pool, stop=stop, poll_interval=0,
                      sleep=queue.annotate)
    assert learner.y_labeled_.shape[0] == 5 and seen == [29, 28]
    idle = MemoryQueue(y_pool, per_poll=0)
    waits = []
    run_labeling_loop(learner, idle, X_pool, poll_interval=10, max_idle=30,
                      sleep=waits.append)
    assert waits == [10, 10, 10]


def test_loop_uses_the_learners_own_stopping_criterion(setup):
    learner, X_pool, y_pool = setup

    class Stopping(ActiveLearner):
        def should_stop(self, X_pool):
            return self.y_labeled_.shape[0] >= 4

    stopping = Stopping(LogisticRegression(), query_strategy=margin_sampling,
                        random_state=0)
    stopping.stopping = "criterion"  # set, as skactive.stopping would
    stopping.fit(learner.X_labeled_, learner.y_labeled_)
    queue = MemoryQueue(y_pool, per_poll=1)
    run_labeling_loop(stopping, queue, X_pool, poll_interval=0, sleep=queue.annotate)
    assert stopping.y_labeled_.shape[0] == 4


def test_loop_waits_out_a_failing_server(setup, caplog):
    learner, X_pool, y_pool = setup
    failures = [LabelStudioConnectionError("down"), LabelStudioServerError("500", 500)]
    queue = MemoryQueue(y_pool, per_poll=2, failures=failures)
    waits = []

    def sleep(seconds):
        waits.append(seconds)
        queue.annotate(seconds)

    with caplog.at_level(logging.WARNING, logger="skactive.annotation"):
        run_labeling_loop(learner, queue, X_pool, budget=2, poll_interval=5,
                          sleep=sleep)
    assert learner.y_labeled_.shape[0] == 5
    assert caplog.text.count("Label Studio is not answering") == 2


def test_loop_checks_its_arguments(setup):
    learner, X_pool, y_pool = setup
    with pytest.raises(ValueError, match="budget must be a positive"):
        run_labeling_loop(learner, MemoryQueue(y_pool), X_pool, budget=0)
    with pytest.raises(ValueError, match="poll_interval must be >= 0"):
        run_labeling_loop(learner, MemoryQueue(y_pool), X_pool, poll_interval=-1)
