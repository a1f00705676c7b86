"""The ceiling: a bare Flask app answering every webhook with one fixed TwiML document.

Served under the line's gunicorn settings and driven by the same callers, it measures what
HTTP, gunicorn and Flask cost on their own. ``CEILING_TWIML_BYTES`` sets the document's size
(the load benchmark passes the mean size of the line's answers).
"""
import os

from flask import Flask, Response

OPEN = '<?xml version="1.0" encoding="UTF-8"?><Response><Gather action="/voice" finishOnKey="" timeout="6"><Say>'
CLOSE = "</Say></Gather></Response>"


def twiml_of_size(size: int) -> str:
    """A Gather that takes whatever keys come, padded with speech to ``size`` bytes."""
    return OPEN + "x" * max(size - len(OPEN) - len(CLOSE), 0) + CLOSE


def create_ceiling_app(size: int) -> Flask:
    """The bare app: the same routes as the line's webhooks, no work behind them."""
    ceiling = Flask(__name__)
    document = twiml_of_size(size)

    @ceiling.post("/voice")
    @ceiling.post("/voice/status")
    def webhook():
        """Every webhook: the same document."""
        return Response(document, mimetype="text/xml")

    @ceiling.get("/healthz")
    def healthz():
        """Ready (the benchmark waits for this)."""
        return {"ceiling": "ok"}

    return ceiling


app = create_ceiling_app(int(os.environ.get("CEILING_TWIML_BYTES", "500")))
