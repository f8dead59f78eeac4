"""LabelStudioQueue against a real Label Studio server.

``.ci/labelstudio.sh start`` starts one on 127.0.0.1 and writes the two
environment variables these tests read, ``SKACTIVE_LABEL_STUDIO_URL`` and
``SKACTIVE_LABEL_STUDIO_TOKEN`` (a legacy API token). Without them the tests
skip, except in CI (``CI=true``, or ``SKACTIVE_REQUIRE_LABEL_STUDIO=1`` as
``.ci/run`` sets it), where a missing server or SDK is a failure.

The annotator's side goes through the server's own REST API, as the browser
does: ``GET /api/projects/{id}/next`` for the next task of the queue, ``POST
/api/tasks/{id}/annotations`` to submit a label.
"""

import http.server
import importlib.util
import json
import os
import socket
import threading
import urllib.error
import urllib.request
import uuid

import numpy as np
import pytest
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skactive import ActiveLearner
from skactive.strategies import margin_sampling

URL = os.environ.get("SKACTIVE_LABEL_STUDIO_URL", "").rstrip("/")
TOKEN = os.environ.get("SKACTIVE_LABEL_STUDIO_TOKEN", "")
# In CI (and in .ci/run, which sets SKACTIVE_REQUIRE_LABEL_STUDIO) these tests never skip.
IN_CI = any(os.environ.get(name, "").strip().lower() in ("1", "true", "yes")
            for name in ("CI", "SKACTIVE_REQUIRE_LABEL_STUDIO"))


# Each test talks to a server for several seconds; they still run in CI.
pytestmark = pytest.mark.slow


def _require_server():
    problem = None
    if not URL or not TOKEN:
        problem = ("no Label Studio server configured: set SKACTIVE_LABEL_STUDIO_URL "
                   "and SKACTIVE_LABEL_STUDIO_TOKEN (.ci/labelstudio.sh start writes "
                   "them)")
    elif importlib.util.find_spec("label_studio_sdk") is None:
        problem = ('label-studio-sdk is not installed: python -m pip install '
                   '".[labelstudio]"')
    if problem is not None:
        if IN_CI:
            pytest.fail(f"in CI these tests must run, but {problem}", pytrace=False)
        pytest.skip(problem)


@pytest.fixture(autouse=True)
def server():
    _require_server()
    return URL


# -- the annotator's side, through the REST API -----------------------------------------


