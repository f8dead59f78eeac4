"""Every gallery example runs, so none can rot.

The examples run in this process (imports are shared, which keeps the whole
run to seconds) with matplotlib's Agg backend and BLAS limited to one thread:
the examples refit small models many times, and on a busy machine
multithreaded BLAS makes each of those fits many times slower.
"""

import runpy
from pathlib import Path

import pytest

plt = pytest.importorskip("matplotlib.pyplot", reason="the examples plot with matplotlib")

import scipy.optimize  # noqa: E402,F401  (load BLAS before limiting its threads)
import sklearn.linear_model  # noqa: E402,F401
from threadpoolctl import threadpool_limits  # noqa: E402

EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "examples"
EXAMPLES = sorted(EXAMPLES_DIR.glob("plot_*.py"))


def test_examples_are_found():
    assert len(EXAMPLES) >= 6, f"expected the gallery scripts in {EXAMPLES_DIR}"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.stem)
def test_example_runs(path, monkeypatch, tmp_path):
    plt.switch_backend("Agg")
    monkeypatch.chdir(tmp_path)  # anything an example writes lands here
    monkeypatch.setattr(plt, "show", lambda *args, **kwargs: None)
    try:
        with threadpool_limits(1):
            runpy.run_path(str(path), run_name="__main__")
        # Every example shows at least one figure, and none is empty.
        assert plt.get_fignums(), f"{path.name} drew no figure"
        for number in plt.get_fignums():
            assert plt.figure(number).get_axes(), f"{path.name}: figure {number} is empty"
    finally:
        plt.close("all")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda path: path.stem)
def test_example_is_a_gallery_script_in_cell_format(path):
    source = path.read_text(encoding="utf-8")
    # sphinx-gallery needs a docstring with a title; jupytext needs "# %%" cells.
    assert source.startswith('"""\n'), f"{path.name} must start with its docstring"
    title, underline = source.split("\n")[2:4]
    assert set(underline) == {"="} and len(underline) >= len(title), (
        f"{path.name}: the title underline must be at least as long as the title"
    )
    assert "\n# %%\n" in source, f"{path.name} has no '# %%' cells"
