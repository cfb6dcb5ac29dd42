"""Staff: the Today page, a meeting's roster with one-tap attendance (htmx and without
JavaScript), walk-ins, QR check-in (window, forged and other meetings' codes, cancelled
meetings, offers the citizen may not join), no double counting, and permissions."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.conftest import HTMX, count_queries, facilitate, login
from tests.factories import today
from webapp.auth.models import Role
from webapp.extensions import db
from webapp.meetings.models import CheckInMethod, Registration, RegistrationStatus
from webapp.offers.models import Admission, OfferStatus
from webapp.referrals.models import ReferralStatus
from webapp.staff import attendance


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def run_by(app, factory):
    """Make an offer that this staff member runs."""

    def make(staff, **kw):
        offer = factory.offer(**kw)
        facilitate(app, staff, offer)
        return offer

    return make


def meeting_in(factory, offer, minutes: int, hours: float = 2, **kw):
    starts = now() + timedelta(minutes=minutes)
    return factory.meeting(offer_id=offer.id, starts_at=starts,
                           ends_at=starts + timedelta(hours=hours), **kw)


def sign_up(factory, meeting, name="Anna Hansen", **kw):
    citizen = factory.user(name=name)
    return citizen, factory.registration(meeting_id=meeting.id, citizen_id=citizen.id, **kw)


def status_of(registration_id: int) -> RegistrationStatus:
    db.session.expire_all()
    return db.session.get(Registration, registration_id).status


# -- Today -------------------------------------------------------------------------------------

def test_today_shows_the_weeks_meetings_with_numbers_and_referrals_near_the_deadline(
        client, ctx, factory, counsellor, run_by):
    offer = run_by(counsellor, title="Gåtur", capacity=6)
    meeting = meeting_in(factory, offer, 60 * 24 * 2)
    for n in range(3):
        sign_up(factory, meeting, name=f"Borger Nr{n}")
    sign_up(factory, meeting, status=RegistrationStatus.WAITLISTED, waitlist_position=1)
    sign_up(factory, meeting, status=RegistrationStatus.ABSENT)
    not_mine = factory.offer(title="Ikke min gruppe")
    meeting_in(factory, not_mine, 60)
    meeting_in(factory, offer, 60 * 24 * 9)  # next week: not on Today

    asker = factory.user(name="Bo Berg")
    soon = datetime.now(UTC) - timedelta(days=12)
    factory.referral(citizen_id=asker.id, offer_id=offer.id, received_at=soon)
    later = factory.user(name="Carl Dahl")
    factory.referral(citizen_id=later.id, offer_id=offer.id, received_at=datetime.now(UTC))
    answered = factory.user(name="Dorte Eng")
    factory.referral(citizen_id=answered.id, offer_id=offer.id, received_at=soon,
                     status=ReferralStatus.OFFERED)

    factory.goal(citizen_id=asker.id, title="Tage bussen alene", shared_with_staff=True,
                 offer_id=offer.id, next_follow_up=today())
    factory.goal(citizen_id=asker.id, title="Et privat mål", next_follow_up=today())

    page = client.get("/personale/")
    assert page.status_code == 200
    text = page.text
    assert "Tage bussen alene" in text and "Et privat mål" not in text
    assert "Gåtur" in text and "Ikke min gruppe" not in text
    assert "<strong>3/6</strong>" in text  # signed up of the seats
    assert "Waiting list: <strong>1</strong>" in text
    assert "Absent with notice: <strong>1</strong>" in text
    assert text.count("/personale/moeder/") == 1
    assert "Bo B." in text and "Carl D." not in text and "Dorte E." not in text
    assert "Answer by" in text


def test_today_runs_a_fixed_number_of_queries(app, client, factory, counsellor, run_by):
    def queries() -> int:
        with count_queries(app) as statements:
            assert client.get("/personale/").status_code == 200
        return len(statements)

    def add(offer, minutes):
        citizen, _registration = sign_up(factory, meeting_in(factory, offer, minutes))
        factory.referral(citizen_id=factory.user().id, offer_id=offer.id)
        factory.goal(citizen_id=citizen.id, shared_with_staff=True, offer_id=offer.id,
                     next_follow_up=today())

    add(run_by(counsellor), 60)
    few = queries()
    for n in range(5):
        add(run_by(counsellor), 60 * (n + 2))
    assert queries() == few
    assert few <= 12  # with the referral promise numbers on the page


# -- The roster --------------------------------------------------------------------------------

def test_the_roster_lists_participants_waiting_and_absent_by_first_name_and_initial(
        client, ctx, factory, counsellor, run_by):
    offer = run_by(counsellor, capacity=2)
    meeting = meeting_in(factory, offer, 10)
    sign_up(factory, meeting, name="Anna Marie Hansen")
    sign_up(factory, meeting, name="Bo Berg", status=RegistrationStatus.ABSENT)
    sign_up(factory, meeting, name="Carl Dahl", status=RegistrationStatus.WAITLISTED,
            waitlist_position=1)
    page = client.get(f"/personale/moeder/{meeting.id}")
    assert page.status_code == 200
    assert "Anna H." in page.text and "Hansen" not in page.text
    assert "Bo B." in page.text and "Absent with notice" in page.text
    assert "Carl D." in page.text and "Number 1 on the waiting list" in page.text
    assert 'aria-pressed="true"' in page.text  # Bo's afbud


def test_the_roster_runs_a_fixed_number_of_queries(app, client, factory, counsellor, run_by):
    offer = run_by(counsellor, capacity=40)
    meeting = meeting_in(factory, offer, 10)

    def queries() -> int:
        with count_queries(app) as statements:
            assert client.get(f"/personale/moeder/{meeting.id}").status_code == 200
        return len(statements)

    sign_up(factory, meeting)
    few = queries()
    for n in range(8):
        sign_up(factory, meeting, name=f"Borger Nr{n}")
    assert queries() == few
    assert few <= 6


def test_marking_with_htmx_swaps_the_row_and_announces_it(client, ctx, factory, counsellor, run_by):
    offer = run_by(counsellor)
    meeting = meeting_in(factory, offer, 10)
    _citizen, registration = sign_up(factory, meeting)
    url = f"/personale/moeder/{meeting.id}/tilmeldinger/{registration.id}/fremmoede"
    response = client.post(url, data={"status": "attended"}, headers=HTMX)
    assert response.status_code == 200
    assert response.text.lstrip().startswith(f'<li class="app-roster-row app-roster-attended"'
                                             f' id="registration-{registration.id}"')
    assert 'hx-swap-oob="innerHTML:#messages"' in response.text
    assert "Anna H.: attended" in response.text
    assert "Attended: <strong>1</strong>" in response.text  # the numbers, swapped too
    assert "<html" not in response.text
    row = db.session.get(Registration, registration.id)
    assert row.status is RegistrationStatus.ATTENDED
    assert row.check_in_method is CheckInMethod.STAFF and row.checked_in_by_id == counsellor.id

    # Without JavaScript: a POST and a redirect back to the roster.
    plain = client.post(url, data={"status": "no_show"})
    assert plain.status_code == 303 and f"#registration-{registration.id}" in \
        plain.headers["Location"]
    assert status_of(registration.id) is RegistrationStatus.NO_SHOW
    assert client.post(url, data={"status": "waitlisted"}).status_code == 400


def test_attendance_opens_30_minutes_before_but_afbud_can_be_noted_any_time(
        client, ctx, factory, counsellor, run_by):
    offer = run_by(counsellor)
    meeting = meeting_in(factory, offer, 60 * 3)
    _citizen, registration = sign_up(factory, meeting)
    url = f"/personale/moeder/{meeting.id}/tilmeldinger/{registration.id}/fremmoede"
    early = client.post(url, data={"status": "attended"}, headers=HTMX)
    assert early.status_code == 409 and "30 minutes before" in early.text
    assert status_of(registration.id) is RegistrationStatus.SIGNED_UP
    assert client.post(url, data={"status": "absent"}).status_code == 303
    assert status_of(registration.id) is RegistrationStatus.ABSENT


def test_an_afbud_noted_by_the_counsellor_gives_the_seat_to_the_waiting_list(
        client, ctx, factory, counsellor, run_by):
    offer = run_by(counsellor, capacity=1)
    meeting = meeting_in(factory, offer, 60 * 24)
    _a, seated = sign_up(factory, meeting)
    _b, waiting = sign_up(factory, meeting, status=RegistrationStatus.WAITLISTED,
                          waitlist_position=1)
    url = f"/personale/moeder/{meeting.id}/tilmeldinger/{seated.id}/fremmoede"
    assert client.post(url, data={"status": "absent"}).status_code == 303
    assert status_of(waiting.id) is RegistrationStatus.SIGNED_UP


# Walk-ins: tests/test_walk_in_access.py


# -- QR check-in -------------------------------------------------------------------------------

def scan_url(meeting, token=None) -> str:
    return f"/tjek-ind/{meeting.id}/{token or attendance.check_in_token(meeting)}"


@pytest.fixture
def citizen_client(app, factory):
    """A second browser: a citizen logged in."""
    citizen = factory.user(name="Anna Hansen")
    other = app.test_client()
    other.set_cookie("lang", "en")
    assert login(other, citizen.email).status_code == 303
    other.citizen = citizen
    return other


def test_the_qr_page_shows_an_svg_code_for_the_meeting(client, ctx, factory, counsellor, run_by):
    meeting = meeting_in(factory, run_by(counsellor), 10)
    page = client.get(f"/personale/moeder/{meeting.id}/qr")
    assert page.status_code == 200
    assert "<svg" in page.text and 'class="app-qr"' in page.text
    assert attendance.check_in_token(meeting) in page.text


def test_scanning_checks_a_signed_up_citizen_in_once(app, ctx, factory, citizen_client):
    meeting = meeting_in(factory, factory.offer(), 20)
    registration = factory.registration(meeting_id=meeting.id,
                                        citizen_id=citizen_client.citizen.id)
    first = citizen_client.post(scan_url(meeting))
    assert first.status_code == 200 and "You are checked in" in first.text
    again = citizen_client.post(scan_url(meeting))
    assert again.status_code == 200 and "already checked in" in again.text
    row = db.session.get(Registration, registration.id)
    assert row.status is RegistrationStatus.ATTENDED
    assert row.check_in_method is CheckInMethod.SELF_QR


def test_scanning_signs_up_for_a_drop_in_offer_when_seats_allow(ctx, factory, citizen_client):
    offer = factory.offer(admission=Admission.DROP_IN, capacity=1)
    meeting = meeting_in(factory, offer, -10)  # started ten minutes ago
    assert citizen_client.post(scan_url(meeting)).status_code == 200
    assert db.session.scalar(select(Registration.status).where(
        Registration.citizen_id == citizen_client.citizen.id)) is RegistrationStatus.ATTENDED
    # The next one finds it full.
    full = meeting_in(factory, factory.offer(capacity=1), 5)
    sign_up(factory, full, name="Bo Berg")
    refused = citizen_client.post(scan_url(full))
    assert refused.status_code == 409 and "The meeting is full" in refused.text


def test_scanning_an_offer_the_citizen_may_not_join_says_so(ctx, factory, citizen_client):
    offer = factory.offer(admission=Admission.ASK_TO_JOIN)
    meeting = meeting_in(factory, offer, 5)
    response = citizen_client.post(scan_url(meeting))
    assert response.status_code == 403 and "You need a place in this group" in response.text
    assert db.session.scalar(select(Registration.id)) is None


@pytest.mark.parametrize("case, status, message", [
    ("too_early", 409, "too early to check in"),
    ("over", 409, "The meeting is over"),
    ("cancelled", 409, "This meeting is cancelled"),
    ("forged", 400, "This QR code does not work"),
    ("other_meeting", 400, "belongs to another meeting"),
    ("other_salt", 400, "This QR code does not work"),
])
def test_a_code_that_does_not_work_gives_a_clear_message(app, ctx, factory, citizen_client,
                                                         case, status, message):
    offer = factory.offer()
    minutes = {"too_early": 45, "over": -180}.get(case, 5)
    meeting = meeting_in(factory, offer, minutes,
                         cancelled_at=now() if case == "cancelled" else None,
                         cancel_reason="Syg" if case == "cancelled" else None)
    factory.registration(meeting_id=meeting.id, citizen_id=citizen_client.citizen.id)
    url = scan_url(meeting)
    if case == "forged":
        url = url[:-3] + ("abc" if not url.endswith("abc") else "xyz")
    if case == "other_meeting":
        other = meeting_in(factory, offer, 5)
        url = f"/tjek-ind/{meeting.id}/{attendance.check_in_token(other)}"
    if case == "other_salt":
        from itsdangerous import URLSafeSerializer

        url = f"/tjek-ind/{meeting.id}/" + URLSafeSerializer("test-secret").dumps(meeting.id)
    response = citizen_client.post(url)
    assert response.status_code == status
    assert message in response.text
    assert status_of(db.session.scalar(select(Registration.id))) is RegistrationStatus.SIGNED_UP


def test_a_logged_out_citizen_logs_in_and_is_checked_in(app, ctx, factory):
    meeting = meeting_in(factory, factory.offer(), 5)
    citizen = factory.user()
    visitor = app.test_client()
    visitor.set_cookie("lang", "en")
    url = scan_url(meeting)
    response = visitor.get(url)
    assert response.status_code == 302 and "/log-ind" in response.headers["Location"]
    from urllib.parse import parse_qs, urlsplit

    next_url = parse_qs(urlsplit(response.headers["Location"]).query)["next"][0]
    assert next_url == url
    logged_in = visitor.post(f"/log-ind?next={next_url}",
                             data={"email": citizen.email, "password": "kodeord-123"})
    assert logged_in.headers["Location"].endswith(url)
    assert "Check in to" in visitor.get(url).text
    assert "You are checked in" in visitor.post(url).text


@pytest.mark.parametrize("first", ["counsellor", "scan"])
def test_a_manual_mark_and_a_scan_never_count_twice(app, client, factory, counsellor,
                                                    citizen_client, first, run_by):
    # No shared app context: two users are logged in, each request must find its own.
    with app.app_context():
        offer = run_by(counsellor, admission=Admission.DROP_IN)
    meeting = meeting_in(factory, offer, 5)
    registration = factory.registration(meeting_id=meeting.id,
                                        citizen_id=citizen_client.citizen.id)
    mark_url = f"/personale/moeder/{meeting.id}/tilmeldinger/{registration.id}/fremmoede"
    with app.test_request_context():
        scan = scan_url(meeting)
    steps = [lambda: client.post(mark_url, data={"status": "attended"}),
             lambda: citizen_client.post(scan)]
    for step in steps if first == "counsellor" else reversed(steps):
        assert step().status_code in (200, 303)
    with app.app_context():
        rows = db.session.scalars(select(Registration).where(
            Registration.meeting_id == meeting.id)).all()
        assert len(rows) == 1 and rows[0].status is RegistrationStatus.ATTENDED
        # The first mark stays: who checked the citizen in and how.
        expected = CheckInMethod.STAFF if first == "counsellor" else CheckInMethod.SELF_QR
        assert rows[0].check_in_method is expected
    assert "Attended: <strong>1</strong>" in client.get(f"/personale/moeder/{meeting.id}").text


def test_staff_scanning_a_code_are_told_to_use_the_roster(client, ctx, factory, counsellor, run_by):
    meeting = meeting_in(factory, run_by(counsellor), 5)
    response = client.get(scan_url(meeting))
    assert response.status_code == 403 and "mark attendance on the roster" in response.text


# -- Permissions -------------------------------------------------------------------------------

def staff_urls(app, offer_id: int, meeting_id: int, registration_id: int):
    """Every route of the staff blueprint, with ids filled in: (method, path)."""
    values = {"offer_id": offer_id, "meeting_id": meeting_id,
              "registration_id": registration_id}
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("staff."):
            continue
        path = rule.build({k: v for k, v in values.items() if k in rule.arguments})[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield method, path


def test_a_citizen_gets_403_on_every_staff_route(app, client, factory, login_as):
    offer = factory.offer()
    meeting = factory.meeting(offer_id=offer.id)
    citizen = login_as(role=Role.CITIZEN)
    registration = factory.registration(meeting_id=meeting.id, citizen_id=citizen.id)
    urls = list(staff_urls(app, offer.id, meeting.id, registration.id))
    assert len(urls) >= 14
    for method, path in urls:
        response = client.open(path, method=method, data={"status": "attended"})
        assert response.status_code == 403, (method, path)


def test_a_counsellor_gets_404_for_meetings_outside_their_groups(app, client, factory,
                                                                  counsellor):
    offer = factory.offer(status=OfferStatus.PUBLISHED)
    meeting = meeting_in(factory, offer, 5)
    _citizen, registration = sign_up(factory, meeting)
    for method, path in staff_urls(app, offer.id, meeting.id, registration.id):
        if "{" in path or path.rstrip("/") in ("/personale", "/personale/tilbud",
                                               "/personale/tilbud/nyt"):
            continue
        response = client.open(path, method=method,
                               data={"status": "attended", "email": "x@example.dk"})
        assert response.status_code == 404, (method, path)
    with app.app_context():
        assert db.session.get(Registration, registration.id).status \
            is RegistrationStatus.SIGNED_UP


def test_dates_for_a_series(ctx):
    from webapp.staff.services import series_dates

    assert series_dates(1, date(2026, 12, 1), date(2026, 12, 22), {date(2026, 12, 15)}) == [
        date(2026, 12, 1), date(2026, 12, 8), date(2026, 12, 22)]
    assert series_dates(0, date(2026, 12, 1), date(2026, 12, 6)) == []
