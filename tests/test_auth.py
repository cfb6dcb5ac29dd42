"""Accounts: register, log in, log out, roles, rate limits, CSRF."""

import re

import pytest
from sqlalchemy import select

from tests.conftest import form_token, login, page_token
from tests.factories import PASSWORD
from webapp.auth.models import Role, User
from webapp.auth.services import signed_in
from webapp.extensions import db

GOOD = {"name": "Anna Jensen", "email": "Anna@Example.dk", "phone": "12 34 56 78",
        "password": "sikker-kode-1"}


def field_error(html: str, field: str) -> str:
    match = re.search(rf'<span class="form-error-message" id="{field}-error">(.*?)</span>\s*\n',
                      html, re.S)
    assert match, f"no error next to {field}"
    # Drop the screen-reader prefix ("Fejl:") and the markup.
    text = re.sub(r'<span class="sr-only">.*?</span>', "", match.group(1))
    return re.sub(r"<[^>]+>", "", text).strip()


def test_register_creates_a_citizen_and_logs_in(client, app):
    response = client.post("/opret-konto", data=GOOD)
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    home = client.get("/")
    assert "Hej Anna" in home.text
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.email == "anna@example.dk"
        assert user.role is Role.CITIZEN
        assert user.password_hash.startswith(("scrypt:", "pbkdf2:"))
        assert "sikker-kode-1" not in user.password_hash


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": ""}, "name", "Skriv dit navn."),
        ({"name": "x" * 121}, "name", "Dit navn må højst være 120 tegn."),
        ({"email": ""}, "email", "Skriv din e-mailadresse."),
        ({"email": "anna.example.dk"}, "email", "Skriv en e-mailadresse som navn@eksempel.dk."),
        ({"email": "a" * 250 + "@x.dk"}, "email", "E-mailadressen er for lang."),
        ({"phone": "ring mig"}, "phone", "Skriv telefonnummeret med tal, fx 12 34 56 78."),
        ({"password": ""}, "password", "Vælg en adgangskode."),
        ({"password": "kort"}, "password", "Adgangskoden skal være mindst 8 tegn."),
        ({"password": "x" * 129}, "password", "Adgangskoden må højst være 128 tegn."),
    ],
)
def test_register_bad_input_is_shown_next_to_the_field(client, changes, field, message):
    data = {**GOOD, **changes}
    response = client.post("/opret-konto", data=data)
    assert response.status_code == 422
    assert field_error(response.text, field) == message
    assert 'aria-invalid="true"' in response.text
    # What was typed is kept, but never the password.
    for kept in ("name", "phone"):
        if data[kept] and len(data[kept]) < 100:
            assert f'value="{data[kept]}"' in response.text
    assert data["password"] == "" or f'value="{data["password"]}"' not in response.text


def test_register_with_a_taken_email_in_other_case(client, factory):
    factory.user(email="anna@example.dk")
    response = client.post("/opret-konto", data=GOOD)
    assert response.status_code == 422
    assert field_error(response.text, "email") == (
        "Der findes allerede en konto med denne e-mail. Log ind i stedet."
    )
    assert 'value="Anna@Example.dk"' in response.text


def test_login_and_logout(client, factory):
    user = factory.user(email="bo@example.dk")
    response = login(client, "BO@example.dk ")
    assert response.status_code == 303
    assert client.get("/profil").status_code == 200
    assert client.get("/log-ud").status_code == 405  # a GET cannot log anyone out
    response = client.post("/log-ud")
    assert response.status_code == 303
    assert client.get("/profil").status_code == 302
    assert user.email == "bo@example.dk"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "", "password": "x"}, "email", "Skriv din e-mailadresse."),
        ({"email": "bo@", "password": "x"}, "email",
         "Skriv en e-mailadresse som navn@eksempel.dk."),
        ({"email": "bo@example.dk", "password": ""}, "password", "Skriv din adgangskode."),
        ({"email": "bo@example.dk", "password": "forkert-kode"}, "password",
         "E-mail eller adgangskode er ikke rigtig. Tjek dem, og prøv igen."),
        ({"email": "ingen@example.dk", "password": PASSWORD}, "password",
         "E-mail eller adgangskode er ikke rigtig. Tjek dem, og prøv igen."),
    ],
)
def test_login_bad_input(client, factory, data, field, message):
    factory.user(email="bo@example.dk")
    response = client.post("/log-ind", data=data)
    assert response.status_code == 422
    assert field_error(response.text, field) == message
    if data["email"]:
        assert f'value="{data["email"]}"' in response.text
    if data["password"]:
        assert f'value="{data["password"]}"' not in response.text
    assert 'type="password" value=""' in response.text


