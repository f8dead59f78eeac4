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
    if X.ndim != 2 or X.dtype.kind not in "biuf":
        raise TypeError(message)
    return X
