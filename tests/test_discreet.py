"""Lock screens: a citizen may choose that calendar entries and reminders say only
"Sammen: møde kl. 10.00", never the group's name (some names say something private)."""

import json
import re
from datetime import UTC, datetime

import pytest
from icalendar import Calendar

from tests.conftest import HTMX, local_at, text_of
from webapp.auth.models import User
from webapp.core import COPENHAGEN
from webapp.extensions import db
from webapp.meetings.models import RegistrationStatus
from webapp.reminders import services as reminders
from webapp.reminders.models import PushSubscription

SECRET = "Angsthåndtering"
REASON = "Angstgruppen holder fri."


@pytest.fixture
def citizen(login_as):
    return login_as(notify_push=True)


@pytest.fixture
def meeting(factory, citizen):
    """A meeting of a group whose name says something private, at 10.00 in Copenhagen
    tomorrow; the citizen has a seat."""
    offer = factory.offer(title=SECRET, summary="Lær at forstå din angst.")
    meeting = factory.meeting(offer_id=offer.id, starts_at=local_at(1, 10))
    factory.registration(meeting_id=meeting.id, citizen_id=citizen.id)
    return meeting


def chosen(html: str) -> str:
    """The value of the checked radio in the section."""
    section = html[html.index('id="diskret"'):]
    return re.search(r'<input checked[^>]*value="(\w+)"', section)[1]


def choose(client, words: str, headers=None):
    return client.post("/profil/diskret", data={"words": words}, headers=headers or {})


def ics(client, path: str) -> tuple[Calendar, str]:
    response = client.get(path)
    assert response.status_code == 200
    return Calendar.from_ical(response.data), response.data.decode()


def feed_path(client) -> str:
    assert client.post("/profil/kalender-adresse").status_code == 303
    return re.search(r'id="calendar-address" value="http://localhost(/kalender/feed/[^"]+)"',
                     client.get("/profil").text)[1]


def payloads(app, citizen, now) -> list[dict]:
    """What the push service would carry to the citizen's phone now."""
    with app.app_context():
        if not db.session.scalar(db.select(PushSubscription).filter_by(user_id=citizen.id)):
            db.session.add(PushSubscription(user_id=citizen.id, p256dh="k", auth="a",
                                            endpoint=f"https://fcm.googleapis.com/{citizen.id}"))
            db.session.commit()
        return [json.loads(r.payload) for r in reminders.due_reminders(now)]


def test_the_profile_offers_the_choice_and_keeps_it(client, citizen):
    page = client.get("/profil").text
    section = page[page.index('id="diskret"'):]
    assert "Det, andre kan se på din telefon" in section
    assert chosen(page) == "name"
    assert "Kun “Sammen: møde kl. 10.00”" in section

    response = choose(client, "discreet")
    assert response.status_code == 303
    assert response.headers["Location"] == "/profil#diskret"
    page = client.get("/profil").text
    assert "Gemt. Din kalender og dine påmindelser siger nu kun" in page
    assert chosen(page) == "discreet"


def test_a_meetings_file_and_the_feed_leave_the_group_out(client, citizen, meeting):
    calendar, _raw = ics(client, f"/kalender/moede/{meeting.id}.ics")
    assert str(calendar.walk("VEVENT")[0]["SUMMARY"]) == SECRET  # as before: the name

    assert choose(client, "discreet").status_code == 303
    response = client.get(f"/kalender/moede/{meeting.id}.ics")
    day = meeting.starts_at.astimezone(COPENHAGEN).date().isoformat()
    assert response.headers["Content-Disposition"] == f'attachment; filename="sammen-{day}.ics"'
    for calendar, raw in (ics(client, f"/kalender/moede/{meeting.id}.ics"),
                          ics(client, feed_path(client))):
        [event] = calendar.walk("VEVENT")
        assert str(event["SUMMARY"]) == "Sammen: møde kl. 10.00"
        [alarm] = event.walk("VALARM")
        assert str(alarm["DESCRIPTION"]) == "Sammen: møde kl. 10.00"
        assert "Åbn Sammen for at se, hvilken gruppe det er." in str(event["DESCRIPTION"])
        assert "Angst" not in raw and "angst" not in raw


