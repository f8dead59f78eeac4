"""LabelingSession rendered for real: a notebook served by Voila, driven in Chromium.

Voila executes a notebook that builds a :class:`~skactive.widgets.LabelingSession`
(nbclient, with a live kernel) and serves its widgets; headless Chromium opens the
page through the Python ``playwright`` package and clicks, types and downloads as
a student would. Every assertion on the page is checked against the kernel too:
the notebook writes the session's and the learner's state to a JSON file after
every action (``SKACTIVE_WIDGET_STATE``), which the test reads back.

Needs Chromium (Debian: ``apt-get install chromium``; another binary through
``SKACTIVE_CHROMIUM``) and the ``browser`` extra (``python -m pip install
".[browser]"``: playwright, voila). Without them the tests skip, except when
``SKACTIVE_REQUIRE_BROWSER=1`` (``.ci/widget_browser.sh`` and ``.ci/run``), where
a missing piece is a failure. ``SKACTIVE_WIDGET_SCREENSHOT=path.png`` also saves a
screenshot of the rendered widget (doc/_static/labeling_session.png).
"""

import csv
import importlib.util
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest
from sklearn.datasets import load_iris

REQUIRED = os.environ.get("SKACTIVE_REQUIRE_BROWSER", "").strip().lower() in (
    "1", "true", "yes")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# Voila starts a kernel and executes the notebook on each page load.
PAGE_TIMEOUT = 120_000  # ms
KERNEL_TIMEOUT = 30  # s, for the kernel's state to follow a click

pytestmark = pytest.mark.slow


def _chromium():
    path = os.environ.get("SKACTIVE_CHROMIUM") or shutil.which("chromium") or (
        "/usr/bin/chromium")
    return path if os.access(path, os.X_OK) else None


def _missing():
    missing = []
    if _chromium() is None:
        missing.append("Chromium (apt-get install chromium, or set SKACTIVE_CHROMIUM)")
    modules = [module for module in ("playwright", "voila", "ipywidgets", "nbformat")
               if importlib.util.find_spec(module) is None]
    if modules:
        missing.append(f'{", ".join(modules)} (python -m pip install ".[browser]")')
    return missing


@pytest.fixture(scope="module", autouse=True)
def _require_browser():
    missing = _missing()
    if missing:
        problem = "the browser test of the widget needs " + " and ".join(missing)
        if REQUIRED:
            pytest.fail(f"SKACTIVE_REQUIRE_BROWSER is set, but {problem}", pytrace=False)
        pytest.skip(problem)


# The notebook a teacher would write, plus a cell that records the kernel's side.
NOTEBOOK_CELLS = [
    """\
    import numpy as np
    from sklearn.datasets import load_iris
    from sklearn.linear_model import LogisticRegression
    from skactive import ActiveLearner
    from skactive.strategies import margin_sampling
    from skactive.widgets import LabelingSession

    X, y = load_iris(return_X_y=True)
    order = np.random.RandomState(0).permutation(len(y))
    X, y = X[order], y[order]
    learner = ActiveLearner(LogisticRegression(max_iter=1000), margin_sampling)
    learner = learner.fit(X[:6], y[:6])
    session = LabelingSession(learner, X[6:100], X_test=X[100:], y_test=y[100:],
                              class_names=["setosa", "versicolor", "virginica"],
                              max_labels=3)""",
    """\
    # The kernel's side, for the test: written after every click or key.
    import json, os

    def record(*_):
        state = {
            "current": session.current_,
            "labeled_positions": session.labeled_positions_,
            "labels": [int(label) for label in session.labels_],
            "skipped_positions": session.skipped_positions_,
            "n_learner_labels": len(learner.y_labeled_),
            "guess": int(learner.predict(X[6:100][[session.current_]])[0])
            if session.current_ is not None else None,
            "accuracy": session.accuracy_,
            "error": session.error_,
        }
        path = os.environ["SKACTIVE_WIDGET_STATE"]
        with open(path + ".tmp", "w") as handle:
            json.dump(state, handle)
        os.replace(path + ".tmp", path)

    for button in [*session.buttons.values(), session.skip_button, session.undo_button]:
        button.on_click(record)
    session.key_box.observe(record, names="value")
    record()""",
    "session",
]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    """A Voila server on 127.0.0.1 with a throw-away token, serving the notebook."""
    import nbformat

    root = tmp_path_factory.mktemp("voila")
    notebook = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell(textwrap.dedent(cell)) for cell in NOTEBOOK_CELLS],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}},
    )
    nbformat.write(notebook, root / "session.ipynb")
    state = root / "state.json"
    token = secrets.token_hex(16)
    port = _free_port()
    env = dict(os.environ, SKACTIVE_WIDGET_STATE=str(state),
               JUPYTER_RUNTIME_DIR=str(root / "runtime"),
               JUPYTER_CONFIG_DIR=str(root / "config"),
               PYTHONPATH=os.pathsep.join(
                   [str(Path(__file__).resolve().parent.parent)]
                   + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]))
    with open(root / "voila.log", "w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "voila", "session.ipynb", "--no-browser",
             f"--port={port}", "--Voila.ip=127.0.0.1", f"--token={token}",
             "--show_tracebacks=True"],
            cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        while True:  # the port answers once Voila is listening
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("Voila did not start:\n" + (root / "voila.log").read_text(),
                                pytrace=False)
                time.sleep(0.2)
        yield {"url": f"http://127.0.0.1:{port}/?token={token}", "state": state,
               "log": root / "voila.log"}
    finally:
        server.terminate()  # Voila shuts its kernels down
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=_chromium(),
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def session_page(voila, browser):
    """The rendered session in a fresh kernel, and a reader of the kernel's state."""
    from playwright.sync_api import Error as PlaywrightError

    voila["state"].unlink(missing_ok=True)
    context = browser.new_context(accept_downloads=True,
                                  viewport={"width": 1000, "height": 700})
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT)
    kernel = KernelState(voila["state"])
    try:
        page.goto(voila["url"])
        page.get_by_role("button", name="skip").wait_for()
        kernel.wait(lambda state: True)  # the notebook's last cell ran
    except (PlaywrightError, AssertionError) as exc:
        log = voila["log"].read_text(errors="replace")[-4000:]
        pytest.fail(f"the session did not render ({exc}); Voila's log ends:\n{log}",
                    pytrace=False)
    yield page, kernel
    context.close()


