"""Two servers: the webhook server never serves the supervisor page, the dashboard serves nothing else."""
from pathlib import Path

from app import DASHBOARD, SERVERS, WEBHOOKS, create_app
from bench.servers import settings
from tests.supervision.helpers import add_supervisor, log_in

ROOT = Path(__file__).resolve().parent.parent


def test_the_webhook_server_does_not_serve_the_supervisor_page(app):
    webhooks = create_app(dict(app.config), parts=SERVERS["app"]).test_client()
    assert webhooks.get("/supervisor/login").status_code == 404
    assert webhooks.post("/supervisor/login", data={"name": "alice", "password": "x"}).status_code == 404
    assert webhooks.post("/voice", data={"CallSid": "CAsplit", "From": "+85291234567"}).status_code == 200


def test_the_dashboard_serves_the_supervisor_page_and_no_webhook(app, runner):
    dashboard = create_app(dict(app.config), parts=SERVERS["dashboard"])
    add_supervisor(runner)
    client = dashboard.test_client()
    assert log_in(client).status_code == 302 and client.get("/supervisor/calls").status_code == 200
    assert client.post("/voice", data={"CallSid": "CAsplit"}).status_code == 404
    assert SERVERS == {"app": (WEBHOOKS,), "dashboard": (DASHBOARD,)}


def test_the_procfile_starts_each_server_with_its_own_gunicorn_settings():
    lines = dict(line.split(": ", 1) for line in (ROOT / "Procfile").read_text().splitlines())
    assert lines["web"] == "gunicorn -c gunicorn.conf.py app:app"
    assert lines["dashboard"] == "gunicorn -c gunicorn_dashboard.conf.py app:dashboard"
    web, dashboard = settings(ROOT / "gunicorn.conf.py"), settings(ROOT / "gunicorn_dashboard.conf.py")
    assert (web["bind"], dashboard["bind"]) == ("127.0.0.1:5000", "127.0.0.1:5001")
    assert web["worker_class"] == dashboard["worker_class"] == "gevent"
    assert dashboard["workers"] == 2 and dashboard["preload_app"] is True
    # A control socket per server and port: a second server on the machine never takes over, or
    # deletes on stopping, another's.
    assert web["control_socket"].endswith("/gunicorn-5000.ctl")
    assert dashboard["control_socket"].endswith("/gunicorn-dashboard-5001.ctl")
    assert "scripts/dashboard" in (ROOT / "README.md").read_text()
