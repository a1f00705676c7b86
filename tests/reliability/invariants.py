"""The ledger checked against itself, reading Redis only: no place taken without a booking, no
booking without its places, its documents and its roster entry."""
import json
from collections import Counter

from store import keys


def _scan(client, pattern: str) -> list[str]:
    return list(client.scan_iter(match=pattern, count=1000))


def _records(client) -> dict[str, dict]:
    return {record["reference"]: record
            for record in (client.hgetall(key) for key in _scan(client, keys.booking("*")))}


def _places_taken(client) -> Counter:
    prefix = keys.slot_usage("", "").rstrip(":")
    taken = Counter()
    for key in _scan(client, keys.slot_usage("*", "*")):
        office, day = key[len(prefix):].lstrip(":").split(":", 1)
        for time, count in client.hgetall(key).items():
            taken[(office, day, time)] += int(count)
    return taken


def slot_problems(client, records: dict[str, dict]) -> list[str]:
    """Slots whose places taken differ from the applicants of their active bookings."""
    booked = Counter()
    for record in records.values():
        if record["status"] == "active":
            booked[(record["office"], record["day"], record["time"])] += int(record["applicants"])
    taken = _places_taken(client)
    return [f"slot {slot}: {taken[slot]} taken, {booked[slot]} booked"
            for slot in sorted(set(taken) | set(booked)) if taken[slot] != booked[slot]]


def document_problems(client, records: dict[str, dict]) -> list[str]:
    """Active documents not held by their booking, and held documents with no active booking."""
    expected = {keys.document_active(document): f"{reference}|{record['day']}"
                for reference, record in records.items() if record["status"] == "active"
                for document in json.loads(record["documents"])}
    held = {key: client.get(key) for key in _scan(client, keys.document_active("*"))}
    return [f"{key}: held by {held.get(key)!r}, booked as {expected.get(key)!r}"
            for key in sorted(set(expected) | set(held)) if held.get(key) != expected.get(key)]


def roster_problems(client, records: dict[str, dict]) -> list[str]:
    """Bookings missing from their day's roster, and roster entries or replies with no record."""
    problems = [f"booking {reference} not on its roster" for reference, record in records.items()
                if not client.sismember(keys.day_bookings(record["office"], record["day"]), reference)]
    for key in _scan(client, keys.day_bookings("*", "*")):
        problems += [f"{key} lists {reference} with no record"
                     for reference in client.smembers(key) if reference not in records]
    for key in _scan(client, keys.idempotency("*")):
        if client.get(key) not in records:
            problems.append(f"{key} answers {client.get(key)} with no record")
    return problems


def ledger_problems(client) -> list[str]:
    """Every way the ledger disagrees with itself; empty when it is whole."""
    records = _records(client)
    return (slot_problems(client, records) + document_problems(client, records)
            + roster_problems(client, records))


def active_references(client) -> set[str]:
    """The references of every active booking in the ledger."""
    return {reference for reference, record in _records(client).items() if record["status"] == "active"}
