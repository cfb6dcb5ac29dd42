"""Counsellors change the package or support level of an ongoing § 85 enrolment: the change
is kept in its history (when, who, from, to) and in the audit trail, and the citizen sees the
current package and level."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from tests.conftest import HTMX, facilitate, login, text_of
from tests.factories import today
from webapp.audit.models import AuditAction, AuditEvent
from webapp.auth.models import Role
from webapp.enrolments.models import (
    Enrolment,
    EnrolmentChange,
    EnrolmentStatus,
    Package,
    SupportLevel,
)
from webapp.extensions import db
from webapp.offers.models import LegalBasis


@pytest.fixture
def course(app, factory):
    """Mette runs a § 85 course and a walk; Anna is in the course (package 1, light
    support). Jonas runs only the walk, which Anna also goes to."""
    mette = factory.user(role=Role.STAFF, name="Mette Holm", language="en")
    jonas = factory.user(role=Role.STAFF, name="Jonas Madsen", language="en")
    course = factory.offer(title="Gruppeforløb", legal_basis=LegalBasis.S85)
    walk = factory.offer(title="Gåtur")
    facilitate(app, mette, course, walk)
    facilitate(app, jonas, walk)
    anna = factory.user(name="Anna Jensen", language="en")
    factory.registration(meeting_id=factory.meeting(offer_id=walk.id).id, citizen_id=anna.id)
    enrolment = factory.enrolment(citizen_id=anna.id, offer_id=course.id,
                                  package=Package.PACKAGE_1,
                                  support_level=SupportLevel.LIGHT,
                                  starts_on=today() - timedelta(days=30))
    return {"mette": mette, "jonas": jonas, "anna": anna, "course": course,
            "enrolment": enrolment}


def url_of(data) -> str:
    return f"/personale/borgere/{data['anna'].id}/forloeb/{data['enrolment'].id}/stoette"


def test_a_counsellor_changes_package_and_level_and_it_is_kept(app, client, course):
    anna = course["anna"]
    login(client, course["mette"].email)
    page = text_of(client.get(f"/personale/borgere/{anna.id}?formaal=forloeb"))
    assert "Change package or support level" in page

    form = client.get(url_of(course))
    assert form.status_code == 200
    assert "Package now Package 1" in text_of(form)
    assert re.search(r'<input checked[^>]*value="package_1"', form.text)  # as it is now

    response = client.post(url_of(course), data={"package": "package_2",
                                                 "support_level": "moderate"})
    assert response.status_code == 303
    assert response.headers["Location"].startswith(
        f"/personale/borgere/{anna.id}?formaal=forloeb")
    with app.app_context():
        enrolment = db.session.get(Enrolment, course["enrolment"].id)
        assert (enrolment.package, enrolment.support_level) == (Package.PACKAGE_2,
                                                                SupportLevel.MODERATE)
        [change] = db.session.scalars(select(EnrolmentChange)).all()
        assert (change.package_from, change.package_to) == (Package.PACKAGE_1,
                                                            Package.PACKAGE_2)
        assert (change.level_from, change.level_to) == (SupportLevel.LIGHT,
                                                        SupportLevel.MODERATE)
        assert change.changed_by_id == course["mette"].id and change.changed_at
        audit = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == AuditAction.CHANGE)).one()
        assert (audit.subject_id, audit.object_type, audit.object_id) == (
            anna.id, "enrolment", enrolment.id)

    # The history on the citizen page: date, who, from, to.
    page = text_of(client.get(f"/personale/borgere/{anna.id}?formaal=forloeb"))
    assert "The package and support level of Anna Jensen in Gruppeforløb are saved." in page
    assert "1 change of package or support level" in page
    assert "Mette Holm" in page
    assert "Package: from Package 1 to Package 2" in page
    assert "Support level: from Light support to Moderate support" in page

    # Only the level next time: the history says only what changed.
    assert client.post(url_of(course), data={"package": "package_2",
                                             "support_level": "high"}).status_code == 303
    page = text_of(client.get(f"/personale/borgere/{anna.id}?formaal=forloeb"))
    assert "2 changes of package or support level" in page
    assert page.count("Package: from") == 1
    assert "Support level: from Moderate support to Substantial support" in page

    # The citizen sees the current package and level.
    client.post("/log-ud")
    login(client, anna.email)
    profile = text_of(client.get("/profil"))
    assert "Package 2" in profile and "Substantial support: 4 to 6 hours a week" in profile
    assert "Package 1" not in profile and "Light support" not in profile


def test_in_danish(app, client, course):
    with app.app_context():
        from webapp.auth.models import User
        db.session.get(User, course["mette"].id).language = "da"
        db.session.commit()
    login(client, course["mette"].email)
    client.set_cookie("lang", "da")
    assert "Skift pakke eller støtteniveau" in client.get(url_of(course)).text
    client.post(url_of(course), data={"package": "package_3", "support_level": "light"})
    page = text_of(client.get(f"/personale/borgere/{course['anna'].id}?formaal=forloeb"))
    assert "Pakke: fra Pakke 1 til Pakke 3" in page
    assert "1 ændring af pakke eller støtteniveau" in page


def test_a_counsellor_outside_the_group_cannot_change_it(app, client, course, factory):
    # Jonas sees Anna (his walk) but not the course he does not run.
    login(client, course["jonas"].email)
    assert client.get(f"/personale/borgere/{course['anna'].id}?formaal=forloeb"
                      ).status_code == 200
    assert client.get(url_of(course)).status_code == 404
    assert client.post(url_of(course), data={"package": "package_3",
                                             "support_level": "high"}).status_code == 404
    # A counsellor with no group of Anna's does not find her at all.
    stranger = factory.user(role=Role.STAFF)
    client.post("/log-ud")
    login(client, stranger.email)
    assert client.post(url_of(course), data={"package": "package_3",
                                             "support_level": "high"}).status_code == 404
    # Nor does a citizen, Anna included.
    client.post("/log-ud")
    login(client, course["anna"].email)
    assert client.post(url_of(course), data={"package": "package_3",
                                             "support_level": "high"}).status_code in (403,
                                                                                      404)
    with app.app_context():
        assert db.session.scalars(select(EnrolmentChange)).all() == []
        enrolment = db.session.get(Enrolment, course["enrolment"].id)
        assert enrolment.package is Package.PACKAGE_1


@pytest.mark.parametrize(("data", "field", "message"), [
    ({"support_level": "moderate"}, "package", "Choose a package."),
    ({"package": "package_9", "support_level": "moderate"}, "package", "Choose a package."),
    ({"package": "package_2"}, "support_level", "Choose a support level."),
    ({"package": "package_2", "support_level": "huge"}, "support_level",
     "Choose a support level."),
    ({"package": "package_1", "support_level": "light"}, "package",
     "This is the package and support level the citizen has now."),
    ({"package": "package_2\x00", "support_level": "light"}, "package",
     "There is an invisible character here"),
])
def test_bad_input_gets_an_error_next_to_the_field(app, client, course, data, field, message):
    login(client, course["mette"].email)
    response = client.post(url_of(course), data=data)
    assert response.status_code == 422
    html = response.text
    error = html[html.index(f'id="{field}-error"'):]
    assert message in error[:300]
    # What was chosen is still chosen.
    if data.get("support_level") == "light":
        assert re.search(r'<input checked[^>]*value="light"', html)
    with app.app_context():
        assert db.session.scalars(select(EnrolmentChange)).all() == []


def test_htmx_gets_the_form_and_a_redirect(client, course):
    login(client, course["mette"].email)
    invalid = client.post(url_of(course), data={"package": ""}, headers=HTMX)
    assert invalid.status_code == 422 and "<html" not in invalid.text
    assert invalid.text.lstrip().startswith('<div id="change-form">')
    ok = client.post(url_of(course), data={"package": "package_3", "support_level": "high"},
                     headers=HTMX)
    assert ok.status_code == 204 and "formaal=forloeb" in ok.headers["HX-Redirect"]


def test_an_ended_enrolment_cannot_change(app, client, course):
    with app.app_context():
        enrolment = db.session.get(Enrolment, course["enrolment"].id)
        enrolment.status, enrolment.ends_on = EnrolmentStatus.COMPLETED, today()
        db.session.commit()
    login(client, course["mette"].email)
    page = client.get(f"/personale/borgere/{course['anna'].id}?formaal=forloeb").text
    assert "Change package or support level" not in page
    response = client.post(url_of(course), data={"package": "package_3",
                                                 "support_level": "high"})
    assert response.status_code == 409
    assert "This course has ended." in text_of(response)
    with app.app_context():
        assert db.session.scalars(select(EnrolmentChange)).all() == []


def test_an_enrolment_in_a_82a_group_has_no_package_to_change(app, client, course, factory):
    cafe = factory.offer(title="Café")
    facilitate(app, course["mette"], cafe)
    place = factory.enrolment(citizen_id=course["anna"].id, offer_id=cafe.id)
    login(client, course["mette"].email)
    page = client.get(f"/personale/borgere/{course['anna'].id}?formaal=forloeb").text
    assert page.count("Change package or support level") == 1  # the course's, not the café's
    url = f"/personale/borgere/{course['anna'].id}/forloeb/{place.id}/stoette"
    shown = client.get(url)
    assert shown.status_code == 200
    assert "Only a § 85 course has a package and a support level." in text_of(shown)
    sent = client.post(url, data={"package": "package_1", "support_level": "light"})
    assert sent.status_code == 409
    with app.app_context():
        assert db.session.get(Enrolment, place.id).package is None
