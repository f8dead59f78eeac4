"""Fit parameters kept aligned with a learner's labeled set.

A fit parameter is *per sample* when it is array-like with one entry per
sample (``sample_weight``, as scikit-learn's meta-estimators decide);
every other value (``classes``, a scalar...) is passed as it is. The learner
keeps per-sample values as its own arrays, aligned with ``y_labeled_``,
so each refit sees them for the whole history.
"""

import numpy as np

from .utils import num_rows, take_rows

# A per-sample parameter that has a neutral value: rows that came without it
# count as weight 1 (an unweighted fit is a fit with unit weights).
_NEUTRAL = {"sample_weight": 1.0}


def _is_per_sample(value, n_samples):
    if isinstance(value, (str, bytes, dict)) or not (
        hasattr(value, "__len__") or hasattr(value, "shape")
    ):
        return False
    try:
        return num_rows(value) == n_samples
    except TypeError:
        return False


def sample_fit_params(fit_params, n_samples):
    """``fit_params`` with per-sample values as the learner's own arrays.

    Examples
    --------
    >>> from skactive._fit_params import sample_fit_params
    >>> sample_fit_params({"sample_weight": [1, 2], "check_input": True}, 2)
    {'sample_weight': array([1, 2]), 'check_input': True}
    """
    return {
        key: np.array(value, copy=True) if _is_per_sample(value, n_samples) else value
        for key, value in fit_params.items()
    }


def take_fit_params(fit_params, rows, n_samples):
    """The parameters of the samples at positions ``rows``."""
    return {
        key: take_rows(value, rows) if _is_per_sample(value, n_samples) else value
        for key, value in fit_params.items()
    }


def merge_fit_params(old, new, n_old, n_new):
    """The parameters of the labeled set after ``n_new`` rows joined ``n_old``.

    Per-sample values are concatenated. A ``sample_weight`` given on one side
    only counts as weight 1 on the other; any other per-sample parameter
    missing on one side raises. Other values given anew replace the old ones.

    Examples
    --------
    >>> from skactive._fit_params import merge_fit_params
    >>> merge_fit_params({"sample_weight": np.array([2., 3.])}, {}, 2, 1)
    {'sample_weight': array([2., 3., 1.])}
    """
    merged = dict(old)
    for key in old.keys() | new.keys():
        old_rows = key in old and _is_per_sample(old[key], n_old)
        new_rows = key in new and _is_per_sample(new[key], n_new)
        if not (old_rows or new_rows):
            if key in new:
                merged[key] = new[key]
            continue
        if key not in new or key not in old:
            if key not in _NEUTRAL:
                given, missing = ("fit", "teach") if key in old else ("teach", "fit")
                raise ValueError(
                    f"{given} got the per-sample fit parameter {key!r} but {missing} "
                    f"did not: pass {key} for every labeled row (only "
                    "sample_weight has a default, 1 for rows without one)."
                )
            side = np.full(n_new if key in old else n_old, _NEUTRAL[key])
            parts = [old[key], side] if key in old else [side, new[key]]
        elif old_rows and new_rows:
            parts = [old[key], new[key]]
        else:
            raise ValueError(
                f"The fit parameter {key!r} must have one value per sample both "
                f"in fit and in teach; got {n_old} labeled rows and {n_new} new "
                "ones."
            )
        merged[key] = np.concatenate([np.asarray(part) for part in parts])
    return merged
