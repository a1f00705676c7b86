"""A Redis server of the test's own, in a subprocess, to kill, freeze and restart."""
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import redis

STARTUP_SECONDS = 10


def redis_server_binary() -> str | None:
    """The ``redis-server`` on PATH, or None when this machine has none."""
    return shutil.which("redis-server")


def free_port() -> int:
    """A loopback TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisProcess:
    """One ``redis-server`` on a loopback port with AOF in ``directory``; survives its restarts."""

    def __init__(self, directory: Path, appendfsync: str = "always"):
        self.directory, self.appendfsync = Path(directory), appendfsync
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        """The URL the app connects to."""
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "RedisProcess":
        """Start the server (loading the AOF left by a previous run) and wait until it answers."""
        command = [redis_server_binary(), "--port", str(self.port), "--bind", "127.0.0.1",
                   "--dir", str(self.directory), "--appendonly", "yes",
                   "--appendfsync", self.appendfsync, "--save", "", "--daemonize", "no"]
        log = open(self.directory / "redis.log", "ab")
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        log.close()
        self._wait_until_ready()
        return self

    def _wait_until_ready(self) -> None:
        client = self.client()
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            try:
                # LOADING (the AOF is being replayed) is an error too: wait for it to end.
                if client.ping():
                    return
            except redis.RedisError:
                time.sleep(0.02)
        raise RuntimeError(f"redis-server on port {self.port} did not start; see {self.directory}/redis.log")

    def client(self) -> redis.Redis:
        """A fresh client of this server (no retries: a dead server fails at once)."""
        return redis.Redis(port=self.port, decode_responses=True, socket_timeout=5)

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Stop the server abruptly (SIGKILL: no shutdown, no final fsync or snapshot)."""
        self.process.send_signal(sig)
        self.process.wait(timeout=STARTUP_SECONDS)

    def freeze(self) -> None:
        """Suspend the server: it keeps its socket open and answers nothing."""
        os.kill(self.process.pid, signal.SIGSTOP)

    def thaw(self) -> None:
        """Resume a frozen server."""
        os.kill(self.process.pid, signal.SIGCONT)

    def stop(self) -> None:
        """Stop the server if it runs (used on clean-up)."""
        if self.process and self.process.poll() is None:
            self.thaw()
            self.kill()
