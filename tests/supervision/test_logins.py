"""Supervisor logins kept server-side: logout, a new password and removal end every copy of a login."""
import re
import time

import pytest

from app import create_app
from ivr.config import from_environment
from store import keys
from tests.supervision.helpers import SUPERVISOR, add_supervisor, csrf_token, log_in

COOKIE = "session"


def logged_in(app):
    """A test client that has logged in, and a second one holding a copy of its cookie."""
    client = app.test_client()
    assert log_in(client).status_code == 302
    copy = app.test_client()
    copy.set_cookie(COOKIE, client.get_cookie(COOKIE).value)
    assert copy.get("/supervisor/calls").status_code == 200
    return client, copy


def is_logged_out(client) -> bool:
    response = client.get("/supervisor/calls")
    return response.status_code == 302 and response.headers["Location"].startswith("/supervisor/login")


def login_keys(redis_client) -> list[str]:
    return list(redis_client.scan_iter(match=keys.supervisor_login("*")))


def test_logout_ends_the_login_in_every_copy_of_the_cookie(app, runner):
    add_supervisor(runner)
    client, copy = logged_in(app)
    client.post("/supervisor/logout", data={"csrf_token": csrf_token(client, "/supervisor/calls")})
    assert is_logged_out(client) and is_logged_out(copy)


def test_a_new_password_ends_every_login_of_the_account(app, runner):
    add_supervisor(runner)
    first, first_copy = logged_in(app)
    second, _ = logged_in(app)
    runner.invoke(args=["supervisors", "add", SUPERVISOR, "--password-stdin", "--replace"], input="a new password\n")
    assert is_logged_out(first) and is_logged_out(first_copy) and is_logged_out(second)
    assert log_in(app.test_client(), password="a new password").status_code == 302


def test_a_removed_name_created_again_does_not_revive_old_logins(app, runner):
    add_supervisor(runner)
    _, copy = logged_in(app)
    runner.invoke(args=["supervisors", "remove", SUPERVISOR])
    add_supervisor(runner)  # the same name and even the same password
    assert is_logged_out(copy)


def test_the_cookie_holds_no_name_and_redis_holds_no_login_id(app, runner, redis_client):
    add_supervisor(runner)
    client, _ = logged_in(app)
    cookie = client.get_cookie(COOKIE).value
    session = app.session_interface.get_signing_serializer(app).loads(cookie)
    assert SUPERVISOR not in cookie and set(session) >= {"login"}
    (stored,) = login_keys(redis_client)
    assert session["login"] not in stored and redis_client.hget(stored, "name") == SUPERVISOR


def test_an_idle_login_ends_and_each_request_restarts_the_idle_time(app, runner, redis_client):
    app.config["SUPERVISOR_IDLE_MINUTES"] = 20
    add_supervisor(runner)
    client, _ = logged_in(app)
    (stored,) = login_keys(redis_client)
    assert 1195 <= redis_client.ttl(stored) <= 1200
    redis_client.expire(stored, 60)
    assert client.get("/supervisor/calls").status_code == 200
    assert redis_client.ttl(stored) > 1000  # the request restarted the idle time
    redis_client.pexpire(stored, 50)  # as if the supervisor had left the page for 20 minutes
    time.sleep(0.2)
    assert is_logged_out(client)


def test_a_login_older_than_the_longest_session_ends(app, runner):
    add_supervisor(runner)
    client, _ = logged_in(app)
    app.config["SUPERVISOR_SESSION_HOURS"] = 0
    assert is_logged_out(client)


def test_in_production_the_cookie_is_secure_httponly_and_samesite(app, runner):
    production = create_app({**app.config, "TWILIO_AUTH_TOKEN": "a-token", "SESSION_COOKIE_SECURE": None})
    add_supervisor(runner)
    client = production.test_client()
    header = log_in(client, next_page="").headers["Set-Cookie"]
    assert "Secure" in header and "HttpOnly" in header and "SameSite=Lax" in header


def test_on_a_laptop_the_cookie_works_over_plain_http(app, runner):
    add_supervisor(runner)
    header = log_in(app.test_client()).headers["Set-Cookie"]
    assert "Secure" not in header and "HttpOnly" in header and "SameSite=Lax" in header


def test_the_cookie_flags_come_from_the_environment(app):
    settings = from_environment({"SESSION_COOKIE_SECURE": "off", "SESSION_COOKIE_HTTPONLY": "true",
                                 "SESSION_COOKIE_SAMESITE": "Strict"})
    assert (settings["SESSION_COOKIE_SECURE"], settings["SESSION_COOKIE_HTTPONLY"]) == (False, True)
    assert settings["SESSION_COOKIE_SAMESITE"] == "Strict"
    production = create_app({**app.config, "TWILIO_AUTH_TOKEN": "a-token", **settings})
    assert production.config["SESSION_COOKIE_SECURE"] is False  # said explicitly: kept even in production
    with pytest.raises(ValueError, match="SESSION_COOKIE_SECURE must be one of 1, true"):
        from_environment({"SESSION_COOKIE_SECURE": "maybe"})


def test_a_samesite_setting_the_browser_would_refuse_stops_the_start_not_every_page(app):
    assert from_environment({"SESSION_COOKIE_SAMESITE": "strict"})["SESSION_COOKIE_SAMESITE"] == "Strict"
    with pytest.raises(ValueError, match="SESSION_COOKIE_SAMESITE must be one of Strict, Lax, None, not 'lax;'"):
        from_environment({"SESSION_COOKIE_SAMESITE": "lax;"})
    samesite_none = {"SESSION_COOKIE_SAMESITE": from_environment({"SESSION_COOKIE_SAMESITE": "none"})["SESSION_COOKIE_SAMESITE"]}
    with pytest.raises(ValueError, match="SESSION_COOKIE_SAMESITE=None needs SESSION_COOKIE_SECURE on"):
        create_app({**app.config, **samesite_none, "SESSION_COOKIE_SECURE": False})
    production = create_app({**app.config, "TWILIO_AUTH_TOKEN": "a-token", "SESSION_COOKIE_SECURE": None, **samesite_none})
    assert production.test_client().get("/supervisor/login").status_code == 200


@pytest.mark.parametrize("name, raw", [("SUPERVISOR_LOGINS_PER_NAME", "0"), ("SUPERVISOR_LOGINS_PER_NAME", "-1"),
                                       ("SUPERVISOR_LOGINS_PER_NAME", "abc"), ("SUPERVISOR_LOGIN_WINDOW_MINUTES", "0.5"),
                                       ("SUPERVISOR_IDLE_MINUTES", "0"), ("BOOKINGS_PER_NUMBER", "0")])
def test_a_number_setting_that_would_lock_everyone_out_stops_the_start_naming_the_setting(name, raw):
    # SUPERVISOR_LOGINS_PER_NAME=0 used to start, then refuse every login with a page blaming the database.
    with pytest.raises(ValueError, match=f"^{name} must be a whole number of at least 1, not '{re.escape(raw)}'$"):
        from_environment({name: raw})


def test_a_zero_is_kept_where_it_means_never_or_none():
    settings = from_environment({"LANGUAGE_MEMORY_DAYS": "0", "PROXY_FIX_X_FOR": "0", "SUPERVISOR_LOGINS_PER_NAME": "7"})
    assert (settings["LANGUAGE_MEMORY_DAYS"], settings["PROXY_FIX_X_FOR"], settings["SUPERVISOR_LOGINS_PER_NAME"]) == (0, 0, 7)
