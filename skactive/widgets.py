"""Interactive labeling in a Jupyter notebook (needs the ``widgets`` extra).

The learners never import this module, so ipywidgets stays optional:
``python -m pip install ".[widgets]"``.
"""

import base64
import copy
import csv
import html
import io
import math
import numbers
import os

import numpy as np
import scipy.sparse as sp
from sklearn.utils import check_random_state

from .strategies import random_sampling
from .utils import concat_rows, num_rows, take_rows

__all__ = ["LabelingSession"]

# The key box empties itself after this many keys (see LabelingSession._on_key).
_KEYS_BEFORE_CLEARING = 8


def _import_ipywidgets():
    try:
        import ipywidgets
    except ImportError as exc:
        raise ImportError(
            "LabelingSession needs ipywidgets, which is not installed. Install "
            'it with: python -m pip install ".[widgets]"'
        ) from exc
    return ipywidgets


def _one_sample(rows):
    """The single sample held by a one-row container, ready to render."""
    if isinstance(rows, list):
        return rows[0]
    if sp.issparse(rows):
        return rows.toarray()[0]
    if hasattr(rows, "iloc"):
        return rows.iloc[0]
    return np.asarray(rows)[0]


def _figure_png(values, image_shape, cmap):
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise ImportError(
            'render="image" draws with matplotlib, which is not installed. '
            'Install it with: python -m pip install ".[plot]"'
        ) from exc
    figure = Figure(figsize=(2.5, 2.5))
    FigureCanvasAgg(figure)
    ax = figure.add_subplot()
    ax.imshow(np.asarray(values, dtype=float).reshape(image_shape), cmap=cmap,
              interpolation="nearest")
    ax.set_axis_off()
    return _png_bytes(figure)


def _png_bytes(figure):
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue()


