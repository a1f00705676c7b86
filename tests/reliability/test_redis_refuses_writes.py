"""Redis answers but refuses every write (its memory is full): /healthz says so, pages never answer 500."""
import pytest

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


def test_healthz_answers_503_while_redis_refuses_writes(own_app, full_redis):
    client = own_app.test_client()
    assert client.get("/healthz").get_json() == {"redis": "ok"}
    full_redis()
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
