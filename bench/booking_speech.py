"""How long a caller listens, and how many keys they press, to make a booking.

Not a timed test: it estimates the seconds of speech from the prompt text at the speaking
rates of the table of languages (``data/languages.json``) and counts keys, for scripted
bookings in each language: one applicant taking the first time offered, four applicants
taking an afternoon time (``LATER_TIME``) of the first date, and one applicant again from a
number whose language the line remembers (an earlier call chose it). ``python -m bench.booking_speech``
prints Markdown tables (kept in docs/BOOKING_SPEECH.md); ``--where`` adds where the seconds go.
"""
import argparse
import atexit
import collections
import datetime as dt
import shutil
import tempfile

from app import create_app
from phone import Call, FlaskTransport, Heard, timing_language
from ivr.speech import speech_seconds
from languages import LINE
from store import keys as keys_module
from store.connection import redis_of
from tests.documents import hkid
from tests.ivr.calls import booking_keys, later_time_keys

LATER_TIME = "15:00"
# Scenario name -> (applicants, keys from the date offer on (None: take the time offered), a
# returning caller: the number chose its language on an earlier call, so the menu is skipped).
SCENARIOS = {
    "1 applicant, first time offered": (1, None, False),
    f"4 applicants, {LATER_TIME} on the first date": (4, later_time_keys(LATER_TIME), False),
    "1 applicant, returning caller (language remembered)": (1, None, True),
}
GOAL = {1: (120, 30), 4: (300, None)}  # applicants -> (seconds of speech, keys) at most


def measure(app, language_key: str, applicants: int, time_keys, serial: int, returning: bool = False) -> dict:
    """Speech seconds, keys pressed and prompts heard for one scripted booking."""
    numbers = [hkid(serial * 10 + n) for n in range(applicants)]
    keys = booking_keys(language_key, numbers, **({"time": time_keys} if time_keys else {}))
    call_sid = f"CA{serial:032d}"
    # Each booking from a phone of its own: the line takes at most a few bookings a day per number.
    caller = f"+85291{serial % 1_000_000:06d}"
    if returning:  # an earlier call chose the language; this one starts at the main menu
        Call(FlaskTransport(app.test_client()), call_sid=f"CB{serial:032d}", from_number=caller).run(
            [language_key, "wait"])
        keys = keys[1:]
    transcript = Call(FlaskTransport(app.test_client()), call_sid=call_sid, from_number=caller).run(keys)
    spoken = [event for event in transcript.events if isinstance(event, Heard)]
    by_prompt = collections.Counter()
    for event in spoken:
        by_prompt[event.text] += speech_seconds(event.text, timing_language(event.language))
    booked = redis_of(app).hget(keys_module.call_summary(call_sid), "outcome") == "booked"
    return {"speech": sum(by_prompt.values()), "keys": transcript.keys_pressed, "prompts": len(spoken),
            "booked": booked, "call": transcript.seconds, "by_prompt": by_prompt}


def cancel_all(app) -> None:
    """Give back every place booked at the first office in the next fortnight, so each call finds the same times."""
    ledger = app.extensions["ledger"]
    for offset in range(1, 15):
        for booking in ledger.roster("HKO", ledger.today() + dt.timedelta(days=offset)):
            if booking.status == "active":
                ledger.cancel(booking.reference)


def _verdict(applicants: int, result: dict) -> str:
    seconds, keys = GOAL[applicants]
    met = result["booked"] and result["speech"] <= seconds and (keys is None or result["keys"] <= keys)
    goal = f"<= {seconds} s" + (f", <= {keys} keys" if keys else "")
    return f"{'met' if met else 'NOT met'} ({goal})"


def main(argv=None) -> None:
    """Book in each language and scenario on a throw-away embedded Redis and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--where", action="store_true", help="also list the longest prompts of each call")
    options = parser.parse_args(argv)
    redis_dir = tempfile.mkdtemp(prefix="booking-speech-")
    # Registered before the app starts its Redis: at exit the server stops first, then its folder goes.
    atexit.register(shutil.rmtree, redis_dir, True)
    app = create_app({"SECRET_KEY": "bench", "REDIS_URL": None, "EMBEDDED_REDIS_DIR": redis_dir})
    rates = ", ".join(f"{row.name} {row.speech_rate:g}" for row in LINE)
    print(f"Speaking rates (words a second in English, syllables in Chinese): {rates}.\n")
    print("| scenario | language | seconds of speech | keys pressed | prompts heard "
          "| whole call (s, with keying and pauses) | booked | goal |")
    print("| --- | --- | ---: | ---: | ---: | ---: | --- | --- |")
    longest = []
    serial = 70001
    for scenario, (applicants, time_keys, returning) in SCENARIOS.items():
        for row in LINE:
            result = measure(app, row.menu_key, applicants, time_keys, serial, returning)
            cancel_all(app)
            serial += 1
            name = f"{row.code} ({row.name})"
            print(f"| {scenario} | {name} | {result['speech']:.1f} | {result['keys']} | {result['prompts']} | "
                  f"{result['call']:.0f} | {'yes' if result['booked'] else 'NO'} | {_verdict(applicants, result)} |")
            longest.append((scenario, name, result["by_prompt"].most_common(8)))
    if options.where:
        for scenario, name, prompts in longest:
            print(f"\n{scenario}, {name}: the longest prompts")
            for text, seconds in prompts:
                print(f"- {seconds:.0f} s: {text[:110]}")


if __name__ == "__main__":
    main()
