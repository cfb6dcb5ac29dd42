"""Calendar files: an .ics per meeting and the citizen's secret subscription feed."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from tests.conftest import count_queries, form_token, login
from tests.factories import PASSWORD
from webapp.auth.models import Role, User
from webapp.core import COPENHAGEN as CPH
from webapp.extensions import db
from webapp.meetings.models import RegistrationStatus


def parse(response) -> Calendar:
    assert response.status_code == 200, response.text
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.data)


def events(calendar: Calendar) -> dict[str, object]:
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def signed_up(factory, citizen, **meeting) -> object:
    """A meeting of a new offer that the citizen is registered for."""
    status = meeting.pop("status", RegistrationStatus.SIGNED_UP)
    offer = factory.offer(title=meeting.pop("title", "Gåtur ved Strandparken"),
                          summary="Vi går en tur i roligt tempo.")
    session = factory.meeting(offer_id=offer.id, **meeting)
    factory.registration(meeting_id=session.id, citizen_id=citizen.id, status=status,
                         waitlist_position=1 if status is RegistrationStatus.WAITLISTED
                         else None)
    return session


def local(*args) -> datetime:
    return datetime(*args, tzinfo=CPH)


def feed_url_of(app, user_id) -> str:
    with app.app_context():
        user = db.session.get(User, user_id)
        return f"/kalender/feed/{user.id}-{user.calendar_token}.ics"


def new_address(client, message: str | None = None) -> str:
    """Ask for a (new) feed address on the profile, and return its path."""
    response = client.post("/profil/kalender-adresse")
    assert response.status_code == 303
    assert response.headers["Location"] == "/profil#kalender"
    page = client.get("/profil").text
    url = re.search(r'id="calendar-address" value="http://localhost(/kalender/feed/[^"]+)"',
                    page)
    assert url, page
    assert f'href="webcal://localhost{url[1]}"' in page
    if message:
        assert message in page
    return url[1]


# -- one meeting's file -------------------------------------------------------------------


def test_meeting_file_describes_the_meeting(client, factory, login_as):
    citizen = login_as()
    place = factory.location(name="Vallensbæk Bibliotek", address="Idræts Allé 5",
                             postcode="2625", city="Vallensbæk")
    meeting = signed_up(factory, citizen, location_id=place.id,
                        starts_at=datetime(2030, 5, 14, 8, 0, tzinfo=UTC))
    response = client.get(f"/kalender/moede/{meeting.id}.ics")
    calendar = parse(response)
    assert response.headers["Content-Disposition"] == \
        'attachment; filename="gaatur-ved-strandparken-2030-05-14.ics"'
    assert "no-store" in response.headers["Cache-Control"]
    assert calendar["VERSION"] == "2.0"
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["X-WR-TIMEZONE"] == "Europe/Copenhagen"
    assert "Sammen" in calendar["PRODID"]
    (vevent,) = calendar.walk("VEVENT")
    assert vevent["UID"] == f"meeting-{meeting.id}@sammen"
    assert vevent["SUMMARY"] == "Gåtur ved Strandparken"
    # The meeting's own place, not the offer's usual one.
    assert vevent["LOCATION"] == "Vallensbæk Bibliotek, Idræts Allé 5, 2625 Vallensbæk"
    assert vevent.decoded("DTSTART") == datetime(2030, 5, 14, 8, 0, tzinfo=UTC)
    assert vevent.decoded("DTEND") == datetime(2030, 5, 14, 10, 0, tzinfo=UTC)
    assert b"DTSTART:20300514T080000Z" in response.data
    assert vevent.decoded("DTSTAMP").tzinfo is not None
    assert vevent["STATUS"] == "CONFIRMED"
    assert vevent["URL"] == "http://localhost/kalender"
    assert "Vi går en tur i roligt tempo." in vevent["DESCRIPTION"]
    assert "Meld afbud i Sammen: http://localhost/kalender" in vevent["DESCRIPTION"]
    (alarm,) = vevent.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY"
    assert alarm.decoded("TRIGGER") == -timedelta(hours=1)


@pytest.mark.parametrize("local_start, utc_start", [
    (local(2027, 3, 27, 10, 0), "20270327T090000Z"),  # winter time, UTC+1
    (local(2027, 3, 29, 10, 0), "20270329T080000Z"),  # summer time, UTC+2
    (local(2027, 10, 31, 10, 0), "20271031T090000Z"),  # back to winter time
])
def test_meeting_times_are_utc_across_daylight_saving(client, factory, login_as, local_start,
                                                     utc_start):
    citizen = login_as()
    meeting = signed_up(factory, citizen, starts_at=local_start)
    response = client.get(f"/kalender/moede/{meeting.id}.ics")
    (vevent,) = parse(response).walk("VEVENT")
    assert f"DTSTART:{utc_start}".encode() in response.data
    assert vevent.decoded("DTSTART") == local_start
    assert vevent.decoded("DTSTART").utcoffset() == timedelta(0)


def test_a_cancelled_meeting_is_cancelled_with_its_reason_and_no_alarm(client, factory,
                                                                       login_as):
    citizen = login_as()
    meeting = signed_up(factory, citizen, title="Madklub",
                        cancelled_at=datetime.now(UTC), cancel_reason="Vejlederen er syg.")
    (vevent,) = parse(client.get(f"/kalender/moede/{meeting.id}.ics")).walk("VEVENT")
    assert vevent["STATUS"] == "CANCELLED"
    assert vevent["SUMMARY"] == "Aflyst: Madklub"
    assert "Mødet er aflyst." in vevent["DESCRIPTION"]
    assert "Vejlederen er syg." in vevent["DESCRIPTION"]
    assert "Meld afbud" not in vevent["DESCRIPTION"]
    assert vevent["SEQUENCE"] == 1
    assert vevent.walk("VALARM") == []


def test_a_waiting_list_place_is_tentative(client, factory, login_as):
    citizen = login_as()
    meeting = signed_up(factory, citizen, status=RegistrationStatus.WAITLISTED)
    (vevent,) = parse(client.get(f"/kalender/moede/{meeting.id}.ics")).walk("VEVENT")
    assert vevent["STATUS"] == "TENTATIVE"
    assert "Du er nummer 1 på ventelisten." in vevent["DESCRIPTION"]


def test_meeting_file_is_in_the_users_language(client, factory, login_as):
    citizen = login_as(language="en")
    meeting = signed_up(factory, citizen)
    (vevent,) = parse(client.get(f"/kalender/moede/{meeting.id}.ics")).walk("VEVENT")
    assert "Call in absence in Sammen: http://localhost/kalender" in vevent["DESCRIPTION"]


@pytest.mark.parametrize("whose", ["nobody", "other citizen", "afbud", "unknown"])
def test_meeting_file_only_for_own_registrations(client, factory, login_as, whose):
    citizen = login_as()
    other = factory.user()
    if whose == "nobody":
        meeting_id = factory.meeting().id
    elif whose == "other citizen":
        meeting_id = signed_up(factory, other).id
    elif whose == "afbud":
        meeting_id = signed_up(factory, citizen, status=RegistrationStatus.ABSENT).id
    else:
        meeting_id = 987654
    response = client.get(f"/kalender/moede/{meeting_id}.ics")
    assert response.status_code == 404
    assert response.mimetype == "text/html"


def test_meeting_file_needs_login(client, factory):
    citizen = factory.user()
    meeting = signed_up(factory, citizen)
    response = client.get(f"/kalender/moede/{meeting.id}.ics")
    assert response.status_code == 302
    assert response.headers["Location"].startswith(
        f"/log-ind?next=/kalender/moede/{meeting.id}.ics")


# -- the subscription feed -------------------------------------------------------------------


def test_profile_offers_a_feed_address_only_when_asked(client, factory, login_as, app):
    citizen = login_as()
    page = client.get("/profil").text
    assert "Kalender på din telefon" in page
    assert "Lav min kalenderadresse" in page
    assert "/kalender/feed/" not in page
    with app.app_context():
        assert db.session.get(User, citizen.id).calendar_token is None
    path = new_address(client, "Din kalenderadresse er klar.")
    page = client.get("/profil").text
    assert "Abonnér på din kalender" in page
    assert "Alle, der har den, kan se dine møder." in page
    assert "Lav en ny adresse" in page
    assert path == feed_url_of(app, citizen.id)


def test_staff_see_no_calendar_section_and_cannot_make_a_feed(client, login_as):
    login_as(role=Role.STAFF)
    assert "Kalender på din telefon" not in client.get("/profil").text
    assert client.post("/profil/kalender-adresse").status_code == 403


def test_feed_lists_only_the_citizens_own_meetings(app, client, factory, login_as):
    citizen = login_as(language="en")
    other = factory.user()
    now = datetime.now(UTC).replace(microsecond=0)
    soon = signed_up(factory, citizen, title="Gåtur", starts_at=local(2027, 3, 27, 10, 0))
    after_dst = signed_up(factory, citizen, title="Gåtur", starts_at=local(2027, 3, 29, 10, 0))
    waiting = signed_up(factory, citizen, status=RegistrationStatus.WAITLISTED)
    went = signed_up(factory, citizen, status=RegistrationStatus.ATTENDED,
                     starts_at=now - timedelta(days=10))
    cancelled = signed_up(factory, citizen, cancelled_at=now, cancel_reason="Storm.")
    long_ago = signed_up(factory, citizen, status=RegistrationStatus.ATTENDED,
                         starts_at=now - timedelta(days=40))
    afbud = signed_up(factory, citizen, status=RegistrationStatus.ABSENT)
    others = signed_up(factory, other)
    path = new_address(client)

    response = app.test_client().get(path)  # no login: the address is the key
    calendar = parse(response)
    assert "no-store" in response.headers["Cache-Control"]
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in response.data
    assert b"X-PUBLISHED-TTL:PT1H" in response.data
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["X-WR-CALNAME"] == "Sammen: your meetings"
    found = events(calendar)
    assert set(found) == {f"meeting-{m.id}@sammen"
                          for m in (soon, after_dst, waiting, went, cancelled)}
    for meeting in (long_ago, afbud, others):
        assert f"meeting-{meeting.id}@sammen" not in found
    assert found[f"meeting-{soon.id}@sammen"].decoded("DTSTART") == \
        datetime(2027, 3, 27, 9, 0, tzinfo=UTC)
    assert found[f"meeting-{after_dst.id}@sammen"].decoded("DTSTART") == \
        datetime(2027, 3, 29, 8, 0, tzinfo=UTC)
    assert found[f"meeting-{cancelled.id}@sammen"]["STATUS"] == "CANCELLED"
    assert found[f"meeting-{went.id}@sammen"]["STATUS"] == "CONFIRMED"
    assert found[f"meeting-{waiting.id}@sammen"]["STATUS"] == "TENTATIVE"
    # The feed speaks the citizen's language, whoever fetches it.
    assert "Call in absence in Sammen" in found[f"meeting-{soon.id}@sammen"]["DESCRIPTION"]


def test_a_new_address_stops_the_old_one(app, client, login_as):
    login_as()
    old = new_address(client)
    assert app.test_client().get(old).status_code == 200
    new = new_address(client, "Den gamle adresse virker ikke mere.")
    assert new != old
    assert app.test_client().get(old).status_code == 404
    assert app.test_client().get(new).status_code == 200


def test_new_address_with_htmx_swaps_the_section_and_announces_it(client, login_as):
    login_as()
    response = client.post("/profil/kalender-adresse", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="kalender"')
    assert "<html" not in response.text
    assert '<div id="messages" hx-swap-oob="innerHTML">' in response.text
    assert "Din kalenderadresse er klar." in response.text
    assert "data-focus-after-swap" in response.text


def test_unknown_feed_addresses_are_not_found(app, client, factory, login_as):
    citizen = login_as()
    path = new_address(client)
    token = path.removeprefix("/kalender/feed/").removesuffix(".ics")
    secret = token.split("-", 1)[1]
    staff = factory.user(role=Role.STAFF, calendar_token="staff-secret")
    other = factory.user()
    anonymous = app.test_client()
    for wrong in [f"{citizen.id}-{secret[:-1]}x", f"{other.id}-{secret}", secret,
                  f"{citizen.id}-", "999999-abc", "99999999999999999999-abc",
                  f"{staff.id}-staff-secret", "%C3%A6%C3%B8-%C3%A5"]:
        response = anonymous.get(f"/kalender/feed/{wrong}.ics")
        assert response.status_code == 404, wrong


def test_a_deactivated_account_has_no_feed(app, client, login_as):
    citizen = login_as()
    path = new_address(client)
    with app.app_context():
        db.session.get(User, citizen.id).is_active_account = False
        db.session.commit()
    assert app.test_client().get(path).status_code == 404


def test_new_address_needs_a_csrf_token(make_app, factory):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    user = factory.user()
    user_id, email = user.id, user.email
    response = client.post("/log-ind", data={"email": email, "password": PASSWORD,
                                              "csrf_token": form_token(client, "/log-ind")})
    assert response.status_code == 303
    assert client.post("/profil/kalender-adresse").status_code == 400
    with app.app_context():
        assert db.session.get(User, user_id).calendar_token is None
    response = client.post("/profil/kalender-adresse",
                           data={"csrf_token": form_token(client, "/profil")})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(User, user_id).calendar_token is not None


def test_feed_runs_the_same_queries_for_2_and_20_meetings(app, client, factory):
    citizen = factory.user()
    login(client, citizen.email)
    path = new_address(client)
    anonymous = app.test_client()
    counts = []
    for added, total in ((2, 2), (18, 20)):
        for n in range(added):
            # Half meet at the offer's usual place, half at a place of their own.
            own_place = {"location_id": factory.location().id} if n % 2 else {}
            signed_up(factory, citizen, **own_place)
        with count_queries(app) as statements:
            assert len(events(parse(anonymous.get(path)))) == total
        counts.append(len(statements))
    assert counts[0] == counts[1] <= 2
