"""Learning curves of query strategies, one line and band per strategy."""

import numpy as np

from ..metrics import normalized_area

BASELINE_NAMES = ("random", "random_sampling")


def _import_pyplot():
    try:
        import matplotlib.pyplot as plt
    except ImportError as exc:
        raise ImportError(
            "Plotting learning curves needs matplotlib, an optional dependency of "
            'skactive; install it with: pip install ".[plot]"'
        ) from exc
    return plt


class ActiveLearningCurveDisplay:
    """Learning curves of query strategies: score against number of labels.

    Each strategy gets a line (the mean over runs) and a shaded band (one
    standard deviation, clipped to the range of the runs); the random baseline is a grey dashed line, and the
    score with every training label, when known, a dotted horizontal line.
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

    Attributes
    ----------
    ax_ : matplotlib Axes
        The axes drawn on.
    figure_ : matplotlib Figure
        The figure holding them.
    lines_ : dict of str to matplotlib Line2D
        The mean curve of each strategy.
    fill_between_ : dict of str to matplotlib PolyCollection
        The band of each strategy.
    full_data_line_ : matplotlib Line2D or None
        The full-data level.

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
        baseline=None,
    ):
        self.n_labels = n_labels
        self.scores = scores
        self.score_name = score_name
        self.full_data_scores = full_data_scores
        self.baseline = baseline

    def _baseline_name(self):
        if self.baseline is not None:
            if self.baseline not in self.scores:
                raise ValueError(
                    f"baseline={self.baseline!r} is not one of the strategies "
                    f"{list(self.scores)}."
                )
            return self.baseline
        return next((name for name in self.scores if name in BASELINE_NAMES), None)

    def plot(self, ax=None, *, title=None, show_aulc=True):
        """Draw the curves.

        Parameters
        ----------
        ax : matplotlib Axes or None, default=None
            Where to draw; ``None``: a new figure.
        title : str or None, default=None
            Title of the axes.
        show_aulc : bool, default=True
            Add each strategy's mean AULC to its legend entry.

        Returns
        -------
        display : ActiveLearningCurveDisplay
            ``self``, with the drawn objects stored.
        """
        if ax is None:
            _, ax = _import_pyplot().subplots(figsize=(7, 4.5))
        n_labels = np.asarray(self.n_labels)
        baseline = self._baseline_name()
        self.lines_, self.fill_between_ = {}, {}
        colors = iter(
            ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b",
             "#e377c2", "#17becf", "#bcbd22"]
        )
        # Stacked bands turn muddy: fainter when there are many.
        band_alpha = 0.2 if len(self.scores) <= 2 else 0.1
        for name, runs in self.scores.items():
            runs = np.asarray(runs)
            if runs.shape[0] != n_labels.shape[0]:
                raise ValueError(
                    f"scores[{name!r}] has {runs.shape[0]} rows but there are "
                    f"{n_labels.shape[0]} numbers of labels."
                )
            mean, std = runs.mean(axis=1), runs.std(axis=1)
            is_baseline = name == baseline
            color = "0.35" if is_baseline else next(colors, None)
            label = name
            if show_aulc:
                aulc = np.mean([normalized_area(n_labels, run) for run in runs.T])
                label = f"{name} (AULC {aulc:.3f})"
            (line,) = ax.plot(
                n_labels, mean, linestyle="--" if is_baseline else "-",
                marker="" if is_baseline else "o", markersize=3, color=color,
                label=label, zorder=3 if is_baseline else 4,
            )
            self.lines_[name] = line
            # One standard deviation, but never beyond what a run reached
            # (an accuracy band above 1 would be nonsense).
            low = np.maximum(mean - std, runs.min(axis=1))
            high = np.minimum(mean + std, runs.max(axis=1))
            self.fill_between_[name] = ax.fill_between(
                n_labels, low, high, color=line.get_color(), linewidth=0,
                alpha=(0.6 if is_baseline else 1) * band_alpha,
            )
        self.full_data_line_ = None
        if self.full_data_scores is not None:
            level = float(np.mean(self.full_data_scores))
            self.full_data_line_ = ax.axhline(
                level, color="0.5", linestyle=":", linewidth=1.2,
                label=f"all training labels ({level:.3f})", zorder=2,
            )
        if self.full_data_line_ is not None:
            # axhline does not take part in autoscaling: keep the level visible
            # below the frame.
            low, high = ax.get_ylim()
            if level > high - 0.04 * (high - low):
                ax.set_ylim(low, level + 0.06 * (high - low))
        ax.set_xlabel("Number of labels")
        ax.set_ylabel(self.score_name)
        ax.margins(x=0.015)  # markers at the ends stay whole
        ax.grid(True, alpha=0.3)
        ax.legend(loc="lower right", frameon=True)
        if title is not None:
            ax.set_title(title)
        self.ax_ = ax
        self.figure_ = ax.figure
        return self

    @classmethod
    def from_result(cls, result, *, ax=None, baseline=None, title=None, show_aulc=True):
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

        Returns
        -------
        display : ActiveLearningCurveDisplay
        """
        display = cls(
            result["n_labels"], result["scores"],
            score_name=result.get("score_name", "Score"),
            full_data_scores=result.get("full_data_scores"), baseline=baseline,
        )
        return display.plot(ax=ax, title=title, show_aulc=show_aulc)

    @classmethod
    def from_estimator(
        cls, learner, X, y, *, ax=None, baseline=None, title=None, show_aulc=True,
        **curve_params,
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
            result, ax=ax, baseline=baseline, title=title, show_aulc=show_aulc
        )


def plot_learning_curves(result, ax=None, **kwargs):
    """Plot the learning curves of an ``active_learning_curve`` result.

    One line per strategy (mean over runs) with a band of one standard
    deviation (clipped to the range of the runs), random sampling as a grey dashed baseline, the number of
    labels on the x axis.

    Parameters
    ----------
    result : Bunch
        What :func:`~skactive.model_selection.active_learning_curve` returned.
    ax : matplotlib Axes or None, default=None
        Where to draw; ``None``: a new figure.
    **kwargs
        ``baseline``, ``title``, ``show_aulc``: see
        :meth:`ActiveLearningCurveDisplay.from_result`.

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
