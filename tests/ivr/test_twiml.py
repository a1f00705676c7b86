"""Fixed turns' TwiML is kept and reused: the same document, byte for byte, as twilio's builder gives."""
from ivr import twiml
from ivr.turns import Gather, Speech, Turn
from ivr.twiml import Rendering, Voice, render

RENDERING = Rendering({"en": Voice("Polly.Amy", "en-GB"), "zh-HK": Voice("Polly.Hiujin", "yue-CN")}, 6,
                      lambda language, prompt_id: "https://audio.example/en/menu.mp3" if prompt_id == "main.menu" else None)
MENU = (Speech("main.menu", "en", "Press 1 to book."), Speech("main.menu", "zh-HK", "預約請按 1。"))
URLS = ["/voice?t=1", "/voice?t=27", "/line & co/voice?t=3", '/a"<b>\t\r\n/voice?t=4']


def built(turn: Turn, action_url: str) -> str:
    """The document as twilio's builder makes it, never from the kept ones."""
    return twiml._build(turn.speech, turn.gather, RENDERING, action_url)


def test_a_fixed_menu_is_the_builders_document_for_every_action_url():
    turn = Turn("main", MENU, Gather(1, ""))
    for url in URLS:
        assert render(turn, RENDERING, url) == built(turn, url)
    assert twiml._fixed.cache_info().currsize >= 1
    assert 'action="/line &amp; co/voice?t=3"' in render(turn, RENDERING, URLS[2])


def test_a_fixed_entry_and_a_fixed_goodbye_are_the_builders_documents():
    entry = Turn("document", MENU[:1], Gather(None, "#", 10))
    goodbye = Turn("bye", (Speech("common.goodbye", "en", "Goodbye."),), None)
    for turn in (entry, goodbye):
        assert render(turn, RENDERING, URLS[1]) == render(turn, RENDERING, URLS[1]) == built(turn, URLS[1])
    assert "<Hangup />" in render(goodbye, RENDERING, URLS[1])


def test_a_turn_with_data_is_built_each_time_and_never_kept():
    said = Speech("readback", "en", "You keyed A 1 2 3.", static=False)
    turn = Turn("readback", (said,), Gather(1, ""))
    before = twiml._fixed.cache_info()
    assert render(turn, RENDERING, URLS[0]) == built(turn, URLS[0])
    after = twiml._fixed.cache_info()
    assert (after.hits, after.misses) == (before.hits, before.misses)
