"""Browser journeys on a phone for self-referral (§ 82 a): a visitor finds a group, asks to
join while making an account, and gets the receipt with the answer-by date; the counsellor
finds the request in the queue and offers a place; the citizen sees it and signs up for a
meeting. Then: a request withdrawn, one put on the waiting list and one declined with a
reason."""

import re
from datetime import UTC, datetime, timedelta
from itertools import count

import pytest
from babel.dates import format_date
from playwright.sync_api import expect
from sqlalchemy import select

from tests import factories
from tests.e2e.conftest import DEMO_PASSWORD, choose_language, log_in
from webapp.auth.models import Role, User
from webapp.core import local_day
from webapp.extensions import db
from webapp.offers.models import Admission, Offer
from webapp.referrals.models import ReferralStatus
from webapp.referrals.services import answer_by_for

_n = count(1)

WORDS = {
    "da": {
        "language": "Dansk", "offers": "Tilbud", "search": "Søg efter en gruppe",
        "ask": "Spørg om at komme med", "hopes": "Hvad håber du at få ud af gruppen?",
        "email_contact": "E-mail", "morning": "Formiddag", "name": "Dit navn",
        "password": "Vælg en adgangskode", "consent": "Ja, kommunen må bruge",
        "send": "Send henvendelse", "received": "Vi har fået din henvendelse",
        "receipt": "Vi fik din henvendelse den {received}. Du får svar senest den {by}.",
        "date": "d. MMMM y", "waiting": "Se 1 henvendelse, der venter på svar",
        "offer_place": "Tilbyd en plads i gruppen",
        "send_answer": "Send svaret", "saved": "Dit svar til", "log_out": "Log ud",
        "offered": "Du har fået tilbudt en plads.", "meetings": "Se møderne, og tilmeld dig",
        "sign_up": "Tilmeld", "signed_up": "Du er tilmeldt.", "log_in": "Log ind",
        "missing_consent": "Sæt flueben",
    },
    "en": {
        "language": "English", "offers": "Offers", "search": "Search for a group",
        "ask": "Ask to join", "hopes": "What do you hope to get from the group?",
        "email_contact": "E-mail", "morning": "Morning", "name": "Your name",
        "password": "Choose a password", "consent": "Yes, the municipality may use",
        "send": "Send request", "received": "We have received your request",
        "receipt": "We received your request on {received}. You will get an answer no later "
                   "than {by}.",
        "date": "d MMMM y", "waiting": "See 1 request waiting for an answer",
        "offer_place": "Offer a place in the group",
        "send_answer": "Send the answer", "saved": "Your answer to", "log_out": "Log out",
        "offered": "You have been offered a place.", "meetings": "See the meetings and sign up",
        "sign_up": "Sign up", "signed_up": "You are signed up.", "log_in": "Log in",
        "missing_consent": "Tick the box",
    },
}


@pytest.fixture(autouse=True)
def unlimited(live_app):
    """The journeys send many requests from one address; the limits have their own tests."""
    live_app.config["REFERRAL_RATE_LIMIT"] = "1000 per minute"
    live_app.config["REFERRAL_IP_RATE_LIMIT"] = "1000 per minute"


def group_with_counsellor(live_app) -> tuple[str, str, int]:
    """An ask-to-join group with meetings ahead and its own counsellor: (title, the
    counsellor's e-mail, the counsellor's id)."""
    n = next(_n)
    title = f"Samtalegruppe om uro {n}"
    with live_app.app_context():
        counsellor = factories.user(role=Role.STAFF, name=f"Vera Vejleder{n}",
                                    email=f"vera{n}@example.dk", password=DEMO_PASSWORD)
        offer = factories.offer(title=title, admission=Admission.ASK_TO_JOIN, capacity=8,
                                summary="Vi taler om uro og bekymringer i en lille gruppe.")
        offer.facilitators.append(counsellor)
        db.session.commit()
        start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
        for days in (3, 10):
            factories.meeting(offer=offer, starts_at=start + timedelta(days=days))
        result = (title, counsellor.email, counsellor.id)
        db.session.remove()
    return result


