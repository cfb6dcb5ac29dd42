"""Bad input gets the form back with a clear error next to the field, never a 500, on
SQLite and PostgreSQL: values of spaces only, dates far outside Sammen's years, characters a
database cannot store, a phone number longer than its column, and the same thing sent many
times at once (the database's unique constraints decide, and the answer is the same as for
one request after the other)."""

import re
import threading
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import event, func, select

from tests.conftest import facilitate, login, text_of
from tests.factories import PASSWORD, today
from webapp.auth.models import Role, User
from webapp.enrolments.models import Enrolment, EnrolmentStatus, Package
from webapp.extensions import db
from webapp.goals.models import Goal
from webapp.meetings.models import Meeting, Registration, RegistrationStatus
from webapp.offers.models import Admission, LegalBasis, Location, Municipality, Offer
from webapp.referrals.models import Referral, ReferralStatus

TODAY = today()
NUL = "a\x00b"
UNSTORABLE = "There is an invisible character here that we cannot save."
UNLIMITED = "1000 per minute"


@pytest.fixture
def app(make_app):
    # Rate limits have their own tests; here many requests come from one address.
    return make_app(REGISTER_RATE_LIMIT=UNLIMITED, LOGIN_RATE_LIMIT=UNLIMITED,
                    REFERRAL_RATE_LIMIT=UNLIMITED, REFERRAL_IP_RATE_LIMIT=UNLIMITED)


@pytest.fixture
def world(app, factory):
    """A counsellor running a drop-in walk, a § 85 course and an ask-to-join group; Anna in
    all of them (signed up, enrolled, asked), with a goal; an admin; a place."""
    staff = factory.user(role=Role.STAFF, name="Mette Holm", email="mette@example.dk",
                         language="en")
    admin = factory.user(role=Role.ADMIN, name="Ada Admin", email="ada@example.dk",
                         language="en")
    anna = factory.user(name="Anna Jensen", email="anna@example.dk", language="en")
    walk = factory.offer(title="Gåtur")
    course = factory.offer(title="Pakke-gruppen", legal_basis=LegalBasis.S85)
    asked = factory.offer(title="Angst-gruppen", admission=Admission.ASK_TO_JOIN)
    open_group = factory.offer(title="Kaffe-gruppen", admission=Admission.ASK_TO_JOIN)
    facilitate(app, staff, walk, course, asked, open_group)
    meeting = factory.meeting(offer_id=walk.id)
    registration = factory.registration(meeting_id=meeting.id, citizen_id=anna.id)
    enrolment = factory.enrolment(citizen_id=anna.id, offer_id=course.id,
                                  starts_on=TODAY - timedelta(days=30),
                                  package=Package.CLARIFICATION)
    goal = factory.goal(citizen_id=anna.id)
    referral = factory.referral(citizen_id=anna.id, offer_id=asked.id,
                                status=ReferralStatus.RECEIVED)
    place = factory.location()
    return SimpleNamespace(staff=staff, admin=admin, anna=anna, walk=walk, course=course,
                           open_group=open_group, meeting=meeting, registration=registration,
                           enrolment=enrolment, goal=goal, referral=referral, place=place)


def as_(client, user) -> None:
    """Log the client in as `user` (None: a visitor), reading English."""
    client.set_cookie("lang", "en")
    if user is not None:
        assert login(client, user.email).status_code == 303


def rows(app, model) -> list:
    with app.app_context():
        return list(db.session.scalars(select(model).order_by(model.id)))


def goal_data(**overrides) -> dict:
    data = {"title": "Tage bussen til Glostrup", "theme": "mobility", "goal_type": "develop",
            "offer_id": "", "target_date": "",
            "next_follow_up": (TODAY + timedelta(days=200)).isoformat()}
    data.update(overrides)
    return data


def meeting_day() -> str:
    return (TODAY + timedelta(days=3)).isoformat()


def series_data(**overrides) -> dict:
    data = {"weekday": str((TODAY + timedelta(days=3)).weekday()), "starts": "10:00",
            "ends": "11:00", "first_day": TODAY.isoformat(),
            "last_day": (TODAY + timedelta(days=20)).isoformat(), "skip": "", "location": ""}
    data.update(overrides)
    return data


