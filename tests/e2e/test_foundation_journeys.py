"""Browser journeys of the foundation: register, log in, language, log out, footer pages."""

import re
from itertools import count

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import log_in

_n = count(1)


def unique_email(phone: str) -> str:
    return f"ny{next(_n)}-{phone.replace(' ', '').lower()}@example.dk"


@pytest.mark.parametrize("lang", ["da", "en"])
def test_every_foundation_page_is_accessible(page, a11y, lang):
    """Zero axe violations and no sideways scrolling on every page, in both languages."""
    page.goto("/")
    page.get_by_role("button", name={"da": "Dansk", "en": "English"}[lang]).click()
    expect(page.locator("html")).to_have_attribute("lang", lang)
    a11y.check("welcome")
    for path, name in [("/tilbud", "offers"), ("/log-ind", "login"),
                       ("/opret-konto", "register"), ("/privatliv", "privacy"),
                       ("/rettigheder", "rights"), ("/findes-ikke", "not-found")]:
        page.goto(path)
        a11y.check(name)
    page.goto("/log-ind")
    page.locator("#email").fill("anna@example.dk")
    page.locator("#password").fill("sammen-demo")
    page.locator("form.app-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/$"))
    a11y.check("home")
    for path, name in [("/kalender", "calendar"), ("/maal", "goals"), ("/profil", "profile")]:
        page.goto(path)
        a11y.check(name)
    expect(page.locator("html")).to_have_attribute("lang", lang)


def test_register_with_mistakes_then_succeed(page, a11y, phone):
    page.goto("/")
    a11y.check()
    page.get_by_role("link", name="Opret en konto").first.click()
    a11y.check()
    page.get_by_label("Dit navn").fill("Karin Holm")
    page.get_by_label("E-mail").fill("karin-ved-example.dk")
    page.get_by_role("button", name="Opret konto").click()
    # htmx swaps the form with the errors in place and moves focus to the summary.
    summary = page.locator(".alert-error")
    expect(summary).to_be_focused()
    expect(page.locator("#email-error")).to_contain_text("Skriv en e-mailadresse som")
    expect(page.locator("#password-error")).to_contain_text("Vælg en adgangskode.")
    expect(page.get_by_label("Dit navn")).to_have_value("Karin Holm")
    a11y.check("register-errors")
    page.get_by_label("E-mail").fill(unique_email(phone))
    page.get_by_label("Vælg en adgangskode").fill("min-egen-kode")
    page.get_by_role("button", name="Opret konto").click()
    page.wait_for_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Hej Karin")
    expect(page.locator("#messages")).to_contain_text("Velkommen til Sammen")
    a11y.check("home-new")


def test_log_in_with_a_wrong_password_then_log_out(page, a11y, citizen):
    page.goto("/log-ind")
    a11y.check()
    page.get_by_label("E-mail").fill(citizen)
    page.get_by_label("Adgangskode", exact=True).fill("forkert")
    page.get_by_role("button", name="Log ind").click()
    expect(page.locator("#password-error")).to_contain_text("ikke rigtig")
    expect(page.get_by_label("E-mail")).to_have_value(citizen)
    expect(page.get_by_label("Adgangskode", exact=True)).to_have_value("")
    a11y.check("login-error")
    page.get_by_label("Adgangskode", exact=True).fill("sammen-demo")
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hej Karin")
    a11y.check()
    nav = page.get_by_role("navigation", name="Hovedmenu")
    for label in ["Hjem", "Tilbud", "Kalender", "Mål", "Profil"]:
        expect(nav.get_by_role("link", name=label)).to_be_visible()
    page.get_by_role("button", name="Log ud").first.click()
    page.wait_for_url(re.compile(r"/$"))
    expect(page.locator("#messages")).to_contain_text("Du er logget ud")
    a11y.check()
    page.goto("/kalender")
    expect(page).to_have_url(re.compile(r"/log-ind\?next=/kalender"))
    a11y.check()


def test_switch_language_and_keep_it_after_login(page, a11y, citizen):
    page.goto("/")
    a11y.check()
    expect(page.locator("html")).to_have_attribute("lang", "da")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome to Sammen")
    a11y.check()
    log_in(page, a11y, citizen)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hello")
    a11y.check()
    page.get_by_role("button", name="Dansk").click()
    expect(page.locator("html")).to_have_attribute("lang", "da")
    a11y.check()


def test_footer_pages(page, a11y):
    page.goto("/")
    a11y.check()
    footer = page.locator("footer")
    footer.get_by_role("link", name="Privatlivspolitik").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    a11y.check()
    page.goto("/")
    a11y.check()
    footer.get_by_role("link", name="Dine rettigheder og klagemuligheder").click()
    expect(page.locator("main")).to_contain_text("Ankestyrelsen")
    expect(page.locator("main")).to_contain_text("14 dage")
    a11y.check()
    link = footer.get_by_role("link", name="Tilgængelighedserklæring")
    assert link.get_attribute("href") == "/was"
    response = page.request.get("/was", max_redirects=0)
    assert response.status == 302
    assert response.headers["location"] == "https://www.was.digst.dk/sammen-test"


def test_staff_and_admin_start_pages(page, a11y):
    log_in(page, a11y, "vejleder@example.dk")
    expect(page).to_have_url(re.compile(r"/personale/?$"))
    a11y.check("staff-today")
    page.get_by_role("button", name="Log ud").first.click()
    expect(page.locator("#messages")).to_contain_text("Du er logget ud")
    a11y.check()
    log_in(page, a11y, "admin@example.dk")
    a11y.check()
    page.goto("/admin/personale")
    a11y.check("admin-staff")


def test_register_works_without_javascript(page, a11y, phone):
    """The app's scripts (htmx and app.js) never load: the form posts and redirects."""
    page.route(re.compile(r".*\.js(\?.*)?$"), lambda route: route.abort())
    page.goto("/opret-konto")
    a11y.check()
    assert page.evaluate("typeof window.htmx") == "undefined"
    page.get_by_label("Dit navn").fill("Uden Script")
    page.get_by_role("button", name="Opret konto").click()
    expect(page.locator("#email-error")).to_contain_text("Skriv din e-mailadresse.")
    expect(page.get_by_label("Dit navn")).to_have_value("Uden Script")
    a11y.check()
    page.get_by_label("E-mail").fill(unique_email(phone))
    page.get_by_label("Vælg en adgangskode").fill("min-egen-kode")
    page.get_by_role("button", name="Opret konto").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hej Uden")
    a11y.check()
