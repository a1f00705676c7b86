"""A test run stops every process it starts: the suite's own guard (tests/conftest.py) names and
stops a process a test left running, and fails the run."""
import os
import subprocess
import sys
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
# Unique to this run, so a run in another worktree is never mistaken for this one.
SLEEP = ["sleep", f"300.{os.getpid()}"]
LEAKS = f"""
import subprocess

def test_starts_a_process_and_forgets_it():
    subprocess.Popen({SLEEP!r})
"""
TIDY = f"""
import subprocess

def test_starts_a_process_and_stops_it():
    process = subprocess.Popen({SLEEP!r})
    process.kill()
    process.wait()
"""


def run_suite(tmp_path: Path, source: str) -> subprocess.CompletedProcess:
    """Run one test file under the suite's conftest, in a pytest of its own."""
    test = tmp_path / "test_scenario.py"
    test.write_text(source)
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "tests.conftest", "-p", "no:cacheprovider",
                           str(test)], cwd=ROOT, capture_output=True, text=True, timeout=120)


def sleepers_of_the_test() -> list[psutil.Process]:
    return [process for process in psutil.process_iter(["cmdline"]) if process.info["cmdline"] == SLEEP]


def test_a_process_left_running_is_stopped_and_fails_the_run(tmp_path):
    result = run_suite(tmp_path, LEAKS)
    assert result.returncode == 1, result.stdout
    assert "1 passed" in result.stdout and "processes the tests left running, now stopped:" in result.stdout
    assert " ".join(SLEEP) in result.stdout
    assert sleepers_of_the_test() == []


def test_a_run_that_stops_its_processes_passes(tmp_path):
    result = run_suite(tmp_path, TIDY)
    assert result.returncode == 0, result.stdout
    assert "left running" not in result.stdout
