"""How long a caller listens, and how many keys they press, to book for one applicant.

Not a timed test: it estimates the seconds of speech from the prompt text at the speaking
rates of the table of languages (``data/languages.json``) and counts keys, for a scripted one-applicant booking
in each language. ``python -m bench.booking_speech`` prints a Markdown table (kept in
docs/BOOKING_SPEECH.md).
"""
import tempfile

from app import create_app
from phone import Call, FlaskTransport, Heard, timing_language
from ivr.speech import speech_seconds
from languages import LINE
from store import keys as keys_module
from store.connection import redis_of
from tests.documents import hkid
from tests.ivr.calls import booking_keys



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
        rates = ", ".join(f"{row.name} {row.speech_rate:g}" for row in LINE)
        print(f"Speaking rates (words a second in English, syllables in Chinese): {rates}.\n")
        print("| language | seconds of speech | keys pressed | prompts heard | whole call (s, with keying and pauses) | booked |")
        print("| --- | ---: | ---: | ---: | ---: | --- |")
        for serial, row in enumerate(LINE, start=700001):
            result = measure(app, row.menu_key, serial)
            print(f"| {row.code} ({row.name}) | {result['speech']:.0f} | {result['keys']} | {result['prompts']} | "
                  f"{result['call']:.0f} | {'yes' if result['booked'] else 'NO'} |")


if __name__ == "__main__":
    main()