def log_out(page, words) -> None:
    page.get_by_role("button", name=words["log_out"]).first.click()
    page.wait_for_url(re.compile(r"/$"))


@pytest.mark.parametrize("lang", ["da", "en"])
def test_ask_to_join_with_a_new_account_then_a_place_then_a_meeting(page, a11y, live_app,
                                                                    phone, lang):
    words = WORDS[lang]
    title, counsellor, _ = group_with_counsellor(live_app)
    email = f"ny-henv{next(_n)}-{phone.replace(' ', '').lower()}-{lang}@example.dk"

    # A visitor finds the group in the catalogue.
    page.goto("/")
    a11y.check()
    choose_language(page, a11y, words["language"])
    page.get_by_role("navigation").get_by_role("link", name=words["offers"]).click()
    a11y.check()
    page.get_by_label(words["search"]).fill(title)
    page.locator("#catalogue-search button[type=submit]").click()
    expect(page.get_by_role("link", name=title)).to_be_visible()
    a11y.check()
    page.get_by_role("link", name=title).click()
    a11y.check("offer-ask-to-join")
    page.get_by_role("link", name=words["ask"]).click()
    a11y.check("ask-form")

    # The request and the account in one form; a mistake first, then it is kept.
    page.get_by_label(words["hopes"]).fill("Jeg vil gerne lære at styre min uro.")
    page.get_by_role("checkbox", name=words["email_contact"]).check()
    page.get_by_label(words["morning"]).check()
    page.get_by_label(words["name"]).fill("Karin Holm")
    page.locator("#email").fill(email)
    page.get_by_label(words["password"]).fill(DEMO_PASSWORD)
    page.get_by_role("button", name=words["send"]).click()
    expect(page.locator(".alert-error")).to_be_focused()
    expect(page.locator("#consent-error")).to_contain_text(words["missing_consent"])
    expect(page.get_by_label(words["hopes"])).to_have_value(
        "Jeg vil gerne lære at styre min uro.")
    a11y.check("ask-form-errors")
    page.get_by_label(words["password"]).fill(DEMO_PASSWORD)
    page.get_by_label(words["consent"]).check()
    page.get_by_role("button", name=words["send"]).click()
    page.wait_for_url(re.compile(r"/henvendelser/\d+$"))
    now = datetime.now(UTC)
    received = format_date(local_day(now), words["date"], locale=lang)
    by = format_date(answer_by_for(now), words["date"], locale=lang)
    expect(page.get_by_role("heading", level=1)).to_have_text(words["received"])
    expect(page.locator(".app-receipt")).to_have_text(
        words["receipt"].format(received=received, by=by))
    a11y.check("receipt")
    log_out(page, words)

    # The counsellor finds it in the queue and offers a place.
    log_in(page, a11y, counsellor)
    a11y.check("staff-overview")
    page.get_by_role("link", name=words["waiting"]).click()
    a11y.check("queue")
    page.get_by_role("link", name="Karin Holm").first.click()
    a11y.check("review")
    expect(page.locator("main")).to_contain_text("Jeg vil gerne lære at styre min uro.")
    page.get_by_label(words["offer_place"]).check()
    page.get_by_role("button", name=words["send_answer"]).click()
    page.wait_for_url(re.compile(r"/personale/henvendelser$"))
    expect(page.locator("#messages")).to_contain_text(words["saved"])
    a11y.check("queue-answered")
    log_out(page, words)

    # The citizen sees the place on Hjem and signs up for a meeting at once.
    log_in(page, a11y, email)
    expect(page.locator("main")).to_contain_text(words["offered"])
    a11y.check("home-offered")
    page.locator("main").get_by_role("link", name=words["meetings"]).first.click()
    a11y.check()
    meeting = page.locator("#meetings li.app-card").first
    meeting.get_by_role("button", name=words["sign_up"]).click()
    expect(meeting).to_contain_text(words["signed_up"])
    a11y.check("offer-signed-up")


