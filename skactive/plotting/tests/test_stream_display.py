import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn.linear_model import LogisticRegression
from sklearn.utils import Bunch

from skactive import StreamLearner
from skactive.model_selection import stream_simulation
from skactive.plotting import StreamSimulationDisplay
from skactive.strategies import StreamRandomSampling, VariableUncertainty

N_SEEN = np.array([10, 20, 30])
ACCURACY = {
    "variable uncertainty": np.array([[0.5, 0.7], [0.6, 0.8], [0.7, 0.9]]),
    "random": np.array([[0.5, 0.5], [0.6, 0.6], [0.6, 0.8]]),
}
N_LABELS = {
    "variable uncertainty": np.array([[1, 1], [2, 2], [3, 3]]),
    "random": np.array([[1, 2], [2, 2], [2, 5]]),
}


@pytest.fixture
def pyplot():
    plt = pytest.importorskip("matplotlib.pyplot")
    yield plt
    plt.close("all")


def _run(strategy, seed, X, y):
    learner = StreamLearner(LogisticRegression(), strategy, budget=0.2, random_state=seed)
    return stream_simulation(learner, X, y, n_initial=20, chunk_size=30)


@pytest.fixture(scope="module")
def simulations():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(200, 2))
    y = (X[:, 0] + 0.5 * rng.normal(size=200) > 0).astype(int)
    return {
        "variable uncertainty": [_run(VariableUncertainty(), seed, X, y) for seed in (0, 1)],
        "random": [_run(StreamRandomSampling(), seed, X, y) for seed in (0, 1)],
    }


def test_lines_are_the_simulations_numbers(pyplot, simulations):
    display = StreamSimulationDisplay.from_simulation(simulations)
    for name, runs in simulations.items():
        accuracy = np.mean([run.accuracy for run in runs], axis=0)
        labels = np.mean([run.n_labels for run in runs], axis=0)
        assert_allclose(display.lines_[name].get_xdata(), runs[0].n_seen)
        assert_allclose(display.lines_[name].get_ydata(), accuracy)
        assert_allclose(display.labels_lines_[name].get_xdata(), runs[0].n_seen)
        assert_allclose(display.labels_lines_[name].get_ydata(), labels)
        # One strategy, one colour, in both panels.
        assert display.labels_lines_[name].get_color() == display.lines_[name].get_color()
    # The budget of the learners, 0.2 of the samples seen.
    assert_allclose(display.budget_line_.get_ydata(), 0.2 * simulations["random"][0].n_seen)
    assert display.budget_line_.get_label() == "budget: 20% of the stream"
    assert display.lines_["random"].get_linestyle() == "--"
    assert display.lines_["variable uncertainty"].get_linestyle() == "-"
    runs = simulations["random"]
    spent = np.mean([run.n_labels[-1] for run in runs]) / runs[0].n_seen[-1]  # both seeds
    assert display.lines_["random"].get_label() == f"random ({spent:.1%} labeled)"
    assert display.ax_.get_ylabel() == "Prequential accuracy"
    assert display.labels_ax_.get_ylabel() == "Labels spent"
    assert display.labels_ax_.get_xlabel() == "Samples seen"
    assert display.ax_.get_shared_x_axes().joined(display.ax_, display.labels_ax_)
    assert display.figure_ is display.ax_.figure is display.labels_ax_.figure


def test_band_is_one_std_clipped_and_said_in_the_legend(pyplot):
    display = StreamSimulationDisplay(N_SEEN, ACCURACY, N_LABELS).plot()
    assert_allclose(display.lines_["variable uncertainty"].get_ydata(), [0.6, 0.7, 0.8])
    band = display.fill_between_["variable uncertainty"].get_paths()[0].vertices
    assert_allclose(band[:, 1].min(), 0.5) and assert_allclose(band[:, 1].max(), 0.9)
    labels_band = display.labels_fill_between_["random"].get_paths()[0].vertices
    assert_allclose(labels_band[:, 1].min(), 1.0) and assert_allclose(labels_band[:, 1].max(), 5.0)
    title = display.ax_.get_legend().get_title().get_text()
    assert title == "lines: mean of 2 runs; bands: ±1 std,\nclipped to the runs' range"
    assert display.budget_line_ is None  # no budget given
    entries = [text.get_text() for text in display.ax_.get_legend().get_texts()]
    assert entries == ["variable uncertainty (10.0% labeled)", "random (11.7% labeled)"]


def test_a_single_run_has_no_band_and_no_legend_title(pyplot, simulations):
    display = StreamSimulationDisplay.from_simulation(simulations["random"][0])
    assert list(display.lines_) == ["stream"]
    assert display.fill_between_ == {} and display.labels_fill_between_ == {}
    assert display.ax_.get_legend().get_title().get_text() == ""
    assert_allclose(display.lines_["stream"].get_ydata(), simulations["random"][0].accuracy)


