"""The pages say what the law says (seeds 003 and 004): an afklaringsforløb is joined by
referral, at once and without an assessment; the § 85 packages follow an assessment with
an answer in normally 8 weeks; for a § 82 a group no formal assessment (visitation) is needed,
and the municipality looks at whether the group fits the citizen and answers within 14 days.
Never that the municipality will not look at the citizen's needs."""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.conftest import facilitate, text_of
from webapp.auth.models import Role
from webapp.enrolments.models import Package
from webapp.offers.models import Admission, LegalBasis

CATALOG = Path(__file__).parent.parent / "translations" / "da" / "LC_MESSAGES" / "messages.po"
#: what the app must never say (DESIGN.md: the municipality makes a concrete assessment)
NEVER = ("skal ikke se på dine behov", "skal ikke vurdere dine behov",
         "does not need to assess your needs", "do not need an assessment from the municipality")


def offer_page(client, offer_id, lang="da") -> str:
    client.set_cookie("lang", lang)
    response = client.get(f"/tilbud/{offer_id}")
    assert response.status_code == 200
    return text_of(response)


def how_to_get_in(page: str) -> str:
    """The offer page's 'How to get in' section."""
    start = page.index("Sådan kommer du med") if "Sådan kommer du med" in page \
        else page.index("How to get in")
    return page[start:start + 900]


def test_an_afklaringsforloeb_is_joined_by_referral_without_an_assessment(client, factory):
    offer = factory.offer(title="Afklaringsforløb", legal_basis=LegalBasis.S85,
                          package=Package.CLARIFICATION)
    words = how_to_get_in(offer_page(client, offer.id))
    assert "Din vejleder eller din rådgiver henviser dig til forløbet." in words
    assert "Du skal ikke have en visitation først. Du kan begynde med det samme." in words
    assert "Forløbet varer 4 måneder. Før det slutter, skriver din vejleder en status." in words
    assert "Enten slutter din støtte, eller du bliver indstillet til mere støtte." in words
    assert "Ankestyrelsen" in words and "serviceloven § 85" in words
    # Not the words of an assessment with an answer in 8 weeks.
    assert "8 uger" not in words and "ser du og kommunen på dine behov" not in words
    english = how_to_get_in(offer_page(client, offer.id, "en"))
    assert "Your counsellor or your adviser refers you to this course." in english
    assert "8 weeks" not in english


def test_a_package_after_assessment_says_assessment_and_8_weeks(client, factory):
    offer = factory.offer(title="Gruppeforløb pakke 1", legal_basis=LegalBasis.S85,
                          package=Package.PACKAGE_1)
    words = how_to_get_in(offer_page(client, offer.id))
    assert "Det kaldes en visitation." in words
    assert "senest 8 uger" in words
    assert "klage til Ankestyrelsen" in words and "4 uger" in words


@pytest.mark.parametrize("admission", [Admission.ASK_TO_JOIN, Admission.DROP_IN])
def test_a_82a_group_needs_no_visitation_and_the_municipality_looks_at_the_fit(
        client, factory, admission):
    offer = factory.offer(title="Angsthåndtering", admission=admission)
    page = offer_page(client, offer.id)
    words = how_to_get_in(page)
    assert "Du skal ikke have en visitation først." in words
    if admission is Admission.ASK_TO_JOIN:
        assert "Kommunen ser på, om gruppen passer til dig." in words
        assert "Kommunen svarer dig senest 14 dage efter" in words
        assert "Du kan ikke klage over svaret til en anden myndighed." in words
    for never in NEVER:
        assert never not in page
    english = offer_page(client, offer.id, "en")
    assert "You do not need a formal assessment (visitation) first." in english
    assert "does not need to assess your needs" not in english


