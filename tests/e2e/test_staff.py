"""Browser journeys for counsellors, on a phone and on a laptop, in Danish and English:
create an offer and a weekly series and find it in the citizens' catalogue; take attendance
on the roster; show the QR code and check in as a citizen in a second browser; cancel a
meeting and see it cancelled on the citizen's Hjem."""

import re
from datetime import UTC, datetime, timedelta
from itertools import count

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests import factories
from tests.e2e.conftest import LAPTOP, A11y, choose_language, log_in
from webapp.auth.models import User
from webapp.extensions import db
from webapp.offers.models import Admission, offer_facilitators

COUNSELLOR = "vejleder@example.dk"
_n = count(1)

WORDS = {
    "da": {
        "language": "Dansk", "offers": "Tilbud", "create": "Opret et tilbud",
        "title": "Titel", "summary": "Kort beskrivelse", "description": "Hvad sker der i gruppen",
        "topic": "Emne", "s82a": "§ 82 a: forebyggende tilbud uden visitation",
        "drop_in": "De kommer bare (§ 82 a)", "ongoing": "Løbende: kører, til det bliver arkiveret",
        "seats": "Pladser pr. møde", "place": "Hvor gruppen mødes", "save": "Gem som kladde",
        "saved": "er gemt som kladde", "series": "Tilføj en ugentlig serie",
        "weekday": "Ugedag", "starts": "Starter kl.", "ends": "Slutter kl.", "from": "Fra",
        "to": "Til", "skip": "Datoer, der springes over", "add": "Tilføj møderne",
        "added": "3 møder er tilføjet", "publish": "Offentliggør",
        "published": "Tilbuddet er offentliggjort", "no_dates": "Der er ingen møder i serien",
        "attended": "Mødt", "attended_msg": ": mødt", "qr": "Vis QR-koden til at tjekke ind",
        "checked_in": "Du er tjekket ind", "by_qr": "tjekket ind med QR-koden",
        "cancel": "Aflys mødet", "reason": "Hvorfor er mødet aflyst?",
        "cancelled_msg": "er aflyst", "cancelled": "Aflyst:", "home": "Hjem",
        "next_time": "Næste gang:", "today": "I dag",
    },
    "en": {
        "language": "English", "offers": "Offers", "create": "Create an offer",
        "title": "Title", "summary": "Summary", "description": "What happens in the group",
        "topic": "Topic", "s82a": "§ 82 a: preventive offer, no assessment",
        "drop_in": "They just come along (§ 82 a)", "ongoing": "Ongoing: runs until it is archived",
        "seats": "Seats per meeting", "place": "Where the group meets", "save": "Save as draft",
        "saved": "is saved as a draft", "series": "Add a weekly series",
        "weekday": "Weekday", "starts": "Starts at", "ends": "Ends at", "from": "From",
        "to": "To", "skip": "Dates to skip", "add": "Add the meetings",
        "added": "3 meetings are added", "publish": "Publish",
        "published": "The offer is published", "no_dates": "There are no meetings in this series",
        "attended": "Attended", "attended_msg": ": attended",
        "qr": "Show the QR code for check-in", "checked_in": "You are checked in",
        "by_qr": "checked in with the QR code", "cancel": "Cancel the meeting",
        "reason": "Why is the meeting cancelled?", "cancelled_msg": "is cancelled",
        "cancelled": "Cancelled:", "home": "Home", "next_time": "Next time:", "today": "Today",
    },
}


@pytest.fixture(params=["Pixel 5", LAPTOP])
def phone(request):
    """A phone, and a laptop at the desk (a plain 1280×800 window)."""
    return request.param


def nav(page, name):
    page.get_by_role("navigation").get_by_role("link", name=name, exact=True).click()


