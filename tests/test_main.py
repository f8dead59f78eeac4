import subprocess
import sys


def test_main_job_prints_accuracy_by_labels():
    result = subprocess.run(
        [sys.executable, "-m", "skactive"], capture_output=True, text=True, check=True
    )
    lines = result.stdout.splitlines()
    assert lines[1].split() == ["labels", "margin", "random"]
    last = lines[-1].split()
    assert last[0] == "160" and 0.5 < float(last[1]) <= 1.0
