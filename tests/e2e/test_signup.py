"""Browser journeys on a phone: sign up from Kalender, see it on Hjem, call in absence with
the confirm step, undo it; fill a meeting and see the waiting list move up after an afbud."""

from datetime import UTC, datetime, timedelta
from itertools import count

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.e2e.conftest import choose_language, log_in
from webapp.extensions import db
from webapp.meetings import services
from webapp.offers.models import Admission

_n = count(1)

WORDS = {
    "da": {
        "language": "Dansk", "home": "Hjem", "calendar": "Kalender", "sign_up": "Tilmeld",
        "signed_up": "Du er tilmeldt.", "told_signed_up": "Du er tilmeldt",
        "afbud": "Meld afbud", "confirm_heading": "Vil du melde afbud?",
        "reason": "Jeg er syg", "note": "Besked til gruppens vejledere",
        "confirm": "Ja, meld afbud", "absent": "Du har meldt afbud.",
        "thanks": "Tak fordi du gav besked", "undo": "Fortryd afbud", "back": "Dejligt",
    },
    "en": {
        "language": "English", "home": "Home", "calendar": "Calendar", "sign_up": "Sign up",
        "signed_up": "You are signed up.", "told_signed_up": "You are signed up for",
        "afbud": "Call in absence", "confirm_heading": "Do you want to call in absence?",
        "reason": "I am ill", "note": "A message to the group's counsellors",
        "confirm": "Yes, call in absence", "absent": "You have called in absence.",
        "thanks": "Thank you for letting us know", "undo": "Undo absence",
        "back": "Good to have you back",
    },
}


def drop_in_meeting(live_app, capacity: int, seated: int = 0) -> tuple[str, int, list[int]]:
    """A drop-in group with a meeting in half an hour, and `seated` other citizens in it:
    (title, meeting id, the others' registration ids)."""
    title = f"Gåtur ved stranden {next(_n)}"
    with live_app.app_context():
        offer = factories.offer(title=title, admission=Admission.DROP_IN, capacity=capacity)
        starts = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=30)
        meeting = factories.meeting(offer=offer, starts_at=starts)
        others = [factories.registration(meeting=meeting, citizen=factories.user()).id
                  for _ in range(seated)]
        meeting_id = meeting.id
        db.session.remove()
    return title, meeting_id, others


def card(page, title):
    return page.locator("li.app-card", has_text=title)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_sign_up_see_it_on_home_call_in_absence_and_undo(page, a11y, citizen, live_app, lang):
    words = WORDS[lang]
    title, _, _ = drop_in_meeting(live_app, capacity=5)
    log_in(page, a11y, citizen)
    choose_language(page, a11y, words["language"])
    page.get_by_role("navigation").get_by_role("link", name=words["calendar"]).click()
    a11y.check("calendar-open")

    # One tap: the button and the seats left change in place, and it is announced.
    meeting = card(page, title)
    meeting.get_by_role("button", name=words["sign_up"]).click()
    expect(meeting).to_contain_text(words["signed_up"])
    expect(meeting).to_contain_text("4")
    expect(page.locator("#messages")).to_contain_text(words["told_signed_up"])
    expect(meeting.locator("[data-focus-after-swap]")).to_be_focused()
    a11y.check("calendar-signed-up")

    page.get_by_role("navigation").get_by_role("link", name=words["home"]).click()
    a11y.check("home-signed-up")
    meeting = card(page, title)
    expect(meeting).to_contain_text(words["signed_up"])

    # Afbud: a confirm step in place, a reason, then thanks.
    meeting.get_by_role("link", name=words["afbud"]).click()
    expect(meeting.get_by_role("heading", name=words["confirm_heading"])).to_be_focused()
    a11y.check("home-afbud-confirm")
    meeting.get_by_label(words["reason"]).check()
    meeting.get_by_label(words["note"]).fill("Jeg ringer næste gang.")
    meeting.get_by_role("button", name=words["confirm"]).click()
    expect(meeting).to_contain_text(words["absent"])
    expect(page.locator("#messages")).to_contain_text(words["thanks"])
    a11y.check("home-afbud-done")

    # Undo while the meeting is ahead and the seat is free.
    meeting.get_by_role("button", name=words["undo"]).click()
    expect(meeting).to_contain_text(words["signed_up"])
    expect(page.locator("#messages")).to_contain_text(words["back"])
    a11y.check()


def test_a_full_meeting_has_a_waiting_list_that_moves_up_after_an_afbud(page, a11y, citizen,
                                                                       live_app):
    title, meeting_id, (other,) = drop_in_meeting(live_app, capacity=1, seated=1)
    log_in(page, a11y, citizen)
    page.get_by_role("navigation").get_by_role("link", name="Kalender").click()
    a11y.check()
    meeting = card(page, title)
    expect(meeting).to_contain_text("Fuldt")
    meeting.get_by_role("button", name="Skriv mig på ventelisten").click()
    expect(meeting).to_contain_text("Du er nummer 1 på ventelisten.")
    expect(page.locator("#messages")).to_contain_text("Mødet er fuldt. Du er nummer 1")
    a11y.check("calendar-waiting")

    page.get_by_role("navigation").get_by_role("link", name="Hjem").click()
    expect(card(page, title)).to_contain_text("Du er nummer 1 på ventelisten.")
    a11y.check("home-waiting")

    # The citizen in the seat calls in absence; the seat goes to the first in line.
    with live_app.app_context():
        from webapp.meetings.models import Registration

        seat = db.session.get(Registration, other)
        services.call_in_absence(seat.citizen, other)
        db.session.remove()
    page.reload()
    expect(page.locator(".alert-success")).to_contain_text("Du har fået en plads")
    meeting = card(page, title)
    expect(meeting).to_contain_text("Godt nyt: Du har fået en plads fra ventelisten.")
    expect(meeting).to_contain_text("Du er tilmeldt.")
    a11y.check("home-promoted")
