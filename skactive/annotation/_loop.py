"""The active learning loop against an annotation queue, as a small service."""

import logging
import time

import numpy as np

from ..utils import num_rows, take_rows
from ._errors import LabelStudioConnectionError, LabelStudioServerError

__all__ = ["run_labeling_loop"]

logger = logging.getLogger("skactive.annotation")


def run_labeling_loop(learner, queue, X_pool, *, data=None, budget=None, stop=None,
                      poll_interval=30.0, max_idle=None, sleep=time.sleep):
    """Push, wait for labels, teach, push again, until told to stop.

    Each round pulls the labels completed since the previous round, teaches
    them to the learner and pushes the new order, so the annotators' queue
    follows the retrained model. Progress goes to the ``skactive.annotation``
    logger (``logging.basicConfig(level=logging.INFO)`` shows it). A server
    that is down or failing (:class:`LabelStudioConnectionError`,
    :class:`LabelStudioServerError`) is waited for, not fatal: push and pull
    lose nothing and are retried at the next poll.

    Parameters
    ----------
    learner : ActiveLearner or QueryByCommittee
        Fitted on the seed labels (or using a model-free strategy). It is
        taught in place.
    queue : LabelStudioQueue
        Where the annotators work.
    X_pool : array-like, sparse matrix, DataFrame or list
        The whole pool, in the same order for the whole loop.
    data : sequence, default=None
        What the annotators see per pool row, as in
        :meth:`LabelStudioQueue.push`.
    budget : int, default=None
        Stop once this many labels have been taught in this loop. ``None``:
        no budget.
    stop : callable, default=None
        ``stop(learner, X_unlabeled) -> bool``, asked after each round; True
        ends the loop. ``None`` asks ``learner.should_stop(X_unlabeled)``
        when the learner has a ``stopping`` criterion set, and nothing
        otherwise.
    poll_interval : float, default=30.0
        Seconds between two looks for new labels.
    max_idle : float, default=None
        Stop after this many seconds without a new label. ``None``: wait
        for ever (a service).
    sleep : callable, default=time.sleep
        Waits ``poll_interval`` seconds (replaceable in tests).

    Returns
    -------
    learner : object
        The learner, taught every label pulled.

    Examples
    --------
    >>> import logging
    >>> from skactive.annotation import LabelStudioQueue, run_labeling_loop
    >>> logging.basicConfig(level=logging.INFO)
    >>> queue = LabelStudioQueue(title="Spam or ham")
    >>> run_labeling_loop(learner, queue, documents, budget=200)  # doctest: +SKIP
    """
    if budget is not None and budget < 1:
        raise ValueError(f"budget must be a positive number of labels, got {budget}")
    if poll_interval < 0:
        raise ValueError(f"poll_interval must be >= 0, got {poll_interval}")
    n_pool = num_rows(X_pool)
    taught = np.zeros(n_pool, dtype=bool)
    n_taught, idle, round_ = 0, 0.0, 0
    need_push = True
    while True:
        try:
            if need_push:
                report = queue.push(learner, X_pool, data=data)
                need_push = False
                logger.info("round %d: queue ordered by %s (%d rows to label)",
                            round_, report.model_version, report.n_scored)
            pulled = queue.pull()
        except (LabelStudioConnectionError, LabelStudioServerError) as exc:
            logger.warning("Label Studio is not answering, retrying in %.0f s: %s",
                           poll_interval, exc)
            sleep(poll_interval)
            continue
        fresh = ~taught[pulled.positions]
        positions, labels = pulled.positions[fresh], pulled.labels[fresh]
        if positions.shape[0] == 0:
            if max_idle is not None and idle >= max_idle:
                logger.info("no new label for %.0f s: stopping after %d labels",
                            idle, n_taught)
                break
            sleep(poll_interval)
            idle += poll_interval
            continue
        idle = 0.0
        round_ += 1
        learner.teach(take_rows(X_pool, positions), labels)
        taught[positions] = True
        n_taught += positions.shape[0]
        logger.info("round %d: taught %d new labels (%d in this loop, %d skipped)",
                    round_, positions.shape[0], n_taught, pulled.skipped.shape[0])
        if budget is not None and n_taught >= budget:
            logger.info("budget of %d labels reached", budget)
            break
        left = np.flatnonzero(~taught)
        if left.shape[0] == 0:
            logger.info("every pool row is labeled")
            break
        if _should_stop(learner, take_rows(X_pool, left), stop):
            logger.info("the stopping criterion says stop after %d labels", n_taught)
            break
        need_push = True
    return learner


def _should_stop(learner, X_unlabeled, stop):
    if stop is not None:
        return bool(stop(learner, X_unlabeled))
    if getattr(learner, "stopping", None) is not None and hasattr(learner, "should_stop"):
        return bool(learner.should_stop(X_unlabeled))
    return False
