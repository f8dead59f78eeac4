"""The command on regression data: --task regression, diabetes, friedman1, CSV columns."""

import json

import numpy as np

from skactive.__main__ import available_strategies, main

FAST = ["--budget", "30", "--n-initial", "10", "--batch-size", "10", "--repeats", "2"]


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _rows(out):
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("strategy"))
    names = []
    for line in lines[start + 1:]:
        if not line.strip():
            break
        names.append(line.split()[0])
    return lines[start], names


def test_builtin_regression_sets_default_to_regression(capsys, tmp_path):
    report = tmp_path / "run.json"
    code, out, err = run(capsys, "--dataset", "diabetes", *FAST, "--json", str(report))
    assert code == 0, err
    assert "continuous labels" in out and "StandardScaler + BayesianRidge" in out
    header, names = _rows(out)
    assert "R² @30" in header
    assert sorted(names) == ["greedy_sampling_x", "random"]
    data = json.loads(report.read_text())
    assert data["task"] == "regression" and data["n_classes"] is None
    code, out, _ = run(capsys, "--dataset", "friedman1", *FAST, "--quiet",
                       "--strategies", "improved_greedy,std")
    assert code == 0 and sorted(_rows(out)[1]) == ["improved_greedy", "std"]


def _csv(path, integers):
    rng = np.random.RandomState(0)
    rows = ["a,b,target"]
    for _ in range(80):
        a, b = rng.rand(2)
        target = round(10 * a) if integers else 3 * a - b + 0.1 * rng.randn()
        rows.append(f"{a:.4f},{b:.4f},{target}")
    path.write_text("\n".join(rows) + "\n")
    return str(path)


def test_continuous_label_column_is_inferred_and_task_can_be_forced(capsys, tmp_path):
    continuous = _csv(tmp_path / "continuous.csv", integers=False)
    code, out, err = run(capsys, "--dataset", continuous, "--label-column", "target", *FAST)
    assert code == 0, err
    assert "continuous labels" in out
    integers = _csv(tmp_path / "integers.csv", integers=True)
    code, out, _ = run(capsys, "--dataset", integers, "--label-column", "target", *FAST)
    assert code == 0 and "classes" in out  # integer labels: classification
    code, out, _ = run(capsys, "--dataset", integers, "--label-column", "target", *FAST,
                       "--task", "regression")
    assert code == 0 and "continuous labels" in out


def test_strategies_are_offered_by_task(capsys):
    assert "margin" in available_strategies() and "margin" not in available_strategies(
        "regression")
    assert {"std", "improved_greedy", "greedy_sampling_x", "random"} <= set(
        available_strategies("regression"))
    code, _, err = run(capsys, "--dataset", "diabetes", *FAST, "--strategies", "margin")
    assert code == 2 and "unknown strategy 'margin' for regression" in err
    code, _, err = run(capsys, "--dataset", "iris", *FAST, "--task", "regression",
                       "--strategies", "std", "--quiet")
    assert code == 0, err  # iris classes are numbers: a regression can be forced
