"""Citizens in my groups: the list, the citizen page with its purpose and audit trail, and
§ 85 enrolments with package and support level, as the counsellor and as the citizen."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.conftest import count_queries, facilitate, login, text_of
from tests.factories import today
from webapp.audit.models import AuditAction, AuditEvent
from webapp.auth.models import Role, User
from webapp.citizens import services
from webapp.enrolments.models import Enrolment, EnrolmentStatus, Package, SupportLevel
from webapp.extensions import db
from webapp.meetings.models import RegistrationStatus
from webapp.offers.models import LegalBasis, Offer
from webapp.referrals.models import ReferralStatus

TODAY = today()


@pytest.fixture
def groups(app, factory):
    """Counsellor Mette runs a § 85 course and a walking group; Anna is in her walking group,
    Bo only in somebody else's group."""
    mette = factory.user(role=Role.STAFF, name="Mette Holm", email="mette@example.dk",
                         language="en")
    course = factory.offer(title="Pakke-gruppen", legal_basis=LegalBasis.S85)
    walk = factory.offer(title="Gåtur")
    other = factory.offer(title="Andres gruppe")
    other_course = factory.offer(title="Andres forløb", legal_basis=LegalBasis.S85)
    facilitate(app, mette, course)
    facilitate(app, mette, walk)
    anna = factory.user(name="Anna Jensen", language="en")
    bo = factory.user(name="Bo Nielsen")
    meeting = factory.meeting(offer_id=walk.id)
    factory.registration(meeting_id=meeting.id, citizen_id=anna.id)
    factory.registration(meeting_id=factory.meeting(offer_id=other.id).id, citizen_id=bo.id)
    return {"mette": mette, "course": course, "walk": walk, "other": other,
            "other_course": other_course, "anna": anna, "bo": bo, "meeting": meeting}


def test_the_list_shows_only_citizens_in_my_groups_and_searches_by_name(client, groups,
                                                                       factory):
    login(client, groups["mette"].email)
    page = client.get("/personale/borgere").text
    assert "Anna Jensen" in page and "Bo Nielsen" not in page
    assert "Anna Jensen" in client.get("/personale/borgere?q=ANNA").text
    assert "Anna Jensen" not in client.get("/personale/borgere?q=bo").text
    # A search with SQL wildcards finds nothing rather than everything.
    assert "Anna Jensen" not in client.get("/personale/borgere?q=%25").text
    fragment = client.get("/personale/borgere?q=an", headers={"HX-Request": "true"})
    assert "<html" not in fragment.text and "Anna Jensen" in fragment.text


def test_an_admin_sees_every_citizen(client, groups, login_as):
    login_as(role=Role.ADMIN)
    page = client.get("/personale/borgere").text
    assert "Anna Jensen" in page and "Bo Nielsen" in page


def test_a_long_list_goes_a_page_at_a_time_by_page(client, factory, login_as):
    """Every paginated list reads `page`: the second page has the rest, and links to it."""
    for n in range(35):
        factory.user(name=f"Borger {n:02d}")
    login_as(role=Role.ADMIN, language="da")
    first = client.get("/personale/borgere").text
    assert "Borger 00" in first and "Borger 34" not in first
    assert "/personale/borgere?page=2" in first
    second = client.get("/personale/borgere?page=2").text
    assert "Borger 34" in second and "Borger 00" not in second
    assert "/personale/borgere?page=1" in second


