"""Reading a data set for the command: built-in, CSV or NPY, never unpickling.

Every problem with a file becomes a :class:`DataFileError` whose message
names the file, and the line and column when there is one. Reading is
bounded: only regular files are read (``/dev/zero`` would never end), and a
``.npy`` header is checked against the file's size before any allocation.
"""

import csv
import math
import os
import stat

CLASSIFICATION_DATASETS = ("digits", "breast_cancer", "wine", "iris")
REGRESSION_DATASETS = ("diabetes", "friedman1")
DATASETS = CLASSIFICATION_DATASETS + REGRESSION_DATASETS


def infer_task(y):
    """``"regression"`` for a label column of numbers that are not all integers."""
    import numpy as np

    try:
        values = np.asarray(y, dtype=float)
    except (TypeError, ValueError):
        return "classification"
    integral = np.all(np.isfinite(values) & (values == np.round(values)))
    return "classification" if integral else "regression"


# A header line longer than this is not the header of a CSV file.
_MAX_HEADER_BYTES = 1 << 20


class DataFileError(ValueError):
    """A data set that cannot be read, with a one-line explanation."""


class _Irregular(Exception):
    """The fast reader met something only the line-by-line reader explains."""


def load_dataset(name, label_column=None, delimiter=None):
    """``(X, y, description)`` of a built-in data set or a CSV/NPY file."""
    if name in DATASETS:
        if label_column is not None:
            raise DataFileError(
                "--label-column only applies to data files, not to the built-in "
                f"{name!r}"
            )
        if delimiter is not None:
            raise DataFileError(
                f"--delimiter only applies to CSV files, not to the built-in {name!r}"
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
    check_readable_file(name)
    if name.lower().endswith(".npy"):
        if delimiter is not None:
            raise DataFileError("--delimiter only applies to CSV files, not to .npy")
        X, y = _load_npy(name, label_column)
    else:
        X, y = _load_csv(name, label_column, "," if delimiter is None else delimiter)
    return X, y, os.path.basename(name)


def check_readable_file(path):
    """Refuse what is not a regular file: reading a device or a pipe is unbounded."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise DataFileError(f"cannot read {path!r}: {exc.strerror or exc}") from None
    if stat.S_ISDIR(mode):
        raise DataFileError(f"cannot read {path!r}: it is a directory")
    if not stat.S_ISREG(mode):
        raise DataFileError(
            f"cannot read {path!r}: not a regular file (a device or a pipe); save the "
            "data to a .csv or .npy file first"
        )


# -- NPY ------------------------------------------------------------------------


def _npy_header(handle, path):
    """``(shape, dtype)`` from the header, checked against the file's size."""
    import numpy as np
    from numpy.lib import format as npy

    if handle.read(6) != b"\x93NUMPY":
        # np.load would take it for a pickle; say what it really is.
        raise DataFileError(f"cannot read {path!r} as a .npy file: no NumPy header")
    handle.seek(0)
    try:
        version = npy.read_magic(handle)
        readers = {(1, 0): npy.read_array_header_1_0, (2, 0): npy.read_array_header_2_0}
        if version not in readers:
            return None, None  # np.load checks newer headers itself
        shape, _, dtype = readers[version](handle)
    except ValueError as exc:
        raise DataFileError(f"cannot read {path!r} as a .npy file: {exc}") from None
    if dtype.hasobject:
        raise DataFileError(
            f"{path!r} holds pickled Python objects, which skactive never loads; "
            "save a plain numeric array with numpy.save"
        )
    needed = math.prod(shape) * dtype.itemsize
    available = os.fstat(handle.fileno()).st_size - handle.tell()
    if needed > available:
        raise DataFileError(
            f"{path!r} is truncated or its header is wrong: the header announces "
            f"an array of shape {tuple(shape)} ({np.dtype(dtype).name}, {needed} "
            f"bytes) but the file holds {available} bytes of data"
        )
    return shape, dtype


def _load_npy(path, label_column):
    import numpy as np

    try:
        with open(path, "rb") as handle:
            _npy_header(handle, path)
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
    y = data[:, index]
    if y.dtype.kind == "f":
        missing = np.flatnonzero(~np.isfinite(y))
        if missing.shape[0]:
            raise DataFileError(
                f"{path!r}, row {missing[0]}, label column {index}: {y[missing[0]]} "
                "is not a class label (a missing value?); every row needs a label"
            )
    # Non-integer numbers stay numbers: a regression target (the command
    # infers the task from them, or --task says it).
    return X, y


# -- CSV ------------------------------------------------------------------------


def _read_header(path, delimiter):
    """The header's field names; ``utf-8-sig`` drops a byte order mark."""
    with open(path, "rb") as raw:
        first = raw.readline(_MAX_HEADER_BYTES)
    if len(first) == _MAX_HEADER_BYTES and not first.endswith(b"\n"):
        raise DataFileError(
            f"{path!r}: the first line is longer than {_MAX_HEADER_BYTES} bytes; "
            "expected a CSV file with a header row"
        )
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DataFileError(f"cannot read {path!r}: it is not UTF-8 text") from None
    if not text.strip():
        return None
    try:
        return next(csv.reader([text], delimiter=delimiter), None)
    except csv.Error as exc:
        raise DataFileError(f"{path!r}: not a valid CSV file ({exc})") from None


def _load_csv(path, label_column, delimiter):
    try:
        header = _read_header(path, delimiter)
    except OSError as exc:
        raise DataFileError(f"cannot read {path!r}: {exc.strerror or exc}") from None
    if header is None:
        raise DataFileError(f"{path!r} is empty")
    label = _label_index(header, label_column, path)
    try:
        import pandas  # noqa: F401 (optional: ten times faster on large files)
    except ImportError:
        pandas = None
    if pandas is not None:
        try:
            return _load_csv_pandas(path, header, label, delimiter)
        except _Irregular:
            pass  # the line-by-line reader finds the line and says what is wrong
    return _load_csv_python(path, header, label, delimiter)


def _load_csv_pandas(path, header, label, delimiter):
    """The fast reader; any irregularity is left to the line-by-line one,
    which defines the behaviour and the messages."""
    import numpy as np
    import pandas as pd

    options = {}
    if int(pd.__version__.split(".")[0]) < 3:
        options["float_precision"] = "round_trip"  # float() exactly, as below
    try:
        frame = pd.read_csv(
            path, sep=delimiter, header=None, skiprows=1, names=range(len(header)),
            dtype={label: str}, keep_default_na=False, na_values=[],
            encoding="utf-8", engine="c", quotechar='"', **options,
        )
    except (ValueError, pd.errors.ParserError, UnicodeDecodeError, OSError):
        raise _Irregular from None
    if frame.shape[0] == 0 or len(header) < 2:
        raise _Irregular
    features = frame.drop(columns=label)
    if not all(dtype.kind in "biuf" for dtype in features.dtypes):
        raise _Irregular  # text or empty fields in a feature column
    X = features.to_numpy(dtype=float)
    if not np.isfinite(X).all():
        raise _Irregular
    labels = [str(value).strip() for value in frame[label].tolist()]
    if not all(labels) or any(_is_nan(value) for value in labels):
        raise _Irregular  # a missing label: the other reader gives its line
    return X, _class_labels(labels, None, path, header[label])


def _load_csv_python(path, header, label, delimiter):
    import numpy as np

    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle, delimiter=delimiter)
            next(reader, None)
            features, labels, lines = [], [], []
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
                lines.append(line)
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
    return np.asarray(features, dtype=float), _class_labels(
        labels, lines, path, header[label]
    )