REFERRAL = {"hopes": "Jeg vil gerne turde tage bussen igen.", "contact_methods": ["email"],
            "contact_times": ["morning"], "consent": "y"}
NEW_ACCOUNT = {"name": "Karin Holm", "email": "karin@example.dk", "password": PASSWORD}


# -- Spaces only -------------------------------------------------------------------------------

def test_spaces_as_the_afbud_reason_are_no_reason(client, app, world):
    as_(client, world.anna)
    response = client.post(f"/tilmeldinger/{world.registration.id}/afbud",
                           data={"reason": " ", "note": "  "})
    assert response.status_code == 303, response.text
    [row] = rows(app, Registration)
    assert row.status is RegistrationStatus.ABSENT
    assert row.absence_reason is None and not row.absence_note


@pytest.mark.parametrize("form", ["new", "series", "edit"])
def test_spaces_as_the_place_are_the_groups_usual_place(client, app, world, form):
    as_(client, world.staff)
    if form == "new":
        response = client.post(f"/personale/tilbud/{world.walk.id}/moeder/nyt", data={
            "day": meeting_day(), "starts": "10:00", "ends": "11:00", "location": " "})
    elif form == "series":
        response = client.post(f"/personale/tilbud/{world.walk.id}/moeder/serie",
                               data=series_data(location=" "))
    else:
        response = client.post(f"/personale/moeder/{world.meeting.id}/rediger", data={
            "day": meeting_day(), "starts": "10:00", "ends": "11:00", "location": " "})
    assert response.status_code == 303, response.text
    assert all(m.location_id is None for m in rows(app, Meeting))


@pytest.mark.parametrize("form", ["new", "edit"])
def test_spaces_as_the_next_follow_up_are_asked_for_again(client, app, world, form):
    as_(client, world.anna)
    url = "/maal/nyt" if form == "new" else f"/maal/{world.goal.id}/ret"
    response = client.post(url, data=goal_data(title="Gå en tur hver dag",
                                               next_follow_up=" "))
    assert response.status_code == 422
    assert 'id="next_follow_up-error"' in response.text
    assert "Choose a date for the next follow-up." in text_of(response)
    assert "Gå en tur hver dag" in response.text  # what was typed is still there
    [goal] = rows(app, Goal)
    assert goal.title == world.goal.title and goal.next_follow_up == world.goal.next_follow_up


def test_spaces_as_the_end_date_of_an_enrolment_are_asked_for_again(client, app, world):
    as_(client, world.staff)
    response = client.post(
        f"/personale/borgere/{world.anna.id}/forloeb/{world.enrolment.id}/afslut",
        data={"status": "completed", "ends_on": " "})
    assert response.status_code == 422
    assert 'id="ends_on-error"' in response.text
    assert "Write the date the course ended." in text_of(response)
    [enrolment] = rows(app, Enrolment)
    assert enrolment.status is EnrolmentStatus.ACTIVE and enrolment.ends_on is None


# -- Dates outside Sammen's years --------------------------------------------------------------

@pytest.mark.parametrize("args", ["fra=9999-12-31", "fra=0001-01-01",
                                  "fra=0001-01-01&til=0001-12-31",
                                  "fra=9999-12-01&til=9999-12-31", "til=9999-12-31"])
def test_statistics_refuse_dates_outside_sammens_years(client, world, args):
    as_(client, world.staff)
    page = client.get(f"/personale/statistik?{args}")
    assert page.status_code == 422
    assert "Choose a date from 1 January 2000 to" in text_of(page)
    assert args.split("&")[0].split("=")[1] in page.text  # the typed date is kept
    csv = client.get(f"/personale/statistik/sammen-statistik.csv?{args}")
    assert csv.status_code == 303 and "/personale/statistik?" in csv.headers["Location"]


