"""The test harness: an app per test from the factory, on SQLite and (with
TEST_DATABASE_URL) on PostgreSQL, a client, a login helper and model factories."""

import html
import os
import re
from contextlib import contextmanager
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import create_engine, event, text

from tests import factories
from webapp import create_app
from webapp.auth.models import Role, User
from webapp.core import COPENHAGEN
from webapp.extensions import db
from webapp.offers.models import Offer

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")
IN_CI = os.environ.get("CI", "").lower() == "true"

BACKENDS = ["sqlite"] + (["postgresql"] if TEST_DATABASE_URL else [])
#: the header htmx sends: `client.post(url, headers=HTMX)` asks for the fragment
HTMX = {"HX-Request": "true"}


def pytest_sessionstart(session):
    if IN_CI and not TEST_DATABASE_URL:
        pytest.exit("CI must run the database tests on PostgreSQL: set TEST_DATABASE_URL.",
                    returncode=3)


def base_config(**overrides) -> dict:
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_STORAGE_URI": "memory://",
        "SERVER_NAME": None,
    }
    config.update(overrides)
    return config


@pytest.fixture(scope="session")
def _postgres_schema():
    """Create the schema on the PostgreSQL test database once per run."""
    app = create_app(base_config(SQLALCHEMY_DATABASE_URI=TEST_DATABASE_URL))
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        db.create_all()
        db.engine.dispose()
    yield TEST_DATABASE_URL


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.db'}"
        return
    url = request.getfixturevalue("_postgres_schema")
    yield url
    # Empty every table, so the next test starts clean.
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    tables = ", ".join(t.name for t in db.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture
def make_app(database_url):
    """Build an app on the test database; extra config for tests that need it."""
    apps = []

    def _make(**overrides):
        app = create_app(base_config(SQLALCHEMY_DATABASE_URI=database_url, **overrides))
        with app.app_context():
            if database_url.startswith("sqlite"):
                db.create_all()
        apps.append(app)
        return app

    yield _make
    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def ctx(app):
    """An app context for a test that reads or writes the database directly."""
    with app.app_context():
        yield


@pytest.fixture
def factory(app):
    """The model factories, each run in its own app context; objects come back detached
    with their columns loaded: factory.user(role=Role.STAFF).id"""

    class Bound:
        def __getattr__(self, name):
            make = getattr(factories, name)

            def call(**kw):
                with app.app_context():
                    obj = make(**kw)
                    db.session.refresh(obj)
                    db.session.expunge(obj)
                    return obj

            return call

    return Bound()


@contextmanager
def count_queries(app):
    """Collect the SQL statements the app runs inside the block: `with count_queries(app) as
    statements: client.get(...)`, then `len(statements)`."""
    statements: list[str] = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


def login(client, email: str, password: str = factories.PASSWORD):
    return client.post("/log-ind", data={"email": email, "password": password})


@pytest.fixture
def login_as(client, factory):
    """Log the client in as a new user with these attributes; returns the user."""

    def _login(**kw):
        user = factory.user(**kw)
        response = login(client, user.email)
        assert response.status_code == 303, response.text
        return user

    return _login


@pytest.fixture
def counsellor(client, login_as):
    """A logged-in counsellor who reads English (the assertions read the English texts)."""
    client.set_cookie("lang", "en")
    return login_as(role=Role.STAFF, name="Mette Holm")


def facilitate(app, staff, *offers) -> None:
    """Make `staff` a facilitator of each offer."""
    with app.app_context():
        user = db.session.get(User, staff.id)
        rows = [db.session.get(Offer, offer.id) for offer in offers]  # held until the commit
        for row in rows:
            row.facilitators.append(user)
        db.session.commit()


# -- Reading pages ----------------------------------------------------------------------------

def text_of(response) -> str:
    """The page's text without markup, whitespace folded."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.text)).split())


def form_token(client, path: str) -> str:
    """The CSRF token in the first form of the page at `path`."""
    page = client.get(path).text
    return re.search(r'name="csrf_token"[^>]*? value="([^"]+)"', page).group(1)


def page_token(client, path: str = "/privatliv") -> str:
    """The CSRF token the page at `path` gives htmx (its X-CSRFToken header)."""
    return re.search(r'"X-CSRFToken": "([^"]+)"', client.get(path).text).group(1)


# -- Days and times as the app counts them (in Copenhagen) ------------------------------------

def local_at(days: int, hour: int, minute: int = 0) -> datetime:
    """The moment `days` after the app's today at hour:minute on Copenhagen's clocks, in UTC."""
    day = factories.today() + timedelta(days=days)
    return datetime.combine(day, time(hour, minute), COPENHAGEN).astimezone(UTC)


def pytest_terminal_summary(terminalreporter):
    """Say how many tests ran on each database and in the browser, so CI output shows it."""
    counts: dict[str, int] = {}
    for report in terminalreporter.stats.get("passed", []):
        if report.when != "call":
            continue
        if "/e2e/" in report.nodeid:
            counts["browser (Chromium, phone viewports)"] = counts.get(
                "browser (Chromium, phone viewports)", 0) + 1
        for backend in BACKENDS:
            if f"[{backend}" in report.nodeid or f"-{backend}]" in report.nodeid \
                    or f"-{backend}-" in report.nodeid:
                counts[backend] = counts.get(backend, 0) + 1
                break
    terminalreporter.write_sep("-", "where the passing tests ran")
    for name, number in counts.items():
        terminalreporter.write_line(f"{number:5d} on {name}")
    if not TEST_DATABASE_URL:
        terminalreporter.write_line("      (set TEST_DATABASE_URL to run them on PostgreSQL too)")