def test_the_page_asks_why_first_then_records_the_opening(client, app, groups):
    anna = groups["anna"]
    login(client, groups["mette"].email)
    chooser = client.get(f"/personale/borgere/{anna.id}")
    assert chooser.status_code == 200
    assert "Why are you opening the information about Anna Jensen?" in text_of(chooser)
    assert f"formaal={services.Purpose.GOALS.value}" in chooser.text
    with app.app_context():
        assert db.session.scalar(select(AuditEvent)) is None  # nothing seen yet

    page = client.get(f"/personale/borgere/{anna.id}?formaal=maal")
    assert page.status_code == 200
    assert "Following up on goals" in text_of(page)
    with app.app_context():
        event = db.session.scalars(select(AuditEvent)).one()
        assert (event.actor_id, event.subject_id, event.action) == (
            groups["mette"].id, anna.id, AuditAction.VIEW)
        assert event.purpose == "goals"

    # Anna sees the date and the purpose, never the counsellor's name.
    client.post("/log-ud")
    login(client, anna.email)
    profile = text_of(client.get("/profil"))
    assert "To follow up on your goals" in profile
    assert "Mette" not in profile


@pytest.mark.parametrize("who", ["outside", "staff", "missing"])
def test_a_citizen_outside_my_groups_is_not_found(client, groups, who):
    login(client, groups["mette"].email)
    citizen_id = {"outside": groups["bo"].id, "staff": groups["mette"].id,
                  "missing": 999999}[who]
    for url in (f"/personale/borgere/{citizen_id}", f"/personale/borgere/{citizen_id}?formaal=maal",
                f"/personale/borgere/{citizen_id}/indskriv"):
        assert client.get(url).status_code == 404


def test_the_page_shows_attendance_goals_enrolments_and_referrals_of_my_groups(
        client, groups, factory):
    anna, walk = groups["anna"], groups["walk"]
    past = factory.meeting(offer_id=walk.id, starts_at=groups["meeting"].starts_at
                           - timedelta(days=9))
    factory.registration(meeting_id=past.id, citizen_id=anna.id,
                         status=RegistrationStatus.ATTENDED)
    other = factory.meeting(offer_id=groups["other"].id)
    factory.registration(meeting_id=other.id, citizen_id=anna.id)
    factory.enrolment(citizen_id=anna.id, offer_id=groups["course"].id,
                      package=Package.PACKAGE_2, support_level=SupportLevel.HIGH)
    shared = factory.goal(citizen_id=anna.id, title="Tage bussen alene", shared_with_staff=True,
                          offer_id=walk.id)
    factory.check_in(goal_id=shared.id, score=4, author_id=anna.id)
    factory.goal(citizen_id=anna.id, title="Min hemmelighed", shared_with_staff=False)
    factory.referral(citizen_id=anna.id, offer_id=walk.id, status=ReferralStatus.RECEIVED)
    login(client, groups["mette"].email)
    page = text_of(client.get(f"/personale/borgere/{anna.id}?formaal=fremmoede"))
    assert "Came to 1 of 1 past meeting." in page
    assert "Package 2" in page and "Substantial support: 4 to 6 hours a week" in page
    assert "Tage bussen alene" in page and "Min hemmelighed" not in page
    assert "4 of 10" in page
    # The summary speaks to the citizen ("You have …"), so the counsellor is told whose words.
    assert "The citizen reads:" in page
    assert "Received" in page
    assert "Andres gruppe" not in page  # somebody else's group is not my business


def test_the_citizen_page_runs_a_fixed_number_of_queries(app, client, groups, factory):
    anna = groups["anna"]

    def more():
        meeting = factory.meeting(offer_id=groups["walk"].id)
        factory.registration(meeting_id=meeting.id, citizen_id=anna.id)
        offer = factory.offer()
        facilitate(app, groups["mette"], offer)
        goal = factory.goal(citizen_id=anna.id, shared_with_staff=True, offer_id=offer.id)
        factory.check_in(goal_id=goal.id, author_id=anna.id)
        factory.referral(citizen_id=anna.id, offer_id=offer.id)
        factory.enrolment(citizen_id=anna.id, offer_id=offer.id)

    more()
    login(client, groups["mette"].email)
    url = f"/personale/borgere/{anna.id}?formaal=maal"
    client.get(url)  # the look-up is written once; the reloads below are the same look
    with count_queries(app) as before:
        client.get(url)
    for _ in range(4):
        more()
    with count_queries(app) as after:
        client.get(url)
    assert len(after) == len(before)


