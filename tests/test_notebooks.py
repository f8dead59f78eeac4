"""The examples become notebooks (jupytext) and the notebooks execute (nbclient)."""

import importlib.util
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MISSING = [
    name for name in ("jupytext", "nbformat", "nbclient", "ipykernel")
    if importlib.util.find_spec(name) is None
]
pytestmark = pytest.mark.skipif(
    bool(MISSING),
    reason=f"notebook tests need {', '.join(MISSING)} (the docs or tests extra)",
)
sys.path.insert(0, str(ROOT / "doc"))
from make_notebooks import example_to_notebook, make_notebooks, rst_to_markdown  # noqa: E402

EXAMPLES = sorted((ROOT / "examples").glob("plot_*.py"))


def test_rst_markup_becomes_markdown():
    text = (
        "=====\nTitle\n=====\n\nUse :func:`~skactive.strategies.margin` and "
        ":class:`skactive.ActiveLearner`, see :ref:`the guide <simulation>`; "
        "``query`` returns positions.\n\nPart\n----\nmore"
    )
    assert rst_to_markdown(text) == (
        "# Title\n\n\nUse `margin` and `skactive.ActiveLearner`, see the guide; "
        "`query` returns positions.\n\n## Part\n\nmore"
    )


def test_docstring_and_cell_comments_become_markdown_cells(tmp_path):
    script = tmp_path / "plot_tiny.py"
    script.write_text(
        '"""\n====\nTiny\n====\n\nIntro.\n"""\n\n'
        "# %%\n# Explain ``x``.\nx = 1\n\n"
        "# %%\n# Only words.\n\n"
        "# %%\nprint(x)  # a comment after code stays\n",
        encoding="utf-8",
    )
    cells = example_to_notebook(script).cells
    assert [(cell.cell_type, cell.source) for cell in cells] == [
        ("code", "%matplotlib inline"),
        ("markdown", "# Tiny\n\n\nIntro."),
        ("markdown", "Explain `x`."),
        ("code", "x = 1"),
        ("markdown", "Only words."),
        ("code", "print(x)  # a comment after code stays"),
    ]


@pytest.fixture(scope="module")
def notebooks(tmp_path_factory):
    return make_notebooks(tmp_path_factory.mktemp("notebooks"))


def test_one_notebook_per_example(notebooks):
    assert [path.stem for path in notebooks] == [path.stem for path in EXAMPLES]


@pytest.fixture(scope="module")
def kernel():
    """One kernel for all notebooks; each starts with a cleared namespace.

    Starting a kernel and importing scikit-learn takes seconds; clearing the
    namespace (``%reset -f``) before each notebook keeps them independent
    while reusing the imported modules.
    """
    from jupyter_client.manager import KernelManager

    env = dict(os.environ)
    # Find skactive in the checkout even when it is not installed, and keep
    # BLAS to one thread (the examples refit small models many times; see
    # test_examples.py).
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1",
               MPLBACKEND="Agg")
    manager = KernelManager(kernel_name="python3")
    manager.start_kernel(env=env)
    yield manager
    manager.shutdown_kernel(now=True)


@pytest.mark.slow
@pytest.mark.parametrize("index", range(len(EXAMPLES)), ids=[p.stem for p in EXAMPLES])
def test_notebook_executes(notebooks, kernel, index):
    import nbformat
    from nbclient import NotebookClient

    path = notebooks[index]
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.insert(0, nbformat.v4.new_code_cell(
        f"%reset -f\nimport os\nos.chdir({str(path.parent)!r})"))
    client = NotebookClient(notebook, km=kernel, timeout=300)
    client.execute()
    outputs = [out for cell in notebook.cells if cell.cell_type == "code"
               for out in cell.outputs]
    assert not [out for out in outputs if out.output_type == "error"]
    # The figures made it into the notebook.
    assert any("image/png" in out.get("data", {}) for out in outputs)