@pytest.mark.parametrize("form", ["goal", "meeting", "end"])
def test_other_date_fields_refuse_dates_outside_sammens_years(client, app, world, form):
    far = "9999-12-31"
    if form == "goal":
        as_(client, world.anna)
        response = client.post("/maal/nyt", data=goal_data(target_date=far))
        field = "target_date"
    elif form == "meeting":
        as_(client, world.staff)
        response = client.post(f"/personale/tilbud/{world.walk.id}/moeder/nyt", data={
            "day": far, "starts": "23:00", "ends": "23:30"})
        field = "day"
    else:
        as_(client, world.staff)
        response = client.post(
            f"/personale/borgere/{world.anna.id}/forloeb/{world.enrolment.id}/afslut",
            data={"status": "completed", "ends_on": far})
        field = "ends_on"
    assert response.status_code == 422, response.text
    assert f'id="{field}-error"' in response.text
    assert "Choose a date from 1 January 2000 to" in text_of(response)
    assert far in response.text


# -- Characters no database can store ----------------------------------------------------------

POST_CASES = [
    ("visitor", "/opret-konto", {**NEW_ACCOUNT, "name": NUL}, "name"),
    ("visitor", "/log-ind", {"email": f"{NUL}@example.dk", "password": PASSWORD}, "email"),
    ("anna", "/maal/nyt", goal_data(title=NUL), "title"),
    ("anna", "/maal/{goal}/ret", goal_data(title=NUL), "title"),
    ("anna", "/maal/{goal}/tjek-ind", {"score": "5", "note": NUL}, "note"),
    ("anna", "/tilmeldinger/{registration}/afbud", {"note": NUL}, "note"),
    ("anna", "/tilbud/{open_group}/spoerg-om-plads", {**REFERRAL, "hopes": NUL}, "hopes"),
    ("visitor", "/tilbud/{open_group}/spoerg-om-plads",
     {**REFERRAL, **NEW_ACCOUNT, "name": NUL}, "name"),
    ("staff", "/personale/henvendelser/{referral}/svar", {"decision": "offer", "note": NUL},
     "note"),
    ("staff", "/personale/moeder/{meeting}/aflys", {"reason": NUL}, "reason"),
    ("staff", "/personale/tilbud/{walk}/moeder/serie", "SERIES", "skip"),
    ("staff", "/personale/tilbud/nyt", "OFFER", "title"),
    ("admin", "/admin/kommuner", {"name": NUL, "code": "999"}, "name"),
    ("admin", "/admin/steder/ny", "LOCATION", "name"),
    ("admin", "/admin/personale", {**NEW_ACCOUNT, "name": NUL, "role": "staff"}, "name"),
    ("admin", "/admin/personale/{staff}/adgangskode", {"how": "type", "password": NUL * 4},
     "password"),
]


def _data(kind, world) -> dict:
    if kind == "SERIES":
        return series_data(skip=NUL)
    if kind == "OFFER":
        return {"title": NUL, "summary": "Vi går en tur sammen.",
                "description": "Vi mødes ved biblioteket og går en tur.", "topic": "movement",
                "legal_basis": "82a", "admission": "drop_in", "kind": "open",
                "capacity": "12", "location": str(world.place.id),
                "facilitators": [str(world.staff.id)], "languages": ["da"]}
    if kind == "LOCATION":
        return {"name": NUL, "address": "Vejen 1", "postcode": "2635", "city": "Ishøj",
                "municipality_id": str(world.place.municipality_id)}
    return kind


@pytest.mark.parametrize("who, url, data, field", POST_CASES,
                         ids=[f"{case[1]}:{case[3]}" for case in POST_CASES])
def test_a_nul_character_is_refused_next_to_the_field(client, app, world, who, url, data,
                                                      field):
    as_(client, None if who == "visitor" else getattr(world, who))
    ids = {name: getattr(world, name).id for name in
           ("goal", "registration", "open_group", "referral", "meeting", "walk", "staff")}
    counts = {model: len(rows(app, model)) for model in (User, Goal, Offer, Meeting, Referral,
                                                         Municipality, Location)}
    response = client.post(url.format(**ids), data=_data(data, world))
    assert response.status_code == 422, response.text
    assert f'{field}-error"' in response.text
    assert UNSTORABLE in text_of(response)
    if field != "password":
        assert NUL in response.text  # what was typed comes back (the browser shows a mark)
    assert {model: len(rows(app, model)) for model in counts} == counts


