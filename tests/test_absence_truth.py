"""What the afbud form promises is what happens: the reason reaches the staff who run the
group and the statistics, the message only the group's own counsellors; and leaving a waiting
list is its own thing, not an afbud (its own words, no reason asked, counted nowhere)."""

import csv
import io
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from tests.conftest import HTMX, facilitate, login, text_of
from tests.factories import today
from webapp.auth.models import Role
from webapp.extensions import db
from webapp.meetings.models import AbsenceReason, Meeting, Registration, RegistrationStatus

NOTE = "Jeg skal til tandlæge, men jeg kommer næste gang."


def staff_client(app, factory, role=Role.STAFF, name="Mette Holm", lang="en"):
    """A new client logged in as a new staff member who reads English (or `lang`)."""
    user = factory.user(role=role, name=name)
    client = app.test_client()
    client.set_cookie("lang", lang)
    assert login(client, user.email).status_code == 303
    return client, user


@pytest.fixture
def group(app, factory):
    """A drop-in group run by counsellor Mette, with a meeting in two days."""
    offer = factory.offer(title="Gåtur ved stranden", capacity=3)
    meeting = factory.meeting(offer_id=offer.id)
    mette_client, mette = staff_client(app, factory)
    facilitate(app, mette, offer)
    return {"offer": offer, "meeting": meeting, "mette": mette_client}


def status_of(app, registration_id):
    with app.app_context():
        return db.session.get(Registration, registration_id).status


# -- The afbud reaches the group's counsellors ---------------------------------------------------

def call_in_absence(client, factory, meeting, reason="appointment", note=NOTE):
    """A citizen signs up and calls in absence through the form, with a reason and a note."""
    citizen = factory.user(name="Karin Holm")
    assert login(client, citizen.email).status_code == 303
    registration = factory.registration(meeting_id=meeting.id, citizen_id=citizen.id)
    response = client.post(f"/tilmeldinger/{registration.id}/afbud",
                           data={"reason": reason, "note": note, "next": "/"})
    assert response.status_code == 303
    return registration


def test_the_groups_counsellor_reads_the_reason_and_the_message_on_the_roster(
        client, app, factory, group):
    call_in_absence(client, factory, group["meeting"])
    roster = group["mette"].get(f"/personale/moeder/{group['meeting'].id}")
    assert roster.status_code == 200
    text = text_of(roster)
    assert "Karin H." in text and "Absent with notice" in text
    assert "Reason: Another appointment" in text
    assert f"Message from the citizen: {NOTE}" in text


def test_every_counsellor_of_the_group_reads_it_in_danish_too(client, app, factory, group):
    call_in_absence(client, factory, group["meeting"], reason="ill")
    jonas_client, jonas = staff_client(app, factory, name="Jonas Madsen", lang="da")
    facilitate(app, jonas, group["offer"])
    text = text_of(jonas_client.get(f"/personale/moeder/{group['meeting'].id}"))
    assert "Grund: Syg" in text
    assert f"Besked fra borgeren: {NOTE}" in text


def test_a_counsellor_of_another_group_sees_neither(client, app, factory, group):
    call_in_absence(client, factory, group["meeting"])
    other, other_user = staff_client(app, factory, name="Jonas Madsen")
    facilitate(app, other_user, factory.offer(title="Strikkeklub"))
    roster = other.get(f"/personale/moeder/{group['meeting'].id}")
    assert roster.status_code == 404
    assert NOTE not in roster.text and "Another appointment" not in roster.text


def test_an_admin_sees_the_reason_but_not_the_message_unless_they_run_the_group(
        client, app, factory, group):
    call_in_absence(client, factory, group["meeting"])
    admin, admin_user = staff_client(app, factory, role=Role.ADMIN, name="Ada Admin")
    address = f"/personale/moeder/{group['meeting'].id}"
    text = text_of(admin.get(address))
    assert "Reason: Another appointment" in text
    assert NOTE not in text and "Message from the citizen" not in text
    # An admin who is also one of the group's counsellors reads it.
    facilitate(app, admin_user, group["offer"])
    assert NOTE in text_of(admin.get(address))


def test_the_message_is_shown_as_text(client, app, factory, group):
    call_in_absence(client, factory, group["meeting"], note="<b>fed</b> & glad")
    page = group["mette"].get(f"/personale/moeder/{group['meeting'].id}").text
    assert "&lt;b&gt;fed&lt;/b&gt; &amp; glad" in page and "<b>fed</b>" not in page


def test_the_row_a_mark_swaps_in_keeps_reason_and_message(client, app, factory, group):
    registration = call_in_absence(client, factory, group["meeting"])
    # The counsellor taps "absent with notice" on it again (htmx): the row comes back whole.
    response = group["mette"].post(
        f"/personale/moeder/{group['meeting'].id}/tilmeldinger/{registration.id}/fremmoede",
        data={"status": "absent"}, headers=HTMX)
    assert response.status_code == 200
    assert "Reason: Another appointment" in text_of(response) and NOTE in response.text


