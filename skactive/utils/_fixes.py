"""The one place where skactive touches private scikit-learn API.

Everything imported here is used because scikit-learn offers no public
equivalent; if a future release moves or removes one, only this module changes.
"""

# ``_safe_indexing`` is documented by scikit-learn as importable from
# ``sklearn.utils`` despite its leading underscore.
from sklearn.utils import _safe_indexing
from sklearn.utils.validation import _num_samples

__all__ = ["_safe_indexing", "_num_samples"]
