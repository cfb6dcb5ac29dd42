"""Faults and headers: the database gone while someone is signed in, HTTPS only in
production (HSTS), and no production start with rate limits counted per worker."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.conftest import base_config
from webapp import create_app
from webapp.auth.models import Role

ROOT = Path(__file__).resolve().parent.parent

#: a database that cannot be reached: a PostgreSQL server that is not running (nothing
#: listens on port 1), and a SQLite file whose folder is gone
UNREACHABLE = {
    "postgresql-down": "postgresql+psycopg://sammen:secret@127.0.0.1:1/sammen",
    "sqlite-gone": "sqlite:////nonexistent/sammen/sammen.db",
}

SECURITY_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options",
                    "Referrer-Policy", "Permissions-Policy")


def unreachable_twin(url: str):
    """The same deployment (same secret, so the same sessions) once its database is gone,
    answering as gunicorn does: errors become pages, not tracebacks."""
    return create_app(base_config(SQLALCHEMY_DATABASE_URI=url, PROPAGATE_EXCEPTIONS=False))


def signed_in_client(client, twin, lang: str | None):
    """A client of `twin` that carries the session `client` signed in with."""
    other = twin.test_client()
    other.set_cookie("session", client.get_cookie("session").value)
    if lang:
        other.set_cookie("lang", lang)
    return other


@pytest.mark.parametrize("down", UNREACHABLE.values(), ids=UNREACHABLE.keys())
@pytest.mark.parametrize(("role", "path"), [
    (Role.CITIZEN, "/"), (Role.CITIZEN, "/maal"), (Role.STAFF, "/personale"),
    (Role.ADMIN, "/admin/personale")])
def test_a_signed_in_user_gets_the_friendly_page_when_the_database_is_down(
        client, login_as, role, path, down):
    login_as(role=role, name="Anna Berg")
    browser = signed_in_client(client, unreachable_twin(down), lang=None)

    response = browser.get(path)

    assert response.status_code == 500
    assert response.mimetype == "text/html"
    assert "Der gik noget galt hos os" in response.text
    assert "Det er ikke din skyld" in response.text
    assert "Traceback" not in response.text and "OperationalError" not in response.text
    assert "Anna" not in response.text  # shown as to a visitor: nothing asked the database
    for header in SECURITY_HEADERS:
        assert header in response.headers, header
    assert "private" in response.headers["Cache-Control"]


@pytest.mark.parametrize("down", UNREACHABLE.values(), ids=UNREACHABLE.keys())
def test_the_error_page_speaks_the_language_of_the_cookie(client, login_as, down):
    login_as()
    browser = signed_in_client(client, unreachable_twin(down), lang="en")

    response = browser.get("/kalender")

    assert response.status_code == 500
    assert '<html lang="en"' in response.text
    assert "Something went wrong on our side" in response.text


def test_the_user_is_still_signed_in_when_the_database_is_back(app, client, login_as):
    user = login_as(name="Anna Berg")
    browser = signed_in_client(client, unreachable_twin(UNREACHABLE["postgresql-down"]), None)
    assert browser.get("/").status_code == 500

    back = app.test_client()
    back.set_cookie("session", browser.get_cookie("session").value)
    response = back.get("/")
    assert response.status_code == 200
    assert f"Hej {user.first_name}" in response.text


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_answers_a_signed_in_user_with_the_danish_page(client, login_as):
    """Through gunicorn, which answers an error inside the error page with a bare English
    'Internal Server Error' and no security headers."""
    login_as()
    cookie = client.get_cookie("session").value
    port = free_port()
    env = {**os.environ, "DATABASE_URL": UNREACHABLE["postgresql-down"],
           "SECRET_KEY": base_config()["SECRET_KEY"], "SAMMEN_ENV": ""}
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "--workers", "1", "--bind",
         f"127.0.0.1:{port}", "webapp:create_app()"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        # The test client's User-Agent, which the session is tied to (strong protection).
        headers = {"User-Agent": client.environ_base.get("HTTP_USER_AGENT", "Werkzeug")}
        for _ in range(300):  # up to 30 s on a busy machine
            try:
                response = requests.get(f"http://127.0.0.1:{port}/", timeout=5,
                                        cookies={"session": cookie}, headers=headers)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start")
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert response.status_code == 500
    assert "Der gik noget galt hos os" in response.text
    assert "Internal Server Error" not in response.text
    for header in SECURITY_HEADERS:
        assert header in response.headers, header


# -- HTTPS only in production ------------------------------------------------------------------

HSTS = "max-age=31536000; includeSubDomains"


@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/"), ("GET", "/healthz"), ("GET", "/findes-ikke"), ("GET", "/manifest.webmanifest"),
    ("POST", "/log-ind")])
def test_production_sends_hsts_on_every_response(make_app, method, path):
    # Rate limits off: the test has no shared storage to count in (production needs one).
    app = make_app(PRODUCTION=True, RATELIMIT_ENABLED=False)
    response = app.test_client().open(path, method=method)
    assert response.headers["Strict-Transport-Security"] == HSTS


def test_production_sends_hsts_on_static_files(make_app):
    app = make_app(PRODUCTION=True, RATELIMIT_ENABLED=False)
    client = app.test_client()
    css = next(line.split('href="')[1].split('"')[0] for line in client.get("/").text.splitlines()
               if 'rel="stylesheet"' in line)
    response = client.get(css)
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == HSTS


def test_development_sends_no_hsts(client):
    """It would make the browser refuse http://127.0.0.1:5000 of `make run` for a year."""
    assert "Strict-Transport-Security" not in client.get("/").headers


# -- Rate limits counted by every worker together -----------------------------------------------

@pytest.mark.parametrize("storage", [None, "memory://"])
def test_production_refuses_to_start_with_limits_counted_per_worker(monkeypatch, storage):
    monkeypatch.setenv("SAMMEN_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "s3cret")
    if storage:
        monkeypatch.setenv("RATELIMIT_STORAGE_URI", storage)
    else:
        monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    with pytest.raises(RuntimeError, match="Set RATELIMIT_STORAGE_URI .*redis://"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})


def test_development_counts_in_memory(monkeypatch):
    """`make run`: one process, no Redis needed."""
    monkeypatch.delenv("SAMMEN_ENV", raising=False)
    monkeypatch.delenv("RATELIMIT_STORAGE_URI", raising=False)
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x"})
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"
