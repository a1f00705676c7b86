"""redis-py's zero-wait readiness check under gevent: the system's poll, the same answers."""
import os
import select
import socket
import subprocess
import sys

from store.readiness import ZeroWaitPoll, check_without_the_hub

UNDER_GEVENT = """
from gevent import monkey
monkey.patch_all()
import sys
from redis._parsers import hiredis
from store.connection import connect
from store.readiness import ZeroWaitPoll
client = connect(sys.argv[1] or None, sys.argv[2])
client.set("readiness:k", "v")
with client.pipeline(transaction=False) as pipeline:
    pipeline.get("readiness:k").incr("readiness:n")
    print(pipeline.execute(), hiredis.select.poll is ZeroWaitPoll)
"""


def test_a_zero_wait_poll_says_what_the_systems_poll_says():
    left, right = socket.socketpair()
    with left, right:
        def ready(timeout):
            poll = ZeroWaitPoll()
            poll.register(left, select.POLLIN)
            return poll.poll(timeout)

        assert ready(0) == ready(10) == []
        right.send(b"x")
        assert ready(0) == ready(10) == ready(None) == [(left.fileno(), select.POLLIN)]


def test_nothing_is_changed_without_gevent():
    assert check_without_the_hub() is False


def test_under_gevent_redis_commands_run_with_the_zero_wait_poll(redis_client, tmp_path):
    command = [sys.executable, "-c", UNDER_GEVENT, os.environ.get("REDIS_URL", ""), str(tmp_path)]
    run = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split("\n")[0] == "['v', 1] True"
