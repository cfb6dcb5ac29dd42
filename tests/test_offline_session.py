"""The server's half of tying kept offline pages to the login session that made them: each
login session gets a random id, in a marker cookie the service worker can read (living as
long as the session cookie) and in a header on every page the worker keeps. Logging out, or
losing the login, clears the marker, so the kept pages of that session match nothing."""

import json
import re

from tests import factories
from tests.conftest import login
from webapp.auth.models import Role

MARKER = "sammen_offline"
HEADER = "X-Sammen-Session"


def set_cookies(response, name: str) -> list[str]:
    return [c for c in response.headers.getlist("Set-Cookie") if c.startswith(name + "=")]


def test_logging_in_sets_a_marker_the_worker_can_read_and_that_dies_with_the_session(
        client, factory):
    user = factory.user()
    response = login(client, user.email)
    assert response.status_code == 303
    [marker] = set_cookies(response, MARKER)
    [session] = set_cookies(response, "session")
    value = re.match(rf"{MARKER}=([^;]+)", marker).group(1)
    assert len(value) >= 20 and user.email not in marker and user.first_name not in marker
    # Readable by the service worker (not HttpOnly), otherwise like the session cookie: no
    # Expires or Max-Age (both end when the browser closes), the same path and SameSite.
    assert "HttpOnly" not in marker and "HttpOnly" in session
    for cookie in (marker, session):
        assert "Expires" not in cookie and "Max-Age" not in cookie
        assert "Path=/" in cookie and "SameSite=Lax" in cookie
    assert client.get_cookie(MARKER).value == value


def test_kept_pages_carry_the_id_of_the_session_that_made_them(client, factory):
    user = factory.user()
    login(client, user.email)
    marker = client.get_cookie(MARKER).value
    for url in ("/", "/kalender"):
        page = client.get(url)
        assert page.headers["X-Sammen-Offline"] == "keep"
        assert page.headers[HEADER] == marker
        assert not set_cookies(page, MARKER)  # sent once, not with every page
    profile = client.get("/profil")
    assert HEADER not in profile.headers and "X-Sammen-Offline" not in profile.headers


def test_each_login_is_a_new_session_with_a_new_id(client, factory):
    user = factory.user()
    login(client, user.email)
    first = client.get("/").headers[HEADER]
    client.post("/log-ud")
    login(client, user.email)
    second = client.get("/").headers[HEADER]
    assert second != first and client.get_cookie(MARKER).value == second


def test_logging_out_clears_the_marker(client, factory):
    user = factory.user()
    login(client, user.email)
    response = client.post("/log-ud")
    assert response.status_code == 303
    [cleared] = set_cookies(response, MARKER)
    assert re.match(rf"{MARKER}=;", cleared) and "Expires=Thu, 01 Jan 1970" in cleared
    assert client.get_cookie(MARKER) is None
    home = client.get("/")
    assert HEADER not in home.headers and "X-Sammen-Offline" not in home.headers
    assert not set_cookies(home, MARKER)


def test_a_session_that_lost_its_login_loses_its_marker(client, factory):
    """Session protection ends the login when the browser looks different: the marker goes
    too, so the pages kept before are not shown offline."""
    user = factory.user()
    login(client, user.email)
    response = client.get("/", headers={"User-Agent": "another browser"})
    assert HEADER not in response.headers
    assert set_cookies(response, MARKER) and client.get_cookie(MARKER) is None


def test_a_lost_marker_is_sent_again_but_never_with_the_shared_files(client, factory):
    user = factory.user()
    login(client, user.email)
    marker = client.get_cookie(MARKER).value
    client.delete_cookie(MARKER)
    for url in ("/sw.js", "/manifest.webmanifest", "/static/css/app.css"):
        response = client.get(url)
        assert not response.headers.getlist("Set-Cookie"), url
        assert "Cookie" not in response.headers.get("Vary", ""), url
    home = client.get("/")
    assert home.headers[HEADER] == marker and client.get_cookie(MARKER).value == marker


def test_staff_pages_are_not_kept_and_carry_no_session_id(client, factory):
    staff = factory.user(role=Role.STAFF)
    login(client, staff.email)
    for url in ("/", "/kalender"):
        response = client.get(url)
        assert HEADER not in response.headers and "X-Sammen-Offline" not in response.headers


def test_the_marker_is_secure_where_the_session_cookie_is(make_app, factory):
    client = make_app(SESSION_COOKIE_SECURE=True).test_client()
    email = factory.user().email
    response = client.post("/log-ind", data={"email": email, "password": factories.PASSWORD},
                           base_url="https://localhost")
    [marker] = set_cookies(response, MARKER)
    [session] = set_cookies(response, "session")
    assert "Secure" in marker and "Secure" in session


def test_the_worker_knows_the_cookie_and_the_header(client):
    script = client.get("/sw.js").text
    settings = json.loads(re.match(r"self\.SAMMEN = (\{.*\});\n", script).group(1))
    assert settings["session_cookie"] == MARKER and settings["session_header"] == HEADER
    assert "cookieStore" in script
