"""SECRET_KEY: refused in production unless strong; on a laptop created once, whoever starts first."""
import multiprocessing
import os
import secrets

import pytest

from app import create_app
from store.secret_key import FILE_NAME, WeakSecretKey, development_key

PROCESSES, ROUNDS = 12, 15


@pytest.mark.parametrize("key, problem", [
    (None, "SECRET_KEY is not set"),
    ("x", "SECRET_KEY is 1 characters long, too short to hold 32 random bytes"),
    ("x" * 64, "SECRET_KEY repeats too few characters to be random"),
    ("abc" * 20, "SECRET_KEY repeats too few characters to be random"),
])
def test_production_refuses_to_start_without_a_strong_key(app, key, problem):
    with pytest.raises(WeakSecretKey) as refused:
        create_app({**app.config, "TWILIO_AUTH_TOKEN": "a-token", "SECRET_KEY": key})
    message = str(refused.value)
    assert message.startswith(problem)
    assert "at least 32 random bytes" in message
    assert 'python -c "import secrets; print(secrets.token_urlsafe(48))"' in message


@pytest.mark.parametrize("key", [secrets.token_urlsafe(48), secrets.token_hex(32), secrets.token_urlsafe(32)])
def test_production_starts_with_a_random_key(app, key):
    assert create_app({**app.config, "TWILIO_AUTH_TOKEN": "a-token", "SECRET_KEY": key}).secret_key == key


def test_development_makes_a_key_once_and_keeps_it(tmp_path):
    made = development_key(str(tmp_path))
    assert len(made) >= 43 and development_key(str(tmp_path)) == made
    assert os.stat(tmp_path / FILE_NAME).st_mode & 0o777 == 0o600


def test_without_a_twilio_token_the_app_takes_the_instance_folders_key(app, monkeypatch):
    asked = []
    monkeypatch.setattr("app.development_key", lambda folder: asked.append(folder) or "the laptop's key")
    laptop = create_app({**app.config, "SECRET_KEY": None})
    assert laptop.secret_key == "the laptop's key" and asked == [laptop.instance_path]


def _race(folder, start, results):
    start.wait()
    results.put(development_key(folder))


def test_processes_started_together_agree_on_one_key(tmp_path):
    fork = multiprocessing.get_context("fork")
    for round_number in range(ROUNDS):
        folder = str(tmp_path / str(round_number))
        start, results = fork.Barrier(PROCESSES), fork.Queue()
        processes = [fork.Process(target=_race, args=(folder, start, results)) for _ in range(PROCESSES)]
        for process in processes:
            process.start()
        keys = {results.get(timeout=30) for _ in processes}
        for process in processes:
            process.join(timeout=30)
        assert len(keys) == 1 and "" not in keys, f"round {round_number}: {len(keys)} keys"
        assert os.listdir(folder) == [FILE_NAME]  # no draft left behind
