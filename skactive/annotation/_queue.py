"""A Label Studio labeling queue ordered by an active learner."""

import hashlib
import logging
import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import numpy as np

from ..utils import num_rows, take_rows
from ._config import CHOICES_NAME, DATA_KEYS, choices_control, config_choices, label_config
from ._errors import translate_errors
from ._resolve import RULES, resolve_annotations
from ._scores import queue_scores

__all__ = ["LabelStudioQueue", "PulledLabels", "PushReport"]

logger = logging.getLogger("skactive.annotation")

#: Task data key holding the row's position in the pool.
POOL_ID_KEY = "skactive_id"
SAMPLING = "Uncertainty sampling"
_CHUNK = 500  # tasks or predictions per request


def _import_sdk():
    try:
        from label_studio_sdk import LabelStudio
    except ImportError as exc:
        raise ImportError(
            "LabelStudioQueue needs the Label Studio SDK, which is not installed. "
            'Install it with: python -m pip install ".[labelstudio]"'
        ) from exc
    return LabelStudio


@dataclass
class PushReport:
    """What one :meth:`LabelStudioQueue.push` did.

    Attributes
    ----------
    n_imported : int
        Pool rows imported as new tasks (0 when every row was already there).
    n_scored : int
        Tasks not labeled yet that got a prediction of ``model_version``.
    model_version : str
        The model version the project now orders its queue by.
    order : ndarray of int
        Pool positions of the unlabeled rows, in the order the annotators get
        them (the first is served first).
    """

    n_imported: int
    n_scored: int
    model_version: str
    order: np.ndarray = field(repr=False)


@dataclass
class PulledLabels:
    """The labels completed since the previous :meth:`LabelStudioQueue.pull`.

    Attributes
    ----------
    positions : ndarray of int
        Pool positions of the newly labeled rows.
    labels : ndarray
        Their labels, as the learner's classes (same dtype), one per position.
    task_ids : ndarray of int
        The Label Studio task of each position.
    skipped : ndarray of int
        Pool positions whose annotators all skipped the task (or submitted it
        without a choice): no label, reported apart so they are not taught.
    """

    positions: np.ndarray
    labels: np.ndarray
    task_ids: np.ndarray
    skipped: np.ndarray

    def __len__(self):
        return self.positions.shape[0]


