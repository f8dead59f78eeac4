"""Write the intersphinx inventories shipped in ``doc/_intersphinx``.

The documentation links into Python, scikit-learn, NumPy, SciPy, joblib and
Dask. Sphinx normally downloads each project's ``objects.inv``; this script
writes them instead from the *installed* packages, so that the docs build
offline and ``sphinx-build -n`` can insist that every reference resolves.
For each project it lists the public objects (modules, classes, functions and
methods) of the installed version and gives each the address it has on that
project's site, following the site's layout (for example
``modules/generated/sklearn.pipeline.Pipeline.html#sklearn.pipeline.Pipeline``).

Refresh them (after upgrading a package, or when a new page links to a
module not covered below) with::

    python doc/make_inventories.py

and commit ``doc/_intersphinx/*.inv``. ``python doc/make_inventories.py
--check NAME...`` prints where each name would link to.
"""

import argparse
import importlib
import inspect
import pkgutil
import sys
import zlib
from pathlib import Path

OUT_DIR = Path(__file__).resolve().parent / "_intersphinx"


def _public(name):
    return not any(part.startswith("_") or part in ("tests", "conftest", "externals")
                   for part in name.split(".")[1:])


def _walk(package_name, skip=()):
    """The importable public modules of a package, the package first."""
    package = importlib.import_module(package_name)
    yield package
    for info in pkgutil.walk_packages(package.__path__, prefix=package_name + "."):
        if not _public(info.name) or any(info.name.startswith(s) for s in skip):
            continue
        try:
            yield importlib.import_module(info.name)
        except Exception:  # optional dependency of that module missing
            continue


def _names(module):
    names = getattr(module, "__all__", None)
    if names is None:
        names = [n for n, obj in vars(module).items() if not n.startswith("_")
                 and getattr(obj, "__module__", "").startswith(module.__name__)]
    for name in names:
        try:
            obj = getattr(module, name, None)
        except Exception:  # lazily imported experimental names
            continue
        if obj is not None and not name.startswith("_"):
            yield name, obj


def _role(obj):
    if inspect.isclass(obj):
        return "py:exception" if issubclass(obj, BaseException) else "py:class"
    if callable(obj):
        return "py:function"
    return None


def _methods(cls):
    for name, member in vars(cls).items():
        if not name.startswith("_") and (inspect.isfunction(member)
                                         or isinstance(member, (classmethod, staticmethod))):
            yield name, "py:method"
        elif not name.startswith("_") and isinstance(member, property):
            yield name, "py:property"


def api_entries(modules, page, module_page, methods_page=None):
    """Entries for every public name of ``modules``.

    ``page(full_name)`` is the page of a class or function, ``module_page``
    that of a module; methods live on their class's page unless
    ``methods_page`` gives them their own.
    """
    entries = {}
    for module in modules:
        entries[module.__name__] = ("py:module", module_page(module.__name__),
                                    f"module-{module.__name__}")
        for name, obj in _names(module):
            role = _role(obj)
            if role is None:
                continue
            full = f"{module.__name__}.{name}"
            entries.setdefault(full, (role, page(full), full))
            if inspect.isclass(obj):
                for meth, meth_role in _methods(obj):
                    target = f"{full}.{meth}"
                    where = methods_page(target) if methods_page else page(full)
                    entries.setdefault(target, (meth_role, where, target))
    return entries


def python_entries():
    import builtins

    entries = {}
    for name, obj in vars(builtins).items():
        if name.startswith("_"):
            continue
        if inspect.isclass(obj) and issubclass(obj, BaseException):
            entries[name] = ("py:exception", "library/exceptions.html", name)
        elif inspect.isclass(obj):
            entries[name] = ("py:class", "library/functions.html", name)
        elif callable(obj):
            entries[name] = ("py:function", "library/functions.html", name)
    for module in ("argparse", "collections", "collections.abc", "copy", "csv",
                   "functools", "html", "io", "itertools", "json", "math", "numbers",
                   "os", "pathlib", "pickle", "random", "typing", "warnings"):
        page = f"library/{module}.html"
        entries[module] = ("py:module", page, f"module-{module}")
        mod = importlib.import_module(module)
        for name, obj in _names(mod):
            role = _role(obj)
            if role and getattr(obj, "__module__", None) in (module, "_" + module):
                entries[f"{module}.{name}"] = (role, page, f"{module}.{name}")
    return entries


