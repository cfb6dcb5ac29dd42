"""Sign up, waiting list, afbud and undo: the rules, every refusal with its message and
status, htmx fragments and plain redirects, and what Hjem shows."""

import html
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from tests.conftest import HTMX, local_at, login, text_of
from webapp.auth.models import Role
from webapp.enrolments.models import EnrolmentStatus
from webapp.extensions import db
from webapp.meetings import services
from webapp.meetings.models import AbsenceReason, Registration, RegistrationStatus
from webapp.offers.models import Admission, LegalBasis, OfferStatus

NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture
def meeting(factory):
    """Make a meeting: factory options, plus offer options prefixed with offer_."""

    def make(**kw):
        offer_kw = {k[6:]: kw.pop(k) for k in list(kw) if k.startswith("offer_")}
        if offer_kw.get("admission") is Admission.THROUGH_COUNSELLOR:
            offer_kw.setdefault("legal_basis", LegalBasis.S85)
        offer = factory.offer(**offer_kw)
        return factory.meeting(offer_id=offer.id, **kw)

    return make


@pytest.fixture
def registration_of(app):
    """The registration of a citizen at a meeting, fresh from the database."""

    def get(meeting, citizen):
        with app.app_context():
            return db.session.scalar(select(Registration).where(
                Registration.meeting_id == meeting.id, Registration.citizen_id == citizen.id))

    return get


def fill(factory, meeting, seats=1, waiting=0):
    """Other citizens in the meeting's seats, then on its waiting list."""
    taken = [factory.registration(meeting_id=meeting.id, citizen_id=factory.user().id)
             for _ in range(seats)]
    queue = [factory.registration(meeting_id=meeting.id, citizen_id=factory.user().id,
                                  status=RegistrationStatus.WAITLISTED, waitlist_position=n)
             for n in range(1, waiting + 1)]
    return taken, queue


def sign_up(client, meeting, headers=None, next_url="/kalender"):
    return client.post(f"/moeder/{meeting.id}/tilmelding", data={"next": next_url},
                       headers=headers or {})


# -- Sign up ----------------------------------------------------------------------------------

def test_sign_up_without_javascript_redirects_back_with_a_message(client, login_as, meeting,
                                                                   registration_of):
    anna = login_as()
    walk = meeting(offer_title="Gåtur i parken", offer_capacity=4)
    response = sign_up(client, walk)
    assert response.status_code == 303
    assert response.headers["Location"] == "/kalender"
    assert registration_of(walk, anna).status is RegistrationStatus.SIGNED_UP
    page = text_of(client.get("/kalender"))
    assert "Du er tilmeldt Gåtur i parken" in page


def test_sign_up_with_htmx_swaps_the_controls_and_announces_it(client, login_as, meeting):
    login_as()
    walk = meeting(offer_title="Gåtur i parken", offer_capacity=2)
    response = sign_up(client, walk, HTMX)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert response.text.lstrip().startswith(f'<div class="app-meeting-actions" '
                                             f'id="meeting-{walk.id}-actions">')
    # The seats left are counted again, and the change is said in the live region.
    page = text_of(response)
    assert "Du er tilmeldt." in page
    assert "1 ledig plads" in page
    assert 'hx-swap-oob="innerHTML:#messages"' in response.text
    assert "Du er tilmeldt Gåtur i parken" in page
    assert "data-focus-after-swap" in response.text
    assert "Meld afbud" in page


@pytest.mark.parametrize("target", ["https://example.com/", "//example.com/", "kalender", ""])
def test_sign_up_goes_back_only_to_a_local_page(client, login_as, meeting, target):
    login_as()
    response = sign_up(client, meeting(), next_url=target)
    assert response.status_code == 303
    assert response.headers["Location"] == "/kalender"


def test_a_full_meeting_puts_the_citizen_on_the_waiting_list(client, app, factory, login_as,
                                                             meeting, registration_of):
    full = meeting(offer_capacity=1)
    fill(factory, full, seats=1, waiting=1)
    anna = login_as()
    response = sign_up(client, full, HTMX)
    assert response.status_code == 200
    assert "Du er nummer 2 på ventelisten." in text_of(response)
    assert "Fuldt" in text_of(response)
    registration = registration_of(full, anna)
    assert registration.status is RegistrationStatus.WAITLISTED
    assert registration.waitlist_position == 2