class LabelStudioQueue:
    """A Label Studio project whose labeling queue follows an active learner.

    :meth:`push` imports the pool rows as tasks and gives each task one
    prediction whose score is its rank in the learner's order, under a new
    model version; the project samples by "Uncertainty sampling", so
    annotators are served the rows the learner most wants labeled first.
    :meth:`pull` reads back the labels completed since the previous pull.

    Needs the optional ``label-studio-sdk``
    (``python -m pip install ".[labelstudio]"``).

    Parameters
    ----------
    url : str, default=None
        Address of the Label Studio server; ``None`` reads the environment
        variable ``LABEL_STUDIO_URL``.
    api_key : str, default=None
        A personal access token or a legacy token; ``None`` reads the SDK's
        environment variable ``LABEL_STUDIO_API_KEY``.
    project : int, default=None
        Id of an existing project to attach to; its choices must include
        the learner's classes. ``None`` reuses the project called ``title``
        if there is exactly one, so a restarted loop finds its queue again,
        and creates it otherwise.
    title : str, default="skactive queue"
        Title of the project to find or create.
    data_type : {"text", "image", "table"}, default="text"
        What the annotator sees for a created project: a text, an image URL,
        or the row's feature values as a small table.
    classes : array-like, default=None
        Every class an annotator may choose. ``None`` uses the classes of the
        learner given to the first :meth:`push`.
    rule : {"majority", "latest"}, default="majority"
        How several annotations of one task give one label: the label most
        annotators chose (a tie goes to the one chosen last), or the latest.
    prefill : bool, default=False
        Show the model's predicted label to annotators, to accept or fix.
    n_instances : int, default=10
        Rows the learner queries as its batch; they head the queue in the
        learner's order (batch-aware strategies choose them jointly), the
        others follow by decreasing utility.
    timeout : float, default=60.0
        Seconds to wait for one request.

    Attributes
    ----------
    project_id_ : int
        The project, once :meth:`push` or :meth:`pull` has run.
    classes_ : ndarray
        The classes, in the order of the project's choices.
    model_version_ : str
        Model version of the last successful push.

    Examples
    --------
    >>> from skactive.annotation import LabelStudioQueue
    >>> queue = LabelStudioQueue("http://localhost:8080", api_key="...",
    ...                          title="Spam or ham", data_type="text")
    >>> queue.push(learner, documents)  # doctest: +SKIP
    >>> new = queue.pull()  # doctest: +SKIP
    >>> learner.teach([documents[i] for i in new.positions], new.labels)  # doctest: +SKIP
    """

    def __init__(self, url=None, api_key=None, *, project=None, title="skactive queue",
                 data_type="text", classes=None, rule="majority", prefill=False,
                 n_instances=10, timeout=60.0):
        self.url = url
        self.api_key = api_key
        self.project = project
        self.title = title
        self.data_type = data_type
        self.classes = classes
        self.rule = rule
        self.prefill = prefill
        self.n_instances = n_instances
        self.timeout = timeout

    # -- connection -------------------------------------------------------------

    def _connect(self):
        if getattr(self, "_client", None) is not None:
            return self._client
        if self.data_type not in DATA_KEYS:
            raise ValueError(
                f"data_type={self.data_type!r} is not supported; use 'text', 'image' "
                "or 'table'"
            )
        if self.rule not in RULES:
            raise ValueError(f"rule={self.rule!r} is not supported; use 'majority' or "
                             "'latest'")
        LabelStudio = _import_sdk()
        url = self.url if self.url is not None else os.environ.get("LABEL_STUDIO_URL")
        if not url:
            raise ValueError(
                "no Label Studio address: pass url= or set LABEL_STUDIO_URL"
            )
        api_key = self.api_key
        if api_key is None:
            api_key = os.environ.get("LABEL_STUDIO_API_KEY")
        if not api_key:
            raise ValueError(
                "no Label Studio API key: pass api_key= or set LABEL_STUDIO_API_KEY "
                "(Account & Settings > Personal Access Token in Label Studio)"
            )
        self._url = url.rstrip("/")
        with translate_errors(self._url, "connecting"):
            self._client = LabelStudio(base_url=self._url, api_key=api_key,
                                       timeout=self.timeout)
        return self._client

    def _call(self, doing, method, *args, retry=True, **kwargs):
        """One SDK call; writes are sent once (``retry=False``) so that a lost
        answer never makes the SDK send them again behind our back."""
        if not retry:
            kwargs["request_options"] = {"max_retries": 0}
        with translate_errors(self._url, doing):
            return method(*args, **kwargs)

    # -- the project --------------------------------------------------------------

    def _ensure_project(self, classes=None):
        client = self._connect()
        if getattr(self, "project_id_", None) is not None:
            if classes is not None:
                self._check_classes(classes)
            return self.project_id_
        wanted = self.classes if self.classes is not None else classes
        if self.project is not None:
            found = self._call("reading the project", client.projects.get,
                               id=int(self.project))
        else:
            matches = [
                p for p in self._call("listing the projects", client.projects.list,
                                      title=self.title)
                if p.title == self.title
            ]
            if len(matches) > 1:
                raise ValueError(
                    f"{len(matches)} Label Studio projects are called {self.title!r} "
                    f"(ids {sorted(p.id for p in matches)}); pass project=<id>"
                )
            found = None
            if matches:
                found = self._call("reading the project", client.projects.get,
                                   id=matches[0].id)
            elif wanted is None:
                raise ValueError(
                    "creating a project needs the classes: fit the learner first or "
                    "pass classes="
                )
            else:
                config = label_config(wanted, data_type=self.data_type)
                created = self._call(
                    "creating the project", client.projects.create, retry=False,
                    title=self.title, label_config=config, sampling=SAMPLING,
                    show_collab_predictions=bool(self.prefill),
                )
                logger.info("created Label Studio project %s (%r)", created.id,
                            self.title)
                found = self._call("reading the project", client.projects.get,
                                   id=created.id)
        self._adopt_config(found.id, found.label_config)
        if wanted is not None:
            self._check_classes(wanted, every=self.classes is not None)
        if classes is not None:
            self._check_classes(classes)
        return self.project_id_

    def _adopt_config(self, project_id, config):
        choices = config_choices(config)
        from_name, to_name = choices_control(config)
        root = ET.fromstring(config)
        data_key = None
        for element in root.iter():
            if element.get("name") == to_name and element.get("value", "").startswith("$"):
                data_key = element.get("value")[1:]
        if data_key is None:
            raise ValueError(
                f"project {project_id}: the choices point at {to_name!r}, which shows "
                "no task data ($key)"
            )
        self.project_id_ = int(project_id)
        self.choices_ = choices
        self._from_name, self._to_name, self._data_key = from_name, to_name, data_key
        known = getattr(self, "classes_", None)
        if self.classes is not None:
            by_name = {str(c): c for c in np.asarray(self.classes)}
            self.classes_ = np.asarray([by_name.get(c, c) for c in choices])
        elif known is None:
            self.classes_ = np.asarray(choices)

    def _check_classes(self, classes, every=False):
        names = [str(c) for c in np.asarray(classes)]
        missing = [n for n in names if n not in self.choices_]
        extra = [c for c in self.choices_ if c not in names]
        if missing or (every and extra):
            raise ValueError(
                f"project {self.project_id_} offers the choices {self.choices_}, which "
                f"do not match the classes {names}"
                + (f": missing {missing}" if missing else "")
                + (f": not classes {extra}" if every and extra else "")
            )
        # Choices come back as text: remember the learner's value for each.
        by_name = {str(c): c for c in np.asarray(classes)}
        current = {str(c): c for c in np.asarray(self.classes_)}
        current.update(by_name)
        values = [current[c] for c in self.choices_]
        self.classes_ = np.asarray(values)
        if self.classes_.dtype.kind in "OU" and np.asarray(classes).dtype.kind in "biuf":
            try:
                self.classes_ = np.asarray(values, dtype=np.asarray(classes).dtype)
            except (TypeError, ValueError):
                pass

    # -- tasks ----------------------------------------------------------------------

    def _tasks(self, *, annotated=False):
        """Every task of the project as a dict (id, data, is_labeled[, annotations])."""
        client = self._client
        kwargs = {"project": self.project_id_, "page_size": 1000}
        if annotated:
            kwargs.update(fields="all", only_annotated=True)
        else:
            kwargs.update(fields="task_only")
        doing = "listing the annotations" if annotated else "listing the tasks"
        with translate_errors(self._url, doing):
            return [_as_dict(task) for task in client.tasks.list(**kwargs)]

    def _pool_tasks(self, n_pool=None):
        """Pool position -> task dict, for the tasks this queue created."""
        by_position = {}
        for task in self._tasks():
            position = (task.get("data") or {}).get(POOL_ID_KEY)
            if position is None:
                continue
            position = int(position)
            if n_pool is not None and not 0 <= position < n_pool:
                raise ValueError(
                    f"project {self.project_id_}: task {task['id']} holds pool row "
                    f"{position}, but X_pool has {n_pool} rows; push the same pool "
                    "every time (labeled rows included)"
                )
            if position in by_position:
                # Not created by push; say so rather than pick one.
                raise ValueError(
                    f"project {self.project_id_}: tasks {by_position[position]['id']} "
                    f"and {task['id']} both hold pool row {position}"
                )
            by_position[position] = task
        return by_position

    def _task_data(self, X_pool, data, n_pool):
        if data is None:
            if self.data_type == "text" and isinstance(X_pool, list) and all(
                isinstance(x, str) for x in X_pool
            ):
                return list(X_pool)
            if self.data_type == "table":
                return _table_rows(X_pool)
            raise ValueError(
                f"data_type={self.data_type!r} needs data=: one "
                + ("image URL" if self.data_type == "image" else "text")
                + " per pool row (X_pool holds what the model sees, not what the "
                "annotator sees)"
            )
        data = list(data)
        if len(data) != n_pool:
            raise ValueError(
                f"data has {len(data)} items but X_pool has {n_pool} rows; give one "
                "item per pool row"
            )
        return data

    # -- push ---------------------------------------------------------------------------

    def push(self, learner, X_pool, *, data=None, model_version=None):
        """Import the pool as tasks and order the queue by the learner.

        Safe to repeat: rows already imported are not imported again (each task
        carries its pool position in ``data["skactive_id"]``), also after a
        crash, and a repeated push with the same model gives the same queue
        without duplicate predictions. A push after ``teach`` reorders the queue
        under a new model version.

        Parameters
        ----------
        learner : fitted ActiveLearner or QueryByCommittee
            Gives the order (``query(..., return_scores=True)``) and, for a
            new project, the classes.
        X_pool : array-like, sparse matrix, DataFrame or list
            The whole pool, labeled rows included, in the same order at every
            push: a row's position is its id in the project.
        data : sequence, default=None
            What the annotator sees for each pool row: a text, an image URL,
            or a dict (a table's column -> value). ``None`` uses ``X_pool``
            itself for a list of texts, or its feature values for
            ``data_type="table"``.
        model_version : str, default=None
            Name of this model in Label Studio. ``None`` derives it from the
            number of labels and a digest of the queue order, so the same
            model gives the same name (and a retry changes nothing).

        Returns
        -------
        report : PushReport
            Rows imported, tasks scored, the model version and the queue order.
        """
        task = getattr(learner, "_task", None)
        if callable(task) and task() != "classification":
            raise TypeError(
                f"LabelStudioQueue asks annotators for one class per row; "
                f"{type(learner).__name__} learns a {task()} task"
            )
        classes = getattr(learner, "classes_", None)
        n_pool = num_rows(X_pool)
        self._ensure_project(classes)
        client = self._client
        tasks = self._pool_tasks(n_pool)
        missing = [i for i in range(n_pool) if i not in tasks]
        if missing:
            shown = self._task_data(X_pool, data, n_pool)
            for start in range(0, len(missing), _CHUNK):
                rows = missing[start:start + _CHUNK]
                self._call(
                    "importing the pool", client.projects.import_tasks, retry=False,
                    id=self.project_id_, return_task_ids=True,
                    request=[{"data": {self._data_key: _json_value(shown[i]),
                                       POOL_ID_KEY: int(i)}} for i in rows],
                )
            tasks = self._pool_tasks(n_pool)
            logger.info("imported %d pool rows into project %s", len(missing),
                        self.project_id_)
        left = np.array([i for i in range(n_pool) if not tasks[i].get("is_labeled")],
                        dtype=np.intp)
        if left.shape[0] == 0:
            logger.info("every pool row of project %s is labeled", self.project_id_)
            return PushReport(len(missing), 0, getattr(self, "model_version_", ""),
                              left)
        X_left = take_rows(X_pool, left)
        n_first = min(self.n_instances, left.shape[0])
        first, utility = learner.query(X_left, n_instances=n_first, return_scores=True)
        scores = queue_scores(utility, first=first)
        order = left[np.argsort(scores, kind="stable")]
        if model_version is None:
            n_labeled = num_rows(getattr(learner, "X_labeled_", [])) if hasattr(
                learner, "X_labeled_") else 0
            digest = hashlib.sha1(order.astype("<i8").tobytes()).hexdigest()[:10]
            model_version = f"skactive-{n_labeled}-labels-{digest}"
        predicted = None
        if classes is not None:
            predicted = np.asarray(learner.predict(X_left))
        have = self._versions(left, tasks, model_version)
        requests = []
        for k, position in enumerate(left):
            task_id = tasks[position]["id"]
            if task_id in have:
                continue
            result = []
            if predicted is not None:
                result = [{"from_name": self._from_name, "to_name": self._to_name,
                           "type": "choices",
                           "value": {"choices": [str(predicted[k])]}}]
            requests.append({"task": task_id, "result": result,
                             "score": float(scores[k]), "model_version": model_version})
        for start in range(0, len(requests), _CHUNK):
            self._call("importing the predictions", client.projects.import_predictions,
                       retry=False, id=self.project_id_,
                       request=requests[start:start + _CHUNK])
        self._call("setting the model version", client.projects.update, retry=False,
                   id=self.project_id_, sampling=SAMPLING, model_version=model_version,
                   show_collab_predictions=bool(self.prefill))
        self.model_version_ = model_version
        logger.info("project %s now follows model version %s (%d tasks to label)",
                    self.project_id_, model_version, left.shape[0])
        return PushReport(len(missing), left.shape[0], model_version, order)

    def _versions(self, positions, tasks, model_version):
        """Tasks among ``positions`` that already have a prediction of the version."""
        client = self._client
        with translate_errors(self._url, "listing the predictions"):
            predictions = client.predictions.list(project=self.project_id_)
        wanted = {tasks[p]["id"] for p in positions}
        return {
            _as_dict(p).get("task") for p in predictions
            if _as_dict(p).get("model_version") == model_version
            and _as_dict(p).get("task") in wanted
        }

    # -- pull ---------------------------------------------------------------------------

    def pull(self):
        """The labels completed since the previous pull.

        A task counts as completed once Label Studio marks it labeled (it has
        the project's number of annotations, one by default); its label is
        resolved from its annotations by ``rule``. Skipped tasks come apart in
        ``skipped``. Each position is reported once; the first pull of a new
        queue object reports every completed task, which is what a restarted
        loop needs to rebuild its learner. Nothing is marked as reported
        unless the whole pull succeeds, so a failed pull can be retried.

        Returns
        -------
        labels : PulledLabels
            ``positions``, ``labels`` (as the learner's classes), ``task_ids``
            and ``skipped``.

        Raises
        ------
        ValueError
            If an annotation holds a label that is not one of the classes; the
            message names the task.
        """
        self._ensure_project()
        reported = getattr(self, "_reported", set())
        skipped_before = getattr(self, "_skipped", set())
        by_name = {str(c): c for c in self.classes_}
        positions, labels, task_ids, skipped = [], [], [], []
        for task in self._tasks(annotated=True):
            position = (task.get("data") or {}).get(POOL_ID_KEY)
            if position is None or task["id"] in reported:
                continue
            annotations = [_as_dict(a) for a in task.get("annotations") or ()]
            label = resolve_annotations(annotations, self.choices_, self.rule,
                                        from_name=self._from_name, task=task["id"])
            if label is not None and task.get("is_labeled"):
                positions.append(int(position))
                labels.append(by_name[label])
                task_ids.append(task["id"])
            elif label is None and any(a.get("was_cancelled") for a in annotations) \
                    or label is None and task.get("is_labeled"):
                if task["id"] not in skipped_before:
                    skipped.append((int(position), task["id"]))
        order = np.argsort(positions, kind="stable")
        pulled = PulledLabels(
            positions=np.asarray(positions, dtype=np.intp)[order],
            labels=np.asarray(labels, dtype=self.classes_.dtype)[order]
            if labels else np.asarray([], dtype=self.classes_.dtype),
            task_ids=np.asarray(task_ids, dtype=np.int64)[order],
            skipped=np.asarray(sorted(p for p, _ in skipped), dtype=np.intp),
        )
        self._reported = reported | set(task_ids)
        self._skipped = skipped_before | {t for _, t in skipped}
        logger.info("pulled %d new labels and %d skipped tasks from project %s",
                    len(pulled), pulled.skipped.shape[0], self.project_id_)
        return pulled


def _as_dict(item):
    if isinstance(item, dict):
        return item
    if hasattr(item, "model_dump"):
        return item.model_dump()
    return item.dict()


def _json_value(value):
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, np.generic):
        return value.item()
    return value


def _table_rows(X_pool):
    """One ``{column: value}`` dict per row, for Label Studio's ``Table`` tag."""
    import scipy.sparse as sp

    if hasattr(X_pool, "columns") and hasattr(X_pool, "iloc"):
        columns = [str(c) for c in X_pool.columns]
        values = X_pool.to_numpy()
    else:
        values = X_pool.toarray() if sp.issparse(X_pool) else np.asarray(X_pool)
        if values.ndim != 2:
            raise ValueError(
                "data_type='table' shows the pool's feature values and needs a 2-D "
                f"X_pool; got shape {values.shape}. Pass data= instead."
            )
        columns = [f"x{j}" for j in range(values.shape[1])]
    return [
        {column: _json_value(value) for column, value in zip(columns, row)}
        for row in values
    ]
