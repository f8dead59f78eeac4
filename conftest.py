"""Optional packages: what needs one skips with a reason when it is absent."""

import importlib.util

import pytest

# Modules whose docstring examples need an optional extra, and that extra.
OPTIONAL_DOCTESTS = {
    "skactive/plotting/_curve_display.py": ("matplotlib", "plot"),
    "skactive/widgets.py": ("ipywidgets", "widgets"),
}


def _missing(package):
    return importlib.util.find_spec(package) is None


def pytest_collection_modifyitems(config, items):
    for item in items:
        if type(item).__name__ != "DoctestItem":
            continue
        path = item.path.as_posix()
        for module, (package, extra) in OPTIONAL_DOCTESTS.items():
            if path.endswith(module) and _missing(package):
                item.add_marker(pytest.mark.skip(
                    reason=f'this example needs {package} (pip install ".[{extra}]")'))
