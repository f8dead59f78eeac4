"""Sphinx configuration for the skactive documentation.

Build (offline is fine)::

    python -m pip install ".[docs]"
    sphinx-build -W -b html doc doc/_build/html

Links to the scikit-learn, NumPy, SciPy and joblib documentation (intersphinx)
need their ``objects.inv`` files from the internet. They are off by default,
so the build passes with warnings-as-errors on a machine without network;
set ``SKACTIVE_DOCS_INTERSPHINX=1`` to turn them on for an online build.
``SKACTIVE_DOCS_PLOT_GALLERY=0`` builds the gallery pages without running
the examples (quick local edits; the test suite runs every example anyway).
"""

import os
import re
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

DOC_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(DOC_DIR.parent))  # the checkout, when not installed
sys.path.insert(0, str(DOC_DIR))

import scipy.optimize  # noqa: E402,F401  (load BLAS before limiting its threads)
import sklearn.linear_model  # noqa: E402,F401
from threadpoolctl import threadpool_limits  # noqa: E402

import skactive  # noqa: E402
from api_reference import write_api_page  # noqa: E402
from label_efficiency_table import write_tables  # noqa: E402

# The gallery runs in this process and refits small models many times; one
# BLAS thread makes those fits much faster than several competing for cores.
threadpool_limits(1)

# The API page lists every name of every public module's __all__.
write_api_page(DOC_DIR)
# "Choosing a strategy" shows the committed label-efficiency benchmark as is.
write_tables(DOC_DIR / "generated" / "label_efficiency.inc")

project = "skactive"
author = "The skactive developers"
copyright = "The skactive developers"
release = skactive.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
]

templates_path = ["_templates"]
exclude_patterns = ["_build", "auto_examples/*.ipynb", "auto_examples/*.py",
                    "auto_examples/*.zip", "notebooks"]
root_doc = "index"
default_role = "literal"

autosummary_generate = True
autodoc_default_options = {"member-order": "bysource"}
# Methods are documented by the class template; numpydoc's own member tables
# would need a stub page for every inherited method.
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False

html_theme = "pydata_sphinx_theme"
html_title = f"skactive {release}"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
}
html_show_sourcelink = False

sphinx_gallery_conf = {
    "examples_dirs": str(DOC_DIR.parent / "examples"),
    "gallery_dirs": "auto_examples",
    "filename_pattern": r"/plot_",
    "ignore_pattern": r"__init__\.py",
    "backreferences_dir": "generated/backreferences",
    "doc_module": ("skactive",),
    "reference_url": {"skactive": None},
    "remove_config_comments": True,
    "plot_gallery": os.environ.get("SKACTIVE_DOCS_PLOT_GALLERY", "1") != "0",
    "matplotlib_animations": False,
    "min_reported_time": 1,
}

_SKLEARN_ROLE = re.compile(r":(?:ref|term):`([^`<]*?)\s*(?:<[^>]*>)?`")


def _plain_sklearn_references(app, what, name, obj, options, lines):
    """Inherited scikit-learn docstrings (``score``, ``get_params``) refer to
    labels of scikit-learn's own site; render those as plain text here."""
    if (getattr(obj, "__module__", None) or "").startswith("sklearn"):
        lines[:] = [_SKLEARN_ROLE.sub(lambda m: m.group(1).strip(), line) for line in lines]


def setup(app):
    app.connect("autodoc-process-docstring", _plain_sklearn_references)


if os.environ.get("SKACTIVE_DOCS_INTERSPHINX") == "1":
    extensions.append("sphinx.ext.intersphinx")
    intersphinx_mapping = {
        "python": ("https://docs.python.org/3", None),
        "numpy": ("https://numpy.org/doc/stable", None),
        "scipy": ("https://docs.scipy.org/doc/scipy", None),
        "sklearn": ("https://scikit-learn.org/stable", None),
        "joblib": ("https://joblib.readthedocs.io/en/stable", None),
        "dask": ("https://docs.dask.org/en/stable", None),
        "distributed": ("https://distributed.dask.org/en/stable", None),
    }
