"""Tilbud: the catalogue's cards, search, filters, pages, htmx fragments and query count."""

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event

from tests import factories
from tests.conftest import count_queries
from webapp.extensions import db
from webapp.meetings.models import RegistrationStatus
from webapp.offers.models import Admission, LegalBasis, Offer, OfferKind, OfferStatus, Topic

COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def next_local(weekday: int, at: time, weeks: int = 0) -> datetime:
    """The coming ISO weekday (Monday 1) at a Copenhagen wall-clock time, from tomorrow on.
    A week earlier may be later today: a meeting surely past is two weeks earlier."""
    day = date.today() + timedelta(days=1)
    day += timedelta(days=(weekday - day.isoweekday()) % 7, weeks=weeks)
    return datetime.combine(day, at, tzinfo=COPENHAGEN)


def titles(html: str) -> list[str]:
    """The offer titles on a catalogue page, in order."""
    return re.findall(r'<h2 class="h4 app-card-title"><a href="/tilbud/\d+">([^<]+)</a>', html)


def search(client, **args) -> str:
    response = client.get("/tilbud", query_string=args)
    assert response.status_code == 200
    return response.text


# -- Cards ---------------------------------------------------------------------------------

def test_cards_show_what_a_citizen_needs_to_choose(client, factory):
    ishoej = factory.municipality(name="Ishøj")
    place = factory.location(name="Ishøj Bibliotek", municipality_id=ishoej.id)
    walk = factory.offer(title="Gåtur", summary="Vi går en tur sammen.", capacity=5,
                         location_id=place.id, admission=Admission.DROP_IN)
    first = factory.meeting(offer_id=walk.id, starts_at=next_local(2, time(10)))
    factory.meeting(offer_id=walk.id, starts_at=next_local(2, time(10), weeks=1))
    factory.meeting(offer_id=walk.id, starts_at=next_local(2, time(10)) - timedelta(days=14))
    for _ in range(2):
        factory.registration(meeting_id=first.id, citizen_id=factory.user().id)
    factory.offer(title="Angst", admission=Admission.ASK_TO_JOIN, kind=OfferKind.TIME_LIMITED)
    factory.offer(title="Pakke 1", legal_basis=LegalBasis.S85)

    html = search(client)
    assert titles(html) == ["Angst", "Gåtur", "Pakke 1"]
    assert "3 tilbud fundet" in html
    card = html[html.index(">Gåtur<"):html.index(">Pakke 1<")]
    assert f'href="/tilbud/{walk.id}"' in html
    assert "Vi går en tur sammen." in card
    assert "Ishøj Bibliotek, Ishøj" in card
    assert "Næste gang:" in card and "tirsdag" in card and "kl. 10.00" in card
    assert "3 ledige pladser" in card
    assert "Løbende" in card and "Mød bare op (§ 82 a)" in card
    assert "Du kan selv bede om en plads (§ 82 a)" in html and "Tidsbegrænset" in html
    assert "Gennem din vejleder (§ 85)" in html
    assert "Der er ingen møder i kalenderen lige nu." in html


@pytest.mark.parametrize(("lang", "bring"), [("da", "Tag med:"), ("en", "Bring:")])
def test_a_card_says_what_to_bring_when_the_offer_says(client, factory, lang, bring):
    factory.offer(title="Gåtur", what_to_bring="Tøj til at gå i, og en madpakke.")
    factory.offer(title="Café")
    client.set_cookie("lang", lang)
    html = search(client)
    walk, cafe = html[html.index(">Gåtur<"):], html[html.index(">Café<"):html.index(">Gåtur<")]
    assert f"<p><strong>{bring}</strong> Tøj til at gå i, og en madpakke.</p>" in walk
    assert bring not in cafe
    assert html.count(bring) == 1