class LabelingSession:
    """Label the samples a learner asks for, one click at a time.

    The session shows the pool sample the learner queries, the model's
    current guess for it, one button per class, "skip" and "undo" buttons,
    and the progress toward ``max_labels``. A click on a class calls
    ``learner.teach`` with that label, removes the sample from the pool, shows
    the accuracy on the held-out set (when one is given) and queries the next
    sample. "skip" removes the sample from the pool without labeling it;
    "undo" takes back the last answer or skip, learner included. Keys work
    too: type a class's number (``1``, ``2``, ... as shown on its button),
    ``s`` to skip or ``u`` to undo in the session's key box; each key acts
    once, however fast one types. An error (a
    failed fit, a renderer that breaks) is shown in the session, in red,
    and changes nothing. Display the session by leaving it as the last
    expression of a notebook cell.

    With a learner that is not fitted yet, pass ``classes``: samples are then
    picked at random and the learner is fitted from the first answer; it
    keeps querying at random while a single class is labeled, and from the
    second class on the learner's own strategy chooses.

    Parameters
    ----------
    learner : ActiveLearner or QueryByCommittee
        The learner to teach; it is modified in place.
    X_pool : array-like, sparse matrix, DataFrame or list
        The unlabeled pool. Positions reported by the session refer to it.
    render : {"auto", "image", "text"} or callable, default="auto"
        How to show a sample. ``"image"`` draws a numeric row reshaped to
        ``image_shape`` (by default a square) with matplotlib; ``"text"``
        shows a string (or the values of a row) as text. ``"auto"`` draws
        images only when ``image_shape`` is given, and shows everything else
        as text (a tabular row whose length happens to be a square is not an
        image). A
        callable receives the sample (a string, a 1-D array, or a pandas
        Series) and returns a string, PNG bytes, a matplotlib Figure or an
        ipywidgets widget.
    classes : sequence, default=None
        The labels offered as buttons; by default the learner's
        ``classes_``. Required when the learner is not fitted.
    class_names : dict or sequence, default=None
        What the buttons (and the model's guess) say for each class:
        ``{label: name}``, or one name per class in the order of
        ``classes``. By default the labels themselves.
    X_test, y_test : array-like, default=None
        A held-out set; when given, the accuracy ``learner.score(X_test,
        y_test)`` is shown and recorded after every answer.
    image_shape : tuple of int, default=None
        Shape to draw a numeric row in; by default a square.
    cmap : str, default="gray_r"
        Matplotlib colour map for images.
    max_labels : int, default=None
        The labeling budget: stop after this many answers (skips do not
        count), with a progress bar toward it; by default the session runs
        until the pool is empty.
    random_state : int, RandomState instance or None, default=None
        Seeds the random picks made before the learner is fitted.

    Attributes
    ----------
    current_ : int or None
        Position in ``X_pool`` of the sample on display; ``None`` when the
        session is over.
    remaining_ : ndarray of int
        Positions in ``X_pool`` not yet labeled or skipped.
    labeled_positions_ : list of int
        Positions labeled so far, in order.
    labels_ : list
        The labels given, in the same order.
    skipped_positions_ : list of int
        Positions skipped.
    accuracy_ : list of (int, float)
        ``(number of labels the learner has, held-out accuracy)`` after
        every successful ``teach``; empty without a held-out set.
    widget : ipywidgets.VBox
        The widget on display.
    buttons : dict
        The class buttons, keyed by label.
    skip_button : ipywidgets.Button
        The "skip" button.
    undo_button : ipywidgets.Button
        The "undo" button.
    key_box : ipywidgets.Text
        Type shortcuts here (a class's number, ``s`` or ``u``); it shows the
        last keys typed and empties itself every few keys.
    export_link : ipywidgets.HTML
        A link that downloads the answers so far as ``labels.csv`` (what
        :meth:`export_labels` writes), from the browser; empty before the
        first answer.
    error_ : str or None
        The message of the last error shown in the session, ``None`` after a
        successful action.

    Examples
    --------
    >>> from sklearn.datasets import load_digits
    >>> from sklearn.linear_model import LogisticRegression
    >>> from skactive import ActiveLearner
    >>> from skactive.strategies import margin_sampling
    >>> from skactive.widgets import LabelingSession
    >>> X, y = load_digits(return_X_y=True)
    >>> learner = ActiveLearner(LogisticRegression(max_iter=1000), margin_sampling)
    >>> learner = learner.fit(X[:50], y[:50])
    >>> session = LabelingSession(learner, X[50:1000], X_test=X[1000:],
    ...                           y_test=y[1000:])
    >>> shown = session.current_
    >>> session.buttons[y[50 + shown]].click()   # what the annotator does
    >>> session.labeled_positions_ == [shown], len(learner.y_labeled_)
    (True, 51)
    >>> session.skip_button.click()
    >>> len(session.skipped_positions_), len(session.remaining_)
    (1, 948)
    >>> session.undo_button.click()               # takes the skip back
    >>> len(session.skipped_positions_), len(session.remaining_)
    (0, 949)
    """

    def __init__(self, learner, X_pool, *, render="auto", classes=None,
                 class_names=None, X_test=None, y_test=None, image_shape=None,
                 cmap="gray_r", max_labels=None, random_state=None):
        widgets = _import_ipywidgets()
        self.learner = learner
        self.X_pool = X_pool
        self.render = render
        self.classes = classes
        self.class_names = class_names
        self.X_test = X_test
        self.y_test = y_test
        self.image_shape = image_shape
        self.cmap = cmap
        self.max_labels = max_labels
        self.random_state = random_state
        self._check_parameters()

        self._rng = check_random_state(random_state)
        self._pending = None  # answers kept until an unfitted learner can be fitted
        self.remaining_ = np.arange(num_rows(X_pool))
        self.labeled_positions_ = []
        self.labels_ = []
        self.skipped_positions_ = []
        self.accuracy_ = []
        self.current_ = None
        self.error_ = None
        self._note = ""
        self._history = []  # what undo restores, newest last

        labels = self._labels()
        self._names = self._display_names(labels)
        self.buttons = {}
        self._shortcuts = {}
        for k, label in enumerate(labels):
            key = str(k + 1) if k < 9 else None
            description = self._names[label] if key is None else f"{key}: {self._names[label]}"
            button = widgets.Button(description=description,
                                    tooltip=f"label as {self._names[label]}")
            button.on_click(self._handler(self.answer, label))
            self.buttons[label] = button
            if key is not None:
                self._shortcuts[key] = self._handler(self.answer, label)
        self.skip_button = widgets.Button(description="s: skip", button_style="warning")
        self.skip_button.on_click(self._handler(self.skip))
        self.undo_button = widgets.Button(description="u: undo", disabled=True)
        self.undo_button.on_click(self._handler(self.undo))
        self._shortcuts["s"] = self._handler(self.skip)
        self._shortcuts["u"] = self._handler(self.undo)
        self.key_box = widgets.Text(placeholder="keys: 1-9, s, u",
                                    layout=widgets.Layout(width="9em"))
        self._typed = ""  # the key box's value as last seen
        self._keys_cleared = False
        self._clearing_keys = False
        self.key_box.observe(self._on_key, names="value")
        self._sample_box = widgets.Box()
        self._guess = widgets.HTML()
        self._progress = widgets.IntProgress(
            min=0, max=max_labels or 1, layout=widgets.Layout(
                display=None if max_labels else "none"))
        self._status = widgets.HTML()
        self.export_link = widgets.HTML()
        self.widget = widgets.VBox([
            self._sample_box,
            self._guess,
            widgets.HBox([*self.buttons.values(), self.skip_button, self.undo_button,
                          self.key_box], layout=widgets.Layout(flex_flow="row wrap")),
            self._progress,
            self._status,
            self.export_link,
        ])
        self._widgets = widgets
        self._show_next()

    # -- validation --------------------------------------------------------

    def _check_parameters(self):
        if not (callable(self.render) or self.render in ("auto", "image", "text")):
            raise ValueError(
                f'render must be "auto", "image", "text" or a callable, got '
                f"{self.render!r}."
            )
        if (self.X_test is None) != (self.y_test is None):
            raise ValueError(
                "Pass both X_test and y_test to see the held-out accuracy, or "
                "neither."
            )
        if self.max_labels is not None and (
            not isinstance(self.max_labels, numbers.Integral) or self.max_labels < 1
        ):
            raise ValueError(
                f"max_labels must be a positive integer or None, got "
                f"{self.max_labels!r}."
            )
        if num_rows(self.X_pool) == 0:
            raise ValueError("X_pool is empty: there is nothing to label.")

    def _labels(self):
        if self.classes is not None:
            labels = list(self.classes)
        elif hasattr(self.learner, "classes_"):
            labels = list(self.learner.classes_)
        else:
            raise ValueError(
                "The learner is not fitted, so the session does not know which "
                "classes to offer: pass classes=[...] (every label the annotator "
                "may give), or fit the learner on a few labeled samples first."
            )
        if len(labels) == 0 or len(set(labels)) != len(labels):
            raise ValueError(f"classes must be distinct labels, got {labels!r}.")
        return labels

    def _display_names(self, labels):
        names = self.class_names
        if names is None:
            return {label: str(label) for label in labels}
        if isinstance(names, dict):
            unknown = [key for key in names if key not in labels]
            if unknown:
                raise ValueError(
                    f"class_names has labels that are not classes: {unknown!r}; "
                    f"the classes are {labels!r}."
                )
            return {label: str(names.get(label, label)) for label in labels}
        names = list(names)
        if len(names) != len(labels):
            raise ValueError(
                f"class_names has {len(names)} names for {len(labels)} classes "
                f"{labels!r}; pass one name per class, or a dict."
            )
        return {label: str(name) for label, name in zip(labels, names)}

    # -- answers -----------------------------------------------------------

    def _handler(self, action, *args):
        """A click (or key) handler that shows errors instead of losing them.

        ipywidgets runs handlers inside the kernel's message loop, where an
        exception only reaches a log the user never sees.
        """
        def handle(*_ignored):
            n_states = len(self._history)
            self._busy(True)
            try:
                action(*args)
            except Exception as exc:  # shown to the user, who can act on it
                if len(self._history) > n_states:  # undo what the action did
                    self._restore(self._history.pop())
                try:
                    self._display_current()
                except Exception:  # the sample itself cannot be shown
                    self._sample_box.children = ()
                self.error_ = f"{type(exc).__name__}: {exc}"
                self._refresh_status()
            finally:
                self._busy(False)
        return handle

    def _busy(self, busy):
        over = self.current_ is None
        for button in (*self.buttons.values(), self.skip_button):
            button.disabled = busy or over
        self.undo_button.disabled = busy or not self._history
        if busy:
            self._status.value = self._summary() + " <i>Refitting the model…</i>"

    def _on_key(self, change):
        """Act on the keys typed into the key box since the last change.

        The browser sends the box's whole value, and while the kernel is busy
        it sends several keystrokes at once, before it has seen the box
        emptied. So the box is emptied only every ``_KEYS_BEFORE_CLEARING``
        keys, and a value that still begins with what was there before the
        box was emptied is a continuation: each key acts once.
        """
        if self._clearing_keys:
            return
        typed = change["new"] or ""
        before, self._typed = self._typed, typed
        if typed.startswith(before):
            keys = typed[len(before):]
        elif self._keys_cleared:
            keys = typed  # typed into the emptied box
        else:  # an edit (say a deleted key): only what differs counts
            keys = typed[len(os.path.commonprefix([before, typed])):]
        self._keys_cleared = False
        if len(typed) >= _KEYS_BEFORE_CLEARING:
            self._clearing_keys = True
            try:
                self.key_box.value = ""
            finally:
                self._clearing_keys = False
            self._keys_cleared = True
        for key in keys.lower():
            if key.isspace():
                continue
            action = self._shortcuts.get(key)
            if action is None:
                self.error_ = (f"No shortcut {key!r}: use "
                               f"1-{min(len(self.buttons), 9)}, s or u.")
                self._refresh_status()
                return
            action()
            if self.error_ is not None:  # the rest of the keys wait for the user
                return

    def _snapshot(self):
        return {
            "learner": copy.deepcopy(self.learner.__dict__),
            "pending": self._pending,
            "remaining": self.remaining_.copy(),
            "labeled": list(self.labeled_positions_),
            "labels": list(self.labels_),
            "skipped": list(self.skipped_positions_),
            "accuracy": list(self.accuracy_),
            "current": self.current_,
        }

    def _restore(self, state):
        # In place: the caller holds this learner object.
        self.learner.__dict__.clear()
        self.learner.__dict__.update(state["learner"])
        self._pending = state["pending"]
        self.remaining_ = state["remaining"]
        self.labeled_positions_ = state["labeled"]
        self.labels_ = state["labels"]
        self.skipped_positions_ = state["skipped"]
        self.accuracy_ = state["accuracy"]
        self.current_ = state["current"]

    def undo(self):
        """Take back the last answer or skip, and show that sample again.

        The learner goes back to the state it had before that answer, its
        labeled set and fitted model included. This is what "undo" does.
        """
        if not self._history:
            raise RuntimeError("Nothing to undo.")
        self._restore(self._history.pop())
        self.error_ = None
        self._note = ""
        self._display_current()

    def export_labels(self, path=None):
        """The answers so far as ``(position, label)`` pairs, or a CSV file.

        Parameters
        ----------
        path : str, path-like or None, default=None
            Where to write a CSV file with the columns ``position`` (into
            ``X_pool``) and ``label``; ``None``: write nothing.

        Returns
        -------
        pairs : list of tuple
            ``(position, label)`` for every answer, in order.
        """
        pairs = list(zip(self.labeled_positions_, self.labels_))
        if path is not None:
            with open(path, "w", newline="", encoding="utf-8") as handle:
                handle.write(self._labels_csv())
        return pairs

    def _labels_csv(self):
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        writer.writerow(["position", "label"])
        writer.writerows(zip(self.labeled_positions_, self.labels_))
        return buffer.getvalue()

    def answer(self, label):
        """Label the sample on display with ``label`` and show the next one.

        This is what a click on a class button does.

        Parameters
        ----------
        label : object
            The label of the sample on display.
        """
        position = self._require_current()
        if label not in self._names:
            raise ValueError(f"{label!r} is not one of the classes {list(self._names)!r}.")
        before = self._snapshot()
        X_new = take_rows(self.X_pool, [position])
        y_new = np.asarray([label])
        if self._pending is not None:
            X_new = concat_rows(self._pending[0], X_new)
            y_new = np.concatenate([self._pending[1], y_new])
        was_fitted = hasattr(self.learner, "X_labeled_")
        try:
            self.learner.teach(X_new, y_new)
        except ValueError as exc:
            if was_fitted:
                raise  # teach left the learner as it was; so does the session
            # An unfitted learner may need more than one class to fit: keep
            # the answers and try again with the next one.
            self._pending = (X_new, y_new)
            self._note = (f"{len(y_new)} label(s) kept; the model cannot be fitted "
                          f"on them yet ({exc})")
            self._record(position, label)
            self._history.append(before)
            self._show_next()
            return
        self._pending = None
        self._note = ""
        self._record(position, label)
        self._history.append(before)
        if self.X_test is not None:
            accuracy = float(self.learner.score(self.X_test, self.y_test))
            self.accuracy_.append((len(self.learner.y_labeled_), accuracy))
        self._show_next()

    def skip(self):
        """Drop the sample on display from the pool unlabeled; show the next.

        This is what a click on "skip" does.
        """
        position = self._require_current()
        self._history.append(self._snapshot())
        self.skipped_positions_.append(position)
        self.remaining_ = self.remaining_[self.remaining_ != position]
        self._show_next()

    def _record(self, position, label):
        self.labeled_positions_.append(position)
        self.labels_.append(label)
        self.remaining_ = self.remaining_[self.remaining_ != position]

    def _require_current(self):
        if self.current_ is None:
            raise RuntimeError("The session is over: there is no sample to label.")
        return self.current_

    # -- display -----------------------------------------------------------

    def _show_next(self):
        self.error_ = None
        done = self.remaining_.shape[0] == 0 or (
            self.max_labels is not None and len(self.labeled_positions_) >= self.max_labels
        )
        if done:
            self.current_ = None
        else:
            remaining_pool = take_rows(self.X_pool, self.remaining_)
            if hasattr(self.learner, "X_labeled_"):
                picked = self.learner.query(remaining_pool, 1)[0]
            else:
                picked = random_sampling(None, remaining_pool, 1,
                                         random_state=self._rng)[0][0]
            self.current_ = int(self.remaining_[picked])
        self._display_current()

    def _display_current(self):
        over = self.current_ is None
        for button in (*self.buttons.values(), self.skip_button):
            button.disabled = over
        self.undo_button.disabled = not self._history
        self._sample_box.children = () if over else (self._render(self.current_),)
        self._guess.value = "" if over else self._guess_text(self.current_)
        self._progress.value = min(len(self.labeled_positions_), self._progress.max)
        self._refresh_status()

    def _guess_text(self, position):
        if not hasattr(self.learner, "X_labeled_"):
            return "<i>No model yet: your first answers train it.</i>"
        row = take_rows(self.X_pool, [position])
        label = self.learner.predict(row)[0]
        name = self._names.get(label, str(label))
        text = f"Model's guess: <b>{html.escape(name)}</b>"
        if hasattr(self.learner, "predict_proba"):
            proba = self.learner.predict_proba(row)[0]
            text += f" ({proba.max():.0%} sure)"
        return text

    def _refresh_status(self):
        text = self._summary()
        if self.current_ is None:
            text += " The session is over."
        if self._note:
            text += " " + html.escape(self._note)
        if self.error_:
            text += (" <span style='color: #c00'><b>Error:</b> "
                     f"{html.escape(self.error_)} (nothing was changed)</span>")
        self._status.value = text
        self._refresh_export_link()

    def _refresh_export_link(self):
        n = len(self.labeled_positions_)
        if n == 0:
            self.export_link.value = ""
            return
        data = base64.b64encode(self._labels_csv().encode("utf-8")).decode("ascii")
        self.export_link.value = (
            '<a download="labels.csv" href="data:text/csv;charset=utf-8;base64,'
            f'{data}" title="position in the pool, label" style="color: '
            'var(--jp-content-link-color, #1a5fb4); text-decoration: underline">'
            f'Download the {n} '
            f'label{"s" if n > 1 else ""} (labels.csv)</a>'
        )

    def _summary(self):
        n = len(self.labeled_positions_)
        labeled = f"{n} / {self.max_labels} labeled" if self.max_labels else f"{n} labeled"
        text = f"{labeled}, {len(self.skipped_positions_)} skipped."
        if self.accuracy_:
            n_labels, accuracy = self.accuracy_[-1]
            text += f" Held-out accuracy: {accuracy:.3f} with {n_labels} labels."
        return text

    def _render(self, position):
        sample = _one_sample(take_rows(self.X_pool, [position]))
        render = self.render
        if callable(render):
            return self._as_widget(render(sample))
        if render == "auto":
            render = "image" if self.image_shape is not None else "text"
        if render == "text":
            return self._as_widget(sample if isinstance(sample, str) else str(sample))
        values = np.asarray(sample, dtype=float).ravel()
        shape = self._square() if self.image_shape is None else self.image_shape
        if shape is None or math.prod(shape) != values.shape[0]:
            raise ValueError(
                f"Cannot draw a sample of {values.shape[0]} values as an image of "
                f"shape {shape}; pass image_shape=(height, width) matching the "
                'number of features, or render="text".'
            )
        return self._widgets.Image(value=_figure_png(values, shape, self.cmap),
                                   format="png")

    def _square(self):
        """The square shape ``render="image"`` uses without ``image_shape``."""
        if self.image_shape is not None:
            return tuple(self.image_shape)
        sample = _one_sample(take_rows(self.X_pool, [0]))
        if isinstance(sample, str):
            return None
        values = np.asarray(sample).ravel()
        side = math.isqrt(values.shape[0])
        if values.dtype.kind not in "biuf" or side < 2 or side * side != values.shape[0]:
            return None
        return (side, side)

    def _as_widget(self, shown):
        widgets = self._widgets
        if isinstance(shown, widgets.Widget):
            return shown
        if isinstance(shown, str):
            return widgets.HTML(
                "<pre style='white-space: pre-wrap; font-size: 1.1em'>"
                f"{html.escape(shown)}</pre>"
            )
        if isinstance(shown, bytes):
            return widgets.Image(value=shown, format="png")
        if hasattr(shown, "savefig"):
            return widgets.Image(value=_png_bytes(shown), format="png")
        raise TypeError(
            "render must return a string, PNG bytes, a matplotlib Figure or an "
            f"ipywidgets widget, got {type(shown).__name__}."
        )

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
