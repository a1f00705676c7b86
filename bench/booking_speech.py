"""How long a caller listens, and how many keys they press, to book for one applicant.

Not a timed test: it estimates the seconds of speech from the prompt text at the speaking
rates stated in ``ivr.speech.timing`` and counts keys, for a scripted one-applicant booking
in each language. ``python -m bench.booking_speech`` prints a Markdown table (kept in
docs/BOOKING_SPEECH.md).
"""
import tempfile

from app import create_app
from phone import Call, FlaskTransport, Heard, timing_language
from ivr.speech import speech_seconds
from ivr.speech.timing import CHINESE_SYLLABLES_PER_SECOND, ENGLISH_WORDS_PER_MINUTE
from store import keys as keys_module
from store.connection import redis_of
from tests.documents import hkid
from tests.ivr.calls import booking_keys

LANGUAGES = {"1": "zh-HK (Cantonese)", "2": "zh-CN (Putonghua)", "3": "en-GB (English)"}


def measure(app, language_key: str, serial: int) -> dict:
    """Speech seconds, keys pressed and prompts heard for one scripted booking."""
    keys, call_sid = booking_keys(language_key, [hkid(serial)]), f"CA{serial:032d}"
    transcript = Call(FlaskTransport(app.test_client()), call_sid=call_sid).run(keys)
    spoken = [event for event in transcript.events if isinstance(event, Heard)]
    seconds = sum(speech_seconds(event.text, timing_language(event.language)) for event in spoken)
    booked = redis_of(app).hget(keys_module.call_summary(call_sid), "outcome") == "booked"
    return {"speech": seconds, "keys": transcript.keys_pressed, "prompts": len(spoken), "booked": booked,
            "call": transcript.seconds}


def main() -> None:
    """Book once in each language on a throw-away embedded Redis and print the table."""
    with tempfile.TemporaryDirectory() as redis_dir:
        app = create_app({"SECRET_KEY": "bench", "REDIS_URL": None, "EMBEDDED_REDIS_DIR": redis_dir})
        print(f"Speaking rates: English {ENGLISH_WORDS_PER_MINUTE} words/min; "
              f"Cantonese and Putonghua {CHINESE_SYLLABLES_PER_SECOND:g} syllables/s.\n")
        print("| language | seconds of speech | keys pressed | prompts heard | whole call (s, with keying and pauses) | booked |")
        print("| --- | ---: | ---: | ---: | ---: | --- |")
        for serial, (key, name) in enumerate(LANGUAGES.items(), start=700001):
            result = measure(app, key, serial)
            print(f"| {name} | {result['speech']:.0f} | {result['keys']} | {result['prompts']} | "
                  f"{result['call']:.0f} | {'yes' if result['booked'] else 'NO'} |")


if __name__ == "__main__":
    main()
