"""LabelingSession driven from Python: clicks, skips, accuracy, rendering."""

import subprocess
import sys

import numpy as np
import pytest
from numpy.testing import assert_array_equal
from sklearn.datasets import load_digits, load_iris
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline

from skactive import ActiveLearner
from skactive.strategies import margin, margin_sampling

widgets = pytest.importorskip("ipywidgets")

from skactive.widgets import LabelingSession  # noqa: E402


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits(return_X_y=True)
    return X[:400] / 16.0, y[:400]  # scaled: the small fits converge fast


def fitted_learner(X, y):
    return ActiveLearner(LogisticRegression(max_iter=500), margin_sampling,
                         random_state=0).fit(X, y)


def test_label_click_teaches_the_shown_sample_and_queries_the_next(digits):
    X, y = digits
    learner = fitted_learner(X[:40], y[:40])
    X_pool = X[40:300]
    session = LabelingSession(learner, X_pool)
    shown = session.current_
    # The learner's strategy chose it: the smallest margin in the pool.
    assert shown == np.argmax(margin(learner.predict_proba(X_pool)))

    session.buttons[y[40 + shown]].click()

    assert len(learner.y_labeled_) == 41
    assert_array_equal(learner.X_labeled_[-1], X_pool[shown])
    assert learner.y_labeled_[-1] == y[40 + shown]
    assert session.labeled_positions_ == [shown]
    assert session.labels_ == [y[40 + shown]]
    assert shown not in session.remaining_ and len(session.remaining_) == 259
    # The next sample is the refitted learner's choice among what is left.
    left = session.remaining_
    expected = left[np.argmax(margin(learner.predict_proba(X_pool[left])))]
    assert session.current_ == expected


def test_skip_drops_the_sample_without_teaching(digits):
    X, y = digits
    learner = fitted_learner(X[:40], y[:40])
    session = LabelingSession(learner, X[40:100])
    shown = session.current_
    session.skip_button.click()
    assert len(learner.y_labeled_) == 40
    assert session.skipped_positions_ == [shown]
    assert session.labeled_positions_ == []
    assert shown not in session.remaining_ and len(session.remaining_) == 59
    assert session.current_ != shown


def test_held_out_accuracy_is_recorded_and_shown(digits):
    X, y = digits
    learner = fitted_learner(X[:40], y[:40])
    session = LabelingSession(learner, X[40:300], X_test=X[300:], y_test=y[300:])
    assert session.accuracy_ == []
    for _ in range(3):
        session.answer(y[40 + session.current_])
    expected = learner.score(X[300:], y[300:])
    assert session.accuracy_[-1] == (43, expected)
    assert [n for n, _ in session.accuracy_] == [41, 42, 43]
    assert f"{expected:.3f} with 43 labels" in session._status.value


def test_session_ends_at_max_labels_or_an_empty_pool(digits):
    X, y = digits
    learner = fitted_learner(X[:40], y[:40])
    session = LabelingSession(learner, X[40:50], max_labels=2)
    session.answer(y[40 + session.current_])
    session.skip()
    session.answer(y[40 + session.current_])
    assert session.current_ is None
    assert all(button.disabled for button in session.buttons.values())
    assert session.skip_button.disabled
    with pytest.raises(RuntimeError, match="session is over"):
        session.answer(0)

    small = LabelingSession(fitted_learner(X[:40], y[:40]), X[40:42])
    small.skip()
    small.skip()
    assert small.current_ is None and len(small.remaining_) == 0


def test_digits_render_as_png_images(digits):
    X, y = digits
    session = LabelingSession(fitted_learner(X[:40], y[:40]), X[40:60], image_shape=(8, 8))
    (shown,) = session._sample_box.children
    assert isinstance(shown, widgets.Image)
    assert shown.value[:8] == b"\x89PNG\r\n\x1a\n"


def test_text_pool_renders_the_queried_document_escaped():
    docs = ["cheap pills now", "meeting at noon", "win <b>money</b>", "lunch today?"]
    labels = np.array(["spam", "ham", "spam", "ham"])
    learner = ActiveLearner(make_pipeline(TfidfVectorizer(), LogisticRegression()),
                            margin_sampling, random_state=0).fit(docs, labels)
    pool = ["free money <now>", "see you at the meeting", "pills & money"]
    session = LabelingSession(learner, pool)
    assert set(session.buttons) == {"ham", "spam"}
    (shown,) = session._sample_box.children
    assert isinstance(shown, widgets.HTML)
    import html

    assert html.escape(pool[session.current_]) in shown.value
    session.buttons["spam"].click()
    assert learner.y_labeled_[-1] == "spam" and len(learner.y_labeled_) == 5


def test_callable_render_and_its_errors(digits):
    X, y = digits
    learner = fitted_learner(X[:40], y[:40])
    session = LabelingSession(learner, X[40:60],
                              render=lambda row: f"sum={row.sum():.0f}")
    (shown,) = session._sample_box.children
    assert f"sum={X[40 + session.current_].sum():.0f}" in shown.value
    with pytest.raises(TypeError, match="render must return a string"):
        LabelingSession(learner, X[40:60], render=lambda row: 3)
    with pytest.raises(ValueError, match="image_shape"):
        LabelingSession(learner, X[40:60], render="image", image_shape=(5, 5))


