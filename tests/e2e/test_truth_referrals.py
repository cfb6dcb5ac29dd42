"""Browser journey on a phone: a late inquiry (§ 82 a) as the citizen sees it, in Danish and
English. Hjem's card, Mine henvendelser, the request itself and the group's page each say
plainly that the answer is late, that we are sorry, and which number to call; none promises
a date that has passed."""

import re
from datetime import UTC, datetime, timedelta
from itertools import count

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests import factories
from tests.e2e.conftest import choose_language, log_in
from webapp.auth.models import User
from webapp.extensions import db
from webapp.offers.models import Admission

_n = count(1)

WORDS = {
    "da": {
        "language": "Dansk", "late": "Vi er forsinkede med svaret. Det beklager vi.",
        "heading": "Vi er forsinkede med svaret", "sorry": "Det har vi ikke gjort endnu. "
        "Det beklager vi.", "call": "Ring til os, hvis du vil vide mere:",
        "soon": "Du får svaret her i Sammen, så snart vi kan.", "all": "Se alle dine henvendelser",
        "promise": "Du får svar senest",
    },
    "en": {
        "language": "English", "late": "We are late with the answer. We are sorry.",
        "heading": "We are late with the answer", "sorry": "We have not done that yet. "
        "We are sorry.", "call": "Call us if you want to know more:",
        "soon": "You get the answer here in Sammen as soon as we can.",
        "all": "See all your requests", "promise": "You get an answer no later than",
    },
}


def late_inquiry(live_app, email) -> tuple[str, str]:
    """The citizen asked to join a new group 20 days ago and has had no answer: (the group's
    title, the number to call)."""
    title = f"Samtalegruppe om søvn {next(_n)}"
    with live_app.app_context():
        citizen = db.session.scalar(select(User).where(User.email == email))
        offer = factories.offer(title=title, admission=Admission.ASK_TO_JOIN,
                                summary="Vi taler om søvn og hvile i en lille gruppe.")
        received = datetime.now(UTC) - timedelta(days=20)
        factories.referral(citizen=citizen, offer=offer, received_at=received,
                           answer_by=factories.today() - timedelta(days=6))
        phone = live_app.config.get("REFERRAL_PHONE") or live_app.config["SOCIALSERVICE_PHONE"]
        db.session.remove()
    return title, phone


def expect_owned(page, words, phone) -> None:
    main = page.locator("main")
    expect(main).to_contain_text(words["call"])
    expect(main.get_by_role("link", name=phone)).to_have_attribute(
        "href", "tel:" + phone.replace(" ", ""))
    expect(main).not_to_contain_text(words["promise"])


@pytest.mark.parametrize("lang", ["da", "en"])
def test_a_late_inquiry_as_the_citizen_sees_it(page, a11y, live_app, citizen, lang):
    words = WORDS[lang]
    title, phone = late_inquiry(live_app, citizen)

    log_in(page, a11y, citizen)
    choose_language(page, a11y, words["language"])
    card = page.locator(".app-referral-card", has_text=title)
    expect(card).to_contain_text(words["late"])
    expect_owned(page, words, phone)
    a11y.check("home-late-inquiry")

    page.get_by_role("link", name=words["all"]).click()
    page.wait_for_url(re.compile(r"/henvendelser$"))
    expect(page.locator(".app-referral-card", has_text=title)).to_contain_text(words["late"])
    expect_owned(page, words, phone)
    a11y.check("mine-late-inquiry")

    page.get_by_role("link", name=title).click()
    page.wait_for_url(re.compile(r"/henvendelser/\d+$"))
    alert = page.locator(".alert-warning")
    expect(alert).to_contain_text(words["heading"])
    expect(alert).to_contain_text(words["sorry"])
    expect(page.locator(".app-steps")).to_contain_text(words["soon"])
    expect_owned(page, words, phone)
    a11y.check("referral-late")

    page.locator("main .app-facts").get_by_role("link", name=title).click()
    page.wait_for_url(re.compile(r"/tilbud/\d+$"))
    expect(page.locator("main")).to_contain_text(words["late"])
    expect_owned(page, words, phone)
    a11y.check("offer-late-inquiry")
