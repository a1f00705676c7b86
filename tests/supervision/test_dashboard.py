"""The supervisor page: login, CSRF, the call list and page, the funnel, the audit trail."""
import html

import pytest

from store import keys
from supervision import audit
from supervision.accounts import find_account
from supervision.calls import call_summary
from tests.supervision.helpers import (INFORMATION_CALL, PASSWORD, SILENT_CALL, SUPERVISOR, add_supervisor,
                                       csrf_token, log_in, scripted_call)

PAGES = ["/supervisor/", "/supervisor/calls", "/supervisor/calls/CAany", "/supervisor/funnel", "/supervisor/audit"]


@pytest.fixture
def browser(app, runner):
    """A test client of a supervisor who has logged in."""
    add_supervisor(runner)
    client = app.test_client()
    assert log_in(client).status_code == 302
    return client


def page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


@pytest.mark.parametrize("path", PAGES)
def test_every_page_redirects_to_the_login_without_a_login(app, path):
    response = app.test_client().get(path)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/supervisor/login?next={path}"


def test_the_login_page_and_the_stylesheet_need_no_login(app):
    client = app.test_client()
    assert client.get("/supervisor/login").status_code == 200
    assert client.get("/supervisor/static/supervision.css").status_code == 200


def test_a_login_takes_the_supervisor_where_they_were_going(app, runner):
    add_supervisor(runner)
    client = app.test_client()
    response = log_in(client, next_page="/supervisor/audit")
    assert (response.status_code, response.headers["Location"]) == (302, "/supervisor/audit")
    assert client.get("/supervisor/audit").status_code == 200


def test_a_login_never_sends_the_browser_to_another_site(app, runner):
    add_supervisor(runner)
    for target in ("https://evil.example/", "//evil.example/supervisor/", "/voice"):
        assert log_in(app.test_client(), next_page=target).headers["Location"] == "/supervisor/calls"


def test_a_wrong_password_is_refused_counted_and_audited(app, runner, redis_client, caplog):
    add_supervisor(runner)
    client = app.test_client()
    response = log_in(client, password="not the password")
    assert response.status_code == 401 and "Wrong name or password." in page(response)
    assert client.get("/supervisor/calls").status_code == 302
    assert find_account(redis_client, SUPERVISOR).failed_total == 1
    assert "supervisor alice: wrong password (1 in a row, 1 in all)" in caplog.text
    assert runner.invoke(args=["supervisors", "list"]).output.splitlines()[1].split()[:3] == [SUPERVISOR, "1", "1"]
    (entry,) = audit.recent(redis_client)
    assert (entry.supervisor, entry.action) == (SUPERVISOR, audit.LOGIN_REFUSED)


def test_an_unknown_name_gets_the_same_answer_and_is_not_kept(app, runner, redis_client):
    add_supervisor(runner)
    response = log_in(app.test_client(), name="a1234563", password=PASSWORD)
    assert response.status_code == 401 and "Wrong name or password." in page(response)
    (entry,) = audit.recent(redis_client)
    assert (entry.supervisor, entry.action) == (audit.UNKNOWN_ACCOUNT, audit.LOGIN_REFUSED)


def test_the_login_form_needs_its_csrf_token(app, runner):
    add_supervisor(runner)
    client = app.test_client()
    response = client.post("/supervisor/login", data={"name": SUPERVISOR, "password": PASSWORD})
    assert (response.status_code, response.headers["Location"]) == (302, "/supervisor/login")
    assert "The form had expired" in page(client.get("/supervisor/login"))
    assert client.get("/supervisor/calls").status_code == 302
    forged = {"name": SUPERVISOR, "password": PASSWORD, "csrf_token": "forged"}
    assert client.post("/supervisor/login", data=forged).headers["Location"] == "/supervisor/login"
    assert client.get("/supervisor/calls").status_code == 302


def test_twilio_webhooks_need_no_csrf_token(app):
    _, transcript = scripted_call(app, ["3", "6"])
    assert transcript.heard[-1].startswith("Other information.")


def test_logout_needs_the_token_and_ends_the_session(browser):
    assert browser.post("/supervisor/logout").headers["Location"] == "/supervisor/calls"
    assert browser.get("/supervisor/calls").status_code == 200
    response = browser.post("/supervisor/logout", data={"csrf_token": csrf_token(browser, "/supervisor/calls")})
    assert response.headers["Location"] == "/supervisor/login"
    assert browser.get("/supervisor/calls").status_code == 302


def test_a_removed_account_loses_its_session(browser, runner):
    runner.invoke(args=["supervisors", "remove", SUPERVISOR])
    assert browser.get("/supervisor/calls").status_code == 302


def test_the_call_list_filters_by_outcome_and_since(app, browser):
    information, _ = scripted_call(app, INFORMATION_CALL)
    gave_up, _ = scripted_call(app, SILENT_CALL)
    everything = page(browser.get("/supervisor/calls"))
    assert information in everything and gave_up in everything
    only = page(browser.get("/supervisor/calls?outcome=gave_up"))
    assert gave_up in only and information not in only
    assert "No calls match." in page(browser.get("/supervisor/calls?since=2999-01-01"))
    assert "not a date (YYYY-MM-DD) or an ISO time: 'soon'" in page(browser.get("/supervisor/calls?since=soon"))


