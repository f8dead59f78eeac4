"""Utilities shared by learners and strategies."""

from ._chunking import apply_in_chunks, chunk_n_rows
from ._rows import concat_rows, num_features, num_rows, take_rows

__all__ = [
    "apply_in_chunks",
    "chunk_n_rows",
    "concat_rows",
    "num_features",
    "num_rows",
    "take_rows",
]
