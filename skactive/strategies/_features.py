"""The feature space a strategy works in: what the final estimator sees."""

import numpy as np
import scipy.sparse as sp
from sklearn.pipeline import Pipeline


def final_estimator(learner):
    """The fitted estimator that produces the predictions.

    For an ``ActiveLearner`` over a Pipeline, this is the Pipeline's last step.

    Examples
    --------
    >>> from sklearn.datasets import load_iris
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.pipeline import make_pipeline
    >>> from sklearn.preprocessing import StandardScaler
    >>> from skactive import ActiveLearner
    >>> from skactive.strategies import final_estimator
    >>> X, y = load_iris(return_X_y=True)
    >>> learner = ActiveLearner(make_pipeline(StandardScaler(), LogisticRegression()))
    >>> final_estimator(learner.fit(X, y))
    LogisticRegression()
    """
    estimator = getattr(learner, "estimator_", learner)
    return estimator[-1] if isinstance(estimator, Pipeline) else estimator


def final_step_features(learner, X):
    """``X`` as the final estimator sees it: ``pipeline[:-1].transform(X)``.

    Without a Pipeline, ``X`` itself (as an array or sparse matrix), so
    feature-space strategies (density, distances, gradients) measure what
    the model measures, after scaling or vectorising.

    Parameters
    ----------
    learner : fitted learner
        ``ActiveLearner`` or any object with an ``estimator_`` attribute.
    X : array-like, sparse matrix, DataFrame or list
        Samples in the learner's input form.

    Returns
    -------
    ndarray or sparse matrix of shape (n_samples, n_features_final)
        Sparse input stays sparse.

    Examples
    --------
    >>> from sklearn.feature_extraction.text import TfidfVectorizer
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.pipeline import make_pipeline
    >>> from skactive import ActiveLearner
    >>> from skactive.strategies import final_step_features
    >>> docs, labels = ["a cat", "a dog", "the cat"], [0, 1, 0]
    >>> learner = ActiveLearner(make_pipeline(TfidfVectorizer(), LogisticRegression()))
    >>> final_step_features(learner.fit(docs, labels), ["the dog"]).shape
    (1, 3)
    """
    estimator = getattr(learner, "estimator_", None)
    if isinstance(estimator, Pipeline) and len(estimator) > 1:
        X = estimator[:-1].transform(X)
    if sp.issparse(X):
        # COO, DIA, BSR... cannot be indexed by row: one conversion here
        # serves every feature-space strategy.
        X = X if X.format in ("csr", "csc") else X.tocsr()
        _check_no_nan(X.data)
        return X
    if hasattr(X, "to_numpy"):
        X = X.to_numpy()
    X = np.asarray(X)
    message = (
        "This strategy measures distances between samples, so it needs "
        f"numeric 2-D features; got an array of dtype {X.dtype} and shape "
        f"{X.shape}. Put a vectorizer in the learner's Pipeline."
    )
    if X.dtype.kind == "O":
        try:  # numbers held in an object array, as estimators accept them
            X = X.astype(np.float64)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"{message} ({exc})") from exc
    if (X.ndim != 2 or X.dtype.kind not in "biuf") and estimator is None and hasattr(
        learner, "estimators_"
    ):
        raise TypeError(
            "This strategy measures distances between samples in one feature "
            f"space, but a {type(learner).__name__} has none: each member "
            "transforms the samples itself (its own vectorizer), and the pool "
            f"holds {X.dtype} values of shape {X.shape}. Vectorize the samples "
            "once, before the committee, or use a committee strategy such as "
            "vote_entropy_sampling."
        )
    if X.ndim != 2 or X.dtype.kind not in "biuf":
        raise TypeError(message)
    _check_no_nan(X)
    return X


def _check_no_nan(values):
    # An estimator may predict from rows with missing values (gradient
    # boosting does), but distances, densities and gradients of them are NaN.
    if values.dtype.kind == "f" and values.size and np.isnan(np.min(values)):
        raise ValueError(
            "The samples hold NaN (missing values) in the features the final "
            "estimator sees; this strategy measures those features (distances, "
            "densities or gradients), which NaN leaves undefined. Impute them in "
            "the learner's Pipeline (sklearn.impute.SimpleImputer), or use a "
            "strategy that reads only the predictions, such as margin_sampling."
        )
