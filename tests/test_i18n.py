"""Danish first: locale choice, dates in Copenhagen time, plurals, complete catalogs."""

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from flask_babel import force_locale, gettext

from webapp import i18n
from webapp.auth.models import Role

ROOT = Path(__file__).resolve().parent.parent
CATALOGS = sorted((ROOT / "translations").glob("*/LC_MESSAGES/messages.po"))


def test_danish_is_the_default(client):
    html = client.get("/").text
    assert '<html lang="da" dir="ltr">' in html
    assert "Velkommen til Sammen" in html


def test_accept_language_does_not_override_danish_first(client):
    assert 'lang="da"' in client.get("/", headers={"Accept-Language": "en"}).text


def test_language_cookie_switches_the_page(client):
    response = client.post("/sprog", data={"lang": "en", "next": "/tilbud"})
    assert response.status_code == 303
    assert response.headers["Location"] == "/tilbud"
    assert "lang=en" in response.headers["Set-Cookie"]
    html = client.get("/").text
    assert '<html lang="en" dir="ltr">' in html and "Welcome to Sammen" in html


def test_unknown_language_and_foreign_next_are_ignored(client):
    response = client.post("/sprog", data={"lang": "xx", "next": "https://evil.example"})
    assert response.headers["Location"] == "/"
    assert "Set-Cookie" not in response.headers


def test_users_own_choice_wins_over_the_cookie(client, login_as, app):
    user = login_as(role=Role.CITIZEN)
    client.post("/sprog", data={"lang": "en", "next": "/"})
    with app.app_context():
        from webapp.auth.models import User
        from webapp.extensions import db

        assert db.session.get(User, user.id).language == "en"
    client.set_cookie("lang", "da")
    assert 'lang="en"' in client.get("/profil").text


def test_language_switcher_on_every_page(client):
    for path in ("/", "/log-ind", "/tilbud", "/privatliv", "/findes-ikke"):
        html = client.get(path).text
        assert 'name="lang" value="en" lang="en"' in html
        assert 'name="lang" value="da" lang="da" aria-current="true"' in html


def test_right_to_left_languages_get_dir_rtl(app):
    with app.test_request_context(), force_locale("ar"):
        assert i18n.text_direction() == "rtl"
    with app.test_request_context(), force_locale("da"):
        assert i18n.text_direction() == "ltr"


@pytest.mark.parametrize(
    ("moment", "da", "en"),
    [
        # Winter time: UTC+1.
        (datetime(2026, 11, 24, 9, 0, tzinfo=UTC), "tirsdag 24. november kl. 10.00",
         "Tuesday 24 November at 10:00"),
        # The last Friday before summer time starts (29 March 2026): UTC+1.
        (datetime(2026, 3, 27, 9, 0, tzinfo=UTC), "fredag 27. marts kl. 10.00",
         "Friday 27 March at 10:00"),
        # The Monday after: UTC+2, the same wall-clock time.
        (datetime(2026, 3, 30, 8, 0, tzinfo=UTC), "mandag 30. marts kl. 10.00",
         "Monday 30 March at 10:00"),
        # Summer time ends 25 October 2026.
        (datetime(2026, 10, 26, 9, 30, tzinfo=UTC), "mandag 26. oktober kl. 10.30",
         "Monday 26 October at 10:30"),
    ],
)
def test_meeting_times_in_copenhagen_across_daylight_saving(app, moment, da, en):
    with app.test_request_context(), force_locale("da"):
        assert i18n.when(moment) == da
    with app.test_request_context(), force_locale("en"):
        assert i18n.when(moment) == en


def test_day_clock_and_long_date(app):
    moment = datetime(2026, 11, 24, 23, 30, tzinfo=UTC)  # already Wednesday in Copenhagen
    with app.test_request_context(), force_locale("da"):
        assert i18n.day(moment) == "onsdag 25. november"
        assert i18n.clock(moment) == "00.30"
        assert i18n.long_date(date(2026, 12, 6)) == "6. december 2026"
    with app.test_request_context(), force_locale("en"):
        assert i18n.clock(moment) == "00:30"
        assert i18n.long_date(date(2026, 12, 6)) == "6 December 2026"


