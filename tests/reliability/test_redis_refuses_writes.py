"""Redis answers but refuses every write (its memory is full, too few replicas): /healthz says so, pages never answer 500."""
import pytest
from argon2 import PasswordHasher
from hypothesis import HealthCheck, given, settings, strategies as st

from tests.supervision.helpers import PASSWORD, SUPERVISOR, add_supervisor, csrf_token, log_in

UNAVAILABLE = "The supervisor page cannot use its database right now"


@pytest.fixture
def full_redis(own_redis):
    """Make ``own_redis`` refuse writes as a full server does (noeviction, memory over its limit)."""
    admin = own_redis.client()

    def fill():
        admin.config_set("maxmemory-policy", "noeviction")
        admin.config_set("maxmemory", "1")

    yield fill
    admin.config_set("maxmemory", "0")


@pytest.fixture
def no_replicas(own_redis):
    """Make ``own_redis`` refuse writes as a primary does that has fewer replicas than it must (NOREPLICAS)."""
    admin = own_redis.client()
    yield lambda: admin.config_set("min-replicas-to-write", "1")
    admin.config_set("min-replicas-to-write", "0")


@pytest.mark.parametrize("refusal", ["full_redis", "no_replicas"])
def test_healthz_answers_503_while_redis_refuses_writes(own_app, refusal, request):
    client = own_app.test_client()
    assert client.get("/healthz").get_json() == {"redis": "ok"}
    request.getfixturevalue(refusal)()
    response = client.get("/healthz")
    assert (response.status_code, response.get_json()) == (503, {"redis": "refusing writes"})


def test_the_login_page_says_the_database_is_unavailable_instead_of_500(own_app, full_redis):
    add_supervisor(own_app.test_cli_runner())
    logged_in = own_app.test_client()
    assert log_in(logged_in).status_code == 302
    full_redis()
    client = own_app.test_client()
    assert client.get("/supervisor/login").status_code == 200
    response = log_in(client)
    assert response.status_code == 503 and UNAVAILABLE in response.get_data(as_text=True)
    response = logged_in.post("/supervisor/logout", data={"csrf_token": csrf_token(logged_in)})
    assert response.status_code == 503 and UNAVAILABLE in response.get_data(as_text=True)


@pytest.mark.parametrize("next_page", ["/supervisor/calls\r\nSet-Cookie: evil=1", "/supervisor/\n", "/supervisor/\\evil"])
def test_a_line_break_in_next_never_answers_500(own_app, next_page):
    add_supervisor(own_app.test_cli_runner())
    client = own_app.test_client()
    assert client.get("/supervisor/login", query_string={"next": next_page}).status_code == 200
    response = log_in(client, SUPERVISOR, PASSWORD, next_page=next_page)
    assert (response.status_code, response.headers["Location"]) == (302, "/supervisor/calls")


ODD_TEXT = st.one_of(st.text(max_size=80), st.sampled_from(
    ["", "alice", "ALICE ", "/supervisor/calls\r\nLocation: //evil", "/supervisor/\x00", "//evil.example/",
     "/supervisor/%0d%0a", "\ud7ff\u2028", "a" * 2000, "/supervisor/../../etc", "javascript:alert(1)"]))


@settings(max_examples=40, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(name=ODD_TEXT, password=ODD_TEXT, next_page=ODD_TEXT, with_token=st.booleans(), refusing=st.booleans())
def test_the_login_page_never_answers_500(own_app, own_redis, monkeypatch, name, password, next_page,
                                          with_token, refusing):
    # A cheap hash, so each example is quick: the inputs, not argon2's cost, are under test.
    monkeypatch.setattr("supervision.accounts.HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    admin = own_redis.client()
    admin.config_set("maxmemory", "0")
    if not admin.exists("rop:{supervisors}:alice"):
        add_supervisor(own_app.test_cli_runner())
    client = own_app.test_client()
    page = client.get("/supervisor/login", query_string={"next": next_page})
    assert page.status_code == 200
    if refusing:
        admin.config_set("maxmemory-policy", "noeviction")
        admin.config_set("maxmemory", "1")
    form = {"name": name, "password": password, "next": next_page}
    if with_token:
        form["csrf_token"] = csrf_token(client)
    response = client.post("/supervisor/login", data=form)
    admin.config_set("maxmemory", "0")
    assert response.status_code in {302, 401, 429, 503}, response.status_code
    assert "\n" not in response.headers.get("Location", "") and "\r" not in response.headers.get("Location", "")


def test_logins_tried_while_redis_refuses_writes_leave_no_count_behind(own_app, own_redis, full_redis):
    # None of them could log anyone in, so none may throttle the supervisor once Redis recovers.
    add_supervisor(own_app.test_cli_runner())
    full_redis()
    client = own_app.test_client()
    for password in ["wrong password"] * 6 + [PASSWORD] * 2:
        assert log_in(client, password=password).status_code == 503
    own_redis.client().config_set("maxmemory", "0")
    assert log_in(own_app.test_client()).status_code == 302
