"""The layout every page shares: the header with the language form and the navigation, and
the CSRF token each visitor's forms carry."""

import re

from webapp.auth.models import Role

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
HEADER_TOKEN = re.compile(r'"X-CSRFToken": "([^"]+)"')


def test_each_visitor_gets_their_own_token_in_every_form_of_the_page(app):
    first, second = app.test_client(), app.test_client()
    page = first.get("/privatliv").text
    other = second.get("/privatliv").text
    tokens, other_tokens = TOKEN.findall(page), TOKEN.findall(other)
    assert tokens and set(tokens) == set(HEADER_TOKEN.findall(page))
    assert other_tokens and set(other_tokens) == set(HEADER_TOKEN.findall(other))
    assert tokens[0] != other_tokens[0]


def test_the_language_form_comes_back_to_this_very_page(client):
    client.get("/tilbud?q=gåtur")
    page = client.get("/tilbud?q=<b>&page=1").text
    assert 'name="next" value="/tilbud?q=&lt;b&gt;&amp;page=1"' in page


def test_the_header_follows_language_role_and_page(client, login_as):
    visitor = client.get("/tilbud").text
    assert "Log ind" in visitor and "Log ud" not in visitor
    assert re.search(r'href="/tilbud" class="app-nav-link" aria-current="page"', visitor)
    client.set_cookie("lang", "en")
    assert ">Offers<" in client.get("/tilbud").text
    client.delete_cookie("lang")
    login_as(role=Role.STAFF, language="da")
    staff = client.get("/privatliv").text
    assert "Statistik" in staff and "Log ud" in staff and "Kalender" not in staff
    assert "Administration" not in staff
    assert 'aria-current="page"' not in staff


def test_admins_see_the_admin_area(client, login_as):
    login_as(role=Role.ADMIN, language="en")
    assert "Admin area" in client.get("/privatliv").text