def test_deactivated_account_cannot_log_in(client, factory):
    factory.user(email="gammel@example.dk", is_active_account=False)
    assert login(client, "gammel@example.dk").status_code == 422


def test_an_account_deactivated_while_signed_in_is_signed_out_at_its_next_request(
        app, client, login_as):
    user = login_as()
    assert client.get("/kalender").status_code == 200
    with app.app_context():
        db.session.get(User, user.id).is_active_account = False
        db.session.commit()
    response = client.get("/kalender")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/log-ind")


def test_the_signed_in_account_is_the_active_user_with_that_id(app, factory):
    user_id = factory.user(name="Bo Nielsen", phone="12345678").id
    gone_id = factory.user(is_active_account=False).id
    with app.app_context():
        account = signed_in(user_id)
        assert (account.id, account.name, account.first_name, account.role) == \
            (user_id, "Bo Nielsen", "Bo", Role.CITIZEN)
        assert signed_in(gone_id) is None
        assert signed_in(user_id + 1000) is None


@pytest.mark.parametrize(
    ("next_url", "expected"),
    [("/kalender", "/kalender"), ("https://evil.example/", "/"), ("//evil.example", "/"),
     ("/\\evil.example", "/"), ("javascript:alert(1)", "/")],
)
def test_login_only_follows_local_next(client, factory, next_url, expected):
    user = factory.user()
    response = client.post("/log-ind", query_string={"next": next_url},
                           data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == expected


def test_login_is_rate_limited_with_a_danish_message(make_app, factory):
    app = make_app(LOGIN_RATE_LIMIT="3 per 15 minutes")
    client = app.test_client()
    user = factory.user()
    for _ in range(3):
        assert login(client, user.email, "forkert-kode").status_code == 422
    response = login(client, user.email, "forkert-kode")
    assert response.status_code == 429
    assert "For mange forsøg" in response.text
    # Also the right password waits: the limit is on the account and the address.
    assert login(client, user.email).status_code == 429


def test_successful_logins_do_not_count_towards_the_limit(make_app, factory):
    app = make_app(LOGIN_RATE_LIMIT="2 per 15 minutes")
    client = app.test_client()
    user = factory.user()
    for _ in range(4):
        assert login(client, user.email).status_code == 303
        client.post("/log-ud")


def test_missing_csrf_token_keeps_what_was_typed(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    client.get("/opret-konto")
    response = client.post("/opret-konto", data=GOOD)
    assert response.status_code == 422
    assert "Formularen blev ikke sendt" in response.text
    assert 'value="Anna Jensen"' in response.text
    assert 'value="sikker-kode-1"' not in response.text
    with app.app_context():
        assert db.session.scalar(select(User)) is None


def test_missing_csrf_token_on_login_is_refused(make_app, factory):
    app = make_app(WTF_CSRF_ENABLED=True)
    user = factory.user()
    response = login(app.test_client(), user.email)
    assert response.status_code == 422
    assert "Formularen blev ikke sendt" in response.text


def test_form_with_csrf_token_works(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    response = client.post("/opret-konto",
                           data={**GOOD, "csrf_token": form_token(client, "/opret-konto")})
    assert response.status_code == 303


def test_a_pages_csrf_token_works_only_for_its_own_session(make_app):
    app = make_app(WTF_CSRF_ENABLED=True)
    client, other = app.test_client(), app.test_client()
    token = page_token(client, "/tilbud")
    response = client.post("/sprog", data={"lang": "en", "next": "/tilbud",
                                           "csrf_token": token})
    assert response.status_code == 303
    assert client.post("/sprog", data={"lang": "en", "csrf_token": page_token(other)}
                       ).status_code == 400


def test_logout_without_csrf_token_is_refused(make_app, factory):
    app = make_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    user = factory.user()
    client.post("/log-ind", data={"email": user.email, "password": PASSWORD,
                                  "csrf_token": form_token(client, "/log-ind")})
    response = client.post("/log-ud")
    assert response.status_code == 400
    assert client.get("/profil").status_code == 200


def test_session_cookie_is_httponly_and_samesite(client, factory):
    user = factory.user()
    response = login(client, user.email)
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


@pytest.mark.parametrize(
    ("role", "path", "status"),
    [
        (Role.CITIZEN, "/kalender", 200), (Role.CITIZEN, "/maal", 200),
        (Role.CITIZEN, "/personale/", 403), (Role.CITIZEN, "/admin/personale", 403),
        (Role.STAFF, "/personale/", 200), (Role.STAFF, "/admin/personale", 403),
        (Role.STAFF, "/kalender", 403), (Role.ADMIN, "/admin/personale", 200),
        (Role.ADMIN, "/personale/", 200),
    ],
)
def test_each_role_reaches_only_its_pages(client, login_as, role, path, status):
    login_as(role=role)
    assert client.get(path).status_code == status


def test_staff_home_redirects_to_the_staff_start_page(client, login_as):
    login_as(role=Role.STAFF)
    assert client.get("/").headers["Location"] == "/personale"


def test_admin_creates_a_counsellor_account(client, login_as, app):
    login_as(role=Role.ADMIN)
    response = client.post("/admin/personale", data={
        "name": "Mette Holm", "email": "mette@example.dk", "password": "vejleder-kode",
        "role": "staff"})
    assert response.status_code == 303
    with app.app_context():
        staff = db.session.scalar(select(User).where(User.email == "mette@example.dk"))
        assert staff.role is Role.STAFF
    client.post("/log-ud")
    assert login(client, "mette@example.dk", "vejleder-kode").status_code == 303


def test_admin_form_rejects_an_unknown_role(client, login_as):
    login_as(role=Role.ADMIN)
    response = client.post("/admin/personale", data={
        "name": "Mette Holm", "email": "mette@example.dk", "password": "vejleder-kode",
        "role": "king"})
    assert response.status_code == 422
    assert 'value="Mette Holm"' in response.text


def test_cli_creates_a_staff_account(app, runner):
    result = runner.invoke(args=["create-user", "--email", "Jonas@example.dk", "--name",
                                 "Jonas Berg", "--role", "staff", "--password", "hemmelig-1"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["create-user", "--email", "jonas@example.dk", "--name",
                                 "Jonas Berg", "--password", "hemmelig-1"])
    assert result.exit_code != 0
    assert "exists already" in result.output
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "jonas@example.dk"))
        assert user.role is Role.STAFF and user.check_password("hemmelig-1")


def test_profile_shows_when_and_why_staff_looked_but_not_who(client, login_as, factory):
    citizen = login_as(role=Role.CITIZEN)
    other = factory.user()
    staff = factory.user(name="Mette Holm", role=Role.STAFF)
    factory.audit_event(actor_id=staff.id, subject_id=citizen.id,
                        purpose="behandling af henvendelse")
    factory.audit_event(actor_id=staff.id, subject_id=other.id, purpose="opfølgning på mål")
    html = client.get("/profil").text
    assert "Hvem har kigget på dine oplysninger" in html
    assert "behandling af henvendelse" in html
    assert "opfølgning på mål" not in html  # another citizen's look-ups
    assert "Mette" not in html
