"""A test run stops every process it starts: the suite's own guard (tests/conftest.py) names and
stops a process a test left running, and fails the run; the embedded Redis of a run (no
REDIS_URL, as ``scripts/test`` on a fresh machine) is gone when the run ends."""
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


USES_THE_EMBEDDED_REDIS = """
def test_uses_the_suite_redis(redis_client, app):
    redis_client.set("used", "yes")
    with open({pid_file!r}, "w") as written:
        written.write(str(redis_client.pid))
"""


def run_suite(tmp_path: Path, source: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run one test file under the suite's conftest, in a pytest of its own (``env``: its environment)."""
    test = tmp_path / "test_scenario.py"
    test.write_text(source)
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "tests.conftest", "-p", "no:cacheprovider",
                           str(test)], cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)


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


def test_the_embedded_redis_of_a_run_stops_with_it(tmp_path):
    pid_file = tmp_path / "redis.pid"
    environment = {name: value for name, value in os.environ.items() if name != "REDIS_URL"}
    result = run_suite(tmp_path, USES_THE_EMBEDDED_REDIS.format(pid_file=str(pid_file)), env=environment)
    assert result.returncode == 0, result.stdout + result.stderr
    pid = int(pid_file.read_text())
    # The run has returned: its redis-server must be gone (a zombie awaiting its reaper counts as gone).
    assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE, \
        f"the run left its embedded redis-server {pid} running"