def test_the_rights_page_says_the_true_thing(client):
    page = text_of(client.get("/rettigheder"))
    assert "Nogle grupper kan du selv bede om at komme med i. Du skal ikke have en " \
           "visitation først. Kommunen ser på, om gruppen passer til dig." in page
    assert "Vi svarer dig senest 14 dage efter" in page
    assert "Som regel starter du med et afklaringsforløb på 4 måneder. Din vejleder eller " \
           "din rådgiver henviser dig til det med det samme." in page
    assert "Søger du om støtte, får du normalt svar senest 8 uger efter" in page
    assert "Du kan klage over afgørelsen til Ankestyrelsen." in page
    assert "senest 4 uger efter" in page
    for never in NEVER:
        assert never not in page


def test_the_danish_catalog_never_says_needs_are_not_looked_at():
    with CATALOG.open("rb") as f:
        catalog = read_po(f)
    said = [message.string for message in catalog if message.id and message.string
            and not message.fuzzy]
    for never in NEVER:
        assert not [text for text in said if never in str(text)], never


def test_staff_choose_the_package_and_the_citizens_read_the_matching_words(
        app, client, factory, login_as):
    counsellor = login_as(role=Role.STAFF, language="en")
    client.set_cookie("lang", "en")
    place = factory.location()
    data = {"title": "Afklaring", "summary": "4 måneder.", "description": "Vi mødes.",
            "who_for": "", "what_you_get": "", "topic": "community", "legal_basis": "85",
            "admission": "through_counsellor", "package": "clarification", "kind": "open",
            "starts_on": "", "ends_on": "", "capacity": "8", "location": str(place.id),
            "facilitators": [str(counsellor.id)], "languages": ["da"]}
    form = client.get("/personale/tilbud/nyt").text
    assert 'name="package"' in form and "Clarification course" in form
    assert "Through a counsellor or an adviser (§ 85)" in form
    assert "after assessment (§ 85)" not in form

    # A § 82 a offer has no package: said next to the field.
    wrong = client.post("/personale/tilbud/nyt", data={**data, "legal_basis": "82a",
                                                       "admission": "drop_in"})
    assert wrong.status_code == 422
    assert "Only a § 85 course has a package." in \
        wrong.text[wrong.text.index('id="package-error"'):][:200]

    made = client.post("/personale/tilbud/nyt", data=data)
    assert made.status_code == 303
    offer_id = int(re.search(r"/tilbud/(\d+)", made.headers["Location"])[1])
    staff_page = text_of(client.get(f"/personale/tilbud/{offer_id}"))
    assert "A counsellor or an adviser refers them at once, without an assessment." in \
        staff_page
    assert client.post(f"/personale/tilbud/{offer_id}/status",
                       data={"status": "published"}).status_code in (302, 303)
    client.post("/log-ud")
    words = how_to_get_in(offer_page(client, offer_id))
    assert "Din vejleder eller din rådgiver henviser dig til forløbet." in words
    assert "8 uger" not in words


def test_the_demo_afklaringsforloeb_carries_its_package(app, client, ctx):
    from webapp import demo
    from webapp.extensions import db
    from webapp.offers.models import Offer

    demo.seed(citizens=5, offers=12, weeks=1)
    offer = db.session.scalar(db.select(Offer).filter_by(title="Afklaringsforløb"))
    assert offer.package is Package.CLARIFICATION
    assert "Din vejleder eller din rådgiver henviser dig" in offer_page(client, offer.id)


def test_a_counsellor_of_the_course_sees_it_too(app, client, factory, login_as):
    offer = factory.offer(title="Afklaringsforløb", legal_basis=LegalBasis.S85,
                          package=Package.CLARIFICATION)
    counsellor = login_as(role=Role.STAFF, language="da")
    facilitate(app, counsellor, offer)
    page = text_of(client.get(f"/personale/tilbud/{offer.id}"))
    assert "En vejleder eller en rådgiver henviser dem med det samme, uden visitation." in page
    assert "Pakke efter § 85 Afklaringsforløb" in page
