"""``flask --app app reminders run|status``: the reminder worker and what it has to do."""
import logging
import signal
import threading

import click
from flask import current_app
from flask.cli import AppGroup

from booking.extensions import catalogue_of, ledger_of
from reminders.closures import ClosureNotices, ClosureText
from reminders.confirmations import ConfirmationText, Confirmations
from reminders.queue import CLOSURE_NOTICES, CONFIRMATIONS, ReminderQueue
from reminders.sms import ReminderText, sender_of
from reminders.worker import BATCH, ReminderWorker, worker_token
from store.connection import redis_of

reminders_cli = AppGroup("reminders", help="SMS reminders of appointments.")


def init_app(app) -> None:
    """Register the ``reminders`` command group on ``app.cli``."""
    app.cli.add_command(reminders_cli)


def worker_of(app, **options) -> ReminderWorker:
    """A worker over the app's Redis and ledger, sending as configured (``options``: batch)."""
    config, ledger, token = app.config, ledger_of(app), worker_token()
    prompts, sender = app.extensions["line"].prompts, sender_of(config)
    timing = {"claim_seconds": config["REMINDER_CLAIM_SECONDS"], "retry_seconds": config["REMINDER_RETRY_SECONDS"],
              "max_attempts": config["REMINDER_MAX_ATTEMPTS"], "max_retry_seconds": config["REMINDER_MAX_RETRY_SECONDS"]}
    notices = ClosureNotices(
        ReminderQueue(redis_of(app), token, CLOSURE_NOTICES), ledger, ClosureText(prompts, catalogue_of(app)),
        sender, ledger.clock, batch=options.get("batch", BATCH), **timing,
    )
    confirmations = Confirmations(
        ReminderQueue(redis_of(app), token, CONFIRMATIONS), ledger, ConfirmationText(prompts, catalogue_of(app)),
        sender, ledger.clock, batch=options.get("batch", BATCH), **timing,
    )
    return ReminderWorker(
        ReminderQueue(redis_of(app), token),
        ledger,
        ReminderText(prompts, catalogue_of(app)),
        sender,
        ledger.clock,
        notices=notices,
        confirmations=confirmations,
        **timing,
        **options,
    )


@reminders_cli.command("run")
@click.option("--once", is_flag=True, help="Send what is due now, then exit.")
@click.option("--interval", type=float, help="Seconds between looks at the due set [default: REMINDER_POLL_SECONDS].")
def run_command(once: bool, interval: float | None) -> None:
    """Send due SMS reminders until stopped (SIGTERM or Ctrl-C)."""
    # A worker's log is its only record of what it sent (no-op when logging is set up already).
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    worker = worker_of(current_app)
    if once:
        click.echo(f"{worker.drain()} SMS handled (reminders, closure notices, booking confirmations)")
        return
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        # Finish the reminder in hand, then stop: a claim is never left to lapse on purpose.
        signal.signal(signum, lambda *_: stop.set())
    worker.run(stop, interval or current_app.config["REMINDER_POLL_SECONDS"])


@reminders_cli.command("status")
def status_command() -> None:
    """How many reminders are scheduled, due now, and being sent."""
    ledger = ledger_of(current_app)
    counts = ReminderQueue(redis_of(current_app), "status").counts(ledger.clock().timestamp())
    click.echo("  ".join(f"{name}: {count}" for name, count in counts.items()))