def test_unfitted_learner_needs_classes_then_fits_from_the_first_answer(digits):
    X, y = digits
    learner = ActiveLearner(LogisticRegression(max_iter=500), margin_sampling)
    with pytest.raises(ValueError, match="pass classes="):
        LabelingSession(learner, X[:100])

    session = LabelingSession(learner, X[:100], classes=range(10), random_state=0)
    first = session.current_
    # One class: the learner fits (predicting it) and explores at random.
    with pytest.warns(UserWarning, match="only one class"):
        session.answer(3)
    assert_array_equal(learner.y_labeled_, [3])
    second = session.current_
    session.answer(5)                     # two classes: fitted on both answers
    assert_array_equal(learner.y_labeled_, [3, 5])
    assert_array_equal(learner.X_labeled_, X[[first, second]])
    assert session.labeled_positions_ == [first, second]


def test_parameter_errors(digits):
    X, y = digits
    learner = fitted_learner(X[:40], y[:40])
    with pytest.raises(ValueError, match="render must be"):
        LabelingSession(learner, X[40:60], render="video")
    with pytest.raises(ValueError, match="both X_test and y_test"):
        LabelingSession(learner, X[40:60], X_test=X[300:])
    with pytest.raises(ValueError, match="max_labels"):
        LabelingSession(learner, X[40:60], max_labels=0)
    with pytest.raises(ValueError, match="distinct"):
        LabelingSession(learner, X[40:60], classes=[1, 1])


def test_missing_ipywidgets_names_the_extra(digits, monkeypatch):
    X, y = digits
    monkeypatch.setitem(sys.modules, "ipywidgets", None)
    with pytest.raises(ImportError, match=r'pip install "\.\[widgets\]"'):
        LabelingSession(fitted_learner(X[:40], y[:40]), X[40:60])


def test_learners_and_strategies_do_not_import_widgets():
    code = (
        "import sys, skactive, skactive.strategies; "
        "print('ipywidgets' in sys.modules, 'skactive.widgets' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True,
                         text=True, check=True).stdout.split()
    assert out == ["False", "False"]


def test_skip_updates_the_status():
    X, y = load_iris(return_X_y=True)
    session = LabelingSession(fitted_learner(X[::10], y[::10]), X)
    session.skip_button.click()
    assert "0 labeled, 1 skipped." in session._status.value


def test_rows_with_a_square_length_are_text_unless_an_image_shape_is_given():
    X, y = load_iris(return_X_y=True)  # 4 values per row: not a 2 x 2 image
    session = LabelingSession(fitted_learner(X[::10], y[::10]), X)
    (shown,) = session._sample_box.children
    assert isinstance(shown, widgets.HTML)
    assert shown.value.endswith(f">{X[session.current_]}</pre>")


def test_class_names_on_the_buttons_and_in_the_guess():
    X, y = load_iris(return_X_y=True)
    learner = fitted_learner(X[::10], y[::10])
    names = ["setosa", "versicolor", "virginica"]
    session = LabelingSession(learner, X, class_names=names)
    assert [b.description for b in session.buttons.values()] == [
        "1: setosa", "2: versicolor", "3: virginica"]
    guess = names[learner.predict(X[[session.current_]])[0]]
    assert f"Model's guess: <b>{guess}</b>" in session._guess.value
    assert "% sure" in session._guess.value
    by_dict = LabelingSession(learner, X, class_names={2: "virginica"})
    assert by_dict.buttons[2].description == "3: virginica"
    assert by_dict.buttons[0].description == "1: 0"
    with pytest.raises(ValueError, match="class_names has 2 names for 3 classes"):
        LabelingSession(learner, X, class_names=names[:2])
    with pytest.raises(ValueError, match="labels that are not classes: \\[7\\]"):
        LabelingSession(learner, X, class_names={7: "seven"})


def test_undo_takes_back_an_answer_learner_included(digits):
    X, y = digits
    learner = fitted_learner(X[:40], y[:40])
    session = LabelingSession(learner, X[40:100])
    assert session.undo_button.disabled
    first = session.current_
    coef = learner.estimator_.coef_.copy()
    session.buttons[y[40 + first]].click()
    assert len(learner.y_labeled_) == 41 and not session.undo_button.disabled
    session.undo_button.click()
    assert len(learner.y_labeled_) == 40
    assert_array_equal(learner.estimator_.coef_, coef)
    assert session.current_ == first and session.labeled_positions_ == []
    assert first in session.remaining_
    with pytest.raises(RuntimeError, match="Nothing to undo"):
        session.undo()


def test_keyboard_shortcuts(digits):
    X, y = digits
    session = LabelingSession(fitted_learner(X[:40], y[:40]), X[40:100])
    first = session.current_
    session.key_box.value = "4"  # the fourth class, 3
    assert session.labels_ == [3] and session.labeled_positions_ == [first]
    second = session.current_
    session.key_box.value = "s"
    assert session.skipped_positions_ == [second]
    session.key_box.value = "u"
    assert session.skipped_positions_ == [] and session.current_ == second
    session.key_box.value = "x"
    assert "No shortcut &#x27;x&#x27;" in session._status.value


