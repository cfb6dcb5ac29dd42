"""Browser journeys on a phone, in Danish and English, where the app must say what it does:
an afbud's message reaches the group's counsellor on the roster; leaving a waiting list is
not an afbud; a check-in stays on Hjem and leaves a trace in the citizen's history. axe-core
checks every page."""

import re
from datetime import UTC, datetime, timedelta
from itertools import count

import pytest
from playwright.sync_api import expect
from sqlalchemy import select, update

from tests import factories
from tests.e2e.conftest import A11y, choose_language, log_in
from webapp.auth.models import User
from webapp.extensions import db
from webapp.meetings.models import Meeting, RegistrationStatus
from webapp.offers.models import Admission, offer_facilitators
from webapp.staff import attendance

COUNSELLOR = "vejleder@example.dk"
NOTE = "Min bus er aflyst i dag. Jeg kommer næste gang."
_n = count(1)

WORDS = {
    "da": {
        "language": "Dansk", "afbud": "Meld afbud", "reason": "Jeg kan ikke komme derhen",
        "note": "Besked til gruppens vejledere", "confirm": "Ja, meld afbud",
        "absent": "Du har meldt afbud.", "staff_reason": "Grund: Kan ikke komme derhen",
        "staff_note": "Besked fra borgeren:",
        "waiting": "Du er nummer 1 på ventelisten.", "leave": "Gå ud af ventelisten",
        "leave_heading": "Vil du ud af ventelisten?", "leave_confirm": "Ja, gå ud af ventelisten",
        "left": "Du er ikke længere på ventelisten.",
        "left_told": "Du er ikke længere på ventelisten til",
        "why": "Hvorfor kan du ikke komme?", "join_waiting": "Skriv mig på ventelisten",
        "check_in": "Tjek ind", "checked_in_heading": "Du er tjekket ind",
        "checked_in": "Du er tjekket ind.", "front": "Gå til forsiden", "calendar": "Kalender",
        "history": "Mine tidligere møder", "came": "Du var med.",
        "missed": "Du var ikke med.",
    },
    "en": {
        "language": "English", "afbud": "Call in absence", "reason": "I cannot get there",
        "note": "A message to the group's counsellors", "confirm": "Yes, call in absence",
        "absent": "You have called in absence.", "staff_reason": "Reason: Cannot get there",
        "staff_note": "Message from the citizen:",
        "waiting": "You are number 1 on the waiting list.", "leave": "Leave the waiting list",
        "leave_heading": "Do you want to leave the waiting list?",
        "leave_confirm": "Yes, leave the waiting list",
        "left": "You are no longer on the waiting list.",
        "left_told": "You are no longer on the waiting list for",
        "why": "Why can you not come?", "join_waiting": "Join the waiting list",
        "check_in": "Check in", "checked_in_heading": "You are checked in",
        "checked_in": "You are checked in.", "front": "Go to the front page",
        "calendar": "Calendar", "history": "My past meetings", "came": "You were there.",
        "missed": "You were not there.",
    },
}


def group(live_app, citizen_email: str, starts_in: timedelta, capacity: int = 5,
          seated: int = 0, status=RegistrationStatus.SIGNED_UP, **kw) -> dict:
    """A drop-in group run by the demo counsellor with one meeting `starts_in` from now,
    `seated` other citizens in it, and the citizen registered with `status`."""
    with live_app.app_context():
        staff = db.session.scalar(select(User).where(User.email == COUNSELLOR))
        title = f"Gåtur ved søen {next(_n)}"
        offer = factories.offer(title=title, admission=Admission.DROP_IN, capacity=capacity)
        db.session.execute(offer_facilitators.insert().values(offer_id=offer.id,
                                                              user_id=staff.id))
        db.session.commit()
        starts = datetime.now(UTC).replace(second=0, microsecond=0) + starts_in
        meeting = factories.meeting(offer=offer, starts_at=starts)
        for _ in range(seated):
            factories.registration(meeting=meeting, citizen=factories.user())
        citizen = db.session.scalar(select(User).where(User.email == citizen_email))
        factories.registration(meeting=meeting, citizen=citizen, status=status, **kw)
        with live_app.test_request_context():
            token = attendance.check_in_token(meeting)
        ids = {"title": title, "meeting": meeting.id, "offer": offer.id,
               "code": f"/tjek-ind/{meeting.id}/{token}"}
        db.session.remove()
    return ids


def card(page, title):
    return page.locator("li.app-card", has_text=title)


def start_in(page, a11y, citizen: str, lang: str) -> None:
    """Log the citizen in and choose the language."""
    log_in(page, a11y, citizen)
    choose_language(page, a11y, WORDS[lang]["language"])


