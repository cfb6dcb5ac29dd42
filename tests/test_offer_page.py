"""The offer page: what the group is, where and when it meets, and how to get in."""

import re
from datetime import UTC, date, datetime, time, timedelta

import pytest

from tests import factories
from tests.conftest import count_queries
from tests.test_catalogue import COPENHAGEN, next_local
from webapp.auth.models import Role
from webapp.enrolments.models import EnrolmentStatus
from webapp.meetings.models import RegistrationStatus
from webapp.offers.models import Admission, LegalBasis, OfferKind, OfferStatus


def main(html: str) -> str:
    """The page's own content, without the header, navigation and footer."""
    return html[html.index('<main id="main-content"'):html.index("</main>")]


def page(client, offer_id: int) -> str:
    response = client.get(f"/tilbud/{offer_id}")
    assert response.status_code == 200
    return main(response.text)


@pytest.fixture
def place(factory):
    ishoej = factory.municipality(name="Ishøj")
    return factory.location(name="Ishøj Bibliotek", address="Ishøj Store Torv 1",
                            postcode="2635", city="Ishøj", municipality_id=ishoej.id,
                            step_free=True, access_note="Døren åbner selv.")


@pytest.fixture
def walk(factory, place):
    """A drop-in walk at a step-free library, run by Mette and Jonas, in Danish and English."""
    staff = [factory.user(name=name, role=Role.STAFF) for name in ("Mette Holm", "Jonas Madsen")]
    return factory.offer(title="Gåtur", summary="Gå en tur med andre.",
                         description="Vi går i roligt tempo.", who_for="Alle, der vil gå.",
                         what_you_get="En gåtur hver uge.", admission=Admission.DROP_IN,
                         languages=["da", "en"], capacity=4, location_id=place.id,
                         facilitators=staff)


def test_the_offer_page_tells_what_where_and_who(client, walk):
    html = page(client, walk.id)
    assert "<h1>Gåtur</h1>" in html
    for text in ("Gå en tur med andre.", "Vi går i roligt tempo.", "Hvem er det for?",
                 "Alle, der vil gå.", "Hvad får du?", "En gåtur hver uge.",
                 "Ishøj Bibliotek<br>Ishøj Store Torv 1<br>2635 Ishøj<br>Ishøj Kommune",
                 "Du kan komme ind uden trin.</strong> Døren åbner selv.",
                 "<dd>Dansk og engelsk</dd>", "<dd>Mette og Jonas</dd>",
                 "Det er gratis. Du betaler selv transport, mad og entré.",
                 "Løbende", "Gruppen er løbende. Den har ingen slutdato.",
                 "Mød bare op (§ 82 a)", "Du kan bare møde op.", "Det er en forebyggende gruppe."):
        assert text in html, text
    assert "Holm" not in html and "Madsen" not in html  # first names only


@pytest.mark.parametrize(("lang", "heading"), [("da", "Hvad skal du have med?"),
                                              ("en", "What to bring")])
def test_the_page_says_what_to_bring_only_when_the_offer_says(client, factory, lang, heading):
    bring = factory.offer(what_to_bring="Tøj til at gå i, og en madpakke.")
    nothing = factory.offer()
    client.set_cookie("lang", lang)
    html = page(client, bring.id)
    assert f"<h2>{heading}</h2>\n<p>Tøj til at gå i, og en madpakke.</p>" in html
    # before where the group meets
    assert html.index(heading) < html.index("Google Maps")
    assert heading not in page(client, nothing.id)


def test_map_link_opens_the_address(client, walk):
    html = page(client, walk.id)
    link = re.search(r'<a href="([^"]+)" class="app-map-link">([^<]+)</a>', html)
    assert link.group(1) == ("https://www.google.com/maps/search/?api=1&amp;query="
                             "Ish%C3%B8j+Store+Torv+1%2C+2635+Ish%C3%B8j")
    assert link.group(2) == "Åbn adressen i Google Maps"


def test_steps_are_mentioned(client, factory):
    stairs = factory.location(step_free=False, access_note=None)
    assert "Der er trin ved indgangen." in page(client, factory.offer(location_id=stairs.id).id)


def test_english_page(client, walk):
    client.set_cookie("lang", "en")
    html = page(client, walk.id)
    for text in ("<dd>Danish and English</dd>", "Open the address in Google Maps",
                 "It is free. You pay your own transport, food and entrance.",
                 "You can just come along.", "Ishøj Municipality"):
        assert text in html, text


# -- How to get in: the legal basis in plain words --------------------------------------