def test_next_meeting_skips_cancelled_and_past_meetings(client, factory):
    offer = factory.offer(title="Café", capacity=1)
    factory.meeting(offer_id=offer.id, starts_at=next_local(1, time(13)) - timedelta(days=14))
    factory.meeting(offer_id=offer.id, starts_at=next_local(1, time(13)),
                    cancelled_at=datetime.now(COPENHAGEN), cancel_reason="Syg")
    full = factory.meeting(offer_id=offer.id, starts_at=next_local(1, time(13), weeks=1))
    factory.registration(meeting_id=full.id, citizen_id=factory.user().id)
    html = search(client)
    assert f'datetime="{full.starts_at.isoformat()}"' in html
    assert "Der er ingen ledige pladser" in html


def test_drafts_and_archived_offers_are_not_listed(client, factory):
    factory.offer(title="Kladde", status=OfferStatus.DRAFT)
    factory.offer(title="Gammel", status=OfferStatus.ARCHIVED)
    factory.offer(title="Aktiv")
    assert titles(search(client)) == ["Aktiv"]


def test_english_cards(client, factory):
    factory.offer(title="Gåtur")
    client.set_cookie("lang", "en")
    html = search(client)
    assert "1 offer found" in html and "Just come along (§ 82 a)" in html
    assert "Show groups" in html


# -- Search --------------------------------------------------------------------------------

@pytest.fixture
def three_offers(factory):
    factory.offer(title="Økonomi og post", summary="Få styr på regninger.",
                  description="Vi ser på din post.")
    factory.offer(title="Gåtur", summary="Gå en tur med andre.", description="Vi går ved åen.")
    factory.offer(title="NADA", summary="Ro på.", description="Akupunktur i øret, 100% rolig.")


@pytest.mark.parametrize(("q", "found"), [
    ("gåtur", ["Gåtur"]),  # title
    ("REGNINGER", ["Økonomi og post"]),  # summary, any case
    ("økonomi", ["Økonomi og post"]),  # Danish letters in another case
    ("akupunktur", ["NADA"]),  # description
    ("  ro   på ", ["NADA"]),  # spaces tidied
    ("%", ["NADA"]),  # a literal percent sign, not a wildcard
    ("_", []),  # a literal underscore, not a wildcard
    ("cykel", []),
])
def test_search_matches_title_summary_and_description(client, three_offers, q, found):
    assert titles(search(client, q=q)) == found


def test_search_follows_an_offer_that_changes(app, client, factory):
    """The search looks in a stored, lower-cased copy of the texts: kept up to date when
    staff change an offer."""
    offer_id = factory.offer(title="Gåtur", summary="Gå en tur.", description="Ved åen.").id
    with app.app_context():
        offer = db.session.get(Offer, offer_id)
        offer.title, offer.description = "Cykeltur", "Vi cykler til Strandparken."
        db.session.commit()
    assert titles(search(client, q="CYKEL")) == ["Cykeltur"]
    assert titles(search(client, q="strandparken")) == ["Cykeltur"]
    assert titles(search(client, q="gåtur")) == titles(search(client, q="åen")) == []
    assert titles(search(client, q="gå en tur")) == ["Cykeltur"]


def test_search_keeps_what_was_typed(client, three_offers):
    html = search(client, q='gå "tur"')
    assert 'value="gå &#34;tur&#34;"' in html or 'value="gå &quot;tur&quot;"' in html


# -- Filters -------------------------------------------------------------------------------

