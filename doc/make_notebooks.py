"""Turn the gallery examples into Jupyter notebooks for class.

Usage, from the repository root (needs the ``docs`` extra)::

    python doc/make_notebooks.py                 # writes doc/notebooks/*.ipynb
    python doc/make_notebooks.py --output-dir DIR

Each ``examples/plot_*.py`` script is read with jupytext in its ``# %%``
(percent) format. The script's docstring and the comment blocks that open
its cells become Markdown cells, with the reStructuredText markup the gallery
uses turned into Markdown; the code stays as it is. ``make notebooks`` in
``doc/`` runs the same thing.
"""

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES_DIR = ROOT / "examples"
DEFAULT_OUTPUT = ROOT / "doc" / "notebooks"

_ROLE = re.compile(r":(?:func|class|meth|mod|attr|ref|obj|data):`~?([^`<]*?)(?:\s*<([^>]*)>)?`")
_LITERAL = re.compile(r"``([^`]+)``")
_UNDERLINE = re.compile(r"^([=\-~^])\1{2,}$")


def rst_to_markdown(text):
    """The little reStructuredText the examples use, as Markdown."""
    def role(match):
        label, target = match.group(1).strip(), match.group(2)
        if target:  # :ref:`words <target>` keeps its words
            return label
        shortened = ":`~" in match.group(0)
        return f"`{label.rsplit('.', 1)[-1] if shortened else label}`"

    lines = text.strip("\n").splitlines()
    out, i = [], 0
    while i < len(lines):
        line = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if _UNDERLINE.match(line.strip()) and i + 2 < len(lines) and _UNDERLINE.match(lines[i + 2].strip()):
            out += [f"# {lines[i + 1].strip()}", ""]  # over- and underlined: the title
            i += 3
            continue
        if line.strip() and _UNDERLINE.match(nxt.strip()) and len(nxt.strip()) >= len(line.strip()):
            out += [f"## {line.strip()}", ""]
            i += 2
            continue
        out.append(line)
        i += 1
    markdown = "\n".join(out)
    markdown = _ROLE.sub(role, markdown)
    return _LITERAL.sub(r"`\1`", markdown)


def _comment_text(lines):
    return "\n".join(line[2:] if line.startswith("# ") else line.lstrip("#") for line in lines)


def example_to_notebook(path):
    """The notebook (an ``nbformat`` node) for one example script."""
    import jupytext
    from nbformat.v4 import new_code_cell, new_markdown_cell

    source = Path(path).read_text(encoding="utf-8")
    notebook = jupytext.reads(source, fmt="py:percent")
    cells = [new_code_cell("%matplotlib inline")]
    for cell in notebook.cells:
        text = cell.source
        if cell.cell_type == "markdown":
            cells.append(new_markdown_cell(rst_to_markdown(text)))
            continue
        stripped = text.strip()
        if stripped.startswith('"""') and stripped.endswith('"""') and len(cells) == 1:
            cells.append(new_markdown_cell(rst_to_markdown(stripped.strip('"'))))
            continue
        lines = text.splitlines()
        n_comment = 0
        while n_comment < len(lines) and lines[n_comment].startswith("#"):
            n_comment += 1
        if n_comment:
            cells.append(new_markdown_cell(rst_to_markdown(_comment_text(lines[:n_comment]))))
        code = "\n".join(lines[n_comment:]).strip("\n")
        if code:
            cells.append(new_code_cell(code))
    notebook.cells = cells
    notebook.metadata["kernelspec"] = {
        "name": "python3", "display_name": "Python 3", "language": "python",
    }
    notebook.metadata.pop("jupytext", None)
    return notebook


def make_notebooks(output_dir=DEFAULT_OUTPUT, examples_dir=EXAMPLES_DIR):
    """Write one ``.ipynb`` per example into ``output_dir``; return the paths."""
    import nbformat

    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for script in sorted(Path(examples_dir).glob("plot_*.py")):
        target = output_dir / (script.stem + ".ipynb")
        nbformat.write(example_to_notebook(script), target)
        written.append(target)
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output-dir", type=Path, default=DEFAULT_OUTPUT,
                        help=f"where to write the notebooks (default: {DEFAULT_OUTPUT})")
    args = parser.parse_args(argv)
    try:
        written = make_notebooks(args.output_dir)
    except ImportError as exc:
        print(f"error: {exc.name} is missing; install the docs extra: "
              'python -m pip install ".[docs]"', file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
