"""Reading a data set for the command: built-in, CSV or NPY, never unpickling.

Every problem with a file becomes a :class:`DataFileError` whose message
names the file, and the line and column when there is one.
"""

import csv
import math
import os

import numpy as np

CLASSIFICATION_DATASETS = ("digits", "breast_cancer", "wine", "iris")
REGRESSION_DATASETS = ("diabetes", "friedman1")
DATASETS = CLASSIFICATION_DATASETS + REGRESSION_DATASETS


def infer_task(y):
    """``"regression"`` for a label column of numbers that are not all integers."""
    try:
        values = np.asarray(y, dtype=float)
    except (TypeError, ValueError):
        return "classification"
    integral = np.all(np.isfinite(values) & (values == np.round(values)))
    return "classification" if integral else "regression"


class DataFileError(ValueError):
    """A data set that cannot be read, with a one-line explanation."""


def load_dataset(name, label_column=None):
    """``(X, y, description)`` of a built-in data set or a CSV/NPY file."""
    if name in DATASETS:
        if label_column is not None:
            raise DataFileError(
                "--label-column only applies to data files, not to the built-in "
                f"{name!r}"
            )
        from sklearn import datasets

        if name == "friedman1":  # synthetic: Friedman (1991), fixed seed
            X, y = datasets.make_friedman1(n_samples=500, noise=1.0, random_state=0)
        else:
            X, y = getattr(datasets, f"load_{name}")(return_X_y=True)
        return X.astype(float), y, name
    looks_like_path = os.sep in name or "/" in name or os.path.splitext(name)[1]
    if not os.path.exists(name) and not looks_like_path:
        raise DataFileError(
            f"unknown data set {name!r}; choose {', '.join(DATASETS)}, "
            "or give the path of a .csv or .npy file"
        )
    if label_column is None:
        raise DataFileError(
            "--label-column is required with a data file: give the name or index of "
            "the column holding the labels"
        )
    if os.path.isdir(name):
        raise DataFileError(f"cannot read {name!r}: it is a directory")
    if name.lower().endswith(".npy"):
        X, y = _load_npy(name, label_column)
    else:
        X, y = _load_csv(name, label_column)
    return X, y, os.path.basename(name)


def _load_npy(path, label_column):
    try:
        with open(path, "rb") as handle:
            magic = handle.read(6)
        if magic != b"\x93NUMPY":
            # np.load would take it for a pickle; say what it really is.
            raise DataFileError(
                f"cannot read {path!r} as a .npy file: no NumPy header"
            )
        data = np.load(path, allow_pickle=False)
    except DataFileError:
        raise
    except OSError as exc:
        raise DataFileError(f"cannot read {path!r}: {exc.strerror or exc}") from None
    except ValueError as exc:
        if "Object arrays" in str(exc) or "pickle" in str(exc):
            raise DataFileError(
                f"{path!r} holds pickled Python objects, which skactive never loads; "
                "save a plain numeric array with numpy.save"
            ) from None
        raise DataFileError(f"cannot read {path!r} as a .npy file: {exc}") from None
    if not isinstance(data, np.ndarray):  # an .npz archive saved under .npy
        raise DataFileError(f"{path!r} is not a single .npy array")
    if data.ndim != 2 or data.shape[1] < 2:
        raise DataFileError(
            f"{path!r} holds an array of shape {data.shape}; expected a 2-D array with "
            "the features and the label column"
        )
    if data.dtype.kind not in "biuf":
        raise DataFileError(f"{path!r} holds {data.dtype} values; expected numbers")
    try:
        index = int(label_column)
    except ValueError:
        raise DataFileError(
            f"a .npy file has no column names; give --label-column as an index, "
            f"not {label_column!r}"
        ) from None
    n_columns = data.shape[1]
    if not -n_columns <= index < n_columns:
        raise DataFileError(
            f"label column {index} does not exist: {path!r} has {n_columns} columns "
            f"(0 to {n_columns - 1})"
        )
    X = np.delete(data, index % n_columns, axis=1).astype(float)
    if not np.isfinite(X).all():
        row, column = np.argwhere(~np.isfinite(X))[0]
        raise DataFileError(
            f"{path!r}, row {row}, feature column {column}: not a finite number"
        )
    return X, data[:, index]


def _load_csv(path, label_column):
    try:
        with open(path, newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                raise DataFileError(f"{path!r} is empty")
            label = _label_index(header, label_column, path)
            features, labels = [], []
            for row in reader:
                if not row or all(not field.strip() for field in row):
                    continue
                line = reader.line_num
                if len(row) != len(header):
                    raise DataFileError(
                        f"{path!r}, line {line}: {len(row)} fields, but the header has "
                        f"{len(header)}"
                    )
                features.append(
                    [_number(field, path, line, header[j])
                     for j, field in enumerate(row) if j != label]
                )
                labels.append(row[label].strip())
    except OSError as exc:
        raise DataFileError(f"cannot read {path!r}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise DataFileError(f"cannot read {path!r}: it is not UTF-8 text") from None
    except csv.Error as exc:
        raise DataFileError(f"{path!r}: not a valid CSV file ({exc})") from None
    if not labels:
        raise DataFileError(f"{path!r} has a header but no data rows")
    if len(header) < 2:
        raise DataFileError(f"{path!r} has no feature columns besides the labels")
    y = np.asarray(labels)
    if all(_is_int(value) for value in labels):
        y = y.astype(int)
    return np.asarray(features, dtype=float), y


def _label_index(header, label_column, path):
    names = [name.strip() for name in header]
    if label_column in names:
        if names.count(label_column) > 1:
            raise DataFileError(f"{path!r} has several columns named {label_column!r}")
        return names.index(label_column)
    if _is_int(label_column):
        index = int(label_column)
        if -len(names) <= index < len(names):
            return index % len(names)
    raise DataFileError(
        f"label column {label_column!r} not found in {path!r}; its columns are "
        f"{', '.join(repr(name) for name in names)} (or give an index from 0 to "
        f"{len(names) - 1})"
    )


def _number(field, path, line, column):
    try:
        value = float(field)
    except ValueError:
        value = None
    if value is None or not math.isfinite(value):
        shown = repr(field) if field.strip() else "an empty field"
        raise DataFileError(
            f"{path!r}, line {line}, column {column.strip()!r}: {shown} is not a "
            "finite number (feature columns must be numeric)"
        )
    return value


def _is_int(text):
    try:
        int(text)
    except ValueError:
        return False
    return True