@pytest.fixture
def catalogue(factory):
    """Four offers in two municipalities, meeting at known Copenhagen times."""
    ishoej, vallensbaek = factory.municipality(name="Ishøj"), factory.municipality(
        name="Vallensbæk")
    in_ishoej = factory.location(municipality_id=ishoej.id)
    in_vallensbaek = factory.location(name="Vallensbæk Bibliotek",
                                      municipality_id=vallensbaek.id)
    offers = {
        "Bus": dict(topic=Topic.TRANSPORT, admission=Admission.ASK_TO_JOIN,
                    location_id=in_ishoej.id),
        "Café": dict(topic=Topic.COMMUNITY, admission=Admission.DROP_IN,
                     location_id=in_vallensbaek.id),
        "Pakke": dict(topic=Topic.COMMUNITY, legal_basis=LegalBasis.S85,
                      location_id=in_vallensbaek.id),
        "Aften": dict(topic=Topic.FOOD, admission=Admission.DROP_IN, location_id=in_ishoej.id),
    }
    made = {title: factory.offer(title=title, **kw) for title, kw in offers.items()}
    # Bus: Tuesday morning. Café: Tuesday afternoon, and a cancelled Friday.
    # Pakke: Wednesday 00:30 in Copenhagen, which is still Tuesday in UTC.
    # Aften: Thursday 17.30 (evening), and a past Monday meeting that does not count.
    factory.meeting(offer_id=made["Bus"].id, starts_at=next_local(2, time(11, 30)))
    factory.meeting(offer_id=made["Café"].id, starts_at=next_local(2, time(13)))
    factory.meeting(offer_id=made["Café"].id, starts_at=next_local(5, time(10)),
                    cancelled_at=datetime.now(COPENHAGEN))
    factory.meeting(offer_id=made["Pakke"].id, starts_at=next_local(3, time(0, 30)))
    factory.meeting(offer_id=made["Aften"].id, starts_at=next_local(4, time(17, 30)))
    factory.meeting(offer_id=made["Aften"].id,
                    starts_at=next_local(1, time(10)) - timedelta(days=14))
    return {"ishoej": ishoej.id, "vallensbaek": vallensbaek.id}


@pytest.mark.parametrize(("args", "found"), [
    ({"topic": "community"}, ["Café", "Pakke"]),
    ({"topic": "food"}, ["Aften"]),
    ({"admission": "drop_in"}, ["Aften", "Café"]),
    ({"admission": "ask_to_join"}, ["Bus"]),
    ({"admission": "through_counsellor"}, ["Pakke"]),
    ({"weekday": "2"}, ["Bus", "Café"]),
    ({"weekday": "3"}, ["Pakke"]),  # in Copenhagen time, not UTC
    ({"weekday": "5"}, []),  # only a cancelled meeting that day
    ({"weekday": "1"}, []),  # only a past meeting that day
    ({"time": "morning"}, ["Bus", "Pakke"]),
    ({"time": "afternoon"}, ["Café"]),
    ({"time": "evening"}, ["Aften"]),
    ({"weekday": "2", "time": "afternoon"}, ["Café"]),
    ({"weekday": "3", "time": "afternoon"}, []),
    ({"topic": "community", "admission": "drop_in"}, ["Café"]),
    ({"q": "a", "topic": "community", "weekday": "2", "time": "afternoon",
      "admission": "drop_in"}, ["Café"]),
])
def test_each_filter_and_combinations(client, catalogue, args, found):
    assert titles(search(client, **args)) == found


def test_municipality_filter(client, catalogue):
    assert titles(search(client, municipality=catalogue["ishoej"])) == ["Aften", "Bus"]
    assert titles(search(client, municipality=catalogue["vallensbaek"],
                         admission="drop_in")) == ["Café"]


def test_a_new_or_renamed_municipality_is_in_the_filter_on_the_next_page(app, client, catalogue):
    from sqlalchemy import insert

    from webapp.offers.models import Municipality

    assert "Brøndby" not in search(client)
    # Added by another process (no ORM events here).
    with app.app_context():
        db.session.execute(insert(Municipality).values(name="Brøndby", code="153"))
        db.session.commit()
    assert ">Brøndby</option>" in search(client)
    with app.app_context():
        brondby = db.session.scalar(db.select(Municipality).filter_by(name="Brøndby"))
        brondby.name = "Brøndby Kommune"
        db.session.commit()
    assert ">Brøndby Kommune</option>" in search(client)