def test_errorbar_style_and_none(pyplot):
    display = StreamSimulationDisplay(N_SEEN, ACCURACY, N_LABELS).plot(
        std_display_style="errorbar")
    assert set(display.errorbar_) == set(display.labels_errorbar_) == set(ACCURACY)
    assert display.fill_between_ == {}
    assert display.ax_.get_legend().get_title().get_text().startswith(
        "lines: mean of 2 runs; bars: ±1 std")
    display = StreamSimulationDisplay(N_SEEN, ACCURACY, N_LABELS).plot(std_display_style=None)
    assert display.fill_between_ == {} and display.errorbar_ == {}
    assert display.ax_.get_legend().get_title().get_text() == ""
    with pytest.raises(ValueError, match="std_display_style must be 'fill_between'"):
        StreamSimulationDisplay(N_SEEN, ACCURACY, N_LABELS).plot(std_display_style="bars")


def test_one_axes_gets_a_twin_for_the_labels(pyplot):
    _, ax = pyplot.subplots()
    display = StreamSimulationDisplay(N_SEEN, ACCURACY, N_LABELS, budget=0.1).plot(
        ax=ax, title="digits")
    assert display.ax_ is ax and display.labels_ax_ is not ax
    assert display.labels_ax_.get_shared_x_axes().joined(ax, display.labels_ax_)
    assert display.labels_lines_["variable uncertainty"].get_linestyle() == ":"
    assert display.labels_ax_.get_ylabel() == "Labels spent (dotted)"
    assert ax.get_title() == "digits"
    assert_allclose(display.budget_line_.get_ydata(), [1.0, 2.0, 3.0])


def test_a_pair_of_axes(pyplot):
    _, (left, right) = pyplot.subplots(1, 2)
    display = StreamSimulationDisplay(N_SEEN, ACCURACY, N_LABELS).plot(ax=(left, right))
    assert display.ax_ is left and display.labels_ax_ is right
    # Not sharing the stream axis: both are labeled.
    assert left.get_xlabel() == right.get_xlabel() == "Samples seen"
    with pytest.raises(ValueError, match="ax must be one Axes or a pair"):
        StreamSimulationDisplay(N_SEEN, ACCURACY, N_LABELS).plot(ax=[left])


def test_colours_follow_the_cycle_and_kw_override(pyplot):
    from cycler import cycler

    with pyplot.rc_context({"axes.prop_cycle": cycler(color=["#112233", "#445566"])}):
        display = StreamSimulationDisplay(N_SEEN, ACCURACY, N_LABELS).plot(
            line_kw={"linewidth": 3}, fill_between_kw={"alpha": 0.5})
    assert display.lines_["variable uncertainty"].get_color() == "#112233"
    assert display.labels_lines_["random"].get_color() == "#445566"
    assert display.lines_["random"].get_linewidth() == 3
    assert display.labels_lines_["random"].get_linewidth() == 3
    assert display.fill_between_["random"].get_alpha() == 0.5


def test_bad_inputs_say_what_is_wrong(pyplot, simulations):
    with pytest.raises(ValueError, match="must name the same strategies"):
        StreamSimulationDisplay(N_SEEN, ACCURACY, {"random": N_LABELS["random"]}).plot()
    with pytest.raises(ValueError, match=r"scores\['random'\] has 2 rows but there are 3"):
        StreamSimulationDisplay(N_SEEN, {**ACCURACY, "random": ACCURACY["random"][:2]},
                                N_LABELS).plot()
    with pytest.raises(ValueError, match=r"budget is the share of the stream.*got 2"):
        StreamSimulationDisplay(N_SEEN, ACCURACY, N_LABELS, budget=2).plot()
    with pytest.raises(ValueError, match="baseline='best' is not one of the strategies"):
        StreamSimulationDisplay(N_SEEN, ACCURACY, N_LABELS, baseline="best").plot()
    shorter = Bunch(**{**simulations["random"][0]})
    shorter.n_seen = shorter.n_seen[:-1]
    with pytest.raises(ValueError, match="do not cover the stream in the same chunks"):
        StreamSimulationDisplay.from_simulation({"random": [simulations["random"][0], shorter]})
    with pytest.raises(TypeError, match=r"results\['random'\] must be what stream_simulation"):
        StreamSimulationDisplay.from_simulation({"random": [0.5, 0.6]})


def test_budget_is_not_guessed_from_differing_learners(pyplot, simulations):
    other = Bunch(**{**simulations["random"][0]})
    other.learner = StreamLearner(LogisticRegression(), budget=0.3)
    display = StreamSimulationDisplay.from_simulation(
        {"a": simulations["random"][0], "b": other})
    assert display.budget_line_ is None
    display = StreamSimulationDisplay.from_simulation(
        {"a": simulations["random"][0], "b": other}, budget=0.25)
    assert display.budget_line_.get_label() == "budget: 25% of the stream"