def test_keys_typed_faster_than_the_kernel_answers_each_act_once(digits):
    # The browser sends the key box's whole value; while the kernel is busy
    # refitting, several keystrokes arrive at once, and the box is not yet
    # emptied: found by the browser test (the session reported "No shortcut
    # 's2s1'" and dropped three keys).
    X, y = digits
    session = LabelingSession(fitted_learner(X[:40], y[:40]), X[40:100],
                              classes=range(10))
    box = session.key_box
    a = session.current_
    box.value = "s"
    b = session.current_
    box.value = "s2s1"  # "2", "s" and "1" typed before the kernel answered
    assert session.error_ is None
    assert len(session.skipped_positions_) == 2 and session.skipped_positions_[0] == a
    assert session.labeled_positions_[0] == b and session.labels_ == [1, 0]
    box.value = "s2s1u"
    assert session.labels_ == [1] and len(session.skipped_positions_) == 2
    box.value = "s2s1uss"
    assert len(session.skipped_positions_) == 4
    box.value = "s2s1ussu"  # the eighth key: the box empties itself
    assert len(session.skipped_positions_) == 3 and box.value == ""
    # A keystroke sent before the browser saw the box emptied acts once...
    box.value = "s2s1ussus"
    assert len(session.skipped_positions_) == 4 and session.error_ is None
    # ...and a key typed into the emptied box acts too.
    box.value = ""
    box.value = "u"
    assert len(session.skipped_positions_) == 3 and session.labels_ == [1]
    # Deleting a key does nothing; an unknown key stops there.
    box.value = ""
    box.value = "x1"
    assert "No shortcut &#x27;x&#x27;" in session._status.value
    assert session.labels_ == [1]


def test_progress_toward_the_budget(digits):
    X, y = digits
    session = LabelingSession(fitted_learner(X[:40], y[:40]), X[40:100], max_labels=3)
    assert session._progress.max == 3 and session._progress.value == 0
    session.answer(y[40 + session.current_])
    assert session._progress.value == 1
    assert "1 / 3 labeled" in session._status.value


def test_export_labels(digits, tmp_path):
    X, y = digits
    session = LabelingSession(fitted_learner(X[:40], y[:40]), X[40:100])
    shown = session.current_
    session.answer(7)
    path = tmp_path / "labels.csv"
    assert session.export_labels(path) == [(shown, 7)]
    assert path.read_text(encoding="utf-8").splitlines() == ["position,label", f"{shown},7"]



def _linked_csv(link_html):
    """The file behind the session's download link (a data: URL)."""
    import base64
    import re

    match = re.fullmatch(
        r'<a download="labels.csv" href="data:text/csv;charset=utf-8;base64,([^"]+)"'
        r'[^>]*>(.*)</a>', link_html)
    assert match, link_html
    return base64.b64decode(match.group(1)).decode("utf-8"), match.group(2)


def test_the_page_offers_the_labels_as_a_download(digits, tmp_path):
    X, y = digits
    session = LabelingSession(fitted_learner(X[:40], y[:40]), X[40:100],
                              classes=range(10), class_names={3: "three, or 8?"})
    assert session.export_link.value == ""  # nothing to download yet
    first = session.current_
    session.answer(3)
    second = session.current_
    session.answer(7)
    text, caption = _linked_csv(session.export_link.value)
    # The same file as export_labels writes; labels, not display names.
    path = tmp_path / "labels.csv"
    session.export_labels(path)
    assert text == path.read_bytes().decode("utf-8")
    assert text == f"position,label\r\n{first},3\r\n{second},7\r\n"
    assert caption == "Download the 2 labels (labels.csv)"
    session.undo()  # the link follows undo too
    assert _linked_csv(session.export_link.value)[0] == f"position,label\r\n{first},3\r\n"


class _FailsOnTeach(LogisticRegression):
    def fit(self, X, y):
        if len(y) > 40:
            raise ValueError("the annotator's label broke the model")
        return super().fit(X, y)


def test_a_failed_click_is_shown_and_changes_nothing(digits):
    X, y = digits
    learner = ActiveLearner(_FailsOnTeach(max_iter=500), margin_sampling,
                            random_state=0).fit(X[:40], y[:40])
    session = LabelingSession(learner, X[40:100])
    shown = session.current_
    session.buttons[0].click()  # the handler must not raise into ipywidgets
    assert "the annotator&#x27;s label broke the model" in session._status.value
    assert "Error" in session._status.value
    assert session.error_.startswith("ValueError")
    assert session.current_ == shown and session.labeled_positions_ == []
    assert len(learner.y_labeled_) == 40 and session.undo_button.disabled
    assert not session.buttons[0].disabled
    with pytest.raises(ValueError, match="broke the model"):
        session.answer(0)  # called from Python, the error is raised