@pytest.mark.parametrize("who, url", [(None, "/tilbud"), ("staff", "/personale/borgere")])
def test_a_nul_character_in_a_search_is_refused_next_to_it(client, world, who, url):
    as_(client, getattr(world, who) if who else None)
    response = client.get(f"{url}?q=a%00b")
    assert response.status_code == 422, response.text
    assert 'id="q-error"' in response.text and UNSTORABLE in text_of(response)
    assert NUL in response.text


@pytest.mark.parametrize("body", [5, "x", [1, 2], {"name": 5, "email": 7, "password": 8}])
@pytest.mark.parametrize("who, url", [(None, "/opret-konto"), ("anna", "/maal/nyt"),
                                      ("admin", "/admin/kommuner")])
def test_a_json_body_is_no_form(client, app, world, who, url, body):
    """The forms come as form data; a JSON body (numbers, lists) is an empty form."""
    as_(client, getattr(world, who) if who else None)
    counts = {model: len(rows(app, model)) for model in (User, Goal, Municipality)}
    response = client.post(url, json=body)
    assert response.status_code == 422, response.text
    assert {model: len(rows(app, model)) for model in counts} == counts


# -- A phone number longer than its column -----------------------------------------------------

TOO_LONG_PHONE = "+" + "1" * 20  # 21 characters: the pattern allows it, the column does not


@pytest.mark.parametrize("who, form", [("anna", "ask"), (None, "ask"), (None, "register"),
                                       ("admin", "staff")])
def test_a_phone_number_longer_than_the_column_is_refused(client, app, world, who, form):
    as_(client, getattr(world, who) if who else None)
    if form == "ask":
        data = {**REFERRAL, "contact_methods": ["phone"], "phone": TOO_LONG_PHONE}
        if who is None:
            data.update(NEW_ACCOUNT)
        response = client.post(f"/tilbud/{world.open_group.id}/spoerg-om-plads", data=data)
    elif form == "register":
        response = client.post("/opret-konto", data={**NEW_ACCOUNT, "phone": TOO_LONG_PHONE})
    else:
        response = client.post("/admin/personale", data={**NEW_ACCOUNT, "role": "staff",
                                                         "phone": TOO_LONG_PHONE})
    assert response.status_code == 422, response.text
    assert 'id="phone-error"' in response.text
    assert "The phone number is too long." in text_of(response)
    assert TOO_LONG_PHONE in response.text
    with app.app_context():
        assert db.session.scalar(select(User.phone).where(User.id == world.anna.id)) is None
        assert db.session.scalar(select(func.count()).select_from(Referral)) == 1


# -- The same thing many times at once ---------------------------------------------------------

AT_ONCE = 10