@pytest.mark.parametrize("lang", ["da", "en"])
def test_create_an_offer_with_a_weekly_series_and_find_it_in_the_catalogue(page, a11y, lang):
    words = WORDS[lang]
    title = f"Brætspilscafé {next(_n)} {lang}"
    log_in(page, a11y, COUNSELLOR)
    choose_language(page, a11y, words["language"])
    a11y.check("staff-today")
    nav(page, words["offers"])
    a11y.check("staff-offers")
    page.get_by_role("link", name=words["create"]).click()
    a11y.check("staff-offer-form")

    # Sent half-filled: the errors are listed on top and next to each field; input is kept.
    page.get_by_label(words["title"]).fill(title)
    page.get_by_role("button", name=words["save"]).click()
    expect(page.locator(".form-error-message").first).to_be_visible()
    expect(page.get_by_label(words["title"])).to_have_value(title)
    a11y.check("staff-offer-form-errors")

    page.get_by_label(words["summary"]).fill("Vi spiller brætspil og drikker kaffe.")
    page.get_by_label(words["description"]).fill("Kom og spil med. Vi har mange spil.")
    page.get_by_label(words["topic"]).select_option(index=2)
    page.get_by_label(words["s82a"]).check()
    page.get_by_label(words["drop_in"]).check()
    page.get_by_label(words["ongoing"]).check()
    page.get_by_label(words["seats"]).fill("8")
    page.get_by_label(words["place"]).select_option(index=1)
    page.get_by_role("button", name=words["save"]).click()
    expect(page.locator("#messages")).to_contain_text(words["saved"])
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    a11y.check("staff-offer-draft")

    # A weekly series: three Thursdays, one skipped; then a series with no dates is refused.
    page.get_by_role("link", name=words["series"]).click()
    a11y.check("staff-series-form")
    day = factories.today()
    first = day + timedelta(days=(3 - day.weekday()) % 7 or 7)
    page.get_by_label(words["weekday"]).select_option("3")
    page.get_by_label(words["starts"]).fill("14:00")
    page.get_by_label(words["ends"]).fill("16:00")
    page.get_by_label(words["from"], exact=True).fill(first.isoformat())
    page.get_by_label(words["to"], exact=True).fill(first.isoformat())
    page.get_by_label(words["skip"]).fill(first.strftime("%d-%m-%Y"))
    page.get_by_role("button", name=words["add"]).click()
    expect(page.locator("#first_day-error")).to_contain_text(words["no_dates"])
    a11y.check("staff-series-errors")
    page.get_by_label(words["to"], exact=True).fill((first + timedelta(weeks=3)).isoformat())
    page.get_by_label(words["skip"]).fill((first + timedelta(weeks=1)).strftime("%d-%m-%Y"))
    page.get_by_role("button", name=words["add"]).click()
    expect(page.locator("#messages")).to_contain_text(words["added"])
    expect(page.locator(".app-meetings > li")).to_have_count(3)
    a11y.check("staff-offer-meetings")

    page.get_by_role("button", name=words["publish"]).click()
    expect(page.locator("#messages")).to_contain_text(words["published"])
    a11y.check()

    # The citizens' catalogue finds it, with the first meeting of the series next.
    page.goto(f"/tilbud?q={title.split()[0]}+{title.split()[1]}")
    a11y.check("catalogue-new-offer")
    found = page.locator("li.app-card", has_text=title)
    expect(found).to_contain_text(words["next_time"])
    expect(found).to_contain_text("14")


def setup_meetings(live_app, citizen_email: str) -> dict:
    """A drop-in group run by the demo counsellor: a meeting that starts in ten minutes with
    the citizen and another participant, and one tomorrow the citizen is signed up for."""
    with live_app.app_context():
        staff = db.session.scalar(select(User).where(User.email == COUNSELLOR))
        citizen = db.session.scalar(select(User).where(User.email == citizen_email))
        title = f"Strikkecafé {next(_n)}"
        offer = factories.offer(title=title, admission=Admission.DROP_IN, capacity=8)
        db.session.execute(offer_facilitators.insert().values(offer_id=offer.id,
                                                              user_id=staff.id))
        db.session.commit()
        now = datetime.now(UTC).replace(second=0, microsecond=0)
        soon = factories.meeting(offer=offer, starts_at=now + timedelta(minutes=10))
        tomorrow = factories.meeting(offer=offer, starts_at=now + timedelta(days=1))
        other = factories.user(name="Bent Olsen", email=f"bent{next(_n)}@example.dk")
        factories.registration(meeting=soon, citizen=citizen)
        factories.registration(meeting=soon, citizen=other)
        factories.registration(meeting=tomorrow, citizen=citizen)
        ids = {"title": title, "soon": soon.id, "tomorrow": tomorrow.id}
        db.session.remove()
    return ids


