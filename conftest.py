"""Collect the optional-dependency modules only when their extra is installed."""

import importlib.util

collect_ignore = []
if importlib.util.find_spec("ipywidgets") is None:
    # Its docstring example needs the "widgets" extra; the module's tests
    # skip themselves with a reason.
    collect_ignore.append("skactive/widgets.py")