def test_a_message_in_another_language_inside_a_request_follows_force_locale(app):
    """A message in another language (a calendar file, a reminder) inside a request comes
    out in that language, and the request's own language comes back after it."""
    moment = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    with app.test_request_context():
        assert gettext("Home") == "Hjem"
        assert i18n.when(moment) == "tirsdag 24. november kl. 10.00"
        with force_locale("en"):
            assert gettext("Home") == "Home"
            assert i18n.when(moment) == "Tuesday 24 November at 10:00"
            assert app.jinja_env.from_string("{{ _('Home') }}").render() == "Home"
        assert gettext("Home") == "Hjem"
        assert app.jinja_env.from_string("{{ _('Home') }}").render() == "Hjem"


def test_template_gettext_behaves_like_jinjas_newstyle_gettext(app):
    """In templates a translation is markup, its variables are escaped, and it is always a
    format string ('%%' is a percent sign), in plain and in plural forms."""
    html = app.jinja_env.from_string(
        "{{ _('Home') }}|{{ _('%(name)s: 100%%', name='<b>') }}|{{ _('50%%') }}|"
        "{{ ngettext('%(num)d seat left', '%(num)d seats left', 3) }}|"
        "{{ ngettext('%(num)d seat left', '%(num)d seats left', 1) }}|"
        "{{ ngettext('%(num)s seat left', '%(num)s seats left', 2, num='to') }}|"
        "{% trans count=2 %}{{ count }} thing{% pluralize %}{{ count }} things{% endtrans %}")
    with app.test_request_context():
        assert html.render() == ("Hjem|&lt;b&gt;: 100%|50%|3 ledige pladser|"
                                 "1 ledig plads|to seats left|2 things")
        with force_locale("en"):
            assert html.render().startswith("Home|&lt;b&gt;: 100%|50%|3 seats left|1 seat left")

def test_plural_forms_on_the_welcome_page(client, factory):
    assert "Der er 0 grupper" in client.get("/").text
    factory.offer()
    assert "Der er 1 gruppe i" in client.get("/").text
    factory.offer()
    assert "Der er 2 grupper i" in client.get("/").text
    client.post("/sprog", data={"lang": "en"})
    assert "There are 2 groups in" in client.get("/").text


def test_catalogs_are_danish_and_english_at_least():
    assert {p.parts[-3] for p in CATALOGS} >= {"da", "en"}


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parts[-3])
def test_catalog_is_complete_and_current(path):
    with path.open("rb") as f:
        catalog = read_po(f)
    untranslated = [m.id for m in catalog if m.id and (
        m.fuzzy or not (all(m.string) if isinstance(m.string, tuple) else m.string))]
    assert untranslated == [], f"untranslated or fuzzy in {path}"
    # Every string in the code and templates is in the catalog.
    method_map = [("webapp/**.py", "python"), ("templates/**.html", "jinja2")]
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None,
                "lazy_gettext": None}
    in_code = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=method_map, keywords=keywords,
        options_map={"templates/**.html": {"extensions": "jinja2.ext.i18n"}},
        # Look in every folder, _macros/ too (Babel skips names starting with _ by default).
        directory_filter=lambda path: not Path(path).name.startswith("."),
    ):
        in_code.add(message[0] if isinstance(message, tuple) else message)
    missing = in_code - {m.id[0] if isinstance(m.id, tuple) else m.id for m in catalog}
    assert missing == set(), "run 'make update-translations' and translate the new strings"


def test_language_chosen_before_login_becomes_the_users_choice(client, factory, app):
    user = factory.user(language="da")
    client.post("/sprog", data={"lang": "en"})
    client.post("/log-ind", data={"email": user.email, "password": "kodeord-123"})
    assert 'lang="en"' in client.get("/").text
    with app.app_context():
        from webapp.auth.models import User
        from webapp.extensions import db

        assert db.session.get(User, user.id).language == "en"
