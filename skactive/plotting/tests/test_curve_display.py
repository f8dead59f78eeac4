import subprocess
import sys

import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.utils import Bunch

from skactive import ActiveLearner
from skactive.plotting import ActiveLearningCurveDisplay, plot_learning_curves
from skactive.strategies import margin_sampling, random_sampling

N_LABELS = np.array([10, 20, 30])
SCORES = {
    "margin": np.array([[0.4, 0.6], [0.7, 0.9], [0.9, 0.9]]),
    "random": np.array([[0.4, 0.6], [0.6, 0.6], [0.7, 0.9]]),
}
RESULT = Bunch(n_labels=N_LABELS, scores=SCORES, score_name="Accuracy",
               full_data_scores=np.array([0.95, 0.97]))


@pytest.fixture
def pyplot():
    plt = pytest.importorskip("matplotlib.pyplot")
    yield plt
    plt.close("all")


def test_one_line_and_band_per_strategy_random_dashed(pyplot):
    display = plot_learning_curves(RESULT)
    margin, random = display.lines_["margin"], display.lines_["random"]
    assert_allclose(margin.get_xdata(), N_LABELS)
    assert_allclose(margin.get_ydata(), [0.5, 0.8, 0.9])
    assert margin.get_linestyle() == "-" and random.get_linestyle() == "--"
    assert margin.get_label() == "margin (AULC 0.750)"
    # The band spans one standard deviation around the mean.
    band = display.fill_between_["margin"].get_paths()[0].vertices
    assert_allclose(band[:, 1].min(), 0.4) and assert_allclose(band[:, 1].max(), 1.0)
    assert_allclose(display.full_data_line_.get_ydata(), [0.96, 0.96])
    assert display.ax_.get_xlabel() == "Number of labels"
    assert display.ax_.get_ylabel() == "Accuracy"
    assert display.ax_.get_ylim()[1] > 0.96  # the full-data level stays in view


def test_draws_on_the_given_axes_without_aulc(pyplot):
    _, ax = pyplot.subplots()
    display = plot_learning_curves(RESULT, ax=ax, show_aulc=False, title="digits")
    assert display.ax_ is ax and display.figure_ is ax.figure
    assert display.lines_["random"].get_label() == "random"
    assert ax.get_title() == "digits"


def test_chosen_baseline_and_no_baseline(pyplot):
    display = plot_learning_curves(RESULT, baseline="margin")
    assert display.lines_["margin"].get_linestyle() == "--"
    no_random = Bunch(**{**RESULT, "scores": {"margin": SCORES["margin"]}})
    assert plot_learning_curves(no_random).lines_["margin"].get_linestyle() == "-"
    with pytest.raises(ValueError, match="baseline='best' is not one of the strategies"):
        plot_learning_curves(RESULT, baseline="best")


def test_scores_that_do_not_match_the_labels(pyplot):
    bad = Bunch(**{**RESULT, "scores": {"margin": SCORES["margin"][:2]}})
    with pytest.raises(ValueError, match="scores\\['margin'\\] has 2 rows but there are 3"):
        plot_learning_curves(bad)


@pytest.mark.parametrize("scores, shape", [
    (np.array([0.4, 0.7, 0.9]), "(3,)"),
    (np.zeros((3, 2, 1)), "(3, 2, 1)"),
])
def test_scores_that_are_not_one_column_per_run(pyplot, scores, shape):
    bad = Bunch(**{**RESULT, "scores": {"margin": scores}})
    with pytest.raises(ValueError, match=(
        f"scores\\['margin'\\] has shape {shape.replace('(', '.').replace(')', '.')}; "
        "expected a 2-D array of shape \\(n_points, n_runs\\) = \\(3, n_runs\\), one "
        "column per run \\(a single run: scores\\[:, None\\]\\)"
    )):
        plot_learning_curves(bad)


