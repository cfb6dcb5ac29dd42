"""Browser journey for calendar files: make the feed address on the profile, subscribe,
make a new one, and download a meeting's .ics, in Danish and English on phones."""

import pytest
from icalendar import Calendar
from playwright.sync_api import expect
from sqlalchemy import select

from tests import factories
from tests.e2e.conftest import log_in
from webapp.extensions import db
from webapp.models import Meeting, User
from webapp.types import utcnow

TEXT = {
    "da": {"heading": "Kalender på din telefon", "make": "Lav min kalenderadresse",
           "subscribe": "Abonnér på din kalender", "ready": "Din kalenderadresse er klar.",
           "address": "Din kalenderadresse", "new": "Lav en ny adresse",
           "confirm": "Ja, lav en ny adresse", "replaced": "Den gamle adresse virker ikke mere.",
           "afbud": "Meld afbud i Sammen"},
    "en": {"heading": "Calendar on your phone", "make": "Make my calendar address",
           "subscribe": "Subscribe to your calendar", "ready": "Your calendar address is ready.",
           "address": "Your calendar address", "new": "Make a new address",
           "confirm": "Yes, make a new address", "replaced": "The old address no longer works.",
           "afbud": "Call in absence in Sammen"},
}


def sign_up_for_a_meeting(live_app, email: str) -> tuple[int, str]:
    """Register the citizen for the demo's last coming meeting (the one other journeys are
    least likely to use); returns its id and title."""
    with live_app.app_context():
        citizen = db.session.scalar(select(User).where(User.email == email))
        meeting = db.session.scalars(
            select(Meeting)
            .where(Meeting.starts_at > utcnow(), Meeting.cancelled_at.is_(None))
            .order_by(Meeting.starts_at.desc()).limit(1)
        ).one()
        factories.registration(meeting_id=meeting.id, citizen_id=citizen.id)
        found = meeting.id, meeting.offer.title
        db.session.remove()
    return found


def events(response) -> dict:
    assert response.status == 200, response.text()
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    return {str(e["UID"]): e for e in Calendar.from_ical(response.body()).walk("VEVENT")}


@pytest.mark.parametrize("lang", ["da", "en"])
def test_subscribe_renew_the_address_and_download_a_meeting(page, a11y, live_app, citizen,
                                                            lang):
    t = TEXT[lang]
    meeting_id, title = sign_up_for_a_meeting(live_app, citizen)
    uid = f"meeting-{meeting_id}@sammen"
    log_in(page, a11y, citizen)
    page.goto("/profil")
    a11y.check()
    if lang == "en":
        page.get_by_role("button", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
    section = page.locator("#kalender")
    expect(section.get_by_role("heading", level=2)).to_have_text(t["heading"])
    expect(section.get_by_role("link", name=t["subscribe"])).to_have_count(0)
    a11y.check("profile-calendar-start")

    # Make the address: htmx swaps the section, announces it and focuses the link.
    section.get_by_role("button", name=t["make"]).click()
    subscribe = section.get_by_role("link", name=t["subscribe"])
    expect(subscribe).to_be_focused()
    expect(page.locator("#messages")).to_contain_text(t["ready"])
    address = section.get_by_label(t["address"], exact=True).input_value()
    assert subscribe.get_attribute("href") == "webcal://" + address.split("://", 1)[1]
    a11y.check("profile-calendar")
    assert uid in events(page.request.get(address))

    # A new address replaces the old one, after a second tap that says what happens.
    section.get_by_text(t["new"], exact=True).click()
    section.get_by_role("button", name=t["confirm"]).click()
    expect(page.locator("#messages")).to_contain_text(t["replaced"])
    new_address = section.get_by_label(t["address"], exact=True).input_value()
    assert new_address != address
    a11y.check("profile-calendar-new")
    assert page.request.get(address).status == 404
    assert uid in events(page.request.get(new_address))

    # The meeting's own file, with the logged-in browser's cookies.
    vevent = events(page.request.get(f"/kalender/moede/{meeting_id}.ics"))[uid]
    assert vevent["SUMMARY"] == title
    assert t["afbud"] in vevent["DESCRIPTION"]
    assert vevent.walk("VALARM")
