"""Stream simulations drawn: prequential accuracy and labels spent over the stream."""

import numbers

import numpy as np

from ._curve_display import (
    BASELINE_NAMES,
    _check_runs,
    _import_pyplot,
    _rc,
    check_std_display_style,
)


class StreamSimulationDisplay:
    """Prequential accuracy and labels spent over a stream, one line per strategy.

    Two panels share the stream axis (samples seen): above, the prequential
    accuracy so far (every sample predicted before its label could be
    known); below, the labels spent so far, with the budget's line. Each
    strategy keeps its colour in both panels, colours following the axes'
    colour cycle (a matplotlib style or ``axes.prop_cycle`` applies); the
    random baseline is dashed. With several runs per strategy (seeds), the
    lines are the mean and a shaded band spans one standard deviation,
    clipped to the range of the runs; the legend's title says so. Build it
    with :meth:`from_simulation` from what
    :func:`~skactive.model_selection.stream_simulation` returns.

    Parameters
    ----------
    n_seen : ndarray of shape (n_points,)
        Samples of the stream seen at each point (the initial labeled ones
        excluded).
    accuracy : dict of str to ndarray of shape (n_points, n_runs)
        Prequential accuracy so far of every run, per strategy name.
    n_labels : dict of str to ndarray of shape (n_points, n_runs)
        Labels spent so far of every run, per strategy name (same keys).
    budget : float or None, default=None
        Share of the stream that may be labeled; drawn as the line
        ``budget * n_seen`` in the labels panel. ``None``: no line.
    baseline : str or None, default=None
        Name of the strategy drawn dashed; ``None``: the one named
        ``"random"`` or ``"random_sampling"``, if any.

    Attributes
    ----------
    ax_ : matplotlib Axes
        The accuracy axes.
    labels_ax_ : matplotlib Axes
        The labels-spent axes (a twin of ``ax_`` when one Axes was given).
    figure_ : matplotlib Figure
        The figure holding them.
    lines_ : dict of str to matplotlib Line2D
        The mean accuracy curve of each strategy.
    labels_lines_ : dict of str to matplotlib Line2D
        The mean labels-spent curve of each strategy.
    fill_between_ : dict of str to matplotlib PolyCollection
        The accuracy band of each strategy (empty with a single run or
        unless ``std_display_style`` is ``"fill_between"``).
    labels_fill_between_ : dict of str to matplotlib PolyCollection
        The labels-spent band of each strategy, likewise.
    errorbar_ : dict of str to matplotlib ErrorbarContainer
        The accuracy error bars (only with ``std_display_style="errorbar"``).
    labels_errorbar_ : dict of str to matplotlib ErrorbarContainer
        The labels-spent error bars, likewise.
    budget_line_ : matplotlib Line2D or None
        The budget's line.

    Examples
    --------
    >>> import numpy as np
    >>> from skactive.plotting import StreamSimulationDisplay
    >>> display = StreamSimulationDisplay(
    ...     np.array([10, 20, 30]),
    ...     accuracy={"variable uncertainty": np.array([[0.6], [0.7], [0.8]]),
    ...               "random": np.array([[0.6], [0.6], [0.7]])},
    ...     n_labels={"variable uncertainty": np.array([[1], [2], [3]]),
    ...               "random": np.array([[1], [2], [3]])},
    ...     budget=0.1).plot()
    >>> display.lines_["random"].get_linestyle()
    '--'
    >>> display.budget_line_.get_ydata().tolist()
    [1.0, 2.0, 3.0]
    """

    def __init__(self, n_seen, accuracy, n_labels, *, budget=None, baseline=None):
        self.n_seen = n_seen
        self.accuracy = accuracy
        self.n_labels = n_labels
        self.budget = budget
        self.baseline = baseline

    def _baseline_name(self):
        if self.baseline is not None:
            if self.baseline not in self.accuracy:
                raise ValueError(
                    f"baseline={self.baseline!r} is not one of the strategies "
                    f"{list(self.accuracy)}."
                )
            return self.baseline
        return next((name for name in self.accuracy if name in BASELINE_NAMES), None)

    def _check(self):
        n_seen = np.asarray(self.n_seen, dtype=float)
        if n_seen.ndim != 1 or n_seen.shape[0] == 0:
            raise ValueError(
                f"n_seen must be a non-empty 1-D array, got shape {n_seen.shape}."
            )
        if set(self.accuracy) != set(self.n_labels):
            raise ValueError(
                "accuracy and n_labels must name the same strategies; got "
                f"{sorted(self.accuracy)} and {sorted(self.n_labels)}."
            )
        if not self.accuracy:
            raise ValueError("there is no strategy to plot: accuracy is empty.")
        if self.budget is not None and (
            not isinstance(self.budget, numbers.Real) or isinstance(self.budget, bool)
            or not 0 < self.budget <= 1
        ):
            raise ValueError(
                f"budget is the share of the stream to label, in (0, 1]; got "
                f"{self.budget!r}."
            )
        runs = {}
        for name in self.accuracy:
            accuracy = _check_runs(name, self.accuracy[name], n_seen.shape[0])
            labels = _check_runs(name, self.n_labels[name], n_seen.shape[0])
            if labels.shape != accuracy.shape:
                raise ValueError(
                    f"n_labels[{name!r}] has shape {labels.shape} but "
                    f"accuracy[{name!r}] has shape {accuracy.shape}."
                )
            runs[name] = accuracy, labels
        return n_seen, runs

    def plot(
        self, ax=None, *, title=None, std_display_style="fill_between", line_kw=None,
        fill_between_kw=None, errorbar_kw=None,
    ):
        """Draw the accuracy and labels-spent curves.

        Colours come from the accuracy axes' property cycle and everything
        else from the active matplotlib style; the ``*_kw`` dictionaries
        override what skactive sets, as in scikit-learn's displays, in both
        panels.

        Parameters
        ----------
        ax : matplotlib Axes, pair of Axes, or None, default=None
            Where to draw. ``None``: a new figure with two panels sharing
            the stream axis. A pair ``(accuracy_ax, labels_ax)``: one panel
            each. A single Axes: the accuracy on it and the labels spent,
            dotted, on a twin y axis to its right.
        title : str or None, default=None
            Title of the accuracy axes.
        std_display_style : {"fill_between", "errorbar"} or None, \
                default="fill_between"
            How to show the spread over runs: a shaded band, error bars
            (about twenty per curve), or not at all. The legend's title says
            what it is. Nothing is shown for a single run.
        line_kw : dict or None, default=None
            Passed to ``ax.plot`` for every mean curve.
        fill_between_kw : dict or None, default=None
            Passed to ``ax.fill_between`` for every band.
        errorbar_kw : dict or None, default=None
            Passed to ``ax.errorbar`` when ``std_display_style="errorbar"``.

        Returns
        -------
        display : StreamSimulationDisplay
            ``self``, with the drawn objects stored.
        """
        check_std_display_style(std_display_style)
        n_seen, runs = self._check()
        accuracy_ax, labels_ax, twin = self._axes(ax)
        baseline = self._baseline_name()
        n_runs = sorted({accuracy.shape[1] for accuracy, _ in runs.values()})
        spread = std_display_style if max(n_runs) > 1 else None
        band_alpha = 0.2 if len(runs) <= 2 else 0.1
        self.lines_, self.labels_lines_ = {}, {}
        self.fill_between_, self.labels_fill_between_ = {}, {}
        self.errorbar_, self.labels_errorbar_ = {}, {}
        for name, (accuracy, labels) in runs.items():
            is_baseline = name == baseline
            share = float(labels[-1].mean() / n_seen[-1])
            kw = {"linestyle": "--" if is_baseline else "-",
                  "label": f"{name} ({share:.1%} labeled)",
                  "zorder": 3 if is_baseline else 4}
            line = self._curve(accuracy_ax, name, n_seen, accuracy, kw, is_baseline, spread,
                               line_kw, fill_between_kw, errorbar_kw, band_alpha,
                               self.lines_, self.fill_between_, self.errorbar_)
            labels_kw = {**kw, "color": line.get_color(), "label": "_" + name}
            if twin:
                labels_kw["linestyle"] = ":"
            self._curve(labels_ax, name, n_seen, labels, labels_kw, is_baseline, spread,
                        line_kw, fill_between_kw, errorbar_kw, band_alpha,
                        self.labels_lines_, self.labels_fill_between_,
                        self.labels_errorbar_)
        self.budget_line_ = None
        if self.budget is not None:
            (self.budget_line_,) = labels_ax.plot(
                n_seen, self.budget * n_seen, color=_rc("axes.labelcolor"), alpha=0.6,
                linestyle="-." if twin else ":", linewidth=1.2, zorder=2,
                label=f"budget: {self.budget:.0%} of the stream",
            )
            labels_ax.legend(loc="upper left")
        accuracy_ax.set_ylabel("Prequential accuracy")
        labels_ax.set_ylabel("Labels spent (dotted)" if twin else "Labels spent")
        labels_ax.set_xlabel("Samples seen")
        if not twin and not accuracy_ax.get_shared_x_axes().joined(accuracy_ax, labels_ax):
            accuracy_ax.set_xlabel("Samples seen")
        for axes in {accuracy_ax, labels_ax}:
            axes.margins(x=0.015)
        legend_title = None
        if spread is not None:
            runs_text = "/".join(str(n) for n in n_runs)
            shape = "bands" if spread == "fill_between" else "bars"
            legend_title = (f"lines: mean of {runs_text} runs; {shape}: ±1 std,\n"
                            "clipped to the runs' range")
        accuracy_ax.legend(loc="best", title=legend_title)
        if title is not None:
            accuracy_ax.set_title(title)
        self.ax_, self.labels_ax_, self.figure_ = accuracy_ax, labels_ax, accuracy_ax.figure
        return self

    @staticmethod
    def _axes(ax):
        if ax is None:
            _, (accuracy_ax, labels_ax) = _import_pyplot().subplots(
                2, 1, sharex=True, figsize=(7, 6), height_ratios=(3, 2),
                layout="constrained")
            return accuracy_ax, labels_ax, False
        if isinstance(ax, (tuple, list, np.ndarray)):
            axes = list(np.ravel(np.asarray(ax, dtype=object)))
            if len(axes) != 2:
                raise ValueError(
                    f"ax must be one Axes or a pair (accuracy_ax, labels_ax); got "
                    f"{len(axes)} axes."
                )
            return axes[0], axes[1], False
        return ax, ax.twinx(), True

    @staticmethod
    def _curve(ax, name, n_seen, runs, kw, is_baseline, spread, line_kw, fill_between_kw,
               errorbar_kw, band_alpha, lines, bands, bars):
        mean, std = runs.mean(axis=1), runs.std(axis=1)
        low = np.maximum(mean - std, runs.min(axis=1))
        high = np.minimum(mean + std, runs.max(axis=1))
        if spread == "errorbar":
            container = ax.errorbar(
                n_seen, mean, yerr=np.vstack([mean - low, high - mean]),
                **{**kw, "capsize": 2, "errorevery": max(1, n_seen.shape[0] // 20),
                   **(line_kw or {}), **(errorbar_kw or {})},
            )
            bars[name] = container
            lines[name] = container.lines[0]
            return lines[name]
        (line,) = ax.plot(n_seen, mean, **{**kw, **(line_kw or {})})
        lines[name] = line
        if spread == "fill_between":
            bands[name] = ax.fill_between(n_seen, low, high, **{
                "color": line.get_color(), "linewidth": 0,
                "alpha": (0.6 if is_baseline else 1) * band_alpha,
                **(fill_between_kw or {}),
            })
        return line

    @classmethod
    def from_simulation(cls, results, *, budget="auto", baseline=None, ax=None,
                        title=None, **plot_kw):
        """Plot what :func:`~skactive.model_selection.stream_simulation` returned.

        Parameters
        ----------
        results : Bunch, list of Bunch, or dict of str to Bunch or list of Bunch
            One simulation; several runs of one strategy (seeds); or, per
            strategy name, one simulation or several runs. Every run must
            cover the same stream in the same chunks (equal ``n_seen``).
        budget : "auto", float or None, default="auto"
            The budget's line; ``"auto"``: the learners' ``budget`` when
            they all have the same one, else no line.
        baseline : str or None, default=None
            Strategy drawn dashed; ``None``: random selection.
        ax : matplotlib Axes, pair of Axes, or None, default=None
            See :meth:`plot`.
        title : str or None, default=None
            Title of the accuracy axes.
        **plot_kw
            ``std_display_style``, ``line_kw``, ``fill_between_kw``,
            ``errorbar_kw``: see :meth:`plot`.

        Returns
        -------
        display : StreamSimulationDisplay

        Examples
        --------
        >>> from sklearn.datasets import load_digits
        >>> from sklearn.naive_bayes import MultinomialNB
        >>> from skactive import StreamLearner
        >>> from skactive.model_selection import stream_simulation
        >>> from skactive.plotting import StreamSimulationDisplay
        >>> from skactive.strategies import StreamRandomSampling, VariableUncertainty
        >>> X, y = load_digits(return_X_y=True)
        >>> results = {
        ...     name: [stream_simulation(StreamLearner(MultinomialNB(), strategy,
        ...                                            budget=0.1, random_state=seed),
        ...                              X[:600], y[:600], n_initial=20, chunk_size=20)
        ...            for seed in range(2)]
        ...     for name, strategy in [("variable uncertainty", VariableUncertainty()),
        ...                            ("random", StreamRandomSampling())]}
        >>> display = StreamSimulationDisplay.from_simulation(results)
        >>> display.labels_ax_.get_ylabel()
        'Labels spent'
        """
        if not isinstance(results, dict) or _is_simulation(results):
            results = {"stream": results}
        n_seen, accuracy, n_labels, budgets = None, {}, {}, set()
        for name, runs in results.items():
            runs = [runs] if not isinstance(runs, (list, tuple)) else list(runs)
            if not runs:
                raise ValueError(f"results[{name!r}] has no run.")
            for run in runs:
                if not _is_simulation(run):
                    raise TypeError(
                        f"results[{name!r}] must be what stream_simulation returned (or "
                        f"a list of those), got {type(run).__name__}."
                    )
                seen = np.asarray(run["n_seen"])
                if n_seen is None:
                    n_seen = seen
                elif not np.array_equal(seen, n_seen):
                    raise ValueError(
                        f"the runs of results[{name!r}] do not cover the stream in the "
                        "same chunks as the first run (their n_seen differ); plot "
                        "simulations of one stream with one chunk_size together."
                    )
                learner = run.get("learner")
                budgets.add(getattr(learner, "budget", None))
            accuracy[name] = np.column_stack([np.asarray(run["accuracy"]) for run in runs])
            n_labels[name] = np.column_stack([np.asarray(run["n_labels"]) for run in runs])
        if isinstance(budget, str) and budget == "auto":
            budget = budgets.pop() if len(budgets) == 1 else None
        display = cls(n_seen, accuracy, n_labels, budget=budget, baseline=baseline)
        return display.plot(ax=ax, title=title, **plot_kw)


def _is_simulation(obj):
    return isinstance(obj, dict) and {"n_seen", "accuracy", "n_labels"} <= obj.keys()
