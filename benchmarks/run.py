"""Run skactive's benchmarks: print their tables and write them as JSON.

    python benchmarks/run.py --quick                 # a few minutes on 2 cores
    python benchmarks/run.py --json results.json     # the full run
    python benchmarks/run.py --only speed --only memory

Every ``benchmarks/bench_*.py`` module is collected and its
``run(quick: bool) -> list[dict]`` called; see benchmarks/README.md for the
convention. A module that fails is reported and the others still run; the
exit status is then 1.
"""

import argparse
import datetime
import importlib
import json
import math
import os
import platform
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Benchmark the working tree's skactive, installed or not, and let modules
# import their shared helpers (_common.py) from this folder.
sys.path[:0] = [str(HERE.parent), str(HERE)]


def discover(only=()):
    """Names of the bench_* modules, sorted; ``only`` filters by name."""
    names = sorted(path.stem for path in HERE.glob("bench_*.py"))
    if not only:
        return names
    wanted = {name if name.startswith("bench_") else f"bench_{name}" for name in only}
    wanted = {name.removesuffix(".py") for name in wanted}
    unknown = wanted - set(names)
    if unknown:
        raise SystemExit(
            f"No benchmark named {', '.join(sorted(unknown))}; "
            f"choose from {', '.join(names)}."
        )
    return [name for name in names if name in wanted]


def machine():
    """What the numbers depend on: versions, cores, the BLAS in use."""
    import numpy
    import sklearn
    from threadpoolctl import threadpool_info

    import skactive

    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "numpy": numpy.__version__,
        "scikit-learn": sklearn.__version__,
        "skactive": skactive.__version__,
        "blas": [
            {key: info.get(key) for key in
             ("internal_api", "version", "architecture", "num_threads")}
            for info in threadpool_info()
        ],
        "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
    }


def _cell(value):
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value == 0:
            return "0"
        if abs(value) >= 100:
            return f"{value:,.0f}"
        if abs(value) >= 0.01:
            return f"{value:.3g}" if abs(value) < 10 else f"{value:.1f}"
        return f"{value:.2g}"
    return str(value)


def format_tables(module, rows):
    """Plain-text tables: rows grouped by their ``table`` key, columns in order."""
    tables = {}
    for row in rows:
        tables.setdefault(row.get("table", module), []).append(row)
    out = []
    for title, members in tables.items():
        columns = []
        for row in members:
            columns += [key for key in row if key != "table" and key not in columns]
        if "note" in columns:  # notes read best last
            columns.remove("note")
            columns.append("note")
        cells = [[_cell(row.get(key)) for key in columns] for row in members]
        widths = [
            max([len(key)] + [len(line[i]) for line in cells])
            for i, key in enumerate(columns)
        ]

        def line(values):
            return "| " + " | ".join(v.ljust(w) for v, w in zip(values, widths)) + " |"

        out += [f"\n### {title}\n", line(columns),
                "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
        out += [line(values) for values in cells]
    return "\n".join(out)


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if hasattr(value, "item") and callable(value.item):  # NumPy scalars
        return value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="smaller pools, fewer repeats and data sets")
    parser.add_argument("--json", metavar="PATH", help="also write the results here")
    parser.add_argument("--only", metavar="NAME", action="append", default=[],
                        help="run only bench_NAME (repeatable)")
    args = parser.parse_args(argv)

    names = discover(args.only)
    report = {
        "started": datetime.datetime.now().isoformat(timespec="seconds"),
        "quick": args.quick,
        "machine": machine(),
        "benchmarks": {},
    }
    print(f"skactive benchmarks ({'quick' if args.quick else 'full'}): "
          f"{', '.join(names)}")
    print("machine:", json.dumps(report["machine"]))
    failed = False
    for name in names:
        start = time.perf_counter()
        entry = {}
        try:
            rows = importlib.import_module(name).run(quick=args.quick)
            entry["rows"] = [dict(row) for row in rows]
            print(format_tables(name, entry["rows"]))
        except Exception:  # noqa: BLE001 - one failing module must not hide the others
            failed = True
            entry["error"] = traceback.format_exc()
            print(f"\n### {name} FAILED\n{entry['error']}", file=sys.stderr)
        entry["seconds"] = time.perf_counter() - start
        print(f"\n({name}: {entry['seconds']:.0f} s)", flush=True)
        report["benchmarks"][name] = entry
        if args.json:  # rewritten after each module: a long run keeps what it has
            Path(args.json).write_text(json.dumps(_jsonable(report), indent=1))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