def test_a_cancelled_meeting_in_the_feed_says_only_that(app, client, citizen, meeting):
    with app.app_context():
        from webapp.meetings.models import Meeting
        row = db.session.get(Meeting, meeting.id)
        row.cancelled_at, row.cancel_reason = datetime.now(UTC), REASON
        db.session.commit()
    choose(client, "discreet")
    calendar, raw = ics(client, feed_path(client))
    [event] = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Sammen: aflyst møde kl. 10.00"
    assert "Angst" not in raw


def test_reminders_leave_the_group_out(app, client, factory, citizen, meeting):
    [named] = payloads(app, citizen, local_at(0, 12))
    assert named["title"] == f"I morgen: {SECRET}"

    choose(client, "discreet")
    [day_before] = payloads(app, citizen, local_at(0, 12))
    assert day_before["title"] == "Sammen: møde i morgen kl. 10.00"
    assert "kl. 10.00" in day_before["body"] and "Angst" not in json.dumps(day_before)

    # A seat from the waiting list, and a cancellation with a reason staff wrote.
    offer = factory.offer(title="Angst og uro")
    seat = factory.meeting(offer_id=offer.id, starts_at=local_at(5, 13))
    factory.registration(meeting_id=seat.id, citizen_id=citizen.id,
                         promoted_at=local_at(0, 11))
    gone = factory.meeting(offer_id=offer.id, starts_at=local_at(3, 9),
                           cancelled_at=local_at(0, 8), cancel_reason=REASON)
    factory.registration(meeting_id=gone.id, citizen_id=citizen.id,
                         status=RegistrationStatus.SIGNED_UP)
    messages = {m["tag"].split("-")[0]: m for m in payloads(app, citizen, local_at(0, 12))}
    assert set(messages) == {"day_before", "promoted", "cancelled"}
    assert messages["promoted"]["title"] == "Du har fået en plads"
    assert "Der er blevet en plads ledig til et møde" in messages["promoted"]["body"]
    assert messages["cancelled"]["title"] == "Sammen: mødet kl. 09.00 er aflyst"
    assert "Angst" not in json.dumps(list(messages.values()))

    # The name comes back when the citizen wants it.
    choose(client, "name")
    [named] = [m for m in payloads(app, citizen, local_at(0, 12))
               if m["tag"].startswith("day_before")]
    assert named["title"] == f"I morgen: {SECRET}"


def test_english_reminder_words(app, client, login_as, factory):
    citizen = login_as(notify_push=True, language="en")
    client.set_cookie("lang", "en")
    offer = factory.offer(title=SECRET)
    meeting = factory.meeting(offer_id=offer.id, starts_at=local_at(1, 10))
    factory.registration(meeting_id=meeting.id, citizen_id=citizen.id)
    assert choose(client, "discreet").status_code == 303
    assert "Saved. Your calendar and reminders now say only" in client.get("/profil").text
    [message] = payloads(app, citizen, local_at(0, 12))
    assert message["title"] == "Sammen: meeting tomorrow at 10:00"


@pytest.mark.parametrize(("words", "error"), [
    ("", "Vælg, hvad din kalender og dine påmindelser skal sige."),
    ("secret", "Vælg, hvad din kalender og dine påmindelser skal sige."),
    ("discreet\x00", "Der er et usynligt tegn her"),
])
def test_a_choice_that_is_not_one_is_said_next_to_the_field(app, client, citizen, words,
                                                             error):
    response = choose(client, words)
    assert response.status_code == 422
    assert error in text_of(response)
    assert 'id="words-error"' in response.text
    with app.app_context():
        assert db.session.get(User, citizen.id).discreet_notifications is False


def test_htmx_swaps_the_section_and_announces(client, citizen):
    response = choose(client, "discreet", HTMX)
    assert response.status_code == 200
    html = response.text
    assert html.lstrip().startswith('<section id="diskret"')
    assert 'hx-swap-oob="innerHTML"' in html and "Gemt." in html
    response = choose(client, "nonsense", HTMX)
    assert response.status_code == 422
    assert response.text.lstrip().startswith('<section id="diskret"')
    assert 'id="words-error"' in response.text


def test_staff_cannot_choose_for_themselves_here(client, counsellor):
    assert choose(client, "discreet").status_code in (403, 404)
