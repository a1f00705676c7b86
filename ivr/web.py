"""Twilio's webhooks: check the signature, load the call, run the engine, answer TwiML.

Whatever fails inside a webhook, Twilio gets HTTP 200 and TwiML that apologises, names the
other channels and hangs up: a caller never hears Twilio's "application error".
"""
import contextlib
import logging

import redis
from flask import Blueprint, Response, current_app, g, request, send_from_directory
from twilio.request_validator import RequestValidator
from werkzeug.exceptions import HTTPException

from booking.extensions import keyring_for, ledger_of
from ivr import callstore
from ivr.actions.landed import landed_prompt, landed_words
from ivr.turnlog import masked_keys, turn_record
from ivr.actions.services import services_of
from ivr.line import build_line
from ivr.turnclaim import TurnClaims
from ivr.twiml import apology, render
from languages import languages_of
from store import calllog
from store.connection import redis_of

log = logging.getLogger(__name__)
bp = Blueprint("ivr", __name__)
CALLER_FIELDS = {"CallSid": "sid", "From": "from", "To": "to"}
VOICE_PATH = "/voice"


def init_app(app, serve: bool = True) -> None:
    """Build the line (refusing bad flows or prompts); with ``serve``, add the webhooks."""
    app.extensions["line"] = build_line(app.config, services_of(app), languages_of(app))
    if not serve:
        return
    app.extensions["turn_claims"] = TurnClaims(redis_of(app), app.config["CALL_STATE_TTL_SECONDS"])
    app.register_blueprint(bp)


def development_mode_warning(app) -> str | None:
    """What a server of ``app``'s webhooks says at start-up when it cannot check signatures.

    Said by the server (gunicorn.conf.py), not by ``create_app``: the staff and supervisor
    commands build the same app but serve no webhook, and the warning is not theirs to print.
    """
    if app.config.get("TWILIO_AUTH_TOKEN") or bp.name not in app.blueprints:
        return None
    return "DEVELOPMENT MODE: TWILIO_AUTH_TOKEN is not set, webhook signatures are NOT checked"


def _line():
    return current_app.extensions["line"]


def _xml(twiml: str) -> Response:
    return Response(twiml, status=200, mimetype="text/xml")


@bp.before_request
def check_signature():
    """Refuse (403) a webhook not signed by Twilio when an auth token is configured."""
    token = current_app.config.get("TWILIO_AUTH_TOKEN")
    if not token or request.endpoint == "ivr.recording":
        return None
    signature = request.headers.get("X-Twilio-Signature", "")
    if not RequestValidator(token).validate(request.url, request.form, signature):
        log.warning("refused a webhook with a bad signature for %s", request.path)
        return Response("invalid signature", status=403)
    return None


@bp.post(VOICE_PATH)
def voice():
    """Every step of a call: its start (no ``t``) and each answer to a Gather (``t`` = turn)."""
    line, client = _line(), redis_of(current_app)
    call_sid = request.form.get("CallSid", "")
    if not call_sid:
        return _xml(_apology_twiml())
    config, claims, answered = current_app.config, current_app.extensions["turn_claims"], _answered_turn()
    keyring = keyring_for(current_app)

    def answered_already(raw: str | None) -> bool:
        # The stored call has moved past the turn this request answers: it was answered.
        stored = callstore.opened(keyring, raw)
        return stored is not None and (answered is None or answered != str(stored.state.turn))

    # A call's first request reads what its first step needs of the caller with the claim.
    read_ahead = line.services.caller_keys(_caller(request.form)) if answered is None else ()
    won, raw, values = claims.take(call_sid, answered, read_ahead)
    if not won and not answered_already(raw):
        # The same request is being answered at this moment: wait for that answer and give it.
        won, raw = claims.wait(call_sid, answered, answered_already)
    stored = callstore.opened(keyring, raw)
    if not won:
        # Twilio repeated a request already answered (or a stale one): same answer, no new step.
        return _xml(stored.twiml if stored else _apology_twiml())
    if stored and answered != str(stored.state.turn):
        # (a call begun before claims were kept) claims start from the stored turn
        claims.release(call_sid, str(stored.state.turn))
        return _xml(stored.twiml)
    try:
        return _xml(_answer(line, client, keyring, call_sid, stored, values))
    except redis.RedisError:
        raise  # Redis is not answering: the claim's lease lapses by itself
    except Exception:
        with contextlib.suppress(redis.RedisError):
            claims.release(call_sid, answered)  # its effect did not happen: a retry may run at once
        raise


def _answered_turn() -> str | None:
    """The turn the request answers (``t``); anything but a turn number counts as none (a call's start)."""
    turn = request.args.get("t")
    return turn if turn and turn.isascii() and turn.isdigit() else None