def test_the_call_page_shows_every_prompt_and_key_and_is_audited(app, browser, redis_client):
    sid, transcript = scripted_call(app, ["3", "", "5"])
    response = browser.get(f"/supervisor/calls/{sid}")
    shown = page(response)
    for text in transcript.heard:
        assert text in shown
    assert shown.count('<span class="text keys">') == 2 and "6.0 s (no input)" in shown
    assert 'id="moments"' in shown and 'src="/supervisor/static/player.js"' in shown
    assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert response.headers["Cache-Control"] == "no-store"
    opened = audit.recent(redis_client)[0]
    assert (opened.supervisor, opened.action, opened.call, opened.via) == (SUPERVISOR, audit.OPENED_CALL, sid, "web")
    trail = " ".join(page(browser.get("/supervisor/audit")).split())
    assert (f'<td data-label="Supervisor">{SUPERVISOR}</td> <td data-label="Action">opened call</td> '
            f'<td data-label="Call"><a class="sid" href="/supervisor/calls/{sid}">') in trail


def test_an_unknown_or_expired_call_gets_a_styled_page_with_the_way_back(browser):
    response = browser.get("/supervisor/calls/CAnothing")
    shown = page(response)
    assert response.status_code == 404 and response.headers["Cache-Control"] == "no-store"
    assert "<h1>Not found</h1>" in shown and 'href="/supervisor/static/supervision.css"' in shown
    assert "There is no call CAnothing in the log" in shown and "older than the 90 days" in shown
    assert '<a class="button" href="/supervisor/calls">‹ Back to the call list</a>' in shown


def test_an_unknown_address_of_the_site_gets_the_same_page_and_the_webhooks_theirs(app, browser):
    response = app.test_client().get("/supervisor/no/such/page")
    assert response.status_code == 404 and "There is no page at this address" in page(response)
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "Back to the call list" in page(response) and "Log out" not in page(response)
    webhook = app.test_client().get("/voice/nowhere")
    assert webhook.status_code == 404 and "Back to the call list" not in page(webhook)


def test_the_funnel_page_draws_a_funnel_per_flow_with_labels_and_links(app, browser, redis_client):
    sid, _ = scripted_call(app, INFORMATION_CALL)
    day = call_summary(redis_client, sid).started_at.date()
    shown = page(browser.get(f"/supervisor/funnel?date={day.isoformat()}"))
    assert [flow for flow in ("main", "booking", "manage", "info") if f'id="flow-{flow}"' in shown] == ["main", "info"]
    assert shown.index(">Language menu<") < shown.index(">Main menu<") < shown.index(">Offices<") \
        < shown.index(">Other information<")
    assert shown.count('<rect class="done"') == 1 and '<rect class="dropped"' not in shown
    assert "✓ 1 succeeded" in shown
    assert f'href="/supervisor/calls?date={day.isoformat()}&step=info.other" title="info.other: the calls that ended here (1)"' in shown
    # A step every call went on from has no calls to lead to: no link to an empty list.
    assert '<div class="bar-row" title="main.language: every call went on from here">' in shown
    assert "step=main.language" not in shown and "step=info.offices" not in shown
    assert "not a date" in page(browser.get("/supervisor/funnel?date=tomorrow"))


def test_the_cli_opening_a_call_is_audited_too(app, runner, redis_client):
    sid, _ = scripted_call(app, ["3"])
    runner.invoke(args=["calls", "show", sid])
    runner.invoke(args=["calls", "replay", sid, "--speed", "0"])
    assert [(entry.action, entry.call, entry.via) for entry in audit.recent(redis_client)] == [
        (audit.REPLAYED_CALL, sid, "cli"), (audit.OPENED_CALL, sid, "cli")]


def test_the_audit_trail_keeps_its_retention_period(redis_client):
    old = {"at": 1, "supervisor": "old", "action": audit.LOGIN, "call": "", "via": "web"}
    redis_client.xadd(keys.audit_trail(), old, id="1000-0")
    audit.record(redis_client, SUPERVISOR, audit.LOGIN, retention_days=365)
    assert [entry.supervisor for entry in audit.recent(redis_client)] == [SUPERVISOR]


@pytest.mark.parametrize("path", ["/supervisor/calls", "/supervisor/funnel", "/supervisor/report"])
@pytest.mark.parametrize("day, said", [("9999-12-31", "not a date the call log can hold"), ("0001-01-01", None)])
def test_a_date_at_either_end_of_the_calendar_gets_the_page_not_an_error(browser, path, day, said):
    response = browser.get(f"{path}?date={day}")
    assert response.status_code == 200
    assert said is None or said in page(response)


def test_a_page_number_past_any_the_log_could_fill_goes_to_the_last_page(browser):
    for typed in ("99999999999999999999", "9223372036854775807"):
        response = browser.get(f"/supervisor/calls?page={typed}")
        assert (response.status_code, response.headers["Location"]) == (302, "/supervisor/calls?page=1")


def test_a_login_never_sends_the_browser_out_of_the_supervisor_page_by_dot_segments(app, runner):
    add_supervisor(runner)
    for target in ("/supervisor/../../etc/passwd", "/supervisor/./../voice", "/supervisor/calls/.."):
        assert log_in(app.test_client(), next_page=target).headers["Location"] == "/supervisor/calls"
    assert log_in(app.test_client(), next_page="/supervisor/calls?date=2026-11-23").headers["Location"] == \
        "/supervisor/calls?date=2026-11-23"
