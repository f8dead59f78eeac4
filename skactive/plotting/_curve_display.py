"""Learning curves of query strategies, one line and band per strategy."""

import numpy as np

from ..metrics import normalized_area

BASELINE_NAMES = ("random", "random_sampling")


def _rc(key):
    import matplotlib

    return matplotlib.rcParams[key]


def _import_pyplot():
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise ImportError(
            "Plotting learning curves needs matplotlib, an optional dependency of "
            'skactive; install it with: pip install ".[plot]"'
        ) from exc
    return plt


def check_std_display_style(std_display_style):
    """Refuse a spread style the displays do not draw."""
    if std_display_style not in ("fill_between", "errorbar", None):
        raise ValueError(
            "std_display_style must be 'fill_between', 'errorbar' or None, got "
            f"{std_display_style!r}."
        )


class ActiveLearningCurveDisplay:
    """Learning curves of query strategies: score against number of labels.

    Each strategy gets a line (the mean over runs) and a shaded band (one
    standard deviation, clipped to the range of the runs; the legend's title
    says so); the random baseline is a dashed line, and the score with every
    training label, when known, a dotted horizontal line. Colours follow the
    axes' colour cycle, so a matplotlib style or ``axes.prop_cycle`` applies.
    Build it with :meth:`from_result` or :meth:`from_estimator`, or
    :func:`plot_learning_curves`.

    Parameters
    ----------
    n_labels : ndarray of shape (n_points,)
        Numbers of labels.
    scores : dict of str to ndarray of shape (n_points, n_runs)
        Score of every run, per strategy name.
    score_name : str, default="Accuracy"
        Label of the y axis.
    full_data_scores : ndarray of shape (n_runs,) or None, default=None
        Scores of the model trained on every training label.
    baseline : str or None, default=None
        Name of the strategy drawn as the dashed baseline; ``None``: the one
        named ``"random"`` or ``"random_sampling"``, if any.
    stops : dict or None, default=None
        Where stopping criteria would have stopped, as in the ``stops`` of
        :func:`~skactive.model_selection.active_learning_curve`: strategy
        name -> criterion name -> ``{"n_labels": ..., "scores": ...}`` (one
        value per run). Each is marked on its strategy's curve at the mean
        number of labels and mean score at the stop.

    Attributes
    ----------
    ax_ : matplotlib Axes
        The axes drawn on.
    figure_ : matplotlib Figure
        The figure holding them.
    lines_ : dict of str to matplotlib Line2D
        The mean curve of each strategy.
    fill_between_ : dict of str to matplotlib PolyCollection
        The band of each strategy (empty unless ``std_display_style`` is
        ``"fill_between"``).
    errorbar_ : dict of str to matplotlib ErrorbarContainer
        The error bars of each strategy (empty unless ``std_display_style``
        is ``"errorbar"``).
    full_data_line_ : matplotlib Line2D or None
        The full-data level.
    stop_markers_ : dict of (str, str) to matplotlib Line2D
        The stop marker of each (strategy, criterion).

    Examples
    --------
    >>> import numpy as np
    >>> from skactive.plotting import ActiveLearningCurveDisplay
    >>> display = ActiveLearningCurveDisplay(
    ...     np.array([10, 20, 30]),
    ...     {"margin": np.array([[0.5, 0.6], [0.7, 0.8], [0.9, 0.9]]),
    ...      "random": np.array([[0.5, 0.6], [0.6, 0.6], [0.7, 0.8]])})
    >>> display = display.plot()
    >>> display.lines_["random"].get_linestyle()
    '--'
    """

    def __init__(
        self, n_labels, scores, *, score_name="Accuracy", full_data_scores=None,
        baseline=None, stops=None,
    ):
        self.n_labels = n_labels
        self.scores = scores
        self.score_name = score_name
        self.full_data_scores = full_data_scores
        self.baseline = baseline
        self.stops = stops

    def _baseline_name(self):
        if self.baseline is not None:
            if self.baseline not in self.scores:
                raise ValueError(
                    f"baseline={self.baseline!r} is not one of the strategies "
                    f"{list(self.scores)}."
                )
            return self.baseline
        return next((name for name in self.scores if name in BASELINE_NAMES), None)

    def plot(
        self, ax=None, *, title=None, show_aulc=True, std_display_style="fill_between",
        line_kw=None, fill_between_kw=None, errorbar_kw=None,
    ):
        """Draw the curves.

        Colours come from the axes' property cycle and everything else from
        the active matplotlib style; the ``*_kw`` dictionaries override what
        skactive sets, as in scikit-learn's displays.

        Parameters
        ----------
        ax : matplotlib Axes or None, default=None
            Where to draw; ``None``: a new figure.
        title : str or None, default=None
            Title of the axes.
        show_aulc : bool, default=True
            Add each strategy's mean AULC to its legend entry.
        std_display_style : {"fill_between", "errorbar"} or None, \
                default="fill_between"
            How to show the spread over runs: a shaded band, error bars, or
            not at all. The legend's title says what it is.
        line_kw : dict or None, default=None
            Passed to ``ax.plot`` for every mean curve.
        fill_between_kw : dict or None, default=None
            Passed to ``ax.fill_between`` for every band.
        errorbar_kw : dict or None, default=None
            Passed to ``ax.errorbar`` when ``std_display_style="errorbar"``.

        Returns
        -------
        display : ActiveLearningCurveDisplay
            ``self``, with the drawn objects stored.
        """
        check_std_display_style(std_display_style)
        if ax is None:
            _, ax = _import_pyplot().subplots(figsize=(7, 4.5))
        n_labels = np.asarray(self.n_labels)
        baseline = self._baseline_name()
        self.lines_, self.fill_between_, self.errorbar_ = {}, {}, {}
        # Stacked bands turn muddy: fainter when there are many.
        band_alpha = 0.2 if len(self.scores) <= 2 else 0.1
        n_runs = set()
        for name, runs in self.scores.items():
            runs = _check_runs(name, runs, n_labels.shape[0])
            n_runs.add(runs.shape[1])
            mean, std = runs.mean(axis=1), runs.std(axis=1)
            # One standard deviation, but never beyond what a run reached
            # (an accuracy band above 1 would be nonsense).
            low = np.maximum(mean - std, runs.min(axis=1))
            high = np.minimum(mean + std, runs.max(axis=1))
            is_baseline = name == baseline
            label = name
            if show_aulc:
                aulc = np.mean([normalized_area(n_labels, run) for run in runs.T])
                label = f"{name} (AULC {aulc:.3f})"
            kw = {"linestyle": "--" if is_baseline else "-",
                  "marker": "" if is_baseline else "o", "markersize": 3,
                  "label": label, "zorder": 3 if is_baseline else 4}
            if std_display_style == "errorbar":
                container = ax.errorbar(
                    n_labels, mean, yerr=np.vstack([mean - low, high - mean]),
                    **{**kw, "capsize": 2, **(line_kw or {}), **(errorbar_kw or {})},
                )
                self.errorbar_[name] = container
                self.lines_[name] = container.lines[0]
                continue
            (line,) = ax.plot(n_labels, mean, **{**kw, **(line_kw or {})})
            self.lines_[name] = line
            if std_display_style == "fill_between":
                self.fill_between_[name] = ax.fill_between(
                    n_labels, low, high, **{
                        "color": line.get_color(), "linewidth": 0,
                        "alpha": (0.6 if is_baseline else 1) * band_alpha,
                        **(fill_between_kw or {}),
                    },
                )
        self._plot_stops(ax)
        self.full_data_line_ = None
        if self.full_data_scores is not None:
            level = float(np.mean(self.full_data_scores))
            # The style's text colour, not a colour of the cycle: it is a
            # reference level, not a strategy.
            self.full_data_line_ = ax.axhline(
                level, color=_rc("axes.labelcolor"), alpha=0.6, linestyle=":",
                linewidth=1.2, label=f"all training labels ({level:.3f})", zorder=2,
            )
            # axhline does not take part in autoscaling: keep the level visible
            # below the frame.
            low, high = ax.get_ylim()
            if level > high - 0.04 * (high - low):
                ax.set_ylim(low, level + 0.06 * (high - low))
        ax.set_xlabel("Number of labels")
        ax.set_ylabel(self.score_name)
        ax.margins(x=0.015)  # markers at the ends stay whole
        legend_title = None
        if std_display_style is not None:
            runs_text = "/".join(str(n) for n in sorted(n_runs))
            shape = "bands" if std_display_style == "fill_between" else "bars"
            legend_title = (f"lines: mean of {runs_text} runs; {shape}: ±1 std,\n"
                            "clipped to the runs' range")
        ax.legend(loc="lower right", title=legend_title)
        if title is not None:
            ax.set_title(title)
        self.ax_ = ax
        self.figure_ = ax.figure
        return self

    def _plot_stops(self, ax):
        self.stop_markers_ = {}
        markers = iter("v^sDP*Xph" * 3)
        shape = {}
        for strategy, criteria in (self.stops or {}).items():
            if strategy not in self.lines_:
                raise ValueError(
                    f"stops has a strategy {strategy!r} that has no curve; the "
                    f"strategies are {list(self.lines_)}."
                )
            for criterion, stop in criteria.items():
                if criterion not in shape:
                    shape[criterion] = next(markers)
                at = np.asarray(stop["n_labels"], dtype=float)
                (marker,) = ax.plot(
                    [at.mean()], [np.mean(stop["scores"])], linestyle="",
                    marker=shape[criterion], markersize=9,
                    markeredgecolor="black", markeredgewidth=0.8,
                    color=self.lines_[strategy].get_color(), zorder=5,
                    label=f"{strategy}: stop by {criterion} "
                          f"(median {np.median(at):.0f} labels)",
                )
                self.stop_markers_[strategy, criterion] = marker

    @classmethod
    def from_result(cls, result, *, ax=None, baseline=None, title=None, show_aulc=True,
                    **plot_kw):
        """Plot the result of :func:`~skactive.model_selection.active_learning_curve`.

        Parameters
        ----------
        result : Bunch
            What ``active_learning_curve`` returned.
        ax : matplotlib Axes or None, default=None
            Where to draw; ``None``: a new figure.
        baseline : str or None, default=None
            Strategy drawn as the dashed baseline; ``None``: random sampling.
        title : str or None, default=None
            Title of the axes.
        show_aulc : bool, default=True
            Add each strategy's mean AULC to its legend entry.
        **plot_kw
            ``std_display_style``, ``line_kw``, ``fill_between_kw``,
            ``errorbar_kw``: see :meth:`plot`.

        Returns
        -------
        display : ActiveLearningCurveDisplay
        """
        display = cls(
            result["n_labels"], result["scores"],
            score_name=result.get("score_name", "Score"),
            full_data_scores=result.get("full_data_scores"), baseline=baseline,
            stops=result.get("stops") or None,
        )
        return display.plot(ax=ax, title=title, show_aulc=show_aulc, **plot_kw)

    @classmethod
    def from_estimator(
        cls, learner, X, y, *, ax=None, baseline=None, title=None, show_aulc=True,
        std_display_style="fill_between", line_kw=None, fill_between_kw=None,
        errorbar_kw=None, **curve_params,
    ):
        """Run :func:`~skactive.model_selection.active_learning_curve` and plot it.

        Parameters
        ----------
        learner : ActiveLearner or QueryByCommittee
            The learner, with ``budget`` set.
        X, y : array-like
            The data.
        ax, baseline, title, show_aulc
            As in :meth:`from_result`.
        std_display_style, line_kw, fill_between_kw, errorbar_kw
            As in :meth:`plot`.
        **curve_params
            Passed to ``active_learning_curve`` (``strategies``,
            ``n_repeats``, ``n_jobs``, ``random_state``, ...).

        Returns
        -------
        display : ActiveLearningCurveDisplay
        """
        from ..model_selection import active_learning_curve

        _import_pyplot()  # fail before the simulations, not after
        result = active_learning_curve(learner, X, y, **curve_params)
        return cls.from_result(
            result, ax=ax, baseline=baseline, title=title, show_aulc=show_aulc,
            std_display_style=std_display_style, line_kw=line_kw,
            fill_between_kw=fill_between_kw, errorbar_kw=errorbar_kw,
        )