def test_chosen_filters_are_shown_selected_and_open(client, catalogue):
    html = search(client, topic="food", time="evening")
    assert '<option value="food" selected>' in html
    assert '<option value="evening" selected>' in html
    assert "<details class=\"app-filters\" open>" in html
    assert "<details class=\"app-filters\">" in search(client, q="bus")


def test_filters_have_plain_danish_labels(client, catalogue):
    html = search(client)
    for label in ("Emne", "Kommune", "Ugedag", "Tidspunkt", "Sådan kommer du med",
                  "Bus og tog", "Angst og uro", "Tirsdag", "Eftermiddag (kl. 12 til 17)",
                  "Mød bare op", "Du kan selv bede om en plads", "Gennem din vejleder",
                  "Vallensbæk", "Vis tilbud"):
        assert label in html, label


@pytest.mark.parametrize("args", [
    {"topic": "dragons"}, {"weekday": "9"}, {"weekday": "tirsdag"}, {"time": "night"},
    {"municipality": "abc"}, {"municipality": "99999"}, {"admission": "bribe"},
    {"page": "-3"}, {"page": "abc"}, {"page": "0"}, {"page": "99999999999999999999"},
    {"q": "x" * 500}, {"q": "'; DROP TABLE offers; --"}, {"q": "\\"},
])
def test_bad_values_are_ignored_not_an_error(client, catalogue, args):
    response = client.get("/tilbud", query_string=args)
    assert response.status_code == 200
    if "q" not in args:
        assert len(titles(response.text)) == 4


# -- Empty result ---------------------------------------------------------------------------

def test_no_match_says_so_and_offers_to_clear(client, catalogue):
    html = search(client, q="cykel", topic="food")
    assert titles(html) == []
    assert "0 tilbud fundet" in html
    assert "Vi fandt ingen grupper, der passer" in html
    assert '<a class="button button-secondary" href="/tilbud">Ryd søgningen' in html


def test_no_offers_at_all(client):
    html = search(client)
    assert "Der er ingen grupper lige nu." in html
    assert "Ryd søgningen" not in html


# -- Pages ---------------------------------------------------------------------------------

def test_pages_keep_the_search_and_filters(client, factory):
    for n in range(12):
        factory.offer(title=f"Gåtur {n:02d}", topic=Topic.MOVEMENT)
    factory.offer(title="Gåtur madlavning", topic=Topic.FOOD)
    html = search(client, q="gåtur", topic="movement")
    assert titles(html) == [f"Gåtur {n:02d}" for n in range(10)]
    assert "12 tilbud fundet. Side 1 af 2" in html
    link = re.search(r'href="(/tilbud\?[^"]+)">Næste side', html).group(1)
    assert "q=g%C3%A5tur" in link and "topic=movement" in link and "page=2" in link
    assert "weekday=" not in link  # empty filters are left out
    page_two = client.get(link.replace("&amp;", "&")).text
    assert titles(page_two) == ["Gåtur 10", "Gåtur 11"]
    assert "Forrige side" in page_two and "Næste side" not in page_two
    # A page past the end shows the last page.
    assert titles(search(client, q="gåtur", topic="movement", page=7)) == titles(page_two)


# -- htmx ----------------------------------------------------------------------------------

def test_htmx_search_gets_only_the_results(client, three_offers):
    response = client.get("/tilbud?q=nada", headers={"HX-Request": "true"})
    html = response.text
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="catalogue-results">')
    assert "<html" not in html and 'id="catalogue-search"' not in html
    assert titles(html) == ["NADA"]
    # The count also goes to the live region outside the results.
    assert 'hx-swap-oob="innerHTML:#catalogue-announce">1 tilbud fundet</div>' in html
    assert "HX-Request" in response.headers["Vary"]


