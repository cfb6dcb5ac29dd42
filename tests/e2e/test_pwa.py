"""The installable app in a real browser: a persistent Chromium context (a service worker does
not run in an incognito one) on 127.0.0.1, which is a secure context. Installable on Hjem;
Hjem and Kalender offline from the service worker with the "shown as of" note and their
buttons off; the offline page for a page never visited; nothing personal after logging out.
Run on both phones: in Danish on the Pixel 5, in English on the iPhone 12."""

from datetime import UTC, datetime, timedelta
from itertools import count

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, A11y, choose_language, log_in
from webapp.extensions import db
from webapp.offers.models import Admission

_n = count(1)

WORDS = {
    "da": {"language": "Dansk", "offline": "Du er offline", "as_of": "Vist, som det så ud",
           "why": "Det kan du gøre, når du er online igen.", "afbud": "Meld afbud",
           "sign_up": "Tilmeld", "log_out": "Log ud", "install": "Læg Sammen på din hjemmeskærm",
           "iphone": "Vælg “Føj til hjemmeskærm”.", "turn_on": "Slå påmindelser til",
           "failed": "Påmindelser kunne ikke slås til i denne browser."},
    "en": {"language": "English", "offline": "You are offline", "as_of": "Shown as of",
           "why": "You can do this when you are online again.", "afbud": "Call in absence",
           "sign_up": "Sign up", "log_out": "Log out", "install": "Put Sammen on your home screen",
           "iphone": "Choose “Add to Home Screen”.", "turn_on": "Turn on reminders",
           "failed": "Reminders could not be turned on in this browser."},
}
LANGUAGE_ON = {"Pixel 5": "da", "iPhone 12": "en"}


@pytest.fixture
def context(playwright, base_url, phone, tmp_path):
    """A persistent browser profile on the phone, like the citizen's own browser."""
    device = {k: v for k, v in playwright.devices[phone].items() if k != "default_browser_type"}
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, args=CHROMIUM_ARGS,
        base_url=base_url, locale="da-DK", **device)
    yield context
    context.close()


def signed_up_for_a_meeting(live_app, email: str) -> str:
    """Sign the citizen up for a drop-in meeting tomorrow; return the group's title."""
    title = f"Strikkecafé {next(_n)}"
    with live_app.app_context():
        from sqlalchemy import select

        from webapp.auth.models import User

        citizen = db.session.scalar(select(User).where(User.email == email))
        offer = factories.offer(title=title, admission=Admission.DROP_IN, capacity=8)
        starts = datetime.now(UTC).replace(microsecond=0, second=0) + timedelta(days=1)
        meeting = factories.meeting(offer=offer, starts_at=starts)
        factories.registration(meeting=meeting, citizen=citizen)
        db.session.remove()
    return title


def worker_ready(page) -> None:
    """Wait until the service worker controls the page."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def logged_in(context, phone: str, email: str, lang: str):
    """Log in in the context's first tab, in `lang`, with the service worker in control."""
    page = context.pages[0] if context.pages else context.new_page()
    a11y = A11y(page, phone)
    log_in(page, a11y, email)
    choose_language(page, a11y, WORDS[lang]["language"])
    worker_ready(page)
    return page, a11y


def test_installable_offline_and_forgotten_at_logout(context, phone, live_app, citizen):
    lang = LANGUAGE_ON[phone]
    words = WORDS[lang]
    title = signed_up_for_a_meeting(live_app, citizen)
    page, a11y = logged_in(context, phone, citizen, lang)

    # Installable: Chromium's own check finds nothing missing.
    cdp = context.new_cdp_session(page)
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert errors == [], errors

    # Visit Hjem and Kalender online, through the service worker, which keeps them.
    page.goto("/")
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    a11y.check("home")
    page.goto("/kalender")
    expect(page.locator("li.app-card", has_text=title)).to_be_visible()
    a11y.check("calendar")
    expect(page.locator("#offline-note")).to_be_hidden()

    # Offline on a bus: reloading Kalender and opening Hjem show the kept copies.
    context.set_offline(True)
    response = page.reload()
    assert response.from_service_worker
    expect(page.locator("#offline-note")).to_contain_text(words["as_of"])
    expect(page.locator("li.app-card", has_text=title)).to_be_visible()
    a11y.check("calendar-offline")
    response = page.goto("/")
    assert response.from_service_worker
    note = page.locator("#offline-note")
    expect(note).to_be_visible()
    expect(note).to_contain_text(words["offline"])
    expect(note).to_contain_text(words["as_of"])
    card = page.locator("li.app-card", has_text=title)
    expect(card).to_be_visible()
    # The buttons are off, and say why.
    afbud = card.locator("a.button", has_text=words["afbud"])
    expect(afbud).to_have_attribute("aria-disabled", "true")
    expect(afbud).not_to_have_attribute("href", "/")
    expect(card.locator(".app-offline-why")).to_have_text(words["why"])
    a11y.check("home-offline")

    # A page never visited: the offline page, in the citizen's language.
    page.goto("/tilbud")
    expect(page.get_by_role("heading", level=1)).to_have_text(words["offline"])
    a11y.check("offline-page")

    # Online again, log out; offline, Hjem shows nothing of the citizen.
    context.set_offline(False)
    page.goto("/")
    a11y.check()
    page.get_by_role("button", name=words["log_out"]).first.click()
    page.wait_for_url("**/")
    a11y.check()
    context.set_offline(True)
    page.goto("/")
    expect(page.locator("body")).not_to_contain_text(title)
    expect(page.locator("body")).not_to_contain_text("Karin")
    a11y.check("home-offline-after-logout")
    page.goto("/kalender")
    expect(page.get_by_role("heading", level=1)).to_have_text(words["offline"])
    expect(page.locator("body")).not_to_contain_text(title)
    a11y.check()
    assert not a11y.unchecked(), a11y.unchecked()


def test_the_profile_explains_install_and_says_when_push_cannot_work(context, phone, citizen):
    lang = LANGUAGE_ON[phone]
    words = WORDS[lang]
    page, a11y = logged_in(context, phone, citizen, lang)
    page.goto("/profil")
    a11y.check("profile")
    install = page.locator("#app-install")
    expect(install).to_contain_text(words["install"])
    expect(install).to_contain_text(words["iphone"])

    # Headless Chromium has no push service: turning reminders on fails, and says so.
    context.grant_permissions(["notifications"])
    button = page.get_by_role("button", name=words["turn_on"])
    expect(button).to_be_visible()
    button.click()
    expect(page.locator("#paamindelser [data-push-status]")).to_contain_text(words["failed"],
                                                                            timeout=20_000)
    a11y.check("profile-push-failed")
    assert not a11y.unchecked(), a11y.unchecked()