def test_a_meeting_of_an_offer_the_citizen_is_enrolled_in_can_be_joined(
        client, factory, login_as, meeting, registration_of):
    anna = login_as()
    course = meeting(offer_admission=Admission.THROUGH_COUNSELLOR)
    factory.enrolment(citizen_id=anna.id, offer_id=course.offer_id)
    assert sign_up(client, course).status_code == 303
    assert registration_of(course, anna).status is RegistrationStatus.SIGNED_UP


# -- Refusals ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("options", "status", "message"),
    [
        ({"starts_at": NOW - timedelta(days=1)}, 409, "Mødet er allerede begyndt"),
        ({"starts_at": NOW - timedelta(minutes=5)}, 409, "Mødet er allerede begyndt"),
        ({"cancelled_at": NOW, "cancel_reason": "Lederen er syg"}, 409, "Mødet er aflyst"),
        ({"offer_admission": Admission.ASK_TO_JOIN}, 403, "Bed selv om at komme med"),
        ({"offer_admission": Admission.THROUGH_COUNSELLOR}, 403, "Tal med din vejleder"),
    ],
)
def test_refused_sign_ups_say_why_with_the_right_status(client, login_as, meeting, app,
                                                       options, status, message):
    anna = login_as()
    refused = meeting(**options)
    for headers in ({}, HTMX):
        response = sign_up(client, refused, headers)
        assert response.status_code == status
        assert message in text_of(response)
    with app.app_context():
        assert db.session.scalar(select(Registration).where(
            Registration.citizen_id == anna.id)) is None


def test_the_refusal_page_without_javascript_shows_the_meeting_and_a_way_back(
        client, login_as, meeting):
    login_as()
    response = sign_up(client, meeting(offer_admission=Admission.ASK_TO_JOIN,
                                       offer_title="Angstcafé"))
    assert response.status_code == 403
    assert "<html" in response.text
    page = text_of(response)
    assert "Det kunne ikke lade sig gøre" in page
    assert "Angstcafé" in page
    assert 'href="/kalender"' in response.text


@pytest.mark.parametrize("status", [EnrolmentStatus.WAITLISTED, EnrolmentStatus.WITHDRAWN,
                                    EnrolmentStatus.COMPLETED])
def test_only_an_active_enrolment_lets_the_citizen_in(client, factory, login_as, meeting,
                                                      status):
    anna = login_as()
    course = meeting(offer_admission=Admission.ASK_TO_JOIN)
    factory.enrolment(citizen_id=anna.id, offer_id=course.offer_id, status=status)
    assert sign_up(client, course).status_code == 403


@pytest.mark.parametrize(("status", "message"), [
    (RegistrationStatus.SIGNED_UP, "Du er allerede tilmeldt"),
    (RegistrationStatus.WAITLISTED, "Du er allerede på ventelisten"),
])
def test_signing_up_twice_is_refused(client, factory, login_as, meeting, status, message):
    anna = login_as()
    walk = meeting()
    factory.registration(meeting_id=walk.id, citizen_id=anna.id, status=status,
                         waitlist_position=1 if status is RegistrationStatus.WAITLISTED
                         else None)
    response = sign_up(client, walk)
    assert response.status_code == 409
    assert message in text_of(response)


def test_staff_cannot_sign_up(client, login_as, meeting):
    login_as(role=Role.STAFF)
    assert sign_up(client, meeting()).status_code == 403


def test_sign_up_needs_a_login(client, meeting):
    walk = meeting()
    response = sign_up(client, walk)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/log-ind?next=")
    response = sign_up(client, walk, HTMX)
    assert response.status_code == 401
    assert response.headers["HX-Redirect"].startswith("/log-ind?next=")


def test_unknown_and_unpublished_meetings_are_not_found(client, login_as, meeting):
    login_as()
    assert client.post("/moeder/9999/tilmelding").status_code == 404
    assert sign_up(client, meeting(offer_status=OfferStatus.DRAFT)).status_code == 404


# -- Afbud ------------------------------------------------------------------------------------

def afbud_url(registration) -> str:
    return f"/tilmeldinger/{registration.id}/afbud"