@pytest.mark.parametrize("header", ["HX-Boosted", "HX-History-Restore-Request"])
def test_boosted_and_history_restore_get_the_full_page(client, three_offers, header):
    html = client.get("/tilbud?q=nada", headers={"HX-Request": "true", header: "true"}).text
    assert html.startswith("<!doctype html>")
    assert 'id="catalogue-search"' in html and titles(html) == ["NADA"]


def test_search_form_is_active_search_and_works_without_javascript(client):
    html = search(client)
    form = re.search(r'<form method="get" action="/tilbud" role="search".*?</form>', html,
                     re.S).group(0)
    assert 'hx-get="/tilbud"' in form and 'hx-push-url="true"' in form
    assert 'hx-target="#catalogue-results"' in form
    assert 'hx-trigger="input changed delay:400ms, search"' in form
    assert '<button type="submit" class="button button-primary">Vis tilbud</button>' in form
    assert 'id="catalogue-announce" class="sr-only" role="status"' in html


# -- Speed ---------------------------------------------------------------------------------

def make_offers(n: int) -> None:
    """n offers, each with five coming meetings that have sign-ups."""
    citizens = [factories.user() for _ in range(3)]
    for i in range(n):
        # Each its own place in its own municipality: a lazy load per offer would show.
        offer = factories.offer(title=f"Gåtur {i}", location=factories.location())
        for week in range(5):
            meeting = factories.meeting(offer_id=offer.id,
                                        starts_at=next_local(2, time(10), weeks=week))
            for citizen in citizens[:week % 3 + 1]:
                factories.registration(meeting_id=meeting.id, citizen_id=citizen.id,
                                       status=RegistrationStatus.SIGNED_UP)


def catalogue_queries(app, client) -> list[int]:
    counts = []
    # the first page, a search with filters, and a page out of range (counted, then the last
    # page is read)
    for args in ({}, {"q": "gåtur", "weekday": "2", "time": "morning"}, {"page": "99"}):
        client.get("/tilbud", query_string=args)  # warm up
        with count_queries(app) as statements:
            assert client.get("/tilbud", query_string=args).status_code == 200
        counts.append(len(statements))
    return counts


def test_catalogue_runs_the_same_queries_for_ten_times_the_data(app, client, ctx):
    make_offers(3)
    small = catalogue_queries(app, client)
    make_offers(27)
    assert catalogue_queries(app, client) == small
    # The municipalities for the filter, and one query: the page of offers with the number
    # of matches and each card's next meeting with its seats.
    assert small[:2] == [2, 2]
    assert small[2] == 4  # out of range: that empty page, a count, and the last page


def test_a_search_reads_the_text_off_an_index_on_sqlite(app, client, three_offers):
    """The number of matches is counted off the index's copy of the texts, not off the
    offers' long rows."""
    with app.app_context():
        engine = db.engine
    # PostgreSQL has no such index: an entry there may take a third of a page at most.
    if engine.dialect.name != "sqlite":
        pytest.skip("the search index is made on SQLite only")
    run = []

    def record(conn, cursor, statement, parameters, *args):
        run.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        assert titles(search(client, q="gåtur")) == ["Gåtur"]
    finally:
        event.remove(engine, "before_cursor_execute", record)
    statement, parameters = next((sql, params) for sql, params in run if " LIKE " in sql)
    with engine.connect() as connection:
        plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters).all()
    assert any("COVERING INDEX ix_offers_status_title_search" in row[3] for row in plan), plan


def test_demo_catalogue_is_light(app, client, ctx):
    from webapp import demo

    demo.seed(citizens=10, offers=12, weeks=3)
    for args in ({}, {"page": 2}, {"q": "a"}):
        response = client.get("/tilbud", query_string=args)
        assert response.status_code == 200
        assert len(response.data) < 40_000


def test_htmx_search_pushes_a_short_address(client, three_offers):
    response = client.get("/tilbud?q=nada&topic=&weekday=&time=&admission=",
                          headers={"HX-Request": "true"})
    assert response.headers["HX-Push-Url"] == "/tilbud?q=nada"
