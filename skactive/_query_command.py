"""``skactive query``: the active learning loop over two CSV files.

::

    skactive query --labeled labeled.csv --pool pool.csv -n 20 --output to_label.csv

``pool.csv`` holds the rows that could be labeled: an id column (``--id-column``,
default ``id``) and numeric feature columns. ``labeled.csv`` holds the labels
known so far: the same feature columns (found by name), the label column
(``--label-column``, default ``label``) and, for rows that came from the pool,
their id. Any other column (the ``score`` written here, notes) is ignored, and
a row whose label is still empty counts as not labeled yet.

The command trains a scaled ``LogisticRegression`` on the labeled rows, scores
every pool row whose id is not labeled yet, and writes the ``n`` to label
next, most informative first: their id, their score (the strategy's utility,
higher = more informative), their features and an empty label column. Fill in
the labels, append those rows to ``labeled.csv`` and run the same command
again: the loop goes on from there.
"""

import argparse
import csv
import os
import sys

import numpy as np

from ._datafiles import DataFileError, _is_int, _number

DEFAULT_STRATEGY = "margin"


class QueryError(Exception):
    """A problem with the arguments or the files: one line, exit code 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise QueryError(message)


def build_parser():
    parser = _Parser(
        prog="skactive query",
        description=(
            "Write the pool rows to label next. Trains a scaled LogisticRegression on "
            "the labeled CSV file, scores the pool rows that are not labeled yet and "
            "writes the N most informative ones (id, score, features, an empty label "
            "column). Label them, append them to the labeled file and run the command "
            "again to continue."
        ),
    )
    parser.add_argument("--labeled", required=True, metavar="CSV",
                        help="labels known so far: the feature columns, the label "
                             "column and (for pool rows) the id column; empty labels "
                             "are ignored")
    parser.add_argument("--pool", required=True, metavar="CSV",
                        help="rows that could be labeled: the id column and the "
                             "numeric feature columns")
    parser.add_argument("-n", "--n-instances", type=_positive_int, default=10,
                        metavar="N", help="rows to write (default: 10)")
    parser.add_argument("--output", required=True, metavar="CSV",
                        help="where to write the rows to label next")
    parser.add_argument("--id-column", default="id", metavar="COLUMN",
                        help="column holding the row ids (default: id)")
    parser.add_argument("--label-column", default="label", metavar="COLUMN",
                        help="column holding the labels (default: label)")
    parser.add_argument("--strategy", default=DEFAULT_STRATEGY, metavar="NAME",
                        help=f"query strategy, as in 'skactive --strategies' "
                             f"(default: {DEFAULT_STRATEGY})")
    parser.add_argument("--seed", type=int, default=0, metavar="N",
                        help="random seed for ties and for the first, random rows "
                             "(default: 0)")
    return parser


def _positive_int(text):
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return value


# -- reading ------------------------------------------------------------------------


def _read_csv(path, option):
    """``(header, rows)`` of a CSV file, every problem as one line naming the file."""
    if os.path.isdir(path):
        raise QueryError(f"{option} {path}: is a directory")
    try:
        with open(path, newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                raise QueryError(f"{option} {path}: the file is empty")
            header = [name.strip() for name in header]
            rows = []
            for row in reader:
                if not row or all(not field.strip() for field in row):
                    continue
                if len(row) != len(header):
                    raise QueryError(
                        f"{path!r}, line {reader.line_num}: {len(row)} fields, but the "
                        f"header has {len(header)}"
                    )
                rows.append((reader.line_num, row))
    except OSError as exc:
        raise QueryError(f"{option} {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise QueryError(f"{option} {path}: it is not UTF-8 text") from None
    except csv.Error as exc:
        raise QueryError(f"{option} {path}: not a valid CSV file ({exc})") from None
    for name in header:
        if header.count(name) > 1:
            raise QueryError(f"{path!r} has several columns named {name!r}")
    return header, rows


def _features(path, header, rows, columns):
    index = [header.index(name) for name in columns]
    try:
        return np.array(
            [[_number(row[j], path, line, header[j]) for j in index]
             for line, row in rows],
            dtype=float,
        ).reshape(len(rows), len(index))
    except DataFileError as exc:
        raise QueryError(str(exc)) from None


def read_pool(path, id_column):
    """``(ids, X, feature_columns)`` of the pool file."""
    header, rows = _read_csv(path, "--pool")
    if id_column not in header:
        raise QueryError(
            f"--pool {path}: no id column {id_column!r} (its columns are "
            f"{', '.join(map(repr, header))}); add one or name it with --id-column"
        )
    columns = [name for name in header if name != id_column]
    if not columns:
        raise QueryError(f"--pool {path}: no feature columns besides {id_column!r}")
    if not rows:
        raise QueryError(f"--pool {path}: the header has no data rows")
    j = header.index(id_column)
    ids = [row[j].strip() for _, row in rows]
    seen = {}
    for (line, _), row_id in zip(rows, ids):
        if not row_id:
            raise QueryError(f"{path!r}, line {line}: the id is empty")
        if row_id in seen:
            raise QueryError(
                f"{path!r}, line {line}: id {row_id!r} is already used on line "
                f"{seen[row_id]}; ids must be unique"
            )
        seen[row_id] = line
    return ids, _features(path, header, rows, columns), columns


def read_labeled(path, columns, label_column, id_column):
    """``(ids, X, y)`` of the labeled rows (``ids`` holds ``None`` where absent)."""
    header, rows = _read_csv(path, "--labeled")
    missing = [name for name in [*columns, label_column] if name not in header]
    if missing:
        raise QueryError(
            f"--labeled {path}: missing column(s) {', '.join(map(repr, missing))}; it "
            f"needs the pool's feature columns and the label column {label_column!r}"
        )
    label = header.index(label_column)
    rows = [(line, row) for line, row in rows if row[label].strip()]
    X = _features(path, header, rows, columns)
    labels = [row[label].strip() for _, row in rows]
    y = np.asarray(labels, dtype=object if not labels else None)
    if labels and all(_is_int(value) for value in labels):
        y = y.astype(int)
    if id_column in header:
        j = header.index(id_column)
        ids = [row[j].strip() or None for _, row in rows]
    else:
        ids = [None] * len(rows)
    return ids, X, y


# -- the command ----------------------------------------------------------------------


def _strategy(name):
    from .__main__ import available_strategies

    available = available_strategies()
    short = name.strip().removesuffix("_sampling")
    if short not in available:
        raise QueryError(
            f"unknown strategy {name!r}; choose from {', '.join(available)}"
        )
    return available[short]


def run(args):
    strategy = _strategy(args.strategy)
    pool_ids, X_pool, columns = read_pool(args.pool, args.id_column)
    labeled_ids, X_labeled, y = read_labeled(
        args.labeled, columns, args.label_column, args.id_column
    )
    output_dir = os.path.dirname(os.path.abspath(args.output))
    if not os.path.isdir(output_dir):
        raise QueryError(f"--output {args.output}: folder {output_dir!r} does not exist")
    done = {row_id for row_id in labeled_ids if row_id is not None}
    remaining = np.array([row_id not in done for row_id in pool_ids])
    n_left = int(remaining.sum())
    if n_left == 0:
        raise QueryError(
            f"every row of {args.pool} is labeled in {args.labeled}: nothing left to ask"
        )
    n = min(args.n_instances, n_left)
    X_left = X_pool[remaining]
    ids_left = [row_id for row_id, keep in zip(pool_ids, remaining) if keep]

    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from . import ActiveLearner
    from .strategies import random_sampling

    estimator = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    n_classes = np.unique(y).shape[0] if y.shape[0] else 0
    if n_classes < 2:
        # No classifier yet: the first rows are drawn at random.
        learner = ActiveLearner(estimator, query_strategy=random_sampling,
                                random_state=args.seed)
        how = (f"{y.shape[0]} labeled rows in {n_classes} class(es), too few to train "
               "on: drawn at random")
    else:
        learner = ActiveLearner(estimator, query_strategy=strategy,
                                random_state=args.seed)
        learner.fit(X_labeled, y)
        how = (f"trained on {y.shape[0]} labeled rows ({n_classes} classes), "
               f"ranked by {args.strategy}")
    positions, scores = learner.query(X_left, n_instances=n, return_scores=True)
    try:
        with open(args.output, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow([args.id_column, "score", *columns, args.label_column])
            for position in positions:
                writer.writerow([ids_left[position], repr(float(scores[position])),
                                 *(repr(float(v)) for v in X_left[position]), ""])
    except OSError as exc:
        raise QueryError(f"--output {args.output}: {exc.strerror or exc}") from None
    print(f"{args.output}: {n} rows to label next, of {n_left} not labeled yet ({how}). "
          f"Fill in the {args.label_column!r} column and append the rows to "
          f"{args.labeled}.")
    return 0


def main(argv):
    """Run ``skactive query``; the exit code (2 for bad arguments or files)."""
    try:
        return run(build_parser().parse_args(argv))
    except QueryError as exc:
        print(f"skactive query: error: {exc}", file=sys.stderr)
        return 2