class KernelState:
    """The state the notebook writes after each action, read back with a timeout."""

    def __init__(self, path):
        self.path = path

    def wait(self, condition, what="the expected state"):
        deadline = time.monotonic() + KERNEL_TIMEOUT
        state = None
        while time.monotonic() < deadline:
            try:
                state = json.loads(self.path.read_text())
            except (FileNotFoundError, json.JSONDecodeError):
                state = None
            if state is not None and condition(state):
                return state
            time.sleep(0.1)
        raise AssertionError(f"the kernel never reached {what}; last state: {state}")


# What the notebook's pool holds, to check what the page shows against it.
_X, _y = load_iris(return_X_y=True)
_order = np.random.RandomState(0).permutation(len(_y))
POOL, POOL_LABELS = _X[_order][6:100], _y[_order][6:100]
NAMES = ["setosa", "versicolor", "virginica"]


class Session:
    """The parts of the rendered session a student sees."""

    def __init__(self, page):
        from playwright.sync_api import expect

        self.page = page
        self.expect = expect
        expect.set_options(timeout=KERNEL_TIMEOUT * 1000)  # a loaded CI machine
        self.sample = page.locator(".widget-html-content pre")
        self.guess = page.locator(".widget-html-content", has_text="Model's guess")
        self.status = page.locator(".widget-html-content", has_text=" labeled, ")
        self.keys = page.get_by_placeholder("keys: 1-9, s, u")
        self.skip = page.get_by_role("button", name="s: skip")
        self.undo = page.get_by_role("button", name="u: undo")
        self.bar = page.locator(".widget-hprogress .progress-bar")

    def button(self, label):
        return self.page.get_by_role("button", name=f"{label + 1}: {NAMES[label]}")

    def progress(self, expected):
        """The progress bar's fill (percent), once it shows ``expected``."""
        deadline = time.monotonic() + KERNEL_TIMEOUT
        while True:
            shown = float(self.bar.evaluate("bar => bar.style.width").rstrip("%"))
            if abs(shown - expected) < 0.01 or time.monotonic() > deadline:
                return shown
            time.sleep(0.1)

    def shows(self, state):
        """The page shows the kernel's sample, guess and counts."""
        expect = self.expect
        expect(self.sample).to_have_text(str(POOL[state["current"]]))
        expect(self.guess).to_contain_text(f"Model's guess: {NAMES[state['guess']]} (")
        n, skipped = len(state["labeled_positions"]), len(state["skipped_positions"])
        expect(self.status).to_contain_text(f"{n} / 3 labeled, {skipped} skipped.")
        assert self.progress(100 * n / 3) == pytest.approx(100 * n / 3, abs=0.01)