def api(method, path, body=None, token=None, url=None):
    request = urllib.request.Request(
        (url or URL) + path, method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Token {token or TOKEN}",
                 "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        text = response.read()
    return json.loads(text) if text else None


def next_task(project_id):
    """The task the server serves next, or None when the queue is empty."""
    try:
        return api("GET", f"/api/projects/{project_id}/next")
    except urllib.error.HTTPError as exc:
        if exc.code == 404:  # "no more tasks"
            return None
        raise


def annotate(task, label, cancelled=False):
    result = [] if label is None else [{
        "from_name": "label", "to_name": "text" if "text" in task["data"] else "table",
        "type": "choices", "value": {"choices": [str(label)]},
    }]
    return api("POST", f"/api/tasks/{task['id']}/annotations",
               {"result": result, "was_cancelled": cancelled,
                "lead_time": 1.0})


def serve_and_label(project_id, y_true, n):
    """Label the next ``n`` tasks as the server serves them: their pool ids."""
    served = []
    for _ in range(n):
        task = next_task(project_id)
        assert task is not None, f"the queue ran out after {served}"
        position = task["data"]["skactive_id"]
        served.append(position)
        annotate(task, y_true[position])
    return served


def project_tasks(project_id):
    tasks, page = [], 1
    while True:
        try:
            batch = api("GET", f"/api/tasks?project={project_id}&page={page}"
                               "&page_size=100&fields=all")
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                return tasks
            raise
        items = batch["tasks"] if isinstance(batch, dict) else batch
        tasks.extend(items)
        if len(items) < 100:
            return tasks
        page += 1


# -- data -----------------------------------------------------------------------------


@pytest.fixture
def iris_pool():
    X, y = load_iris(return_X_y=True)
    rng = np.random.RandomState(0)
    order = rng.permutation(y.shape[0])
    X, y = X[order], y[order]
    seed = np.concatenate([np.flatnonzero(y == c)[:2] for c in range(3)])
    rest = np.setdiff1d(np.arange(y.shape[0]), seed)[:40]
    return X[seed], y[seed], X[rest], y[rest]


def make_learner(X_seed, y_seed):
    learner = ActiveLearner(make_pipeline(StandardScaler(), LogisticRegression()),
                            query_strategy=margin_sampling, random_state=0)
    return learner.fit(X_seed, y_seed)


def make_queue(**kwargs):
    from skactive.annotation import LabelStudioQueue

    kwargs.setdefault("title", f"skactive test {uuid.uuid4().hex[:8]}")
    kwargs.setdefault("data_type", "table")
    return LabelStudioQueue(URL, api_key=TOKEN, **kwargs)


def expected_order(learner, X_left, n_first):
    """The learner's own order of X_left: its batch, then by decreasing utility."""
    first, utility = learner.query(X_left, n_instances=n_first, return_scores=True)
    rest = [i for i in np.argsort(-utility, kind="stable") if i not in set(first)]
    return [*first.tolist(), *rest]


# -- tests ------------------------------------------------------------------------------


def test_next_task_follows_the_learners_order(iris_pool):
    X_seed, y_seed, X_pool, y_pool = iris_pool
    learner = make_learner(X_seed, y_seed)
    queue = make_queue(n_instances=5)
    report = queue.push(learner, X_pool)
    assert report.n_imported == X_pool.shape[0] == report.n_scored
    want = expected_order(learner, X_pool, 5)
    assert report.order.tolist() == want
    project = api("GET", f"/api/projects/{queue.project_id_}")
    assert project["sampling"] == "Uncertainty sampling"
    assert project["model_version"] == report.model_version
    assert serve_and_label(queue.project_id_, y_pool, 8) == want[:8]


def test_pull_returns_the_posted_labels_once(iris_pool):
    X_seed, y_seed, X_pool, y_pool = iris_pool
    learner = make_learner(X_seed, y_seed)
    queue = make_queue()
    queue.push(learner, X_pool)
    served = serve_and_label(queue.project_id_, y_pool, 4)
    skipped_task = next_task(queue.project_id_)
    annotate(skipped_task, None, cancelled=True)
    pulled = queue.pull()
    assert sorted(pulled.positions.tolist()) == sorted(served)
    assert pulled.positions.tolist() == sorted(served)
    np.testing.assert_array_equal(pulled.labels, y_pool[pulled.positions])
    assert pulled.labels.dtype.kind == "i"  # back as the learner's classes
    assert pulled.skipped.tolist() == [skipped_task["data"]["skactive_id"]]
    again = queue.pull()
    assert len(again) == 0 and again.skipped.shape[0] == 0
    # A fresh queue object (a restarted loop) sees every completed task.
    restarted = make_queue(title=queue.title)
    assert restarted.pull().positions.tolist() == sorted(served)


def test_several_annotations_are_resolved_and_bad_labels_named(iris_pool):
    X_seed, y_seed, X_pool, y_pool = iris_pool
    learner = make_learner(X_seed, y_seed)
    queue = make_queue()
    queue.push(learner, X_pool)
    task = next_task(queue.project_id_)
    # Three annotations of one task (through the API): majority 1, latest 2.
    annotate(task, 1)
    annotate(task, 1)
    annotate(task, 2)
    pulled = queue.pull()
    assert pulled.positions.tolist() == [task["data"]["skactive_id"]]
    assert pulled.labels.tolist() == [1]
    latest = make_queue(title=queue.title, rule="latest", classes=[0, 1, 2])
    assert latest.pull().labels.tolist() == [2]
    bad = next_task(queue.project_id_)
    annotate(bad, "zebra")
    with pytest.raises(ValueError, match=f"task {bad['id']}: .* 'zebra'"):
        queue.pull()
    with pytest.raises(ValueError, match="zebra"):  # a retry fails the same way
        queue.pull()


def test_push_after_teach_reorders_the_queue(iris_pool):
    X_seed, y_seed, X_pool, y_pool = iris_pool
    learner = make_learner(X_seed, y_seed)
    queue = make_queue(n_instances=3)
    first = queue.push(learner, X_pool)
    serve_and_label(queue.project_id_, y_pool, 6)
    pulled = queue.pull()
    learner.teach(X_pool[pulled.positions], pulled.labels)
    second = queue.push(learner, X_pool)
    assert second.model_version != first.model_version
    assert second.n_imported == 0 and second.n_scored == X_pool.shape[0] - 6
    left = np.setdiff1d(np.arange(X_pool.shape[0]), pulled.positions)
    want = left[expected_order(learner, X_pool[left], 3)].tolist()
    assert second.order.tolist() == want
    old = [p for p in first.order.tolist() if p in set(left)]
    assert want[:5] != old[:5]  # the new model changed the order
    assert serve_and_label(queue.project_id_, y_pool, 5) == want[:5]


class _CrashingLearner:
    """A learner whose query fails, as if the process died after the import."""

    def __init__(self, learner):
        self.learner = learner
        self.classes_ = learner.classes_

    def query(self, *args, **kwargs):
        raise KeyboardInterrupt("killed")


def test_push_after_a_crash_creates_no_duplicates(iris_pool):
    X_seed, y_seed, X_pool, y_pool = iris_pool
    learner = make_learner(X_seed, y_seed)
    queue = make_queue()
    with pytest.raises(KeyboardInterrupt):
        queue.push(_CrashingLearner(learner), X_pool)
    assert len(project_tasks(queue.project_id_)) == X_pool.shape[0]
    restarted = make_queue(title=queue.title)  # finds the project by its title
    report = restarted.push(learner, X_pool)
    assert restarted.project_id_ == queue.project_id_
    assert report.n_imported == 0
    again = restarted.push(learner, X_pool)
    assert again.model_version == report.model_version
    tasks = project_tasks(queue.project_id_)
    assert sorted(t["data"]["skactive_id"] for t in tasks) == list(range(X_pool.shape[0]))
    for task in tasks:
        versions = [p["model_version"] for p in task["predictions"]]
        assert versions == [report.model_version], task["id"]


def test_attaching_checks_the_choices(iris_pool):
    from skactive.annotation import LabelStudioQueue, label_config

    X_seed, y_seed, X_pool, _ = iris_pool
    learner = make_learner(X_seed, y_seed)
    project = api("POST", "/api/projects", {
        "title": f"skactive attach {uuid.uuid4().hex[:8]}",
        "label_config": label_config(["0", "1"], data_type="table"),
    })
    queue = LabelStudioQueue(URL, api_key=TOKEN, project=project["id"],
                             data_type="table")
    with pytest.raises(ValueError, match=r"missing \['2'\]"):
        queue.push(learner, X_pool)
    assert project_tasks(project["id"]) == []
    api("PATCH", f"/api/projects/{project['id']}",
        {"label_config": label_config(["0", "1", "2"], data_type="table")})
    queue = LabelStudioQueue(URL, api_key=TOKEN, project=project["id"],
                             data_type="table")
    assert queue.push(learner, X_pool).n_imported == X_pool.shape[0]


def test_text_projects_show_the_documents_and_prefill():
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = ["cheap pills now", "meeting at noon", "win money fast", "lunch tomorrow",
            "free money pills", "project meeting notes", "cheap win", "noon lunch"]
    y = np.array(["spam", "ham", "spam", "ham", "spam", "ham", "spam", "ham"])
    learner = ActiveLearner(make_pipeline(TfidfVectorizer(), LogisticRegression()),
                            query_strategy=margin_sampling, random_state=0)
    learner.fit(docs[:4], y[:4])
    queue = make_queue(data_type="text", prefill=True)
    report = queue.push(learner, docs)
    task = next_task(queue.project_id_)
    assert task["data"]["skactive_id"] == report.order[0]
    assert task["data"]["text"] == docs[report.order[0]]
    project = api("GET", f"/api/projects/{queue.project_id_}")
    assert project["show_collab_predictions"] is True
    predicted = learner.predict([docs[report.order[0]]])[0]
    (prediction,) = [t for t in project_tasks(queue.project_id_)
                     if t["id"] == task["id"]][0]["predictions"]
    assert prediction["result"][0]["value"]["choices"] == [predicted]
    annotate(task, "spam")
    pulled = queue.pull()
    assert pulled.labels.tolist() == ["spam"]


def test_labeling_loop_teaches_until_the_budget(iris_pool):
    from skactive.annotation import run_labeling_loop

    X_seed, y_seed, X_pool, y_pool = iris_pool
    learner = make_learner(X_seed, y_seed)
    queue = make_queue(n_instances=3)
    served = []

    def annotator_works(seconds):  # while the loop waits, 3 labels come in
        served.extend(serve_and_label(queue.project_id_, y_pool, 3))

    run_labeling_loop(learner, queue, X_pool, budget=9, poll_interval=0,
                      sleep=annotator_works)
    assert len(served) == 9
    assert learner.y_labeled_.shape[0] == y_seed.shape[0] + 9
    # One teach per round of 3, each in pool order (pull sorts by position).
    taught = np.concatenate([np.sort(served[k:k + 3]) for k in (0, 3, 6)])
    np.testing.assert_array_equal(learner.X_labeled_[6:], X_pool[taught])
    np.testing.assert_array_equal(learner.y_labeled_[6:], y_pool[taught])


# -- errors -------------------------------------------------------------------------------


def test_wrong_token_and_unreachable_server(iris_pool):
    from skactive.annotation import (
        LabelStudioAuthenticationError,
        LabelStudioConnectionError,
        LabelStudioQueue,
    )

    X_seed, y_seed, X_pool, _ = iris_pool
    learner = make_learner(X_seed, y_seed)
    queue = LabelStudioQueue(URL, api_key="not-the-token", title="never created")
    with pytest.raises(LabelStudioAuthenticationError, match="HTTP 401") as info:
        queue.push(learner, X_pool)
    assert info.value.status_code == 401
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    queue = LabelStudioQueue(f"http://127.0.0.1:{port}", api_key=TOKEN, timeout=5)
    with pytest.raises(LabelStudioConnectionError, match=f"127.0.0.1:{port}"):
        queue.push(learner, X_pool)


class _FlakyProxy(http.server.ThreadingHTTPServer):
    """Forwards to the real server, but answers 500 to chosen requests."""

    def __init__(self, upstream):
        super().__init__(("127.0.0.1", 0), _ProxyHandler)
        self.upstream = upstream
        self.fail = None  # (method, path fragment, times)
        self.daemon_threads = True


class _ProxyHandler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _forward(self):
        server = self.server
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        rule = server.fail
        if rule and self.command == rule[0] and rule[1] in self.path and rule[2] > 0:
            server.fail = (rule[0], rule[1], rule[2] - 1)
            self.send_response(500)
            self.send_header("Content-Length", "21")
            self.end_headers()
            self.wfile.write(b"Internal Server Error")
            return
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() not in ("host", "content-length", "connection")}
        request = urllib.request.Request(server.upstream + self.path, data=body or None,
                                         method=self.command, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                status, payload, kind = (response.status, response.read(),
                                         response.headers.get("Content-Type"))
        except urllib.error.HTTPError as exc:
            status, payload, kind = exc.code, exc.read(), exc.headers.get("Content-Type")
        self.send_response(status)
        self.send_header("Content-Type", kind or "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _forward


@pytest.fixture
def flaky():
    proxy = _FlakyProxy(URL)
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    yield proxy
    proxy.shutdown()
    proxy.server_close()


@pytest.mark.parametrize("step", ["/import/predictions", "/api/projects/"])
def test_a_failed_push_can_be_retried(iris_pool, flaky, step):
    from skactive.annotation import LabelStudioQueue, LabelStudioServerError

    X_seed, y_seed, X_pool, _ = iris_pool
    learner = make_learner(X_seed, y_seed)
    title = f"skactive flaky {uuid.uuid4().hex[:8]}"
    proxied = f"http://127.0.0.1:{flaky.server_address[1]}"
    queue = LabelStudioQueue(proxied, api_key=TOKEN, title=title, data_type="table")
    # Fail the predictions import, or the final PATCH of the model version.
    flaky.fail = ("POST" if "predictions" in step else "PATCH", step, 1)
    with pytest.raises(LabelStudioServerError, match="HTTP 500") as info:
        queue.push(learner, X_pool)
    assert info.value.status_code == 500
    report = queue.push(learner, X_pool)  # the server is back
    direct = make_queue(title=title)
    assert direct.push(learner, X_pool).model_version == report.model_version
    tasks = project_tasks(queue.project_id_)
    assert len(tasks) == X_pool.shape[0]
    assert all(len(t["predictions"]) == 1 for t in tasks)
    project = api("GET", f"/api/projects/{queue.project_id_}")
    assert project["model_version"] == report.model_version


def test_a_failed_pull_can_be_retried(iris_pool, flaky):
    from skactive.annotation import LabelStudioQueue, LabelStudioServerError

    X_seed, y_seed, X_pool, y_pool = iris_pool
    learner = make_learner(X_seed, y_seed)
    proxied = f"http://127.0.0.1:{flaky.server_address[1]}"
    queue = LabelStudioQueue(proxied, api_key=TOKEN, data_type="table",
                             title=f"skactive flaky {uuid.uuid4().hex[:8]}")
    queue.push(learner, X_pool)
    served = serve_and_label(queue.project_id_, y_pool, 3)
    flaky.fail = ("GET", "/api/tasks", 10)  # more than the SDK's own retries
    with pytest.raises(LabelStudioServerError):
        queue.pull()
    flaky.fail = None
    pulled = queue.pull()
    assert pulled.positions.tolist() == sorted(served)
