"""Meeting cards as citizens see them on Hjem, Kalender, the offer page and the meeting's
page: each carries the citizen's own CSRF token, shows the meeting as it is now (seats taken,
a sign-up, the day), and the controls are the same wherever they are shown."""

import re
from datetime import UTC, datetime, timedelta

from tests.conftest import login
from webapp.core import COPENHAGEN
from webapp.meetings import views

HEADER_TOKEN = re.compile(r'"X-CSRFToken": "([^"]+)"')


def sign_up_tokens(page: str) -> set[str]:
    forms = re.findall(r'<form method="post" action="/moeder/\d+/tilmelding".*?</form>', page,
                       re.S)
    assert forms
    return {re.search(r'name="csrf_token" value="([^"]+)"', form).group(1) for form in forms}


def actions_of(page: str, meeting_id: int) -> str:
    return re.search(rf'<div class="app-meeting-actions" id="meeting-{meeting_id}-actions">'
                     r'.*?\n</div>', page, re.S).group(0)


def test_each_citizens_cards_carry_their_own_token(app, factory):
    factory.meeting(starts_at=datetime.now(UTC) + timedelta(days=2))
    pages = []
    for _ in range(2):
        client = app.test_client()
        login(client, factory.user().email)
        pages.append(client.get("/kalender").text)
    first, second = (sign_up_tokens(page) for page in pages)
    assert first == set(HEADER_TOKEN.findall(pages[0]))
    assert second == set(HEADER_TOKEN.findall(pages[1]))
    assert first != second


def test_a_card_shows_what_the_meeting_is_now(app, factory):
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


def test_a_card_on_hjem_counts_its_day_from_today(app, factory, monkeypatch):
    starts = datetime.now(UTC).replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(
        days=3)
    meeting_id = factory.meeting(starts_at=starts).id
    citizen = factory.user()
    factory.registration(meeting_id=meeting_id, citizen_id=citizen.id)
    client = app.test_client()
    login(client, citizen.email)
    texts = []
    for now in (starts - timedelta(days=1), starts - timedelta(hours=2)):
        monkeypatch.setattr(views, "utcnow", lambda now=now: now)
        texts.append(client.get("/").text)
    clock = starts.astimezone(COPENHAGEN).strftime("%H.%M")
    assert f"I morgen kl. {clock}" in texts[0] and f"I dag kl. {clock}" in texts[1]


def test_the_controls_are_the_same_wherever_they_are_shown(app, factory):
    """The card on Hjem and Kalender, the offer page and the meeting's page read the meeting
    in different queries but show its controls alike."""
    meeting = factory.meeting(starts_at=datetime.now(UTC) + timedelta(days=2), capacity=3)
    citizen = factory.user()
    registration_id = factory.registration(meeting_id=meeting.id, citizen_id=citizen.id).id
    client = app.test_client()
    login(client, citizen.email)
    next_url = "/kalender"
    on_calendar = actions_of(client.get("/kalender").text, meeting.id)
    on_its_page = actions_of(client.get(f"/moeder/{meeting.id}?next={next_url}").text,
                             meeting.id)
    on_the_offer = actions_of(client.get(f"/tilbud/{meeting.offer_id}").text, meeting.id)
    assert on_calendar == on_its_page
    assert f"/tilmeldinger/{registration_id}/afbud?next=/kalender" in on_calendar
    assert "2 ledige" in on_calendar
    assert on_the_offer == on_calendar.replace("next=/kalender", f"next=/tilbud/{meeting.offer_id}")


def test_a_cancelled_meeting_says_so_and_has_no_buttons(app, factory):
    meeting = factory.meeting(starts_at=datetime.now(UTC) + timedelta(days=2),
                              cancelled_at=datetime.now(UTC), cancel_reason="Lederen er syg")
    citizen = factory.user()
    factory.registration(meeting_id=meeting.id, citizen_id=citizen.id)
    client = app.test_client()
    login(client, citizen.email)
    page = client.get("/").text
    assert 'class="app-card app-card-cancelled"' in page
    controls = actions_of(page, meeting.id)
    assert "Aflyst:" in controls and "Lederen er syg" in controls
    assert "<form" not in controls and "afbud" not in controls
