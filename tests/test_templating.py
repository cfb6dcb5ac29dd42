"""Fragments: parts of pages rendered once and shared between requests that show the same
thing, with the visitor's own CSRF token and address filled in each time."""

import re

import pytest
from jinja2 import ChoiceLoader, DictLoader

from webapp.auth.models import Role
from webapp.templating import fragment

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
HEADER_TOKEN = re.compile(r'"X-CSRFToken": "([^"]+)"')


def header_cache(app):
    return app.extensions["sammen_fragments"]


def test_the_header_is_shared_but_each_visitor_gets_their_own_token(app):
    first, second = app.test_client(), app.test_client()
    page = first.get("/privatliv").text
    hits = header_cache(app).cache_info().hits
    other = second.get("/privatliv").text
    assert header_cache(app).cache_info().hits > hits
    tokens, other_tokens = TOKEN.findall(page), TOKEN.findall(other)
    assert tokens and set(tokens) == set(HEADER_TOKEN.findall(page))
    assert other_tokens and set(other_tokens) == set(HEADER_TOKEN.findall(other))
    assert tokens[0] != other_tokens[0]


def test_the_language_form_comes_back_to_this_very_page(client):
    client.get("/tilbud?q=gåtur")
    page = client.get("/tilbud?q=<b>&side=1").text
    assert 'name="next" value="/tilbud?q=&lt;b&gt;&amp;side=1"' in page


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


@pytest.fixture
def test_templates(app):
    app.jinja_env.loader = ChoiceLoader([
        DictLoader({"peeks.html": "{{ current_user.name }}", "echo.html": "{{ view }}",
                    "search.html": '<input value="{{ hole("q") }}">{{ view }}',
                    "counter.html": '<p>{{ hole("n") }}</p><p>{{ hole("n") }}</p>{{ view[5:] }}'}),
        app.jinja_env.loader,
    ])


def test_a_fragment_may_not_use_the_request_or_the_user(app, test_templates):
    with app.test_request_context("/"), pytest.raises(RuntimeError, match="current_user"):
        fragment("peeks.html", None)


def test_what_someone_typed_cannot_open_a_hole(app, test_templates):
    with app.test_request_context("/"):
        html = fragment("echo.html", "<!--hole:csrf-->")
    assert html == "&lt;!--hole:csrf--&gt;"


def test_a_hole_filled_by_the_caller_gets_what_was_typed_escaped(app, test_templates):
    with app.test_request_context("/"):
        first = fragment("search.html", "shared", q='gåtur" onfocus="x')
        second = fragment("search.html", "shared", q="<b>")
    assert first == '<input value="gåtur&#34; onfocus=&#34;x">shared'
    assert second == '<input value="&lt;b&gt;">shared'


def test_a_request_fills_each_hole_once_and_the_next_request_again(app, test_templates,
                                                                   monkeypatch):
    from webapp import templating

    calls = []
    monkeypatch.setitem(templating._FILL, "n", lambda: calls.append(1) or str(len(calls)))
    for expected in ("1", "2"):
        with app.test_request_context("/"):
            for view in ("a", "b", "a"):
                assert fragment("counter.html", view) == f"<p>{expected}</p><p>{expected}</p>"
    assert len(calls) == 2


def test_a_lazy_view_is_made_only_when_its_fragment_is_rendered(app, test_templates):
    from webapp.templating import fragment_of

    made = []

    def make(title, seats):
        made.append(title)
        return f"{title}: {seats}"

    with app.test_request_context("/"):
        pages = [fragment_of("echo.html", make, key) for key in
                 (("Gåtur", 3), ("Gåtur", 3), ("Gåtur", 2), ("Gåtur", 3))]
    assert pages == ["Gåtur: 3", "Gåtur: 3", "Gåtur: 2", "Gåtur: 3"]
    assert made == ["Gåtur", "Gåtur"]


def test_debug_renders_fragments_every_time(make_app):
    app = make_app(DEBUG=True)
    assert not hasattr(header_cache(app), "cache_info")
    assert "Sammen" in app.test_client().get("/privatliv").text
