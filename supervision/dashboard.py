"""The supervisor page under /supervisor: calls, one call's replay, the funnel, the audit trail.

Every page but the login form needs a logged-in supervisor; forms carry a CSRF token
(``CSRFProtect``, installed by ``supervision.init_app``).
"""
import logging

import redis
from flask import (Blueprint, abort, current_app, flash, g, redirect, render_template, request,
                   session, url_for)
from flask_wtf.csrf import CSRFError

from languages import languages_of
from store.connection import redis_of
from supervision import accounts, audit, charts, logins, throttle
from supervision.calls import OUTCOMES, call_summary, call_turns, list_calls
from supervision.clock import parse_day, parse_since, shown
from supervision.stats import calls_per_hour, funnel
from supervision.timeline import replay

log = logging.getLogger(__name__)
bp = Blueprint("supervision", __name__, url_prefix="/supervisor",
               template_folder="templates", static_folder="static")
PUBLIC_ENDPOINTS = {"supervision.login_form", "supervision.login", "supervision.static"}
LIST_LIMIT = 200
# Call logs are personal data: no caching, no framing, no script or style from elsewhere.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'",
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def _client():
    return redis_of(current_app)


def _audit(supervisor: str, action: str, call: str = "") -> None:
    audit.record(_client(), supervisor, action, current_app.config["SUPERVISOR_AUDIT_RETENTION_DAYS"], call=call)


@bp.app_template_filter("hk_time")
def hk_time_filter(timestamp: float | None) -> str:
    """A timestamp in Hong Kong time, for templates."""
    return shown(timestamp)


@bp.before_request
def require_login():
    """Send anyone without a live login (logged out, idle, too old, password changed, account gone) to the login page."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    name = logins.current(_client(), session.get("login"), logins.LoginTimes.of(current_app.config))
    if name:
        g.supervisor = name
        return None
    session.clear()
    return redirect(url_for(".login_form", next=request.path))


@bp.after_request
def protect(response):
    """Add the security headers to every response of the supervisor page."""
    response.headers.update(SECURITY_HEADERS)
    return response


@bp.errorhandler(CSRFError)
def expired_form(error):
    """A form without a valid CSRF token: say so and show the form again."""
    log.warning("supervisor page: form refused (%s) at %s", error.description, request.path)
    flash("The form had expired or was not sent from this page. Please try again.")
    return redirect(url_for(".login_form" if request.endpoint == "supervision.login" else ".calls"))


@bp.errorhandler(redis.RedisError)
def database_unavailable(error):
    """Redis unreachable or refusing writes (memory full, say): a page that says so, never a 500."""
    log.error("supervisor page: Redis failed at %s: %s", request.path, error)
    page = render_template("supervision/login.html", next="", error=(
        "The supervisor page cannot use its database right now (it is unreachable or refuses "
        "to record anything). Please try again in a few minutes."))
    return page, 503


@bp.get("/login")
def login_form():
    """The login form."""
    return render_template("supervision/login.html", next=_local(request.args.get("next")))


@bp.post("/login")
def login():
    """Check a login: throttled first, then one password hash; a refusal is counted and audited."""
    name, password = request.form.get("name", "").strip().lower(), request.form.get("password", "")
    next_page, client = _local(request.form.get("next")), _client()
    wait = throttle.admit(client, name, request.remote_addr or "-", throttle.LoginLimits.of(current_app.config))
    if wait:
        # Not audited: a flood of refused attempts must not flood the trail (the log has them).
        log.warning("supervisor login throttled from %s for %.0f s", request.remote_addr, wait)
        error = f"Too many login attempts. Please wait {_minutes(wait)} and try again."
        return render_template("supervision/login.html", error=error, name=name, next=next_page), 429
    result = accounts.check_login(client, name, password)
    if result == accounts.OK:
        throttle.forget(client, name, request.remote_addr or "-")
        session.clear()  # a fresh session: nothing from before the login carries over
        login_id = logins.start(client, accounts.find_account(client, name), logins.LoginTimes.of(current_app.config))
        session["login"] = login_id
        _audit(name, audit.LOGIN)
        return redirect(next_page)
    _audit(audit.UNKNOWN_ACCOUNT if result == accounts.UNKNOWN else name, audit.LOGIN_REFUSED)
    page = render_template("supervision/login.html", error="Wrong name or password.", name=name, next=next_page)
    return page, 401


def _minutes(seconds: float) -> str:
    minutes = max(1, -(-int(seconds) // 60))
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


def _local(target: str | None) -> str:
    """Where to go after the login: a page of this blueprint only (never another site, never a header break)."""
    if target and target.startswith(bp.url_prefix + "/") and target.isprintable() and "\\" not in target:
        return target
    return url_for(".calls")


@bp.post("/logout")
def logout():
    """End the login, here and in every copy of the cookie."""
    _audit(g.supervisor, audit.LOGOUT)
    logins.end(_client(), session.get("login"))
    session.clear()
    return redirect(url_for(".login_form"))


@bp.get("/")
def index():
    """The call list is the home page."""
    return redirect(url_for(".calls"))


@bp.get("/calls")
def calls():
    """The newest calls, filtered by a start (date or time) and an outcome."""
    since_text, outcome = request.args.get("since", "").strip(), request.args.get("outcome", "")
    try:
        since, error = parse_since(since_text), None
    except ValueError as problem:
        since, error = None, str(problem)
    found = list_calls(_client(), since, outcome or None, LIST_LIMIT)
    return render_template("supervision/calls.html", calls=found, since=since_text, outcome=outcome,
                           outcomes=OUTCOMES, error=error, limit=LIST_LIMIT)


@bp.get("/calls/<sid>")
def call(sid: str):
    """One call: its summary, the replay player and the logged turns; the opening is audited."""
    summary = call_summary(_client(), sid)
    if summary is None:
        abort(404)
    turns = call_turns(_client(), sid)
    moments = replay(turns, summary, current_app.config["GATHER_TIMEOUT_SECONDS"], languages_of(current_app))
    _audit(g.supervisor, audit.OPENED_CALL, sid)
    return render_template("supervision/call.html", call=summary, turns=turns, moments=moments,
                           moments_json=[moment.as_json() for moment in moments])


@bp.get("/funnel")
def funnel_page():
    """Where the calls of a day went and where they left, and the calls per hour."""
    try:
        day, error = parse_day(request.args.get("date")), None
    except ValueError as problem:
        day, error = parse_day(None), str(problem)
    rows = funnel(_client(), day)
    return render_template("supervision/funnel.html", day=day, rows=rows, error=error,
                           funnel=charts.funnel_chart(rows), hours=charts.hours_chart(calls_per_hour(_client(), day)))


@bp.get("/audit")
def audit_page():
    """The newest entries of the audit trail."""
    return render_template("supervision/audit.html", entries=audit.recent(_client(), LIST_LIMIT))
