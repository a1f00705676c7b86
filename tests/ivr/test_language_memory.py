"""A returning caller skips the language menu: the language a calling number chose is kept under a
keyed hash of the number, expiring; hash at the main menu changes it, and the new choice is kept."""
import pytest

from app import create_app
from booking import identity
from store import keys
from tests.documents import hkid
from tests.ivr.calls import HK_MOBILE, booking_keys, call

OTHER_LANGUAGE = ["轉語言按井號。", "换语言按井号。", "Hash for another language."]
LANGUAGE_MENU = ["入境處預約熱線。廣東話請按一。", "普通话请按二。", "For English, press 3."]
MAIN_MENU = {
    "zh-HK": "預約按一；查詢、更改或取消，按二、三或四；辦事處資料按五；其他資料按六。",
    "en-GB": "1: book. 2, 3 or 4: check, change or cancel. 5: offices. 6: other information.",
}
DAYS = 30


@pytest.fixture
def remembering(app):
    """The test app with the language memory on, for ``DAYS`` days."""
    return create_app({**app.config, "LANGUAGE_MEMORY_DAYS": DAYS})


def stored(app, number: str) -> tuple[str | None, int]:
    """The language kept for ``number``, and its seconds to live."""
    ledger = app.extensions["ledger"]
    key = keys.caller_language(identity.keyed_hash(ledger.secret, f"caller:{number}"))
    return ledger.redis.get(key), ledger.redis.ttl(key)


def test_a_returning_caller_hears_the_main_menu_in_the_language_chosen_last_time(remembering, redis_client):
    assert call(remembering, ["1", "5", "#", "#", "wait"]).heard[:5] == [*LANGUAGE_MENU, "按星號重聽，按井號返回。",
                                                                  MAIN_MENU["zh-HK"]]
    language, ttl = stored(remembering, HK_MOBILE)
    assert language == "zh-HK" and DAYS * 86400 - 60 < ttl <= DAYS * 86400
    # Only a keyed hash of the number is stored, never the number.
    assert not [key for key in redis_client.keys("*") if "91234567" in key]
    transcript = call(remembering, ["5", "wait"])
    said = [(event.language, event.text) for event in transcript.events if hasattr(event, "text")]
    assert said[:4] == [("yue-HK", OTHER_LANGUAGE[0]), ("cmn-CN", OTHER_LANGUAGE[1]), ("en-GB", OTHER_LANGUAGE[2]),
                        ("yue-HK", MAIN_MENU["zh-HK"])]
    assert transcript.keys_pressed == 1


def test_hash_changes_the_language_and_the_new_one_is_remembered(remembering):
    call(remembering, ["1", "wait"])
    said = call(remembering, ["#", "3", "wait"]).heard
    assert said[:4] == [*OTHER_LANGUAGE, MAIN_MENU["zh-HK"]]
    assert said[4:7] == LANGUAGE_MENU and said[8] == MAIN_MENU["en-GB"]
    assert stored(remembering, HK_MOBILE)[0] == "en-GB"
    assert call(remembering, ["wait"]).heard[3] == MAIN_MENU["en-GB"]


def test_a_returning_caller_books_in_one_key_less(remembering):
    call(remembering, ["3", "wait"], from_number="+85261234567")
    keys_then = booking_keys("3", [hkid(870001)])[1:]  # no language key
    transcript = call(remembering, keys_then, from_number="+85261234567")
    assert transcript.heard[-2].startswith("Booked: ")
    assert not set(LANGUAGE_MENU) & set(transcript.heard)


def test_a_withheld_number_and_another_number_are_not_remembered(remembering):
    call(remembering, ["2", "wait"], from_number="anonymous")
    assert call(remembering, ["wait"], from_number="anonymous").heard[:3] == LANGUAGE_MENU
    call(remembering, ["2", "wait"])
    assert call(remembering, ["wait"], from_number="+85261234560").heard[:3] == LANGUAGE_MENU


def test_the_memory_expires(remembering, redis_client):
    call(remembering, ["2", "wait"])
    ledger = remembering.extensions["ledger"]
    key = keys.caller_language(identity.keyed_hash(ledger.secret, f"caller:{HK_MOBILE}"))
    redis_client.delete(key)  # what its expiry does after DAYS days
    assert call(remembering, ["wait"]).heard[:3] == LANGUAGE_MENU
