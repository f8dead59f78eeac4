"""The command: ``python -m skactive`` / ``skactive``."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from skactive.__main__ import load_dataset, main

# Small and quick: iris, 30 labels, 2 repeats.
FAST = ["--dataset", "iris", "--budget", "30", "--n-initial", "6", "--batch-size", "8",
        "--repeats", "2"]


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def table_rows(out):
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("strategy"))
    rows = {}
    for line in lines[start + 1:]:
        if not line.strip():
            break
        name, aulc, _, aulc_std, accuracy, _, accuracy_std, labels = line.split()
        rows[name] = (float(aulc), float(aulc_std), float(accuracy), labels)
    return lines[start].split(), rows


def test_main_job_compares_the_default_with_random_on_digits():
    """The README's main job, exactly as CI runs it."""
    result = subprocess.run([sys.executable, "-m", "skactive"], capture_output=True,
                            text=True, check=True)
    header, rows = table_rows(result.stdout)
    assert header == ["strategy", "AULC", "±", "std", "accuracy", "@150", "labels", "to",
                      "95%"]
    assert set(rows) == {"diverse_batch", "random"}
    assert result.stdout.startswith("digits: 1797 samples, 64 features, 10 classes")
    for aulc, std, accuracy, labels in rows.values():
        assert 0.5 < aulc < accuracy <= 1 and 0 <= std < 0.1
    assert result.stderr == ""  # not a terminal: no progress bar


def test_table_json_and_plot(capsys, tmp_path):
    pytest.importorskip("matplotlib")
    code, out, err = run(capsys, *FAST, "--strategies", "margin,entropy,random",
                         "--json", str(tmp_path / "run.json"),
                         "--plot", str(tmp_path / "curves.png"))
    assert code == 0 and err == ""
    header, rows = table_rows(out)
    assert set(rows) == {"margin", "entropy", "random"}
    assert out.rstrip().endswith(f"wrote {tmp_path / 'run.json'} and {tmp_path / 'curves.png'}")
    assert (tmp_path / "curves.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    report = json.loads((tmp_path / "run.json").read_text())
    assert report["n_labels"] == [6, 14, 22, 30]
    assert (report["n_pool"], report["n_test"]) == (112, 38)
    margin = report["strategies"]["margin"]
    assert len(margin["scores"]) == 2 and len(margin["scores"][0]) == 4
    # The table shows what the JSON holds.
    assert rows["margin"][0] == pytest.approx(margin["aulc_mean"], abs=5e-4)
    assert rows["margin"][2] == pytest.approx(np.mean([run[-1] for run in margin["scores"]]),
                                              abs=5e-4)
    # Labels to 95%: the first point of the mean curve at 95% of full data.
    target = 0.95 * report["full_data_accuracy"]["mean"]
    reached = [n for n, score in zip(report["n_labels"], margin["mean"]) if score >= target]
    assert margin["labels_to_95"] == (reached[0] if reached else None)
    assert rows["margin"][3] == (str(reached[0]) if reached else ">30")


def test_quiet_prints_only_the_table(capsys):
    code, out, err = run(capsys, *FAST, "--quiet")
    assert code == 0 and err == ""
    assert out.splitlines()[0].startswith("strategy")
    assert len(out.splitlines()) == 3


def test_same_seed_same_table(capsys):
    first = run(capsys, *FAST, "--seed", "3")[1]
    assert run(capsys, *FAST, "--seed", "3")[1] == first
    assert run(capsys, *FAST, "--seed", "4")[1] != first


def test_csv_and_npy_files(capsys, tmp_path):
    from sklearn.datasets import load_iris

    X, y = load_iris(return_X_y=True)
    lines = ["a,b,species,c,d"] + [
        f"{r[0]},{r[1]},{['setosa', 'versicolor', 'virginica'][t]},{r[2]},{r[3]}"
        for r, t in zip(X, y)
    ]
    (tmp_path / "iris.csv").write_text("\n".join(lines) + "\n\n")
    X_csv, y_csv, name = load_dataset(str(tmp_path / "iris.csv"), "species")
    np.testing.assert_array_equal(X_csv, X)
    assert name == "iris.csv" and y_csv[0] == "setosa" and len(y_csv) == 150
    # An index works too, and the run is the same as with the built-in data.
    X_idx, y_idx, _ = load_dataset(str(tmp_path / "iris.csv"), "2")
    np.testing.assert_array_equal(y_idx, y_csv)
    np.save(tmp_path / "iris.npy", np.column_stack([y, X]))
    X_npy, y_npy, _ = load_dataset(str(tmp_path / "iris.npy"), "0")
    np.testing.assert_array_equal(X_npy, X)
    np.testing.assert_array_equal(y_npy, y)
    builtin = table_rows(run(capsys, *FAST)[1])[1]
    from_npy = table_rows(run(capsys, *FAST[2:], "--dataset", str(tmp_path / "iris.npy"),
                              "--label-column", "0")[1])[1]
    assert from_npy == builtin


def test_integer_labels_in_csv_stay_integers(tmp_path):
    (tmp_path / "d.csv").write_text("x,y\n1.5,0\n2.5,1\n")
    _, y, _ = load_dataset(str(tmp_path / "d.csv"), "y")
    assert y.dtype.kind == "i"


# -- every error: one line on stderr, exit code 2, no traceback ----------------------


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def error_of(capsys, *args):
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("skactive: error: ")
    assert "Traceback" not in err
    return err.strip()[len("skactive: error: "):]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--strategies", "margin,bald"],
         "unknown strategy 'bald'; choose from adaptive_strategy, badge, core_set, "
         "density_weighted, diverse_batch, entropy, expected_error_reduction, "
         "expected_model_change, greedy_sampling_x, margin, random, ranked_batch, "
         "recommended, uncertainty, variance_reduction"),
        (["--strategies", "margin,margin_sampling"],
         "strategy 'margin' is listed twice in --strategies"),
        (["--strategies", " , "],
         "--strategies is empty; choose from adaptive_strategy, badge, core_set, "
         "density_weighted, diverse_batch, entropy, expected_error_reduction, "
         "expected_model_change, greedy_sampling_x, margin, random, ranked_batch, "
         "recommended, uncertainty, variance_reduction"),
        (["--dataset", "mnist"],
         "unknown data set 'mnist'; choose digits, breast_cancer, wine, iris, diabetes, "
         "friedman1, or give the path of a .csv or .npy file"),
        (["--budget", "5000"],
         "--budget 5000 is larger than the pool: digits leaves 1347 samples to label after "
         "holding out 450 for testing; use --budget 1347 or less"),
        (["--dataset", "iris", "--budget", "20", "--n-initial", "30"],
         "--n-initial 30 is larger than --budget 20"),
        (["--budget", "0"], "argument --budget: expected a positive integer, got '0'"),
        (["--repeats", "many"], "argument --repeats: expected a positive integer, got 'many'"),
        (["--n-jobs", "0"], "argument --n-jobs: 0 jobs is not allowed; use 1, 2, ... or -1 for all cores"),
        (["--test-size", "1.5"], "argument --test-size: expected a number between 0 and 1, got '1.5'"),
        (["--frobnicate"], "unrecognized arguments: --frobnicate"),
        (["--dataset", "iris", "--label-column", "species"],
         "--label-column only applies to data files, not to the built-in 'iris'"),
        (["--plot", "/no/such/folder/curves.png"],
         "--plot /no/such/folder/curves.png: folder '/no/such/folder' does not exist"),
    ],
)
def test_argument_errors(capsys, args, message):
    assert error_of(capsys, *args) == message


