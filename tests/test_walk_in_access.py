"""A walk-in does not widen a counsellor's access: a citizen the counsellor adds at the door
by e-mail opens nothing (their page, their shared goals, the citizens list, Today) until they
check in with the meeting's QR code themselves; and the answer to the walk-in form is the
same whether or not the e-mail has an account."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.conftest import HTMX, facilitate, login, text_of
from tests.factories import today
from webapp.audit.models import AuditEvent
from webapp.extensions import db
from webapp.meetings.models import CheckInMethod, Meeting, Registration, RegistrationStatus
from webapp.offers.models import Admission
from webapp.staff import attendance

WAITING = "Waiting for them to check in with the QR code"


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def door(app, factory, counsellor):
    """Counsellor Mette's § 82 a group (ask to join), full, with a meeting starting in five
    minutes; Anna, in none of Mette's groups, with a goal she shares with her counsellor."""
    offer = factory.offer(title="Angsthåndtering", admission=Admission.ASK_TO_JOIN, capacity=1)
    facilitate(app, counsellor, offer)
    starts = now() + timedelta(minutes=5)
    meeting = factory.meeting(offer_id=offer.id, starts_at=starts,
                              ends_at=starts + timedelta(hours=2))
    seated = factory.user(name="Bo Berg")
    factory.registration(meeting_id=meeting.id, citizen_id=seated.id)
    anna = factory.user(name="Anna Hansen", email="anna.hansen@example.dk")
    factory.goal(citizen_id=anna.id, title="Tage bussen alene", shared_with_staff=True,
                 offer_id=offer.id, next_follow_up=today())
    return {"meeting": meeting, "anna": anna}


def walk_in(client, meeting, email, **kw):
    return client.post(f"/personale/moeder/{meeting.id}/uden-tilmelding",
                       data={"email": email}, **kw)


def anna_is_open_to(client, anna) -> dict[str, bool]:
    """What the counsellor can see of Anna, page by page."""
    return {
        "page": client.get(f"/personale/borgere/{anna.id}").status_code == 200,
        "goals": "Tage bussen alene" in client.get(
            f"/personale/borgere/{anna.id}?formaal=maal").text,
        "list": "Anna Hansen" in client.get("/personale/borgere").text,
        "today": "Tage bussen alene" in client.get("/personale/").text,
    }


def check_in(app, citizen, meeting):
    phone = app.test_client()
    phone.set_cookie("lang", "en")
    assert login(phone, citizen.email).status_code == 303
    with app.test_request_context():
        token = attendance.check_in_token(meeting)
    return phone.post(f"/tjek-ind/{meeting.id}/{token}")


def test_a_walk_in_opens_nothing_until_the_citizen_checks_in(app, client, door, counsellor):
    meeting, anna = door["meeting"], door["anna"]
    assert walk_in(client, meeting, "Anna.Hansen@example.dk ").status_code == 303
    closed = {"page": False, "goals": False, "list": False, "today": False}
    assert anna_is_open_to(client, anna) == closed
    roster = text_of(client.get(f"/personale/moeder/{meeting.id}"))
    assert f"anna.hansen@example.dk {WAITING}" in roster and "Anna H." not in roster
    with app.app_context():
        assert db.session.scalar(select(Registration.id).where(
            Registration.citizen_id == anna.id)) is None

    # Anna checks in with the code on her own phone: the counsellor let her in, so the
    # full group that she has not joined does not stop her.
    checked_in = check_in(app, anna, meeting)
    assert checked_in.status_code == 200 and "You are checked in" in checked_in.text
    assert anna_is_open_to(client, anna) == {key: True for key in closed}
    with app.app_context():
        registration = db.session.scalar(select(Registration).where(
            Registration.citizen_id == anna.id))
        assert registration.status is RegistrationStatus.ATTENDED
        assert registration.check_in_method is CheckInMethod.WALK_IN
        assert registration.checked_in_by_id == counsellor.id
        # The change is in Anna's audit trail, as the counsellor's.
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.subject_id == anna.id, AuditEvent.object_type == "registration"))
        assert event.actor_id == counsellor.id and event.object_id == registration.id
    roster = text_of(client.get(f"/personale/moeder/{meeting.id}"))
    assert "Anna H. Attended (came without signing up)" in roster and WAITING not in roster


