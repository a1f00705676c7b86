"""Login throttling before the password hash: per name from one address and per address; it lifts by itself."""
import getpass
import html
from types import SimpleNamespace
from concurrent.futures import ThreadPoolExecutor

import pytest

from app import SERVERS, create_app
from supervision import accounts, audit, throttle
from tests.supervision.helpers import CSRF_FIELD, PASSWORD, SUPERVISOR, add_supervisor, csrf_token

ATTACKER, SUPERVISOR_DESK = "203.0.113.66", "10.0.0.7"
WAIT_MESSAGE = "Too many login attempts. Please wait 15 minutes and try again."


@pytest.fixture
def hashes(monkeypatch):
    """Counts the argon2 verifications the login page makes."""
    counted, verifies = [], accounts._verifies
    monkeypatch.setattr(accounts, "_verifies", lambda *args: counted.append(1) or verifies(*args))
    return counted


def from_address(app, address):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def attempt(client, name, password):
    form = {"name": name, "password": password, "csrf_token": csrf_token(client)}
    response = client.post("/supervisor/login", data=form)
    page = CSRF_FIELD.sub("TOKEN", html.unescape(response.get_data(as_text=True)))
    return response.status_code, page.replace(name, "NAME")


def test_a_flood_on_one_name_is_refused_before_any_password_is_hashed(app, runner, hashes):
    add_supervisor(runner)
    attacker = from_address(app, ATTACKER)
    answers = [attempt(attacker, SUPERVISOR, f"guess number {n}") for n in range(8)]
    assert [status for status, _ in answers] == [401] * 5 + [429] * 3
    assert "Wrong name or password." in answers[0][1] and WAIT_MESSAGE in answers[-1][1]
    assert len(hashes) == 5
    # Throttled, even the right password is not looked at from this address.
    assert attempt(attacker, SUPERVISOR, PASSWORD)[0] == 429 and len(hashes) == 5


def test_an_unknown_name_costs_the_same_work_and_gets_the_same_answers(app, runner, hashes):
    add_supervisor(runner)
    known = [attempt(from_address(app, ATTACKER), SUPERVISOR, f"guess {n}") for n in range(7)]
    work_for_known = len(hashes)
    unknown = [attempt(from_address(app, ATTACKER), "nobody", f"guess {n}") for n in range(7)]
    assert unknown == known
    assert len(hashes) == 2 * work_for_known == 10


def test_the_first_unknown_name_a_dashboard_meets_costs_one_hash_too(app, runner, hashes, monkeypatch):
    accounts.unknown_account_hash.cache_clear()
    dashboard = create_app(dict(app.config), parts=SERVERS["dashboard"])  # makes the stand-in hash
    made, real = [], accounts.HASHER
    monkeypatch.setattr(accounts, "HASHER", SimpleNamespace(
        hash=lambda *args: made.append(1) or real.hash(*args), verify=real.verify))
    assert attempt(from_address(dashboard, ATTACKER), "nobody", "guess")[0] == 401
    assert (len(hashes), made) == (1, [])


def test_guesses_from_elsewhere_never_keep_the_supervisor_out(app, runner):
    add_supervisor(runner)
    attacker = from_address(app, ATTACKER)
    assert [attempt(attacker, SUPERVISOR, "wrong guess")[0] for _ in range(10)][-1] == 429
    assert attempt(from_address(app, SUPERVISOR_DESK), SUPERVISOR, PASSWORD)[0] == 302


def test_one_address_cannot_spray_many_names(app, runner, hashes):
    app.config["SUPERVISOR_LOGINS_PER_ADDRESS"] = 6
    add_supervisor(runner)
    sprayer = from_address(app, ATTACKER)
    statuses = [attempt(sprayer, f"name{n}", PASSWORD)[0] for n in range(8)]
    assert statuses == [401] * 6 + [429] * 2 and len(hashes) == 6


def test_parallel_attempts_cannot_pass_the_limit(redis_client):
    limits = throttle.LoginLimits(per_address=100, per_name=5, window_seconds=900)
    with ThreadPoolExecutor(20) as pool:
        waits = list(pool.map(lambda _: throttle.admit(redis_client, SUPERVISOR, ATTACKER, limits), range(20)))
    assert waits.count(0) == 5


def test_the_throttle_lifts_by_itself_and_by_command(redis_client, runner):
    limits = throttle.LoginLimits(per_address=100, per_name=3, window_seconds=900)
    assert [throttle.admit(redis_client, SUPERVISOR, ATTACKER, limits, now=1000 + n) for n in range(3)] == [0, 0, 0]
    assert throttle.admit(redis_client, SUPERVISOR, ATTACKER, limits, now=1100) == 800  # the oldest leaves at 1900
    assert throttle.admit(redis_client, SUPERVISOR, ATTACKER, limits, now=1900) == 0
    assert throttle.admit(redis_client, SUPERVISOR, ATTACKER, limits, now=1900) == 1  # the next leaves at 1901
    result = runner.invoke(args=["supervisors", "unlock", SUPERVISOR])
    assert "supervisor alice: login throttle lifted (1 address(es) were counted)" in result.output
    assert throttle.admit(redis_client, SUPERVISOR, ATTACKER, limits, now=1902) == 0


def test_a_successful_login_forgets_the_wrong_guesses_of_its_address(app, runner):
    add_supervisor(runner)
    desk = from_address(app, SUPERVISOR_DESK)
    for _ in range(4):
        attempt(desk, SUPERVISOR, "typo in password")
    assert attempt(desk, SUPERVISOR, PASSWORD)[0] == 302
    assert [attempt(from_address(app, SUPERVISOR_DESK), SUPERVISOR, "typo again")[0] for _ in range(5)] == [401] * 5


def test_throttled_logins_and_unlocks_are_in_the_audit_trail_once_per_spell(app, runner, redis_client):
    add_supervisor(runner)
    attacker = from_address(app, ATTACKER)
    statuses = [attempt(attacker, SUPERVISOR, f"guess number {n}")[0] for n in range(8)]
    assert statuses == [401] * 5 + [429] * 3
    trail = [(entry.supervisor, entry.action, entry.via) for entry in audit.recent(redis_client)]
    # Newest first: one throttled entry for the spell (not three), after five refused logins.
    assert trail == [(SUPERVISOR, audit.LOGIN_THROTTLED, "web")] + [(SUPERVISOR, audit.LOGIN_REFUSED, "web")] * 5
    assert runner.invoke(args=["supervisors", "unlock", SUPERVISOR]).exit_code == 0
    (lifted, *_) = audit.recent(redis_client)
    assert (lifted.supervisor, lifted.action, lifted.via) == (SUPERVISOR, audit.THROTTLE_LIFTED,
                                                              f"cli:{getpass.getuser()}")