def _answer(line, client, keyring, call_sid: str, stored: callstore.StoredCall | None, read_ahead: dict) -> str:
    """Run the engine on the request (with what was ``read_ahead``), save the call and its log in one
    pipeline; the TwiML."""
    config = current_app.config
    previous, digits = (stored.state if stored else None), request.form.get("Digits")
    g.previous, g.digits = previous, digits  # for the call log and the apology, should the turn fail
    with client.pipeline(transaction=False) as pipeline:
        engine = line.engine.serving(line.services.for_webhook(pipeline, read_ahead))
        if previous:
            state, turn = engine.handle(previous, digits)
        else:
            state, turn = engine.start(_caller(request.form))
        # Not url_for: a URL-map build on every webhook for a path that never changes.
        twiml = render(turn, line.rendering, f"{request.script_root}{VOICE_PATH}?t={state.turn}")
        stored = callstore.StoredCall(state, twiml)
        callstore.save(pipeline, keyring, call_sid, stored, config["CALL_STATE_TTL_SECONDS"])
        record = turn_record(line.engine.machine, previous, state, turn, digits)
        calllog.record_turn(pipeline, record, config["CALL_LOG_RETENTION_DAYS"])
        pipeline.execute()
    log.info("call %s turn %s at %s events=%s", call_sid, state.turn, turn.step, ",".join(turn.events) or "-")
    return twiml


@bp.post("/voice/status")
def status():
    """Twilio's status callback: the call ended."""
    form = request.form
    calllog.record_end(
        redis_of(current_app),
        form.get("CallSid", ""),
        form.get("CallStatus", ""),
        form.get("CallDuration", ""),
        current_app.config["CALL_LOG_RETENTION_DAYS"],
    )
    log.info("call %s ended: status=%s duration=%ss", form.get("CallSid"), form.get("CallStatus"), form.get("CallDuration"))
    return _xml("<Response/>")


@bp.post("/voice/fallback")
def fallback():
    """Twilio's fallback URL: the primary webhook failed; say a booking that landed unheard, else apologise; hang up."""
    log.error("fallback for call %s: %s", request.form.get("CallSid", "?"), request.form.get("ErrorCode", "?"))
    _record_failure()
    return _xml(_landed_twiml() or _apology_twiml())


@bp.get("/audio/<language>/<name>")
def recording(language: str, name: str):
    """A recorded prompt (served only for the languages of the line's table)."""
    if language not in _line().prompts.languages:
        return Response(status=404)
    return send_from_directory(_line().recordings / language, name)


@bp.errorhandler(Exception)
def apologise(error):
    """Any failure in a webhook: 200 with an apology, so the caller is never left with an error."""
    if isinstance(error, HTTPException):
        return error
    log.exception("webhook failed for call %s", request.form.get("CallSid", "?"))
    # With Redis unreachable, logging the failure there would only make the caller wait out a
    # second socket timeout before the apology.
    previous = g.get("previous")
    language = previous.language if previous else None
    twiml, said = _apology(language)
    if not isinstance(error, (redis.ConnectionError, redis.TimeoutError)):
        keys = masked_keys(_line().engine.machine, previous, g.get("digits")) if previous else None
        _record_failure(previous.step if previous else None, keys, said)
    return _xml(twiml)


def _record_failure(step: str | None = None, keys: str | None = None, said: list | None = None) -> None:
    """Mark the call as ended by an error in the call log: where, the keys and the apology heard."""
    calllog.record_error(redis_of(current_app), request.form.get("CallSid", ""),
                         current_app.config["CALL_LOG_RETENTION_DAYS"], step, keys, said)


def _apology(language: str | None = None) -> tuple[str, list[dict]]:
    """The apology's TwiML and what it says: in the call's language once one is chosen, else in all."""
    line = _line()
    languages = [language] if language else line.prompts.languages.codes
    texts = {code: line.prompts.render("common.apology", code) for code in languages}
    said = [{"prompt": "common.apology", "language": code, "text": text} for code, text in texts.items()]
    return apology(texts, line.rendering), said


def _landed_twiml() -> str | None:
    """The booking this call made (or moved) but never heard read back, as TwiML in its language; None if none."""
    line, ledger = _line(), ledger_of(current_app)
    caller, call_sid = request.form.get("From", ""), request.form.get("CallSid", "")
    with contextlib.suppress(redis.RedisError):
        landed = ledger.unheard.landed(caller, call_sid)
        if landed is None:
            return None
        ledger.unheard.heard(caller, call_sid)
        booking, language = landed.booking, landed.booking.language
        words = landed_words(booking, ledger.catalogue, language)
        said = [line.prompts.render(landed_prompt(landed.changed), language, words),
                line.prompts.render("common.goodbye", language)]
        return apology({language: " ".join(said)}, line.rendering)
    return None


def _apology_twiml() -> str:
    return _apology()[0]


def _caller(form) -> dict:
    return {name: form.get(field, "") for field, name in CALLER_FIELDS.items()}