@pytest.mark.parametrize("lang", ["da", "en"])
def test_an_afbud_message_is_read_by_the_groups_counsellor(page, a11y, browser,
                                                            browser_context_args, phone,
                                                            live_app, citizen, lang):
    words = WORDS[lang]
    ids = group(live_app, citizen, timedelta(days=2))
    start_in(page, a11y, citizen, lang)
    meeting = card(page, ids["title"])
    meeting.get_by_role("link", name=words["afbud"]).click()
    expect(meeting.get_by_label(words["note"])).to_be_visible()
    a11y.check("truth-afbud-confirm")
    meeting.get_by_label(words["reason"]).check()
    meeting.get_by_label(words["note"]).fill(NOTE)
    meeting.get_by_role("button", name=words["confirm"]).click()
    expect(meeting).to_contain_text(words["absent"])
    a11y.check("truth-afbud-done")

    # The counsellor who runs the group opens the roster on their own phone and reads it.
    context = browser.new_context(**browser_context_args)
    staff_page = context.new_page()
    staff_a11y = A11y(staff_page, phone)
    log_in(staff_page, staff_a11y, COUNSELLOR)
    choose_language(staff_page, staff_a11y, words["language"])
    staff_page.goto(f"/personale/moeder/{ids['meeting']}")
    row = staff_page.locator("li.app-roster-row", has_text="Karin H.")
    expect(row).to_contain_text(words["staff_reason"])
    expect(row).to_contain_text(f"{words['staff_note']} {NOTE}")
    staff_a11y.check("truth-roster-afbud")
    assert not staff_a11y.unchecked()
    context.close()


@pytest.mark.parametrize("lang", ["da", "en"])
def test_leaving_a_waiting_list_is_not_an_afbud(page, a11y, live_app, citizen, lang):
    words = WORDS[lang]
    ids = group(live_app, citizen, timedelta(days=2), capacity=1, seated=1,
                status=RegistrationStatus.WAITLISTED, waitlist_position=1)
    start_in(page, a11y, citizen, lang)
    meeting = card(page, ids["title"])
    expect(meeting).to_contain_text(words["waiting"])
    meeting.get_by_role("link", name=words["leave"]).click()
    heading = meeting.get_by_role("heading", name=words["leave_heading"])
    expect(heading).to_be_focused()
    expect(meeting).not_to_contain_text(words["why"])
    expect(meeting.get_by_role("radio")).to_have_count(0)
    a11y.check("truth-leave-confirm")
    meeting.get_by_role("button", name=words["leave_confirm"]).click()
    expect(meeting).to_contain_text(words["left"])
    expect(meeting).not_to_contain_text(words["absent"])
    expect(page.locator("#messages")).to_contain_text(words["left_told"])
    a11y.check("truth-leave-done")

    # Changed their mind: the place on the list can be taken again while the meeting is ahead.
    meeting.get_by_role("button", name=words["join_waiting"]).click()
    expect(meeting).to_contain_text(words["waiting"])
    a11y.check()


@pytest.mark.parametrize("lang", ["da", "en"])
def test_a_check_in_stays_until_the_meeting_ends_then_is_in_the_history(page, a11y, live_app,
                                                                        citizen, lang):
    words = WORDS[lang]
    ids = group(live_app, citizen, timedelta(minutes=10))
    earlier = group(live_app, citizen, timedelta(days=-7), status=RegistrationStatus.ATTENDED)
    missed = group(live_app, citizen, timedelta(days=-14), status=RegistrationStatus.NO_SHOW)
    start_in(page, a11y, citizen, lang)

    # The citizen scans the meeting's code in the room and taps to check in.
    page.goto(ids["code"])
    a11y.check()
    page.get_by_role("button", name=words["check_in"], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["checked_in_heading"])
    a11y.check()

    # Hjem and Kalender keep the meeting, marked as checked in.
    page.get_by_role("link", name=words["front"]).click()
    expect(card(page, ids["title"])).to_contain_text(words["checked_in"])
    a11y.check("truth-home-checked-in")
    page.get_by_role("navigation").get_by_role("link", name=words["calendar"]).click()
    expect(card(page, ids["title"])).to_contain_text(words["checked_in"])
    a11y.check("truth-calendar-checked-in")

    # The history: what happened, plainly.
    page.get_by_role("link", name=words["history"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["history"])
    expect(card(page, earlier["title"])).to_contain_text(words["came"])
    expect(card(page, missed["title"])).to_contain_text(words["missed"])
    expect(card(page, ids["title"])).to_have_count(0)
    a11y.check("truth-history")

    # When the meeting is over, it is in the history as one the citizen came to.
    with live_app.app_context():
        ended = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=5)
        db.session.execute(update(Meeting).where(Meeting.id == ids["meeting"]).values(
            starts_at=ended - timedelta(hours=2), ends_at=ended))
        db.session.commit()
        db.session.remove()
    page.reload()
    expect(card(page, ids["title"])).to_contain_text(words["came"])
    first = page.locator("li.app-card").first
    expect(first).to_contain_text(ids["title"])
    assert re.search(r"/kalender/mine-moeder$", page.url)
    a11y.check()
