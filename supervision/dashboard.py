"""The supervisor page under /supervisor: calls, one call's replay, the funnel, the audit trail.

Every page but the login form needs a logged-in supervisor; forms carry a CSRF token
(``CSRFProtect``, installed for the whole app by the factory in ``app.py``).
"""
import logging
from functools import partial

import redis
from flask import (Blueprint, abort, current_app, flash, g, redirect, render_template, request,
                   session, url_for)
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import NotFound

from languages import languages_of
from store.connection import redis_of
from supervision import accounts, audit, charts, labels, logins, throttle
from supervision.calls import IN_PROGRESS, MAX_PAGE, OUTCOMES, CallQuery, call_summary, call_turns, find_calls
from supervision.clock import day_bounds, parse_day, parse_since, shown
from supervision.stats import MEASURES, day_report, funnel
from supervision.timeline import replay

log = logging.getLogger(__name__)
bp = Blueprint("supervision", __name__, url_prefix="/supervisor",
               template_folder="templates", static_folder="static")
PUBLIC_ENDPOINTS = {"supervision.login_form", "supervision.login", "supervision.static"}
LIST_LIMIT = 200
PAGE_SIZE = 50
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


@bp.app_context_processor
def label_helpers() -> dict:
    """The labels of steps, outcomes, events and languages, for templates."""
    return {"step_label": labels.step_label, "full_step_label": labels.full_step_label,
            "outcome_label": labels.outcome_label, "event_label": labels.event_label,
            "language_label": partial(labels.language_label, languages=languages_of(current_app))}


def _machine():
    return current_app.extensions["line"].engine.machine


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


@bp.app_errorhandler(404)
def not_found(error):
    """A page of the supervisor site that is not there: say so, styled, with the way back."""
    if not request.path.startswith(bp.url_prefix + "/") and request.path != bp.url_prefix:
        return error  # the webhooks' own paths answer as before
    described = error.description if error.description != NotFound.description else None
    page = render_template("supervision/not_found.html", message=described, path=request.path)
    # An unknown address is answered outside the blueprint, so its after-request hook does not run.
    return page, 404, SECURITY_HEADERS


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
        log.warning("supervisor login throttled from %s for %.0f s", request.remote_addr, wait)
        if throttle.first_refusal(client, request.remote_addr or "-", wait):
            known = accounts.find_account(client, name) is not None
            _audit(name if known else audit.UNKNOWN_ACCOUNT, audit.LOGIN_THROTTLED)
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
    if (target and target.startswith(bp.url_prefix + "/") and target.isprintable() and "\\" not in target
            and not {".", ".."} & set(target.split("?")[0].split("/"))):
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
    """The calls a filter matches (a start, a day, an outcome, a last step), newest first, a page at a time."""
    args = request.args
    since_text, day_text = args.get("since", "").strip(), args.get("date", "").strip()
    outcome, step = args.get("outcome", ""), args.get("step", "").strip()
    # A typed page past any the log could fill is taken to the last page below, like any page past it.
    page = min(max(args.get("page", 1, type=int) or 1, 1), MAX_PAGE)
    since = until = error = None
    try:
        since = parse_since(since_text)
        if day_text:
            start, until = day_bounds(parse_day(day_text))
            since = max(since or start, start)
    except ValueError as problem:
        error = str(problem)
    found = find_calls(_client(), CallQuery(since, until, outcome or None, step or None),
                       (page - 1) * PAGE_SIZE, PAGE_SIZE)
    filters = {name: value for name, value in
               (("since", since_text), ("date", day_text), ("outcome", outcome), ("step", step)) if value}
    pages = max((found.total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    if page > pages:
        # Past the last page (a link kept while calls expired, a typed number): the last page.
        return redirect(url_for(".calls", page=pages, **filters))
    any_step = url_for(".calls", **{name: value for name, value in filters.items() if name != "step"})
    return render_template("supervision/calls.html", found=found, filters=filters, page=page, any_step_url=any_step,
                           pages=pages, outcomes=(*OUTCOMES, IN_PROGRESS), error=error)


@bp.get("/calls/<sid>")
def call(sid: str):
    """One call: its summary, the replay player and the logged turns; the opening is audited."""
    summary = call_summary(_client(), sid)
    if summary is None:
        days = current_app.config["CALL_LOG_RETENTION_DAYS"]
        abort(404, description=f"There is no call {sid} in the log: the link may be mistyped, or the call "
                               f"is older than the {days:g} days call logs are kept.")
    turns = call_turns(_client(), sid)
    moments = replay(turns, summary, current_app.config["GATHER_TIMEOUT_SECONDS"], languages_of(current_app))
    _audit(g.supervisor, audit.OPENED_CALL, sid)
    return render_template("supervision/call.html", call=summary, turns=turns, moments=moments,
                           moments_json=[moment.as_json() for moment in moments])


def _day_asked() -> tuple:
    """The day of ``?date=`` (today when absent) and the problem with it, if any."""
    try:
        return parse_day(request.args.get("date")), None
    except ValueError as problem:
        return parse_day(None), str(problem)


@bp.get("/funnel")
def funnel_page():
    """Where the calls of a day went and where they ended, per flow, each step in flow order."""
    day, error = _day_asked()
    machine = _machine()
    successes = labels.successes(machine)
    flows = [(flow, charts.step_bars(flow, successes)) for flow in funnel(_client(), day, machine)]
    return render_template("supervision/funnel.html", day=day, flows=flows, error=error,
                           calls=sum(flow.calls for flow, _ in flows if flow.flow == "main"))


@bp.get("/report")
def report_page():
    """A day's report: calls by outcome, in total, per language and per hour."""
    day, error = _day_asked()
    report = day_report(_client(), day)
    widths = charts.hour_widths([counts["calls"] for counts in report.hours])
    return render_template("supervision/report.html", day=day, report=report, measures=MEASURES,
                           languages=labels.language_order(report.languages, languages_of(current_app)), widths=widths, error=error)


@bp.get("/audit")
def audit_page():
    """The newest entries of the audit trail."""
    return render_template("supervision/audit.html", entries=audit.recent(_client(), LIST_LIMIT))
