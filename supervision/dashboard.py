"""The supervisor page under /supervisor: calls, one call's replay, the funnel, the audit trail.

Every page but the login form needs a logged-in supervisor; forms carry a CSRF token
(``CSRFProtect``, installed by ``supervision.init_app``).
"""
import logging
import time

from flask import (Blueprint, abort, current_app, flash, g, redirect, render_template, request,
                   session, url_for)
from flask_wtf.csrf import CSRFError

from languages import languages_of
from store.connection import redis_of
from supervision import accounts, audit, charts
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
    """Send anyone not logged in (or whose login is stale or whose account is gone) to the login page."""
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    name, since = session.get("supervisor"), session.get("since", 0)
    fresh = time.time() - since < current_app.config["SUPERVISOR_SESSION_HOURS"] * 3600
    if name and fresh and accounts.find_account(_client(), name):
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


@bp.get("/login")
def login_form():
    """The login form."""
    return render_template("supervision/login.html", next=request.args.get("next", ""))


@bp.post("/login")
def login():
    """Check a login; a wrong password is refused, counted and written to the audit trail."""
    name, password = request.form.get("name", "").strip().lower(), request.form.get("password", "")
    result = accounts.check_login(_client(), name, password, accounts.LockPolicy.of(current_app.config))
    if result == accounts.OK:
        session.clear()  # a fresh session: nothing from before the login carries over
        session.update(supervisor=name, since=time.time())
        _audit(name, audit.LOGIN)
        return redirect(_local(request.form.get("next")))
    who = audit.UNKNOWN_ACCOUNT if result == accounts.UNKNOWN else name
    _audit(who, audit.LOCKED_OUT if result == accounts.LOCKED else audit.LOGIN_REFUSED)
    error = ("This account is locked after too many wrong passwords; try again later."
             if result == accounts.LOCKED else "Wrong name or password.")
    page = render_template("supervision/login.html", error=error, name=name, next=request.form.get("next", ""))
    return page, 401


def _local(target: str | None) -> str:
    """Where to go after the login: a page of this blueprint only (never another site)."""
    if target and target.startswith(bp.url_prefix + "/"):
        return target
    return url_for(".calls")


@bp.post("/logout")
def logout():
    """End the session."""
    _audit(g.supervisor, audit.LOGOUT)
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
