"""The one place where skactive touches private or version-dependent API.

Everything imported here is used because scikit-learn offers no public
equivalent; if a future release moves or removes one, only this module changes.
"""

import re

# ``_safe_indexing`` is documented by scikit-learn as importable from
# ``sklearn.utils`` despite its leading underscore.
from sklearn.utils import _safe_indexing
from sklearn.utils.validation import _num_samples

__all__ = ["ReadableReprMixin", "_num_samples", "_safe_indexing"]

# ``<function margin_sampling at 0x7f...>``, also HTML-escaped.
_FUNCTION_REPR = re.compile(r"(?:<|&lt;)function ([\w.<>]+?) at 0x[0-9a-fA-F]+(?:>|&gt;)")


def readable_function_reprs(text):
    """Replace ``<function name at 0x...>`` in a repr by the function's name.

    Strategies are often plain functions, and scikit-learn's estimator repr
    shows parameter values with ``repr``, which for a function includes its
    memory address: unreadable, and different in every process.

    >>> readable_function_reprs("A(f=<function margin_sampling at 0x7f3a>)")
    'A(f=margin_sampling)'
    """
    return _FUNCTION_REPR.sub(lambda match: match.group(1), text)


class ReadableReprMixin:
    """Estimator reprs (text and notebook HTML) that name function parameters.

    Put it before ``BaseEstimator`` in the bases. The text repr, Jupyter's
    MIME bundle and the HTML diagram all go through these methods, which
    post-process what scikit-learn renders, so its layout rules still apply.
    """

    def __repr__(self, N_CHAR_MAX=700):
        return readable_function_reprs(super().__repr__(N_CHAR_MAX=N_CHAR_MAX))

    def _repr_html_inner(self):
        return readable_function_reprs(super()._repr_html_inner())

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        return {key: readable_function_reprs(value) if isinstance(value, str) else value
                for key, value in bundle.items()}
