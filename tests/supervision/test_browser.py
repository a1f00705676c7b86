"""A supervisor in a real browser (Debian's Chromium, driven by Playwright): log in, open a
call made by a scripted call, step through it with the player, keep screenshots."""
import re
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright
from werkzeug.serving import make_server

from supervision.calls import call_summary, call_turns
from supervision.timeline import replay
from tests.supervision.helpers import INFORMATION_CALL, PASSWORD, SILENT_CALL, SUPERVISOR, add_supervisor, scripted_call

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
# The browser's speech synthesis, recorded: headless Chromium has no voices to listen to.
RECORD_SPEECH = """
window.spoken = [];
window.speechSynthesis.speak = (utterance) => {
  window.spoken.push([utterance.text, utterance.lang]);
  setTimeout(() => utterance.onend && utterance.onend(), 20);
};
"""

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM}")


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
        tab = browser.new_page(viewport={"width": 1280, "height": 900}, base_url=server)
        tab.add_init_script(RECORD_SPEECH)
        errors = []
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
    page.screenshot(path=str(ARTIFACTS / "supervisor-calls.png"))

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
    page.screenshot(path=str(ARTIFACTS / "supervisor-call.png"))

    page.select_option("#speed", "60")
    page.click("#play")
    expect(page.locator("#pause")).to_be_enabled()
    page.click("#pause")
    paused_at = page.locator("#timeline .moment.current").get_attribute("data-index")
    page.wait_for_timeout(600)
    expect(page.locator("#timeline .moment.current")).to_have_attribute("data-index", paused_at)
    page.click("#play")
    expect(page.locator("#progress")).to_have_text(f"end of the call ({len(moments)} moments)", timeout=20000)
    expect(page.locator("#now-text")).to_have_text("the caller hung up (information)")


def test_the_funnel_and_the_audit_trail_in_the_browser(app, runner, redis_client, page):
    sid, _ = scripted_call(app, INFORMATION_CALL)
    scripted_call(app, SILENT_CALL)
    scripted_call(app, ["3"])
    add_supervisor(runner)
    page.goto(f"/supervisor/calls/{sid}")
    page.fill("input[name=name]", SUPERVISOR)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    expect(page.locator("h1")).to_contain_text(sid)

    page.goto(f"/supervisor/funnel?date={call_summary(redis_client, sid).started_at.date().isoformat()}")
    expect(page.locator("#funnel-chart rect.reached")).to_have_count(4)
    expect(page.locator("table.funnel tbody tr").first).to_contain_text("main.language")
    page.screenshot(path=str(ARTIFACTS / "supervisor-funnel.png"), full_page=True)

    page.click("text=Audit trail")
    expect(page.locator("table.audit tbody tr").first).to_contain_text("opened call")
    expect(page.locator("table.audit tbody tr").first).to_contain_text(sid)
