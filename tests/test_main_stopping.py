"""``skactive --stopping NAME``: where a criterion would stop, in the table and plot."""

import json

import pytest

from skactive.__main__ import main

FAST = ["--dataset", "iris", "--budget", "30", "--n-initial", "6", "--batch-size", "8",
        "--repeats", "2", "--quiet"]


def test_stopping_adds_labels_and_accuracy_at_stop(capsys, tmp_path):
    code = main([*FAST, "--stopping", "stabilizing", "--json", str(tmp_path / "r.json")])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    header = out.splitlines()[0]
    assert "labels at stop" in header and header.rstrip().endswith("accuracy at stop")
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["stopping"] == "stabilizing"
    for name, row in report["strategies"].items():
        assert len(row["labels_at_stop"]) == 2
        assert all(6 <= n <= 30 for n in row["labels_at_stop"])
        assert 0 <= row["runs_stopped"] <= 2
        assert 0 < row["accuracy_at_stop_mean"] <= 1
        assert f"{row['accuracy_at_stop_mean']:.3f} ±" in out


def test_stopping_is_marked_on_the_plot(capsys, tmp_path, monkeypatch):
    pytest.importorskip("matplotlib")
    import skactive.plotting._curve_display as display_module

    marked = []
    plot_stops = display_module.ActiveLearningCurveDisplay._plot_stops

    def spy(self, ax):
        plot_stops(self, ax)
        marked.extend(self.stop_markers_)

    monkeypatch.setattr(display_module.ActiveLearningCurveDisplay, "_plot_stops", spy)
    code = main([*FAST, "--stopping", "change", "--plot", str(tmp_path / "c.png")])
    assert code == 0
    assert sorted(marked) == [("random", "change"), ("recommended", "change")]


def test_unknown_stopping_name_lists_the_choices(capsys):
    code = main([*FAST, "--stopping", "kappa"])
    _, err = capsys.readouterr()
    assert code == 2
    assert "stabilizing" in err and "convergence" in err
