"""No document number, birth date or enquiry code reaches Redis or the logs in clear."""
import logging
import re

import pytest

from ivr.turnlog import turn_record
from ivr.turns import CallState, Speech, Turn
from store import calllog
from supervision.calls import call_turns, list_calls
from tests.supervision.helpers import scripted_call

# The secrets the campaign keys: four documents, a birth date (29th, 1967), an enquiry code.
DOCUMENTS = {"917305": "*529173056#", "864209": "*92*938642098#", "502718": "*735027186#", "390462": "*913904620#"}
DOC_A, DOC_B, DOC_C, DOC_D = DOCUMENTS.values()
BIRTH_DAY, BIRTH_YEAR, CODE = "29", "1967", "7394"


def booking(language_key: str, document: str) -> list[str]:
    """One applicant with an HKID: document, birth date, old card, first office, the time offered, code."""
    applicant = ["1", document, BIRTH_DAY, BIRTH_YEAR, "1"]
    return [language_key, "1", *applicant, "6", "1", "1", CODE, "1"]


CAMPAIGN = [
    booking("3", DOC_A),
    booking("1", DOC_B),  # in Cantonese: read back in Chinese numerals
    booking("2", DOC_A),  # in Putonghua, a document that already has an appointment
    ["3", "1", "1", "*735027181#", DOC_C, BIRTH_DAY, BIRTH_YEAR, "2", DOC_D, BIRTH_DAY],  # a wrong check digit; a re-entry
    ["3", "2", "1", DOC_A, "1", CODE, "1"],
    ["3", "4", "1", DOC_B, "1", CODE, "1"],
]
SERIALS = tuple(DOCUMENTS)
EXACT = {BIRTH_YEAR, CODE}
ENGLISH_DIGITS = "zero one two three four five six seven eight nine".split()


def spoken(digits: str) -> list[str]:
    """How the line reads digits one by one, in English and in Chinese numerals."""
    return [", ".join(ENGLISH_DIGITS[int(d)] for d in digits),
            "".join("零一二三四五六七八九"[int(d)] for d in digits), "".join("〇一二三四五六七八九"[int(d)] for d in digits)]


SPOKEN = (*[form for digits in (*SERIALS, BIRTH_YEAR, CODE) for form in spoken(digits)],
          "nineteen sixty-seven", "twenty-ninth", "twenty-nine", "二十九")
# Values sealed with Fernet (the live call state) are not in clear; they are not read.
SEALED = re.compile(r"gAAAAA[A-Za-z0-9_\-]+=*")
# The entry steps whose keys are secrets, with the keys the campaign types there.
SECRET_ENTRIES = {"booking.doc_first": DOC_A, "booking.doc_number": DOC_A, "booking.birth_day": BIRTH_DAY,
                  "booking.birth_year": BIRTH_YEAR, "booking.code": CODE}


def leaks(text: str) -> list[str]:
    """The secrets found in clear in ``text``."""
    if SEALED.fullmatch(text):
        return []
    found = [token for token in re.findall(r"[A-Za-z0-9]+", text)
             if token in EXACT or any(serial in token for serial in SERIALS)]
    return found + [phrase for phrase in SPOKEN if phrase in text.lower()]


def every_value(client) -> list[str]:
    """Every key of the Redis database and every value under it, as strings."""
    readers = {
        "string": lambda key: [client.get(key)],
        "hash": lambda key: [item for pair in client.hgetall(key).items() for item in pair],
        "set": lambda key: list(client.smembers(key)),
        "zset": lambda key: client.zrange(key, 0, -1),
        "list": lambda key: client.lrange(key, 0, -1),
        "stream": lambda key: [item for _, fields in client.xrange(key) for pair in fields.items() for item in pair],
    }
    values = []
    for key in client.scan_iter(count=1000):
        values += [key, *map(str, readers[client.type(key)](key))]
    return values


def test_turnlog_masks_the_keys_of_every_sensitive_entry(app):
    machine = app.extensions["line"].engine.machine
    sensitive = {name for name, state in machine.states.items() if state.kind == "entry" and state.sensitive}
    assert sensitive >= SECRET_ENTRIES.keys()
    for step in sensitive:
        previous = CallState(step=step, caller={"sid": "CAmask"}, language="en-GB", turn=3)
        state = CallState(step=step, caller={"sid": "CAmask"}, language="en-GB", turn=4)
        turn = Turn(step, (Speech("p", "en-GB", "You entered A, one.", logged="You entered ***."),), None)
        record = turn_record(machine, previous, state, turn, DOC_A.rstrip("#"))
        assert record["keys"] == "[10 keys hidden]", step
        assert record["said"][0]["text"] == "You entered ***."


def test_a_campaign_of_scripted_calls_leaves_no_secret_in_redis_or_the_logs(app, redis_client, caplog):
    caplog.set_level(logging.DEBUG)
    sids = [scripted_call(app, keys)[0] for keys in CAMPAIGN]
    # The calls' own records, then records as the full booking path would log them.
    machine = app.extensions["line"].engine.machine
    with redis_client.pipeline() as pipeline:
        for turn, (step, keys) in enumerate(SECRET_ENTRIES.items()):
            previous = CallState(step=step, caller={"sid": "CAfed"}, language="en-GB", turn=turn)
            state = CallState(step=step, caller={"sid": "CAfed"}, language="en-GB", turn=turn + 1)
            calllog.record_turn(pipeline, turn_record(machine, previous, state, Turn(step, (), None), keys), 90)
        pipeline.execute()
    calls = {call.sid: call for call in list_calls(redis_client)}
    assert calls.keys() >= set(sids)
    assert [calls[sid].outcome for sid in sids[:2]] == ["booked", "booked"]
    hidden = {record["from_step"] for sid in sids for record in call_turns(redis_client, sid)
              if (record.get("keys") or "").endswith("keys hidden]")}
    assert hidden >= SECRET_ENTRIES.keys()  # the secrets did reach the line, and were masked
    assert [value for value in every_value(redis_client) if leaks(value)] == []
    assert leaks(caplog.text) == []


@pytest.mark.parametrize("text, found", [
    ("keys *529173056", ["529173056"]), ("K917305(6)", ["K917305"]), ("code 7394.", ["7394"]),
    ("You entered K, nine, one, seven, three, zero, five, bracket six.", ["nine, one, seven, three, zero, five"]),
    ("你輸入的是K、九一七三零五", ["九一七三零五"]), ("born 1967", ["1967"]),
    ("at 1795316159.7394123", []), ("gAAAAABn7394_917305-x==", []), ("[10 keys hidden]", []),
])
def test_the_scan_finds_secrets_and_only_them(text, found):
    assert leaks(text) == found
