#!/usr/bin/env bash
# CI, second run: the test suite on the minimum versions pyproject.toml declares,
# in a virtualenv of its own, so that those floors are tested facts.
#
# The pins below are the floors of pyproject.toml, each at the oldest release
# that has wheels for the CI's Python (3.11): scikit-learn 1.6.0, NumPy 1.24.4
# (1.24.0-1.24.1 have no 3.11 wheels on every platform), SciPy 1.10.1, joblib
# 1.3.0, threadpoolctl 3.1.0, pandas 1.5.3 (the first 1.5 with 3.11 wheels) and
# matplotlib 3.6.3. Raise a floor in pyproject.toml and here together.
#
# Usage: .ci/min_versions.sh [extra pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."

floors=(
    "scikit-learn==1.6.0"
    "numpy==1.24.4"
    "scipy==1.10.1"
    "joblib==1.3.0"
    "threadpoolctl==3.1.0"
    "pandas==1.5.3"
    "matplotlib==3.6.3"
)

workdir="$(mktemp -d)"
trap 'rm -rf "$workdir"' EXIT
printf '%s\n' "${floors[@]}" > "$workdir/constraints.txt"
python3 -m venv "$workdir/venv"
# shellcheck disable=SC1091
source "$workdir/venv/bin/activate"
python -m pip install --quiet --upgrade pip
# The constraints make pip fail if pyproject.toml's floors and these pins disagree.
python -m pip install --quiet -c "$workdir/constraints.txt" ".[pandas,plot]" "pytest>=7" "hypothesis>=6"
python - <<'PY'
import importlib.metadata as md
for name in ("scikit-learn", "numpy", "scipy", "joblib", "threadpoolctl", "pandas", "matplotlib"):
    print(f"{name}=={md.version(name)}")
PY

# The slowest groups are left to the latest-versions run, which runs them all:
# tests marked slow (sized for behaviour at scale, not for version-dependent
# API), the 2-million-row pools (tests/test_scale.py, about memory rather than
# versions), the label-efficiency test and the gallery (tests/test_examples.py
# runs every example script). Everything else runs, docstring examples included.
# Measured on the shared 2-core machine at load ~10: 2,157 tests in 24 min
# (the full suite minus those three files took 34 min at load ~20); "not slow"
# keeps this second run to a fraction of the first.
python -m pytest -q -p no:randomly -m "not slow" \
    --deselect tests/test_scale.py \
    --deselect tests/test_label_efficiency.py \
    --deselect tests/test_examples.py \
    "$@"
