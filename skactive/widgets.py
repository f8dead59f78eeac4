"""Interactive labeling in a Jupyter notebook (needs the ``widgets`` extra).

The learners never import this module, so ipywidgets stays optional:
``python -m pip install "skactive[widgets]"``.
"""

import html
import io
import math
import numbers

import numpy as np
import scipy.sparse as sp
from sklearn.utils import check_random_state

from .strategies import random_sampling
from .utils import concat_rows, num_rows, take_rows

__all__ = ["LabelingSession"]


def _import_ipywidgets():
    try:
        import ipywidgets
    except ImportError as exc:
        raise ImportError(
            "LabelingSession needs ipywidgets, which is not installed. Install "
            'it with: python -m pip install "skactive[widgets]"'
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
            'Install it with: python -m pip install "skactive[plot]"'
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

    The session shows the pool sample the learner queries, one button per
    class and a "skip" button. A click on a class calls ``learner.teach``
    with that label, removes the sample from the pool, shows the accuracy on
    the held-out set (when one is given) and queries the next sample. "skip"
    removes the sample from the pool without labeling it. Display the session
    by leaving it as the last expression of a notebook cell.

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
        ``image_shape`` with matplotlib; ``"text"`` shows a string (or the
        values of a row) as text. ``"auto"`` shows strings as text and
        numeric rows as images when ``image_shape`` is given or the number
        of values is a perfect square (8 × 8 digits), otherwise as text. A
        callable receives the sample (a string, a 1-D array, or a pandas
        Series) and returns a string, PNG bytes, a matplotlib Figure or an
        ipywidgets widget.
    classes : sequence, default=None
        The labels offered as buttons; by default the learner's
        ``classes_``. Required when the learner is not fitted.
    X_test, y_test : array-like, default=None
        A held-out set; when given, the accuracy ``learner.score(X_test,
        y_test)`` is shown and recorded after every answer.
    image_shape : tuple of int, default=None
        Shape to draw a numeric row in; by default a square.
    cmap : str, default="gray_r"
        Matplotlib colour map for images.
    max_labels : int, default=None
        Stop after this many answers (skips do not count); by default the
        session runs until the pool is empty.
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
    """

    def __init__(self, learner, X_pool, *, render="auto", classes=None,
                 X_test=None, y_test=None, image_shape=None, cmap="gray_r",
                 max_labels=None, random_state=None):
        widgets = _import_ipywidgets()
        self.learner = learner
        self.X_pool = X_pool
        self.render = render
        self.classes = classes
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

        labels = self._labels()
        self.buttons = {}
        for label in labels:
            button = widgets.Button(description=str(label))
            button.on_click(self._on_label_click(label))
            self.buttons[label] = button
        self.skip_button = widgets.Button(description="skip", button_style="warning")
        self.skip_button.on_click(lambda _button: self.skip())
        self._sample_box = widgets.Box()
        self._status = widgets.HTML()
        self.widget = widgets.VBox([
            self._sample_box,
            widgets.HBox([*self.buttons.values(), self.skip_button],
                         layout=widgets.Layout(flex_flow="row wrap")),
            self._status,
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

    # -- answers -----------------------------------------------------------

    def _on_label_click(self, label):
        return lambda _button: self.answer(label)

    def answer(self, label):
        """Label the sample on display with ``label`` and show the next one.

        This is what a click on a class button does.

        Parameters
        ----------
        label : object
            The label of the sample on display.
        """
        position = self._require_current()
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
                self._status.value = html.escape(f"teach failed: {exc}")
                raise
            # An unfitted learner may need more than one class to fit: keep
            # the answers and try again with the next one.
            self._pending = (X_new, y_new)
            self._status.value = html.escape(
                f"{len(y_new)} label(s) kept; the model cannot be fitted on them "
                f"yet ({exc})"
            )
            self._record(position, label)
            self._show_next(keep_status=True)
            return
        self._pending = None
        self._record(position, label)
        if self.X_test is not None:
            accuracy = float(self.learner.score(self.X_test, self.y_test))
            self.accuracy_.append((len(self.learner.y_labeled_), accuracy))
        self._show_next()

    def skip(self):
        """Drop the sample on display from the pool unlabeled; show the next.

        This is what a click on "skip" does.
        """
        position = self._require_current()
        self.skipped_positions_.append(position)
        self.remaining_ = self.remaining_[self.remaining_ != position]
        self._show_next(keep_status=True)

    def _record(self, position, label):
        self.labeled_positions_.append(position)
        self.labels_.append(label)
        self.remaining_ = self.remaining_[self.remaining_ != position]

    def _require_current(self):
        if self.current_ is None:
            raise RuntimeError("The session is over: there is no sample to label.")
        return self.current_

    # -- display -----------------------------------------------------------

    def _show_next(self, keep_status=False):
        done = self.remaining_.shape[0] == 0 or (
            self.max_labels is not None and len(self.labeled_positions_) >= self.max_labels
        )
        if done:
            self.current_ = None
            for button in (*self.buttons.values(), self.skip_button):
                button.disabled = True
            self._sample_box.children = ()
            self._status.value = self._summary() + " The session is over."
            return
        remaining_pool = take_rows(self.X_pool, self.remaining_)
        if hasattr(self.learner, "X_labeled_"):
            picked = self.learner.query(remaining_pool, 1)[0]
        else:
            picked = random_sampling(None, remaining_pool, 1, random_state=self._rng)[0][0]
        self.current_ = int(self.remaining_[picked])
        self._sample_box.children = (self._render(self.current_),)
        if not keep_status:
            self._status.value = self._summary()

    def _summary(self):
        text = f"{len(self.labeled_positions_)} labeled, {len(self.skipped_positions_)} skipped."
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
            render = "text" if isinstance(sample, str) or self._square() is None else "image"
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
        """The image shape ``"auto"`` would use, or None to show text."""
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