def at_once(app, table: str, requests) -> list:
    """Send each request from its own client (its own session) in its own thread. Every
    INSERT into `table` waits until all requests have got that far, so each has passed the
    form's own check before any of them saves: the race the database must decide. Returns
    the responses."""
    barrier = threading.Barrier(len(requests), timeout=15)

    def hold(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith(f"INSERT INTO {table.upper()} "):
            try:
                barrier.wait()
            except threading.BrokenBarrierError:
                pass  # some requests never insert (they were refused first): go on

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", hold)
    responses = [None] * len(requests)

    def run(n, request):
        responses[n] = request()

    threads = [threading.Thread(target=run, args=(n, r)) for n, r in enumerate(requests)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        event.remove(engine, "before_cursor_execute", hold)
    assert not any(thread.is_alive() for thread in threads), "a request hung"
    return responses


def logged_in_client(app, user):
    client = app.test_client()
    as_(client, user)
    return client


def test_the_same_new_email_registered_at_once_makes_one_account(app, world):
    def register():
        client = logged_in_client(app, None)
        return client.post("/opret-konto", data={**NEW_ACCOUNT, "email": "ny@example.dk"})

    responses = at_once(app, "users", [register] * AT_ONCE)
    assert sorted(r.status_code for r in responses) == [303] + [422] * (AT_ONCE - 1)
    for response in responses:
        if response.status_code == 422:
            assert 'id="email-error"' in response.text
            assert "There is already an account with this e-mail." in text_of(response)
            assert "ny@example.dk" in response.text
    assert [u.email for u in rows(app, User)].count("ny@example.dk") == 1


def test_the_same_new_email_asking_to_join_at_once_makes_one_account(app, world):
    def ask():
        client = logged_in_client(app, None)
        return client.post(f"/tilbud/{world.open_group.id}/spoerg-om-plads",
                           data={**REFERRAL, **NEW_ACCOUNT, "email": "ny@example.dk"})

    responses = at_once(app, "users", [ask] * AT_ONCE)
    assert sorted(r.status_code for r in responses) == [303] + [422] * (AT_ONCE - 1)
    for response in responses:
        if response.status_code == 422:
            assert "There is already an account with this e-mail." in text_of(response)
            assert "Jeg vil gerne turde tage bussen igen." in response.text
    assert [u.email for u in rows(app, User)].count("ny@example.dk") == 1
    assert len(rows(app, Referral)) == 2  # Anna's, and the new citizen's one


@pytest.mark.parametrize("field", ["code", "name"])
def test_the_same_municipality_added_at_once_is_added_once(app, world, field):
    def add(n):
        data = {"name": f"Brøndby {n}", "code": f"{n + 100}"}
        data[field] = {"code": "153", "name": "Brøndby"}[field]
        return lambda: logged_in_client(app, world.admin).post("/admin/kommuner", data=data)

    before = len(rows(app, Municipality))
    responses = at_once(app, "municipalities", [add(n) for n in range(AT_ONCE)])
    assert sorted(r.status_code for r in responses) == [303] + [422] * (AT_ONCE - 1)
    message = {"code": "There is already a municipality with this code.",
               "name": "There is already a municipality with this name."}[field]
    for response in responses:
        if response.status_code == 422:
            assert f'id="{field}-error"' in response.text and message in text_of(response)
    assert len(rows(app, Municipality)) == before + 1


def _goal_form(client) -> dict:
    """The new-goal form as the browser sends it: its hidden fields, and the goal."""
    page = client.get("/maal/nyt").text
    hidden = dict(re.findall(r'<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"',
                             page))
    hidden.update(re.findall(r'<input[^>]*name="([^"]+)"[^>]*type="hidden"[^>]*value="([^"]*)"',
                             page))
    return {**hidden, **goal_data(title="Gå en tur hver dag")}


def test_the_same_goal_form_sent_ten_times_makes_one_goal(client, app, world):
    as_(client, world.anna)
    data = _goal_form(client)
    responses = [client.post("/maal/nyt", data=data) for _ in range(AT_ONCE)]
    new = [g for g in rows(app, Goal) if g.title == "Gå en tur hver dag"]
    assert len(new) == 1
    assert {r.status_code for r in responses} == {303}
    assert {r.headers["Location"] for r in responses} == {f"/maal/{new[0].id}"}
    # A new form is a new goal, even with the same words.
    assert client.post("/maal/nyt", data=_goal_form(client)).status_code == 303
    assert len([g for g in rows(app, Goal) if g.title == "Gå en tur hver dag"]) == 2


def test_the_same_goal_form_sent_ten_times_at_once_makes_one_goal(app, world):
    client = logged_in_client(app, world.anna)
    data = _goal_form(client)
    cookie = client.get_cookie("session")

    def send():
        other = app.test_client()
        other.set_cookie("session", cookie.value)
        other.set_cookie("lang", "en")
        return other.post("/maal/nyt", data=data)

    responses = at_once(app, "goals", [send] * AT_ONCE)
    new = [g for g in rows(app, Goal) if g.title == "Gå en tur hver dag"]
    assert len(new) == 1
    assert {r.status_code for r in responses} == {303}
    assert {r.headers["Location"] for r in responses} == {f"/maal/{new[0].id}"}
