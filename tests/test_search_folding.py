"""The catalogue's search forgives: æ/ø/å typed as ae/oe/aa or as a/o, no accents, Danish
endings, part of a word, and the place an offer is held at (on SQLite and PostgreSQL)."""

import re

import pytest

from webapp.auth.models import Role


def titles(client, q: str) -> list[str]:
    response = client.get("/tilbud", query_string={"q": q})
    assert response.status_code == 200
    return re.findall(r'<h2 class="h4 app-card-title"><a href="/tilbud/\d+">([^<]+)</a>',
                      response.text)


@pytest.fixture
def places(factory):
    """Three offers: a walk at Ishøj's library, anxiety in Vallensbæk, a café at the
    guidance centre."""
    ishoej = factory.municipality(name="Ishøj")
    vallensbaek = factory.municipality(name="Vallensbæk")
    library = factory.location(name="Ishøj Bibliotek", address="Ishøj Store Torv 1",
                               postcode="2635", city="Ishøj", municipality_id=ishoej.id)
    culture = factory.location(name="Kulturhuset", address="Stationstorv 100",
                               postcode="2665", city="Vallensbæk Strand",
                               municipality_id=vallensbaek.id)
    centre = factory.location(name="Vejledningscentret", address="Vejen 37",
                              postcode="2635", city="Ishøj", municipality_id=ishoej.id)
    factory.offer(title="Gåtur", summary="Gå en tur med andre.", description="I roligt tempo.",
                  location_id=library.id)
    factory.offer(title="Angsthåndtering", summary="Lær at forstå din uro.",
                  description="En fast gruppe.", location_id=culture.id)
    factory.offer(title="Café", summary="Kaffe og spil.", description="Kom forbi.",
                  location_id=centre.id)
    return {"library": library, "culture": culture, "vallensbaek": vallensbaek}


@pytest.mark.parametrize("q", ["gåtur", "GÅTUR", "gaatur", "gatur", "Gåturen", "gå"])
def test_a_danish_letter_may_be_typed_as_two_letters_or_one(client, places, q):
    assert titles(client, q) == ["Gåtur"]


@pytest.mark.parametrize("q", ["angst", "Angsthåndtering", "angsthaandtering",
                               "angsthandtering", "haandtering", "ANGSTEN"])
def test_part_of_a_word_and_any_spelling_finds_it(client, places, q):
    assert titles(client, q) == ["Angsthåndtering"]


@pytest.mark.parametrize("q", ["cafe", "CAFÉ", "caféen"])
def test_accents_may_be_left_out(client, places, q):
    assert titles(client, q) == ["Café"]


@pytest.mark.parametrize(("q", "found"), [
    ("Vallensbæk", ["Angsthåndtering"]),  # the municipality and the town
    ("vallensbaek", ["Angsthåndtering"]),
    ("vallensbak", ["Angsthåndtering"]),
    ("biblioteket", ["Gåtur"]),  # "Ishøj Bibliotek", with the Danish ending
    ("kulturhus", ["Angsthåndtering"]),  # the place's name without its ending
    ("ishøj store torv", ["Gåtur"]),  # its address
    ("2665", ["Angsthåndtering"]),  # its postcode
    ("ishoej", ["Café", "Gåtur"]),
    ("gåtur ishøj", ["Gåtur"]),  # every word must be found, anywhere
    ("gåtur vallensbæk", []),
])
def test_a_place_finds_the_offers_held_there(client, places, q, found):
    assert titles(client, q) == found


def test_renamed_place_and_municipality_are_found_at_once(client, login_as, places):
    """An admin renames the place and its municipality: the offers held there are found by
    the new names, not by the old."""
    login_as(role=Role.ADMIN)
    culture, vallensbaek = places["culture"], places["vallensbaek"]
    response = client.post(f"/admin/steder/{culture.id}", data={
        "name": "Strandens Medborgerhus", "address": "Strandvej 2", "postcode": "2665",
        "city": "Vallensbæk Strand", "municipality_id": vallensbaek.id})
    assert response.status_code == 303
    assert titles(client, "medborgerhuset") == ["Angsthåndtering"]
    assert titles(client, "kulturhus") == []
    response = client.post(f"/admin/kommuner/{vallensbaek.id}",
                           data={"name": "Brøndby", "code": "153"})
    assert response.status_code == 303
    assert titles(client, "brondby") == ["Angsthåndtering"]
    # The town is still called Vallensbæk Strand.
    assert titles(client, "vallensbæk") == ["Angsthåndtering"]
    assert titles(client, "vallensbæk kommune") == []


def test_an_offer_moved_to_another_place_is_found_there(app, client, places):
    from webapp.extensions import db
    from webapp.offers.models import Offer

    with app.app_context():
        walk = db.session.scalar(db.select(Offer).filter_by(title="Gåtur"))
        walk.location_id = places["culture"].id
        db.session.commit()
    assert titles(client, "biblioteket") == []
    assert titles(client, "kulturhuset") == ["Angsthåndtering", "Gåtur"]
