"""How long the README's main job and the issue's plotting run take.

Times ``python -m skactive`` (the default comparison) and
``python -m skactive --budget 150 --repeats 3 --plot curves.png`` in fresh
interpreters, start-up included; both must stay well under a minute on
2 cores.

    PYTHONPATH=. python benchmarks/cli_default_run.py
"""

import os
import subprocess
import sys
import tempfile
import time


def timed(args):
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "skactive", "--quiet", *args], check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    with tempfile.TemporaryDirectory() as folder:
        runs = {
            "python -m skactive": [],
            "--budget 150 --repeats 3 --plot curves.png": [
                "--budget", "150", "--repeats", "3", "--plot",
                os.path.join(folder, "curves.png"),
            ],
            "4 strategies, --n-jobs 2": [
                "--strategies", "margin,entropy,uncertainty,random", "--n-jobs", "2",
            ],
        }
        for name, args in runs.items():
            print(f"{name}: {timed(args):.1f}s")


if __name__ == "__main__":
    main()
