"""The app shell: configuration, security headers, htmx responses, error pages."""

import re

import pytest

from webapp import create_app
from webapp.config import secret_key_from_instance


def test_dev_secret_is_generated_once_into_instance(tmp_path):
    first = secret_key_from_instance(str(tmp_path))
    assert len(first) == 64
    assert secret_key_from_instance(str(tmp_path)) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_production_refuses_to_start_without_a_secret(monkeypatch):
    monkeypatch.setenv("SAMMEN_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})


@pytest.mark.parametrize(("url", "pings"), [
    ("sqlite:///:memory:", False), ("postgresql+psycopg://sammen@localhost/sammen", True)])
def test_pooled_connections_are_tested_only_on_a_database_server(url, pings):
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "x", "TESTING": True})
    assert app.config["SQLALCHEMY_ENGINE_OPTIONS"].get("pool_pre_ping", False) is pings


def test_production_sets_secure_cookies(monkeypatch):
    monkeypatch.setenv("SAMMEN_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "s3cret")
    # Rate limits off: no shared storage to count in here (tests/test_faults.py).
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "RATELIMIT_ENABLED": False})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


@pytest.mark.parametrize("path", ["/", "/log-ind", "/opret-konto", "/tilbud", "/privatliv",
                                  "/rettigheder", "/findes-ikke"])
def test_security_headers_on_every_page(client, path):
    response = client.get(path)
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "HX-Request" in response.headers["Vary"]
    # No inline script anywhere: every <script> has a src.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", response.text)


def test_static_assets_are_vendored_not_from_a_cdn(client):
    html = client.get("/").text
    for url in re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', html):
        assert url.startswith("/static/"), url
        assert client.get(url).status_code == 200


def test_htmx_request_gets_the_form_fragment(client):
    response = client.get("/log-ind", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith("<form")
    assert "<html" not in response.text


@pytest.mark.parametrize("extra", [{"HX-Boosted": "true"}, {"HX-History-Restore-Request": "true"}])
def test_boosted_and_history_restore_get_the_full_page(client, extra):
    response = client.get("/log-ind", headers={"HX-Request": "true", **extra})
    assert "<html" in response.text


def test_expired_login_in_htmx_request_redirects_the_whole_page(client):
    response = client.get("/kalender", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.headers["HX-Redirect"] == "/log-ind?next=/kalender"


def test_expired_login_without_htmx_redirects_to_login(client):
    response = client.get("/kalender")
    assert response.status_code == 302
    assert response.headers["Location"] == "/log-ind?next=/kalender"


def test_was_redirects_to_the_accessibility_statement(make_app):
    app = make_app(WAS_URL="https://www.was.digst.dk/example")
    response = app.test_client().get("/was")
    assert response.status_code == 302
    assert response.headers["Location"] == "https://www.was.digst.dk/example"


def test_404_page_in_danish_and_english(client):
    response = client.get("/findes-ikke")
    assert response.status_code == 404
    assert "Vi kan ikke finde siden" in response.text
    client.post("/sprog", data={"lang": "en", "next": "/"})
    response = client.get("/findes-ikke")
    assert "We cannot find the page" in response.text


def test_500_page_is_friendly_and_translated(make_app):
    app = make_app(PROPAGATE_EXCEPTIONS=False)

    @app.route("/boom")
    def boom():
        raise RuntimeError("boom")

    client = app.test_client()
    response = client.get("/boom")
    assert response.status_code == 500
    assert "Der gik noget galt hos os" in response.text
    assert "Traceback" not in response.text and "RuntimeError" not in response.text


def test_successful_htmx_login_loads_the_next_page_whole(client, factory):
    user = factory.user()
    response = client.post("/log-ind?next=/kalender", headers={"HX-Request": "true"},
                           data={"email": user.email, "password": "kodeord-123"})
    assert response.status_code == 204
    assert response.headers["HX-Redirect"] == "/kalender"


def test_invalid_htmx_form_answers_422_with_the_form_only(client):
    response = client.post("/log-ind", headers={"HX-Request": "true"}, data={"email": ""})
    assert response.status_code == 422
    assert response.text.lstrip().startswith("<form")
    assert 'id="email-error"' in response.text


def test_health_check_is_trivial(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_gunicorn_workers_freeze_what_the_app_loaded():
    """gunicorn.conf.py: after a worker loads the app, the garbage collector leaves the app's
    own objects alone."""
    import gc
    import runpy
    from pathlib import Path

    config = runpy.run_path(str(Path(__file__).parent.parent / "gunicorn.conf.py"))
    try:
        config["post_worker_init"](None)
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
