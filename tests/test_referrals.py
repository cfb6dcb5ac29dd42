"""Asking to join a § 82 a group: the form (with a new account in the same flow), the
receipt with its answer-by date, every refusal with its message and status, the rate limits,
the citizen's own requests, withdrawing, and what Hjem and the offer page show."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from tests.conftest import HTMX, login
from tests.test_signup import text_of
from webapp.auth.models import Role, User
from webapp.enrolments.models import EnrolmentStatus
from webapp.extensions import db
from webapp.offers.models import Admission, LegalBasis, OfferStatus
from webapp.referrals import services
from webapp.referrals.models import Referral, ReferralStatus

VALID = {"hopes": "Jeg vil gerne turde tage bussen igen.", "contact_methods": ["email"],
         "contact_times": ["morning"], "consent": "y"}
NEW_ACCOUNT = {"name": "Karin Holm", "email": "karin@example.dk", "password": "kodeord-123"}
UNLIMITED = "1000 per minute"


@pytest.fixture
def app(make_app):
    # Rate limits have their own tests below.
    return make_app(REFERRAL_RATE_LIMIT=UNLIMITED, REFERRAL_IP_RATE_LIMIT=UNLIMITED)


@pytest.fixture
def group(factory):
    """An offer: ask-to-join (§ 82 a) unless told otherwise."""

    def make(**kw):
        kw.setdefault("admission", Admission.ASK_TO_JOIN)
        if kw["admission"] is Admission.THROUGH_COUNSELLOR:
            kw.setdefault("legal_basis", LegalBasis.S85)
        return factory.offer(**kw)

    return make


@pytest.fixture
def referrals_of(app):
    def get(user_id):
        with app.app_context():
            return list(db.session.scalars(select(Referral).where(
                Referral.citizen_id == user_id).order_by(Referral.id)))

    return get


def ask_url(offer) -> str:
    return f"/tilbud/{offer.id}/spoerg-om-plads"


# -- The answer-by date ------------------------------------------------------------------------

@pytest.mark.parametrize(("received", "answer_by"), [
    # month ends and year end
    (datetime(2026, 1, 31, 10, 0, tzinfo=UTC), date(2026, 2, 14)),
    (datetime(2026, 2, 20, 12, 0, tzinfo=UTC), date(2026, 3, 6)),
    (datetime(2028, 2, 20, 12, 0, tzinfo=UTC), date(2028, 3, 5)),  # leap year
    (datetime(2026, 4, 30, 9, 0, tzinfo=UTC), date(2026, 5, 14)),
    (datetime(2026, 12, 25, 12, 0, tzinfo=UTC), date(2027, 1, 8)),
    # just after midnight in Copenhagen is the next day, though still the day before in UTC
    (datetime(2026, 1, 31, 23, 30, tzinfo=UTC), date(2026, 2, 15)),
    (datetime(2026, 12, 31, 23, 5, tzinfo=UTC), date(2027, 1, 15)),
    # summer time starts 29 March 2026 at 02.00
    (datetime(2026, 3, 28, 23, 30, tzinfo=UTC), date(2026, 4, 12)),  # 00.30 winter time
    (datetime(2026, 3, 29, 21, 59, tzinfo=UTC), date(2026, 4, 12)),  # 23.59 summer time
    (datetime(2026, 3, 29, 22, 0, tzinfo=UTC), date(2026, 4, 13)),  # 00.00 summer time
    (datetime(2026, 3, 20, 12, 0, tzinfo=UTC), date(2026, 4, 3)),  # spans the change
    # winter time comes back 25 October 2026 at 03.00
    (datetime(2026, 10, 24, 22, 30, tzinfo=UTC), date(2026, 11, 8)),  # 00.30 summer time
    (datetime(2026, 10, 25, 22, 59, tzinfo=UTC), date(2026, 11, 8)),  # 23.59 winter time
    (datetime(2026, 10, 25, 23, 0, tzinfo=UTC), date(2026, 11, 9)),  # 00.00 winter time
])
def test_answer_by_is_the_copenhagen_day_plus_14(received, answer_by):
    assert services.answer_by_for(received) == answer_by


@pytest.mark.parametrize(("now", "lang", "receipt"), [
    (datetime(2026, 3, 28, 23, 30, tzinfo=UTC), "da",
     "Vi fik din henvendelse den 29. marts 2026. Du får svar senest den 12. april 2026."),
    (datetime(2026, 3, 28, 23, 30, tzinfo=UTC), "en",
     "We received your request on 29 March 2026. You will get an answer no later than "
     "12 April 2026."),
    (datetime(2026, 10, 31, 23, 15, tzinfo=UTC), "da",
     "Vi fik din henvendelse den 1. november 2026. Du får svar senest den 15. november 2026."),
    (datetime(2026, 11, 22, 9, 0, tzinfo=UTC), "en",
     "We received your request on 22 November 2026. You will get an answer no later than "
     "6 December 2026."),
])
def test_the_receipt_shows_the_dates_in_the_citizens_language(client, login_as, group,
                                                              monkeypatch, referrals_of,
                                                              now, lang, receipt):
    monkeypatch.setattr(services, "utcnow", lambda: now)
    offer = group()
    citizen = login_as(language=lang)
    response = client.post(ask_url(offer), data=VALID)
    assert response.status_code == 303
    (referral,) = referrals_of(citizen.id)
    assert response.location == f"/henvendelser/{referral.id}"
    assert referral.received_at == now
    page = client.get(response.location)
    assert page.status_code == 200
    assert receipt in text_of(page)


# -- Asking to join ----------------------------------------------------------------------------

def test_a_citizen_asks_to_join_and_everything_they_wrote_is_kept(client, login_as, group,
                                                                  referrals_of, app):
    offer = group()
    citizen = login_as()
    form = client.get(ask_url(offer))
    assert form.status_code == 200
    assert "Spørg om at komme med" in text_of(form)
    response = client.post(ask_url(offer), data={
        **VALID, "contact_methods": ["phone", "app"], "phone": "12 34 56 78",
        "contact_times": ["afternoon", "evening"], "needs_interpreter": "y",
        "interpreter_language": "Arabisk", "needs_step_free": "y",
        "other_needs": "Jeg har brug for pauser."})
    assert response.status_code == 303
    (referral,) = referrals_of(citizen.id)
    assert referral.status is ReferralStatus.RECEIVED
    assert referral.hopes == VALID["hopes"]
    assert referral.contact_methods == ["phone", "app"]
    assert referral.contact_times == ["afternoon", "evening"]
    assert referral.needs_interpreter and referral.interpreter_language == "Arabisk"
    assert referral.needs_step_free and referral.other_needs == "Jeg har brug for pauser."
    assert referral.consent_at is not None
    assert referral.answer_by == services.answer_by_for(referral.received_at)
    with app.app_context():
        assert db.session.get(User, citizen.id).phone == "12 34 56 78"
    receipt = text_of(client.get(response.location))
    assert "Vi har fået din henvendelse" in receipt
    assert "Arabisk" in receipt and "Jeg har brug for pauser." in receipt
    assert "kan ikke klage over svaret" in receipt  # the § 82 a rights in plain words
    assert "serviceloven § 82 a" in receipt


def test_htmx_gets_a_redirect_to_the_receipt_and_the_form_back_with_errors(client, login_as,
                                                                           group):
    offer = group()
    login_as()
    invalid = client.post(ask_url(offer), data={"hopes": "Hej"}, headers=HTMX)
    assert invalid.status_code == 422
    assert "<html" not in invalid.text and 'id="ask"' in invalid.text
    sent = client.post(ask_url(offer), data=VALID, headers=HTMX)
    assert sent.status_code == 204
    assert sent.headers["HX-Redirect"].startswith("/henvendelser/")


def test_a_visitor_asks_and_creates_an_account_in_the_same_form(client, group, app,
                                                                referrals_of):
    offer = group()
    page = client.get(ask_url(offer))
    assert page.status_code == 200
    assert "Din konto" in text_of(page)
    # A mistake: nothing is saved, and what they typed comes back.
    invalid = client.post(ask_url(offer), data={**VALID, **NEW_ACCOUNT, "password": "kort",
                                                 "consent": ""})
    assert invalid.status_code == 422
    assert "Jeg vil gerne turde tage bussen igen." in invalid.text
    assert 'value="karin@example.dk"' in invalid.text and 'value="Karin Holm"' in invalid.text
    assert "Adgangskoden skal være mindst 8 tegn." in text_of(invalid)
    assert "Sæt flueben" in text_of(invalid)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0

    sent = client.post(ask_url(offer), data={**VALID, **NEW_ACCOUNT})
    assert sent.status_code == 303
    with app.app_context():
        user = db.session.scalar(select(User).where(User.email == "karin@example.dk"))
        assert user.role is Role.CITIZEN and user.check_password("kodeord-123")
    (referral,) = referrals_of(user.id)
    assert sent.location == f"/henvendelser/{referral.id}"
    # Logged in now: the receipt is theirs.
    receipt = client.get(sent.location)
    assert receipt.status_code == 200
    assert "Velkommen til Sammen, Karin" in text_of(receipt)


def test_a_visitor_with_an_account_logs_in_without_losing_what_they_wrote(client, group,
                                                                         factory):
    offer = group()
    citizen = factory.user()
    taken = client.post(ask_url(offer), data={**VALID, **NEW_ACCOUNT, "email": citizen.email})
    assert taken.status_code == 422
    assert "Der findes allerede en konto med denne e-mail" in text_of(taken)

    to_login = client.post(ask_url(offer), data={**VALID, "action": "log-in"})
    assert to_login.status_code == 303
    assert to_login.location.startswith("/log-ind?next=")
    assert login(client, citizen.email).status_code == 303
    form = client.get(ask_url(offer))
    assert form.status_code == 200
    assert "Jeg vil gerne turde tage bussen igen." in form.text
    assert "Det, du skrev før, er her stadig." in text_of(form)
    assert client.post(ask_url(offer), data=VALID).status_code == 303
    # Sent: the draft is gone.
    assert "Jeg vil gerne turde tage bussen igen." not in client.get(ask_url(offer)).text


# -- Refusals ----------------------------------------------------------------------------------

def test_a_second_open_request_to_the_same_group_is_refused(client, login_as, group,
                                                            referrals_of):
    offer = group()
    citizen = login_as()
    assert client.post(ask_url(offer), data=VALID).status_code == 303
    for response in (client.get(ask_url(offer)), client.post(ask_url(offer), data=VALID)):
        assert response.status_code == 409
        assert "Du har allerede spurgt om en plads i denne gruppe" in text_of(response)
        assert "Se din henvendelse" in text_of(response)
    assert len(referrals_of(citizen.id)) == 1


def test_a_second_request_is_refused_in_place_for_htmx(client, login_as, group):
    offer = group()
    login_as()
    client.post(ask_url(offer), data=VALID)
    response = client.post(ask_url(offer), data=VALID, headers=HTMX)
    assert response.status_code == 409
    assert "<html" not in response.text and 'id="ask"' in response.text


def test_after_an_answer_or_withdrawing_the_citizen_may_ask_again(client, login_as, group,
                                                                  factory, referrals_of):
    offer = group()
    citizen = login_as()
    factory.referral(citizen_id=citizen.id, offer_id=offer.id,
                     status=ReferralStatus.WITHDRAWN)
    assert client.post(ask_url(offer), data=VALID).status_code == 303
    assert len(referrals_of(citizen.id)) == 2


def test_a_section_85_course_points_to_center_for_socialservice(make_app, group):
    app = make_app(SOCIALSERVICE_PHONE="43 57 70 00",
                   SOCIALSERVICE_ADDRESS="Ishøj Store Torv 20, 2635 Ishøj")
    client = app.test_client()
    with app.app_context():
        from tests import factories

        offer = factories.offer(legal_basis=LegalBasis.S85)
        citizen = factories.user()
        offer_id, email = offer.id, citizen.email
    login(client, email)
    for response in (client.get(f"/tilbud/{offer_id}/spoerg-om-plads"),
                     client.post(f"/tilbud/{offer_id}/spoerg-om-plads", data=VALID)):
        assert response.status_code == 409
        page = text_of(response)
        assert "Du kan ikke spørge om en plads på dette forløb her." in page
        assert "Center for Socialservice" in page
        assert "43 57 70 00" in page and 'href="tel:43577000"' in response.text
        assert "Ishøj Store Torv 20, 2635 Ishøj" in page


def test_a_drop_in_group_points_to_signing_up_for_a_meeting(client, login_as, group):
    offer = group(admission=Admission.DROP_IN)
    login_as()
    response = client.post(ask_url(offer), data=VALID)
    assert response.status_code == 409
    assert "Du behøver ikke spørge om en plads i denne gruppe. Tilmeld dig bare et møde." \
        in text_of(response)
    assert f'href="/tilbud/{offer.id}#meetings-heading"' in response.text


def test_a_visitor_is_told_the_same_before_making_an_account(client, group):
    offer = group(admission=Admission.DROP_IN)
    response = client.get(ask_url(offer))
    assert response.status_code == 409
    assert "Log ind for at melde dig til et møde" in text_of(response)


@pytest.mark.parametrize("ended", ["archived", "ended"])
def test_an_ended_group_is_refused(client, login_as, group, ended):
    if ended == "archived":
        offer = group(status=OfferStatus.ARCHIVED)
    else:
        offer = group(starts_on=date.today() - timedelta(days=60),
                      ends_on=date.today() - timedelta(days=2))
    login_as()
    response = client.post(ask_url(offer), data=VALID)
    assert response.status_code == 409
    assert "Gruppen er slut" in text_of(response)


def test_a_draft_offer_is_not_found(client, login_as, group):
    offer = group(status=OfferStatus.DRAFT)
    login_as()
    assert client.get(ask_url(offer)).status_code == 404
    assert client.post(ask_url(offer), data=VALID).status_code == 404
    assert client.get("/tilbud/999999/spoerg-om-plads").status_code == 404


def test_a_citizen_with_a_place_already_is_refused(client, login_as, group, factory):
    offer = group()
    citizen = login_as()
    factory.enrolment(citizen_id=citizen.id, offer_id=offer.id)
    response = client.post(ask_url(offer), data=VALID)
    assert response.status_code == 409
    assert "Du har allerede en plads i gruppen" in text_of(response)


def test_staff_cannot_ask_to_join(client, login_as, group):
    offer = group()
    login_as(role=Role.STAFF)
    assert client.post(ask_url(offer), data=VALID).status_code == 403


@pytest.mark.parametrize(("data", "message"), [
    ({**VALID, "consent": ""}, "Sæt flueben, så vi må bruge dine oplysninger."),
    ({**VALID, "hopes": "x" * 1001}, "Skriv højst 1000 tegn. Du skrev 1001."),
    ({**VALID, "other_needs": "x" * 501}, "Skriv højst 500 tegn. Du skrev 501."),
    ({**VALID, "needs_interpreter": "y", "interpreter_language": "x" * 61},
     "Skriv højst 60 tegn. Du skrev 61."),
    ({**VALID, "needs_interpreter": "y"}, "Skriv, hvilket sprog du skal bruge tolk til."),
    ({**VALID, "contact_methods": ["phone"]}, "Skriv dit telefonnummer, så vi kan ringe til dig."),
    ({**VALID, "phone": "ring mig"}, "Skriv telefonnummeret med tal, fx 12 34 56 78."),
])
def test_a_form_with_a_mistake_comes_back_with_the_message_and_what_was_typed(
        client, login_as, group, referrals_of, data, message):
    offer = group()
    citizen = login_as()
    response = client.post(ask_url(offer), data=data)
    assert response.status_code == 422
    assert message in text_of(response)
    assert 'aria-invalid="true"' in response.text
    if len(data["hopes"]) < 100:
        assert data["hopes"] in response.text
    assert referrals_of(citizen.id) == []


# -- Rate limits -------------------------------------------------------------------------------

def test_requests_are_rate_limited_per_account(make_app):
    app = make_app(REFERRAL_RATE_LIMIT="2 per 15 minutes",
                   REFERRAL_IP_RATE_LIMIT=UNLIMITED)
    client = app.test_client()
    with app.app_context():
        from tests import factories

        offers = [factories.offer(admission=Admission.ASK_TO_JOIN).id for _ in range(3)]
        email = factories.user().email
    login(client, email)
    # A form with a mistake does not count.
    assert client.post(f"/tilbud/{offers[0]}/spoerg-om-plads", data={}).status_code == 422
    for offer_id in offers[:2]:
        assert client.post(f"/tilbud/{offer_id}/spoerg-om-plads", data=VALID).status_code == 303
    limited = client.post(f"/tilbud/{offers[2]}/spoerg-om-plads",
                          data={**VALID, "hopes": "Min tredje henvendelse"})
    assert limited.status_code == 429
    assert "Vent 15 minutter, og prøv igen." in text_of(limited)
    assert "Min tredje henvendelse" in limited.text


def test_requests_are_rate_limited_per_ip_address(make_app):
    app = make_app(REFERRAL_RATE_LIMIT=UNLIMITED, REFERRAL_IP_RATE_LIMIT="2 per 15 minutes")
    client = app.test_client()
    with app.app_context():
        from tests import factories

        offer_id = factories.offer(admission=Admission.ASK_TO_JOIN).id
    url = f"/tilbud/{offer_id}/spoerg-om-plads"
    for n in range(2):
        account = {**NEW_ACCOUNT, "email": f"ny{n}@example.dk"}
        assert client.post(url, data={**VALID, **account}).status_code == 303
        client.post("/log-ud")
    limited = client.post(url, data={**VALID, **NEW_ACCOUNT, "email": "ny3@example.dk"})
    assert limited.status_code == 429
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 2


# -- The citizen's requests --------------------------------------------------------------------

def test_a_citizen_cannot_see_or_withdraw_anothers_request(client, login_as, group, factory,
                                                           referrals_of):
    offer = group()
    other = factory.user()
    theirs = factory.referral(citizen_id=other.id, offer_id=offer.id)
    login_as()
    assert client.get(f"/henvendelser/{theirs.id}").status_code == 404
    assert client.post(f"/henvendelser/{theirs.id}/traek-tilbage").status_code == 404
    assert client.get("/henvendelser/999999").status_code == 404
    assert referrals_of(other.id)[0].status is ReferralStatus.RECEIVED


def test_staff_and_visitors_have_no_own_requests(client, login_as):
    assert client.get("/henvendelser").status_code == 302
    login_as(role=Role.STAFF)
    assert client.get("/henvendelser").status_code == 403


def test_withdraw_while_undecided_then_it_is_refused(client, login_as, group, referrals_of):
    offer = group()
    citizen = login_as()
    client.post(ask_url(offer), data=VALID)
    (referral,) = referrals_of(citizen.id)
    response = client.post(f"/henvendelser/{referral.id}/traek-tilbage")
    assert response.status_code == 303
    assert referrals_of(citizen.id)[0].status is ReferralStatus.WITHDRAWN
    page = text_of(client.get(response.location))
    assert "Du har trukket din henvendelse tilbage" in page
    again = client.post(f"/henvendelser/{referral.id}/traek-tilbage")
    assert again.status_code == 409
    assert "Du har allerede trukket denne henvendelse tilbage." in text_of(again)


@pytest.mark.parametrize("status", [ReferralStatus.OFFERED, ReferralStatus.WAITLISTED,
                                    ReferralStatus.DECLINED])
def test_an_answered_request_cannot_be_withdrawn(client, login_as, group, factory,
                                                 referrals_of, status):
    offer = group()
    citizen = login_as()
    referral = factory.referral(citizen_id=citizen.id, offer_id=offer.id, status=status,
                                answered_at=datetime.now(UTC))
    response = client.post(f"/henvendelser/{referral.id}/traek-tilbage")
    assert response.status_code == 409
    assert "Du har allerede fået svar" in text_of(response)
    assert referrals_of(citizen.id)[0].status is status


def test_mine_henvendelser_lists_every_request_with_its_status(client, login_as, group,
                                                              factory):
    citizen = login_as()
    waiting, offered, declined = group(title="Angsthåndtering"), group(title="Madlavning"), \
        group(title="Sociale færdigheder")
    factory.referral(citizen_id=citizen.id, offer_id=waiting.id,
                     status=ReferralStatus.IN_REVIEW,
                     received_at=datetime(2026, 11, 22, 9, tzinfo=UTC))
    factory.referral(citizen_id=citizen.id, offer_id=offered.id, status=ReferralStatus.OFFERED,
                     answered_at=datetime.now(UTC))
    factory.referral(citizen_id=citizen.id, offer_id=declined.id,
                     status=ReferralStatus.DECLINED, answered_at=datetime.now(UTC),
                     decision_note="Vi ringer til dig.")
    page = text_of(client.get("/henvendelser"))
    assert "Mine henvendelser" in page
    assert "En vejleder kigger på din henvendelse." in page
    assert "Du får svar senest den 6. december 2026." in page
    assert "Du har fået tilbudt en plads." in page
    assert "Du har ikke fået en plads." in page


def test_hjem_shows_where_the_requests_stand(client, login_as, group, factory):
    citizen = login_as()
    assert "Dine henvendelser" not in text_of(client.get("/"))
    offer = group(title="Angsthåndtering")
    factory.referral(citizen_id=citizen.id, offer_id=offer.id, status=ReferralStatus.OFFERED,
                     answered_at=datetime.now(UTC))
    old = group(title="Gammel gruppe")
    factory.referral(citizen_id=citizen.id, offer_id=old.id, status=ReferralStatus.DECLINED,
                     received_at=datetime.now(UTC) - timedelta(days=90),
                     answered_at=datetime.now(UTC) - timedelta(days=80))
    page = text_of(client.get("/"))
    assert "Dine henvendelser" in page
    assert "Angsthåndtering Du har fået tilbudt en plads." in page
    assert "Gammel gruppe" not in page  # an old answer is only on Mine henvendelser


def test_the_offer_page_has_the_button_only_for_ask_to_join_groups(client, login_as, group):
    ask, drop_in = group(), group(admission=Admission.DROP_IN)
    counsellor = group(admission=Admission.THROUGH_COUNSELLOR)
    button = "Spørg om at komme med</a>"
    # Visitors see it too: they make an account in the same form.
    assert button in client.get(f"/tilbud/{ask.id}").text
    login_as()
    assert button in client.get(f"/tilbud/{ask.id}").text
    assert button not in client.get(f"/tilbud/{drop_in.id}").text
    assert button not in client.get(f"/tilbud/{counsellor.id}").text
    client.post(ask_url(ask), data=VALID)
    page = client.get(f"/tilbud/{ask.id}")
    assert button not in page.text
    assert "Du har spurgt om at komme med den" in text_of(page)


def test_the_offer_page_says_so_when_the_citizen_has_a_place(client, login_as, group, factory):
    offer = group()
    citizen = login_as()
    factory.enrolment(citizen_id=citizen.id, offer_id=offer.id,
                      status=EnrolmentStatus.WAITLISTED)
    page = client.get(f"/tilbud/{offer.id}")
    assert "Spørg om at komme med</a>" not in page.text
    assert "Du har en plads i gruppen, eller du er på ventelisten." in text_of(page)
