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
    assert set(rows) == {"recommended", "random"}
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
        ("x,z,label\n1,,a\n",
         "line 2, column 'z': an empty field (a missing value) is not a finite number"),
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
        '--plot needs matplotlib; install it with: pip install ".[plot]"'
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


def test_output_that_cannot_be_written(capsys, tmp_path, no_simulation):
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



# -- issue 12 / 19: labels as written, bounded reading, outputs checked first ------------


@pytest.fixture
def no_simulation(monkeypatch):
    """Fail the test if a simulation starts: errors must come before it."""
    import skactive.model_selection

    def refuse(*args, **kwargs):
        raise AssertionError("the simulation ran before the error was found")

    monkeypatch.setattr(skactive.model_selection, "active_learning_curve", refuse)


@pytest.fixture(params=["pandas", "csv module"])
def reader(request, monkeypatch):
    """Run a test with the fast pandas reader and with the fallback."""
    if request.param == "pandas":
        pytest.importorskip("pandas")
    else:
        monkeypatch.setitem(sys.modules, "pandas", None)
    return request.param


def test_csv_labels_are_kept_as_written(tmp_path, reader):
    path = write(tmp_path, "d.csv", "x,y\n1,01\n2,1\n3,2\n4,01\n5, 1\n6,2\n")
    _, y, _ = load_dataset(path, "y")
    assert y.tolist() == ["01", "1", "2", "01", "1", "2"]
    assert np.unique(y).tolist() == ["01", "1", "2"]
    # Plain integers that read back the same become numbers.
    path = write(tmp_path, "e.csv", "x,y\n1,-3\n2,10\n3,0\n")
    _, y, _ = load_dataset(path, "y")
    assert y.dtype.kind == "i" and y.tolist() == [-3, 10, 0]
    # "1.0" and "1" are written differently: two classes, as written.
    path = write(tmp_path, "f.csv", "x,y\n1,1.0\n2,1\n")
    assert load_dataset(path, "y")[1].tolist() == ["1.0", "1"]


@pytest.mark.parametrize(
    "text, message",
    [
        ("x,label\n1,a\n\n2,\n3,b\n",
         "line 4, column 'label': the label is empty; every row needs a class label"),
        ("x,label\n1,a\n2,  \n",
         "line 3, column 'label': the label is empty"),
        ("x,label\n1,a\n2,NaN\n",
         "line 3, column 'label': the label is 'NaN', a missing value"),
        ("label,x\n,1\n",
         "line 2, column 'label': the label is empty"),
    ],
)
def test_missing_labels_are_refused_with_their_line(capsys, tmp_path, reader, text,
                                                    message, no_simulation):
    path = write(tmp_path, "d.csv", text)
    assert error_of(capsys, "--dataset", path, "--label-column", "label").startswith(
        f"'{path}', {message}"
    )


def test_continuous_label_column_is_called_a_regression_target(capsys, tmp_path, reader,
                                                               no_simulation):
    # Non-integer labels are a regression task (tests/test_main_regression.py);
    # integer amounts that would make every class a single row are refused
    # with a pointer to --task regression.
    # Integer amounts: every "class" a single row.
    rows = "\n".join(f"{i},{1000 + 7 * i}" for i in range(40))
    path = write(tmp_path, "amounts.csv", "x,amount\n" + rows + "\n")
    assert error_of(capsys, "--dataset", path, "--label-column", "amount").endswith(
        "its 40 distinct numbers in 40 rows look like a regression target: pass "
        "--task regression"
    )


def test_nan_label_in_npy(capsys, tmp_path, no_simulation):
    data = np.column_stack([np.arange(6.0), [0, 1, np.nan, 0, 1, 0]])
    np.save(tmp_path / "d.npy", data)
    assert error_of(capsys, "--dataset", str(tmp_path / "d.npy"), "--label-column",
                    "1") == (
        f"'{tmp_path / 'd.npy'}', row 2, label column 1: nan is not a class label (a "
        "missing value?); every row needs a label"
    )