def test_unreadable_files(capsys, tmp_path):
    missing = str(tmp_path / "missing.csv")
    assert error_of(capsys, "--dataset", missing, "--label-column", "y") == (
        f"cannot read '{missing}': No such file or directory"
    )
    assert error_of(capsys, "--dataset", str(tmp_path), "--label-column", "y") == (
        f"cannot read '{tmp_path}': it is a directory"
    )
    binary = tmp_path / "latin1.csv"
    binary.write_bytes(b"x,y\n\xe9\xff,1\n")
    assert error_of(capsys, "--dataset", str(binary), "--label-column", "y") == (
        f"cannot read '{binary}': it is not UTF-8 text"
    )
    not_npy = write(tmp_path, "text.npy", "x,y\n1,2\n")
    assert error_of(capsys, "--dataset", not_npy, "--label-column", "0") == (
        f"cannot read '{not_npy}' as a .npy file: no NumPy header"
    )


def test_pickled_npy_is_never_loaded(capsys, tmp_path):
    path = tmp_path / "objects.npy"
    np.save(path, np.array([[{"a": 1}, 1], [{"b": 2}, 0]], dtype=object), allow_pickle=True)
    assert error_of(capsys, "--dataset", str(path), "--label-column", "1") == (
        f"'{path}' holds pickled Python objects, which skactive never loads; save a plain "
        "numeric array with numpy.save"
    )


