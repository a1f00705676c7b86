"""The line on a 3-master Redis Cluster: booking, enquiry, change, cancel, rosters and call logs.

The cluster runs from the machine's ``redis-server`` on loopback ports, in a temporary
directory, for this module only; the app reaches it as ``redis+cluster://``. Every multi-key
script and transaction must keep to one hash slot, or Redis refuses it with CROSSSLOT.
"""
import contextlib
import datetime as dt
import random
import socket
import time

import pytest
import redis
from redis.cluster import RedisCluster
from redis.crc import key_slot

from bench.redis_target import redis_server, redis_server_binary
from booking.calendar import hk_today
from booking.reminder_schedule import reminder_due
from booking.extensions import ledger_of
from reminders.queue import REMINDERS, ReminderQueue
from store import keys
from store.connection import redis_of
from supervision.accounts import add_supervisor, list_accounts, remove
from supervision.calls import call_turns, list_calls
from supervision.stats import funnel
from supervision.timeline import replay
from tests.conftest import TEST_NOW, TEST_SECRET
from tests.documents import hkid
from tests.ivr.calls import HK_MOBILE, heard
from tests.ivr.manage_calls import (
    CANCEL, CHANGE, ENQUIRE, FIRST_DAY, book, book_ahead, identify, places_taken,
)

MASTERS, SLOTS, BUS_OFFSET = 3, 16384, 10000  # a node's cluster bus listens on its port + 10000
LATER_DAY = dt.date(2026, 12, 8)  # a Tuesday two weeks after the test clock: its reminder is due
needs_redis_server = pytest.mark.skipif(redis_server_binary() is None, reason="no redis-server here: install it with scripts/system-packages")


