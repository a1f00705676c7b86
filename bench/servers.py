"""gunicorn on loopback, as the line is served (``gunicorn.conf.py``, or a Procfile line as it is), started and stopped by id."""
import contextlib
import json
import os
import shlex
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Iterator, NamedTuple

from tests.reliability.server import free_port

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "gunicorn.conf.py"
PROCFILE = ROOT / "Procfile"
START_SECONDS = 60
STOP_SECONDS = 15
# Environment variables the config files read: left out when reading their defaults.
SERVER_VARIABLES = ("PORT", "DASHBOARD_PORT", "WEB_CONCURRENCY", "DASHBOARD_WORKERS", "HOST",
                    "GUNICORN_WORKER_CONNECTIONS")


class Server(NamedTuple):
    """A running gunicorn: where it answers, and its master's process id."""

    base_url: str
    pid: int


def settings(config: Path = CONFIG) -> dict:
    """The plain settings a gunicorn config file makes, read in a process of its own (it monkey-patches)."""
    environment = {name: value for name, value in os.environ.items() if name not in SERVER_VARIABLES}
    program = ("import json, runpy, sys; made = runpy.run_path(sys.argv[1]); print(json.dumps("
               "{k: v for k, v in made.items() if isinstance(v, (str, int, bool)) and not k.startswith('__')}))")
    made = subprocess.run([sys.executable, "-c", program, str(config)], env=environment,
                          capture_output=True, text=True, check=True, timeout=START_SECONDS)
    return json.loads(made.stdout)


@contextlib.contextmanager
def gunicorn(target: str, env: dict, log_path: Path) -> Iterator[Server]:
    """Serve the WSGI ``target`` under the line's gunicorn settings until the block ends."""
    port = free_port()
    environment = {**os.environ, **env, "HOST": "127.0.0.1", "PORT": str(port)}
    command = [sys.executable, "-m", "gunicorn", "-c", str(CONFIG), target]
    with _serving(command, environment, port, log_path) as server:
        yield server


def procfile_command(process_type: str) -> list[str]:
    """The command the Procfile gives ``process_type`` (``web``, ``dashboard``), as words."""
    lines = dict(line.split(":", 1) for line in PROCFILE.read_text().splitlines() if ":" in line)
    return shlex.split(lines[process_type])


@contextlib.contextmanager
def procfile(process_type: str, env: dict, log_path: Path) -> Iterator[Server]:
    """Run the Procfile's ``process_type`` as a platform does (its command word for word, from the
    repository, the environment's ``gunicorn`` first on PATH) on a free loopback port."""
    port = free_port()
    # A platform sets PORT; the dashboard's own port is DASHBOARD_PORT (gunicorn_dashboard.conf.py).
    environment = {**os.environ, **env, "HOST": "127.0.0.1", "PORT": str(port), "DASHBOARD_PORT": str(port),
                   "PATH": os.pathsep.join([os.path.dirname(sys.executable), os.environ.get("PATH", "")])}
    with _serving(procfile_command(process_type), environment, port, log_path) as server:
        yield server


@contextlib.contextmanager
def _serving(command: list[str], environment: dict, port: int, log_path: Path) -> Iterator[Server]:
    with open(log_path, "ab") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)
    try:
        base_url = f"http://127.0.0.1:{port}"
        _wait_until_healthy(process, base_url, log_path)
        yield Server(base_url, process.pid)
    finally:
        _stop(process)


def _wait_until_healthy(process: subprocess.Popen, base_url: str, log_path: Path) -> None:
    deadline = time.monotonic() + START_SECONDS
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited ({process.returncode}): see {log_path}")
        try:
            with opener.open(base_url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer /healthz in {START_SECONDS} s: see {log_path}")


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM to the master (it stops its workers); SIGKILL to its group if it lingers."""
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(STOP_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)  # the session started for this master: only its workers
        process.wait()