def enrol(client, citizen_id, offer_id, **overrides):
    data = {"offer": offer_id, "package": "package_1", "support_level": "moderate",
            "starts_on": TODAY.isoformat(), **overrides}
    return client.post(f"/personale/borgere/{citizen_id}/indskriv", data=data)


def test_enrol_with_package_and_level_and_the_citizen_sees_it(client, app, groups):
    anna, course = groups["anna"], groups["course"]
    login(client, groups["mette"].email)
    form = client.get(f"/personale/borgere/{anna.id}/indskriv").text
    assert "Pakke-gruppen" in form
    assert "Gåtur" not in form and "Andres forløb" not in form  # only my § 85 courses
    response = enrol(client, anna.id, course.id)
    assert response.status_code == 303
    assert "formaal=forloeb" in response.headers["Location"]
    with app.app_context():
        enrolment = db.session.scalars(select(Enrolment)).one()
        assert (enrolment.package, enrolment.support_level, enrolment.status) == (
            Package.PACKAGE_1, SupportLevel.MODERATE, EnrolmentStatus.ACTIVE)
        change = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == AuditAction.CHANGE)).one()
        assert change.subject_id == anna.id

    client.post("/log-ud")
    login(client, anna.email)
    profile = text_of(client.get("/profil"))
    assert "Your support" in profile
    assert "Package 1 . Support in a group." in profile
    assert "Moderate support: 2 to 4 hours a week" in profile


def test_a_second_current_enrolment_is_a_clear_message(client, app, groups):
    anna, course = groups["anna"], groups["course"]
    login(client, groups["mette"].email)
    assert enrol(client, anna.id, course.id).status_code == 303
    again = enrol(client, anna.id, course.id, package="package_2")
    assert again.status_code == 422
    assert "Anna Jensen is already in Pakke-gruppen. End that enrolment first." in text_of(again)
    assert re.search(r'<input checked[^>]*value="package_2"', again.text)  # kept
    with app.app_context():
        assert len(db.session.scalars(select(Enrolment)).all()) == 1


def test_two_counsellors_at_once_get_the_message_not_a_500(app, groups, factory):
    """The check before the insert can miss a enrolment made a moment ago; the partial
    unique index still refuses it, and the counsellor gets the same message."""
    anna, course = groups["anna"], groups["course"]
    factory.enrolment(citizen_id=anna.id, offer_id=course.id)
    with app.test_request_context():
        staff = db.session.get(User, groups["mette"].id)
        citizen = db.session.get(User, anna.id)
        offer = db.session.get(Offer, course.id)
        original = services.current_enrolment
        services.current_enrolment = lambda *a: None
        try:
            with pytest.raises(services.EnrolmentRefused):
                services.enrol(staff, citizen, offer, Package.PACKAGE_1, SupportLevel.LIGHT,
                               TODAY)
        finally:
            services.current_enrolment = original


@pytest.mark.parametrize("overrides, message", [
    ({"offer": "OTHER"}, "Choose one of your courses."),
    ({"offer": "WALK"}, "Choose one of your courses."),
    ({"offer": ""}, "Choose a course."),
    ({"package": ""}, "Choose a package."),
    ({"package": "pakke-9"}, "Not a valid choice"),
    ({"support_level": ""}, "Choose a support level."),
    ({"starts_on": "i morgen"}, "Write the date like 24-11-2026"),
])
def test_enrol_validation(client, app, groups, overrides, message):
    ids = {"OTHER": groups["other_course"].id, "WALK": groups["walk"].id}
    overrides = {k: ids.get(v, v) for k, v in overrides.items()}
    login(client, groups["mette"].email)
    response = enrol(client, groups["anna"].id, groups["course"].id, **overrides)
    assert response.status_code == 422
    if message != "Not a valid choice":
        assert message in text_of(response)
    with app.app_context():
        assert db.session.scalar(select(Enrolment)) is None