def test_ask_to_join_explains_section_82a(client, factory):
    offer = factory.offer(admission=Admission.ASK_TO_JOIN, legal_basis=LegalBasis.S82A)
    html = page(client, offer.id)
    for text in ("Du kan selv bede om en plads (§ 82 a)",
                 "Du kan selv bede om en plads i gruppen.",
                 "senest 14 dage efter",
                 "Du kan ikke klage over svaret til en anden myndighed.",
                 "du kan altid klage til kommunen over dens service generelt",
                 "Reglerne står i serviceloven § 82 a.",
                 '<a href="/rettigheder">Læs mere om dine rettigheder'):
        assert text in html, text
    assert "Ankestyrelsen" not in html
    # The self-referral comes with a later issue: no button and no form until then.
    assert "<button" not in html and "<form" not in html


def test_through_counsellor_explains_section_85(client, factory):
    offer = factory.offer(legal_basis=LegalBasis.S85, kind=OfferKind.TIME_LIMITED,
                          starts_on=date(2026, 3, 2), ends_on=date(2026, 6, 29))
    html = page(client, offer.id)
    for text in ("Gennem din vejleder (§ 85)", "Tidsbegrænset",
                 "Du kommer med i forløbet gennem din vejleder.", "visitation",
                 "senest 8 uger efter", "klage til Ankestyrelsen", "senest 4 uger efter",
                 "Reglerne står i serviceloven § 85.", 'href="/rettigheder"',
                 "Forløbet varer fra 2. marts 2026 til 29. juni 2026."):
        assert text in html, text
    assert "14 dage" not in html
    assert "<button" not in html and "<form" not in html


# -- When: the next meetings ----------------------------------------------------------------

def test_next_eight_meetings_with_seats_cancellations_and_places(client, factory, walk):
    elsewhere = factory.location(name="Vallensbæk Kulturhus", address="Stationstorv 100",
                                 postcode="2665", city="Vallensbæk Strand")
    factory.meeting(offer_id=walk.id, starts_at=next_local(2, time(10)) - timedelta(days=14))
    meetings = [factory.meeting(offer_id=walk.id, starts_at=next_local(2, time(10), weeks=w))
                for w in range(10)]
    for _ in range(3):
        factory.registration(meeting_id=meetings[0].id, citizen_id=factory.user().id)
    factory.registration(meeting_id=meetings[0].id, citizen_id=factory.user().id,
                         status=RegistrationStatus.ABSENT)
    with_reason = meetings[1]
    from webapp.extensions import db
    from webapp.meetings.models import Meeting

    with client.application.app_context():
        row = db.session.get(Meeting, with_reason.id)
        row.cancelled_at, row.cancel_reason = datetime.now(COPENHAGEN), "Vejlederen er syg."
        db.session.get(Meeting, meetings[2].id).location_id = elsewhere.id
        db.session.commit()

    html = page(client, walk.id)
    shown = re.findall(r'<li class="app-card" id="meeting-(\d+)">', html)
    assert shown == [str(m.id) for m in meetings[:8]]
    first = html[html.index(f'id="meeting-{meetings[0].id}"'):
                 html.index(f'id="meeting-{meetings[1].id}"')]
    assert "tirsdag" in first and "kl. 10.00</time>–12.00" in first and "1 ledig plads" in first
    second = html[html.index(f'id="meeting-{meetings[1].id}"'):
                  html.index(f'id="meeting-{meetings[2].id}"')]
    assert "<strong>Aflyst:</strong> Vejlederen er syg." in second
    assert "ledige" not in second
    third = html[html.index(f'id="meeting-{meetings[2].id}"'):
                 html.index(f'id="meeting-{meetings[3].id}"')]
    assert "Sted:</strong> Vallensbæk Kulturhus, Stationstorv 100, 2665 Vallensbæk Strand" in third
    assert "4 ledige pladser" in third
    assert "Sted:" not in first


def test_no_meetings_yet(client, walk):
    assert "Der er ingen møder i kalenderen lige nu." in page(client, walk.id)


# -- Who may see it ----------------------------------------------------------------------

@pytest.mark.parametrize("status", [OfferStatus.DRAFT, OfferStatus.ARCHIVED])
def test_unpublished_offers_are_not_found(client, factory, login_as, status):
    offer = factory.offer(status=status)
    assert client.get(f"/tilbud/{offer.id}").status_code == 404
    login_as(role=Role.CITIZEN)
    assert client.get(f"/tilbud/{offer.id}").status_code == 404


def test_unknown_offer_is_not_found(client):
    response = client.get("/tilbud/999999")
    assert response.status_code == 404
    assert "Vi kan ikke finde siden" in response.text
    assert client.get("/tilbud/abc").status_code == 404


def test_staff_can_preview_a_draft(client, factory, login_as):
    offer = factory.offer(status=OfferStatus.DRAFT, title="Ny gruppe")
    login_as(role=Role.STAFF)
    html = page(client, offer.id)
    assert "Ny gruppe" in html and "fordi det ikke er offentliggjort" in html


