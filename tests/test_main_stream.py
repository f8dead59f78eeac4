"""The command's stream runs: ``skactive --stream ...``."""

import json
import subprocess
import sys

import numpy as np
import pytest
from numpy.testing import assert_allclose
from sklearn.datasets import load_iris, load_wine
from sklearn.linear_model import SGDClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skactive import StreamLearner
from skactive.__main__ import STREAM_STRATEGY_NAMES, available_strategies, main
from skactive.model_selection import stream_simulation
from skactive.strategies import StreamRandomSampling, VariableUncertainty

STREAM_CHOICES = ", ".join(STREAM_STRATEGY_NAMES)


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def error_of(capsys, *args):
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("skactive: error: ")
    return err.strip()[len("skactive: error: "):]


def table(out):
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("strategy"))
    rows = {}
    for line in lines[start + 1:]:
        if not line.strip():
            break
        name, accuracy, _, std, labels, share, speed = line.split()
        rows[name] = (float(accuracy), float(std), float(labels), float(share),
                      float(speed.replace(",", "")))
    return lines[start], rows


def simulate(strategy, X, y, seed, budget, n_initial=10, chunk_size=10):
    """What the command runs, written out: the same model, seeds and stream."""
    model = make_pipeline(StandardScaler(), SGDClassifier(loss="log_loss", random_state=seed))
    learner = StreamLearner(model, strategy, budget=budget, random_state=seed)
    return stream_simulation(learner, X, y, n_initial=n_initial, chunk_size=chunk_size)


@pytest.fixture(scope="module")
def wine_file(tmp_path_factory):
    """Wine as a CSV, in the file's order (sorted by class, as load_wine is)."""
    X, y = load_wine(return_X_y=True)
    path = tmp_path_factory.mktemp("data") / "wine.csv"
    header = ",".join(f"f{i}" for i in range(X.shape[1])) + ",label"
    np.savetxt(path, np.column_stack([X, y]), delimiter=",", header=header, comments="",
               fmt="%.10g")
    return str(path), X, y


def test_stream_table_is_the_simulation_in_file_order(capsys, wine_file, tmp_path):
    path, X, y = wine_file
    out_json = tmp_path / "stream.json"
    code, out, err = run(capsys, "--stream", "--dataset", path, "--label-column", "label",
                         "--strategies", "variable_uncertainty,random", "--budget", "0.2",
                         "--repeats", "2", "--seed", "3", "--json", str(out_json))
    assert code == 0
    assert out.startswith("wine.csv: 178 samples, 13 features, 3 classes, as a stream in "
                          "file order.\nEach run: the first 10 samples labeled to start, "
                          "then chunks of 10 predicted")
    header, rows = table(out)
    assert header.split() == ["strategy", "prequential", "accuracy", "labels", "spent",
                              "share", "spent", "(budget", "0.2)", "samples/s"]
    # Wine is sorted by class: the first ten rows are all class 0.
    assert err == ("note: the first 10 samples of wine.csv are all of class 0, so the model "
                   "starts from one class; --shuffle mixes the stream\n")
    report = json.loads(out_json.read_text())
    assert report["order"] == "file" and report["budget"] == 0.2 and report["seed"] == 3
    for name, strategy in [("variable_uncertainty", VariableUncertainty()),
                           ("random", StreamRandomSampling())]:
        expected = [simulate(strategy, X, y.astype(int), seed, 0.2) for seed in (3, 4)]
        final = np.array([result.accuracy[-1] for result in expected])
        labels = np.array([result.n_labels[-1] for result in expected])
        accuracy, std, spent, share, speed = rows[name]
        assert accuracy == round(final.mean(), 3) and std == round(final.std(), 3)
        assert spent == round(labels.mean(), 1) and share == round(labels.mean() / 168, 3)
        assert speed > 0
        entry = report["strategies"][name]
        assert_allclose(entry["accuracy"], [result.accuracy for result in expected])
        assert entry["labels_spent"] == labels.tolist()
        assert abs(entry["share_spent_mean"] - 0.2) < 0.03
    assert report["n_seen"] == expected[0].n_seen.tolist()


def test_shuffle_gives_each_run_its_own_order(capsys, tmp_path):
    X, y = load_iris(return_X_y=True)
    out_json = tmp_path / "stream.json"
    code, out, err = run(capsys, "--stream", "--dataset", "iris", "--shuffle",
                         "--strategies", "split", "--repeats", "2", "--chunk-size", "7",
                         "--n-initial", "12", "--quiet", "--json", str(out_json))
    assert code == 0 and err == ""  # shuffled: no one-class note
    assert out.startswith("strategy")  # --quiet: the table only
    from skactive.strategies import Split

    report = json.loads(out_json.read_text())
    assert report["order"] == "shuffled" and report["chunk_size"] == 7
    for seed, curve in zip((0, 1), report["strategies"]["split"]["accuracy"]):
        order = np.random.RandomState(seed).permutation(150)
        expected = simulate(Split(), X[order], y[order], seed, 0.1, n_initial=12,
                            chunk_size=7)
        assert_allclose(curve, expected.accuracy)