def _class_labels(labels, lines, path, column):
    """The labels as written: integers only when every label is a plain
    integer that reads back the same (``"01"`` stays ``"01"``)."""
    import numpy as np

    column = column.strip()
    for i, value in enumerate(labels):
        if not value or _is_nan(value):
            where = f"line {lines[i]}" if lines is not None else f"row {i}"
            shown = "empty" if not value else f"{value!r}, a missing value"
            raise DataFileError(
                f"{path!r}, {where}, column {column!r}: the label is {shown}; every "
                "row needs a class label"
            )
    if all(_is_plain_int(value) for value in labels):
        return np.asarray([int(value) for value in labels])
    numbers = [_finite_float(value) for value in labels]
    if all(number is not None for number in numbers):
        if any(number != math.floor(number) for number in numbers):
            return np.asarray(numbers, dtype=float)  # a regression target
    return np.asarray(labels)


def _continuous_message(what, examples):
    shown = ", ".join(str(value) for value in examples)
    return (
        f"{what} holds continuous numbers ({shown}, ...): it looks like a "
        "regression target, but the command compares classifiers and needs class "
        "labels"
    )


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
    value = _finite_float(field)
    if value is None:
        shown = repr(field) if field.strip() else "an empty field (a missing value)"
        raise DataFileError(
            f"{path!r}, line {line}, column {column.strip()!r}: {shown} is not a "
            "finite number (feature columns must be numeric)"
        )
    return value


def _finite_float(text):
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _is_nan(text):
    try:
        return math.isnan(float(text))
    except ValueError:
        return False


def _is_plain_int(text):
    return _is_int(text) and str(int(text)) == text


def _is_int(text):
    try:
        int(text)
    except ValueError:
        return False
    return True
