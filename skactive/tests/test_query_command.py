"""``skactive query``: the plain-file labeling loop."""

import csv

import numpy as np
import pytest
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from skactive import ActiveLearner
from skactive.__main__ import main
from skactive.strategies import margin_sampling

COLUMNS = ["sepal_length", "sepal_width", "petal_length", "petal_width"]


def write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture
def files(tmp_path):
    X, y = load_iris(return_X_y=True)
    rng = np.random.RandomState(0)
    order = rng.permutation(y.shape[0])
    X, y = X[order], y[order]
    ids = [f"flower-{i:03d}" for i in range(y.shape[0])]
    seed = np.concatenate([np.flatnonzero(y == c)[:2] for c in range(3)])
    pool = tmp_path / "pool.csv"
    write_csv(pool, ["id", *COLUMNS], [[ids[i], *X[i]] for i in range(y.shape[0])])
    labeled = tmp_path / "labeled.csv"
    write_csv(labeled, ["id", *COLUMNS, "label"], [[ids[i], *X[i], y[i]] for i in seed])
    return {"X": X, "y": y, "ids": ids, "seed": seed, "pool": pool,
            "labeled": labeled, "out": tmp_path / "to_label.csv"}


def query(files, *extra):
    return main(["query", "--labeled", str(files["labeled"]), "--pool",
                 str(files["pool"]), "--output", str(files["out"]), *extra])


def test_writes_the_learners_next_rows_with_ids_and_scores(files, capsys):
    assert query(files, "-n", "5") == 0
    rows = read_csv(files["out"])
    assert list(rows[0]) == ["id", "score", *COLUMNS, "label"]
    # The same learner in Python asks for the same rows, in the same order.
    X, y, seed = files["X"], files["y"], files["seed"]
    left = np.setdiff1d(np.arange(y.shape[0]), seed)
    learner = ActiveLearner(
        make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
        query_strategy=margin_sampling, random_state=0,
    ).fit(X[seed], y[seed])
    positions, scores = learner.query(X[left], n_instances=5, return_scores=True)
    assert [r["id"] for r in rows] == [files["ids"][left[p]] for p in positions]
    np.testing.assert_allclose([float(r["score"]) for r in rows], scores[positions])
    np.testing.assert_allclose([[float(r[c]) for c in COLUMNS] for r in rows],
                               X[left[positions]])
    assert all(r["label"] == "" for r in rows)
    assert "5 rows to label next, of 144 not labeled yet" in capsys.readouterr().out


def test_a_grown_labeled_file_continues_the_loop(files):
    assert query(files, "-n", "4") == 0
    first = read_csv(files["out"])
    by_id = dict(zip(files["ids"], files["y"]))
    # The annotator fills in the labels and appends the rows, score and all.
    with open(files["labeled"], "a", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", *COLUMNS, "label"],
                                extrasaction="ignore")
        for row in first:
            writer.writerow({**row, "label": by_id[row["id"]]})
    assert query(files, "-n", "4") == 0
    second = read_csv(files["out"])
    assert not {r["id"] for r in second} & {r["id"] for r in first}
    seen = {files["ids"][i] for i in files["seed"]}
    assert not {r["id"] for r in second} & seen


def test_rows_with_an_empty_label_stay_in_the_pool(files):
    # Appended but not labeled yet: still to ask, not taught.
    with open(files["labeled"], "a", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerow([files["ids"][149], *files["X"][149], ""])
    assert query(files, "-n", "149") == 0
    ids = [r["id"] for r in read_csv(files["out"])]
    assert len(ids) == 144 and files["ids"][149] in ids


def test_too_few_classes_draws_at_random(files, capsys):
    write_csv(files["labeled"], ["id", *COLUMNS, "label"], [])
    assert query(files, "-n", "3", "--seed", "1") == 0
    first = [r["id"] for r in read_csv(files["out"])]
    assert len(first) == 3
    assert "drawn at random" in capsys.readouterr().out
    assert query(files, "-n", "3", "--seed", "1") == 0
    assert [r["id"] for r in read_csv(files["out"])] == first  # same seed, same rows


@pytest.mark.parametrize("setup, message", [
    (lambda f: write_csv(f["pool"], COLUMNS, [[1, 2, 3, 4]]),
     "no id column 'id'"),
    (lambda f: write_csv(f["pool"], ["id", *COLUMNS], [["a", 1, 2, 3, 4],
                                                        ["a", 1, 2, 3, 5]]),
     "id 'a' is already used on line 2"),
    (lambda f: write_csv(f["labeled"], ["id", "sepal_length", "label"],
                         [["a", 1, 0]]),
     "missing column(s) 'sepal_width'"),
    (lambda f: write_csv(f["pool"], ["id", *COLUMNS], [["a", 1, "x", 3, 4]]),
     "line 2, column 'sepal_width': 'x' is not a finite number"),
])
def test_bad_files_give_one_line_errors(files, capsys, setup, message):
    setup(files)
    assert query(files) == 2
    err = capsys.readouterr().err
    assert err.startswith("skactive query: error: ") and message in err
    assert len(err.strip().splitlines()) == 1


def test_everything_labeled_and_bad_options(files, capsys):
    X, y, ids = files["X"], files["y"], files["ids"]
    write_csv(files["labeled"], ["id", *COLUMNS, "label"],
              [[ids[i], *X[i], y[i]] for i in range(y.shape[0])])
    assert query(files) == 2
    assert "nothing left to ask" in capsys.readouterr().err
    assert query(files, "--strategy", "nonsense") == 2
    assert "unknown strategy 'nonsense'" in capsys.readouterr().err
    assert query(files, "-n", "0") == 2
    assert "expected a positive integer" in capsys.readouterr().err
