"""Supervisor accounts from the CLI: argon2id hashes, wrong passwords counted, locks."""
import re

import pytest

from store import keys
from supervision import accounts
from tests.supervision.helpers import PASSWORD, SUPERVISOR, add_supervisor


def test_add_stores_only_an_argon2id_hash(runner, redis_client):
    add_supervisor(runner)
    stored = redis_client.hgetall(keys.supervisor(SUPERVISOR))
    assert stored["password_hash"].startswith("$argon2id$")
    assert all(PASSWORD not in value for value in stored.values())
    assert accounts.check_login(redis_client, SUPERVISOR, PASSWORD) == accounts.OK


def test_add_asks_for_the_password_twice(runner, redis_client):
    result = runner.invoke(args=["supervisors", "add", "bob"], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0 and "supervisor bob: password set" in result.output
    assert PASSWORD not in result.output
    assert accounts.check_login(redis_client, "bob", PASSWORD) == accounts.OK


@pytest.mark.parametrize("name, password, message", [
    ("Alice", PASSWORD, "a name is 2 to 32 characters"),
    ("alice", "short", "a password has at least 10 characters"),
])
def test_bad_names_and_short_passwords_are_refused(runner, name, password, message):
    result = runner.invoke(args=["supervisors", "add", name, "--password-stdin"], input=password + "\n")
    assert result.exit_code == 1 and message in result.output


def test_an_existing_account_is_replaced_only_when_asked(runner, redis_client):
    add_supervisor(runner)
    again = runner.invoke(args=["supervisors", "add", SUPERVISOR, "--password-stdin"], input="another password\n")
    assert again.exit_code == 1 and "exists (use --replace" in again.output
    replaced = runner.invoke(args=["supervisors", "add", SUPERVISOR, "--password-stdin", "--replace"],
                             input="another password\n")
    assert replaced.exit_code == 0
    assert accounts.check_login(redis_client, SUPERVISOR, "another password") == accounts.OK
    assert accounts.check_login(redis_client, SUPERVISOR, PASSWORD) == accounts.WRONG


def test_wrong_passwords_are_counted_but_never_lock_the_account(runner, redis_client, caplog):
    add_supervisor(runner)
    results = [accounts.check_login(redis_client, SUPERVISOR, f"guess {n}") for n in range(8)]
    assert results == [accounts.WRONG] * 8
    assert "supervisor alice: wrong password (8 in a row, 8 in all)" in caplog.text
    # Whoever guessed, the supervisor with the right password still gets in.
    assert accounts.check_login(redis_client, SUPERVISOR, PASSWORD) == accounts.OK
    account = accounts.find_account(redis_client, SUPERVISOR)
    assert (account.failed_total, account.failed_streak) == (8, 0)
    header, row = runner.invoke(args=["supervisors", "list"]).output.splitlines()
    assert re.split(r"\s{2,}", header) == ["Name", "Wrong passwords", "In a row", "Last login (HK)"]
    assert re.split(r"\s{2,}", row)[:3] == ["alice", "8", "0"] and row.split()[-2].startswith("20")


def test_unknown_accounts(runner, redis_client):
    assert accounts.check_login(redis_client, "nobody", PASSWORD) == accounts.UNKNOWN
    assert accounts.check_login(redis_client, "../../etc", PASSWORD) == accounts.UNKNOWN


def test_remove_deletes_the_account(runner, redis_client):
    add_supervisor(runner)
    assert runner.invoke(args=["supervisors", "remove", SUPERVISOR]).exit_code == 0
    assert accounts.find_account(redis_client, SUPERVISOR) is None
    assert runner.invoke(args=["supervisors", "list"]).output.startswith("No supervisor accounts yet")