def test_missing_label_column(capsys, tmp_path):
    path = write(tmp_path, "d.csv", "x,z,label\n1,2,a\n3,4,b\n")
    assert error_of(capsys, "--dataset", path) == (
        "--label-column is required with a data file: give the name or index of the "
        "column holding the labels"
    )
    assert error_of(capsys, "--dataset", path, "--label-column", "class") == (
        f"label column 'class' not found in '{path}'; its columns are 'x', 'z', 'label' "
        "(or give an index from 0 to 2)"
    )
    npy = tmp_path / "d.npy"
    np.save(npy, np.zeros((4, 3)))
    assert error_of(capsys, "--dataset", str(npy), "--label-column", "3") == (
        f"label column 3 does not exist: '{npy}' has 3 columns (0 to 2)"
    )
    assert error_of(capsys, "--dataset", str(npy), "--label-column", "label") == (
        "a .npy file has no column names; give --label-column as an index, not 'label'"
    )


@pytest.mark.parametrize(
    "text, message",
    [
        ("x,z,label\n1,2,a\n3,b\n", "line 3: 2 fields, but the header has 3"),
        ("x,z,label\n1,2,a\n3,four,b\n",
         "line 3, column 'z': 'four' is not a finite number (feature columns must be "
         "numeric)"),
        ("x,z,label\n1,,a\n", "line 2, column 'z': an empty field is not a finite number"),
        ("x,z,label\n1,nan,a\n", "line 2, column 'z': 'nan' is not a finite number"),
        ("x,z,label\n1,2,a\n3,\"4,b\n", "line 3: 2 fields, but the header has 3"),
        ("", "is empty"),
        ("x,z,label\n", "has a header but no data rows"),
        ("label\na\nb\n", "has no feature columns besides the labels"),
        ("x,label\n1,a\n2,a\n3,a\n", "d.csv has a single class"),
        ("x,label\n1,a\n2,a\n3,b\n",
         "class 'b' of d.csv has a single sample; every class needs at least two"),
    ],
)
def test_malformed_csv(capsys, tmp_path, text, message):
    path = write(tmp_path, "d.csv", text)
    assert message in error_of(capsys, "--dataset", path, "--label-column", "label")


def test_malformed_npy(capsys, tmp_path):
    path = tmp_path / "d.npy"
    np.save(path, np.zeros(5))
    assert "holds an array of shape (5,); expected a 2-D array" in error_of(
        capsys, "--dataset", str(path), "--label-column", "0"
    )
    data = np.ones((6, 2))
    data[2, 1] = np.inf
    np.save(path, data)
    assert error_of(capsys, "--dataset", str(path), "--label-column", "0") == (
        f"'{path}', row 2, feature column 0: not a finite number"
    )


def test_budget_larger_than_a_file_pool(capsys, tmp_path):
    rows = "\n".join(f"{i},{i % 2}" for i in range(20))
    path = write(tmp_path, "d.csv", "x,label\n" + rows + "\n")
    assert error_of(capsys, "--dataset", path, "--label-column", "label",
                    "--budget", "16") == (
        "--budget 16 is larger than the pool: d.csv leaves 15 samples to label after "
        "holding out 5 for testing; use --budget 15 or less"
    )


def test_plot_without_matplotlib(capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    assert error_of(capsys, *FAST, "--plot", "x.png") == (
        "--plot needs matplotlib; install it with: pip install 'skactive[plot]'"
    )


def test_progress_bar_on_a_terminal_only_without_quiet(capsys, monkeypatch):
    pytest.importorskip("tqdm")
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    code, out, err = run(capsys, *FAST)
    # 2 strategies x 2 runs, and 2 fits on all the labels.
    assert code == 0 and "simulating:   0%" in err and "| 0/6 [" in err
    assert "simulating" not in out
    code, out, err = run(capsys, *FAST, "--quiet")
    assert code == 0 and err == ""


def test_output_that_cannot_be_written(capsys, tmp_path):
    folder = tmp_path / "out.json"
    folder.mkdir()
    assert error_of(capsys, *FAST, "--json", str(folder)) == f"--json {folder}: is a directory"
    if os.geteuid() != 0:  # root writes anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        assert error_of(capsys, *FAST, "--json", str(locked / "r.json")) == (
            f"--json {locked / 'r.json'}: Permission denied"
        )


def test_every_single_model_strategy_with_defaults_is_on_the_command_line():
    from skactive.__main__ import available_strategies
    from skactive.strategies import CoreSet, DensityWeighted, margin_sampling

    available = available_strategies()
    assert available["margin"] is margin_sampling
    assert isinstance(available["core_set"], CoreSet)
    assert isinstance(available["density_weighted"], DensityWeighted)
    assert "vote_entropy" not in available  # committees are not run by the command