def test_the_walk_in_lets_in_only_the_citizen_with_that_email(app, client, door, factory):
    meeting = door["meeting"]
    assert walk_in(client, meeting, door["anna"].email).status_code == 303
    carl = factory.user(name="Carl Dahl")
    refused = check_in(app, carl, meeting)
    assert refused.status_code == 403 and "You need a place in this group" in refused.text
    with app.app_context():
        assert db.session.scalar(select(Registration.id).where(
            Registration.citizen_id == carl.id)) is None


def normalised(response, email: str, meeting_id: int) -> tuple:
    """What a response says, with the e-mail and the meeting's id taken out."""
    def clean(value: str) -> str:
        value = value.replace(email, "EMAIL").replace(f"/{meeting_id}", "/ID")
        # CSRF tokens are signed with the time
        value = re.sub(r'"X-CSRFToken": "[^"]+"', "", value)
        return re.sub(r'name="csrf_token"[^>]*>', "", value)

    # The length follows the body (and the e-mail's own length); the session cookie holds
    # the same message, signed with the time.
    headers = sorted((name, clean(value)) for name, value in response.headers
                     if name not in ("Set-Cookie", "Date", "Content-Length"))
    return response.status_code, headers, clean(response.text)


@pytest.mark.parametrize("htmx", [False, True])
def test_the_answer_is_the_same_whether_or_not_the_email_has_an_account(
        client, factory, door, counsellor, htmx):
    offer_id = door["meeting"].offer_id
    starts = now() + timedelta(minutes=5)
    answers = []
    for email in (door["anna"].email, "nobody@example.dk", counsellor.email):
        meeting = factory.meeting(offer_id=offer_id, starts_at=starts,
                                  ends_at=starts + timedelta(hours=2))
        answer = walk_in(client, meeting, email, headers=HTMX if htmx else {})
        roster = client.get(f"/personale/moeder/{meeting.id}")
        answers.append((normalised(answer, email, meeting.id),
                        normalised(roster, email, meeting.id)))
    assert answers[0] == answers[1] == answers[2]
    (status, headers, _body), (_status, _headers, page) = answers[0]
    assert status == (204 if htmx else 303)
    assert "If EMAIL has a Sammen account, they are added when they check in with the " \
           "meeting's code. Show them the QR code." in page.replace("&#39;", "'")
    assert "No citizen has a Sammen account" not in page


def test_a_walk_in_is_taken_only_while_the_code_works(app, client, factory, counsellor):
    offer = factory.offer()
    facilitate(app, counsellor, offer)

    def meeting(minutes: int):
        starts = now() + timedelta(minutes=minutes)
        return factory.meeting(offer_id=offer.id, starts_at=starts,
                               ends_at=starts + timedelta(hours=1))

    early = walk_in(client, meeting(45), "anna@example.dk", headers=HTMX)
    assert early.status_code == 409 and "30 minutes before" in early.text
    over = walk_in(client, meeting(-90), "anna@example.dk", headers=HTMX)
    assert over.status_code == 409 and "The meeting is over" in over.text
    assert 'value="anna@example.dk"' in over.text  # what was typed stays
    invalid = walk_in(client, meeting(5), "", headers=HTMX)
    assert invalid.status_code == 422 and "Write the citizen's e-mail" in invalid.text


def test_after_the_meeting_the_roster_says_who_did_not_check_in(app, client, door):
    meeting = door["meeting"]
    assert walk_in(client, meeting, "anna.hansen@example.dk").status_code == 303
    assert walk_in(client, meeting, "anna.hansen@example.dk").status_code == 303  # once
    with app.app_context():
        row = db.session.get(Meeting, meeting.id)
        row.starts_at, row.ends_at = now() - timedelta(hours=3), now() - timedelta(hours=1)
        db.session.commit()
    roster = text_of(client.get(f"/personale/moeder/{meeting.id}"))
    assert roster.count("anna.hansen@example.dk Did not check in with the QR code") == 1
    assert "The e-mail they log in to Sammen with" not in roster  # no form any more
    # The code no longer works, so the walk-in can never open Anna's page.
    late = check_in(app, door["anna"], meeting)
    assert late.status_code == 409 and "The meeting is over" in late.text
    assert client.get(f"/personale/borgere/{door['anna'].id}").status_code == 404
