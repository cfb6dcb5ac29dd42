"""Browser journeys for counsellors, on a phone and on a laptop, in Danish and English: open a
citizen with a purpose and enrol them in a § 85 course with a package (the citizen then sees
the package and the look-up on their profile), and read the statistics."""

import re
from itertools import count

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.conftest import DEMO_PASSWORD, LAPTOP, choose_language, log_in
from webapp.auth.models import Role, User
from webapp.extensions import db
from webapp.offers.models import LegalBasis, Offer

_n = count(1)
COUNSELLOR = "vejleder@example.dk"


@pytest.fixture(params=["Pixel 5", LAPTOP])
def phone(request):
    """A phone and a laptop (1280×800): counsellors use both."""
    return request.param


WORDS = {
    "da": {
        "language": "Dansk", "citizens": "Borgere", "search": "Søg",
        "purpose": "Planlægge borgerens forløb", "enrol_link": "Skriv ind i et forløb",
        "enrol": "Skriv ind", "package": "Pakke 1: Støtte i en gruppe.",
        "level": "Moderat støtte: 2 til 4 timer om ugen", "fix": "Ret 1 ting for at komme videre",
        "choose_package": "Vælg en pakke.", "enrolled": "er skrevet ind i",
        "profile": "Profil", "support": "Din støtte", "statistics": "Statistik",
        "looked": "For at planlægge dit forløb",
        "show": "Vis tallene", "attendance": "Fremmøde til møder i perioden", "from": "Fra",
        "csv": "Hent tallene som CSV-fil", "end_before": "Slutdatoen skal være samme dag",
    },
    "en": {
        "language": "English", "citizens": "Citizens", "search": "Search",
        "purpose": "Planning their course", "enrol_link": "Enrol in a course", "enrol": "Enrol",
        "package": "Package 1: Support in a group.",
        "level": "Moderate support: 2 to 4 hours a week", "fix": "Fix 1 thing to go on",
        "choose_package": "Choose a package.", "enrolled": "is enrolled in",
        "profile": "Profile", "support": "Your support", "statistics": "Statistics",
        "looked": "To plan your course",
        "show": "Show the numbers", "attendance": "Attendance at meetings held in the period",
        "from": "From", "csv": "Download the numbers as a CSV file",
        "end_before": "The end date must be on or after",
    },
}


def nav(page, name):
    return page.get_by_role("navigation", name=re.compile("Hovedmenu|Main menu")).get_by_role(
        "link", name=name)


@pytest.fixture
def course(live_app):
    """A § 85 course the demo counsellor runs, and a new citizen in one of its meetings."""
    n = next(_n)
    with live_app.app_context():
        mette = db.session.scalar(db.select(User).where(User.email == COUNSELLOR))
        offer = factories.offer(title=f"Gruppeforløb E2E {n}", legal_basis=LegalBasis.S85)
        db.session.get(Offer, offer.id).facilitators.append(mette)
        db.session.commit()
        person = factories.user(name=f"Ditte Berg{n}", email=f"ditte{n}@example.dk",
                                password=DEMO_PASSWORD)
        factories.registration(meeting_id=factories.meeting(offer_id=offer.id).id,
                               citizen_id=person.id)
        result = {"title": offer.title, "name": person.name, "email": person.email}
        db.session.remove()
    return result


