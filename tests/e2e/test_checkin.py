"""Browser journeys for QR check-in on a phone: the citizen opens the meeting's check-in
link, logs in, sees the meeting on a page with one button and taps it; and a walk-in the
counsellor adds waits on the roster until the citizen has checked in with the code. axe-core
checks every page."""

import re
from datetime import UTC, datetime, timedelta
from itertools import count

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests import factories
from tests.e2e.conftest import DEMO_PASSWORD, A11y, log_in
from webapp.auth.models import User
from webapp.extensions import db
from webapp.meetings.models import Registration, RegistrationStatus
from webapp.offers.models import Admission, offer_facilitators
from webapp.staff import attendance

COUNSELLOR = "vejleder@example.dk"
_n = count(1)

WORDS = {
    "da": {"log_in": "Log ind", "password": "Adgangskode", "check_in": "Tjek ind",
           "to": "Tjek ind til", "today": "i dag kl.", "checked_in": "Du er tjekket ind"},
    "en": {"log_in": "Log in", "password": "Password", "check_in": "Check in",
           "to": "Check in to", "today": "today at", "checked_in": "You are checked in"},
}


def meeting_soon(live_app, citizen_email: str | None, admission=Admission.DROP_IN) -> dict:
    """A group of the demo counsellor with a meeting that starts in ten minutes (the citizen
    signed up for it, if given), and the address its QR code opens."""
    with live_app.app_context():
        staff = db.session.scalar(select(User).where(User.email == COUNSELLOR))
        title = f"Kaffeklub {next(_n)}"
        offer = factories.offer(title=title, admission=admission, capacity=1)
        db.session.execute(offer_facilitators.insert().values(offer_id=offer.id,
                                                              user_id=staff.id))
        db.session.commit()
        starts = datetime.now(UTC).replace(second=0, microsecond=0) + timedelta(minutes=10)
        meeting = factories.meeting(offer=offer, starts_at=starts)
        if citizen_email:
            citizen = db.session.scalar(select(User).where(User.email == citizen_email))
            factories.registration(meeting=meeting, citizen=citizen)
        with live_app.test_request_context():
            token = attendance.check_in_token(meeting)
        ids = {"title": title, "meeting": meeting.id,
               "address": f"/tjek-ind/{meeting.id}/{token}"}
        db.session.remove()
    return ids


def status_of(live_app, meeting_id: int, email: str):
    with live_app.app_context():
        status = db.session.scalar(
            select(Registration.status).join(User, User.id == Registration.citizen_id)
            .where(Registration.meeting_id == meeting_id, User.email == email))
        db.session.remove()
    return status


def open_code_and_log_in(page, a11y, address: str, email: str, words: dict) -> None:
    """Open the code's address logged out: log in first, and come back to it."""
    page.goto(address)
    expect(page).to_have_url(re.compile(r"/log-ind"))
    a11y.check()
    page.get_by_label("E-mail").fill(email)
    page.get_by_label(words["password"], exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name=words["log_in"], exact=True).click()
    expect(page).to_have_url(re.compile(re.escape(address) + "$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(words["to"])


@pytest.mark.parametrize("lang", ["da", "en"])
def test_a_citizen_opens_the_code_and_taps_to_check_in(page, a11y, live_app, citizen, lang):
    words = WORDS[lang]
    ids = meeting_soon(live_app, citizen)
    if lang == "en":
        page.context.add_cookies([{"name": "lang", "value": "en", "domain": "127.0.0.1",
                                   "path": "/"}])
    open_code_and_log_in(page, a11y, ids["address"], citizen, words)

    # The page names the meeting and has one button; opening it checked no one in.
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text(f"{words['to']} {ids['title']}, {words['today']}")
    a11y.check("citizen-check-in")
    assert status_of(live_app, ids["meeting"], citizen) is RegistrationStatus.SIGNED_UP

    button = page.get_by_role("button", name=words["check_in"], exact=True)
    expect(button).to_be_visible()
    button.click()
    expect(heading).to_have_text(words["checked_in"])
    a11y.check("citizen-checked-in")
    assert status_of(live_app, ids["meeting"], citizen) is RegistrationStatus.ATTENDED


def test_a_walk_in_waits_on_the_roster_until_the_citizen_checks_in(page, a11y, browser,
                                                                    browser_context_args,
                                                                    live_app, phone,
                                                                    citizen):
    words = WORDS["da"]
    # A full group the citizen has not joined: only the counsellor can let them in.
    ids = meeting_soon(live_app, None, admission=Admission.ASK_TO_JOIN)
    with live_app.app_context():
        seated = factories.user(name="Bent Olsen", email=f"bent.olsen{next(_n)}@example.dk")
        factories.registration(meeting_id=ids["meeting"], citizen_id=seated.id)
        db.session.remove()
    log_in(page, a11y, COUNSELLOR)
    page.goto(f"/personale/moeder/{ids['meeting']}")
    a11y.check()
    choose_danish = page.get_by_role("button", name="Dansk", exact=True)
    if page.locator("html").get_attribute("lang") != "da":
        choose_danish.click()
        expect(page.locator("html")).to_have_attribute("lang", "da")
        a11y.check()
    page.get_by_label("Borgerens e-mail").fill(citizen)
    page.get_by_role("button", name="Tilføj", exact=True).click()
    expect(page.locator("#messages")).to_contain_text(
        f"Hvis {citizen} har en konto i Sammen, bliver borgeren tilføjet")
    waiting = page.locator("#walk-ins li", has_text=citizen)
    expect(waiting).to_contain_text("Venter på, at borgeren tjekker ind med QR-koden")
    a11y.check("staff-roster-walk-in")

    # The citizen taps "Tjek ind" on their own phone.
    context = browser.new_context(**browser_context_args)
    phone_page = context.new_page()
    phone_a11y = A11y(phone_page, phone)
    open_code_and_log_in(phone_page, phone_a11y, ids["address"], citizen, words)
    phone_a11y.check()
    phone_page.get_by_role("button", name=words["check_in"], exact=True).click()
    expect(phone_page.get_by_role("heading", level=1)).to_have_text(words["checked_in"])
    phone_a11y.check()
    assert not phone_a11y.unchecked()
    context.close()

    page.reload()
    expect(page.locator("li.app-roster-row", has_text="Karin H.")).to_contain_text(
        "kom uden tilmelding")
    expect(page.locator("#walk-ins")).to_have_count(0)
    a11y.check()
