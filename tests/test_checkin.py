"""QR check-in is a tap, not a link: the code opens a page about the meeting with one button
(GET changes nothing), the button POSTs with a CSRF token, and the code works only from 30
minutes before the meeting starts until it ends (and never for a cancelled meeting)."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.conftest import facilitate, login, text_of
from webapp.extensions import db
from webapp.meetings.models import CheckInMethod, Registration, RegistrationStatus
from webapp.offers.models import Admission
from webapp.staff import attendance


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def meeting_in(factory, minutes: int, hours: float = 1, offer=None, **kw):
    offer = offer or factory.offer(title="Gåtur", admission=Admission.DROP_IN)
    starts = now() + timedelta(minutes=minutes)
    return factory.meeting(offer_id=offer.id, starts_at=starts,
                           ends_at=starts + timedelta(hours=hours), **kw)


def code_url(app, meeting) -> str:
    with app.test_request_context():
        return f"/tjek-ind/{meeting.id}/{attendance.check_in_token(meeting)}"


@pytest.fixture
def phone(app, factory):
    """A citizen logged in on their phone, reading English."""
    client = app.test_client()
    client.set_cookie("lang", "en")
    client.citizen = factory.user(name="Anna Hansen")
    assert login(client, client.citizen.email).status_code == 303
    return client


def registrations(app) -> list[tuple[int, RegistrationStatus, CheckInMethod | None]]:
    with app.app_context():
        return [tuple(row) for row in db.session.execute(
            select(Registration.citizen_id, Registration.status,
                   Registration.check_in_method).order_by(Registration.id))]


def test_opening_the_code_shows_the_meeting_and_a_button_and_changes_nothing(
        app, factory, phone):
    meeting = meeting_in(factory, 10)
    factory.registration(meeting_id=meeting.id, citizen_id=phone.citizen.id)
    url = code_url(app, meeting)
    page = phone.get(url)
    assert page.status_code == 200
    assert re.search(r"<h1>Check in to Gåtur, today at \d\d:\d\d</h1>", page.text)
    assert f'<form method="post" action="{url}"' in page.text
    assert '<button type="submit" class="button button-primary">Check in</button>' in page.text
    assert registrations(app) == [(phone.citizen.id, RegistrationStatus.SIGNED_UP, None)]

    done = phone.post(url)
    assert done.status_code == 200 and "<h1>You are checked in</h1>" in done.text
    assert registrations(app) == [(phone.citizen.id, RegistrationStatus.ATTENDED,
                                   CheckInMethod.SELF_QR)]
    again = phone.get(url)
    assert "You are already checked in" in again.text and "<button" not in again.text.split(
        "<main")[1].split("</main>")[0]


def test_opening_a_drop_in_code_signs_no_one_up(app, factory, phone):
    meeting = meeting_in(factory, -10)
    assert phone.get(code_url(app, meeting)).status_code == 200
    assert registrations(app) == []
    assert phone.post(code_url(app, meeting)).status_code == 200
    assert registrations(app) == [(phone.citizen.id, RegistrationStatus.ATTENDED,
                                   CheckInMethod.SELF_QR)]


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("minutes, hours, says", [
    (31, 1, "It is too early to check in. You can check in from"),
    (24 * 60, 1, "It is too early to check in. You can check in from"),
    (-61, 1, "The meeting is over, so you can no longer check in."),
])
def test_outside_the_window_the_code_says_when_and_changes_nothing(app, factory, phone, method,
                                                                   minutes, hours, says):
    meeting = meeting_in(factory, minutes, hours)
    factory.registration(meeting_id=meeting.id, citizen_id=phone.citizen.id)
    response = getattr(phone, method)(code_url(app, meeting))
    assert response.status_code == 409
    assert says in text_of(response) and "You are not checked in" in response.text
    if minutes > 0:  # when it opens: 30 minutes before the start, on the citizen's clock
        with app.test_request_context(headers={"Cookie": "lang=en"}):
            from webapp.i18n import when

            opens = when(meeting.starts_at - timedelta(minutes=30))
        assert f"You can check in from {opens}, 30 minutes before" in text_of(response)
    assert registrations(app) == [(phone.citizen.id, RegistrationStatus.SIGNED_UP, None)]


def test_the_code_works_from_30_minutes_before_until_the_end(app, factory, phone):
    opening = meeting_in(factory, 29)
    ending = meeting_in(factory, -59)
    for meeting in (opening, ending):
        assert "Check in to" in phone.get(code_url(app, meeting)).text
        assert phone.post(code_url(app, meeting)).status_code == 200
    assert [status for _c, status, _m in registrations(app)] == [RegistrationStatus.ATTENDED] * 2


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_cancelled_meeting_refuses(app, factory, phone, method):
    meeting = meeting_in(factory, 5, cancelled_at=now(), cancel_reason="Vejlederen er syg")
    response = getattr(phone, method)(code_url(app, meeting))
    assert response.status_code == 409 and "This meeting is cancelled" in response.text
    assert registrations(app) == []


@pytest.fixture
def csrf_app(make_app):
    return make_app(WTF_CSRF_ENABLED=True)


def test_the_tap_needs_the_pages_csrf_token(csrf_app, factory):
    """A link or a form on another site cannot check anyone in: only the page's own button."""
    app = csrf_app
    meeting = meeting_in(factory, 5)
    citizen = factory.user()
    client = app.test_client()
    client.set_cookie("lang", "en")
    login_page = client.get("/log-ind").text
    token = re.search(r'name="csrf_token"[^>]*? value="([^"]+)"', login_page).group(1)
    assert client.post("/log-ind", data={"email": citizen.email, "password": "kodeord-123",
                                         "csrf_token": token}).status_code == 303
    url = code_url(app, meeting)

    forged = client.post(url)
    assert forged.status_code == 400
    assert "Tap the button again to check in" in forged.text and "Check in to" in forged.text
    assert registrations(app) == []

    page = client.get(url).text
    token = re.search(r'name="csrf_token"[^>]*? value="([^"]+)"', page).group(1)
    done = client.post(url, data={"csrf_token": token})
    assert done.status_code == 200 and "You are checked in" in done.text
    assert registrations(app) == [(citizen.id, RegistrationStatus.ATTENDED,
                                   CheckInMethod.SELF_QR)]


def test_a_tap_after_the_login_ran_out_logs_in_and_comes_back_to_the_page(app, factory):
    meeting = meeting_in(factory, 5)
    visitor = app.test_client()
    url = code_url(app, meeting)
    response = visitor.post(url)
    assert response.status_code == 302 and "/log-ind" in response.headers["Location"]
    assert registrations(app) == []


def test_the_qr_page_for_staff_leads_to_the_check_in_page(app, client, factory, counsellor,
                                                          phone):
    offer = factory.offer(title="Gåtur")
    facilitate(app, counsellor, offer)
    meeting = meeting_in(factory, 5, offer=offer)
    qr = client.get(f"/personale/moeder/{meeting.id}/qr")
    assert qr.status_code == 200 and "<svg" in qr.text
    assert "tap Check in on the page that opens" in qr.text
    address = re.search(r'<p class="app-qr-link"><a href="([^"]+)"', qr.text).group(1)
    assert phone.get(address).status_code == 200
    assert "Check in to Gåtur" in phone.get(address).text
