"""Write the API reference page from the packages' ``__all__``, grouped by purpose.

``conf.py`` calls :func:`write_api_page` before Sphinx reads the sources, so
a name added to any public module's ``__all__`` shows up in the reference
without touching the docs. ``tests/test_api_reference.py`` checks that every
public name is listed.

A public module is any module of the ``skactive`` package whose dotted path
has no part starting with an underscore, other than test modules and the
command-line entry point. Its names are those of its ``__all__`` (or, when it
has none, the functions and classes it defines).
"""

import importlib
import inspect
import pkgutil
from pathlib import Path

PACKAGE = "skactive"

# Reading order; public modules missing here are still documented, after these.
READING_ORDER = [
    "skactive",
    "skactive.strategies",
    "skactive.stopping",
    "skactive.metrics",
    "skactive.model_selection",
    "skactive.plotting",
    "skactive.widgets",
    "skactive.utils",
]

# Modules that are public by name but are not a Python API.
NOT_AN_API = {"skactive.__main__"}


def _is_public(dotted):
    parts = dotted.split(".")
    return not any(
        part.startswith("_") or part in ("tests", "conftest") for part in parts[1:]
    )


def public_modules():
    """Dotted names of the public modules, in reading order."""
    package = importlib.import_module(PACKAGE)
    found = [PACKAGE]
    for info in pkgutil.walk_packages(package.__path__, prefix=PACKAGE + "."):
        if _is_public(info.name) and info.name not in NOT_AN_API:
            found.append(info.name)
    order = READING_ORDER
    return sorted(found, key=lambda name: (
        order.index(name) if name in order else len(order), name
    ))


def documented_names(module_name):
    """The names of a public module that get an entry of their own.

    Its ``__all__`` when it has one; otherwise every public function and
    class the module itself defines (so a module added without ``__all__``
    is still documented in full). Dunder names such as ``__version__`` are
    data, not API objects; the page mentions them in its text.
    """
    module = importlib.import_module(module_name)
    if hasattr(module, "__all__"):
        names = list(module.__all__)
    else:
        names = [
            name for name, obj in vars(module).items()
            if not name.startswith("_")
            and (inspect.isfunction(obj) or inspect.isclass(obj))
            and getattr(obj, "__module__", None) == module_name
        ]
    return [name for name in names if not name.startswith("__")]


def _defining_module(obj):
    return (getattr(obj, "__module__", None) or "").rsplit(".", 1)[-1]


# Strategy families, by the private module that defines a strategy.
STRATEGY_FAMILIES = [
    ("Baseline", ["_random"]),
    ("Uncertainty", ["_uncertainty"]),
    ("Committee disagreement", ["_disagreement"]),
    ("Model-aware and density-weighted",
     ["_model_change", "_error_reduction", "_variance_reduction", "_density"]),
    ("Batch diversity", ["_badge", "_ranked_batch", "_coreset", "_diverse_batch"]),
    ("Cost-aware and adaptive", ["_cost", "_adaptive"]),
]
# What strategy authors build on, rather than what users pick.
EXTENSION_MODULES = {"_base", "_tags", "_selection", "_features"}


def _first_parameter(obj):
    try:
        params = list(inspect.signature(obj).parameters)
    except (TypeError, ValueError):
        return None
    return params[0] if params else None


def _strategies_part(name, obj):
    """``("extension" | "measure" | family title)`` of a strategies name."""
    module = _defining_module(obj)
    if module in EXTENSION_MODULES or name.endswith("_utility"):
        return "extension"
    if inspect.isfunction(obj) and _first_parameter(obj) != "learner":
        return "measure"  # a pure function of arrays (probabilities, votes)
    for title, modules in STRATEGY_FAMILIES:
        if module in modules:
            return title
    return "Other strategies"