def _check_runs(name, runs, n_points):
    """``scores[name]`` as an array of shape ``(n_points, n_runs)``, or a clear error."""
    runs = np.asarray(runs, dtype=float)
    if runs.ndim != 2:
        raise ValueError(
            f"scores[{name!r}] has shape {runs.shape}; expected a 2-D array of shape "
            f"(n_points, n_runs) = ({n_points}, n_runs), one column per run (a "
            "single run: scores[:, None])."
        )
    if runs.shape[0] != n_points:
        raise ValueError(
            f"scores[{name!r}] has {runs.shape[0]} rows but there are "
            f"{n_points} numbers of labels."
        )
    return runs


def plot_learning_curves(result, ax=None, **kwargs):
    """Plot the learning curves of an ``active_learning_curve`` result.

    One line per strategy (mean over runs) with a band of one standard
    deviation (clipped to the range of the runs), random sampling as a dashed
    baseline, the number of labels on the x axis.

    Parameters
    ----------
    result : Bunch
        What :func:`~skactive.model_selection.active_learning_curve` returned.
    ax : matplotlib Axes or None, default=None
        Where to draw; ``None``: a new figure.
    **kwargs
        ``baseline``, ``title``, ``show_aulc``, ``std_display_style``,
        ``line_kw``, ``fill_between_kw``, ``errorbar_kw``: see
        :meth:`ActiveLearningCurveDisplay.plot`.

    Returns
    -------
    display : ActiveLearningCurveDisplay
        Holds the axes (``ax_``), the figure (``figure_``) and the lines.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.linear_model import LogisticRegression
    >>> from skactive import ActiveLearner
    >>> from skactive.model_selection import active_learning_curve
    >>> from skactive.plotting import plot_learning_curves
    >>> from skactive.strategies import margin_sampling, random_sampling
    >>> X, y = load_iris(return_X_y=True)
    >>> learner = ActiveLearner(LogisticRegression(max_iter=1000), budget=30,
    ...                         n_initial=6, batch_size=8)
    >>> result = active_learning_curve(learner, X, y, n_repeats=2, random_state=0,
    ...                                strategies={"margin": margin_sampling,
    ...                                            "random": random_sampling})
    >>> display = plot_learning_curves(result)
    >>> display.ax_.get_xlabel()
    'Number of labels'
    """
    return ActiveLearningCurveDisplay.from_result(result, ax=ax, **kwargs)
