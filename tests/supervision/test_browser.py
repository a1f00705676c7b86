"""A supervisor in a real browser (Debian's Chromium, driven by Playwright): log in, open a
call made by a scripted call, step through it with the player, follow the funnel to its calls,
and see every page at desktop and phone width (screenshots in SCREENSHOTS_DIR, artifacts/ by
default; scripts/screenshots refreshes the ones kept in docs/screenshots)."""
import os
import re
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright
from werkzeug.serving import make_server

from supervision.calls import call_summary, call_turns
from supervision.timeline import replay
from tests.documents import hkid
from tests.ivr.calls import booking_keys
from tests.supervision.helpers import INFORMATION_CALL, PASSWORD, SILENT_CALL, SUPERVISOR, add_supervisor, scripted_call

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("SCREENSHOTS_DIR") or ROOT / "artifacts")
DESKTOP, PHONE = {"width": 1280, "height": 900}, {"width": 390, "height": 844}
# The browser's speech synthesis, recorded: headless Chromium has no voices to listen to.
RECORD_SPEECH = """
window.spoken = [];
window.speechSynthesis.speak = (utterance) => {
  window.spoken.push([utterance.text, utterance.lang]);
  setTimeout(() => utterance.onend && utterance.onend(), 20);
};
"""

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM}: install it with scripts/system-packages")


@pytest.fixture
def server(app):
    """The app served over HTTP on 127.0.0.1 from a thread; its base URL."""
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{http.server_port}"
    http.shutdown()
    thread.join()


@pytest.fixture
def page(server):
    """A fresh Chromium page; console errors fail the test."""
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        tab = browser.new_page(viewport=DESKTOP, base_url=server)
        tab.add_init_script(RECORD_SPEECH)
        errors = tab.console_errors = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        yield tab
        browser.close()
        assert errors == []


def test_a_supervisor_steps_through_a_scripted_call(app, runner, redis_client, page):
    sid, _ = scripted_call(app, INFORMATION_CALL)
    scripted_call(app, SILENT_CALL)
    timeout = app.config["GATHER_TIMEOUT_SECONDS"]
    moments = replay(call_turns(redis_client, sid), call_summary(redis_client, sid), timeout)
    add_supervisor(runner)

    page.goto("/supervisor/calls")
    expect(page).to_have_url(re.compile(r"/supervisor/login\?next=/supervisor/calls$"))
    page.fill("input[name=name]", SUPERVISOR)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("table.calls tbody tr")).to_have_count(2)

    page.click(f"a:text('{sid}')")
    expect(page.locator("h1")).to_contain_text(sid)
    expect(page.locator("#timeline .moment")).to_have_count(len(moments))

    # At real time, each prompt is spoken in its language and the player moves on when it ends.
    page.click("#play")
    page.wait_for_function("() => window.spoken.length >= 4")
    page.click("#pause")
    prompts = [(moment.text, moment.language) for moment in moments if moment.kind == "prompt"]
    assert page.evaluate("window.spoken")[:4] == [list(prompt) for prompt in prompts[:4]]

    page.click("#restart")
    page.uncheck("#speak")
    for index, moment in enumerate(moments[1:7], start=1):
        page.click("#next")
        expect(page.locator("#now-text")).to_have_text(moment.text)
        expect(page.locator("#timeline .moment.current")).to_have_attribute("data-index", str(index))
    keys = [index for index, moment in enumerate(moments) if moment.kind == "keys"]
    page.locator("#timeline .moment").nth(keys[1] - 1).click()
    page.click("#next")
    expect(page.locator("#now-kind")).to_have_text("caller pressed")
    expect(page.locator("#now-text")).to_have_text(moments[keys[1]].text)

    page.select_option("#speed", "60")
    page.click("#play")
    expect(page.locator("#pause")).to_be_enabled()
    page.click("#pause")
    paused_at = page.locator("#timeline .moment.current").get_attribute("data-index")
    page.wait_for_timeout(600)
    expect(page.locator("#timeline .moment.current")).to_have_attribute("data-index", paused_at)
    page.click("#play")
    expect(page.locator("#progress")).to_have_text(f"end of the call ({len(moments)} moments)", timeout=20000)
    expect(page.locator("#now-text")).to_have_text("the caller hung up (Heard information)")


def log_in_at(page, path):
    """Open ``path``, which sends to the login form, and log in."""
    page.goto(path)
    page.fill("input[name=name]", SUPERVISOR)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