def _free(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def cluster_ports(count: int) -> list[int]:
    """Free ports whose cluster-bus ports are free too, all below the ephemeral range (32768)."""
    candidates = random.Random().sample(range(12000, 22000), 200)
    return [p for p in candidates if _free(p) and _free(p + BUS_OFFSET)][:count]


def form_cluster(nodes: list[redis.Redis], ports: list[int]) -> None:
    """Share the hash slots among the nodes, introduce them, wait until the cluster is whole."""
    share = SLOTS // len(nodes)
    for index, node in enumerate(nodes):
        last = SLOTS if index == len(nodes) - 1 else (index + 1) * share
        node.execute_command("CLUSTER ADDSLOTS", *range(index * share, last))
    for port in ports[1:]:
        nodes[0].execute_command("CLUSTER MEET", "127.0.0.1", port)
    deadline = time.monotonic() + 30
    while not all(_whole(node) for node in nodes):
        assert time.monotonic() < deadline, "the cluster did not form in 30 s"
        time.sleep(0.1)


def _whole(node: redis.Redis) -> bool:
    info = node.execute_command("CLUSTER INFO")
    return info["cluster_state"] == "ok" and int(info["cluster_known_nodes"]) == MASTERS


@pytest.fixture(scope="module")
def cluster_url(tmp_path_factory):
    """A running 3-master cluster, torn down after the module: its ``redis+cluster://`` URL."""
    directory, ports = tmp_path_factory.mktemp("cluster"), cluster_ports(MASTERS)
    with contextlib.ExitStack() as stack:
        options = ("--cluster-enabled", "yes", "--cluster-node-timeout", "5000")
        nodes = [stack.enter_context(redis_server(directory, port, *options,
                                                  "--cluster-config-file", f"nodes-{port}.conf"))
                 for port in ports]
        form_cluster(nodes, ports)
        yield f"redis+cluster://127.0.0.1:{ports[0]}"


@pytest.fixture
def app(cluster_url, clock):
    """The app on the cluster (emptied before and after), with the test clock."""
    from app import create_app

    # As the shared app fixture: each call chooses its language afresh (LANGUAGE_MEMORY_DAYS 0).
    app = create_app({"TESTING": True, "SECRET_KEY": TEST_SECRET, "REDIS_URL": cluster_url, "CLOCK": clock,
                      "LANGUAGE_MEMORY_DAYS": 0})
    client = redis_of(app)
    assert isinstance(client, RedisCluster)
    client.flushdb()
    yield app
    client.flushdb()
    client.close()


@needs_redis_server
def test_book_enquire_change_and_cancel_by_phone(app):
    number = hkid(810001)
    reference = book(app, "3", number)
    assert "Hong Kong Office" in heard(app, identify("3", ENQUIRE, number))[-2]

    changed = heard(app, identify("3", CHANGE, number) + ["2", "2", "2", "1", "1", "1"])  # KO, 9 o'clock, 09:00
    assert changed[-2].startswith("Your appointment is changed.")
    booking = ledger_of(app).get(reference)
    assert (booking.office, booking.day, booking.time) == ("KO", FIRST_DAY, "09:00")
    assert (places_taken(app, "HKO", FIRST_DAY, "08:45"), places_taken(app, "KO", FIRST_DAY, "09:00")) == (0, 1)

    assert "is cancelled." in heard(app, identify("3", CANCEL, number) + ["1"])[-2]
    assert ledger_of(app).get(reference).status == "cancelled"
    assert places_taken(app, "KO", FIRST_DAY, "09:00") == 0


@needs_redis_server
def test_a_returning_callers_language_is_remembered_on_the_cluster(app):
    from app import create_app

    remembering = create_app({**app.config, "LANGUAGE_MEMORY_DAYS": 30})
    heard(remembering, ["2", "wait"])  # the choice is written with the call's save, on the cluster
    assert heard(remembering, ["wait"])[:3] == ["轉語言按井號。", "换语言按井号。", "Hash for another language."]


@needs_redis_server
def test_rosters_closures_and_reminders(app):
    reference = book(app, "3", hkid(810002))
    ledger = ledger_of(app)
    assert [b.reference for b in ledger.close_office("HKO", FIRST_DAY)] == [reference]
    assert ledger.closures("HKO") == [FIRST_DAY]

    later = book_ahead(app, hkid(810003), LATER_DAY, phone=HK_MOBILE)
    queue, due = ReminderQueue(redis_of(app), token="cluster-test"), reminder_due(LATER_DAY).timestamp()
    assert queue.claim(due, claim_seconds=60, limit=10).references == [later]
    assert queue.settle(later, "sent", f"{LATER_DAY} 09:00", TEST_NOW.isoformat())
    assert queue.counts(due) == {"scheduled": 0, "due": 0, "claimed": 0}


@needs_redis_server
def test_call_logs_list_replay_and_funnel(app):
    book(app, "3", hkid(810004))
    client = redis_of(app)
    [call] = list_calls(client)
    assert (call.outcome, call.status, call.language) == ("booked", "completed", "en-GB")
    turns = call_turns(client, call.sid)
    assert [turn["turn"] for turn in turns] == list(range(call.turns))
    moments = replay(turns, call, gather_timeout=6)
    assert [(m.kind, m.prompt, m.text) for m in moments[-2:]] == [
        ("prompt", "common.goodbye", "Thank you for calling. Goodbye."),
        ("note", None, "the line ended the call (Booked)")]
    # The call log keeps real time (the clock only moves the booking rules).
    machine = app.extensions["line"].engine.machine
    steps = {row.step: (row.reached, row.left) for flow in funnel(client, hk_today(), machine) for row in flow.rows}
    assert steps["booking.confirm"] == (1, 0) and steps["booking.goodbye"] == (1, 1)


@needs_redis_server
def test_supervisor_accounts(app):
    client = redis_of(app)
    add_supervisor(client, "chan.tai-man", "a long enough passphrase")
    assert [account.name for account in list_accounts(client)] == ["chan.tai-man"]
    remove(client, "chan.tai-man")
    assert list_accounts(client) == []


def test_keys_changed_together_share_a_hash_slot():
    ledger = [keys.ledger_sequence(), keys.booking("10000001"), keys.slot_usage("HKO", "2026-11-24"),
              keys.day_bookings("HKO", "2026-11-24"), keys.document_active("d" * 64),
              keys.idempotency("CA1:7"), keys.office_closures("HKO"), keys.enquiry_failures("d" * 64),
              keys.caller_limit("identify", "c" * 64), keys.call_limit("book", "CA1"), keys.booking_failures("10000001"),
              REMINDERS.attempts, REMINDERS.unsure, keys.reminders_due(), REMINDERS.claimed, REMINDERS.claims]
    call = [keys.call_turns("CA1"), keys.call_summary("CA1"), keys.call_steps("CA1"), keys.call_state("CA1"),
            keys.call_turn_claim("CA1"), keys.call_turn_lease("CA1")]
    supervisors = [keys.supervisors(), keys.supervisor("chan.tai-man")]
    assert {key_slot(key.encode()) for key in ledger} == {key_slot(b"{ledger}")}
    assert {key_slot(key.encode()) for key in call} == {key_slot(b"CA1")}
    assert len({key_slot(key.encode()) for key in supervisors}) == 1
    # The call logs of different calls spread over the cluster rather than piling on one node.
    assert len({key_slot(keys.call_turns(f"CA{n}").encode()) for n in range(100)}) > 90