def sklearn_entries():
    return api_entries(
        _walk("sklearn", skip=("sklearn.experimental",)),
        page=lambda full: f"modules/generated/{full}.html",
        module_page=lambda mod: "api/index.html" if mod == "sklearn" else f"api/{mod}.html",
    )


def numpy_entries():
    import numpy

    modules = [numpy] + [importlib.import_module(f"numpy.{sub}")
                         for sub in ("linalg", "fft", "testing")]
    entries = api_entries(
        modules,
        page=lambda full: f"reference/generated/{full}.html",
        module_page=lambda mod: "reference/index.html" if mod == "numpy"
        else f"reference/routines.{mod.split('.')[1]}.html",
        methods_page=lambda full: f"reference/generated/{full}.html",
    )
    random = importlib.import_module("numpy.random")
    entries["numpy.random"] = ("py:module", "reference/random/index.html",
                               "module-numpy.random")
    for name, page in (("RandomState", "legacy"), ("Generator", "generator"),
                       ("default_rng", "generator")):
        role = _role(getattr(random, name))
        entries[f"numpy.random.{name}"] = (role, f"reference/random/{page}.html",
                                           f"numpy.random.{name}")
    return entries


def scipy_entries():
    subpackages = ("sparse", "sparse.linalg", "linalg", "special", "stats", "optimize",
                   "spatial", "spatial.distance", "cluster", "interpolate")
    modules = [importlib.import_module(f"scipy.{sub}") for sub in subpackages]
    return api_entries(
        modules,
        page=lambda full: f"reference/generated/{full}.html",
        module_page=lambda mod: f"reference/{mod.split('.', 1)[1]}.html",
    )


def joblib_entries():
    import joblib

    return api_entries(
        [joblib],
        page=lambda full: f"generated/{full}.html",
        module_page=lambda mod: "index.html",
    )


def dask_entries():
    modules = []
    for name in ("dask", "dask.array", "dask.dataframe", "dask.bag", "dask.delayed"):
        try:
            modules.append(importlib.import_module(name))
        except ImportError:
            continue
    return api_entries(
        modules,
        page=lambda full: f"generated/{full}.html",
        module_page=lambda mod: "index.html",
    )


def distributed_entries():
    import distributed

    return api_entries(
        [distributed],
        page=lambda full: "api.html",
        module_page=lambda mod: "api.html",
    )


PROJECTS = {
    "python": ("Python", python_entries, lambda: sys.version.split()[0]),
    "sklearn": ("scikit-learn", sklearn_entries, lambda: _version("sklearn")),
    "numpy": ("NumPy", numpy_entries, lambda: _version("numpy")),
    "scipy": ("SciPy", scipy_entries, lambda: _version("scipy")),
    "joblib": ("joblib", joblib_entries, lambda: _version("joblib")),
    "dask": ("Dask", dask_entries, lambda: _version("dask")),
    "distributed": ("Dask.distributed", distributed_entries, lambda: _version("distributed")),
}


def _version(module):
    return importlib.import_module(module).__version__


def inventory_bytes(project, version, entries):
    """An ``objects.inv`` (version 2) holding ``entries``."""
    header = (
        "# Sphinx inventory version 2\n"
        f"# Project: {project}\n"
        f"# Version: {version}\n"
        "# The remainder of this file is compressed using zlib.\n"
    ).encode()
    lines = []
    for name, (role, page, anchor) in sorted(entries.items()):
        uri = f"{page}#{anchor}" if anchor else page
        # "$" in a URI stands for the name itself (the inventory's shorthand).
        if anchor == name:
            uri = f"{page}#$"
        lines.append(f"{name} {role} 1 {uri} -\n")
    return header + zlib.compress("".join(lines).encode(), 9)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", nargs="*", metavar="NAME",
                        help="print the address of each NAME instead of writing files")
    args = parser.parse_args(argv)
    if args.check is not None:
        for key, (_, build, _) in PROJECTS.items():
            entries = build()
            for name in args.check:
                if name in entries:
                    print(f"{key}: {name} -> {entries[name]}")
        return
    OUT_DIR.mkdir(exist_ok=True)
    for key, (project, build, version) in PROJECTS.items():
        entries = build()
        path = OUT_DIR / f"{key}.inv"
        path.write_bytes(inventory_bytes(project, version(), entries))
        print(f"{path.relative_to(OUT_DIR.parent.parent)}: {len(entries)} entries")


if __name__ == "__main__":
    main()
