"""Admin: resetting a staff member's password, municipalities and places, with validation."""

import re

import pytest
from sqlalchemy import select

from tests.conftest import login, text_of
from webapp.auth.models import Role, User
from webapp.extensions import db
from webapp.offers.models import Location, Municipality


@pytest.fixture
def admin(login_as):
    return login_as(role=Role.ADMIN, language="en")


def test_a_generated_password_is_shown_once_and_works(client, app, admin, factory):
    mette = factory.user(role=Role.STAFF, email="mette@example.dk")
    url = f"/admin/personale/{mette.id}/adgangskode"
    assert client.get(url).status_code == 200
    response = client.post(url, data={"how": "generate"})
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    password = re.search(r"<code>([a-z2-9-]+)</code>", response.text).group(1)
    assert re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", password)
    assert password not in client.get(url).text  # not shown again
    with app.app_context():
        user = db.session.get(User, mette.id)
        assert user.check_password(password)
        assert password not in user.password_hash
    other = app.test_client()
    assert login(other, "mette@example.dk", password).status_code == 303


def test_a_typed_password(client, app, admin, factory):
    mette = factory.user(role=Role.STAFF)
    url = f"/admin/personale/{mette.id}/adgangskode"
    short = client.post(url, data={"how": "type", "password": "kort"})
    assert short.status_code == 422
    assert "The password must be at least 8 characters." in text_of(short)
    empty = client.post(url, data={"how": "type", "password": ""})
    assert empty.status_code == 422 and "Write the new password." in text_of(empty)
    ok = client.post(url, data={"how": "type", "password": "nyt-kodeord-42"})
    assert ok.status_code == 303
    with app.app_context():
        assert db.session.get(User, mette.id).check_password("nyt-kodeord-42")


def test_only_staff_passwords_and_only_by_an_admin(client, factory, login_as):
    citizen = factory.user()
    staff = factory.user(role=Role.STAFF)
    login_as(role=Role.ADMIN)
    assert client.get(f"/admin/personale/{citizen.id}/adgangskode").status_code == 404
    assert client.post(f"/admin/personale/{citizen.id}/adgangskode",
                       data={"how": "generate"}).status_code == 404
    assert client.get("/admin/personale/999999/adgangskode").status_code == 404
    client.post("/log-ud")
    login(client, staff.email)
    assert client.post(f"/admin/personale/{staff.id}/adgangskode",
                       data={"how": "generate"}).status_code == 403


def test_add_and_edit_a_municipality(client, app, admin):
    added = client.post("/admin/kommuner", data={"name": "Brøndby", "code": "153"})
    assert added.status_code == 303
    with app.app_context():
        brondby = db.session.scalars(select(Municipality)).one()
        assert (brondby.name, brondby.code) == ("Brøndby", "153")
    page = client.get("/admin/kommuner")
    assert "Brøndby" in page.text
    edited = client.post(f"/admin/kommuner/{brondby.id}", data={"name": "Brøndby", "code": "153"})
    assert edited.status_code == 303  # its own name and code are not "taken"
    assert client.get("/admin/kommuner/999999").status_code == 404


@pytest.mark.parametrize("data, field, message", [
    ({"name": "", "code": "183"}, "name", "Write the municipality's name."),
    ({"name": "ishøj", "code": "999"}, "name", "There is already a municipality with this name."),
    ({"name": "Albertslund", "code": "18"}, "code", "Write the code with 3 digits, like 183."),
    ({"name": "Albertslund", "code": "abc"}, "code", "Write the code with 3 digits, like 183."),
    ({"name": "Albertslund", "code": "183"}, "code",
     "There is already a municipality with this code."),
])
def test_municipality_validation(client, factory, admin, data, field, message):
    factory.municipality(name="Ishøj", code="183")
    response = client.post("/admin/kommuner", data=data)
    assert response.status_code == 422
    assert message in text_of(response)
    assert f'id="{field}-error"' in response.text
    assert f'value="{data["name"]}"' in response.text or not data["name"]


def location_data(kommune_id, **overrides):
    return {"name": "Vallensbæk Bibliotek", "address": "Idrætsvej 76", "postcode": "2625",
            "city": "Vallensbæk", "municipality_id": kommune_id, "step_free": "y",
            "access_note": "Der er elevator.", **overrides}


def test_add_and_edit_a_place(client, app, factory, admin):
    kommune = factory.municipality(name="Vallensbæk", code="187")
    assert client.get("/admin/steder/ny").status_code == 200
    assert client.post("/admin/steder/ny", data=location_data(kommune.id)).status_code == 303
    with app.app_context():
        place = db.session.scalars(select(Location)).one()
        assert (place.postcode, place.step_free, place.access_note) == (
            "2625", True, "Der er elevator.")
    edit = client.get(f"/admin/steder/{place.id}")
    assert 'value="Idrætsvej 76"' in edit.text
    changed = client.post(f"/admin/steder/{place.id}",
                          data=location_data(kommune.id, step_free="", access_note=""))
    assert changed.status_code == 303
    with app.app_context():
        place = db.session.get(Location, place.id)
        assert (place.step_free, place.access_note) == (False, None)
    assert "Vallensbæk Bibliotek" in client.get("/admin/steder").text
    assert client.get("/admin/steder/999999").status_code == 404


@pytest.mark.parametrize("overrides, field, message", [
    ({"name": ""}, "name", "Write the name of the place."),
    ({"address": ""}, "address", "Write the street and number."),
    ({"postcode": "26250"}, "postcode", "Write the postcode with 4 digits, like 2635."),
    ({"postcode": "abcd"}, "postcode", "Write the postcode with 4 digits, like 2635."),
    ({"city": ""}, "city", "Write the town."),
    ({"municipality_id": ""}, "municipality_id", "Choose the municipality."),
    ({"municipality_id": "999999"}, "municipality_id", "Choose the municipality."),
    ({"municipality_id": "x"}, "municipality_id", "Choose the municipality."),
    ({"access_note": "x" * 1001}, "access_note", "Write at most 1000 characters."),
])
def test_place_validation(client, app, factory, admin, overrides, field, message):
    kommune = factory.municipality()
    response = client.post("/admin/steder/ny", data=location_data(kommune.id, **overrides))
    assert response.status_code == 422
    assert message in text_of(response)
    assert f'id="{field}-error"' in response.text
    with app.app_context():
        assert db.session.scalar(select(Location)) is None


def test_counsellors_and_citizens_are_refused(client, login_as):
    login_as(role=Role.STAFF)
    for url in ("/admin/kommuner", "/admin/steder", "/admin/steder/ny"):
        assert client.get(url).status_code == 403
