"""Browser tests: Debian Chromium driven by Playwright on phone viewports, a live server in
a thread, and axe-core on every page a test visits."""

import logging
import os
import re
import threading
from itertools import count
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from flask_migrate import upgrade
from playwright.sync_api import expect
from werkzeug.serving import make_server

from tests import factories
from webapp import create_app
from webapp.extensions import db

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/lib/chromium/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
PHONES = ["Pixel 5", "iPhone 12"]
#: a laptop at the desk: a plain 1280×800 window (a `phone` fixture of a module may add it)
LAPTOP = "laptop"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENSHOTS = Path(os.environ.get("SCREENSHOTS", "")) if os.environ.get("SCREENSHOTS") else None
DEMO_PASSWORD = "sammen-demo"

_citizens = count(1)


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: run 'make test', which installs it "
                    "(apt-get install chromium).", pytrace=False)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    """The app as it runs for real (CSRF on, migrations, demo data), on a free port."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    folder = tmp_path_factory.mktemp("live")
    app = create_app({
        "SECRET_KEY": "browser-tests",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'live.db'}",
        "LOGIN_RATE_LIMIT": "1000 per minute",
        "REGISTER_RATE_LIMIT": "1000 per minute",
        "WAS_URL": "https://www.was.digst.dk/sammen-test",
    })
    with app.app_context():
        upgrade()
        from webapp import demo

        demo.seed(citizens=10, offers=12, weeks=3)
        db.session.remove()
    return app


@pytest.fixture(scope="session")
def base_url(live_app):
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(params=PHONES)
def phone(request):
    return request.param


@pytest.fixture
def browser_context_args(browser_context_args, playwright, phone):
    if phone == LAPTOP:
        device = {"viewport": {"width": 1280, "height": 800}}
    else:
        device = {k: v for k, v in playwright.devices[phone].items()
                  if k != "default_browser_type"}
    return {**browser_context_args, **device, "locale": "da-DK"}


class A11y:
    """Runs axe-core on a page and remembers which addresses were checked, so a test that
    loads a page without checking it fails."""

    def __init__(self, page, phone: str):
        self.page = page
        self.phone = phone
        self.axe = Axe()
        self.visited: list[str] = []
        self.checked: set[str] = set()
        # Each page loaded, not each address: an active search (htmx) changes the address of
        # the same page as the citizen types, and on a slow machine a pause in the typing
        # is a search of its own; the test checks the page once the results have come.
        page.on("load", lambda loaded: self.visited.append(loaded.url))

    def check(self, name: str | None = None) -> None:
        self.page.wait_for_load_state("load")
        results = self.axe.run(self.page, options={"runOnly": {"type": "tag",
                                                               "values": WCAG_TAGS}})
        assert results.violations_count == 0, (
            f"{self.page.url} on {self.phone}:\n{results.generate_report()}"
        )
        width = self.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert width <= 0, f"{self.page.url} scrolls sideways by {width}px on {self.phone}"
        self.checked.add(self.page.url)
        if SCREENSHOTS and name:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            lang = self.page.evaluate("document.documentElement.lang")
            slug = self.phone.replace(" ", "-").lower()
            self.page.screenshot(path=str(SCREENSHOTS / f"{name}-{lang}-{slug}.png"),
                                 full_page=True)

    def unchecked(self) -> list[str]:
        return [url for url in dict.fromkeys(self.visited)
                if url not in self.checked and url != "about:blank"]


@pytest.fixture
def a11y(page, phone):
    checker = A11y(page, phone)
    yield checker
    assert not checker.unchecked(), f"pages visited without an axe check: {checker.unchecked()}"


def log_in(page, a11y, email: str, password: str = DEMO_PASSWORD) -> None:
    """Log in, in whatever language the page is in, and land on Hjem (or the staff start)."""
    page.goto("/log-ind")
    a11y.check()
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("form.app-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/(personale/?)?$"))
    a11y.check()


def choose_language(page, a11y, name: str) -> None:
    """Switch to the language whose button in the header is called `name` ("English"),
    unless the page is in it already (a counsellor's choice is kept on their account)."""
    button = page.get_by_role("button", name=name, exact=True)
    lang = button.get_attribute("lang")
    if page.locator("html").get_attribute("lang") != lang:
        button.click()
        expect(page.locator("html")).to_have_attribute("lang", lang)
        a11y.check()


@pytest.fixture
def citizen(live_app):
    """A new citizen of the live app, with no language chosen: tests do not share state."""

    with live_app.app_context():
        user = factories.user(name="Karin Holm", email=f"karin{next(_citizens)}@example.dk",
                              password=DEMO_PASSWORD)
        email = user.email
        db.session.remove()
    return email
