"""Take doc/_static/labelstudio_queue.png: a real Label Studio queue ordered by a learner.

Needs a running Label Studio server and headless Chromium::

    .ci/labelstudio.sh start && source "$LABEL_STUDIO_CI_DIR/env"   # or your own server
    python doc/screenshots/labelstudio_queue.py [output.png]

It reads SKACTIVE_LABEL_STUDIO_URL, _TOKEN, _USERNAME and _PASSWORD (what
``.ci/labelstudio.sh`` writes), pushes an iris pool ordered by margin sampling
into a new project, opens the project's data manager in Chromium (logged in as
the user, sorted by prediction score: the order annotators get the tasks), and
saves a screenshot. The browser is driven through the DevTools protocol with
the standard library only (a minimal WebSocket client), so nothing else needs
installing. Chromium: ``apt-get install chromium``.
"""

import base64
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid

import numpy as np
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skactive import ActiveLearner
from skactive.annotation import LabelStudioQueue
from skactive.strategies import margin_sampling

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--window-size=1100,1000",
]


class DevTools:
    """Just enough of a WebSocket client to send DevTools commands."""

    def __init__(self, ws_url):
        host_port, path = ws_url.removeprefix("ws://").split("/", 1)
        host, port = host_port.split(":")
        self.sock = socket.create_connection((host, int(port)), timeout=60)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            f"GET /{path} HTTP/1.1\r\nHost: {host_port}\r\nUpgrade: websocket\r\n"
            f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
            "Sec-WebSocket-Version: 13\r\n\r\n".encode()
        )
        answer = b""
        while b"\r\n\r\n" not in answer:
            answer += self.sock.recv(4096)
        if b" 101 " not in answer.split(b"\r\n", 1)[0]:
            raise RuntimeError(f"DevTools refused the WebSocket: {answer[:200]!r}")
        self.buffer = answer.split(b"\r\n\r\n", 1)[1]
        self.next_id = 0

    def _read(self, n):
        while len(self.buffer) < n:
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise ConnectionError("DevTools closed the connection")
            self.buffer += chunk
        data, self.buffer = self.buffer[:n], self.buffer[n:]
        return data

    def _frame(self):
        message = b""
        while True:
            first, second = self._read(2)
            n = second & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            message += self._read(n)
            if first & 0x80:  # FIN
                return message

    def call(self, method, **params):
        self.next_id += 1
        payload = json.dumps({"id": self.next_id, "method": method,
                              "params": params}).encode()
        mask = os.urandom(4)
        header = bytes([0x81])
        n = len(payload)
        if n < 126:
            header += bytes([0x80 | n])
        elif n < 1 << 16:
            header += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", n)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(header + mask + masked)
        while True:
            reply = json.loads(self._frame())
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", expression=expression,
                           awaitPromise=True, returnByValue=True)
        return result.get("result", {}).get("value")

    def wait_for(self, expression, timeout=120):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.evaluate(expression):
                return
            time.sleep(1)
        raise TimeoutError(f"the page never satisfied {expression!r}")


def api(url, token, method, path, body=None):
    request = urllib.request.Request(
        url + path, method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read() or b"null")


def push_demo(url, token):
    """An iris project ordered by a margin-sampling learner; its id and order."""
    X, y = load_iris(return_X_y=True, as_frame=True)
    X.columns = ["sepal length", "sepal width", "petal length", "petal width"]
    rng = np.random.RandomState(0)
    order = rng.permutation(len(y))
    X, y = X.iloc[order].reset_index(drop=True), y.iloc[order].reset_index(drop=True)
    names = np.array(["setosa", "versicolor", "virginica"])
    seed = np.concatenate([np.flatnonzero(y == c)[:2] for c in range(3)])
    pool = np.setdiff1d(np.arange(len(y)), seed)[:30]
    learner = ActiveLearner(make_pipeline(StandardScaler(), LogisticRegression()),
                            query_strategy=margin_sampling, random_state=0)
    learner.fit(X.iloc[seed], names[y.iloc[seed]])
    queue = LabelStudioQueue(url, api_key=token, data_type="table", n_instances=5,
                             title=f"Iris: which species? ({uuid.uuid4().hex[:4]})")
    report = queue.push(learner, X.iloc[pool].reset_index(drop=True))
    # A data manager tab sorted by prediction score shows the annotators' order.
    view = api(url, token, "POST", "/api/dm/views", {
        "project": queue.project_id_,
        "data": {"title": "Queue", "ordering": ["tasks:predictions_score"],
                 "hiddenColumns": {"explore": [
                     "tasks:inner_id", "tasks:annotators", "tasks:total_predictions",
                     "tasks:cancelled_annotations", "tasks:annotations_results",
                     "tasks:annotations_ids", "tasks:predictions_results",
                     "tasks:predictions_model_versions", "tasks:file_upload",
                     "tasks:storage_filename", "tasks:created_at", "tasks:updated_at",
                     "tasks:updated_by", "tasks:avg_lead_time", "tasks:draft_exists",
                     "tasks:annotations_ids", "tasks:comment_count",
                     "tasks:unresolved_comment_count", "tasks:comment_authors",
                     "tasks:ground_truth", "tasks:agreement"],
                     "labeling": []}},
    })
    return queue.project_id_, view["id"], report


def _shrink(path):
    """A 64-colour palette keeps the PNG small (Pillow comes with matplotlib)."""
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=64, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


def main(output):
    url = os.environ["SKACTIVE_LABEL_STUDIO_URL"].rstrip("/")
    token = os.environ["SKACTIVE_LABEL_STUDIO_TOKEN"]
    username = os.environ["SKACTIVE_LABEL_STUDIO_USERNAME"]
    password = os.environ["SKACTIVE_LABEL_STUDIO_PASSWORD"]
    project_id, view_id, report = push_demo(url, token)
    print(f"project {project_id}: annotators get pool rows {report.order[:8].tolist()} "
          "first")
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("needs Chromium: apt-get install chromium")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    profile = tempfile.mkdtemp()
    browser = subprocess.Popen(
        [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
         f"--remote-debugging-port={port}", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(120):
            try:
                pages = json.load(urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/json/list", timeout=5))
                page = next(p for p in pages if p["type"] == "page")
                break
            except (OSError, StopIteration):
                time.sleep(1)
        tools = DevTools(page["webSocketDebuggerUrl"])
        tools.call("Page.enable")
        tools.call("Page.navigate", url=f"{url}/user/login/")
        tools.wait_for("!!document.querySelector('input[name=email]')")
        tools.evaluate(
            f"document.querySelector('input[name=email]').value = {json.dumps(username)};"
            f"document.querySelector('input[name=password]').value = "
            f"{json.dumps(password)};"
            "document.querySelector('form').submit(); true"
        )
        tools.wait_for("!location.pathname.startsWith('/user/login')")
        tools.call("Page.navigate",
                   url=f"{url}/projects/{project_id}/data?tab={view_id}")
        tools.wait_for("document.querySelectorAll('.dm-table__row-wrapper, "
                       "[class*=table-row]').length > 5")
        time.sleep(3)  # let the last cells render
        shot = tools.call("Page.captureScreenshot", format="png")
        with open(output, "wb") as handle:
            handle.write(base64.b64decode(shot["data"]))
        _shrink(output)
        print(f"wrote {output} ({os.path.getsize(output) // 1024} kB)")
    finally:
        browser.terminate()
        browser.wait(30)
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(__file__), "..", "_static", "labelstudio_queue.png"))