@pytest.fixture
def busy_day(app, runner):
    """A day of calls: two booked (English, Cantonese), information, a give-up, two hang-ups."""
    sids = {
        "information": scripted_call(app, INFORMATION_CALL)[0],
        "booked": scripted_call(app, booking_keys("3", [hkid(510001)]))[0],
    }
    scripted_call(app, booking_keys("1", [hkid(510002)]))
    scripted_call(app, SILENT_CALL)
    scripted_call(app, ["3"])
    sids["left_booking"] = scripted_call(app, ["2", "1", "1"])[0]
    add_supervisor(runner)
    return sids


def test_the_funnel_shows_each_flow_in_order_and_leads_to_the_calls(app, redis_client, busy_day, page):
    day = call_summary(redis_client, busy_day["booked"]).started_at.date().isoformat()
    log_in_at(page, f"/supervisor/funnel?date={day}")
    flows = page.locator("section.flow h2")
    expect(flows).to_have_count(3)
    assert [text.split(" ")[0] for text in flows.all_inner_texts()] == ["Start", "Booking", "Information"]
    booking = page.locator("#flow-booking li.step")
    # Steps in the order of the flow, labelled; each id in the bar's tooltip.
    expect(booking.first.locator(".label")).to_have_text("Number of applicants")
    expect(booking.last.locator(".label")).to_have_text("Goodbye")
    expect(booking.last.locator("a")).to_have_attribute("title", re.compile(r"^booking\.goodbye: "))
    # Successes and drop-offs apart, by colour and by word.
    expect(booking.last.locator(".counts .done")).to_have_text("✓ 2 succeeded")
    expect(booking.last.locator("rect.done")).to_have_count(1)
    left = page.locator('#flow-booking li.step[data-step="booking.doc_first"]')
    expect(left.locator(".counts .dropped")).to_have_text("✗ 1 dropped")
    expect(left.locator("rect.dropped")).to_have_count(1)
    assert page.eval_on_selector("#flow-booking rect.dropped", "r => getComputedStyle(r).fill") != \
        page.eval_on_selector("#flow-booking rect.done", "r => getComputedStyle(r).fill")

    left.locator("a").click()
    expect(page.locator("table.calls tbody tr")).to_have_count(1)
    expect(page.locator("table.calls tbody tr")).to_contain_text(busy_day["left_booking"])
    expect(page.locator(".filter-note")).to_contain_text("Booking · Identity card number")
    expect(page.locator("#total")).to_have_text("1 call matches; calls 1–1, newest first.")


def test_every_page_at_desktop_and_phone_width(app, redis_client, busy_day, page):
    sid = busy_day["booked"]
    day = call_summary(redis_client, sid).started_at.date().isoformat()
    pages = [("calls", "/supervisor/calls"), ("call", f"/supervisor/calls/{sid}"),
             ("funnel", f"/supervisor/funnel?date={day}"), ("report", f"/supervisor/report?date={day}"),
             ("audit", "/supervisor/audit"), ("not-found", "/supervisor/calls/CA0000-gone")]
    for width, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.context.clear_cookies()
        page.goto("/supervisor/login")
        shoot(page, f"login-{width}")
        log_in_at(page, "/supervisor/calls")
        for name, path in pages:
            page.goto(path)
            shoot(page, f"{name}-{width}")
    page.goto("/supervisor/calls/CA0000-gone")
    expect(page.locator("h1")).to_have_text("Not found")
    expect(page.locator("main")).to_contain_text("There is no call CA0000-gone in the log")
    # The browser reports each 404 it was sent, as it should: those were asked for here.
    page.console_errors[:] = [error for error in page.console_errors if "status of 404" not in error]
    page.click("text=Back to the call list")
    expect(page.locator("table.calls tbody tr")).to_have_count(6)


def shoot(page, name: str) -> None:
    """A full-page screenshot; at any width the page must fit it without scrolling sideways."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} is wider than {width} px"
    page.screenshot(path=str(ARTIFACTS / f"supervisor-{name}.png"), full_page=True)


def test_the_audit_trail_in_the_browser(app, runner, redis_client, page):
    sid, _ = scripted_call(app, INFORMATION_CALL)
    add_supervisor(runner)
    log_in_at(page, f"/supervisor/calls/{sid}")
    expect(page.locator("h1")).to_contain_text(sid)
    page.click("text=Audit trail")
    expect(page.locator("table.audit tbody tr").first).to_contain_text("opened call")
    expect(page.locator("table.audit tbody tr").first).to_contain_text(sid)