def test_the_form_says_who_reads_the_reason_and_who_reads_the_message(client, factory, group):
    citizen = factory.user()
    login(client, citizen.email)
    registration = factory.registration(meeting_id=group["meeting"].id, citizen_id=citizen.id)
    text = text_of(client.get(f"/tilmeldinger/{registration.id}/afbud"))
    assert ("Gruppens vejledere og de medarbejdere i kommunen, der styrer Sammen, kan se "
            "grunden. Den tælles med i statistikken, men uden dit navn.") in text
    assert "Besked til gruppens vejledere (frivilligt)" in text
    assert "Kun gruppens vejledere kan læse den. Højst 300 tegn." in text
    assert "gruppelederen" not in text


# -- The statistics count the reasons ------------------------------------------------------------

@pytest.fixture
def held_afbud(app, factory, group):
    """A meeting held ten days ago: five citizens called in absence as ill, two because they
    could not get there, one without a reason, and four came."""
    offer = group["offer"]
    starts = datetime.now(UTC).replace(microsecond=0) - timedelta(days=10)
    held = factory.meeting(offer_id=offer.id, starts_at=starts,
                           ends_at=starts + timedelta(hours=2))
    reasons = [AbsenceReason.ILL] * 5 + [AbsenceReason.TRANSPORT] * 2 + [None]
    for reason in reasons:
        factory.registration(meeting_id=held.id, citizen_id=factory.user().id,
                             status=RegistrationStatus.ABSENT, absence_reason=reason,
                             absent_at=starts - timedelta(days=1))
    for _ in range(4):
        factory.registration(meeting_id=held.id, citizen_id=factory.user().id,
                             status=RegistrationStatus.ATTENDED, attended_at=starts)
    return held


def period() -> str:
    return f"fra={today() - timedelta(days=30)}&til={today()}"


def reasons_section(page: str) -> str:
    """The text of the statistics page's section on afbud by reason."""
    section = re.search(r'aria-labelledby="reasons-heading">(.*?)</section>', page, re.S)
    assert section, "no section on afbud by reason"
    return " ".join(re.sub(r"<[^>]+>", " ", section.group(1)).split())


def test_the_statistics_count_afbud_by_reason_and_hide_small_numbers(group, held_afbud):
    page = group["mette"].get(f"/personale/statistik?{period()}")
    assert page.status_code == 200
    text = reasons_section(page.text)
    assert "Absence with notice by reason" in text
    assert "Ill 5 62%" in text  # 5 of 8 afbud
    # Two citizens and one citizen: too few to show.
    assert "Cannot get there fewer than 5 fewer than 5" in text
    assert "No reason given fewer than 5 fewer than 5" in text
    assert "Another appointment" not in text  # nobody gave it


def test_the_csv_has_the_reasons_too(group, held_afbud):
    response = group["mette"].get(f"/personale/statistik/sammen-statistik.csv?{period()}")
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff")), delimiter=";"))
    start = rows.index(["Reason for absence", "Number", "Share of all absences with notice (%)"])
    assert rows[start + 1] == ["Ill", "5", "62.5"]
    assert rows[start + 2] == ["Cannot get there", "fewer than 5", "fewer than 5"]


# -- Leaving a waiting list is not an afbud -------------------------------------------------------

@pytest.fixture
def waiting(app, client, factory, group):
    """The group's meeting is full (3 seats); citizen Karin is number 1 on its waiting list
    and logged in, Bo is number 2."""
    meeting = group["meeting"]
    for _ in range(3):
        factory.registration(meeting_id=meeting.id, citizen_id=factory.user().id)
    karin = factory.user(name="Karin Holm")
    own = factory.registration(meeting_id=meeting.id, citizen_id=karin.id,
                               status=RegistrationStatus.WAITLISTED, waitlist_position=1)
    bo = factory.registration(meeting_id=meeting.id, citizen_id=factory.user(name="Bo Berg").id,
                              status=RegistrationStatus.WAITLISTED, waitlist_position=2)
    assert login(client, karin.email).status_code == 303
    return {"own": own, "bo": bo, "meeting": meeting}


def leave_link(client, registration) -> str:
    """The address Hjem's "leave the waiting list" button opens for this registration."""
    page = client.get("/").text
    found = re.search(rf'href="(/tilmeldinger/{registration.id}/[^"?]+)\?next=/"', page)
    assert found, "Hjem has no button to leave the waiting list"
    return found.group(1)


def leave(client, registration, headers=None):
    """Leave the waiting list as Hjem leads the citizen: open the button, send its form."""
    address = leave_link(client, registration)
    confirm = client.get(address + "?next=/")
    action = re.search(r'<form method="post" action="(/tilmeldinger/[^"]+)"', confirm.text).group(1)
    return confirm, client.post(action, data={"next": "/"}, headers=headers or {})