def test_afbud_asks_first_then_thanks(client, factory, login_as, meeting, registration_of):
    anna = login_as()
    walk = meeting(offer_title="Gåtur i parken")
    own = factory.registration(meeting_id=walk.id, citizen_id=anna.id)
    confirm = client.get(afbud_url(own) + "?next=/")
    assert confirm.status_code == 200
    assert "Vil du melde afbud?" in text_of(confirm)
    assert registration_of(walk, anna).status is RegistrationStatus.SIGNED_UP
    response = client.post(afbud_url(own), data={"reason": "ill", "note": "Jeg har feber",
                                                 "next": "/"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    registration = registration_of(walk, anna)
    assert registration.status is RegistrationStatus.ABSENT
    assert registration.absence_reason is AbsenceReason.ILL
    assert registration.absence_note == "Jeg har feber"
    assert registration.absent_at is not None
    assert "Tak fordi du gav besked" in text_of(client.get("/"))


def test_afbud_without_a_reason_is_fine(client, factory, login_as, meeting, registration_of):
    anna = login_as()
    walk = meeting()
    own = factory.registration(meeting_id=walk.id, citizen_id=anna.id)
    assert client.post(afbud_url(own)).status_code == 303
    registration = registration_of(walk, anna)
    assert registration.status is RegistrationStatus.ABSENT
    assert registration.absence_reason is None and registration.absence_note is None


def test_afbud_confirm_step_with_htmx_is_swapped_in_place(client, factory, login_as, meeting):
    anna = login_as()
    walk = meeting()
    own = factory.registration(meeting_id=walk.id, citizen_id=anna.id)
    response = client.get(afbud_url(own), headers=HTMX)
    assert response.status_code == 200
    assert "<html" not in response.text
    assert f'id="meeting-{walk.id}-actions"' in response.text
    assert 'name="reason"' in response.text and 'name="note"' in response.text
    # "No, go back" brings the controls back in place.
    back = client.get(f"/moeder/{walk.id}?next=/", headers=HTMX)
    assert back.status_code == 200
    assert "Meld afbud" in text_of(back)
    assert "<html" not in back.text


def test_afbud_with_htmx_frees_the_seat_in_place(client, factory, login_as, meeting):
    anna = login_as()
    walk = meeting(offer_capacity=3)
    own = factory.registration(meeting_id=walk.id, citizen_id=anna.id)
    response = client.post(afbud_url(own), data={"reason": "transport"}, headers=HTMX)
    assert response.status_code == 200
    page = text_of(response)
    assert "Du har meldt afbud." in page
    assert "3 ledige pladser" in page
    assert "Fortryd afbud" in page
    assert "Tak fordi du gav besked" in page


def test_a_too_long_note_is_shown_next_to_the_field_and_kept(client, factory, login_as,
                                                             meeting, registration_of):
    anna = login_as()
    walk = meeting()
    own = factory.registration(meeting_id=walk.id, citizen_id=anna.id)
    note = "Jeg kan ikke komme. " * 16  # 320 characters
    for headers in ({}, HTMX):
        response = client.post(afbud_url(own), data={"reason": "other", "note": note},
                               headers=headers)
        assert response.status_code == 422
        error = re.search(r'id="note-error">(.*?)</span>\s*\n', response.text, re.S).group(1)
        assert "Skriv højst 300 tegn" in html.unescape(error)
        assert html.escape(note.strip(), quote=False) in response.text
        assert re.search(r'<input checked[^>]*value="other"', response.text)
    assert registration_of(walk, anna).status is RegistrationStatus.SIGNED_UP


def test_an_unknown_reason_is_refused(client, factory, login_as, meeting):
    anna = login_as()
    walk = meeting()
    own = factory.registration(meeting_id=walk.id, citizen_id=anna.id)
    assert client.post(afbud_url(own), data={"reason": "kedeligt"}).status_code == 422


def test_afbud_after_the_meeting_started_is_refused(client, factory, login_as, meeting):
    anna = login_as()
    started = meeting(starts_at=NOW - timedelta(minutes=10), ends_at=NOW + timedelta(hours=1))
    own = factory.registration(meeting_id=started.id, citizen_id=anna.id)
    for response in (client.get(afbud_url(own)), client.post(afbud_url(own)),
                     client.post(afbud_url(own), headers=HTMX)):
        assert response.status_code == 409
        assert "Mødet er begyndt" in text_of(response)


def test_afbud_twice_is_refused_kindly(client, factory, login_as, meeting):
    anna = login_as()
    walk = meeting()
    own = factory.registration(meeting_id=walk.id, citizen_id=anna.id,
                               status=RegistrationStatus.ABSENT, absent_at=NOW)
    response = client.post(afbud_url(own))
    assert response.status_code == 409
    assert "Du har allerede givet besked" in text_of(response)


def test_someone_elses_registration_is_not_found(client, factory, login_as, meeting):
    walk = meeting()
    other = factory.registration(meeting_id=walk.id, citizen_id=factory.user().id)
    login_as()
    assert client.get(afbud_url(other)).status_code == 404
    assert client.post(afbud_url(other)).status_code == 404
    assert client.post(f"/tilmeldinger/{other.id}/fortryd-afbud").status_code == 404


def test_afbud_gives_the_seat_to_the_first_on_the_waiting_list(factory, meeting, app,
                                                               registration_of):
    full = meeting(offer_capacity=1)
    (seat,), (first, second, third) = fill(factory, full, seats=1, waiting=3)
    with app.app_context():
        anna = db.session.get(Registration, seat.id).citizen
        services.call_in_absence(anna, seat.id)
        rows = {r.id: r for r in db.session.scalars(select(Registration))}
        assert rows[seat.id].status is RegistrationStatus.ABSENT
        assert rows[first.id].status is RegistrationStatus.SIGNED_UP
        assert rows[first.id].waitlist_position is None
        assert [rows[second.id].waitlist_position, rows[third.id].waitlist_position] == [1, 2]


def test_leaving_the_waiting_list_moves_the_others_up(client, factory, login_as, meeting,
                                                      registration_of):
    full = meeting(offer_capacity=1)
    _, (first, last) = fill(factory, full, seats=1, waiting=2)
    anna = login_as()
    own = factory.registration(meeting_id=full.id, citizen_id=anna.id,
                               status=RegistrationStatus.WAITLISTED, waitlist_position=3)
    leave = f"/tilmeldinger/{own.id}/forlad-venteliste"
    confirm = client.get(leave)
    assert "Vil du ud af ventelisten?" in text_of(confirm)
    client.post(leave)
    assert registration_of(full, anna).status is RegistrationStatus.LEFT_WAITLIST
    with app_context(client):
        assert db.session.get(Registration, first.id).waitlist_position == 1
        assert db.session.get(Registration, last.id).waitlist_position == 2
        assert db.session.get(Registration, first.id).status is RegistrationStatus.WAITLISTED


def app_context(client):
    return client.application.app_context()


def test_fill_free_seats_promotes_when_the_capacity_grows(factory, meeting, app):
    full = meeting(offer_capacity=1)
    _, (first, second) = fill(factory, full, seats=1, waiting=2)
    with app.app_context():
        from webapp.meetings.models import Meeting

        db.session.get(Meeting, full.id).capacity = 2
        db.session.commit()
        promoted = services.fill_free_seats(full.id)
        assert [r.id for r in promoted] == [first.id]
        assert db.session.get(Registration, second.id).waitlist_position == 1


# -- Undo -------------------------------------------------------------------------------------

def undo(client, registration, headers=None):
    return client.post(f"/tilmeldinger/{registration.id}/fortryd-afbud",
                       data={"next": "/"}, headers=headers or {})


def test_undo_gives_the_seat_back(client, factory, login_as, meeting, registration_of):
    anna = login_as()
    walk = meeting()
    own = factory.registration(meeting_id=walk.id, citizen_id=anna.id,
                               status=RegistrationStatus.ABSENT, absent_at=NOW,
                               absence_reason=AbsenceReason.ILL)
    response = undo(client, own, HTMX)
    assert response.status_code == 200
    assert "Du er tilmeldt." in text_of(response)
    registration = registration_of(walk, anna)
    assert registration.status is RegistrationStatus.SIGNED_UP
    assert registration.absent_at is None and registration.absence_reason is None
    # Without JavaScript: back to Hjem.
    client.post(afbud_url(own))
    response = undo(client, own)
    assert (response.status_code, response.headers["Location"]) == (303, "/")


def test_undo_when_the_seat_is_taken_is_refused(client, factory, login_as, meeting,
                                                registration_of):
    full = meeting(offer_capacity=1)
    fill(factory, full, seats=1)
    anna = login_as()
    own = factory.registration(meeting_id=full.id, citizen_id=anna.id,
                               status=RegistrationStatus.ABSENT, absent_at=NOW)
    for headers in ({}, HTMX):
        response = undo(client, own, headers)
        assert response.status_code == 409
        assert "Mødet er fuldt nu" in text_of(response)
    assert registration_of(full, anna).status is RegistrationStatus.ABSENT
    # The page offers the waiting list instead, and signing up again puts them on it.
    assert "Skriv mig på ventelisten" in text_of(client.get("/"))
    sign_up(client, full)
    assert registration_of(full, anna).waitlist_position == 1


def test_undo_after_the_meeting_started_is_refused(client, factory, login_as, meeting):
    anna = login_as()
    started = meeting(starts_at=NOW - timedelta(minutes=1), ends_at=NOW + timedelta(hours=1))
    own = factory.registration(meeting_id=started.id, citizen_id=anna.id,
                               status=RegistrationStatus.ABSENT, absent_at=NOW)
    response = undo(client, own)
    assert response.status_code == 409
    assert "kan ikke længere fortrydes" in text_of(response)


def test_undo_without_an_afbud_is_refused(client, factory, login_as, meeting):
    anna = login_as()
    own = factory.registration(meeting_id=meeting().id, citizen_id=anna.id)
    assert undo(client, own).status_code == 409


# -- Hjem -------------------------------------------------------------------------------------

def test_home_shows_the_next_meetings_with_their_controls(client, factory, login_as, meeting):
    anna = login_as(name="Anna Jensen")
    soon = meeting(offer_title="Transporttræning", starts_at=local_at(1, 10))
    later = meeting(offer_title="Gåtur", offer_capacity=1, starts_at=local_at(1, 10)
                    + timedelta(days=3))
    fill(factory, later, seats=1)
    cancelled = meeting(offer_title="Angstcafé", starts_at=local_at(1, 14),
                        cancelled_at=NOW, cancel_reason="Lederen er syg")
    factory.registration(meeting_id=soon.id, citizen_id=anna.id)
    factory.registration(meeting_id=later.id, citizen_id=anna.id,
                         status=RegistrationStatus.WAITLISTED, waitlist_position=1)
    factory.registration(meeting_id=cancelled.id, citizen_id=anna.id)
    page = text_of(client.get("/"))
    assert "I morgen kl. 10.00" in page
    assert page.index("Transporttræning") < page.index("Angstcafé") < page.index("Gåtur")
    assert "Meld afbud" in page
    assert "Du er nummer 1 på ventelisten." in page
    assert "Aflyst: Lederen er syg" in page


def test_home_without_meetings_points_to_the_groups(client, login_as):
    login_as()
    response = client.get("/")
    assert "Du er ikke meldt til nogen møder endnu" in text_of(response)
    assert 'href="/tilbud"' in response.text


def test_home_tells_that_a_seat_came_free_on_any_device(client, app, factory, login_as,
                                                        meeting):
    full = meeting(offer_title="Gåtur", offer_capacity=1)
    (seat,), _ = fill(factory, full, seats=1)
    citizen = login_as()
    sign_up(client, full)
    assert "Du har fået en plads" not in text_of(client.get("/"))
    with app.app_context():
        services.call_in_absence(db.session.get(Registration, seat.id).citizen, seat.id)
    # Another phone, a new login: the news is kept with the registration, not the session.
    other_phone = app.test_client()
    login(other_phone, citizen.email)
    page = text_of(other_phone.get("/"))
    assert "Du har fået en plads" in page
    assert "Godt nyt: Du har fået en plads fra ventelisten." in page
    assert "Du er tilmeldt." in page
    # Calling in absence afterwards ends the news.
    with app.app_context():
        own = db.session.scalar(select(Registration).where(
            Registration.citizen_id == citizen.id))
        services.call_in_absence(own.citizen, own.id)
    assert "Du har fået en plads" not in text_of(other_phone.get("/"))


def test_other_citizens_do_not_see_each_others_meetings(client, factory, login_as, meeting):
    walk = meeting(offer_title="Hemmelig gåtur")
    factory.registration(meeting_id=walk.id, citizen_id=factory.user().id)
    login_as()
    assert "Hemmelig gåtur" not in client.get("/").text