@pytest.mark.parametrize("lang", ["da", "en"])
def test_attendance_qr_check_in_and_a_cancelled_meeting(page, a11y, browser, citizen,
                                                        live_app, phone, lang,
                                                        browser_context_args):
    words = WORDS[lang]
    ids = setup_meetings(live_app, citizen)
    log_in(page, a11y, COUNSELLOR)
    choose_language(page, a11y, words["language"])

    # Today lists the meeting; its title opens the roster.
    today = page.locator("section", has=page.locator("#today-meetings"))
    today.get_by_role("link", name=ids["title"]).click()
    a11y.check("staff-roster")
    row = page.locator("li.app-roster-row", has_text="Bent O.")
    row.get_by_role("button", name=re.compile(f"^{words['attended']}")).click()
    expect(row.get_by_role("button", name=re.compile(f"^{words['attended']}"))) \
        .to_have_attribute("aria-pressed", "true")
    expect(page.locator("#messages")).to_contain_text("Bent O." + words["attended_msg"])
    expect(page.locator("#roster-summary")).to_contain_text("1")
    a11y.check("staff-roster-marked")

    page.get_by_role("link", name=words["qr"]).click()
    a11y.check("staff-qr")
    expect(page.locator("svg.app-qr")).to_be_visible()
    address = page.locator(".app-qr-link a").get_attribute("href")

    # The citizen scans the code in their own browser: log in, then checked in.
    context = browser.new_context(**browser_context_args)
    if lang == "en":
        context.add_cookies([{"name": "lang", "value": "en", "domain": "127.0.0.1",
                              "path": "/"}])
    phone_page = context.new_page()
    phone_a11y = A11y(phone_page, phone)
    phone_page.goto(address)
    expect(phone_page).to_have_url(re.compile(r"/log-ind"))
    phone_a11y.check()
    phone_page.get_by_label("E-mail").fill(citizen)
    phone_page.get_by_label(re.compile("^(Adgangskode|Password)$")).fill("sammen-demo")
    phone_page.get_by_role("button", name=re.compile("^Log (ind|in)$")).click()
    check_in = phone_page.get_by_role("button", name=re.compile("^(Tjek ind|Check in)$"))
    expect(check_in).to_be_visible()
    phone_a11y.check("citizen-check-in")
    check_in.click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text(words["checked_in"])
    phone_a11y.check("citizen-checked-in")

    page.get_by_role("link", name=re.compile("roster|deltagerliste", re.I)).click()
    a11y.check()
    expect(page.locator("li.app-roster-row", has_text="Karin H.")).to_contain_text(
        words["by_qr"])

    # Cancel tomorrow's meeting; the citizen sees it on Hjem.
    page.goto(f"/personale/moeder/{ids['tomorrow']}")
    a11y.check()
    page.get_by_role("link", name=words["cancel"]).click()
    a11y.check("staff-cancel")
    page.get_by_label(words["reason"]).fill("Vejlederen er syg.")
    page.get_by_role("button", name=words["cancel"]).click()
    expect(page.locator("#messages")).to_contain_text(words["cancelled_msg"])
    a11y.check()

    nav(phone_page, words["home"])
    phone_a11y.check("citizen-home-cancelled")
    card = phone_page.locator("li.app-card", has_text=ids["title"]).filter(
        has_text="Vejlederen er syg.")
    expect(card).to_contain_text(words["cancelled"])
    assert not phone_a11y.unchecked()
    context.close()