def test_stream_plot_is_written(capsys, tmp_path):
    pytest.importorskip("matplotlib")
    image = tmp_path / "stream.png"
    code, out, _ = run(capsys, "--stream", "--dataset", "iris", "--shuffle", "--repeats",
                       "2", "--plot", str(image))
    assert code == 0 and out.rstrip().endswith(f"wrote {image}")
    assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_stream_plot_draws_the_runs(monkeypatch, capsys, tmp_path):
    pytest.importorskip("matplotlib")
    import skactive.plotting

    drawn = {}
    original = skactive.plotting.StreamSimulationDisplay.from_simulation.__func__

    def spy(cls, results, **kwargs):
        drawn["display"] = original(cls, results, **kwargs)
        return drawn["display"]

    monkeypatch.setattr(skactive.plotting.StreamSimulationDisplay, "from_simulation",
                        classmethod(spy))
    out_json = tmp_path / "s.json"
    assert main(["--stream", "--dataset", "iris", "--shuffle", "--quiet", "--json",
                 str(out_json), "--plot", str(tmp_path / "s.svg")]) == 0
    report = json.loads(out_json.read_text())
    display = drawn["display"]
    assert set(display.lines_) == {"variable_uncertainty", "random"}
    for name, line in display.lines_.items():
        assert_allclose(line.get_xdata(), report["n_seen"])
        assert_allclose(line.get_ydata(),
                        np.mean(report["strategies"][name]["accuracy"], axis=0))
        assert_allclose(display.labels_lines_[name].get_ydata(),
                        np.mean(report["strategies"][name]["n_labels"], axis=0))
    assert_allclose(display.budget_line_.get_ydata(), 0.1 * np.asarray(report["n_seen"]))


@pytest.mark.parametrize(
    "args, message",
    [
        (["--stream", "--test-size", "0.3"],
         "--test-size only applies to pool runs, not with --stream; a stream is scored "
         "prequentially, each sample predicted before it is learned"),
        (["--stream", "--n-jobs", "2"], "--n-jobs only applies to pool runs, not with --stream"),
        (["--stream", "--batch-size", "5"],
         "--batch-size only applies to pool runs, not with --stream; --chunk-size sets how "
         "many samples are decided between two updates of the model"),
        (["--stream", "--stopping", "change"],
         "--stopping only applies to pool runs, not with --stream"),
        (["--chunk-size", "5"], "--chunk-size only applies with --stream"),
        (["--shuffle"], "--shuffle only applies with --stream"),
        (["--stream", "--strategies", "variable_uncertainty,margin"],
         "'margin' is a pool strategy, which chooses among a pool; with --stream choose "
         f"from {STREAM_CHOICES}"),
        (["--strategies", "margin,split"],
         "'split' is a stream strategy: add --stream, or choose from adaptive_strategy, "
         "badge, core_set, density_weighted, diverse_batch, entropy, "
         "expected_error_reduction, expected_model_change, greedy_sampling_x, margin, "
         "random, ranked_batch, recommended, uncertainty, variance_reduction"),
        (["--stream", "--strategies", "bald"],
         f"unknown strategy 'bald' for --stream; choose from {STREAM_CHOICES}"),
        (["--stream", "--strategies", "split,split"],
         "strategy 'split' is listed twice in --strategies"),
        (["--stream", "--budget", "150"],
         "argument --budget: with --stream, the budget is the share of the stream that may "
         "be labeled, a number in (0, 1] such as 0.1; got '150'"),
        (["--stream", "--budget", "0"],
         "argument --budget: with --stream, the budget is the share of the stream that may "
         "be labeled, a number in (0, 1] such as 0.1; got '0'"),
        (["--stream", "--budget", "a tenth"],
         "argument --budget: with --stream, the budget is the share of the stream that may "
         "be labeled, a number in (0, 1] such as 0.1; got 'a tenth'"),
        (["--budget", "0.1"], "argument --budget: expected a positive integer, got '0.1'"),
        (["--stream", "--task", "regression"],
         "--task regression does not apply with --stream: the stream strategies decide "
         "for classifiers"),
        (["--stream", "--dataset", "diabetes"],
         "--stream needs class labels; diabetes has continuous labels (a regression "
         "target)"),
        (["--stream", "--dataset", "iris", "--n-initial", "150"],
         "--n-initial 150 leaves no stream: iris has 150 samples"),
        (["--stream", "--chunk-size", "0"],
         "argument --chunk-size: expected a positive integer, got '0'"),
    ],
)
def test_stream_argument_errors(capsys, args, message):
    assert error_of(capsys, *args) == message


def test_errors_come_before_any_simulation(monkeypatch, capsys):
    import skactive.model_selection

    def fail(*args, **kwargs):
        raise AssertionError("a simulation started")

    monkeypatch.setattr(skactive.model_selection, "stream_simulation", fail)
    assert error_of(capsys, "--stream", "--strategies", "uncertainty").startswith(
        "'uncertainty' is a pool strategy")


def test_a_budget_of_one_labels_everything(capsys):
    code, out, _ = run(capsys, "--stream", "--dataset", "iris", "--shuffle", "--budget", "1",
                       "--strategies", "random", "--repeats", "1", "--quiet")
    assert code == 0
    _, rows = table(out)
    assert rows["random"][2:4] == (140.0, 1.0)


def test_stream_names_are_the_discovered_ones_and_help_stays_fast():
    assert STREAM_STRATEGY_NAMES == tuple(available_strategies("stream"))
    assert isinstance(available_strategies("stream")["random"], StreamRandomSampling)
    code = (
        "import sys, contextlib, io\n"
        "from skactive.__main__ import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        "    try:\n"
        "        main(['--help'])\n"
        "    except SystemExit:\n"
        "        pass\n"
        "assert 'sklearn' not in sys.modules and 'numpy' not in sys.modules\n"
        "print(out.getvalue())\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "--stream" in result.stdout and "--chunk-size" in result.stdout
    assert "randomized_variable_uncertainty" in result.stdout