def test_a_click_teaches_the_learner_the_sample_on_the_page(session_page):
    page, kernel = session_page
    session = Session(page)
    start = kernel.wait(lambda state: True)
    assert (start["labeled_positions"], start["n_learner_labels"]) == ([], 6)
    session.shows(start)
    session.expect(session.undo).to_be_disabled()

    shown = start["current"]
    label = int(POOL_LABELS[shown])
    session.button(label).click()

    state = kernel.wait(lambda state: state["labeled_positions"] == [shown],
                        "one label")
    assert state["labels"] == [label] and state["n_learner_labels"] == 7
    assert state["current"] != shown and state["error"] is None
    session.shows(state)
    (_, accuracy), = state["accuracy"]
    session.expect(session.status).to_have_text(
        f"1 / 3 labeled, 0 skipped. Held-out accuracy: {accuracy:.3f} with 7 labels.")
    session.expect(session.undo).to_be_enabled()


def test_skip_undo_and_keys_through_the_page(session_page):
    page, kernel = session_page
    session = Session(page)
    start = kernel.wait(lambda state: True)
    shown = start["current"]

    session.skip.click()
    state = kernel.wait(lambda state: state["skipped_positions"] == [shown], "a skip")
    assert state["labeled_positions"] == [] and state["n_learner_labels"] == 6
    session.shows(state)  # "1 skipped", not a stale count

    session.undo.click()
    state = kernel.wait(lambda state: state["skipped_positions"] == [], "the skip undone")
    assert state["current"] == shown
    session.shows(state)
    session.expect(session.undo).to_be_disabled()

    session.keys.press("2")  # versicolor, by its number
    state = kernel.wait(lambda state: state["labeled_positions"] == [shown], "key 2")
    assert state["labels"] == [1] and state["n_learner_labels"] == 7
    session.shows(state)

    session.keys.press("u")
    state = kernel.wait(lambda state: state["labeled_positions"] == [], "key u")
    assert state["current"] == shown and state["n_learner_labels"] == 6
    session.shows(state)

    # Faster than the kernel refits: the keys reach it together, each acts once.
    session.keys.press_sequentially("s2s")
    state = kernel.wait(lambda state: len(state["skipped_positions"]) == 2, "keys s2s")
    assert state["skipped_positions"][0] == shown and state["labels"] == [1]
    assert state["n_learner_labels"] == 7 and state["error"] is None
    session.shows(state)
    session.expect(session.status).not_to_contain_text("Error")


def test_the_budget_ends_the_session_and_the_labels_download(session_page):
    page, kernel = session_page
    session = Session(page)
    state = kernel.wait(lambda state: True)
    for n in range(1, 4):
        shown = state["current"]
        session.button(int(POOL_LABELS[shown])).click()
        state = kernel.wait(lambda state, n=n: len(state["labeled_positions"]) == n,
                            f"{n} labels")
        assert state["labeled_positions"][-1] == shown
        if n == 1 and os.environ.get("SKACTIVE_WIDGET_SCREENSHOT"):
            session.shows(state)
            page.mouse.move(0, 0)  # no button drawn hovered
            page.set_viewport_size({"width": 680, "height": 700})  # the docs' width
            session.shows(state)
            box = page.locator(".widget-vbox").first.bounding_box()
            page.screenshot(path=os.environ["SKACTIVE_WIDGET_SCREENSHOT"], clip={
                "x": max(box["x"] - 12, 0), "y": max(box["y"] - 12, 0),
                "width": box["width"] + 24, "height": box["height"] + 24})
            page.set_viewport_size({"width": 1000, "height": 700})

    assert state["current"] is None and state["n_learner_labels"] == 9
    session.expect(session.status).to_contain_text(
        "3 / 3 labeled, 0 skipped. Held-out accuracy: ")
    session.expect(session.status).to_contain_text("The session is over.")
    for label in range(3):
        session.expect(session.button(label)).to_be_disabled()
    session.expect(session.skip).to_be_disabled()
    session.expect(session.sample).to_have_count(0)
    assert session.progress(100) == pytest.approx(100)

    link = page.get_by_text("Download the 3 labels (labels.csv)")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "labels.csv"
    with open(download.value.path(), newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows == [["position", "label"]] + [
        [str(position), str(label)]
        for position, label in zip(state["labeled_positions"], state["labels"])]