def test_catalogue_links_to_the_offer_page(client, walk):
    assert f'<a href="/tilbud/{walk.id}">Gåtur</a>' in client.get("/tilbud").text


# -- Speed ---------------------------------------------------------------------------------

def make_offer(scale: int) -> int:
    """An offer with 2 × scale coming meetings, scale facilitators, and sign-ups."""
    staff = [factories.user(role=Role.STAFF) for _ in range(scale)]
    offer = factories.offer(facilitators=staff, languages=["da", "en", "ar"][:1 + scale % 3])
    citizens = [factories.user() for _ in range(scale)]
    for week in range(2 * scale):
        meeting = factories.meeting(offer_id=offer.id,
                                    starts_at=next_local(3, time(13), weeks=week))
        for citizen in citizens:
            factories.registration(meeting_id=meeting.id, citizen_id=citizen.id)
    return offer.id


def offer_page_queries(app, client, offer_id: int) -> int:
    client.get(f"/tilbud/{offer_id}")  # warm up
    with count_queries(app) as statements:
        assert client.get(f"/tilbud/{offer_id}").status_code == 200
    return len(statements)


def test_offer_page_runs_the_same_queries_for_ten_times_the_data(app, client, ctx, login_as):
    login_as(role=Role.CITIZEN)
    small = offer_page_queries(app, client, make_offer(1))
    large = offer_page_queries(app, client, make_offer(10))
    assert small == large
    assert small <= 6  # user, offer, facilitators, meetings, seats, own registrations


def test_demo_offer_pages_are_light(app, client, ctx):
    from webapp import demo
    from webapp.extensions import db
    from webapp.offers.models import Offer

    demo.seed(citizens=10, offers=12, weeks=3)
    ids = db.session.scalars(db.select(Offer.id).where(
        Offer.status == OfferStatus.PUBLISHED)).all()
    assert ids
    for offer_id in ids:
        response = client.get(f"/tilbud/{offer_id}")
        assert response.status_code == 200
        assert len(response.data) < 40_000


def test_citizen_signs_up_from_the_offer_page_and_gets_a_calendar_file(client, factory,
                                                                       login_as):
    walk = factory.offer(title="Gåtur ved stranden")
    meeting = factory.meeting(offer_id=walk.id)
    login_as()
    page = client.get(f"/tilbud/{walk.id}").text
    assert f'action="/moeder/{meeting.id}/tilmelding"' in page
    response = client.post(f"/moeder/{meeting.id}/tilmelding",
                           data={"next": f"/tilbud/{walk.id}"})
    assert response.headers["Location"] == f"/tilbud/{walk.id}"
    page = client.get(f"/tilbud/{walk.id}").text
    assert "Du er tilmeldt." in page
    assert f'href="/kalender/moede/{meeting.id}.ics"' in page
    assert client.get(f"/kalender/moede/{meeting.id}.ics").status_code == 200


def test_visitor_sees_seats_and_a_way_to_log_in(client, factory):
    walk = factory.offer(title="Gåtur ved stranden")
    factory.meeting(offer_id=walk.id)
    page = client.get(f"/tilbud/{walk.id}").text
    assert "/tilmelding" not in page
    assert f'href="/log-ind?next=/tilbud/{walk.id}"' in page


@pytest.mark.parametrize(("status", "buttons"), [
    (EnrolmentStatus.ACTIVE, True), (EnrolmentStatus.WAITLISTED, False),
    (EnrolmentStatus.WITHDRAWN, False)])
def test_only_a_place_in_an_ask_to_join_group_gives_sign_up_buttons(client, factory, login_as,
                                                                    status, buttons):
    group = factory.offer(title="Angsthåndtering", admission=Admission.ASK_TO_JOIN)
    meeting = factory.meeting(offer_id=group.id)
    citizen = login_as()
    factory.enrolment(citizen_id=citizen.id, offer_id=group.id, status=status)
    html = page(client, group.id)
    assert (f'action="/moeder/{meeting.id}/tilmelding"' in html) is buttons
    assert ("Du skal have en plads i gruppen" in html) is not buttons
    # A place or the waiting list is a standing the page tells; a withdrawn one is not.
    assert ("Spørg om at komme med</a>" in html) is (status is EnrolmentStatus.WITHDRAWN)


def test_citizen_without_a_place_is_told_once_how_to_get_in(client, factory, login_as):
    from webapp.offers.models import Admission

    group = factory.offer(title="Angsthåndtering", admission=Admission.ASK_TO_JOIN)
    for days in (2, 9, 16):
        factory.meeting(offer_id=group.id, starts_at=datetime.now(UTC) + timedelta(days=days))
    login_as()
    page = client.get(f"/tilbud/{group.id}").text
    assert page.count("Du skal have en plads i gruppen") == 1
    assert "/tilmelding" not in page
