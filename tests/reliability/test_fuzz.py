"""Every webhook fuzzed in the middle of real calls (see ``fuzzing``); oversized bodies: 413;
the digits of other scripts that the fuzz found slipping through."""
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tests.documents import hkid
from tests.ivr.calls import booking_keys
from tests.reliability.fuzzing import fuzz_one_call, stored
from tests.reliability.webhooks import WebhookCall

EXAMPLES = 200


@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(data=st.data())
def test_hostile_webhooks_never_break_a_call(app, data):
    fuzz_one_call(app, data.draw)


@pytest.mark.parametrize("path", ["/voice", "/voice/status", "/voice/fallback"])
@pytest.mark.parametrize("body", [
    {"CallSid": "CA1", "Digits": "1" * 70_000},  # one huge field
    {f"field{i}": "1234567890" for i in range(5_000)},  # small fields adding up past it
], ids=["huge-field", "many-fields"])
def test_request_bodies_over_the_limit_are_refused(app, path, body):
    assert app.test_client().post(path, data=body).status_code == 413


@pytest.mark.parametrize("keys_before, digits", [
    (10, "²"),  # the office menu: int("²") raised, the caller was cut off
    (10, "٣"),  # chose office 3
    (6, "٠٥"),  # taken as the 5th for the day of birth
    (13, "١٢٣٤"),  # taken as an enquiry code
], ids=["superscript", "arabic-indic-menu", "arabic-indic-day", "arabic-indic-code"])
def test_digits_of_other_scripts_are_wrong_keys(app, keys_before, digits):
    call = WebhookCall(app.test_client())
    call.start()
    call.press_all(booking_keys("3", [hkid(930001)])[:keys_before])
    before = stored(app, call.call_sid).state
    assert b"technical problem" not in call.press(digits).data
    after = stored(app, call.call_sid).state
    assert (after.step, after.data, after.tries) == (before.step, before.data, before.tries + 1)
