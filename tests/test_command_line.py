"""The command line as office staff and supervisors see it, run as they run it (``flask`` in a
shell, stdout and stderr together): one confirmation line, no development-mode banner."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from booking.calendar import booking_window, hk_today
from ivr.web import development_mode_warning

ROOT = Path(__file__).resolve().parents[1]


def flask(redis_client, *args: str) -> list[str]:
    """Run ``flask --app app ARGS`` on the test Redis; the lines it printed, stderr included."""
    url = os.environ.get("REDIS_URL") or f"unix://{redis_client.connection_pool.connection_kwargs['path']}"
    environment = {**os.environ, "REDIS_URL": url, "SECRET_KEY": "test-secret"}
    environment.pop("TWILIO_AUTH_TOKEN", None)  # development mode, where the banner used to appear
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "app", *args], cwd=ROOT, env=environment,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120)
    assert done.returncode == 0, done.stdout
    return done.stdout.splitlines()


def test_closing_an_office_prints_one_confirmation_and_no_banner(redis_client):
    day = booking_window(hk_today())[0].isoformat()
    lines = flask(redis_client, "offices", "close", "HKO", "--date", day)
    assert [line for line in lines if "closed" in line] == [f"HKO closed on {day}: 0 booking(s) affected."]
    assert not any("DEVELOPMENT MODE" in line for line in lines)


# One command of each group office staff and supervisors run (each a process of its own, as in a shell).
COMMANDS = [["offices", "list"], ["bookings", "list", "--date", "2026-12-01"], ["bookings", "audit"],
            ["calendar", "window"], ["reminders", "status"], ["reminders", "run", "--once"], ["calls", "list"],
            ["calls", "report"], ["supervisors", "list"],
            ["flows", "--help"]]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_staff_and_supervisor_commands_print_no_banner(redis_client, command):
    lines = flask(redis_client, *command)
    assert lines and not any("DEVELOPMENT MODE" in line for line in lines)


def test_every_command_group_is_tried_for_the_banner():
    from app import create_app

    groups = {name for name, command in create_app({"TESTING": True, "SECRET_KEY": "test-secret"}).cli.commands.items()
              if hasattr(command, "commands")}
    # documents and secrets only act (unlock a document, re-seal every record): their help is checked instead.
    assert groups - {command[0] for command in COMMANDS} <= {"documents", "secrets"}


def test_the_webhook_server_warns_at_start_up_in_development_mode(app):
    assert development_mode_warning(app).startswith("DEVELOPMENT MODE: TWILIO_AUTH_TOKEN is not set")
    app.config["TWILIO_AUTH_TOKEN"] = "a token"
    assert development_mode_warning(app) is None


def test_only_the_server_of_the_webhooks_warns(redis_client, redis_dir):
    from app import DASHBOARD, WEBHOOKS, create_app

    config = {"TESTING": True, "SECRET_KEY": "test-secret", "REDIS_URL": os.environ.get("REDIS_URL"),
              "EMBEDDED_REDIS_DIR": redis_dir}
    assert development_mode_warning(create_app(config, parts=(WEBHOOKS,))) is not None  # scripts/serve
    assert development_mode_warning(create_app(config, parts=(DASHBOARD,))) is None  # scripts/dashboard


@pytest.mark.parametrize("group", ["documents", "secrets"])
def test_the_help_of_the_commands_that_only_act_prints_no_banner(redis_client, group):
    lines = flask(redis_client, group, "--help")
    assert lines[0].startswith("Usage:") and not any("DEVELOPMENT MODE" in line for line in lines)