def grouped_names():
    """``[(section, intro, [(subsection, module, [names])])]`` in reading order.

    Every public name of every public module lands in exactly one place: the
    strategies by family, the measures, evaluation, the classroom, and the
    extension points for strategy authors apart; modules this function does
    not know get a section of their own (so nothing goes undocumented).
    """
    learners, families, measures, evaluation, classroom = [], {}, [], [], []
    extension, other = [], []
    for module_name in public_modules():
        module = importlib.import_module(module_name)
        names = documented_names(module_name)
        if module_name == PACKAGE:
            learners.append(("", module_name, names))
        elif module_name == f"{PACKAGE}.strategies":
            parts = {}
            for name in names:
                parts.setdefault(_strategies_part(name, getattr(module, name)), []).append(name)
            extension.append(("Strategy building blocks", module_name,
                              parts.pop("extension", [])))
            measures.append(("", module_name, parts.pop("measure", [])))
            for title, _ in STRATEGY_FAMILIES + [("Other strategies", None)]:
                if parts.get(title):
                    families[title] = parts.pop(title)
        elif module_name in (f"{PACKAGE}.metrics", f"{PACKAGE}.model_selection",
                             f"{PACKAGE}.plotting"):
            evaluation.append((f":mod:`{module_name}`", module_name, names))
        elif module_name == f"{PACKAGE}.widgets":
            classroom.append(("", module_name, names))
        elif module_name.startswith(f"{PACKAGE}.utils"):
            extension.append((f":mod:`{module_name}`", module_name, names))
        else:
            other.append((f":mod:`{module_name}`", module_name, names))
    sections = [
        ("Learners", "Estimators that wrap a scikit-learn model and run the loop "
         "(``fit`` / ``query`` / ``teach``), or simulate it when ``budget`` is set.",
         learners),
        ("Query strategies", "Which rows to label next, by family. Each is a callable "
         "``strategy(learner, X_pool, n_instances=1, *, random_state=None)``.",
         [(title, "skactive.strategies", names) for title, names in families.items()]),
        ("Measures", "Pure functions of probabilities or committee votes, the "
         "quantities the strategies rank by (useful for plots).", measures),
        ("Evaluation", "Comparing strategies: learning-curve scores, repeated "
         "simulations and their plots.", evaluation),
        ("Classroom", "Labeling by hand in a notebook.", classroom),
    ]
    if other:
        sections.append(("Other modules", "", other))
    sections.append(("Extension points", "For authors of new strategies: the base "
                     "class, tags, selection helpers, row utilities and the "
                     "contract checks.", extension))
    return [(title, intro, [entry for entry in parts if entry[2]])
            for title, intro, parts in sections]


def api_page():
    """The reStructuredText of the API reference page."""
    lines = [
        ".. This page is generated by doc/api_reference.py; do not edit.",
        "",
        ".. _api:",
        "",
        "=============",
        "API reference",
        "=============",
        "",
        "Every public name of skactive, grouped by purpose. The installed version "
        "is ``skactive.__version__``; the :ref:`modules <api_modules>` are listed "
        "at the end.",
        "",
    ]
    for title, intro, parts in grouped_names():
        lines += [title, "=" * len(title), ""]
        if intro:
            lines += [intro, ""]
        for subtitle, module_name, names in parts:
            if subtitle:
                lines += [subtitle, "-" * len(subtitle), ""]
            # Stub pages use _templates/autosummary/{class,function}.rst.
            lines += [f".. currentmodule:: {module_name}", "", ".. autosummary::",
                      "   :toctree: .", ""]
            lines += [f"   {name}" for name in names]
            lines.append("")
    lines += [".. _api_modules:", "", "Modules", "=======", ""]
    for module_name in public_modules():
        module = importlib.import_module(module_name)
        summary = (inspect.getdoc(module) or "").split("\n\n")[0].replace("\n", " ")
        lines += [f".. py:module:: {module_name}", "",
                  f"``{module_name}``", f"   {summary}", ""]
    return "\n".join(lines)


def write_api_page(doc_dir):
    """Write ``generated/api.rst`` under ``doc_dir`` (only when it changed)."""
    target = Path(doc_dir) / "generated" / "api.rst"
    text = api_page()
    if not target.exists() or target.read_text(encoding="utf-8") != text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return target
