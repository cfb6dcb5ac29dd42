"""Meeting cards are fragments shared between citizens: each still carries the citizen's own
CSRF token, and anything the card shows (a seat taken, a sign-up, the day) makes a new one."""

import re
from datetime import UTC, datetime, timedelta

from flask_login import login_user

from tests.conftest import login
from webapp.extensions import db
from webapp.meetings import cards, services
from webapp.models import User

HEADER_TOKEN = re.compile(r'"X-CSRFToken": "([^"]+)"')


def sign_up_tokens(page: str) -> set[str]:
    forms = re.findall(r'<form method="post" action="/moeder/\d+/tilmelding".*?</form>', page,
                       re.S)
    assert forms
    return {re.search(r'name="csrf_token" value="([^"]+)"', form).group(1) for form in forms}


def test_an_open_meeting_card_is_shared_but_carries_each_citizens_token(app, factory):
    factory.meeting(starts_at=datetime.now(UTC) + timedelta(days=2))
    pages = []
    for _ in range(2):
        client = app.test_client()
        login(client, factory.user().email)
        hits = app.extensions["sammen_fragments"].cache_info().hits
        pages.append(client.get("/kalender").text)
    assert app.extensions["sammen_fragments"].cache_info().hits > hits + 1
    first, second = (sign_up_tokens(page) for page in pages)
    assert first == set(HEADER_TOKEN.findall(pages[0]))
    assert second == set(HEADER_TOKEN.findall(pages[1]))
    assert first != second


def test_a_card_changes_with_what_it_shows(app, factory):
    meeting = factory.meeting(starts_at=datetime.now(UTC) + timedelta(days=2), capacity=5)
    anna, bo = app.test_client(), app.test_client()
    login(anna, factory.user().email)
    login(bo, factory.user().email)
    assert "5 ledige pladser" in bo.get("/kalender").text
    anna.get("/kalender")
    assert anna.post(f"/moeder/{meeting.id}/tilmelding",
                     data={"next": "/kalender"}).status_code == 303
    assert "Du er tilmeldt." in anna.get("/kalender").text
    page = bo.get("/kalender").text
    assert "4 ledige pladser" in page and "Du er tilmeldt." not in page


def test_a_card_counts_its_days_from_its_own_today(app, factory, monkeypatch):
    starts = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(
        days=3)
    meeting_id = factory.meeting(starts_at=starts).id
    citizen = factory.user()
    factory.registration(meeting_id=meeting_id, citizen_id=citizen.id)
    with app.test_request_context("/"):
        login_user(db.session.get(User, citizen.id))
        [row] = services.coming_for(citizen, 5)
        texts = []
        for now in (starts - timedelta(days=1), starts - timedelta(hours=2)):
            monkeypatch.setattr(cards, "utcnow", lambda now=now: now)
            texts.append(str(cards.meeting_card(row, "/")))
    clock = starts.astimezone(services.COPENHAGEN).strftime("%H.%M")
    assert f"I morgen kl. {clock}" in texts[0] and f"I dag kl. {clock}" in texts[1]


def test_the_controls_alone_are_the_same_as_in_the_card(app, factory):
    """The card on Hjem and Kalender, and the controls alone (the offer page, the meeting's
    page, an htmx swap), read the meeting in different queries but show it alike."""
    meeting_id = factory.meeting(starts_at=datetime.now(UTC) + timedelta(days=2),
                                 capacity=3).id
    citizen = factory.user()
    registration_id = factory.registration(meeting_id=meeting_id, citizen_id=citizen.id).id
    with app.test_request_context("/"):
        login_user(db.session.get(User, citizen.id))
        [row] = services.coming_for(citizen, 5)
        card = str(cards.meeting_card(row, "/"))
        actions = str(cards.meeting_actions(services.meeting_row(citizen, meeting_id), "/",
                                            joinable=True))
    assert actions.strip() in card
    assert f"/tilmeldinger/{registration_id}/afbud?next=/" in actions and "2 ledige" in actions