@pytest.mark.parametrize("lang", ["da", "en"])
def test_open_a_citizen_enrol_them_and_they_see_it(page, a11y, browser, browser_context_args,
                                                   course, lang):
    words = WORDS[lang]
    log_in(page, a11y, COUNSELLOR)
    choose_language(page, a11y, words["language"])
    nav(page, words["citizens"]).click()
    a11y.check("citizens-list")

    page.get_by_role("searchbox").fill(course["name"])
    page.get_by_role("button", name=words["search"], exact=True).click()
    expect(page).to_have_url(re.compile(r"q=Ditte"))
    expect(page.locator("#citizen-results li")).to_have_count(1)
    a11y.check("citizens-search")
    page.get_by_role("link", name=course["name"]).click()
    a11y.check("citizen-purpose")

    # One tap on the reason opens the page, and the look-up is written down.
    page.get_by_role("link", name=words["purpose"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(course["name"])
    a11y.check("citizen-page")

    page.get_by_role("link", name=words["enrol_link"]).click()
    a11y.check("enrol")
    form = page.locator("#enrol-form")
    form.get_by_label(re.compile("Forløb|Course")).select_option(label=course["title"])
    form.get_by_label(words["level"]).check()
    form.get_by_role("button", name=words["enrol"], exact=True).click()
    # Forgot the package: the error is next to the field, and the choices are kept.
    expect(page.locator(".alert-error")).to_contain_text(words["fix"])
    expect(page.locator(".form-error-message")).to_contain_text(words["choose_package"])
    expect(page.get_by_label(words["level"])).to_be_checked()
    a11y.check("enrol-invalid")
    page.get_by_label(words["package"]).check()
    page.get_by_role("button", name=words["enrol"], exact=True).click()
    expect(page.locator("#messages")).to_contain_text(words["enrolled"])
    expect(page.get_by_role("heading", level=1)).to_have_text(course["name"])
    expect(page.locator("main")).to_contain_text(course["title"])
    a11y.check("citizen-enrolled")

    # The citizen, on their own phone, sees the package, the level and the look-up.
    other = browser.new_context(**browser_context_args)
    own = other.new_page()
    citizen_a11y = type(a11y)(own, a11y.phone)
    log_in(own, citizen_a11y, course["email"])
    choose_language(own, citizen_a11y, words["language"])
    nav(own, words["profile"]).click()
    support = own.locator("main")
    expect(support).to_contain_text(words["support"])
    expect(support).to_contain_text(course["title"])
    expect(own.locator("#lookups + p + table")).to_contain_text(words["looked"])
    expect(own.locator("#lookups + p + table")).not_to_contain_text("Mette")
    citizen_a11y.check("profile-support")
    assert not citizen_a11y.unchecked()
    other.close()


@pytest.mark.parametrize("lang", ["da", "en"])
def test_read_the_statistics(page, a11y, lang):
    words = WORDS[lang]
    log_in(page, a11y, COUNSELLOR)
    choose_language(page, a11y, words["language"])
    nav(page, words["statistics"]).click()
    a11y.check("statistics")
    expect(page.get_by_role("table").first).to_contain_text(words["attendance"])
    expect(page.locator("svg.app-bar").first).to_be_visible()

    # A period that ends before it starts: a clear message next to the field.
    page.get_by_label(words["from"]).fill("2026-05-01")
    page.locator("#til").fill("2026-04-01")
    page.get_by_role("button", name=words["show"]).click()
    expect(page.locator("#til-error")).to_contain_text(words["end_before"])
    a11y.check("statistics-invalid")

    page.get_by_label(words["from"]).fill("2025-01-01")
    page.get_by_role("button", name=words["show"]).click()
    expect(page.locator("#til-error")).to_have_count(0)
    a11y.check()
    with page.expect_download() as download:
        page.get_by_role("link", name=words["csv"]).click()
    assert download.value.suggested_filename.startswith("sammen-statistik-2025-01-01-")


ADMIN_WORDS = {
    "da": {"admin": "Admin", "generate": "Lav en adgangskode for mig (vises én gang)",
           "give": "Giv en ny adgangskode", "shown": "Den vises kun nu", "places": "Steder",
           "add": "Tilføj et sted", "name": "Stedets navn", "street": "Vej og nummer",
           "postcode": "Postnummer", "town": "By", "save": "Gem",
           "postcode_error": "Skriv postnummeret med 4 cifre", "municipalities": "Kommuner"},
    "en": {"admin": "Admin area", "generate": "Make a password for me (shown once)",
           "give": "Give a new password", "shown": "It is shown only now", "places": "Places",
           "add": "Add a place", "name": "Name of the place", "street": "Street and number",
           "postcode": "Postcode", "town": "Town", "save": "Save",
           "postcode_error": "Write the postcode with 4 digits",
           "municipalities": "Municipalities"},
}


@pytest.mark.parametrize("lang", ["da", "en"])
def test_admin_resets_a_password_and_adds_a_place(page, a11y, live_app, lang):
    words, admin_words = WORDS[lang], ADMIN_WORDS[lang]
    n = next(_n)
    with live_app.app_context():
        colleague = factories.user(role=Role.STAFF, name=f"Kirsten Lund{n}",
                                   email=f"kirsten{n}@example.dk").name
        db.session.remove()
    log_in(page, a11y, "admin@example.dk")
    choose_language(page, a11y, words["language"])
    nav(page, admin_words["admin"]).click()
    a11y.check("admin-staff")
    page.get_by_role("link", name=re.compile(colleague)).click()
    a11y.check("admin-password")
    page.get_by_label(admin_words["generate"]).check()
    page.get_by_role("button", name=admin_words["give"]).click()
    expect(page.locator(".alert-success")).to_contain_text(admin_words["shown"])
    assert re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}",
                        page.locator(".app-new-password code").inner_text())
    a11y.check("admin-password-shown")

    page.get_by_role("navigation", name=admin_words["admin"]).get_by_role(
        "link", name=admin_words["places"]).click()
    a11y.check("admin-places")
    page.get_by_role("link", name=admin_words["add"]).click()
    a11y.check("admin-place-new")
    page.get_by_label(admin_words["name"]).fill(f"Strandparkens Pavillon {n}")
    page.get_by_label(admin_words["street"]).fill("Strandvejen 1")
    page.get_by_label(admin_words["postcode"]).fill("26350")
    page.get_by_label(admin_words["town"], exact=True).fill("Ishøj")
    page.get_by_role("button", name=admin_words["save"]).click()
    expect(page.locator("#postcode-error")).to_contain_text(admin_words["postcode_error"])
    expect(page.get_by_label(admin_words["street"])).to_have_value("Strandvejen 1")
    a11y.check("admin-place-invalid")
    page.get_by_label(admin_words["postcode"]).fill("2635")
    page.get_by_role("button", name=admin_words["save"]).click()
    expect(page.get_by_role("link", name=f"Strandparkens Pavillon {n}")).to_be_visible()
    a11y.check("admin-places-added")
    page.get_by_role("navigation", name=admin_words["admin"]).get_by_role(
        "link", name=admin_words["municipalities"]).click()
    expect(page.get_by_role("table")).to_contain_text("Ishøj")
    a11y.check("admin-municipalities")