def test_withdraw_waiting_list_and_a_reason_for_no_place(page, a11y, live_app, citizen):
    title, counsellor, counsellor_id = group_with_counsellor(live_app)
    other, _, _ = group_with_counsellor(live_app)
    third, _, _ = group_with_counsellor(live_app)
    with live_app.app_context():
        user = db.session.scalar(select(User).where(User.email == citizen))
        staff = db.session.get(User, counsellor_id)
        for name in (other, third):
            offer = db.session.scalar(select(Offer).where(Offer.title == name))
            offer.facilitators.append(staff)
        db.session.commit()
        for name in (other, third):
            offer = db.session.scalar(select(Offer).where(Offer.title == name))
            factories.referral(citizen=user, offer=offer, status=ReferralStatus.RECEIVED,
                               hopes=f"Hjælp i {name}")
        db.session.remove()

    # The citizen asks to join and changes their mind.
    log_in(page, a11y, citizen)
    page.goto("/tilbud")
    a11y.check()
    page.get_by_label("Søg efter en gruppe").fill(title)
    page.locator("#catalogue-search button[type=submit]").click()
    expect(page.get_by_role("link", name=title)).to_be_visible()
    a11y.check()
    page.get_by_role("link", name=title).click()
    a11y.check()
    page.get_by_role("link", name="Spørg om at komme med").click()
    a11y.check()
    page.get_by_label("Ja, kommunen må bruge").check()
    page.get_by_role("button", name="Send henvendelse").click()
    page.wait_for_url(re.compile(r"/henvendelser/\d+$"))
    a11y.check()
    page.get_by_text("Træk din henvendelse tilbage").click()
    page.get_by_role("button", name="Ja, træk min henvendelse tilbage").click()
    expect(page.locator("#messages")).to_contain_text("Du har trukket din henvendelse om")
    expect(page.locator("main")).to_contain_text("Du har trukket din henvendelse tilbage.")
    a11y.check("withdrawn")
    log_out(page, WORDS["da"])

    # The counsellor: one on the waiting list, one without a place, with a reason.
    log_in(page, a11y, counsellor)
    page.goto("/personale/henvendelser")
    a11y.check()
    for name, answer in ((other, "waitlist"), (third, "decline")):
        page.locator("li.app-queue-item", has_text=name).get_by_role("link").click()
        a11y.check()
        if answer == "waitlist":
            page.get_by_label("Sæt på venteliste").check()
        else:
            page.get_by_label("Tilbyd ikke en plads").check()
            page.get_by_role("button", name="Send svaret").click()
            expect(page.locator("#reason-error")).to_contain_text("Vælg en grund")
            a11y.check("review-errors")
            page.get_by_label("Grund til ikke at tilbyde en plads").select_option("other_group")
            page.get_by_label("En besked til borgeren").fill("Prøv Café-fællesskab om tirsdagen.")
        page.get_by_role("button", name="Send svaret").click()
        page.wait_for_url(re.compile(r"/personale/henvendelser$"))
        a11y.check()
    log_out(page, WORDS["da"])

    # The citizen reads both answers on Mine henvendelser.
    log_in(page, a11y, citizen)
    page.goto("/henvendelser")
    expect(page.locator("li.app-card", has_text=other)).to_contain_text("Du er på ventelisten.")
    expect(page.locator("li.app-card", has_text=third)).to_contain_text(
        "Du har ikke fået en plads.")
    expect(page.locator("li.app-card", has_text=title)).to_contain_text(
        "Du har trukket din henvendelse tilbage.")
    a11y.check("mine")
    page.get_by_role("link", name=third).click()
    expect(page.locator("main")).to_contain_text(
        "Vi tror, at en anden gruppe passer bedre til dig.")
    expect(page.locator("main")).to_contain_text("Prøv Café-fællesskab om tirsdagen.")
    a11y.check("declined")