def test_npy_header_claiming_a_huge_shape(capsys, tmp_path, no_simulation):
    from numpy.lib import format as npy

    path = tmp_path / "huge.npy"
    with open(path, "wb") as handle:
        npy.write_array_header_1_0(handle, {"descr": "<f8", "fortran_order": False,
                                            "shape": (10**12, 3)})
        handle.write(np.zeros(6).tobytes())
    assert error_of(capsys, "--dataset", str(path), "--label-column", "0") == (
        f"'{path}' is truncated or its header is wrong: the header announces an array "
        "of shape (1000000000000, 3) (float64, 24000000000000 bytes) but the file "
        "holds 48 bytes of data"
    )


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
@pytest.mark.parametrize("name", ["/dev/zero", "/dev/zero.npy"])
def test_reading_a_device_is_refused_not_attempted(capsys, tmp_path, name, no_simulation):
    path = name
    if name.endswith(".npy"):
        path = str(tmp_path / "zero.npy")
        os.symlink("/dev/zero", path)
    assert error_of(capsys, "--dataset", path, "--label-column", "0") == (
        f"cannot read '{path}': not a regular file (a device or a pipe); save the data "
        "to a .csv or .npy file first"
    )


def test_byte_order_mark_is_not_part_of_the_first_name(tmp_path, reader):
    path = tmp_path / "bom.csv"
    path.write_bytes("label,x\na,1\nb,2\n".encode("utf-8-sig"))
    X, y, _ = load_dataset(str(path), "label")
    assert y.tolist() == ["a", "b"] and X.tolist() == [[1.0], [2.0]]


def test_delimiter(capsys, tmp_path, reader):
    path = write(tmp_path, "d.csv", "x;y;label\n1,5;2;a\n3;4;b\n")
    # A decimal comma is not a number: said, not misread.
    with pytest.raises(ValueError, match="line 2, column 'x': '1,5' is not a finite"):
        load_dataset(path, "label", ";")
    path = write(tmp_path, "d.csv", "x;y;label\n1.5;2;a\n3;4;b\n")
    X, y, _ = load_dataset(path, "label", ";")
    assert X.tolist() == [[1.5, 2.0], [3.0, 4.0]] and y.tolist() == ["a", "b"]
    path = write(tmp_path, "t.tsv", "x\ty\tlabel\n1\t2\ta\n")
    assert load_dataset(path, "label", "\t")[1].tolist() == ["a"]
    assert error_of(capsys, "--delimiter", "::") == (
        "argument --delimiter: expected one character (or 'tab'), got '::'"
    )
    assert error_of(capsys, "--dataset", "iris", "--delimiter", ";") == (
        "--delimiter only applies to CSV files, not to the built-in 'iris'"
    )


def test_both_readers_give_the_same_data(tmp_path, monkeypatch):
    pytest.importorskip("pandas")
    rng = np.random.RandomState(0)
    values = rng.standard_normal((200, 3)) * 10.0 ** rng.randint(-20, 20, size=(200, 3))
    lines = ["a,b,label,c"] + [
        f"{float(r[0])!r},{float(r[1])!r},{['x', '07', '7'][i % 3]},{float(r[2])!r}"
        for i, r in enumerate(values)
    ]
    path = write(tmp_path, "d.csv", "\n".join(lines) + "\n")
    X_fast, y_fast, _ = load_dataset(path, "label")
    monkeypatch.setitem(sys.modules, "pandas", None)
    X_slow, y_slow, _ = load_dataset(path, "label")
    np.testing.assert_array_equal(X_fast, values)
    np.testing.assert_array_equal(X_slow, values)
    assert y_fast.tolist() == y_slow.tolist() == [["x", "07", "7"][i % 3]
                                                  for i in range(200)]


