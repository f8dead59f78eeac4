"""Labeling queues on annotation servers, ordered by an active learner.

:class:`LabelStudioQueue` turns a `Label Studio <https://labelstud.io>`_
project into the learner's queue: :meth:`~LabelStudioQueue.push` imports the
pool and orders the tasks by the learner, :meth:`~LabelStudioQueue.pull`
reads the labels back, and :func:`run_labeling_loop` runs push, wait, teach,
push until a budget or a stopping criterion says stop. The server side needs
the optional ``label-studio-sdk`` (``python -m pip install ".[labelstudio]"``);
the configuration, score and resolution helpers need nothing.
"""

from ._config import config_choices, label_config
from ._errors import (
    LabelStudioAuthenticationError,
    LabelStudioConnectionError,
    LabelStudioError,
    LabelStudioServerError,
)
from ._loop import run_labeling_loop
from ._queue import LabelStudioQueue, PulledLabels, PushReport
from ._resolve import resolve_annotations
from ._scores import queue_scores

__all__ = [
    "LabelStudioAuthenticationError",
    "LabelStudioConnectionError",
    "LabelStudioError",
    "LabelStudioQueue",
    "LabelStudioServerError",
    "PulledLabels",
    "PushReport",
    "config_choices",
    "label_config",
    "queue_scores",
    "resolve_annotations",
    "run_labeling_loop",
]
