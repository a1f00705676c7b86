"""The test command says what it skips and why: ``scripts/test`` runs ``scripts/system-packages
--check`` first, which names each program missing, the tests that skip without it, why they
need it and how to install it; with every program there it says nothing."""
import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROGRAMS = {"chromium": "tests/supervision/test_browser.py",
            "espeak-ng": "tests/supervision/test_replay.py::test_replay_renders_the_callers_side_as_a_wav_file",
            "redis-server": "tests/test_cluster.py and tests/reliability"}


def check(path: str) -> subprocess.CompletedProcess:
    """``scripts/system-packages --check`` with only ``path`` to find programs on."""
    return subprocess.run(["/bin/bash", str(ROOT / "scripts" / "system-packages"), "--check"], cwd=ROOT,
                          env={**os.environ, "PATH": path}, capture_output=True, text=True, timeout=30)


def test_each_missing_program_is_named_with_the_tests_it_skips(tmp_path):
    result = check(str(tmp_path))  # an empty folder: none of the programs
    assert result.returncode == 0 and result.stdout == ""
    said = result.stderr.splitlines()
    assert len(said) == len(PROGRAMS)
    for line, (program, tests) in zip(said, PROGRAMS.items()):
        assert line.startswith(f"scripts/test: no {program} here, so these are SKIPPED: {tests}")
        assert "(install: scripts/system-packages, or apt-get install" in line


def test_nothing_is_said_when_every_program_is_there(tmp_path):
    for program in PROGRAMS:
        found = tmp_path / program
        found.write_text("#!/bin/sh\n")
        found.chmod(0o755)
    result = check(str(tmp_path))
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_the_test_command_checks_before_it_runs_and_lists_every_skip():
    command = (ROOT / "scripts" / "test").read_text()
    assert command.index("\nscripts/system-packages --check") < command.index("-m pytest")
    assert "pytest -rs" in command
