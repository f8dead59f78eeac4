"""Every public name is in the API reference (doc/api_reference.py writes it)."""

import importlib
import inspect
import re
import sys
from pathlib import Path

import pytest

import skactive

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "doc"))
from api_reference import api_page, grouped_names, public_modules  # noqa: E402

PACKAGE_DIR = Path(skactive.__file__).parent


def modules_on_disk():
    """Public modules found from the files, independently of api_reference."""
    found = {"skactive"}
    for path in PACKAGE_DIR.rglob("*.py"):
        parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        if any(part.startswith("_") or part in ("tests", "conftest") for part in parts[1:]):
            continue
        found.add(".".join(parts))
    return found


def documented_entries(page):
    """``{module: [names]}`` from the autosummary blocks of the page."""
    entries, module, in_block = {}, None, False
    for line in page.splitlines():
        if line.startswith(".. currentmodule:: "):
            module = line.split(":: ")[1].strip()
        elif line.startswith(".. autosummary::"):
            in_block = True
        elif in_block and re.fullmatch(r"   \w+", line):
            entries.setdefault(module, []).append(line.strip())
        elif in_block and line and not line.startswith("   "):
            in_block = False
    return entries


EXPECTED_MODULES = ["skactive", "skactive.strategies", "skactive.utils", "skactive.widgets"]
# The evaluation modules are documented as soon as they exist.
EXPECTED_MODULES += [
    name for name in ("skactive.metrics", "skactive.model_selection", "skactive.plotting")
    if importlib.util.find_spec(name) is not None
]


def test_every_public_module_is_documented():
    assert set(public_modules()) == modules_on_disk()
    assert set(EXPECTED_MODULES) <= set(public_modules())
    assert public_modules()[:2] == ["skactive", "skactive.strategies"]


@pytest.mark.parametrize("module_name", EXPECTED_MODULES)
def test_every_name_in_all_is_in_the_api_reference(module_name):
    module = importlib.import_module(module_name)
    listed = documented_entries(api_page()).get(module_name, [])
    public = [name for name in module.__all__ if not name.startswith("__")]
    if module_name == "skactive":
        assert "__version__" in module.__all__ and "__version__" in api_page()
    assert public, f"{module_name}.__all__ is empty"
    missing = sorted(set(public) - set(listed))
    assert not missing, f"{module_name}: not in the API reference: {missing}"
    assert sorted(listed) == sorted(public)  # nothing listed that is not public


def test_modules_without_all_document_their_own_public_definitions():
    for module_name in public_modules():
        module = importlib.import_module(module_name)
        if hasattr(module, "__all__"):
            continue
        listed = documented_entries(api_page()).get(module_name, [])
        defined = [
            name for name, obj in inspect.getmembers(module)
            if not name.startswith("_") and (inspect.isfunction(obj) or inspect.isclass(obj))
            and obj.__module__ == module_name
        ]
        assert defined and sorted(listed) == sorted(defined)


def test_every_documented_name_has_a_docstring():
    for module_name, names in documented_entries(api_page()).items():
        module = importlib.import_module(module_name)
        for name in names:
            doc = inspect.getdoc(getattr(module, name))
            assert doc and doc.strip(), f"{module_name}.{name} has no docstring"


def test_a_public_module_without_all_documents_what_it_defines(tmp_path, monkeypatch):
    package = tmp_path / "skactive_fake"
    package.mkdir()
    (package / "__init__.py").write_text('"""Fake."""\n__all__ = ["f"]\ndef f():\n    """F."""\n')
    (package / "extra.py").write_text(
        '"""No __all__ here."""\nfrom math import sqrt\n'
        "def g():\n    pass\nclass K:\n    pass\ndef _private():\n    pass\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    import api_reference

    monkeypatch.setattr(api_reference, "PACKAGE", "skactive_fake")
    assert api_reference.public_modules() == ["skactive_fake", "skactive_fake.extra"]
    assert documented_entries(api_reference.api_page()) == {
        "skactive_fake": ["f"], "skactive_fake.extra": ["g", "K"],
    }


def _section_of(name):
    for title, _, parts in grouped_names():
        for subtitle, module_name, names in parts:
            if name in names:
                return title, subtitle, module_name
    raise AssertionError(f"{name} is in no section")


@pytest.mark.parametrize("name, section", [
    ("ActiveLearner", ("Learners", "", "skactive")),
    ("random_sampling", ("Query strategies", "Baseline", "skactive.strategies")),
    ("margin_sampling", ("Query strategies", "Uncertainty", "skactive.strategies")),
    ("kl_divergence_sampling",
     ("Query strategies", "Committee disagreement", "skactive.strategies")),
    ("BADGE", ("Query strategies", "Batch diversity", "skactive.strategies")),
    ("margin", ("Measures", "", "skactive.strategies")),
    ("vote_entropy", ("Measures", "", "skactive.strategies")),
    ("active_learning_curve",
     ("Evaluation", ":mod:`skactive.model_selection`", "skactive.model_selection")),
    ("BaseQueryStrategy",
     ("Extension points", "Strategy building blocks", "skactive.strategies")),
    ("uncertainty_utility",
     ("Extension points", "Strategy building blocks", "skactive.strategies")),
    ("select_top_k", ("Extension points", "Strategy building blocks", "skactive.strategies")),
])
def test_names_are_grouped_by_purpose(name, section):
    assert _section_of(name) == section


def test_sections_in_reading_order_with_extension_points_last():
    titles = [title for title, _, _ in grouped_names()]
    assert titles[:5] == ["Learners", "Query strategies", "Measures", "Evaluation",
                          "Classroom"]
    assert titles[-1] == "Extension points"


def test_each_name_is_listed_once():
    entries = [(module, name) for _, _, parts in grouped_names()
               for _, module, names in parts for name in names]
    assert len(entries) == len(set(entries))


def test_the_landing_page_loop_runs(capsys):
    import runpy

    runpy.run_path(str(ROOT / "doc" / "loop.py"), run_name="__main__")
    assert capsys.readouterr().out.startswith("70 labels, accuracy 0.")
    assert "loop.py" in (ROOT / "doc" / "index.rst").read_text(encoding="utf-8")