def test_end_an_enrolment(client, app, groups, factory):
    anna = groups["anna"]
    enrolment = factory.enrolment(citizen_id=anna.id, offer_id=groups["course"].id,
                                  starts_on=TODAY - timedelta(days=100),
                                  package=Package.CLARIFICATION)
    url = f"/personale/borgere/{anna.id}/forloeb/{enrolment.id}/afslut"
    login(client, groups["mette"].email)
    assert client.get(url).status_code == 200
    early = client.post(url, data={"status": "completed",
                                   "ends_on": (TODAY - timedelta(days=101)).isoformat()})
    assert early.status_code == 422
    assert "The end date cannot be before the start date." in text_of(early)
    done = client.post(url, data={"status": "withdrawn", "ends_on": TODAY.isoformat()})
    assert done.status_code == 303
    with app.app_context():
        row = db.session.get(Enrolment, enrolment.id)
        assert (row.status, row.ends_on) == (EnrolmentStatus.WITHDRAWN, TODAY)
    again = client.post(url, data={"status": "completed", "ends_on": TODAY.isoformat()})
    assert again.status_code == 409
    assert "This enrolment has already ended." in text_of(again)
    # Now the citizen can be enrolled again.
    assert enrol(client, anna.id, groups["course"].id).status_code == 303


def test_an_enrolment_in_someone_elses_course_cannot_be_ended(client, groups, factory):
    anna = groups["anna"]
    theirs = factory.enrolment(citizen_id=anna.id, offer_id=groups["other_course"].id)
    login(client, groups["mette"].email)
    url = f"/personale/borgere/{anna.id}/forloeb/{theirs.id}/afslut"
    assert client.get(url).status_code == 404
    assert client.post(url, data={"status": "completed"}).status_code == 404


def test_htmx_gets_the_form_fragment_and_a_redirect_header(client, groups):
    login(client, groups["mette"].email)
    headers = {"HX-Request": "true"}
    invalid = client.post(f"/personale/borgere/{groups['anna'].id}/indskriv",
                          data={"offer": ""}, headers=headers)
    assert invalid.status_code == 422 and "<html" not in invalid.text
    assert 'id="enrol-form"' in invalid.text
    ok = client.post(f"/personale/borgere/{groups['anna'].id}/indskriv", headers=headers,
                     data={"offer": groups["course"].id, "package": "package_3",
                           "support_level": "extensive", "starts_on": TODAY.isoformat()})
    assert "HX-Redirect" in ok.headers


def test_without_a_course_of_my_own_there_is_no_form(client, app, groups, factory):
    walker_guide = factory.user(role=Role.STAFF, language="en")
    facilitate(app, walker_guide, groups["walk"])
    login(client, walker_guide.email)
    page = client.get(f"/personale/borgere/{groups['anna'].id}/indskriv")
    assert page.status_code == 200
    assert "You do not run any § 85 courses" in text_of(page)
    assert "Enrol in a course" not in text_of(
        client.get(f"/personale/borgere/{groups['anna'].id}?formaal=forloeb"))


def test_citizens_are_refused(client, groups):
    login(client, groups["anna"].email)
    assert client.get("/personale/borgere").status_code == 403
    assert client.get(f"/personale/borgere/{groups['anna'].id}?formaal=maal").status_code == 403


def test_an_afbud_in_my_group_is_enough_to_be_in_my_groups(client, groups, factory):
    walker = factory.user(name="Carl Walker")
    factory.registration(meeting_id=groups["meeting"].id, citizen_id=walker.id,
                         status=RegistrationStatus.ABSENT)
    login(client, groups["mette"].email)
    assert client.get(f"/personale/borgere/{walker.id}?formaal=moede").status_code == 200
