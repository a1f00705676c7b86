"""Where a webhook's CPU goes: the line's stages timed in-process, per webhook.

    python -m bench.webhook_cpu [--calls 100] [--gevent]

Runs whole scripted calls (booking, enquiry, information) through the app's WSGI callable,
on a private Redis, and charges each stage the CPU time (``time.thread_time``) spent in it.
gunicorn's own share is not here: the load benchmark's ceiling measures it. ``--gevent``
patches the standard library first, as gunicorn.conf.py does for the gevent workers, so the
Redis round trips cost what they cost there (each wait on Redis is a turn of gevent's hub).
"""
import sys

if __name__ == "__main__" and "--gevent" in sys.argv:
    from gevent import monkey  # before anything imports socket, ssl or threading

    monkey.patch_all()

import argparse  # noqa: E402  (this and the imports below follow the patching on purpose)
import secrets
import time
from collections import Counter

import redis.client
from twilio.request_validator import RequestValidator

from bench import callers
from bench.redis_target import bench_redis
from bench.stats import table
from ivr import callstore, engine, web
from ivr.turnclaim import TurnClaims
from phone import Call, FlaskTransport
from store import calllog

# (owner, attribute, stage): every stage the voice webhook passes through, in order.
STAGES = [
    (RequestValidator, "validate", "signature check"),
    (TurnClaims, "take", "load call state and claim its turn (one script)"),
    (callstore, "opened", "open call state (unseal, parse)"),
    (engine.Engine, "handle", "engine: next step, its hooks and ledger reads, what to say"),
    (engine.Engine, "start", "engine: next step, its hooks and ledger reads, what to say"),
    (web, "render", "TwiML (twilio VoiceResponse)"),
    (callstore, "save", "queue call state (serialise, seal)"),
    (web, "turn_record", "queue call log record"),
    (calllog, "record_turn", "queue call log record"),
    (redis.client.Pipeline, "execute", "pipeline round trip (state + log)"),
]
WHOLE = "whole request (WSGI)"


def charge(cpu: Counter, calls: Counter, owner, name: str, stage: str) -> None:
    """Replace ``owner.name`` with a wrapper adding its CPU time to ``cpu[stage]`` and counting calls."""
    original = getattr(owner, name)

    def timed(*args, **kwargs):
        started = time.thread_time()
        try:
            return original(*args, **kwargs)
        finally:
            cpu[stage] += time.thread_time() - started
            calls[stage] += 1

    setattr(owner, name, timed)


def make_calls(app, first: int, count: int) -> None:
    """``count`` rounds of booking, enquiry and information calls, by callers numbered from ``first``."""
    transport = FlaskTransport(app.test_client())
    for index in range(first, first + count):
        documents = callers.Documents(index)
        booked = documents.draw()
        for script in (callers.booking(booked, 1 + index % 5, 1 + index % 4), callers.enquiry(booked),
                       callers.information(documents.new_phone())):
            call = Call(transport, from_number=script.caller, auth_token="bench", base_url="http://localhost")
            call.run(script.keys)


def main(argv=None) -> int:
    """Time the stages over the calls and print the table."""
    parser = argparse.ArgumentParser(prog="python -m bench.webhook_cpu", description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=100, help="rounds of the three calls")
    parser.add_argument("--gevent", action="store_true", help="run under gevent's patching (read at import)")
    options = parser.parse_args(argv)
    from app import create_app

    with bench_redis() as (url, _):
        app = create_app({"REDIS_URL": url, "SECRET_KEY": secrets.token_urlsafe(48), "TWILIO_AUTH_TOKEN": "bench"})
        make_calls(app, 0, 3)  # warm caches, connections and scripts
        cpu, calls = Counter(), Counter()
        for owner, name, stage in STAGES:
            charge(cpu, calls, owner, name, stage)
        charge(cpu, calls, app, "wsgi_app", WHOLE)
        make_calls(app, 3, options.calls)
    webhooks = calls[WHOLE]
    rest = cpu[WHOLE] - sum(seconds for stage, seconds in cpu.items() if stage != WHOLE)
    rows = [[stage, seconds / webhooks * 1e6] for stage, seconds in cpu.items() if stage != WHOLE]
    rows += [["Flask and werkzeug around them", rest / webhooks * 1e6], [WHOLE, cpu[WHOLE] / webhooks * 1e6]]
    print(f"### CPU per webhook, in-process, over {webhooks} webhooks\n")
    print(table(["stage", "µs CPU per webhook"], rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