def test_leaving_asks_no_reason_and_says_what_it_is(app, client, waiting):
    confirm, response = leave(client, waiting["own"])
    text = text_of(confirm)
    assert "Vil du ud af ventelisten?" in text
    assert "Hvorfor kan du ikke komme?" not in text and "afbud" not in text.lower()
    assert 'name="reason"' not in confirm.text and 'name="note"' not in confirm.text
    assert response.status_code == 303
    assert status_of(app, waiting["own"].id) is RegistrationStatus.LEFT_WAITLIST
    home = text_of(client.get("/"))
    assert "Du er ikke længere på ventelisten til Gåtur ved stranden" in home
    assert "meldt afbud" not in home


def test_leaving_with_htmx_says_you_are_no_longer_on_the_list(app, client, waiting):
    _confirm, response = leave(client, waiting["own"], headers=HTMX)
    assert response.status_code == 200
    text = text_of(response)
    assert "Du er ikke længere på ventelisten." in text
    assert "afbud" not in text.lower()
    # The place can be taken up again: the meeting is full, so it is the waiting list.
    assert "Skriv mig på ventelisten" in text


def test_the_next_on_the_list_moves_up(app, client, waiting):
    leave(client, waiting["own"])
    with app.app_context():
        bo = db.session.get(Registration, waiting["bo"].id)
        assert (bo.status, bo.waitlist_position) == (RegistrationStatus.WAITLISTED, 1)


def test_signing_up_again_puts_the_citizen_at_the_back_of_the_list(app, client, waiting):
    leave(client, waiting["own"])
    # Kalender offers the meeting again among the open meetings.
    calendar = client.get("/kalender").text
    assert f'action="/moeder/{waiting["meeting"].id}/tilmelding"' in calendar
    response = client.post(f"/moeder/{waiting['meeting'].id}/tilmelding",
                           data={"next": "/kalender"})
    assert response.status_code == 303
    with app.app_context():
        own = db.session.get(Registration, waiting["own"].id)
        assert (own.status, own.waitlist_position) == (RegistrationStatus.WAITLISTED, 2)


def test_the_afbud_form_is_not_for_the_waiting_list(client, waiting):
    response = client.get(f"/tilmeldinger/{waiting['own'].id}/afbud")
    assert response.status_code == 409
    text = text_of(response)
    assert "Du står på ventelisten og har ikke fået en plads endnu" in text
    assert "Hvorfor kan du ikke komme?" not in text


def test_a_seat_that_came_meanwhile_is_not_left_by_mistake(app, client, factory, waiting):
    address = leave_link(client, waiting["own"])
    # A seat frees up and goes to Karin while the confirm step is open.
    with app.app_context():
        db.session.execute(update(Registration).where(Registration.id == waiting["own"].id)
                           .values(status=RegistrationStatus.SIGNED_UP, waitlist_position=None))
        db.session.commit()
    response = client.post(address, data={"next": "/"})
    assert response.status_code == 409
    assert "Godt nyt: Du har fået en plads til mødet" in text_of(response)
    assert status_of(app, waiting["own"].id) is RegistrationStatus.SIGNED_UP


def test_leaving_is_counted_nowhere_as_afbud(app, client, factory, group, waiting):
    leave(client, waiting["own"])
    roster = group["mette"].get(f"/personale/moeder/{waiting['meeting'].id}")
    assert "Absent with notice: <strong>0</strong>" in roster.text
    assert "Karin H." not in roster.text
    today_page = group["mette"].get("/personale/").text
    assert "Absent with notice: <strong>1</strong>" not in today_page
    # The meeting is held: the statistics count no afbud for it.
    with app.app_context():
        starts = datetime.now(UTC).replace(microsecond=0) - timedelta(days=3)
        db.session.execute(update(Meeting).where(Meeting.id == waiting["meeting"].id)
                           .values(starts_at=starts, ends_at=starts + timedelta(hours=2)))
        db.session.execute(update(Registration).where(
            Registration.meeting_id == waiting["meeting"].id,
            Registration.status == RegistrationStatus.SIGNED_UP,
        ).values(status=RegistrationStatus.ATTENDED))
        db.session.commit()
        assert db.session.scalar(select(Registration.status).where(
            Registration.id == waiting["own"].id)) is RegistrationStatus.LEFT_WAITLIST
    for _ in range(2):  # five came: enough citizens to show the numbers
        factory.registration(meeting_id=waiting["meeting"].id, citizen_id=factory.user().id,
                             status=RegistrationStatus.ATTENDED, attended_at=starts)
    response = group["mette"].get(f"/personale/statistik/sammen-statistik.csv?{period()}")
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff")), delimiter=";"))
    offer_row = next(row for row in rows if row and row[0] == "Gåtur ved stranden")
    assert offer_row[3] == "0.0"  # absence with notice (%): none
    assert ["Reason for absence", "Number", "Share of all absences with notice (%)"] \
        == rows[-1]  # and no reasons under it