@pytest.mark.parametrize("same", ["json", "plot", "relative", "link"])
def test_an_output_never_overwrites_the_input(capsys, tmp_path, monkeypatch, same,
                                              no_simulation):
    pytest.importorskip("matplotlib")
    data = tmp_path / "d.csv"
    data.write_text("x,label\n" + "\n".join(f"{i},{i % 2}" for i in range(40)) + "\n")
    before = data.read_bytes()
    monkeypatch.chdir(tmp_path)
    option, path = {
        "json": ("--json", str(data)),
        "plot": ("--plot", str(data)),
        "relative": ("--json", "./sub/../d.csv"),
        "link": ("--json", str(tmp_path / "link.csv")),
    }[same]
    (tmp_path / "sub").mkdir()
    os.symlink(data, tmp_path / "link.csv")
    message = error_of(capsys, "--dataset", str(data), "--label-column", "label",
                       option, path)
    if same == "plot":
        assert "is not an image format" in message or "is the input" in message
    else:
        assert message == f"--json {path} is the input data set; choose another file name"
    assert data.read_bytes() == before


def test_the_two_outputs_must_differ(capsys, tmp_path, no_simulation):
    pytest.importorskip("matplotlib")
    out = str(tmp_path / "x.png")
    assert error_of(capsys, *FAST, "--plot", out, "--json", out) == (
        f"--plot and --json both name {out}; give each its own file"
    )
    assert not os.path.exists(out)


@pytest.mark.parametrize("name", ["curves.txt", "curves", "curves.csv"])
def test_unsupported_plot_format(capsys, tmp_path, name, no_simulation):
    pytest.importorskip("matplotlib")
    path = str(tmp_path / name)
    message = error_of(capsys, *FAST, "--plot", path)
    extension = os.path.splitext(name)[1]
    found = f"'{extension}'" if extension else "no extension"
    assert message.startswith(
        f"--plot {path}: {found} is not an image format matplotlib writes; end the name "
        "with one of "
    )
    assert ".png" in message and ".pdf" in message and ".svg" in message


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="needs file permissions (root writes anywhere)")
def test_unwritable_outputs_found_before_the_simulations(capsys, tmp_path, no_simulation):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    assert error_of(capsys, *FAST, "--json", str(locked / "r.json")) == (
        f"--json {locked / 'r.json'}: Permission denied"
    )
    read_only = tmp_path / "r.json"
    read_only.write_text("{}")
    read_only.chmod(0o400)
    assert error_of(capsys, *FAST, "--json", str(read_only)) == (
        f"--json {read_only}: Permission denied"
    )


@pytest.mark.parametrize("dataset, n_pool", [("iris", 112), ("wine", 133)])
def test_default_budget_is_capped_at_the_pool(capsys, dataset, n_pool):
    code, out, err = run(capsys, "--dataset", dataset, "--strategies", "random",
                         "--repeats", "1", "--batch-size", "40", "--quiet")
    assert code == 0
    n_samples = {"iris": 150, "wine": 178}[dataset]
    assert err == (
        f"note: budget capped at {n_pool}, the pool of {dataset} ({n_samples} samples "
        f"minus {n_samples - n_pool} held out for testing); --budget sets it\n"
    )
    assert f"accuracy @{n_pool}" in out


def test_help_is_fast_and_lists_every_strategy():
    """--help imports neither scikit-learn nor NumPy, and names every strategy."""
    code = (
        "import sys, contextlib, io\n"
        "from skactive.__main__ import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        "    try:\n"
        "        main(['--help'])\n"
        "    except SystemExit:\n"
        "        pass\n"
        "assert 'sklearn' not in sys.modules and 'numpy' not in sys.modules, "
        "sorted(m for m in sys.modules if m.startswith(('sklearn', 'numpy')))[:3]\n"
        "print(out.getvalue())\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "--delimiter" in result.stdout
    from skactive.__main__ import STRATEGY_NAMES, available_strategies

    assert STRATEGY_NAMES == tuple(available_strategies())