def test_from_estimator_runs_the_curve(pyplot):
    X, y = load_iris(return_X_y=True)
    learner = ActiveLearner(LogisticRegression(max_iter=1000), budget=20, n_initial=5,
                            batch_size=5)
    display = ActiveLearningCurveDisplay.from_estimator(
        learner, X, y, strategies={"margin": margin_sampling, "random": random_sampling},
        n_repeats=1, random_state=0,
    )
    assert_allclose(display.lines_["margin"].get_xdata(), [5, 10, 15, 20])


def test_clear_error_without_matplotlib(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match=r'pip install "\.\[plot\]"'):
        plot_learning_curves(RESULT)


def test_importing_skactive_never_imports_optional_dependencies():
    code = (
        "import sys, skactive, skactive.metrics, skactive.model_selection, "
        "skactive.plotting, skactive.__main__; "
        "print(sorted(m for m in ('matplotlib', 'tqdm') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


def test_stop_points_are_marked_on_their_strategy_curve():
    pytest.importorskip("matplotlib")
    from skactive.plotting import ActiveLearningCurveDisplay

    display = ActiveLearningCurveDisplay(
        np.array([10, 20, 30]),
        {"margin": np.array([[0.5, 0.6], [0.7, 0.8], [0.9, 0.9]])},
        stops={"margin": {"stable": {"n_labels": np.array([20, 30]),
                                     "scores": np.array([0.8, 0.9])}}},
    ).plot()
    marker = display.stop_markers_["margin", "stable"]
    np.testing.assert_allclose(marker.get_xydata(), [[25.0, 0.85]])
    assert marker.get_color() == display.lines_["margin"].get_color()
    assert "median 25 labels" in marker.get_label()
    with pytest.raises(ValueError, match="no curve"):
        ActiveLearningCurveDisplay(
            np.array([10, 20]), {"margin": np.ones((2, 1))},
            stops={"random": {"x": {"n_labels": [10], "scores": [1.0]}}}).plot()


def test_colours_follow_the_axes_cycle_and_the_legend_names_the_band(pyplot):
    from cycler import cycler

    _, ax = pyplot.subplots()
    ax.set_prop_cycle(cycler(color=["#000001", "#000002"]))
    display = plot_learning_curves(RESULT, ax=ax)
    assert display.lines_["margin"].get_color() == "#000001"
    assert display.lines_["random"].get_color() == "#000002"
    # The band has its line's colour.
    assert_allclose(display.fill_between_["margin"].get_facecolor()[0][:3],
                    [0, 0, 1 / 255])
    title = ax.get_legend().get_title().get_text()
    assert title == "lines: mean of 2 runs; bands: ±1 std,\nclipped to the runs' range"


def test_line_and_fill_between_kw_override_the_defaults(pyplot):
    display = plot_learning_curves(
        RESULT, line_kw={"linewidth": 4, "marker": "s"},
        fill_between_kw={"alpha": 0.5, "hatch": "//"},
    )
    assert display.lines_["margin"].get_linewidth() == 4
    assert display.lines_["margin"].get_marker() == "s"
    assert display.fill_between_["random"].get_alpha() == 0.5
    assert display.fill_between_["random"].get_hatch() == "//"


def test_errorbar_and_no_spread(pyplot):
    display = plot_learning_curves(RESULT, std_display_style="errorbar",
                                   errorbar_kw={"capsize": 5})
    assert display.fill_between_ == {} and set(display.errorbar_) == {"margin", "random"}
    bars = display.errorbar_["margin"].lines[2][0].get_segments()
    # At 20 labels the runs are 0.7 and 0.9: mean 0.8, bars from 0.7 to 0.9.
    assert_allclose(bars[1][:, 1], [0.7, 0.9])
    assert "bars: ±1 std" in display.ax_.get_legend().get_title().get_text()
    plain = plot_learning_curves(RESULT, std_display_style=None)
    assert plain.fill_between_ == {} and plain.errorbar_ == {}
    assert plain.ax_.get_legend().get_title().get_text() == ""
    with pytest.raises(ValueError, match="std_display_style must be 'fill_between'"):
        plot_learning_curves(RESULT, std_display_style="band")


def test_the_style_applies(pyplot):
    with pyplot.style.context("dark_background"):
        display = plot_learning_curves(RESULT)
        assert display.full_data_line_.get_color() == "white"
